#include "ingest/crm_values.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"
#include "ingest/text_util.hpp"
#include "text/strings.hpp"

namespace grounded::ingest {
namespace {

std::string quoted(std::string_view column, std::string_view cell) {
  return "'" + std::string(column) + "' is '" + text::shorten(cell, 40) + "'";
}

// The digits of a number as CRMs print it: currency signs, spaces and
// thousands commas dropped; one '.' allowed as the decimal point.
std::optional<std::string> plain_number(std::string_view cell) {
  std::string out;
  std::string_view s = trim(cell);
  for (std::string_view sign : {"US$", "USD", "EUR", "GBP", "$", "€", "£"}) {
    if (s.substr(0, sign.size()) == sign) s = trim(s.substr(sign.size()));
    if (s.size() >= sign.size() && s.substr(s.size() - sign.size()) == sign) s = trim(s.substr(0, s.size() - sign.size()));
  }
  bool dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
    else if (c == ',' || c == ' ') {
      // A thousands separator is followed by exactly three digits.
      if (dot || i + 3 >= s.size()) return std::nullopt;
      for (std::size_t k = 1; k <= 3; ++k)
        if (!std::isdigit(static_cast<unsigned char>(s[i + k]))) return std::nullopt;
      if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 4]))) return std::nullopt;
    } else if (c == '.' && !dot) {
      dot = true;
      out += c;
    } else if (c == '-' && i == 0) {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  if (out.empty() || out == "." || out == "-") return std::nullopt;
  return out;
}

}  // namespace

std::optional<double> crm_amount(std::string_view cell, std::string_view column) {
  if (trim(cell).empty()) return std::nullopt;
  auto digits = plain_number(cell);
  if (!digits) throw invalid_input(quoted(column, cell) + ", not an amount");
  double value = std::strtod(digits->c_str(), nullptr);
  if (!std::isfinite(value) || value < 0) throw invalid_input(quoted(column, cell) + ": an amount cannot be negative");
  return value;
}

std::optional<std::int64_t> crm_count(std::string_view cell, std::string_view column) {
  if (trim(cell).empty()) return std::nullopt;
  auto digits = plain_number(cell);
  if (!digits || digits->find('.') != std::string::npos || (*digits)[0] == '-' || digits->size() > 12)
    throw invalid_input(quoted(column, cell) + ", not a whole number of people");
  return std::stoll(*digits);
}

std::string crm_date(std::string_view cell, std::string_view column) {
  std::string_view s = trim(cell);
  if (s.empty()) return {};
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = -1, m = -1, d = -1;
  if (s.size() >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
    y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  } else if (s.size() >= 8) {  // M/D/YYYY, MM/DD/YYYY
    std::size_t a = s.find('/'), b = a == std::string_view::npos ? a : s.find('/', a + 1);
    if (b != std::string_view::npos && a >= 1 && a <= 2 && b - a - 1 >= 1 && b - a - 1 <= 2) {
      m = digits(0, a), d = digits(a + 1, b - a - 1), y = digits(b + 1, 4);
      if (b + 5 < s.size() && s[b + 5] != ' ') y = -1;
    }
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
    throw invalid_input(quoted(column, cell) + ", not a date (YYYY-MM-DD or MM/DD/YYYY)");
  char out[24];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return out;
}

std::string web_domain(std::string_view cell, std::string_view column) {
  std::string s = to_lower_ascii(trim(cell));
  if (s.empty()) return {};
  for (std::string_view scheme : {"https://", "http://"})
    if (s.rfind(scheme, 0) == 0) s = s.substr(scheme.size());
  if (s.rfind("www.", 0) == 0) s = s.substr(4);
  s = s.substr(0, s.find_first_of("/?#"));
  while (!s.empty() && s.back() == '.') s.pop_back();
  bool ok = s.find('.') != std::string::npos && s.front() != '.';
  for (char c : s)
    ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
  if (!ok) throw invalid_input(quoted(column, cell) + ", not a web domain (like example.com)");
  return s;
}

std::string name_key(std::string_view name) {
  std::string one = text::one_line(text::lower(text::trim(name)));
  std::string out;
  for (char c : one) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace grounded::ingest
