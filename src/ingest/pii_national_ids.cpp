// National identifiers: the US SSN and UK NI number by their structure, and
// the European and Canadian ones by the words that name them (lists nid_* in
// data/pii_cues.json) and their check digits (pii_checksums.hpp). A number
// after its name is redacted only when it checks out, so "BSN" followed by an
// order number stays; the few shapes distinctive enough to stand alone (a
// codice fiscale, a spaced French NIR, a Swiss AHV number, a Finnish HETU, a
// dotted Belgian national number) are redacted wherever they check out.
#include <algorithm>
#include <string>

#include "ingest/pii_checksums.hpp"
#include "ingest/pii_cues.hpp"
#include "ingest/pii_detectors.hpp"
#include "ingest/pii_pattern.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

// One identifier read after its name: the cue list, the shape of the
// number (ICU regex), its check, and how far (in non-digit characters) the
// number may follow the name ("mijn BSN is 486963561", "Steuer-ID steht:
// 47 036 892 816"). Names that are also ordinary words ("sin" in Spanish)
// get no distance. Where every name is unambiguous and the shape exact
// (BSN, PESEL, "numéro de sécurité sociale" + 15 digits), the name is
// enough: people type such numbers with a wrong check digit, and it is
// still theirs. Elsewhere ("tax id", "NIF", "SIN") the check decides.
struct CuedId {
  const char* cues;
  const char* shape;
  bool (*valid)(std::string_view compact);
  int max_gap;
  bool name_suffices;
  int min_digits;  // the shape's digits; no longer cluster in the text: skip the regex
};

constexpr CuedId kCuedIds[] = {
    {"nid_fr_nir", R"([1278][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2})", fr_nir_valid, 40, true, 8},  // Corsica's 2A/2B splits the digits
    {"nid_nl_bsn", R"(\d{9}|\d{4}[ .]\d{2}[ .]\d{3}|\d{3}[ .]\d{3}[ .]\d{3})", nl_bsn_valid, 40, true, 9},
    {"nid_it_codice_fiscale", R"([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])",
     it_codice_fiscale_valid, 40, true, 0},
    {"nid_de_steuer_id", R"(\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3})", de_steuer_id_valid, 40, false, 11},
    // "84364621T", "Y0229116G", "47.629.228-T": thousands dots as on the card.
    {"nid_es_dni", R"((?:[XYZ][\- ]?\d{7}|\d{8}|[XYZ]?\d{1,2}\.\d{3}\.\d{3})[\- ]?[A-Z])", es_dni_valid, 0, false, 7},
    {"nid_pt_nif", R"(\d{9}|\d{3}[ .]\d{3}[ .]\d{3})", pt_nif_valid, 20, false, 9},
    {"nid_be_national_number", R"(\d{2}[ .]?\d{2}[ .]?\d{2}[ .\-]?\d{3}[ .\-]?\d{2})", be_national_number_valid, 40, true, 11},
    {"nid_pl_pesel", R"(\d{11})", pl_pesel_valid, 40, true, 11},
    {"nid_se_personnummer", R"((?:19|20)?\d{6}[\-+ ]?\d{4})", se_personnummer_valid, 40, true, 10},
    {"nid_dk_cpr", R"(\d{6}[\- ]?\d{4})", dk_cpr_valid, 40, true, 10},
    {"nid_no_fodselsnummer", R"(\d{6}[ ]?\d{5})", no_fodselsnummer_valid, 40, true, 11},
    {"nid_fi_hetu", R"(\d{6}[\-+A-FU-Y]\d{3}[0-9A-Y])", fi_hetu_valid, 40, true, 9},
    {"nid_at_svnr", R"(\d{4}[ ]?\d{6})", at_svnr_valid, 40, false, 10},
    {"nid_ch_ahv", R"(756[. ]?\d{4}[. ]?\d{4}[. ]?\d{2})", ch_ahv_valid, 40, true, 13},
    {"nid_uk_nhs", R"(\d{3}[ \-]?\d{3}[ \-]?\d{4})", uk_nhs_valid, 40, true, 10},
    {"nid_ie_ppsn", R"(\d{7}[ ]?[A-W][A-IW]?)", ie_ppsn_valid, 40, false, 7},
    {"nid_ca_sin", R"(\d{3}[ \-]?\d{3}[ \-]?\d{3})", ca_sin_valid, 0, false, 9},
    {"nid_in_aadhaar", R"([2-9]\d{3}[ \-]?\d{4}[ \-]?\d{4})", in_aadhaar_valid, 40, false, 12},
    {"nid_in_pan", R"([A-Z]{5}\d{4}[A-Z])", in_pan_valid, 40, false, 4},
    {"nid_au_tfn", R"(\d{3}[ \-]?\d{3}[ \-]?\d{3})", au_tfn_valid, 40, false, 9},
    {"nid_au_medicare", R"([2-6]\d{3}[ \-]?\d{5}[ \-]?\d(?:[ \-/]?\d)?)", au_medicare_valid, 40, false, 10},
    {"nid_cn_resident_id", R"(\d{17}[\dX])", cn_resident_id_valid, 40, false, 17},
    {"nid_jp_my_number", R"(\d{4}[ \-]?\d{4}[ \-]?\d{4})", jp_my_number_valid, 40, false, 12},
    {"nid_kr_rrn", R"(\d{6}[\- ]?\d{7})", kr_rrn_valid, 40, false, 13},
    {"nid_cz_rodne_cislo", R"(\d{6}[ ]?/?[ ]?\d{3,4})", cz_rodne_cislo_valid, 40, false, 9},
    {"nid_ro_cnp", R"([1-9]\d{12})", ro_cnp_valid, 40, false, 13},
    {"nid_il_teudat_zehut", R"(\d{9})", ca_sin_valid, 40, false, 9},  // the same Luhn over 9 digits
    {"nid_za_id", R"(\d{6}[ ]?\d{4}[ ]?\d{3})", za_id_valid, 40, false, 13},
    {"nid_tr_kimlik", R"([1-9]\d{10})", tr_kimlik_valid, 40, false, 11},
    {"nid_sg_nric", R"([STFG]\d{7}[A-Z])", sg_nric_valid, 40, false, 7},
    {"nid_tw_id", R"([A-Z][12]\d{8})", tw_id_valid, 40, false, 9},
    // "E920461(3)": the check digit in brackets, as on the card.
    {"nid_hk_id", R"([A-Z]{1,2}\d{6}[ ]?(?:\([0-9A]\)|[0-9A]))", hk_id_valid, 40, false, 6},
    {"nid_br_cpf", R"(\d{3}\.?\d{3}\.?\d{3}[\-.]?\d{2})", br_cpf_valid, 40, false, 11},
    {"nid_cl_rut", R"(\d{1,2}\.?\d{3}\.?\d{3}-?[\dkK])", cl_rut_valid, 0, false, 7},
    {"nid_uk_utr", R"(\d{5}[ ]?\d{5})", uk_utr_valid, 40, false, 10},
    // A German Steuernummer has no check digit common to every state; the
    // slashed shape after its name is distinctive ("86/431/86551").
    {"nid_de_steuernummer", R"(\d{2,3}/\d{3,4}/\d{4,5})", nullptr, 40, true, 4},
};

// Shapes checked wherever they appear: each is long, punctuated or lettered
// in a way order numbers are not, and carries a check digit.
struct StandaloneId {
  const char* shape;
  bool (*valid)(std::string_view compact);
  int min_digits, min_upper;  // no longer run of digits / of capitals in the text: skip the regex
};

constexpr StandaloneId kStandaloneIds[] = {
    {R"([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])", it_codice_fiscale_valid, 0, 6},
    {R"([1278] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2})", fr_nir_valid, 13, 0},
    {R"(756\.\d{4}\.\d{4}\.\d{2})", ch_ahv_valid, 13, 0},
    // A HETU ending in a digit looks like a dated lot or order number
    // ("240315-1234") and passes one time in 31: alone only with a letter.
    {R"(\d{6}[\-+A]\d{3}[A-Y])", fi_hetu_valid, 9, 0},
    {R"(\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2})", be_national_number_valid, 11, 0},
    // A Chinese resident id: 18 characters holding a real birth date and an
    // ISO 7064 check; an 18-digit order number passes both rarely.
    {R"(\d{17}[\dX])", cn_resident_id_valid, 17, 0},
};

// What may stand between a name and its number: "number", "no.", "is",
// "ist", "è", ":" and the like, but at most max_gap characters with no digit.
std::string cued_pattern(const CuedId& id) {
  const std::string gap = id.max_gap > 0 ? "[^\\d\\n]{0," + std::to_string(id.max_gap) + "}?"
                                         : R"((?:\s+(?:is|was|es|est|ist|è|é|er|är|jest)(?:\s+(?:le|el|il|la|o))?)?\s*[:#=\-]?\s*)";
  // Word boundaries are Latin only: Chinese and Japanese write a name
  // against the words around it ("我的身份证号是…", "マイナンバーは…").
  return R"((?i)(?<![\p{Latin}\p{N}]))" + pii_cue_alternation(id.cues) + R"((?![\p{Latin}]))" + gap +
         R"((?<![\p{Latin}\p{N}\-./])()" + id.shape + R"()(?![\p{Latin}\p{N}]|[\-./]\d))";
}

void find_cued_ids(std::string_view s, std::vector<PiiSpan>& out) {
  static const std::vector<Pattern> patterns = [] {
    std::vector<Pattern> p;
    for (const CuedId& id : kCuedIds) p.emplace_back(cued_pattern(id));
    return p;
  }();
  const std::string lower = to_lower_ascii(s);
  const int digits = longest_digit_cluster(s);
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    if (digits < kCuedIds[k].min_digits || !may_hold_cue(lower, kCuedIds[k].cues)) continue;
    patterns[k].each_at(s, lower, pii_cue_heads(kCuedIds[k].cues), [&](const icu::RegexMatcher& m) {
      if (kCuedIds[k].name_suffices || kCuedIds[k].valid(compact_upper(group_text(s, m, 1))))
        out.push_back({start_of(m, 1), end_of(m, 1), PiiType::national_id});
    });
  }
}

void find_standalone_ids(std::string_view s, std::vector<PiiSpan>& out) {
  static const std::vector<Pattern> patterns = [] {
    std::vector<Pattern> p;
    for (const StandaloneId& id : kStandaloneIds)
      p.emplace_back(std::string(R"((?<![\p{Latin}\p{N}\-./])()") + id.shape + R"()(?![\p{Latin}\p{N}]|[\-./]\d))");
    return p;
  }();
  const int digits = longest_digit_cluster(s);
  int upper = 0;
  for (std::size_t i = 0, run = 0; i < s.size(); ++i) {
    run = s[i] >= 'A' && s[i] <= 'Z' ? run + 1 : 0;
    upper = std::max(upper, static_cast<int>(run));
  }
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    if (digits < kStandaloneIds[k].min_digits || upper < kStandaloneIds[k].min_upper) continue;
    patterns[k].each(s, [&](const icu::RegexMatcher& m) {
      if (kStandaloneIds[k].valid(compact_upper(group_text(s, m, 1))))
        out.push_back({start_of(m, 1), end_of(m, 1), PiiType::national_id});
    });
  }
}

// An SSN, or an ITIN (the taxpayer number of people without one, written
// the same way: "993-70-1764").
bool ssn_ok(std::string_view d) {
  if (us_itin_valid(d)) return true;
  if (d.size() != 9) return false;
  std::string_view area = d.substr(0, 3), group = d.substr(3, 2), serial = d.substr(5);
  return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000";
}

void find_us_ssns(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern ssn(R"re((?<![\d\-./])(\d{3})([\- \x{2013}\x{2014}])(\d{2})\2(\d{4})(?![\d\-/]|\.\d))re");
  ssn.each(s, [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m), e = end_of(m);
    if (ssn_ok(digits_of(s.substr(b, e - b)))) out.push_back({b, e, PiiType::national_id});
  });
  static const Pattern ssn_in_context(
      R"re((?i)\b(?:ssn|ss#|itin|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is\s*|was\s*)?[:#=\-]?\s*(\d{9})\b)re");
  // "Why do you need my SSN?? I entered 245881937": the number may come a
  // few words after the word (no other digits between), unseparated.
  static const Pattern ssn_nearby(R"re((?i)\b(?:ssn|itin|social\s+security)\b[^\d\n]{1,40}?(?<![\d\-])(\d{9})(?![\d\-]))re");
  ssn_nearby.each(s, [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m, 1), e = end_of(m, 1);
    if (ssn_ok(s.substr(b, e - b))) out.push_back({b, e, PiiType::national_id});
  });
  ssn_in_context.each(s, [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m, 1), e = end_of(m, 1);
    if (ssn_ok(s.substr(b, e - b))) out.push_back({b, e, PiiType::national_id});
  });
}

// UK NI numbers: upper case anywhere; any case after words that name one
// ("nino: ye 43 21 09 b").
void find_uk_ni_numbers(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern ni(R"re(\b([A-Z])([A-Z])(?:[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?|-\d{2}-\d{2}-\d{2}-)[A-D]\b)re");
  static const Pattern ni_in_context(
      R"re((?i)\b(?:nino|ni|national\s+insurance)(?:\s*(?:number|no\.?|#))?(?:\s+(?:is|was))?\s*[:#=\-]?\s*(\b[a-z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[a-d]\b))re");
  auto push_ni = [&](std::size_t b, std::size_t e) {
    char first = static_cast<char>(std::toupper(static_cast<unsigned char>(s[b])));
    char second = static_cast<char>(std::toupper(static_cast<unsigned char>(s[b + 1])));
    std::string prefix{first, second};
    if (std::string_view("DFIQUV").find(first) != std::string_view::npos) return;
    if (std::string_view("DFIOQUV").find(second) != std::string_view::npos) return;
    for (const char* bad : {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
      if (prefix == bad) return;
    out.push_back({b, e, PiiType::national_id});
  };
  ni.each(s, [&](const icu::RegexMatcher& m) { push_ni(start_of(m), end_of(m)); });
  ni_in_context.each(s, [&](const icu::RegexMatcher& m) { push_ni(start_of(m, 1), end_of(m, 1)); });
}

}  // namespace

void find_national_ids(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;  // every form has digits
  find_us_ssns(s, out);
  find_uk_ni_numbers(s, out);
  find_standalone_ids(s, out);
  find_cued_ids(s, out);
}

}  // namespace grounded::ingest
