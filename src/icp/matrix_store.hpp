// The matrix in force and its history (schema/0008_icp.sql). Every save is
// a new version, audited; the newest version is in force; with none saved,
// the built-in default (version 0) is.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "icp/matrix.hpp"
#include "store/database.hpp"

namespace grounded::icp {

struct MatrixVersion {
  Id id = 0;               // 0 = the built-in default
  std::string created_by;
  std::string created_at;
  std::string note;
  nlohmann::json document;  // the matrix JSON
};

MatrixVersion current_matrix_version(store::Database& db);
// The current version, parsed. A stored version that no longer parses (a
// newer binary's format) throws Error(internal) naming the version.
Matrix current_matrix(store::Database& db);
// Newest first, the built-in default last.
std::vector<MatrixVersion> list_matrix_versions(store::Database& db);
MatrixVersion get_matrix_version(store::Database& db, Id id);  // 0 = default; Error(not_found)

// Validates (parse_matrix, plus every field it reads must be a column of the
// accounts table or meta.KEY: Error(invalid_input) naming it) and stores a
// new version in one transaction with an audit entry "icp_matrix.save"
// (entity icp_matrix_versions, before = the matrix it replaces). A note over
// 500 characters is Error(invalid_input).
MatrixVersion save_matrix(store::Database& db, const nlohmann::json& document, const std::string& who,
                          const std::string& note);

void to_json(nlohmann::json& out, const MatrixVersion& version);  // {version, created_by, created_at, note, matrix}

}  // namespace grounded::icp
