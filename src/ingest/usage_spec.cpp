#include "ingest/usage_spec.hpp"

#include "segments/sample_usage.hpp"

namespace grounded::ingest {

IngestReport ingest_usage_spec(store::Database& db, const std::filesystem::path& file, const std::string& origin) {
  segments::ImportReport imported = segments::import_sample_usage(db, file, "ingest");
  IngestReport report;
  report.origin = origin;
  report.format = "sample_usage";
  report.status = imported.new_events > 0 ? "stored" : "already_stored";
  report.message = std::to_string(imported.new_events) + " product-analytics events for " +
                   std::to_string(imported.users) + " users (" + std::to_string(imported.users_with_participant) +
                   " of them participants), " + std::to_string(imported.user_days) + " user-days; segments recomputed";
  return report;
}

}  // namespace grounded::ingest
