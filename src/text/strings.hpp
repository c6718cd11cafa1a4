// UTF-8-aware string shaping for text people read: trimming, case, cutting
// to a length and slugs. Every function works on code points (ICU) and
// never splits a character — or, where it cuts, a user-perceived character
// (grapheme: "é" as e + accent, an emoji with its skin tone or ZWJ family).
// Input that is not valid UTF-8 is read with U+FFFD in place of bad bytes,
// so the output is always valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grounded::text {

// `text` without Unicode white space (U+0020, tabs, line breaks, U+00A0,
// U+3000 …) at either end.
std::string trim(std::string_view text);

// `text` without white space and double quotation marks (" “ ” „ « » 「 」)
// at either end, e.g. the quotes a speaker's words arrive in. Apostrophes
// and single quotes stay: "customers’" keeps its ’.
std::string unquote(std::string_view text);

// Lower-cased by Unicode rules (root locale): "ÉTÉ" → "été", "ΣΟΦΊΑ" → "σοφία".
std::string lower(std::string_view text);

// The first character title-cased ("été" → "Été"); the rest unchanged.
std::string capitalise(std::string_view text);

// Number of code points.
std::size_t char_count(std::string_view text);

// `text` when it has at most `max_chars` code points; otherwise a prefix
// ending at white space in its second half (or, with none there, at the
// last grapheme boundary within the limit) followed by "…". The limit counts
// code points, never bytes, so "…", "—", "€", Cyrillic and CJK are whole.
std::string shorten(std::string_view text, std::size_t max_chars);

// The largest grapheme boundary at or before byte `offset` (0 … size).
std::size_t grapheme_floor(std::string_view text, std::size_t offset);
// The smallest grapheme boundary at or after byte `offset` (0 … size).
std::size_t grapheme_ceil(std::string_view text, std::size_t offset);

// A key made of the lower-cased letters and digits of `text` (any script),
// runs of anything else as one "-", no "-" at either end, at most
// `max_chars` code points: "Re-keying “invoices” — NetSuite" →
// "re-keying-invoices-netsuite".
std::string slug(std::string_view text, std::size_t max_chars = 80);

// `text` with tabs and line breaks as spaces (one table cell, one heading).
std::string one_line(std::string_view text);

}  // namespace grounded::text
