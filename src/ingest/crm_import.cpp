#include "ingest/crm_import.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/crm_rows.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/encoding.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

std::string count(std::int64_t n, const std::string& what) { return std::to_string(n) + " " + what; }

// The header alone, to decide cheaply whether a CSV is a CRM export.
std::optional<CsvTable> header_of(std::string_view text) {
  if (!looks_like_csv(text)) return std::nullopt;
  std::size_t end = text.find('\n');
  try {
    return read_csv(text.substr(0, end == std::string_view::npos ? text.size() : end));
  } catch (const Error&) {
    return std::nullopt;  // a header with a quoted line break: not a CRM export we know
  }
}

CrmImportReport run_import(store::Database& db, std::string_view origin, const CsvTable& table, const CrmShape& shape,
                           const std::string& actor) {
  CrmImportReport report;
  report.origin = std::string(origin);
  report.format = shape.format;
  report.records = shape.records == CrmRecords::companies ? "accounts" : "deals";
  store::Transaction tx(db);
  if (shape.records == CrmRecords::companies) import_company_rows(db, table, shape, actor, report);
  else import_deal_rows(db, table, shape, actor, report);
  tx.commit();
  return report;
}

}  // namespace

bool blank_row(const std::vector<std::string>& row) {
  for (const auto& cell : row)
    if (!trim(cell).empty()) return false;
  return true;
}

std::string field_cell(const CsvTable& table, const CrmShape& shape, std::size_t row, const std::string& field) {
  auto column = shape.column(field);
  if (!column || *column >= table.rows[row].size()) return {};
  return std::string(trim(table.rows[row][*column]));
}

void audit_import(store::Database& db, const std::string& actor, const std::string& action, const std::string& entity,
                  Id id, const nlohmann::json& before, const nlohmann::json& after) {
  store::AuditEntry entry;
  entry.actor = actor;
  entry.action = action;
  entry.entity = entity;
  entry.entity_id = id;
  entry.before = before.is_null() ? "" : dump_json(before);
  entry.after = after.is_null() ? "" : dump_json(after);
  store::append_audit(db, entry);
}

std::string CrmImportReport::summary() const {
  std::string s = count(rows, records) + ": " + std::to_string(created) + " created, " + std::to_string(updated) +
                  " updated, " + std::to_string(unchanged) + " unchanged";
  if (accounts_created > 0) s += "; " + count(accounts_created, accounts_created == 1 ? "account" : "accounts") + " created for them";
  return s;
}

bool is_crm_export(std::string_view origin, std::string_view bytes, const std::map<std::string, std::string>& column_map) {
  const std::string extension = to_lower_ascii(std::filesystem::path(std::string(origin)).extension().string());
  if (extension != ".csv" && extension != ".tsv") return false;
  try {
    auto header = header_of(decode_text(bytes).text);
    return header && recognise_crm_export(*header, column_map).has_value();
  } catch (const Error&) {
    return false;  // a --map naming an absent column: the import reports it when asked to read the file
  }
}

std::optional<CrmImportReport> import_crm_export(store::Database& db, std::string_view origin, std::string_view bytes,
                                                 const std::map<std::string, std::string>& column_map,
                                                 const std::string& actor) {
  try {
    DecodedText decoded = decode_text(bytes);
    auto header = header_of(decoded.text);
    if (!header || !recognise_crm_export(*header, column_map)) return std::nullopt;
    CsvTable table = read_csv(decoded.text);
    auto shape = recognise_crm_export(table, column_map);
    if (!shape) return std::nullopt;
    return run_import(db, origin, table, *shape, actor);
  } catch (const Error& e) {
    throw Error(e.kind(), std::string(origin) + ": " + e.what());
  }
}

CrmImportReport import_crm_file(store::Database& db, std::string_view origin, std::string_view bytes,
                                const std::map<std::string, std::string>& column_map, const std::string& actor) {
  if (auto report = import_crm_export(db, origin, bytes, column_map, actor)) return *report;
  throw invalid_input(std::string(origin) +
                      ": not a CRM export we recognise: a companies export needs a company name column (\"Company "
                      "name\", \"Account Name\") and two of domain, industry, employees, revenue; a deals export a "
                      "deal name (\"Deal Name\", \"Opportunity Name\") and a stage (\"Deal Stage\", \"Stage\"). Name "
                      "other columns with --map name=Column,stage=Column,…");
}

}  // namespace grounded::ingest
