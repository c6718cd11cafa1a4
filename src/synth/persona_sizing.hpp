// A persona's size and priority from the records beside the evidence: how
// many CRM accounts and users (participants, survey respondents included)
// match its cohort — not only the people interviewed — and the revenue
// potential of those accounts (won and open deals). The priority tier is
// computed from revenue potential, market size and ICP fit (weights and thresholds in
// src/synth/data/persona_priority.json); a tier set on the persona by hand
// (personas.priority_tier, audited as persona.update) overrides it.
//
// Matching: a cohort's account part (ids, industries, stages) picks
// accounts; its participant part (ids, roles, segments) picks users, and,
// when it has no account part, the accounts of those users. Evidence-only
// parts (source kinds, tags, studies) do not narrow the market.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::synth {

struct PersonaSizing {
  std::int64_t accounts = 0;           // matching accounts (all of them, not only those with evidence)
  std::int64_t all_accounts = 0;
  std::int64_t users = 0;              // matching participants
  std::int64_t survey_respondents = 0; // of them, people known from survey responses
  std::int64_t won_deals = 0, open_deals = 0, lost_deals = 0;
  double won_amount = 0, open_amount = 0;
  double pipeline_share = 0;           // (won + open_weight × open) of these accounts / of all deals
  double market_share = 0;             // accounts / all_accounts
  // Share of the matched accounts the ICP matrix in force puts in its first
  // tier (icp/score_board.hpp); nullopt when none could be scored.
  std::optional<double> icp_tier1_share;
  double score = 0;
  std::string computed_tier;  // "1" | "2" | "3" | "" (no accounts to size by)
  std::string manual_tier;    // the persona's priority_tier ("" = none)
  std::string tier;           // manual_tier when set, else computed_tier
  bool override_differs = false;  // a manual tier that is not the computed one ("primary" = tier 1)
  std::string basis;          // in words: why this tier
  std::vector<Id> account_ids;  // the matched accounts (sorted)
};
void to_json(nlohmann::json& out, const PersonaSizing& sizing);

// Sizes a persona (its cohort JSON and manual tier). Error(invalid_input)
// for a cohort that does not parse.
PersonaSizing size_persona(store::Database& db, const Persona& persona);

}  // namespace grounded::synth
