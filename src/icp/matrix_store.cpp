#include "icp/matrix_store.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/account_evidence.hpp"
#include "store/audit_log.hpp"
#include "text/strings.hpp"

namespace grounded::icp {
namespace {

using nlohmann::json;

MatrixVersion default_version() {
  MatrixVersion version;
  version.created_by = "grounded";
  version.note = "The built-in default matrix";
  version.document = default_matrix().document;
  return version;
}

MatrixVersion read_version(store::Statement& row) {
  MatrixVersion version;
  version.id = row.int64(0);
  version.document = parse_stored_json(row.text(1));
  version.note = row.text(2);
  version.created_by = row.text(3);
  version.created_at = row.text(4);
  return version;
}

constexpr const char* kColumns = "SELECT id, matrix, note, created_by, created_at FROM icp_matrix_versions ";

void check_fields_exist(store::Database& db, const Matrix& matrix) {
  std::vector<std::string> columns = account_field_names(db);
  std::vector<std::string> problems;
  for (const auto& field : fields_read(matrix)) {
    if (field.starts_with("meta.") || std::find(columns.begin(), columns.end(), field) != columns.end()) continue;
    std::string known;
    for (const auto& c : columns) known += (known.empty() ? "" : ", ") + c;
    problems.push_back("'" + field + "' is not an account field (fields: " + known + ", or meta.KEY)");
  }
  if (problems.empty()) return;
  std::string message = "the ICP matrix reads unknown fields: ";
  for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  throw invalid_input(message);
}

}  // namespace

MatrixVersion current_matrix_version(store::Database& db) {
  store::Statement row = db.prepare(std::string(kColumns) + "ORDER BY id DESC LIMIT 1");
  return row.step() ? read_version(row) : default_version();
}

Matrix current_matrix(store::Database& db) {
  MatrixVersion version = current_matrix_version(db);
  if (version.id == 0) return default_matrix();
  try {
    return parse_matrix(version.document);
  } catch (const Error& e) {
    throw Error(ErrorKind::internal, "the stored ICP matrix version " + std::to_string(version.id) +
                                         " no longer parses: " + e.what());
  }
}

std::vector<MatrixVersion> list_matrix_versions(store::Database& db) {
  std::vector<MatrixVersion> versions;
  store::Statement rows = db.prepare(std::string(kColumns) + "ORDER BY id DESC");
  while (rows.step()) versions.push_back(read_version(rows));
  versions.push_back(default_version());
  return versions;
}

MatrixVersion get_matrix_version(store::Database& db, Id id) {
  if (id == 0) return default_version();
  store::Statement row = db.prepare(std::string(kColumns) + "WHERE id = ?1");
  row.bind(1, id);
  if (!row.step()) throw not_found("no ICP matrix version " + std::to_string(id));
  return read_version(row);
}

MatrixVersion save_matrix(store::Database& db, const json& document, const std::string& who, const std::string& note) {
  if (text::char_count(note) > 500) throw invalid_input("the note is longer than 500 characters");
  json clean = document;
  if (clean.is_object()) clean.erase("_comment");
  Matrix matrix = parse_matrix(clean);
  check_fields_exist(db, matrix);
  store::Transaction transaction(db);
  MatrixVersion before = current_matrix_version(db);
  store::Statement insert = db.prepare("INSERT INTO icp_matrix_versions (matrix, note, created_by) VALUES (?1, ?2, ?3)");
  insert.bind(1, dump_json(clean)).bind(2, text::trim(note)).bind(3, who);
  insert.run();
  Id id = db.last_insert_id();
  json before_json = {{"version", before.id}, {"matrix", before.document}};
  json after_json = {{"version", id}, {"note", text::trim(note)}, {"matrix", clean}};
  store::append_audit(db, {0, who, "icp_matrix.save", "icp_matrix_versions", id, dump_json(before_json),
                           dump_json(after_json), ""});
  transaction.commit();
  return get_matrix_version(db, id);
}

void to_json(json& out, const MatrixVersion& version) {
  out = {{"version", version.id},
         {"created_by", version.created_by},
         {"created_at", version.created_at},
         {"note", version.note},
         {"matrix", version.document}};
}

}  // namespace grounded::icp
