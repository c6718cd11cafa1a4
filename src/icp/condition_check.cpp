#include "icp/condition_check.hpp"

#include <algorithm>
#include <map>

#include "icp/number_text.hpp"
#include "text/strings.hpp"

namespace grounded::icp {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::optional<long> day_number(const std::string& iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  long y = std::stol(iso.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, m, d);
}

bool contains_any_of(const std::string& folded, const Words& words, std::string* which) {
  for (std::size_t i = 0; i < words.folded.size(); ++i)
    if (folded.find(words.folded[i]) != std::string::npos) {
      if (which) *which = words.shown[i];
      return true;
    }
  return false;
}

bool equals_any_of(const std::string& folded, const Words& words) {
  return std::find(words.folded.begin(), words.folded.end(), folded) != words.folded.end();
}

std::string value_text(const FieldValue& value) {
  return value.number ? format_number(*value.number) : "“" + value.text + "”";
}

ConditionResult check_field(const Condition& c, const AccountFacts& facts) {
  ConditionResult result;
  auto found = facts.fields.find(c.field);
  if (found == facts.fields.end() || !found->second.present()) {
    result.missing = c.field;
    result.fact = "no " + c.field;
    return result;
  }
  const FieldValue& value = found->second;
  result.fact = c.field + " is " + value_text(value);
  bool met = false;
  if (c.min || c.max) {
    if (!value.number) {
      result.missing = c.field;
      result.fact = c.field + " is " + value_text(value) + ", not a number";
      return result;
    }
    met = (!c.min || *value.number >= *c.min) && (!c.max || *value.number <= *c.max);
  } else {
    std::string folded = value.number ? format_number(*value.number) : value.folded;
    if (c.any_of) met = equals_any_of(folded, *c.any_of);
    if (c.none_of) met = !equals_any_of(folded, *c.none_of);
    std::string which;
    if (c.contains_any) met = contains_any_of(folded, *c.contains_any, &which);
    if (met && !which.empty()) result.fact += " (mentions " + which + ")";
  }
  result.verdict = met ? Verdict::met : Verdict::not_met;
  return result;
}

bool selected(const EvidenceSelector& selector, const EvidenceExcerpt& excerpt) {
  if (excerpt.category != selector.category) return false;
  for (const auto& [key, values] : selector.where) {
    auto value = excerpt.subfields.find(key);
    if (value == excerpt.subfields.end() || std::find(values.begin(), values.end(), value->second) == values.end())
      return false;
  }
  return true;
}

double points_of(const EvidenceSelector& selector, const EvidenceExcerpt& excerpt, const std::string& today) {
  double points = selector.default_points;
  if (!selector.points_by.empty()) {
    auto value = excerpt.subfields.find(selector.points_by);
    if (value != excerpt.subfields.end()) {
      auto worth = selector.points.find(value->second);
      if (worth != selector.points.end()) points = worth->second;
    }
  }
  if (selector.recent_days) {
    std::optional<long> age = days_between(excerpt.occurred_at, today);
    if (!age || *age > *selector.recent_days) points *= selector.older_factor;
  }
  return points;
}

bool spoken_by_decision_maker(const EvidenceSelector& selector, const EvidenceExcerpt& excerpt) {
  std::string who = text::lower(excerpt.seniority + " | " + excerpt.participant_role);
  return contains_any_of(who, selector.decision_makers, nullptr);
}

// "money 2, time 1" — how the matched excerpts split by the points sub-field.
std::string split_by(const EvidenceSelector& selector, const std::vector<CitedExcerpt>& matched) {
  if (selector.points_by.empty()) return "";
  std::map<std::string, int> counts;
  for (const auto& m : matched) {
    auto value = m.excerpt.subfields.find(selector.points_by);
    counts[value == m.excerpt.subfields.end() || value->second.empty() ? "unspecified" : value->second]++;
  }
  std::string out;
  for (const auto& [value, n] : counts) out += (out.empty() ? "" : ", ") + value + " " + std::to_string(n);
  return selector.points_by + ": " + out;
}

ConditionResult check_evidence(const Matrix& matrix, const Condition& c, const AccountFacts& facts,
                               const std::string& today) {
  ConditionResult result;
  const EvidenceSelector& selector = *c.evidence;
  std::map<Id, CitedExcerpt> by_excerpt;  // an excerpt counts once, whatever tags it has
  std::size_t tagged = 0;
  for (const auto& e : facts.evidence) {
    if (!counts_as_evidence(matrix, e)) continue;
    ++tagged;
    if (!selected(selector, e)) continue;
    double points = points_of(selector, e, today);
    auto [it, inserted] = by_excerpt.try_emplace(e.excerpt_id, CitedExcerpt{e, points});
    if (!inserted && points > it->second.points) it->second = CitedExcerpt{e, points};
  }
  if (tagged == 0) {
    result.missing = "tagged evidence";
    result.fact = "no tagged customer excerpts for this account";
    return result;
  }
  for (auto& [id, cited] : by_excerpt) result.matched.push_back(std::move(cited));
  std::stable_sort(result.matched.begin(), result.matched.end(), [](const CitedExcerpt& a, const CitedExcerpt& b) {
    if (a.points != b.points) return a.points > b.points;
    return a.excerpt.occurred_at > b.excerpt.occurred_at;
  });
  double points = 0;
  const EvidenceExcerpt* maker = nullptr;
  for (const auto& m : result.matched) {
    points += m.points;
    if (!maker && spoken_by_decision_maker(selector, m.excerpt)) maker = &m.excerpt;
  }
  int count = static_cast<int>(result.matched.size());
  const std::string& what = selector.noun;
  if (count == 0) {
    result.fact = "no " + what + " excerpts among " + std::to_string(tagged) + " tagged excerpts";
  } else {
    result.fact = std::to_string(count) + " " + what + (count == 1 ? " excerpt" : " excerpts");
    std::string split = split_by(selector, result.matched);
    if (!split.empty()) result.fact += " (" + split + ")";
    if (!selector.points_by.empty() || selector.recent_days) result.fact += " worth " + format_number(points) + " points";
    if (!selector.decision_makers.shown.empty()) {
      std::string who = maker ? (maker->participant_label.empty() ? maker->speaker : maker->participant_label) : "";
      std::string as = maker ? (maker->seniority.empty() ? maker->participant_role : maker->seniority) : "";
      result.fact += maker ? "; spoken by a decision-maker: " + who + (as.empty() ? "" : " (" + as + ")")
                           : "; none spoken by a decision-maker";
    }
  }
  bool met = (!c.min_excerpts || count >= *c.min_excerpts) && (!c.max_excerpts || count <= *c.max_excerpts) &&
             (!c.min_points || points >= *c.min_points - 1e-9) && (!c.decision_maker || maker != nullptr);
  result.verdict = met ? Verdict::met : Verdict::not_met;
  return result;
}

}  // namespace

std::optional<long> days_between(const std::string& from, const std::string& to) {
  std::optional<long> a = day_number(from), b = day_number(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

bool counts_as_evidence(const Matrix& matrix, const EvidenceExcerpt& excerpt) {
  if (std::find(matrix.evidence_statuses.begin(), matrix.evidence_statuses.end(), excerpt.tag_status) ==
      matrix.evidence_statuses.end())
    return false;
  return excerpt.tag_status == "accepted" || excerpt.confidence >= matrix.evidence_min_confidence;
}

ConditionResult check_condition(const Matrix& matrix, const Condition& condition, const AccountFacts& facts,
                                const std::string& today) {
  return condition.evidence ? check_evidence(matrix, condition, facts, today) : check_field(condition, facts);
}

}  // namespace grounded::icp
