// Dates of birth: a date is personal only when words say it is a birth
// date, so dates are read only after a birth cue (lists dob_cues and
// dob_weak_cues in data/pii_cues.json, in the major European languages).
// Strong cues ("date of birth", "geboortedatum", "nata il") may be followed by
// up to three words ending in a date word before the date ("nato a Roma il
// 12/03/1980", "born in Madrid on 3 May 1985"); weak ones ("birthday", which also names parties
// and vouchers) only by a verb or an article. Month names come from
// month_names, so "4 juillet 1990" and "3. März 1985" read as dates.
#include "ingest/pii_cues.hpp"
#include "ingest/pii_detectors.hpp"
#include "ingest/pii_pattern.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

// The date itself: numeric (12/03/1980, 1980-03-12, 12.03.1980), day month
// year (4 juillet 1990, 3. März 1985, 1er mai 1990, 4 de julio de 1990,
// 12th of March 1980) or month day year (March 12, 1980).
std::string date_pattern() {
  const std::string month = pii_cue_alternation("month_names");
  return R"re((\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}(?![\d]))re"
         R"re(|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日号일])re"  // 1990年5月12日, 1997년 2월 9일
         R"re(|(?:明治|大正|昭和|平成|令和)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)re"  // 平成元年5月10日
         R"re(|\d{1,2}(?:st|nd|rd|th|er|e|º|°|o|\.)?\s+(?:of\s+|de\s+)?)re" + month + R"re(\.?,?\s+(?:de\s+)?\d{4})re"
         "|" + month + R"re(\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}))re";
}

// Between a cue and its date: a verb ("is", "ist", "est", "è" …), an
// article ("the", "le", "der", "il" …) and punctuation, quotes included
// (a record's field: {"dob":"1972-05-30"}, date_of_birth=1990-11-02).
constexpr const char* kLink =
    R"re((?:\s+(?:is|was|est|es|ist|war|era|è|é|är|er|jest|was|zijn|é))?\s*["'”]?\s*[:=\-(,]?\s*["'“]?\s*(?:(?:the|le|el|am|der|den|il|op|em|on)\s+)?)re";
// Up to three words (no digits, no sentence end) after a strong cue, the
// last of them the word that introduces a date ("in Madrid on", "a Roma
// il", "en Sevilla el", "à Lyon le"): "Born Free tickets for 12/05/2026"
// is not a birth date.
constexpr const char* kWords =
    R"re((?:[\s,]+[\p{L}'’]+){0,2}?[\s,]+(?i:on|le|il|el|am|op|em|den|the|der|dnia|la|au)\s+)re";

// A transcript's question and its answer in the next turn: "and your date
// of birth? — Participant: 2nd of October 1975". The speaker's label is a
// few words before a colon.
constexpr const char* kAnswer =
    R"re(\s*\?["”’]?\s*(?:[\x{2013}\x{2014}\-]\s*)?(?:[\p{L}][\p{L}\p{N} ]{0,24}:\s*)?)re";

}  // namespace

void find_dates_of_birth(std::string_view s, std::vector<PiiSpan>& out) {
  if (!contains_digit(s)) return;
  static const Pattern strong(R"re((?i)(?<![\p{L}\p{N}]))re" + pii_cue_alternation("dob_cues") + R"re((?![\p{L}]))re" +
                              "(?:" + kAnswer + "|" + kLink + "|" + kWords + ")" + date_pattern());
  // Chinese and Japanese cues stand against the words around them
  // ("生年月日は1990年5月12日です", "出生日期：1994年8月23日").
  static const Pattern cjk(pii_cue_alternation("dob_cues_cjk") + R"re([\s:：]*(?:は|是|为|為|은|는)?[\s:：]*)re" + date_pattern());
  static const Pattern weak(R"re((?i)(?<![\p{L}\p{N}]))re" + pii_cue_alternation("dob_weak_cues") +
                            R"re((?![\p{L}]))re" + kLink + date_pattern());
  const std::string lower = to_lower_ascii(s);
  auto keep = [&](const icu::RegexMatcher& m) {
    if (group_matched(m, 1)) out.push_back({start_of(m, 1), end_of(m, 1), PiiType::dob});
  };
  // A date the birth word follows ("Ich bin am 12. Mai 1985 geboren", "ik ben
  // op 3 mei 1980 geboren"): only after the word that opens such a date.
  static const Pattern before_cue(R"re((?i)(?<![\p{L}\p{N}])(?:am|op|on|le|el|il|em|den)\s+)re" + date_pattern() +
                                  R"re((?:\s+[\p{L}]+){0,2}?\s+)re" + pii_cue_alternation("dob_after_cues") +
                                  R"re((?![\p{L}]))re");
  if (may_hold_cue(lower, "dob_cues")) strong.each_at(s, lower, pii_cue_heads("dob_cues"), keep);
  if (may_hold_cue(lower, "dob_after_cues")) before_cue.each(s, keep);
  if (may_hold_cue(lower, "dob_weak_cues")) weak.each_at(s, lower, pii_cue_heads("dob_weak_cues"), keep);
  cjk.each_at(s, lower, pii_cue_heads("dob_cues_cjk"), keep);
}

}  // namespace grounded::ingest
