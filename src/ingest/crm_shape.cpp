#include "ingest/crm_shape.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "ingest/column_map.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

using nlohmann::json;

const json& crm_vocabulary() {
  static const json vocabulary = [] {
    auto text = find_embedded_file("src/ingest/data/crm_exports.json");
    if (!text) throw Error(ErrorKind::internal, "src/ingest/data/crm_exports.json is not embedded");
    return json::parse(*text);
  }();
  return vocabulary;
}

std::vector<std::string_view> labels_of(const json& list) {
  std::vector<std::string_view> out;
  for (const auto& label : list) out.push_back(label.get_ref<const std::string&>());
  return out;
}

std::map<std::string, std::size_t> find_columns(const CsvTable& table, const std::map<std::string, std::string>& overrides,
                                                const json& fields) {
  ColumnPicker picker(table, overrides);
  std::map<std::string, std::size_t> out;
  for (const auto& [field, labels] : fields.items())
    if (auto column = picker.pick(field, labels_of(labels))) out[field] = *column;
  return out;
}

std::string system_of(const CsvTable& table) {
  for (const char* system : {"salesforce", "hubspot"})
    if (table.column(labels_of(crm_vocabulary()["systems"][system]))) return system;
  return "crm";
}

// The canonical value whose list holds `raw` (case-insensitive), or nullopt.
std::optional<std::string> vocabulary_value(const json& lists, std::string_view raw) {
  std::string key = to_lower_ascii(trim(raw));
  for (const auto& [value, spellings] : lists.items())
    for (const auto& s : spellings)
      if (s.get_ref<const std::string&>() == key) return value;
  return std::nullopt;
}

}  // namespace

std::string CrmShape::label(const CsvTable& table, const std::string& field) const {
  auto it = columns.find(field);
  return it == columns.end() ? std::string() : std::string(trim(table.header[it->second]));
}

std::optional<std::size_t> CrmShape::column(const std::string& field) const {
  auto it = columns.find(field);
  if (it == columns.end()) return std::nullopt;
  return it->second;
}

std::optional<CrmShape> recognise_crm_export(const CsvTable& table, const std::map<std::string, std::string>& overrides) {
  const json& vocabulary = crm_vocabulary();
  const std::string system = system_of(table);
  // Deals first: a Salesforce opportunity report also has "Account Name".
  auto deals = find_columns(table, overrides, vocabulary["deals"]);
  if (deals.count("name") && deals.count("stage")) {
    CrmShape shape{CrmRecords::deals, system == "salesforce" ? "salesforce_opportunities" : system + "_deals", deals};
    return shape;
  }
  auto companies = find_columns(table, overrides, vocabulary["companies"]);
  int firmographics = 0;
  for (const char* field : {"domain", "industry", "employees", "revenue"}) firmographics += companies.count(field) ? 1 : 0;
  if (companies.count("name") && firmographics >= 2) {
    CrmShape shape{CrmRecords::companies, system == "salesforce" ? "salesforce_accounts" : system + "_companies",
                   companies};
    return shape;
  }
  return std::nullopt;
}

std::string account_stage(std::string_view raw) {
  if (auto value = vocabulary_value(crm_vocabulary()["account_stages"], raw)) return *value;
  return to_lower_ascii(trim(raw));
}

std::string deal_outcome(std::string_view stage) {
  if (auto value = vocabulary_value(crm_vocabulary()["deal_outcomes"], stage)) return *value;
  return "open";
}

}  // namespace grounded::ingest
