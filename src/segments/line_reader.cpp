#include "segments/line_reader.hpp"

#include <cstring>

namespace grounded::segments {

bool LineReader::fill() {
  if (begin_ > 0) {  // keep the unfinished line, at the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) return false;
  in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
  std::size_t got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  return got > 0;
}

bool LineReader::next(std::string_view& line, bool& too_long) {
  too_long = false;
  std::size_t scan_from = begin_;
  while (true) {
    const char* start = buffer_.data() + scan_from;
    const void* newline = std::memchr(start, '\n', end_ - scan_from);
    if (newline) {
      std::size_t at = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
      line = std::string_view(buffer_.data() + begin_, at - begin_);
      begin_ = at + 1;
      break;
    }
    std::size_t pending = end_ - begin_;
    if (pending >= max_line) {  // no newline within the limit: skip to the next one
      line = std::string_view();
      too_long = true;
      begin_ = end_;
      while (fill()) {
        const void* nl = std::memchr(buffer_.data(), '\n', end_);
        if (nl) {
          begin_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
          break;
        }
        begin_ = end_;
      }
      ++number_;
      return true;
    }
    scan_from = end_ - begin_;  // where the unscanned part will start after fill moves it
    if (!fill()) {
      if (end_ == begin_) return false;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);  // a last line without "\n"
      begin_ = end_;
      break;
    }
    scan_from += begin_;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++number_;
  return true;
}

}  // namespace grounded::segments
