#include "ingest/pii_detectors.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <string>

#include "ingest/pii_checksums.hpp"
#include "ingest/pii_cues.hpp"
#include "ingest/pii_pattern.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// A value after key=/token=/password= that looks like a secret rather than a word.
bool looks_secret(std::string_view v) {
  bool letter = std::any_of(v.begin(), v.end(), is_alpha);
  return v.size() >= 20 || (v.size() >= 8 && letter && contains_digit(v));
}

// URLs that carry their secret in the path, not the query: webhooks (Slack
// /services/T…/B…/…, Discord /api/webhooks/<id>/<token>) and one-time links
// (/reset/<uid>/<token>, /verify/…, /invite/…, /magic/…). Such a URL whose
// path names one, with a later segment of 8+ opaque characters, is a secret.
bool secret_in_path(std::string_view url) {
  const std::string lower = to_lower_ascii(url);
  std::size_t path = lower.find('/', lower.find("://") + 3);
  if (path == std::string::npos) return false;
  bool named = false;
  for (const std::string& word : pii_cue_list("secret_path_words")) named |= lower.find(word) != std::string::npos;
  if (!named) return false;
  std::size_t segment_start = path + 1;
  for (std::size_t i = segment_start; i <= url.size(); ++i) {
    if (i < url.size() && url[i] != '/' && url[i] != '?' && url[i] != '#') continue;
    std::string_view segment = url.substr(segment_start, i - segment_start);
    bool opaque = segment.size() >= 8 && std::all_of(segment.begin(), segment.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    bool word_like = std::none_of(segment.begin(), segment.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c));
    });  // "webhooks", "incoming-events", "setup-guide": lower-case words are not tokens
    if (opaque && !word_like) return true;
    if (i < url.size() && url[i] != '/') break;
    segment_start = i + 1;
  }
  return false;
}

// "ftp://backup:Winter2024!@files.example.net/": a user name and password
// before the host.
bool password_in_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t host_end = url.find_first_of("/?#", scheme + 3);
  const std::string_view authority = url.substr(scheme + 3, host_end == std::string_view::npos ? url.npos : host_end - scheme - 3);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::size_t colon = authority.find(':');
  return colon != std::string_view::npos && colon < at && at - colon > 1;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
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

// The IBAN length of a country that issues them (iban_countries: "DE22"), 0 for any other.
std::size_t iban_length(std::string_view country) {
  for (const std::string& entry : pii_cue_list("iban_countries"))
    if (entry.compare(0, 2, country) == 0) return static_cast<std::size_t>(std::stoi(entry.substr(2)));
  return 0;
}

bool iban_valid(std::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  // Only a country that issues IBANs: "RF18 5390 0754 7034" (a creditor
  // reference) passes mod 97 as well. The length is not checked: people
  // drop or repeat a group when they type one, and mod 97 still decides.
  if (iban_length(compact.substr(0, 2)) == 0) return false;
  if (!std::isupper(static_cast<unsigned char>(compact[0])) || !std::isupper(static_cast<unsigned char>(compact[1])) ||
      !is_digit(compact[2]) || !is_digit(compact[3]))
    return false;
  std::string rearranged = std::string(compact.substr(4)) + std::string(compact.substr(0, 4));
  int rem = 0;
  for (char c : rearranged) {
    if (is_digit(c)) rem = (rem * 10 + (c - '0')) % 97;
    else if (std::isupper(static_cast<unsigned char>(c))) rem = (rem * 100 + (c - 'A' + 10)) % 97;
    else return false;
  }
  return rem == 1;
}

void find_secret_urls(std::string_view s, std::vector<PiiSpan>& out) {
  const bool scheme = s.find("://") != std::string_view::npos;
  if (!scheme && s.find('=') == std::string_view::npos) return;
  // Query parameters that carry a credential, also with a prefix
  // ("invite_code", "reset_token", "refresh-token").
  static const Pattern secret_param(R"re((?i)[?&#;](?:[a-z0-9]+[_\-])*)re" + pii_cue_alternation("secret_url_params") +
                                    R"re(=([^&#\s]+))re");
  if (scheme) {
    static const Pattern url(R"re((?i)\b[a-z][a-z0-9+.\-]{1,15}://[^\s<>"'\x{201C}\x{201D}\x{2018}\x{2019}]+)re");
    url.each(s, [&](const icu::RegexMatcher& m) {
      std::size_t b = start_of(m), e = end_of(m);
      while (e > b && std::string_view(".,;:!?)]").find(s[e - 1]) != std::string_view::npos) --e;
      bool secret = secret_in_path(s.substr(b, e - b)) || password_in_userinfo(s.substr(b, e - b));
      secret_param.each(s.substr(b, e - b), [&](const icu::RegexMatcher&) { secret = true; });
      if (secret) out.push_back({b, e, PiiType::secret_url});
    });
  }
  // A link pasted without its scheme ("calendly.com/x/confirm?access_token=…",
  // "…/unsub?sig=…"): the whole run of non-space characters around a
  // credential parameter whose value looks machine-made.
  static const Pattern bare(
      R"re([^\s<>"'()\[\]\x{201C}\x{201D}\x{2018}\x{2019}]*/[^\s<>"'()\[\]\x{201C}\x{201D}\x{2018}\x{2019}]*?[?&](?i:(?:[a-z0-9]+[_\-])*)re" +
      pii_cue_alternation("bare_secret_url_params") + R"re()=([^&#\s<>"'()]+)[^\s<>"'()]*)re");
  bare.each(s, [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m), e = end_of(m);
    while (e > b && std::string_view(".,;:!?)]").find(s[e - 1]) != std::string_view::npos) --e;
    if (looks_secret(s.substr(start_of(m, 1), end_of(m, 1) - start_of(m, 1)))) out.push_back({b, e, PiiType::secret_url});
  });
}

void find_emails(std::string_view s, std::vector<PiiSpan>& out) {
  static const Pattern plain(R"re([\p{L}\p{M}\p{N}._%+\-]+@[\p{L}\p{M}\p{N}\-]+(?:\.[\p{L}\p{M}\p{N}\-]+)*\.\p{L}{2,})re");
  if (s.find('@') != std::string_view::npos) {
    plain.each(s, [&](const icu::RegexMatcher& m) {
      std::size_t b = start_of(m), e = end_of(m);
      while (b < e && (s[b] == '.' || s[b] == '-')) ++b;
      if (s[b] != '@') out.push_back({b, e, PiiType::email});
    });
  }
  // "jane dot doe at acme dot com", "jane(at)acme.com", "jane [at] acme [dot] com",
  // "marta punto vidal arroba gmail punto com": the spelled words of every
  // language in email_at_words / email_dot_words.
  static const std::string at_word = pii_cue_alternation("email_at_words");
  static const std::string dot_word = pii_cue_alternation("email_dot_words");
  static const std::string dot = R"re((?:\s*[\(\[\{<]\s*)re" + dot_word + R"re(\s*[\)\]\}>]\s*|\s+)re" + dot_word + R"re(\s+|\.))re";
  static const Pattern obfuscated(
      R"re((?i)(?<![\p{L}\p{N}])[\p{L}\p{M}\p{N}_%+\-]+(?:)re" + dot + R"re([\p{L}\p{M}\p{N}_%+\-]+)*)re"
      R"re((\s*[\(\[\{<]\s*)re" + at_word + R"re(\s*[\)\]\}>]\s*|\s+)re" + at_word + R"re(\s+))re"
      R"re([\p{L}\p{M}\p{N}\-]+(?:)re" + dot + R"re([\p{L}\p{M}\p{N}\-]+)*?)re" + dot +
      R"re((\p{L}{2,})(?![\p{L}\p{N}]))re");
  // A plain " at " needs a spelled dot and a common top-level domain
  // ("dead at home dot matrix" is English); a bracketed "(at)" is evidence
  // enough, whatever the domain ("tomás(at)agencia.example").
  static const std::set<std::string> common_tlds(pii_cue_list("spelled_email_tlds").begin(),
                                                 pii_cue_list("spelled_email_tlds").end());
  static const Pattern spelled_dot(R"re((?i)(?:\s|[\(\[\{<])\s*)re" + dot_word + R"re(\s*(?:\s|[\)\]\}>]))re");
  const std::string lower = to_lower_ascii(s);
  // Only a bracketed at-word or a spelled-out dot is kept below: without
  // either possible in the text, skip the costly regex.
  if (!may_hold_cue(lower, "email_at_words")) return;
  if (s.find_first_of("([{<") == std::string_view::npos) {
    if (!may_hold_cue(lower, "email_dot_words")) return;
    bool spelled = false;
    spelled_dot.each(s, [&](const icu::RegexMatcher&) { spelled = true; });
    if (!spelled) return;
  }
  obfuscated.each_resuming(s, [&](const icu::RegexMatcher& m) -> std::size_t {
    std::size_t b = start_of(m), e = end_of(m);
    std::string_view at = s.substr(start_of(m, 1), end_of(m, 1) - start_of(m, 1));
    bool bracketed = at.find_first_of("([{<") != std::string_view::npos;
    // A plain " at " is ordinary English ("look at acme.com") unless the
    // writer also spelled out a dot, in English: "at some point it" pairs
    // the English "at" with the French "point" and is prose.
    bool dotted = false;
    const bool english_at = to_lower_ascii(at).find("at") != std::string::npos && at.size() <= 4;
    spelled_dot.each(s.substr(b, e - b), [&](const icu::RegexMatcher& d) {
      dotted |= !english_at || to_lower_ascii(group_text(s.substr(b, e - b), d, 0)).find("dot") != std::string::npos;
    });
    const std::string tld = to_lower_ascii(s.substr(start_of(m, 2), end_of(m, 2) - start_of(m, 2)));
    if (bracketed || (dotted && common_tlds.count(tld))) {
      out.push_back({b, e, PiiType::email});
      return e;
    }
    return end_of(m, 1);  // not an address: the words after its "at" may start one
  });
}

void find_api_keys(std::string_view s, std::vector<PiiSpan>& out) {
  // Every shape below holds '_', '-' or one of these literals, and every
  // assigned form a keyword containing one of the others: text without any
  // skips both regexes (most turns of an interview).
  const std::string lower = to_lower_ascii(s);
  auto has = [&](const char* word) { return lower.find(word) != std::string::npos; };
  const bool shaped_possible = s.find_first_of("_-") != std::string_view::npos || has("akia") || has("asia") ||
                               has("aiza") || has("eyj") || s.find("SK") != std::string_view::npos;
  const auto& stems = pii_cue_list("assigned_secret_stems");
  const bool assigned_possible = std::any_of(stems.begin(), stems.end(), [&](const std::string& w) { return has(w.c_str()); });
  // (?i) also folds the Kelvin sign and the long s into k and s: non-ASCII
  // text always runs the regexes.
  const bool ascii = std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (ascii && !shaped_possible && !assigned_possible) return;
  // Secret-key shapes by vendor prefix (Stripe secret and restricted keys,
  // Twilio API key SIDs "SK" + 32 hex, …); publishable pk_ keys are not secrets.
  static const Pattern shaped(
      R"re(\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|SK[0-9a-f]{32}|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9\-]{8,}|AIza[0-9A-Za-z_\-]{30,}|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}|glpat-[A-Za-z0-9_\-]{20,}|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,}|xapp-[A-Za-z0-9\-]{20,}|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|pypi-[A-Za-z0-9_\-]{50,}|do[por]_v1_[a-f0-9]{64}|sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,}|lin_(?:api|oauth)_[A-Za-z0-9]{32,}|PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b)re");
  shaped.each(s, [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::api_key}); });
  // Licence and product keys after the words that name them in any
  // language ("clé de licence GRND-PRO-8K2Q-X7VM-41ZT", "Produktschlüssel
  // …", "ライセンスキー …"): capitals and digits in three or more dashed groups.
  static const Pattern licence(R"re((?i:)re" + pii_cue_alternation("licence_key_words") +
                               R"re()(?i:\s+(?:is|was|est|es|ist|è|é|lautet|är|jest))?[\s:#=\-\x{FF1A}]*)re"
                               R"re(\b([A-Z0-9]{3,8}(?:-[A-Z0-9]{2,8}){2,7})\b)re");
  if (contains_digit(s) && s.find('-') != std::string_view::npos && may_hold_cue(lower, "licence_key_words"))
    licence.each_at(s, lower, pii_cue_heads("licence_key_words"), [&](const icu::RegexMatcher& m) {
      // Random keys spread digits over their groups; "SKU-2024-BLUE-XL" has one group of them.
      const std::string_view code = group_text(s, m, 1);
      int groups_with_digits = 0;
      for (std::size_t b = 0, e; b <= code.size(); b = e + 1) {
        e = std::min(code.find('-', b), code.size());
        groups_with_digits += contains_digit(code.substr(b, e - b)) ? 1 : 0;
      }
      if (groups_with_digits >= 2) out.push_back({start_of(m, 1), end_of(m, 1), PiiType::api_key});
    });
  static const Pattern assigned(R"re((?i)(?<![\p{L}\p{N}])(?:[A-Za-z0-9]+_)*)re" + pii_cue_alternation("assigned_secret_names") +
                                R"re((?:\s+(?:is|was|es|est|ist))?\s*[=:]?\s*["']?([^\s"'&,;<>]{8,}))re");
  assigned.each(s, [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m, 1), e = end_of(m, 1);
    while (e > b && std::string_view(".)]!?").find(s[e - 1]) != std::string_view::npos) --e;
    std::string_view value = s.substr(b, e - b);
    // Publishable keys (Stripe pk_live_/pk_test_) are meant to sit in web
    // pages: not a secret, so not redacted.
    if (value.rfind("pk_live_", 0) == 0 || value.rfind("pk_test_", 0) == 0) return;
    // "Bearer" and "key" without '=' or ':' need a clearly machine-made value.
    std::string_view whole = s.substr(start_of(m), b - start_of(m));
    bool assigned_op = whole.find_first_of("=:") != std::string_view::npos;
    if (assigned_op ? looks_secret(value) : (value.size() >= 24 && contains_digit(value)))
      out.push_back({b, e, PiiType::api_key});
  });
}

void find_ibans(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;
  static const Pattern upper(R"re(\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){11,32})re");
  // Typed in lower case ("iban at61 1904 …") only right after the word IBAN:
  // a lower-case hash passes mod 97 one time in 97.
  static const Pattern after_word(R"re((?i)\biban\b[\s:#=\-]*(?:(?:is|ist|lautet|est|es|è|é|är|er|jest)\s+)?\b([a-z]{2}[0-9]{2}(?:[ ]?[a-z0-9]){11,32}))re");
  // Typed in lower case with no word before it ("terugstorten op
  // nl79ingb9893359174"): only at its country's exact length, so a
  // lower-case hash passes mod 97 and the length together almost never.
  static const Pattern lower_anywhere(R"re(\b([a-z]{2}[0-9]{2}(?:[ ]?[a-z0-9]){11,32})\b)re");
  auto check = [&](const icu::RegexMatcher& m, int group, bool exact_length) {
    const std::size_t b = start_of(m, group), e = end_of(m, group);
    std::string compact;
    std::vector<std::size_t> ends;  // ends[k] = byte end of the k+1'th compact char
    for (std::size_t i = b; i < e; ++i)
      if (s[i] != ' ') {
        compact += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
        ends.push_back(i + 1);
      }
    // The greedy match may run into a following code or word: take the
    // longest prefix ending at a space or the match end that checks out.
    for (std::size_t k = compact.size(); k >= 15; --k) {
      std::size_t end = ends[k - 1];
      if (end != e && s[end] != ' ') continue;
      if (exact_length && iban_length(std::string_view(compact).substr(0, 2)) != k) continue;
      if (iban_valid(std::string_view(compact).substr(0, k))) {
        out.push_back({b, end, PiiType::iban});
        return;
      }
    }
  };
  upper.each(s, [&](const icu::RegexMatcher& m) { check(m, 0, false); });
  if (to_lower_ascii(s).find("iban") != std::string::npos)
    after_word.each(s, [&](const icu::RegexMatcher& m) { check(m, 1, false); });
  lower_anywhere.each(s, [&](const icu::RegexMatcher& m) { check(m, 1, true); });
}

// A verb between a cue word and its number, in the languages we see.
constexpr const char* kVerb = R"re((?:\s+(?:is|was|ist|lautet|est|es|era|è|é|är|er|jest|to))?)re";

void find_context_numbers(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;
  const std::string lower = to_lower_ascii(s);
  // French bank details (RIB): bank 5, branch 5, account 11, key 2, with
  // or without spaces; the key checks them, so no cue is needed. First, so its
  // letters are not cut off by the account words below.
  static const Pattern rib(R"re((?<![\p{L}\p{N}])(\d{5}[ ]?\d{5}[ ]?[0-9A-Z]{11}[ ]?\d{2})(?![\p{L}\p{N}]))re");
  if (longest_digit_cluster(s) >= 10)  // bank and branch
    rib.each(s, [&](const icu::RegexMatcher& m) {
    if (fr_rib_valid(compact_upper(group_text(s, m, 1)))) out.push_back({start_of(m, 1), end_of(m, 1), PiiType::account});
  });
  // After the cue: a verb, a word for "number" ("conto corrente n.
  // 000047281936", "Konto-Nr."), then digits with single spaces, dashes or
  // dots ("48.27.19.365", "87-482719-3"). Word boundaries are Latin only:
  // Japanese and Chinese write the cue against the number ("普通4827193").
  static const Pattern account(R"re((?i)(?<![\p{Latin}\p{N}]))re" + pii_cue_alternation("account_cues") + kVerb +
                               R"re((?:\s*(?:n[.°º]|nr\.?|no\.?|nummer|n[uú]mero|numer|num[ée]ro))?[\s:#=\-\x{FF1A}]*)re"
                               R"re(((?:[A-Z]{1,2}\s?)?\d(?:[\d\-]|[ .](?=\d)){4,38}\d))re");
  if (may_hold_cue(lower, "account_cues"))
    account.each_at(s, lower, pii_cue_heads("account_cues"), [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m, 1), e = end_of(m, 1);
    if (digits_of(s.substr(b, e - b)).size() >= 6) out.push_back({b, e, PiiType::account});
  });
  // "routing 021000021, account 483920175566": a bare "account" names a bank
  // account only when the same text speaks of banking; elsewhere "account
  // 12345" is a customer or ledger id.
  bool banking = false;
  for (const std::string& cue : pii_cue_list("banking_words")) banking |= lower.find(cue) != std::string::npos;
  if (banking) {
    // 7 to 24 digits, grouped or not ("account 5092318", "konto är 8327-9 914 562 831-4").
    static const Pattern bare_account(R"re((?i)\b)re" + pii_cue_alternation("bare_account_words") + kVerb +
                                      R"re(\s*[:#=\-]?\s*(\d(?:\d|[ \-](?=\d)){6,30})\b)re");
    bare_account.each(s, [&](const icu::RegexMatcher& m) {
      const std::size_t digits = digits_of(group_text(s, m, 1)).size();
      if (digits >= 7 && digits <= 24) out.push_back({start_of(m, 1), end_of(m, 1), PiiType::account});
    });
  }
  // A UK sort code and account number together ("40-47-84 61839027"):
  // the pair is distinctive without a word.
  static const Pattern sort_code_account(R"re((?<![\d\-./])(\d{2}-\d{2}-\d{2}[ ,/]+\d{8})(?![\d\-]))re");
  if (longest_digit_cluster(s) >= 8) {
    sort_code_account.each(s, [&](const icu::RegexMatcher& m) {
      out.push_back({start_of(m, 1), end_of(m, 1), PiiType::account});
    });
  }
  // Passport numbers and other identity documents (ID cards, driving
  // licences, voter and health cards): the word in the languages we see,
  // then a code of letters and digits ("P4366918", "C01X00T47",
  // "PAK492817") or digits, possibly grouped ("547 219 806").
  static const Pattern passport(
      "(?i:" + pii_cue_alternation("passport_words") + "|" + pii_cue_alternation("identity_document_words") + R"re()(?i:[\s\-]*(?:number|no\.?|num|nr\.?|n[°º.]|#|nummer|n[uú]mero))?)re"
      R"re((?:\s+(?i:is|was|es|est|ist|era|è))?[\s:#=\-?,\x{2013}\x{2014}\x{FF1A}]*(?i:(?:it's|it\s+is|it\s+was)\s+)?)re"
      // Digits in groups as printed on cards ("547 219 806", "4827-193-655-KT"),
      // a code of letters and digits, or letters then digits.
      R"re(\b(\d{2,6}(?:[ \-]\d{1,6}){1,4}(?:-[A-Z]{1,2})?|[A-Z0-9]{6,18}|[A-Z]{1,2}[ ]\d{6,8})\b)re");
  if (may_hold_cue(lower, "passport_words") || may_hold_cue(lower, "identity_document_words"))
    passport.each_at(s, lower, pii_cue_heads_of({"passport_words", "identity_document_words"}), [&](const icu::RegexMatcher& m) {
    std::size_t b = start_of(m, 1), e = end_of(m, 1);
    const std::size_t digits = digits_of(s.substr(b, e - b)).size();
    // Letters-and-digits codes need a few digits; a word ("PASSPORT") has none.
    if (digits >= 5 || (digits >= 3 && e - b >= 8)) out.push_back({b, e, PiiType::national_id});
  });
}

void find_look_alikes(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;
  // UPS: 1Z, then 16 letters and digits, often spaced in groups.
  static const Pattern ups(R"re(\b1Z(?:[ ]?[0-9A-Z]){16}\b)re");
  if (s.find("1Z") != std::string_view::npos)
    ups.each(s, [&](const icu::RegexMatcher& m) { out.push_back({start_of(m), end_of(m), PiiType::account}); });
  // Reference numbers after the words that name them, in the languages we
  // see: orders, invoices, contracts, policies, receipts, payment
  // references, service requests, meeting ids ("número de pedido
  // 1180-2291-33", "注文番号 250-1129-4471", "réf. 2.1542.008.00", "SR
  // 7-4401293811"). Digits and separators only, so an IBAN or a passport
  // code after such a word is still read for what it is.
  static const Pattern reference(
      "(?:(?i:\\b" + pii_cue_alternation("reference_words") + ")|" + pii_cue_alternation("reference_words_exact") + ")" +
      R"re((?i:\s*(?:number|no\.?|num|#|id|nr\.?|n[°º]|nummer|n[uú]mero|de\s+pago|de\s+paiement|de\s+caisse))?)re"
      "(?i:\\s*" + pii_cue_alternation("reference_link_words") + ")?" +
      R"re((?:\s*\([^()\n]{0,24}\))?)re"  // "Order ID (if any): 8817-2293-1140"
      R"re((?i:\s+(?:is|was|es|est|ist|era))?[\s:#=\-\x{FF1A}]*(?:は|是|为|為)?\s*)re"
      R"re((?i:,?\s*(?:like|e\.g\.|z\.b\.|p\.\s?ex\.|por\s+ejemplo)\s*)?)re"
      R"re((\d(?:\d|[ \-./](?=\d)){5,40}))re");
  const std::string lower = to_lower_ascii(s);
  if (may_hold_cue(lower, "reference_words") || may_hold_cue(lower, "reference_words_exact"))
    reference.each_at(s, lower, pii_cue_heads_of({"reference_words", "reference_words_exact"}), [&](const icu::RegexMatcher& m) {
    const std::size_t b = start_of(m, 1), e = end_of(m, 1);
    if (digits_of(s.substr(b, e - b)).size() >= 6) out.push_back({b, e, PiiType::account});
  });
  // A company's registration and tax numbers after the words that name
  // them ("NIP firmy 682-765-88-51", "organisationsnummer 556494-9682",
  // "USt-IdNr. DE 123456789", "KvK 12345678"): the business's, not a person's.
  static const Pattern company_id(
      "(?:(?i:\\b" + pii_cue_alternation("company_id_words") + ")|\\b" + pii_cue_alternation("company_id_abbrevs") + ")(?![\\p{L}])" +
      R"re((?i:\s*(?:number|no\.?|num|#|id|nr\.?|n[°º]|nummer|n[uú]mero|numer))?(?i:\s+)re" +
      pii_cue_alternation("company_link_words") + R"re()?)re"
      R"re((?i:\s+(?:is|was|es|est|ist|era|to|är|er))?[\s:#=\-\x{FF1A}]*)re"
      R"re(([A-Z]{0,3}[ \-]?\d(?:[\dA-Z]|[ \-./](?=[\dA-Z])){5,40}))re");
  if (may_hold_cue(lower, "company_id_words") || may_hold_cue(lower, "company_id_abbrevs"))
    company_id.each_at(s, lower, pii_cue_heads_of({"company_id_words", "company_id_abbrevs"}), [&](const icu::RegexMatcher& m) {
      if (digits_of(group_text(s, m, 1)).size() >= 6) out.push_back({start_of(m, 1), end_of(m, 1), PiiType::account});
    });
  // Creditor references (ISO 11649, "RF18 5390 0754 7034"): payment
  // references of a business, checked by mod 97 like an IBAN.
  static const Pattern creditor_reference(R"re(\bRF\d{2}(?:[ ]?[0-9A-Z]){1,21}\b)re");
  if (s.find("RF") != std::string_view::npos)
    creditor_reference.each(s, [&](const icu::RegexMatcher& m) {
      if (mod97_reference_valid(compact_upper(group_text(s, m, 0))))
        out.push_back({start_of(m), end_of(m), PiiType::account});
    });
  // Any carrier's code after a word that names one (upper-case letters,
  // digits, single spaces: "tracking # 7712 3456 7890", "waybill JD0146…",
  // "FedEx 7749 2813 6650").
  static const Pattern announced(
      R"re((?i:\b)re" + pii_cue_alternation("carrier_cues") + R"re((?:\s*(?:number|no\.?|num|#|id|code|nr\.?))?(?:\s+(?:is|was))?)\s*[:#=\-]?\s*([0-9A-Z](?:[0-9A-Z]|[ \-](?=[0-9A-Z])){7,40}))re");
  if (may_hold_cue(lower, "carrier_cues"))
    announced.each_at(s, lower, pii_cue_heads("carrier_cues"), [&](const icu::RegexMatcher& m) {
    const std::size_t b = start_of(m, 1), e = end_of(m, 1);
    if (digits_of(s.substr(b, e - b)).size() >= 6) out.push_back({b, e, PiiType::account});
  });
}

}  // namespace grounded::ingest
