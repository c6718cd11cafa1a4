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
// "markdown", "text"). Speaker labels may be in any case and carry digits and
// punctuation ("interviewee:", "Interviewer 1:", "Dr. Smith:", "R-12:", "Q:"),
// but must recur or be a role word (see LabelCensus), so prose with colons
// ("Note: …", "Step 1: …") is not split into turns. When no speaker turn is
// found: with `unlabelled`, the text is one participant's words (one turn per
// paragraph, no speaker name, meta.unlabelled = true); otherwise throws
// Error(invalid_input) naming the line count, the labels seen, the first lines
// and what to do (label format, or --unlabelled).
ParsedFile parse_transcript_text(std::string_view text, bool markdown, bool unlabelled = false);

// True when the text has at least two lines that parse as speaker turns
// (header lines, or `Label: text` lines the same rules accept).
bool looks_like_transcript(std::string_view text);

}  // namespace grounded::ingest
