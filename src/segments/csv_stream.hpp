// RFC 4180 CSV records read one at a time from a stream (quoted fields,
// doubled quotes, line breaks inside quotes, CRLF, a leading BOM), so an
// export of millions of rows never sits in memory. ingest/csv_reader.hpp
// reads a whole (small) file instead. Comma-delimited only. Internal to segments/.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace grounded::segments {

class CsvStream {
 public:
  explicit CsvStream(std::istream& in) : in_(in) {}

  // Reads the next record into `fields`. Returns false at the end of input.
  // A record with an unterminated quote or text after a closing quote sets
  // `error` (naming the problem; line() is where the record began) and
  // returns true, so the caller can count it and go on. Blank lines are skipped.
  bool next(std::vector<std::string>& fields, std::string& error);
  // The 1-based line the last record began on.
  long long line() const { return record_line_; }

 private:
  std::istream& in_;
  std::string buffer_;
  long long line_ = 0;
  long long record_line_ = 0;
};

}  // namespace grounded::segments
