// DOCX transcripts (Word, Teams, Otter): the paragraphs of word/document.xml
// in order, then the transcript-text parser. Internal to ingest/.
#pragma once

#include <string>
#include <string_view>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

// The document's text: one line per paragraph (`w:p`), `w:t` runs joined,
// `w:br`/`w:cr` as line breaks and `w:tab` as a tab. Throws
// Error(invalid_input) when the bytes are not a zip archive or have no
// word/document.xml, or when that XML does not parse (naming the offset).
std::string docx_text(std::string_view bytes);

// docx_text + parse_transcript_text; format "docx".
ParsedFile parse_docx(std::string_view bytes);

bool looks_like_zip(std::string_view bytes);

}  // namespace grounded::ingest
