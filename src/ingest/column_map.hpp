// Finding an export's columns by label, with the user's --map overrides
// (`body=Description,created=Created at`). Internal to ingest/.
#pragma once

#include <vector>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/csv_reader.hpp"

namespace grounded::ingest {

class ColumnPicker {
 public:
  ColumnPicker(const CsvTable& table, const std::map<std::string, std::string>& overrides)
      : table_(table), overrides_(overrides) {}
  // The column for `key`: the override's label when --map names one (throws
  // Error(invalid_input) listing the header when that label is absent), else
  // the first of `labels` present (case-insensitive).
  std::optional<std::size_t> pick(std::string_view key, const std::vector<std::string_view>& labels) const;
  // The first column whose label starts with `prefix` (case-insensitive).
  std::optional<std::size_t> pick_prefix(std::string_view key, std::string_view prefix) const;
  // The cell of `row` in `column`, trimmed ("" when the column is absent).
  std::string cell(const std::vector<std::string>& row, std::optional<std::size_t> column) const;

 private:
  const CsvTable& table_;
  const std::map<std::string, std::string>& overrides_;
};

}  // namespace grounded::ingest
