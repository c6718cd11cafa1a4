// The digit scanner for cards and phones: walks runs of digits joined by
// single separators and decides from their grouping and the words before
// them. Kept hand-written (not a regex) because the decision reads the
// groups: amounts (1,512 / 1 512 000), IPv4 addresses, dates and
// order/invoice numbers must survive.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "ingest/pii_cues.hpp"
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

// The words of s[b, e) in lower case, each padded by single spaces, so a
// cue " call " matches whole words only.
std::string word_window(std::string_view s, std::size_t b, std::size_t e) { return word_window_of(s.substr(b, e - b)); }

bool is_listed(const std::string& word, std::string_view list) {
  const auto& words = pii_cue_list(list);
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Words that say the number in [i, e) is a phone number: within the few
// words before it ("call me on", "tel:", "my mobile is", "WhatsApp", "the
// caller left") or right after it ("… as a callback", "… to call back").
bool phone_context(std::string_view s, std::size_t i, std::size_t e) {
  if (window_has_cue(word_window(s, i > 32 ? i - 32 : 0, i), "phone_before")) return true;
  // "… as a callback", "I put 2125550143 in the phone field".
  return window_has_cue(word_window(s, e, std::min(s.size(), e + 24)), "phone_after");
}

// Payment card groupings: one run of digits, fours (4111 1111 1111 1111,
// 19-digit 4-4-4-4-3), or the Amex/Diners 4-6-5 and 4-6-4. An order number
// 2000123-45678901 that passes Luhn by chance is not grouped like a card.
bool card_grouping(const std::vector<int>& groups) {
  if (groups.size() <= 1) return true;
  if (groups.size() == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4)) return true;
  for (std::size_t g = 0; g + 1 < groups.size(); ++g)
    if (groups[g] != 4) return false;
  return groups.back() >= 1 && groups.back() <= 4;
}

// A card number starts with its network's digit (Visa 4, Mastercard 2 or
// 5, …): a Luhn-valid meter or EAN code starting with 0, 1, 7, 8 or 9 is not one.
bool card_issuer(const std::string& digits) { return is_listed(std::string(1, digits[0]), "card_first_digits"); }

// Toll-free and shared-cost service numbers (0800/0808 in Europe, 0180x
// in Germany, 1-800/888/877/866/855/844/833 in North America) announced as
// a hotline or support line: a business's line, not personal data.
// A non-geographic prefix that a 9-digit national number can carry:
// those of plans without a trunk 0 (Spain's 900/902, Poland's 801) and the
// long ones with it (Belgium's 0800); the short "081"/"03" name 10- and
// 11-digit plans (France, the UK), where a 9-digit "081…" is Stockholm.
bool nine_digit_service(const std::string& digits) {
  for (const std::string& prefix : pii_cue_list("toll_free_prefixes"))
    if ((prefix[0] != '0' || prefix.size() >= 4) && digits.rfind(prefix, 0) == 0) return true;
  return false;
}

bool toll_free(const std::string& digits) {
  const std::string national = digits.compare(0, 1, "1") == 0 && digits.size() == 11 ? digits.substr(1) : digits;
  bool found = false;
  for (const std::string& prefix : pii_cue_list("toll_free_prefixes")) found |= national.rfind(prefix, 0) == 0;
  for (const std::string& nanp : pii_cue_list("toll_free_nanp"))
    found |= digits.size() >= 10 && national.rfind(nanp, 0) == 0;
  return found;
}

// Service words in scripts without spaces ("客服电话 400-…", "サポート窓口
// 0120-…"), looked for as they are in the bytes around the number.
bool has_cjk_service_word(std::string_view around) {
  for (const std::string& word : pii_cue_list("service_line_cjk"))
    if (around.find(word) != std::string_view::npos) return true;
  return false;
}

bool service_line(std::string_view s, std::size_t i, std::size_t e, const std::string& digits) {
  const std::size_t from = i > 40 ? i - 40 : 0, to = std::min(s.size(), e + 32);
  // "our switchboard is +44 20 …": any number the company gives as its own.
  if (window_has_cue(word_window(s, from, i), "own_line_cues")) return true;
  // "… our hotline 0800 …", "1-888-555-0123 (our billing line)", "0345 600 3030, is a premium line".
  return toll_free(digits) && (window_has_cue(word_window(s, from, i), "service_line") ||
                               window_has_cue(word_window(s, e, to), "service_line") ||
                               has_cjk_service_word(s.substr(from, to - from)));
}

bool id_word(const std::string& w) { return is_listed(w, "id_words"); }

// "my number: 07911 123456", "phone no. 020 …", "contact number": the
// word "number" (or "no") names a phone number, not an order or invoice,
// when the word before it is one of these.
bool phone_number_phrase(std::string_view s, std::size_t i) {
  const std::string w = word_before(s, i);
  if (w != "number" && w != "no" && w != "num") return false;
  std::size_t e = i;
  while (e > 0 && !std::isalpha(static_cast<unsigned char>(s[e - 1]))) --e;
  while (e > 0 && std::isalpha(static_cast<unsigned char>(s[e - 1]))) --e;  // skip "number" itself
  return is_listed(word_before(s, e), "phone_owners");
}

}  // namespace

void find_cards_and_phones(std::string_view s, std::vector<PiiSpan>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool start = is_digit(c) || (c == '+' && i + 1 < s.size() && is_digit(s[i + 1])) ||
                 (c == '(' && i + 1 < s.size() && is_digit(s[i + 1]));
    // A digit right after '+' belongs to what precedes it ("ZIP+4 02139-4307",
    // "C++20"): a '+' that starts a phone number was consumed with it.
    if (!start || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '/' ||
                              s[i - 1] == '-' || s[i - 1] == '_' || s[i - 1] == '+'))) {
      ++i;
      continue;
    }
    // Extend over digits and single separators.
    std::size_t e = i + 1;
    std::string digits;
    if (is_digit(c)) digits += c;
    std::vector<int> groups;
    int group = is_digit(c) ? 1 : 0;
    bool seps_dot = false, seps_other = false, seps_slash = false, parens = c == '(', inner_parens = false;
    int slashes = 0;
    char first_sep = '\0';
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
      slashes += d == '/' ? 1 : 0;
      if (first_sep == '\0') first_sep = d;
      parens |= d == '(' || d == ')';
      inner_parens |= d == '(' || d == ')';
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
    // 120.0.6099.129, 10.0.19045.3803: dotted runs with a one-digit part
    // after the first are versions; dotted phone numbers (415.555.0192,
    // 06.12.34.56.78, 1.800.555.0199, +1.415.555.0192) have none.
    const bool dotted_version = c != '+' && seps_dot && !seps_other && groups.size() >= 2 &&
                                std::find(groups.begin() + 1, groups.end(), 1) != groups.end();
    bool matched = false;
    // German and Austrian numbers write the area code before a slash:
    // "030/90182734", "089 / 1234567". One slash, a trunk 0 and a short code.
    // The subscriber part may be grouped ("089/2314 5587"): one slash, right after the area code.
    const bool area_slash = seps_slash && slashes == 1 && first_sep == '/' && groups.size() >= 2 && c == '0' &&
                            digits[1] != '0' && groups[0] >= 3 && groups[0] <= 5 && n >= 9 && n <= 12;
    if (area_slash && !next_is_word && !id_context) {
      out.push_back({i, e, PiiType::phone});
      i = e;
      continue;
    }
    if (!next_is_word && !currency_before && !hash_before && !seps_slash && !dotted_quad && !dotted_version) {
      // Payment cards: 13–19 digits, grouped as cards are by spaces or dashes, Luhn-valid.
      // A card in brackets "(2221 8776 4288 2500)": the opening bracket is
      // punctuation, not an area code.
      // Dots only between fours ("4571.0101.7026.8536"): dotted phone numbers are not grouped so.
      const bool dotted_fours = seps_dot && !seps_other && groups.size() >= 4 && card_grouping(groups);
      if (n >= 13 && n <= 19 && c != '+' && !inner_parens && (!seps_dot || dotted_fours) && card_grouping(groups) &&
          card_issuer(digits) && luhn_valid(digits)) {
        out.push_back({c == '(' ? i + 1 : i, e, PiiType::card});
        matched = true;
      } else if (!id_context) {
        bool amount_like = groups.size() >= 2 && groups[0] <= 3;
        for (std::size_t g = 1; g < groups.size(); ++g) amount_like &= groups[g] == 3;
        bool grouped = groups.size() >= 2 || parens;
        // A lone last digit is a check digit (UPC 0-12345-67890-5, ISBN), not part of a phone number.
        bool check_digit_last = groups.size() >= 3 && groups.back() == 1;
        // A date-time like 2024-03-08 09 12 has a 4-digit year group first;
        // so do batch and lot numbers dated by year and month (2024-11-0042).
        const bool year_month = groups.size() >= 3 && groups[0] == 4 && groups[1] == 2 &&
                                (digits.compare(0, 2, "19") == 0 || digits.compare(0, 2, "20") == 0) &&
                                ((digits[4] == '0' && digits[5] != '0') || (digits[4] == '1' && digits[5] <= '2'));
        bool year_first = (groups.size() >= 3 && groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) || year_month;
        // A build or log stamp 20241127-0412 starts with a whole date.
        const bool date_stamp = groups[0] == 8 && (digits.compare(0, 2, "19") == 0 || digits.compare(0, 2, "20") == 0) &&
                                ((digits[4] == '0' && digits[5] != '0') || (digits[4] == '1' && digits[5] <= '2'));
        year_first |= date_stamp;
        bool international_00 = c == '0' && n >= 11 && n <= 15 && digits.compare(0, 2, "00") == 0 && digits[2] != '0';
        if ((c == '+' && n >= 8 && n <= 15) || international_00) {
          matched = true;
        } else if (c != '+' && n >= 10 && n <= 12 && grouped && !amount_like && !year_first && !check_digit_last) {
          matched = true;
        } else if (n >= 10 && n <= 13 && !year_first && !seps_dot && phone_context(s, i, e)) {
          matched = true;  // "call me on 07700900123"
        } else if (n == 9 && !year_first && !seps_dot && !nine_digit_service(digits) && phone_context(s, i, e)) {
          // Spain, Portugal, Poland, Czechia … dial 9 digits without a
          // trunk 0 ("mi móvil es 612 48 93 07"), Sweden and Belgium 9 with
          // one ("nås på 08-612 47 30"); a non-geographic service number
          // (Spain's 900/902) is the company's, not a person's.
          matched = true;
        }
        if (matched && service_line(s, i, e, digits)) matched = false;
        if (matched) out.push_back({i, e, PiiType::phone});
      }
    }
    i = matched ? e : std::max(e, i + 1);
  }
}

}  // namespace grounded::ingest
