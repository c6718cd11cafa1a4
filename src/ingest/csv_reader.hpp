// RFC 4180 CSV: quoted fields, embedded newlines, doubled quotes, CRLF (the
// input is LF-normalised by decode_text, but CR is tolerated), a leading BOM,
// and comma, semicolon or tab as the delimiter (guessed from the header line).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::ingest {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each padded/truncated to header.size()
  std::vector<int> row_lines;                  // 1-based line each row starts on

  // Index of the first column whose label equals one of `labels`
  // (case-insensitive, surrounding whitespace ignored), in the order given.
  std::optional<std::size_t> column(const std::vector<std::string_view>& labels) const;
  std::optional<std::size_t> column(std::string_view label) const;
};

// Parses the whole text. Throws Error(invalid_input) naming the line of an
// unterminated quoted field or of text after a closing quote, and for a file
// with no header row. Blank lines between rows are skipped.
CsvTable read_csv(std::string_view text);

// True when the first line looks like a CSV header (≥ 2 delimited fields).
bool looks_like_csv(std::string_view text);

}  // namespace grounded::ingest
