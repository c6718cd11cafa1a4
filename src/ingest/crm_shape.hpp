// Which CRM export a CSV is, and where its fields are. The labels and the
// stage vocabularies are data (src/ingest/data/crm_exports.json). Internal
// to ingest/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/csv_reader.hpp"

namespace grounded::ingest {

enum class CrmRecords { companies, deals };

struct CrmShape {
  CrmRecords records = CrmRecords::companies;
  std::string format;  // e.g. "hubspot_companies"
  // field ("name", "domain", "amount", …) → column index, for the fields present
  std::map<std::string, std::size_t> columns;
  // The header label of a field's column ("" when absent), for error messages.
  std::string label(const CsvTable& table, const std::string& field) const;
  std::optional<std::size_t> column(const std::string& field) const;
};

// The shape of `table` when it is a companies or deals export, else nullopt.
// `overrides` (--map) may name any field's column; a named column that is
// absent throws Error(invalid_input) listing the header.
std::optional<CrmShape> recognise_crm_export(const CsvTable& table, const std::map<std::string, std::string>& overrides);

// "customer", "prospect", "churned", "partner" for the CRM's lifecycle stage
// or account type; otherwise the value lower-cased ("" stays "").
std::string account_stage(std::string_view raw);

// "won", "lost" or "open" for a deal stage.
std::string deal_outcome(std::string_view stage);

}  // namespace grounded::ingest
