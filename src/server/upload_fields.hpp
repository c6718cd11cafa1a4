// The metadata fields of a multipart upload (POST /api/v1/sources).
//
// Upload-wide fields apply to every file: kind, participant, role, account,
// segment, occurred_at, interviewer, unlabelled ("true" or "1"), redact (comma list of PII kinds,
// "all" — the default — or "none"), pseudonymize ("true" or "1"), study (a
// study's name, created on first use). Per-file fields override them for one
// file: files[N].participant, files[N].role, files[N].account,
// files[N].segment, files[N].occurred_at, where N is the 0-based position
// of the file's part among the file parts of the request. Other upload-wide
// field names are ignored (other route code may read them).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "server/ingest_bridge.hpp"

namespace grounded::server {

// One UploadFields per file: its own values over the upload-wide ones.
// Error(invalid_input) naming the field for an unknown kind, a per-file
// field of a file the upload does not hold or with an unknown name, or an
// interview date that is not YYYY-MM-DD (optionally followed by a time).
std::vector<UploadFields> upload_fields(const std::map<std::string, std::string>& fields, std::size_t file_count);

}  // namespace grounded::server
