// A product-analytics spec in an ingested folder (the sample study's
// analytics/*.usage.json, segments/sample_usage.hpp): its generated events
// are imported into usage and segments, and reported like any file.
// Internal to ingest/.
#pragma once

#include <filesystem>
#include <string>

#include "ingest/ingest.hpp"

namespace grounded::ingest {

// status "stored" (new events counted) or "already_stored" (every event was
// imported before), format "sample_usage", the counts in `message`. Throws
// Error like ingest_bytes for a malformed spec.
IngestReport ingest_usage_spec(store::Database& db, const std::filesystem::path& file, const std::string& origin);

}  // namespace grounded::ingest
