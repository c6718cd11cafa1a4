// Street addresses: a house number with a street name and a street word
// (lists street_* in data/pii_cues.json: "221B Baker Street",
// "Hauptstraße 5", "Keizersgracht 123", "12 rue de la Paix", "Via Roma 12",
// "ul. Marszałkowska 10/12"), a postcode and town after a street, or any
// street after words that announce an address. An address after words that
// name a business's premises ("our office", "HQ", "siège social") is left:
// redaction protects people, and the holdouts label a company's own address
// as clean.
#include <algorithm>
#include <cctype>

#include "ingest/pii_cues.hpp"
#include "ingest/pii_detectors.hpp"
#include "ingest/pii_pattern.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

// Postcodes that are distinctive beside a town: five digits (DE, FR, ES,
// IT, FI, US), "1015 CJ" (NL), "00-590" (PL), "1000-001" (PT), "114 55" (SE).
#define GROUNDED_POSTCODE R"re((?:\d{5}|\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}\s\d{2}))re"
constexpr const char* kPostcode = GROUNDED_POSTCODE;
// A house number: "12", "7a", "10/12", "12-14"; a capital letter
// ("Storgatan 7B") only before a postcode, so "Sitzplatz 23F" is a seat.
constexpr const char* kHouseNumber =
    R"re(\d{1,4}(?:\s?[a-z]\b|[A-Z]\b(?=,?\s*)re" GROUNDED_POSTCODE R"re())?(?:[/\-]\d{1,4}[a-z]?)?\b)re";
#undef GROUNDED_POSTCODE
// After a street already found, four digits (BE, AT, CH, DK, NO) count too.
const std::string kPostcodeTown = std::string(R"re((?:,?\s*(?:)re") + kPostcode +
                                  R"re(|\d{4})\s+[\p{Lu}][\p{L}\p{M}\-]+(?:[\s\-][\p{Lu}][\p{L}\p{M}\-]+)?)?)re";

// The list's alternation with each entry's first letter upper case
// ("weg" → "Weg"): street words written as a separate word.
std::string capitalised_alternation(std::string_view list) {
  std::string group = "(?:";
  for (const std::string& word : pii_cue_list(list)) {
    if (group.size() > 3) group += '|';
    group += static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    group += word.substr(1);
  }
  return group + ")";
}

bool word_byte(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 || c == '-';
}

// Where a street word glued to its name or after it can start a match:
// the start of the word that holds one, and of the word before it
// ("Berliner Straße"). The glued pattern is tried only there.
std::vector<std::size_t> street_word_starts(std::string_view s, std::string_view lower) {
  std::vector<std::size_t> starts;
  for (std::size_t at : starts_of(lower, pii_cue_heads("street_suffixes"))) {
    std::size_t word = at;
    while (word > 0 && word_byte(s[word - 1])) --word;
    starts.push_back(word);
    std::size_t gap = word;
    while (gap > 0 && s[gap - 1] == ' ') --gap;
    if (gap == word) continue;
    while (gap > 0 && word_byte(s[gap - 1])) --gap;
    starts.push_back(gap);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

// "221B Baker Street, London NW1 6XE", "1600 Amphitheatre Pkwy".
void find_english(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern english(
      R"re(\b\d{1,5}[A-Za-z]?,?\s+((?:[\p{Lu}][\p{L}\p{M}'.\-]*\s+|\d{1,3}(?:st|nd|rd|th)\s+){1,4})(?i:)re" +
      pii_cue_alternation("street_types_en") + R"re()\b\.?)re"
      R"re((?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?(?:,?\s+(?i:apt|suite|unit|flat|ste)\.?\s*#?[\p{L}\p{N}]+)?)re"
      // The town's words end at a word end, so "London NW1 6XE" leaves "NW1" to the postcode.
      R"re((?:,\s*[\p{Lu}][\p{L}\p{M}\-]+\b(?:\s+[\p{Lu}][\p{L}\p{M}\-]+\b){0,2})?)re"
      R"re((?:,?\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|(?:[A-Z]{2}\s+)?\d{5}(?:-\d{4})?\b))?)re");
  english.each(s, [&](const icu::RegexMatcher& m) {
    std::string name(group_text(s, m, 1));
    if (name.rfind("Google", 0) == 0 || name.rfind("One", 0) == 0) return;  // "3 Google Drive folders"
    out.push_back({start_of(m), end_of(m), PiiType::address});
  });
}

// A street word then or glued before the number: "Hauptstraße 5",
// "Berliner Allee 12a", "Keizersgracht 123, 1015 CJ Amsterdam",
// "Drottninggatan 4", "Via Roma 12", "Rue de la Loi 16, 1000 Bruxelles".
// A street word first and a lower-case word after the number is prose
// ("Place Order 2 times"), not an address.
void find_street_word_first(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern glued(R"re(\b(?:[\p{Lu}][\p{L}\p{M}\-]*\s+)re" + capitalised_alternation("street_suffixes") +
                             R"re(|[\p{Lu}][\p{L}\p{M}\-]*)re" + pii_cue_alternation("street_suffixes") + R"re()\s+)re" +
                             kHouseNumber + kPostcodeTown);
  static const Pattern before_name(
      R"re(\b)re" + pii_cue_alternation("street_words_romance") +
      R"re(\s+(?:(?i:de|del|de la|dels|della|dei|degli|delle|dello|di|do|da|dos|das|du|des|la|le|l'|d')\s*)*)re"
      R"re([\p{Lu}][\p{L}\p{M}'\-]+(?:\s+[\p{Lu}][\p{L}\p{M}'\-]+){0,3},?\s+)re" +
      kHouseNumber + R"re((?!\s+\p{Ll}{3,})(?:,\s*\d{1,2}(?![\d\-])\s?[º°ªo]?\s*(?:[\p{L}]{1,5}\.?)?)?)re" + kPostcodeTown);
  const std::string lower = to_lower_ascii(s);
  auto keep = [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::address}); };
  if (may_hold_cue(lower, "street_suffixes")) glued.each_from(s, street_word_starts(s, lower), keep);
  if (may_hold_cue(lower, "street_words_romance"))
    before_name.each_at(s, lower, pii_cue_heads("street_words_romance"), keep);
}

// French order, the number first: "12 rue de la Paix, 75002 Paris".
void find_number_first(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern french(
      R"re(\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:)re" + pii_cue_alternation("street_types_fr") +
      R"re()\s+(?:(?i:de|du|des|la|le|l'|d')\s*)*[\p{Lu}][\p{L}\p{M}'\-]+(?:[ \-][\p{Lu}][\p{L}\p{M}'\-]+)*)re" +
      kPostcodeTown);
  if (!may_hold_cue(to_lower_ascii(s), "street_types_fr")) return;
  french.each(s, [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::address}); });
}

// Any street, in any language, when a postcode and a town follow its house
// number ("Am Sonnenhang 7a, 81479 München"): the postcode is what makes
// words and a number an address.
void find_with_postcode(std::string_view s, std::vector<PiiSpan>& out) {
  if (longest_digit_cluster(s) < 4) return;  // every postcode has four digits or more
  static const Pattern with_postcode(
      R"re((?<![\p{L}\p{N}])(?:[\p{Lu}][\p{L}\p{M}'.\-]*\s+){0,2}[\p{Lu}][\p{L}\p{M}'.\-]+\s+\d{1,4}\s?[a-z]?,\s*)re" +
      std::string(kPostcode) + R"re(\s+[\p{Lu}][\p{L}\p{M}\-]+)re");
  with_postcode.each(s, [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::address}); });
}

// Postcodes distinctive enough to end an address alone: UK ("LS6 2QT"),
// Irish Eircodes ("D06 X2K7", "R56 F2K4"), Canadian ("B3K 5M7"), and a
// US or Australian state with its ZIP or postcode ("NC 27513", "NSW 2010").
constexpr const char* kStrictPostcode =
    R"re((?:\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}\b|)re"
    R"re(\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]{2,3}\s+\d{4,5}(?:-\d{4})?\b))re";

// A post office box in the languages we see ("PO Box 4471, Halifax NS
// B3K 5M7", "Postfach 10 20 30, 80001 München", "Apartado de Correos 112"),
// with the town and postcode after it.
void find_po_boxes(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern po_box(R"re((?<![\p{L}\p{N}]))re" + pii_cue_alternation("po_box_words") +
                              R"re(\s*(?:n[°º.]\s*)?\d{1,6}(?:\s\d{2,3}){0,2}(?:,?\s+[\p{Lu}][\p{L}\p{M}\-]+(?:\s+[\p{Lu}][\p{L}\p{M}\-]+){0,2}\b)?)re"
                              R"re((?:,?\s*(?:)re" + std::string(kStrictPostcode) + R"re(|\d{4,5}(?:\s+[\p{Lu}][\p{L}\p{M}\-]+)?))?)re");
  const std::string lower = to_lower_ascii(s);
  if (!may_hold_cue(lower, "po_box_words")) return;
  po_box.each_at(s, lower, pii_cue_heads("po_box_words"),
                 [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::address}); });
}

// Chinese and Japanese addresses: administrative units from the largest
// ("東京都世田谷区", "上海市徐汇区"), a street or district name, then a block
// number in the forms of those scripts ("2-14-5", "1丁目2番3号", "88弄5号"),
// and a building and room if given ("メゾン三軒茶屋301号室", "1203室").
void find_cjk(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern cjk(
      R"re((?:\p{Han}{1,4}(?:都|道|府|県|省|市|区|區|町|村|郡|县|縣|州)){1,4}[\p{Han}\p{Katakana}ー]{0,10}?)re"
      R"re((?:\d{1,5}(?:[\-－‐−]\d{1,5}){2,3}|\d{1,5}(?:丁目|番地?|号|號|弄|巷)(?:\d{1,5}(?:丁目|番地?|号|號|弄|巷|[\-－‐−])){0,3}(?:\d{1,5}(?![\d室階楼樓F]))?))re"
      R"re((?:\s?[\p{Han}\p{Katakana}ーA-Za-z]{0,12}\d{1,5}(?:号室|室|号|號|階|楼|樓|F))?)re");
  // Every form needs a digit and a character of those scripts (3 bytes in UTF-8).
  if (std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE3; })) return;
  cjk.each(s, [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::address}); });
}

// A street without a street word, after words that announce an address:
// the number first ("ship to 15 Kingsway, Manchester") or the name first
// ("adres is Keizersgracht 123", "indirizzo: Borgo Pinti 12, Firenze").
void find_announced(std::string_view s, std::vector<PiiSpan>& out) {
  static const std::string announcer = "(?i:" + pii_cue_alternation("address_announcers") + ")";
  static const Pattern number_first(
      announcer + R"re(\s*:?\s*(\d{1,5}[A-Za-z]?,?\s+[\p{Lu}][\p{L}\p{M}'\-]+(?:\s+[\p{Lu}][\p{L}\p{M}'\-]+){0,3}))re"
                  R"re((?=,\s*[\p{Lu}]|\s*$|\s+in\s+[\p{Lu}]))re");
  static const Pattern name_first(
      announcer + R"re((?:\s+(?i:is|ist|est|es|è|é|er|är|jest|era|was))?\s*:?\s*)re"
                  R"re(([\p{Lu}][\p{L}\p{M}'\-]+(?:\s+[\p{L}\p{M}'\-]+){0,3}\s+)re" +
      kHouseNumber + kPostcodeTown + R"re()(?=\s*[,.;!?)]|\s*$))re");
  // Words and commas up to a distinctive postcode: a house name, a road,
  // a village and a county ("deliver to Rose Cottage, Ballymore Road,
  // Kilcullen, Co. Kildare R56 F2K4").
  static const Pattern to_postcode(
      announcer + R"re(\s*:?\s*((?:[\p{Lu}\d][\p{L}\p{M}\p{N}'.\-]*(?:\s+[\p{Lu}\d][\p{L}\p{M}\p{N}'.\-]*){0,4},\s*){1,6})re"
                  R"re((?:[\p{Lu}][\p{L}\p{M}'.\-]*\s+){0,3})re" + kStrictPostcode + ")");
  const std::string lower = to_lower_ascii(s);
  for (const Pattern* p : {&number_first, &name_first, &to_postcode})
    p->each_at(s, lower, pii_cue_heads("address_announcers"),
               [&](const icu::RegexMatcher& m) { out.push_back({start_of(m, 1), end_of(m, 1), PiiType::address}); });
}

// Words shortly before or after the address that name a company's
// registered or listed premises ("head office", "that's the old HQ listing").
bool business_premises(std::string_view s, const PiiSpan& span) {
  const std::size_t from = span.begin > 48 ? span.begin - 48 : 0;
  const std::size_t to = std::min(s.size(), span.end + 48);
  return window_has_cue(word_window_of(s.substr(from, span.begin - from)), "business_address_cues") ||
         window_has_cue(word_window_of(s.substr(span.end, to - span.end)), "business_address_cues");
}

// A company's name with its legal form right before the address, nothing
// between but capitalised words, numbers, particles and punctuation ("Acme
// Software GmbH · Friedrichstraße 68", "Northwind Ltd, 3rd Floor, 41
// Clerkenwell Road"): a letterhead or signature. "I work at Acme Ltd, ship to my home
// 14 …" has words between, and stays an address.
bool after_company_name(std::string_view s, const PiiSpan& span) {
  const std::size_t from = span.begin > 64 ? span.begin - 64 : 0;
  const std::string before = word_window_of(s.substr(from, span.begin - from));
  for (const std::string& form : pii_cue_list("company_legal_forms")) {
    const std::string cue = word_window_of(form);  // Latin letters: the window blanks other scripts
    const std::size_t at = before.rfind(cue);
    if (at == std::string::npos) continue;
    // The window has one padding byte in front: its index i is byte from + i - 1.
    // Short lower-case particles of street names ("Unter den Linden",
    // "ul.", "da") may stand between; a lower-case word of four letters or
    // more ("ship", "home") is prose.
    bool only_names = true;
    for (std::size_t i = from + at + cue.size() - 2; i < span.begin && only_names; ++i) {
      if (!(s[i] >= 'a' && s[i] <= 'z') || (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1])))) continue;
      std::size_t e = i;
      while (e < s.size() && std::isalpha(static_cast<unsigned char>(s[e]))) ++e;
      only_names = e - i < 4;
    }
    if (only_names) return true;
  }
  return false;
}

}  // namespace

void find_addresses(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;
  std::vector<PiiSpan> found;
  find_announced(s, found);
  find_english(s, found);
  find_street_word_first(s, found);
  find_number_first(s, found);
  find_with_postcode(s, found);
  find_po_boxes(s, found);
  find_cjk(s, found);
  // Where two readings overlap redact_pii keeps the first: the longest
  // goes first, so a floor and postcode after the street go with it.
  std::stable_sort(found.begin(), found.end(),
                   [](const PiiSpan& a, const PiiSpan& b) { return a.end - a.begin > b.end - b.begin; });
  // A company's premises found by one reading is not redacted by a shorter
  // reading of part of it ("Avenida da Liberdade 110, …" vs "Liberdade 110, …").
  std::vector<PiiSpan> business;
  for (const PiiSpan& span : found)
    if (business_premises(s, span) || after_company_name(s, span)) business.push_back(span);
  for (const PiiSpan& span : found) {
    const bool inside_business = std::any_of(business.begin(), business.end(), [&](const PiiSpan& b) {
      return span.begin < b.end && b.begin < span.end;
    });
    if (!inside_business) out.push_back(span);
  }
}

}  // namespace grounded::ingest
