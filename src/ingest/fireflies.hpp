// Fireflies.ai transcripts from its GraphQL API: data.transcript.sentences[]
// merged into turns by speaker. Internal to ingest/.
#pragma once

#include <nlohmann/json.hpp>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

bool looks_like_fireflies(const nlohmann::json& doc);
// Throws Error(invalid_input) when sentences are missing or have no text.
ParsedFile parse_fireflies(const nlohmann::json& doc);

}  // namespace grounded::ingest
