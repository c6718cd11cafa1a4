#include "ingest/column_map.hpp"

#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {

std::optional<std::size_t> ColumnPicker::pick(std::string_view key, const std::vector<std::string_view>& labels) const {
  if (auto it = overrides_.find(std::string(key)); it != overrides_.end()) {
    if (auto c = table_.column(it->second)) return c;
    std::string names;
    for (const auto& h : table_.header) names += (names.empty() ? "" : ", ") + h;
    throw invalid_input("--map " + it->first + "=" + it->second + ": the file has no column `" + it->second +
                        "` (columns: " + names + ")");
  }
  return table_.column(labels);
}

std::optional<std::size_t> ColumnPicker::pick_prefix(std::string_view key, std::string_view prefix) const {
  if (overrides_.count(std::string(key))) return pick(key, {});
  for (std::size_t i = 0; i < table_.header.size(); ++i)
    if (starts_with_icase(trim(table_.header[i]), prefix)) return i;
  return std::nullopt;
}

std::string ColumnPicker::cell(const std::vector<std::string>& row, std::optional<std::size_t> column) const {
  if (!column || *column >= row.size()) return {};
  return std::string(trim(row[*column]));
}

}  // namespace grounded::ingest
