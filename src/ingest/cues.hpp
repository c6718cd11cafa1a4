// Cue-based transcripts: WebVTT (Zoom, Teams download, Teams Graph API) and
// SRT. Both split a speaker's turn into many cues; consecutive cues by the
// same speaker are merged into one turn. Internal to ingest/.
#pragma once

#include <string_view>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

// WebVTT. Speakers come from `<v Name>` voice spans (Teams) or a `Name: `
// prefix split at the FIRST ": " (Zoom). NOTE/STYLE/REGION blocks are
// skipped; entities decoded; other tags removed. Timestamps may be unpadded
// ("0:0:5.320"). A malformed timing line throws Error(invalid_input) naming
// the line, except in the last cue of the file: a truncated file keeps the
// complete cues and reports a warning. No cue → Error(invalid_input).
ParsedFile parse_webvtt(std::string_view text);

// SRT: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`; a `Name: ` prefix
// appears only on the first cue of a turn. Same error rules as WebVTT.
ParsedFile parse_srt(std::string_view text);

bool looks_like_srt(std::string_view text);

}  // namespace grounded::ingest
