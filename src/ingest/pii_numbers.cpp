// The digit scanner for cards and phones: walks runs of digits joined by
// single separators and decides from their grouping and the words before
// them. Kept hand-written (not a regex) because the decision reads the
// groups: amounts (1,512 / 1 512 000), IPv4 addresses, dates and
// order/invoice numbers must survive.
#include <algorithm>
#include <cctype>
#include <string>

#include "ingest/pii_detectors.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// The word before position `i` (lower case), skipping spaces and '#'/':'/'.'.
std::string word_before(std::string_view s, std::size_t i) {
  std::size_t e = i;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '#' || s[e - 1] == ':' || s[e - 1] == '.' || s[e - 1] == '-')) --e;
  std::size_t b = e;
  while (b > 0 && std::isalpha(static_cast<unsigned char>(s[b - 1]))) --b;
  return to_lower_ascii(s.substr(b, e - b));
}

// Words that say a phone number follows within the last few words
// ("call me on", "tel:", "my mobile is", "WhatsApp").
bool phone_context(std::string_view s, std::size_t i) {
  std::size_t b = i > 32 ? i - 32 : 0;
  std::string window = " " + to_lower_ascii(s.substr(b, i - b));
  for (char& c : window)
    if (!std::isalpha(static_cast<unsigned char>(c))) c = ' ';
  for (const char* cue : {" call ", " tel ", " phone ", " mobile ", " cell ", " whatsapp ", " ring ", " text me ", " fax ",
                          " sms ", " telephone ", " mob ", " my number ", " reach me "})
    if (window.find(cue) != std::string::npos) return true;
  return false;
}

bool id_word(const std::string& w) {
  for (const char* id : {"order", "invoice", "ticket", "ref", "no", "number", "id", "po", "inv", "case", "account",
                         "iban", "tracking", "sku", "serial", "version", "build", "routing", "passport", "code"})
    if (w == id) return true;
  return false;
}

// "my number: 07911 123456", "phone no. 020 …", "contact number": the
// word "number" (or "no") names a phone number, not an order or invoice,
// when the word before it is one of these.
bool phone_number_phrase(std::string_view s, std::size_t i) {
  const std::string w = word_before(s, i);
  if (w != "number" && w != "no" && w != "num") return false;
  std::size_t e = i;
  while (e > 0 && !std::isalpha(static_cast<unsigned char>(s[e - 1]))) --e;
  while (e > 0 && std::isalpha(static_cast<unsigned char>(s[e - 1]))) --e;  // skip "number" itself
  const std::string before = word_before(s, e);
  for (const char* owner : {"my", "phone", "mobile", "cell", "contact", "telephone", "tel", "callback", "home", "work",
                            "office", "direct", "whatsapp", "fax", "his", "her", "their", "our", "landline"})
    if (before == owner) return true;
  return false;
}

}  // namespace

void find_cards_and_phones(std::string_view s, std::vector<PiiSpan>& out) {
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
    bool seps_dot = false, seps_other = false, seps_slash = false, parens = c == '(';
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
      seps_other |= d != '.';
      seps_slash |= d == '/';
      parens |= d == '(' || d == ')';
      e = n;
    }
    if (group) groups.push_back(group);
    const std::size_t n = digits.size();
    const bool next_is_word = e < s.size() && (std::isalpha(static_cast<unsigned char>(s[e])) || s[e] == '%' || s[e] == '@');
    const bool currency_before = i > 0 && (s[i - 1] == '$' || (i >= 2 && (s.substr(i - 2, 2) == "\xC2\xA3")) ||
                                           (i >= 3 && s.substr(i - 3, 3) == "\xE2\x82\xAC"));
    const bool hash_before = i > 0 && (s[i - 1] == '#');
    const bool id_context = (id_word(word_before(s, i)) && !phone_number_phrase(s, i)) || hash_before;
    // 192.168.10.254, 4.12.0.1: dotted quads are addresses or versions.
    const bool dotted_quad = seps_dot && !seps_other && groups.size() == 4 &&
                             std::all_of(groups.begin(), groups.end(), [](int g) { return g <= 3; });
    bool matched = false;
    if (!next_is_word && !currency_before && !hash_before && !seps_slash && !dotted_quad) {
      // Payment cards: 13–19 digits, groups split by spaces or dashes, Luhn-valid.
      if (n >= 13 && n <= 19 && c != '+' && !parens && !seps_dot && luhn_valid(digits)) {
        out.push_back({i, e, PiiType::card});
        matched = true;
      } else if (!id_context) {
        bool amount_like = groups.size() >= 2 && groups[0] <= 3;
        for (std::size_t g = 1; g < groups.size(); ++g) amount_like &= groups[g] == 3;
        bool grouped = groups.size() >= 2 || parens;
        // A lone last digit is a check digit (UPC 0-12345-67890-5, ISBN), not part of a phone number.
        bool check_digit_last = groups.size() >= 3 && groups.back() == 1;
        // A date-time like 2024-03-08 09 12 has a 4-digit year group first.
        bool year_first = groups.size() >= 3 && groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2;
        bool international_00 = c == '0' && n >= 11 && n <= 15 && digits.compare(0, 2, "00") == 0 && digits[2] != '0';
        if ((c == '+' && n >= 8 && n <= 15) || international_00) {
          matched = true;
        } else if (c != '+' && n >= 10 && n <= 12 && grouped && !amount_like && !year_first && !check_digit_last) {
          matched = true;
        } else if (n >= 10 && n <= 13 && !year_first && !seps_dot && phone_context(s, i)) {
          matched = true;  // "call me on 07700900123"
        }
        if (matched) out.push_back({i, e, PiiType::phone});
      }
    }
    i = matched ? e : std::max(e, i + 1);
  }
}

}  // namespace grounded::ingest
