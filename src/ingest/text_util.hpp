// Small string helpers shared by the parsers: trimming, line splitting,
// timestamps, HTML/entity decoding and the "does this look like a speaker
// name" heuristic. Internal to ingest/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::ingest {

// Trims ASCII whitespace and U+00A0 (Google Docs exports use it on "blank" lines).
std::string_view trim(std::string_view s);
bool is_blank(std::string_view s);
std::string to_lower_ascii(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view s, std::string_view prefix);
bool contains_icase(std::string_view s, std::string_view needle);
// Splits on '\n' (input is already LF-normalised); keeps empty lines.
std::vector<std::string_view> split_lines(std::string_view text);

// "1:02", "01:02:03", "0:0:5.320", "00:00:01,020", "1:00:04" → milliseconds.
// Each field is a variable-width number; nullopt when the text is not a timestamp.
std::optional<std::int64_t> parse_timestamp(std::string_view s);

// Decodes HTML/WebVTT character references (&amp; &lt; &#39; &#x2019; &nbsp; …).
std::string decode_entities(std::string_view s);
// HTML to plain text: tags removed, <p>/<br>/<div>/<li> become line breaks,
// entities decoded, runs of blank lines collapsed.
std::string html_to_text(std::string_view html);

// A heuristic for speaker labels: 1–6 words, at most 48 bytes, starts with a
// letter, no sentence punctuation. "Dev Castellano", "Speaker 1", "Sofia M.".
bool looks_like_speaker(std::string_view s);

// At most `max_bytes` of `s`, cut at a UTF-8 character boundary, with "…"
// appended when cut: for quoting a file's first line in a message.
std::string clip_utf8(std::string_view s, std::size_t max_bytes);

// Appends a UTF-8 encoded code point.
void append_utf8(std::string& out, char32_t cp);

}  // namespace grounded::ingest
