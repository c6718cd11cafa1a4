#include "ingest/text_util.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_map>

namespace grounded::ingest {

namespace {
bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
    len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    len = 2;
    return true;
  }
  return false;
}
}  // namespace

std::string_view trim(std::string_view s) {
  std::size_t b = 0, len = 0;
  while (b < s.size() && is_space_at(s, b, len)) b += len;
  std::size_t e = s.size();
  while (e > b) {
    unsigned char c = static_cast<unsigned char>(s[e - 1]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      --e;
    } else if (c == 0xA0 && e >= b + 2 && static_cast<unsigned char>(s[e - 2]) == 0xC2) {
      e -= 2;
    } else {
      break;
    }
  }
  return s.substr(b, e - b);
}

bool is_blank(std::string_view s) { return trim(s).empty(); }

namespace {
// A-Z to a-z, every other byte as it is: what std::tolower does in the "C"
// locale (we never set another), without a library call per byte — the PII
// detectors lower every turn they scan (~3% of ingest CPU went to tolower).
char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
}  // namespace

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  return true;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool contains_icase(std::string_view s, std::string_view needle) {
  return to_lower_ascii(s).find(to_lower_ascii(needle)) != std::string::npos;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::optional<std::int64_t> parse_timestamp(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  std::vector<std::int64_t> fields;
  std::int64_t fraction_ms = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    std::int64_t v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 6) v = v * 10 + (s[i++] - '0');
    if (i == start) return std::nullopt;
    fields.push_back(v);
    if (i == s.size()) break;
    if (s[i] == ':') {
      ++i;
      continue;
    }
    if (s[i] == '.' || s[i] == ',') {
      ++i;
      std::size_t fs = i;
      std::int64_t f = 0;
      int digits = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (digits < 3) {
          f = f * 10 + (s[i] - '0');
          ++digits;
        }
        ++i;
      }
      if (i == fs || i != s.size()) return std::nullopt;
      while (digits < 3) {
        f *= 10;
        ++digits;
      }
      fraction_ms = f;
      break;
    }
    return std::nullopt;
  }
  if (fields.size() < 2 || fields.size() > 3) return std::nullopt;
  std::int64_t h = fields.size() == 3 ? fields[0] : 0;
  std::int64_t m = fields[fields.size() - 2];
  std::int64_t sec = fields.back();
  if (sec >= 60 || (fields.size() == 3 && m >= 60)) return std::nullopt;
  return ((h * 60 + m) * 60 + sec) * 1000 + fraction_ms;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogate: never emit invalid UTF-8
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp <= 0x10FFFF) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    append_utf8(out, 0xFFFD);
  }
}

std::string decode_entities(std::string_view s) {
  static const std::unordered_map<std::string_view, char32_t> named{
      {"amp", '&'},     {"lt", '<'},       {"gt", '>'},       {"quot", '"'},    {"apos", '\''},
      {"nbsp", 0xA0},   {"lrm", 0x200E},   {"rlm", 0x200F},   {"ndash", 0x2013}, {"mdash", 0x2014},
      {"hellip", 0x2026}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
      {"euro", 0x20AC}, {"pound", 0xA3},   {"copy", 0xA9},    {"eacute", 0xE9}, {"uuml", 0xFC},
      {"ouml", 0xF6},   {"auml", 0xE4},    {"szlig", 0xDF}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long cp = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end && *end == '\0' && cp > 0) {
        append_utf8(out, static_cast<char32_t>(cp));
        i = semi;
        continue;
      }
    } else if (auto it = named.find(name); it != named.end()) {
      append_utf8(out, it->second);
      i = semi;
      continue;
    }
    out += '&';
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string raw;
  raw.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') {
      raw += html[i];
      continue;
    }
    std::size_t close = html.find('>', i);
    if (close == std::string_view::npos) {
      raw += html.substr(i);
      break;
    }
    std::string tag = to_lower_ascii(html.substr(i + 1, close - i - 1));
    std::string_view name = tag;
    if (!name.empty() && name[0] == '/') name.remove_prefix(1);
    name = name.substr(0, std::min(name.find_first_of(" \t\n/"), name.size()));
    if (name == "br" || name == "p" || name == "div" || name == "li" || name == "tr" || name == "h1" ||
        name == "h2" || name == "h3" || name == "blockquote")
      raw += '\n';
    i = close;
  }
  std::string decoded = decode_entities(raw);
  // Collapse whitespace inside lines and limit blank lines to one.
  std::string out;
  int newlines = 0;
  for (auto line : split_lines(decoded)) {
    std::string_view t = trim(line);
    if (t.empty()) {
      ++newlines;
      continue;
    }
    if (!out.empty()) out += newlines > 1 ? "\n\n" : "\n";
    newlines = 1;
    out += t;
  }
  return out;
}

std::string clip_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "…";
}

bool looks_like_speaker(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 48) return false;
  unsigned char first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || first >= 0x80)) return false;
  int words = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') {
      ++words;
      if (i + 1 < s.size() && s[i + 1] == ' ') return false;
    }
    if (c == '?' || c == '!' || c == ',' || c == ';' || c == ':' || c == '"' || c == '[' || c == ']' ||
        c == '*' || c == '/' || c == '=' || c == '<' || c == '>' || c == '\t')
      return false;
  }
  if (words > 6) return false;
  // Sentence-like labels ("So what happened next") are not names: names are
  // mostly capitalised words or role words with a number.
  int capitalised = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    unsigned char c = static_cast<unsigned char>(s[pos]);
    if (std::isupper(c) || std::isdigit(c) || c >= 0x80) ++capitalised;
    pos = end + 1;
  }
  return capitalised * 2 >= words;
}

}  // namespace grounded::ingest
