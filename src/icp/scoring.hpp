// Account scores that explain themselves: each attribute's rating, the rule
// that gave it, the fact it read and, for evidence ratings, the excerpts it
// cites; the signals that moved the score; the disqualifier (and the fact)
// that put an account out. Pure functions over icp/account_facts.hpp.
//
// Missing data is never scored as Poor: an attribute whose field is empty
// (or, for evidence, an account with no tagged customer excerpts) is left
// unrated, the weights are renormalised over the rated attributes, and the
// score is marked incomplete with the missing fields named.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "icp/account_facts.hpp"
#include "icp/matrix.hpp"

namespace grounded::icp {

// An excerpt an evidence rating or signal rests on, with what it was worth.
struct CitedExcerpt {
  EvidenceExcerpt excerpt;
  double points = 0;
};

struct AttributeScore {
  std::string key;
  std::string label;
  AttributeKind kind = AttributeKind::list;
  double weight = 0;                // as in the matrix (percent)
  double effective_weight = 0;      // renormalised over the rated attributes (0 when unrated)
  std::optional<int> rating;        // 5, 3 or 1; empty when the data is missing
  std::string level;                // ideal | good | poor | missing
  std::string rule;                 // "Ideal: industry is one of Logistics, …"
  std::string fact;                 // what the account has: "industry is Logistics"
  std::vector<std::string> missing;  // the fields it lacks ("employees", "tagged evidence")
  std::vector<CitedExcerpt> citations;  // strongest first, at most kMaxCitations
  int evidence_count = 0;           // excerpts the evidence rule matched (may exceed citations)
};

// A signal that moved the score or a disqualifier that fired.
struct RuleHit {
  std::string key;
  std::string label;
  double adjust = 0;
  std::string rule;   // the condition in words
  std::string fact;   // what triggered it: "employees is 8", "2 objection excerpts …"
  std::vector<CitedExcerpt> citations;
};

struct AccountScore {
  Id account_id = 0;
  std::string account_name;
  std::optional<double> weighted;   // Σ weight × rating / Σ weight over rated attributes
  std::optional<double> score;      // weighted + signals, within 1…5, rounded to 2 decimals
  std::string tier;                 // a tier key, the `below` key, or "unscored"
  std::string tier_label;
  bool complete = true;
  std::vector<std::string> missing;        // fields missing across attributes, in matrix order
  std::vector<AttributeScore> attributes;  // in matrix order
  std::vector<RuleHit> signals;
  std::vector<RuleHit> disqualified_by;
  std::vector<std::string> unchecked;      // disqualifiers that could not be checked, and why
};

inline constexpr std::size_t kMaxCitations = 5;
inline constexpr const char* kUnscored = "unscored";

// Scores one account. `today` is an ISO date ("2026-11-29") for recency.
AccountScore score_account(const Matrix& matrix, const AccountFacts& facts, const std::string& today);

// The tier for a score (rounded to 2 decimals): the first tier whose min it
// reaches, else matrix.below.
const Tier& tier_for(const Matrix& matrix, double score);

// Accounts per tier key, in matrix order, then below, then unscored.
struct TierCount {
  std::string key;
  std::string label;
  std::int64_t accounts = 0;
};
std::vector<TierCount> tier_distribution(const Matrix& matrix, const std::vector<AccountScore>& scores);

// Today's date in UTC as "YYYY-MM-DD".
std::string today_utc();

void to_json(nlohmann::json& out, const CitedExcerpt& cited);
void to_json(nlohmann::json& out, const AttributeScore& score);
void to_json(nlohmann::json& out, const RuleHit& hit);
void to_json(nlohmann::json& out, const AccountScore& score);  // full, with citations
void to_json(nlohmann::json& out, const TierCount& count);
// The compact row of a list: scores and ratings, no citations or rules.
nlohmann::json score_row(const AccountScore& score);

}  // namespace grounded::icp
