#include "segments/field_scanner.hpp"

#include <array>

namespace grounded::segments {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The bytes that end a run of plain string content: '"', '\\' and control characters.
constexpr auto kStringSpecial = [] {
  std::array<bool, 256> special{};
  for (int c = 0; c < 0x20; ++c) special[static_cast<std::size_t>(c)] = true;
  special['"'] = special['\\'] = true;
  return special;
}();

std::string at(const char* what, std::size_t pos) { return std::string(what) + " at byte " + std::to_string(pos + 1); }

// Reads a string starting at text[pos] == '"'. On success pos is past the
// closing quote and `out` holds the decoded text (only when decode is set;
// `raw` then views the undecoded content otherwise). Returns "" or the error.
std::string read_string(std::string_view text, std::size_t& pos, bool decode, std::string& out) {
  const std::size_t start = ++pos;
  out.clear();
  std::size_t plain_from = start;
  while (pos < text.size()) {
    // Most of an export's bytes are plain string content: skip them in a tight loop.
    while (pos < text.size() && !kStringSpecial[static_cast<unsigned char>(text[pos])]) ++pos;
    if (pos >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c == '"') {
      if (decode) out.append(text.substr(plain_from, pos - plain_from));
      ++pos;
      return "";
    }
    if (c < 0x20) return at("control character inside a string", pos);
    if (c != '\\') {
      ++pos;
      continue;
    }
    if (decode) out.append(text.substr(plain_from, pos - plain_from));
    if (++pos >= text.size()) break;
    char e = text[pos++];
    switch (e) {
      case '"': case '\\': case '/': if (decode) out += e; break;
      case 'b': if (decode) out += '\b'; break;
      case 'f': if (decode) out += '\f'; break;
      case 'n': if (decode) out += '\n'; break;
      case 'r': if (decode) out += '\r'; break;
      case 't': if (decode) out += '\t'; break;
      case 'u': {
        auto read4 = [&](unsigned& code) {
          if (pos + 4 > text.size()) return false;
          code = 0;
          for (int i = 0; i < 4; ++i) {
            int h = hex_value(text[pos + static_cast<std::size_t>(i)]);
            if (h < 0) return false;
            code = code * 16 + static_cast<unsigned>(h);
          }
          pos += 4;
          return true;
        };
        unsigned code;
        if (!read4(code)) return at("bad \\u escape", pos);
        if (code >= 0xD800 && code < 0xDC00 && pos + 1 < text.size() && text[pos] == '\\' && text[pos + 1] == 'u') {
          std::size_t save = pos;
          pos += 2;
          unsigned low;
          if (read4(low) && low >= 0xDC00 && low < 0xE000) code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          else pos = save;
        }
        if (code >= 0xD800 && code < 0xE000) code = 0xFFFD;  // a lone surrogate is not text
        if (decode) append_utf8(out, code);
        break;
      }
      default: return at("bad escape in a string", pos - 1);
    }
    plain_from = pos;
  }
  return at("unterminated string", start - 1);
}

std::string read_literal(std::string_view text, std::size_t& pos, std::string_view& raw) {
  std::size_t start = pos;
  char c = text[pos];
  if (c == 't' || c == 'f' || c == 'n') {
    std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    if (text.substr(pos, word.size()) != word) return at("unexpected character", pos);
    pos += word.size();
    raw = text.substr(start, word.size());
    return "";
  }
  if (c == '-') ++pos;
  auto digits = [&] {
    std::size_t from = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    return pos > from;
  };
  if (!digits()) return at("unexpected character", start);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!digits()) return at("bad number", start);
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (!digits()) return at("bad number", start);
  }
  raw = text.substr(start, pos - start);
  return "";
}

}  // namespace

FieldScanner::FieldScanner(const std::vector<std::string>& paths, int max_depth) : max_depth_(max_depth) {
  for (const std::string& path : paths) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (true) {
      std::size_t dot = path.find('.', from);
      parts.push_back(path.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    paths_.push_back(std::move(parts));
  }
  found_.assign(paths_.size(), false);
  strings_.assign(paths_.size(), false);
  values_.assign(paths_.size(), "");
}

bool FieldScanner::matches(std::size_t p) const {
  const auto& parts = paths_[p];
  if (parts.size() != object_depth_) return false;
  std::size_t i = 0;
  for (const Frame& frame : stack_) {
    if (!frame.object) continue;
    if (parts[i] != "*" && parts[i] != frame.key) return false;
    ++i;
  }
  return true;
}

void FieldScanner::offer(std::string_view value, bool is_string) {
  for (std::size_t p = 0; p < paths_.size(); ++p) {
    if (found_[p] || !matches(p)) continue;
    found_[p] = true;
    strings_[p] = is_string;
    values_[p].assign(value);
  }
}

std::string FieldScanner::scan(std::string_view text) {
  std::fill(found_.begin(), found_.end(), false);
  stack_.clear();
  object_depth_ = 0;
  std::size_t pos = 0;
  auto skip_space = [&] {
    while (pos < text.size() && is_space(text[pos])) ++pos;
  };
  skip_space();
  if (pos >= text.size() || text[pos] != '{') return at("expected a JSON object", pos);
  // States: expecting a value (after ':' or '[' or ','), or a key.
  bool expect_value = true;
  while (true) {
    skip_space();
    if (pos >= text.size()) return at("unexpected end of line", pos);
    char c = text[pos];
    if (expect_value) {
      if (c == '{' || c == '[') {
        if (static_cast<int>(stack_.size()) >= max_depth_)
          return at(("nested deeper than " + std::to_string(max_depth_) + " levels").c_str(), pos);
        stack_.push_back({c == '{', ""});
        if (c == '{') ++object_depth_;
        ++pos;
        skip_space();
        if (pos < text.size() && text[pos] == (c == '{' ? '}' : ']')) {
          ++pos;
          if (stack_.back().object) --object_depth_;
          stack_.pop_back();
          expect_value = false;
        } else if (c == '{') {
          if (pos >= text.size() || text[pos] != '"') return at("expected a key", pos);
          std::string error = read_string(text, pos, true, stack_.back().key);
          if (!error.empty()) return error;
          skip_space();
          if (pos >= text.size() || text[pos] != ':') return at("expected ':'", pos);
          ++pos;
          expect_value = true;
          continue;
        } else {
          expect_value = true;
          continue;
        }
      } else if (c == '"') {
        if (stack_.empty()) return at("expected a JSON object", pos);
        std::string error = read_string(text, pos, true, scratch_);
        if (!error.empty()) return error;
        offer(scratch_, true);
        expect_value = false;
      } else {
        if (stack_.empty()) return at("expected a JSON object", pos);
        std::string_view raw;
        std::string error = read_literal(text, pos, raw);
        if (!error.empty()) return error;
        if (raw != "null") offer(raw, false);
        expect_value = false;
      }
      if (stack_.empty()) break;
      continue;
    }
    // After a value: ',' or the container's end.
    Frame& frame = stack_.back();
    if (c == ',') {
      ++pos;
      if (frame.object) {
        skip_space();
        if (pos >= text.size() || text[pos] != '"') return at("expected a key", pos);
        std::string error = read_string(text, pos, true, frame.key);
        if (!error.empty()) return error;
        skip_space();
        if (pos >= text.size() || text[pos] != ':') return at("expected ':'", pos);
        ++pos;
      }
      expect_value = true;
    } else if (c == (frame.object ? '}' : ']')) {
      ++pos;
      if (frame.object) --object_depth_;
      stack_.pop_back();
      if (stack_.empty()) break;
    } else {
      return at(frame.object ? "expected ',' or '}'" : "expected ',' or ']'", pos);
    }
  }
  skip_space();
  if (pos != text.size()) return at("text after the JSON object", pos);
  return "";
}

}  // namespace grounded::segments
