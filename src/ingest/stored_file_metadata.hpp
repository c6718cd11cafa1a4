// The same file uploaded again with new per-file metadata (the upload table
// filled in after a first upload). The bytes are stored once (sha256), so
// nothing is re-parsed; what the user said about the file this time is
// applied to the stored source through the audited people edits
// (store/people_edits.hpp), as if they had made the edit on the source view.
// Internal to ingest/.
#pragma once

#include <string>
#include <vector>

#include "core/types.hpp"
#include "ingest/ingest.hpp"
#include "store/database.hpp"

namespace grounded::ingest {

// Applies options.participant (a name, resolved as at first ingest: a person
// within the source's study), then role, seniority, segment and account to
// the source's participant, each only when given and different from what is
// stored. Call outside a transaction: each edit is its own audited one.
// Returns one line per change ("participant: Zoë Ångström", "role: Controller")
// and per piece of metadata that cannot apply ("interview date not changed: …");
// empty when the metadata says nothing new.
std::vector<std::string> apply_to_stored_source(store::Database& db, Id source_id, const IngestOptions& options);

}  // namespace grounded::ingest
