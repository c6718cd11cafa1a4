// The row loops of a CRM import, one per kind of export. Each runs inside
// the caller's transaction, audits every row it creates or changes, and
// throws Error(invalid_input) "line N: …" for a malformed row. Internal to
// ingest/ (crm_import.cpp is the entry point).
#pragma once

#include <string>

#include "ingest/crm_import.hpp"
#include "ingest/crm_shape.hpp"
#include "store/audit_log.hpp"

namespace grounded::ingest {

void import_company_rows(store::Database& db, const CsvTable& table, const CrmShape& shape, const std::string& actor,
                         CrmImportReport& report);
void import_deal_rows(store::Database& db, const CsvTable& table, const CrmShape& shape, const std::string& actor,
                      CrmImportReport& report);

// True when every cell of the row is blank (skipped, not an error).
bool blank_row(const std::vector<std::string>& row);
// The trimmed cell of `field`, "" when the export has no such column.
std::string field_cell(const CsvTable& table, const CrmShape& shape, std::size_t row, const std::string& field);
// One audit row: action "account.import", entity "accounts", before/after JSON ("" = none).
void audit_import(store::Database& db, const std::string& actor, const std::string& action, const std::string& entity,
                  Id id, const nlohmann::json& before, const nlohmann::json& after);

}  // namespace grounded::ingest
