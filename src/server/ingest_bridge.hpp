// The server's calls into ingest/: one uploaded file, and the sample study.
// Results are JSON so the upload response, the job result and the UI share
// one shape (see upload.hpp).
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "store/database.hpp"

namespace grounded::server {

struct UploadFields {
  std::string kind;  // "" = detect
  std::string participant, role, account, segment, occurred_at, interviewer;
  bool unlabelled = false;  // "unlabelled=true": a text without speaker labels is one participant's words
  std::string redact = "all";  // "redact": comma list of PII kinds (ingest/redact.hpp), "all", or "none"
  bool pseudonymize = false;   // "pseudonymize=true": names → P1, I1, A1 …
  std::string study;  // an existing study or a new one's name; "" = "Unsorted"
};

// Ingests one file (its own transaction). Never throws for a bad file:
// returns {"name", "status": "stored"|"already_stored"|"rejected", "format",
// "sources", "excerpts", "source_ids", "warnings": [...], "error": {kind, message} | null,
// "attributions": [{participant_id, participant, role, account_id, account,
// sources}]} — who the file's sources are attributed to, one entry per
// distinct participant and account (at most 20; a ticket export can hold
// many people), empty for a rejected file.
nlohmann::json ingest_one_file(store::Database& db, const std::filesystem::path& path, const std::string& name,
                               const UploadFields& fields);

// Ingests the files under `folder` (the sample study) into the study named
// `study`, calling progress(done, total, message) as files complete. Returns
// {"files": [...as above...], "stored", "already_stored", "rejected"}.
// Error(not_found) when the folder does not exist.
nlohmann::json ingest_folder(store::Database& db, const std::filesystem::path& folder, const std::string& study,
                             const std::function<void(std::int64_t, std::int64_t, const std::string&)>& progress);

}  // namespace grounded::server
