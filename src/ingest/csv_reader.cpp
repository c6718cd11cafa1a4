#include "ingest/csv_reader.hpp"

#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

char guess_delimiter(std::string_view text) {
  std::size_t counts[3] = {0, 0, 0};
  const char delims[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\n') break;
    if (quoted) continue;
    for (int k = 0; k < 3; ++k)
      if (c == delims[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k)
    if (counts[k] > counts[best]) best = k;
  return delims[best];
}

}  // namespace

std::optional<std::size_t> CsvTable::column(const std::vector<std::string_view>& labels) const {
  for (std::string_view label : labels)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (iequals(trim(header[i]), trim(label))) return i;
  return std::nullopt;
}

std::optional<std::size_t> CsvTable::column(std::string_view label) const {
  return column(std::vector<std::string_view>{label});
}

CsvTable read_csv(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char delim = guess_delimiter(text);
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool any_field_content = false;
  std::size_t i = 0;
  const std::size_t n = text.size();

  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    bool blank = !any_field_content && record.size() == 1;
    if (!blank) {
      if (table.header.empty()) {
        table.header = std::move(record);
      } else {
        record.resize(table.header.size());
        table.rows.push_back(std::move(record));
        table.row_lines.push_back(record_line);
      }
    }
    record.clear();
    any_field_content = false;
  };

  while (i < n) {
    // Start of a field.
    if (text[i] == '"') {
      int quote_line = line;
      ++i;
      any_field_content = true;
      while (true) {
        if (i >= n)
          throw invalid_input("line " + std::to_string(quote_line) +
                              ": a quoted field is never closed (missing \")");
        char c = text[i];
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (c == '\n') ++line;
        if (c != '\r') field += c;
        ++i;
      }
      // After the closing quote: a delimiter, end of line or end of file.
      while (i < n && (text[i] == ' ' || text[i] == '\r')) ++i;
      if (i < n && text[i] != delim && text[i] != '\n')
        throw invalid_input("line " + std::to_string(line) + ": unexpected text after a closing quote (a stray \" in a field?)");
    } else {
      while (i < n && text[i] != delim && text[i] != '\n') {
        if (text[i] != '\r') field += text[i];
        ++i;
      }
      if (!field.empty()) any_field_content = true;
    }
    if (i >= n) break;
    if (text[i] == delim) {
      record.push_back(std::move(field));
      field.clear();
      ++i;
      any_field_content = true;
      continue;
    }
    // newline
    ++i;
    end_record();
    ++line;
    record_line = line;
  }
  if (any_field_content || !field.empty() || !record.empty()) end_record();
  if (table.header.empty()) throw invalid_input("the CSV file has no header row");
  return table;
}

bool looks_like_csv(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  char delim = guess_delimiter(text);
  std::size_t count = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\n') break;
    if (!quoted && c == delim) ++count;
  }
  return count >= 1;
}

}  // namespace grounded::ingest
