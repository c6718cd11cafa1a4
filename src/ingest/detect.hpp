// Format detection from content (extension only as a hint) and dispatch to
// the one parser for that format. Internal to ingest/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "ingest/parsed.hpp"

namespace grounded::ingest {

// Decodes and parses a file. `kind` forces ticket/review reading of a CSV,
// or `note` for free text. Throws Error(invalid_input) for a malformed file
// of a known format (message says where), Error(unsupported_format) for
// binary or unrecognised content. Messages do not include the file name.
// `unlabelled`: a text file with no speaker labels becomes one participant's
// words instead of an error (see parse_transcript_text).
ParsedFile parse_file(std::string_view name, std::string_view bytes, std::optional<SourceKind> kind,
                      const std::map<std::string, std::string>& column_map, bool unlabelled = false);

}  // namespace grounded::ingest
