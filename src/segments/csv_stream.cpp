#include "segments/csv_stream.hpp"

namespace grounded::segments {

bool CsvStream::next(std::vector<std::string>& fields, std::string& error) {
  fields.clear();
  error.clear();
  while (true) {
    if (!std::getline(in_, buffer_)) return false;
    ++line_;
    if (line_ == 1 && buffer_.starts_with("\xEF\xBB\xBF")) buffer_.erase(0, 3);
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    if (!buffer_.empty()) break;
  }
  record_line_ = line_;
  std::string field;
  std::size_t pos = 0;
  while (true) {
    field.clear();
    if (pos < buffer_.size() && buffer_[pos] == '"') {
      ++pos;
      while (true) {
        if (pos >= buffer_.size()) {  // a line break inside the quotes: the record goes on
          std::string more;
          if (!std::getline(in_, more)) {
            error = "unterminated quoted field";
            fields.push_back(field);
            return true;
          }
          ++line_;
          if (!more.empty() && more.back() == '\r') more.pop_back();
          field += '\n';
          buffer_ = std::move(more);
          pos = 0;
          continue;
        }
        char c = buffer_[pos++];
        if (c != '"') {
          field += c;
        } else if (pos < buffer_.size() && buffer_[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          break;
        }
      }
      if (pos < buffer_.size() && buffer_[pos] != ',') {
        error = "text after a closing quote";
        // Keep reading the rest of the line as this field so the next record starts clean.
        std::size_t comma = buffer_.find(',', pos);
        pos = comma == std::string::npos ? buffer_.size() : comma;
      }
    } else {
      std::size_t comma = buffer_.find(',', pos);
      std::size_t end = comma == std::string::npos ? buffer_.size() : comma;
      field.assign(buffer_, pos, end - pos);
      pos = end;
    }
    fields.push_back(field);
    if (pos >= buffer_.size()) return true;
    ++pos;  // the comma
  }
}

}  // namespace grounded::segments
