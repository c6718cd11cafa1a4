#include "ingest/redact.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool is_local_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

struct Span {
  std::size_t begin, end;
  const char* replacement;
};

bool luhn(const std::string& digits) {
  int sum = 0;
  bool dbl = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

// The word before position `i` (lower case), skipping spaces and '#'/':'/'.'.
std::string word_before(std::string_view s, std::size_t i) {
  std::size_t e = i;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '#' || s[e - 1] == ':' || s[e - 1] == '.' || s[e - 1] == '-')) --e;
  std::size_t b = e;
  while (b > 0 && std::isalpha(static_cast<unsigned char>(s[b - 1]))) --b;
  return to_lower_ascii(s.substr(b, e - b));
}

void find_emails(std::string_view s, std::vector<Span>& spans) {
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && is_local_char(s[b - 1])) --b;
    while (b < at && (s[b] == '.' || s[b] == '-')) ++b;
    std::size_t e = at + 1;
    while (e < s.size() && is_domain_char(s[e])) ++e;
    while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
    if (b == at || e == at + 1) continue;
    std::string_view domain = s.substr(at + 1, e - at - 1);
    std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0) continue;
    std::string_view tld = domain.substr(dot + 1);
    if (tld.size() < 2) continue;
    bool alpha = true;
    for (char c : tld) alpha &= std::isalpha(static_cast<unsigned char>(c)) != 0;
    if (!alpha) continue;
    spans.push_back({b, e, "[email]"});
  }
}

void find_numbers(std::string_view s, std::vector<Span>& spans) {
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool start = is_digit(c) || (c == '+' && i + 1 < s.size() && is_digit(s[i + 1])) ||
                 (c == '(' && i + 1 < s.size() && is_digit(s[i + 1]));
    if (!start || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '/' ||
                              s[i - 1] == '-' || s[i - 1] == '_'))) {
      ++i;
      continue;
    }
    // Extend over digits and single separators.
    std::size_t e = i + 1;
    std::string digits;
    if (is_digit(c)) digits += c;
    std::vector<int> groups;
    int group = is_digit(c) ? 1 : 0;
    bool seps_dot = false, seps_slash = false, parens = c == '(';
    while (e < s.size()) {
      char d = s[e];
      if (is_digit(d)) {
        digits += d;
        ++group;
        ++e;
        continue;
      }
      bool sep = d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' || d == '/';
      if (!sep) break;
      // A separator must be followed (possibly after one more separator) by a digit.
      std::size_t n = e + 1;
      if (n < s.size() && (s[n] == ' ' || s[n] == '(' || s[n] == '-') && (d == ')' || d == ' ' || d == '-')) ++n;
      if (n >= s.size() || !is_digit(s[n])) break;
      if (group) groups.push_back(group);
      group = 0;
      seps_dot |= d == '.';
      seps_slash |= d == '/';
      parens |= d == '(' || d == ')';
      e = n;
    }
    if (group) groups.push_back(group);
    const std::size_t n = digits.size();
    const bool next_is_word = e < s.size() && (std::isalpha(static_cast<unsigned char>(s[e])) || s[e] == '%' || s[e] == '@');
    const bool currency_before = i > 0 && (s[i - 1] == '$' || (i >= 2 && (s.substr(i - 2, 2) == "\xC2\xA3")) ||
                                           (i >= 3 && s.substr(i - 3, 3) == "\xE2\x82\xAC"));
    const std::string before = word_before(s, i);
    const bool id_context = before == "order" || before == "invoice" || before == "ticket" || before == "ref" ||
                            before == "no" || before == "number" || before == "id" || before == "po" ||
                            before == "inv" || before == "case" || before == "account" || before == "iban" ||
                            (i > 0 && s[i - 1] == '#');
    const bool hash_before = i > 0 && (s[i - 1] == '#');
    bool matched = false;
    if (!next_is_word && !currency_before && !hash_before && !seps_slash) {
      // Payment cards: 13–19 digits, groups split by spaces or dashes, Luhn-valid.
      if (n >= 13 && n <= 19 && c != '+' && !parens && !seps_dot && luhn(digits)) {
        spans.push_back({i, e, "[card]"});
        matched = true;
      } else if (!id_context) {
        bool amount_like = groups.size() >= 2 && groups[0] <= 3;
        for (std::size_t g = 1; g < groups.size(); ++g) amount_like &= groups[g] == 3;
        bool grouped = groups.size() >= 2 || parens;
        if (c == '+' && n >= 8 && n <= 15) {
          spans.push_back({i, e, "[phone]"});
          matched = true;
        } else if (c != '+' && n >= 10 && n <= 12 && grouped && !amount_like) {
          // A date-time like 2024-03-08 09 12 has a 4-digit year group first.
          bool year_first = groups.size() >= 3 && groups[0] == 4 && groups[1] == 2 && groups[2] == 2;
          if (!year_first) {
            spans.push_back({i, e, "[phone]"});
            matched = true;
          }
        }
      }
    }
    i = matched ? e : std::max(e, i + 1);
  }
}

}  // namespace

std::string redact_pii(std::string_view text, RedactionCounts* counts) {
  std::vector<Span> spans;
  find_emails(text, spans);
  std::vector<Span> numbers;
  find_numbers(text, numbers);
  for (const Span& n : numbers) {
    bool overlaps = false;
    for (const Span& e : spans) overlaps |= n.begin < e.end && e.begin < n.end;
    if (!overlaps) spans.push_back(n);
  }
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t pos = 0;
  for (const Span& sp : spans) {
    if (sp.begin < pos) continue;
    out.append(text.substr(pos, sp.begin - pos));
    out += sp.replacement;
    pos = sp.end;
    if (counts) {
      std::string_view r = sp.replacement;
      if (r == "[email]") ++counts->email;
      else if (r == "[phone]") ++counts->phone;
      else ++counts->card;
    }
  }
  out.append(text.substr(pos));
  return out;
}

void redact_json(nlohmann::json& value, RedactionCounts* counts) {
  if (value.is_string()) {
    value = redact_pii(value.get_ref<const std::string&>(), counts);
  } else if (value.is_array() || value.is_object()) {
    for (auto& child : value) redact_json(child, counts);
  }
}

}  // namespace grounded::ingest
