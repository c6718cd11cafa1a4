#include "icp/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "icp/condition_check.hpp"

namespace grounded::icp {
namespace {

using nlohmann::json;

double round2(double value) { return std::round(value * 100) / 100; }

void add_missing(std::vector<std::string>& all, const std::string& field) {
  if (!field.empty() && std::find(all.begin(), all.end(), field) == all.end()) all.push_back(field);
}

std::vector<CitedExcerpt> strongest(std::vector<CitedExcerpt> matched) {
  if (matched.size() > kMaxCitations) matched.resize(kMaxCitations);
  return matched;
}

AttributeScore rate(const Matrix& matrix, const MatrixAttribute& attribute, const AccountFacts& facts,
                    const std::string& today) {
  AttributeScore out;
  out.key = attribute.key;
  out.label = attribute.label;
  out.kind = attribute.kind;
  out.weight = attribute.weight;
  ConditionResult ideal = check_condition(matrix, attribute.ideal, facts, today);
  out.fact = ideal.fact;
  out.evidence_count = static_cast<int>(ideal.matched.size());
  if (ideal.verdict == Verdict::unknown) {
    out.level = "missing";
    out.rule = "Not rated: " + ideal.fact;
    out.missing.push_back(ideal.missing);
    return out;
  }
  const ConditionResult* decided = &ideal;
  ConditionResult good;
  if (ideal.verdict == Verdict::met) {
    out.rating = 5;
    out.level = "ideal";
    out.rule = "Ideal: " + attribute.ideal.description;
  } else if (attribute.good && (good = check_condition(matrix, *attribute.good, facts, today)).verdict == Verdict::met) {
    out.rating = 3;
    out.level = "good";
    out.rule = "Good: " + attribute.good->description;
    decided = &good;
  } else {
    out.rating = 1;
    out.level = "poor";
    out.rule = "Poor: not Ideal (" + attribute.ideal.description + ")" +
               (attribute.good ? " nor Good (" + attribute.good->description + ")" : "");
  }
  out.fact = decided->fact;
  out.citations = strongest(decided->matched);
  return out;
}

RuleHit hit_of(const MatrixRule& rule, const ConditionResult& result) {
  return RuleHit{rule.key, rule.label, rule.adjust, rule.when.description, result.fact, strongest(result.matched)};
}

}  // namespace

const Tier& tier_for(const Matrix& matrix, double score) {
  double rounded = round2(score);
  for (const Tier& tier : matrix.tiers)
    if (rounded >= tier.min - 1e-9) return tier;
  return matrix.below;
}

AccountScore score_account(const Matrix& matrix, const AccountFacts& facts, const std::string& today) {
  AccountScore out;
  out.account_id = facts.id;
  out.account_name = facts.name;
  double rated_weight = 0, sum = 0;
  out.attributes.reserve(matrix.attributes.size());
  for (const auto& attribute : matrix.attributes) {
    out.attributes.push_back(rate(matrix, attribute, facts, today));
    const AttributeScore& a = out.attributes.back();
    if (a.rating) {
      rated_weight += a.weight;
      sum += a.weight * *a.rating;
    }
    for (const auto& field : a.missing) add_missing(out.missing, field);
  }
  out.complete = out.missing.empty();
  for (auto& a : out.attributes)
    if (a.rating) a.effective_weight = round2(a.weight / rated_weight * 100);

  for (const auto& rule : matrix.disqualifiers) {
    ConditionResult result = check_condition(matrix, rule.when, facts, today);
    if (result.verdict == Verdict::met) out.disqualified_by.push_back(hit_of(rule, result));
    if (result.verdict == Verdict::unknown) out.unchecked.push_back(rule.label + ": " + result.fact);
  }
  if (rated_weight <= 0) {
    out.tier = out.disqualified_by.empty() ? kUnscored : matrix.below.key;
    out.tier_label = out.disqualified_by.empty() ? "Not enough data" : matrix.below.label;
    return out;
  }
  double adjusted = sum / rated_weight;
  out.weighted = round2(adjusted);
  for (const auto& rule : matrix.signals) {
    ConditionResult result = check_condition(matrix, rule.when, facts, today);
    if (result.verdict != Verdict::met) continue;
    out.signals.push_back(hit_of(rule, result));
    adjusted += rule.adjust;
  }
  out.score = round2(std::clamp(adjusted, 1.0, 5.0));
  const Tier& tier = out.disqualified_by.empty() ? tier_for(matrix, *out.score) : matrix.below;
  out.tier = tier.key;
  out.tier_label = tier.label;
  return out;
}

std::vector<TierCount> tier_distribution(const Matrix& matrix, const std::vector<AccountScore>& scores) {
  std::vector<TierCount> counts;
  for (const auto& tier : matrix.tiers) counts.push_back({tier.key, tier.label, 0});
  counts.push_back({matrix.below.key, matrix.below.label, 0});
  counts.push_back({kUnscored, "Not enough data", 0});
  for (const auto& score : scores)
    for (auto& count : counts)
      if (count.key == score.tier) {
        ++count.accounts;
        break;
      }
  return counts;
}

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

void to_json(json& out, const CitedExcerpt& cited) {
  const EvidenceExcerpt& e = cited.excerpt;
  out = {{"excerpt_id", e.excerpt_id},
         {"source_id", e.source_id},
         {"quote", e.quote},
         {"source_title", e.source_title},
         {"source_kind", e.source_kind},
         {"occurred_at", e.occurred_at},
         {"start_ms", e.start_ms ? json(*e.start_ms) : json(nullptr)},
         {"speaker", e.speaker},
         {"participant_label", e.participant_label},
         {"participant_role", e.participant_role},
         {"seniority", e.seniority},
         {"category", e.category},
         {"subfields", e.subfields},
         {"tag_status", e.tag_status},
         {"confidence", e.confidence},
         {"points", cited.points}};
}

void to_json(json& out, const AttributeScore& a) {
  out = {{"key", a.key},
         {"label", a.label},
         {"kind", to_string(a.kind)},
         {"weight", a.weight},
         {"effective_weight", a.effective_weight},
         {"rating", a.rating ? json(*a.rating) : json(nullptr)},
         {"level", a.level},
         {"rule", a.rule},
         {"fact", a.fact},
         {"missing", a.missing},
         {"evidence_count", a.evidence_count},
         {"citations", a.citations}};
}

void to_json(json& out, const RuleHit& hit) {
  out = {{"key", hit.key}, {"label", hit.label}, {"adjust", hit.adjust},
         {"rule", hit.rule}, {"fact", hit.fact}, {"citations", hit.citations}};
}

namespace {
json score_fields(const AccountScore& s) {
  return {{"account_id", s.account_id},
          {"account_name", s.account_name},
          {"score", s.score ? json(*s.score) : json(nullptr)},
          {"weighted", s.weighted ? json(*s.weighted) : json(nullptr)},
          {"tier", s.tier},
          {"tier_label", s.tier_label},
          {"complete", s.complete},
          {"missing", s.missing}};
}
}  // namespace

void to_json(json& out, const AccountScore& s) {
  out = score_fields(s);
  out["attributes"] = s.attributes;
  out["signals"] = s.signals;
  out["disqualified_by"] = s.disqualified_by;
  out["unchecked"] = s.unchecked;
}

json score_row(const AccountScore& s) {
  json out = score_fields(s);
  json ratings = json::object();
  for (const auto& a : s.attributes) ratings[a.key] = a.rating ? json(*a.rating) : json(nullptr);
  out["ratings"] = ratings;
  json signals = json::array();
  for (const auto& hit : s.signals) signals.push_back({{"key", hit.key}, {"label", hit.label}, {"adjust", hit.adjust}});
  out["signals"] = signals;
  json disqualified = json::array();
  for (const auto& hit : s.disqualified_by) disqualified.push_back({{"key", hit.key}, {"label", hit.label}, {"fact", hit.fact}});
  out["disqualified_by"] = disqualified;
  return out;
}

void to_json(json& out, const TierCount& count) {
  out = {{"key", count.key}, {"label", count.label}, {"accounts", count.accounts}};
}

}  // namespace grounded::icp
