// Plain-text and Markdown interview transcripts in the shapes real tools
// export: `Name: text`, `[00:01:02] Name: text`, `**Name:** text`, Otter
// (`Name  M:SS  ` header line, text below), Rev AI (`Speaker 0    00:00:00    text`),
// Rev web (`Speaker 1 (00:00):` header), Google Meet (BOM, date line,
// `HH:MM:SS` marker lines, `Name: text`, trailer), Teams DOCX paragraphs
// (`Name   0:04` header). Lines with no speaker continue the previous turn;
// known footers and preambles are dropped. Internal to ingest/.
#pragma once

#include <string_view>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

// Parses a transcript into one interview source. The format is named in
// ParsedFile::format ("otter_txt", "rev_ai_txt", "rev_txt", "google_meet_txt",
// "markdown", "text"). Throws Error(invalid_input) when no speaker turn is
// found ("no speaker turns found: expected lines like `Name: text` …").
ParsedFile parse_transcript_text(std::string_view text, bool markdown);

// True when the text has at least two lines that parse as speaker turns.
bool looks_like_transcript(std::string_view text);

}  // namespace grounded::ingest
