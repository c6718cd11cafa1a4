// Lines from a stream through one reused buffer (views, no copy per line),
// for exports of millions of lines. Internal to segments/.
#pragma once

#include <istream>
#include <string>
#include <string_view>

namespace grounded::segments {

class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), buffer_(1 << 20, '\0') {}
  // The next line without its "\n" / "\r\n", valid until the next call;
  // false at the end of input. A line longer than 1 MB is skipped: it comes
  // back empty with `too_long` set.
  bool next(std::string_view& line, bool& too_long);
  long long number() const { return number_; }  // 1-based number of the last line

 private:
  bool fill();
  std::istream& in_;
  std::string buffer_;
  std::size_t begin_ = 0, end_ = 0;
  long long number_ = 0;
  static constexpr std::size_t max_line = 1 << 20;
};

}  // namespace grounded::segments
