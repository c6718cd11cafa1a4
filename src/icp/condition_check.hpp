// Checks one matrix condition against one account: met, not met, or unknown
// (the account lacks the field, or has no tagged evidence at all), with the
// fact it read and the excerpts it matched. Used by scoring.cpp for ratings,
// signals and disqualifiers alike.
#pragma once

#include <string>
#include <vector>

#include "icp/account_facts.hpp"
#include "icp/matrix.hpp"
#include "icp/scoring.hpp"

namespace grounded::icp {

enum class Verdict { met, not_met, unknown };

struct ConditionResult {
  Verdict verdict = Verdict::unknown;
  std::string fact;                  // "industry is Logistics", "3 pain point excerpts worth 7 points"
  std::string missing;               // what was missing when unknown ("employees", "tagged evidence")
  std::vector<CitedExcerpt> matched;  // evidence conditions: every matched excerpt, strongest first
};

// Whether the tag counts as evidence under the matrix's evidence_tags.
bool counts_as_evidence(const Matrix& matrix, const EvidenceExcerpt& excerpt);

ConditionResult check_condition(const Matrix& matrix, const Condition& condition, const AccountFacts& facts,
                                const std::string& today);

// Whole days from ISO date `from` to `to` (both "YYYY-MM-DD…"); empty when
// either does not start with a valid date.
std::optional<long> days_between(const std::string& from, const std::string& to);

}  // namespace grounded::icp
