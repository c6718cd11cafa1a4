// JSON forms of the people rows (store/people_summary.hpp) and of the
// outcomes of people edits (store/people_edits.hpp), shared by the API and
// the `grounded participants|accounts --json` verbs so both speak one shape.
#pragma once

#include <nlohmann/json.hpp>

#include "store/audit_log.hpp"
#include "store/people_edits.hpp"
#include "store/people_summary.hpp"

namespace grounded::store {

// The participant's fields plus account_name, source_count, excerpt_count, studies (names).
void to_json(nlohmann::json& out, const ParticipantSummary& summary);
// The account's fields plus participant_count, source_count, excerpt_count.
void to_json(nlohmann::json& out, const AccountSummary& summary);
// {source_id, title, kind, occurred_at, study, attributed, excerpt_count}
void to_json(nlohmann::json& out, const ParticipantSource& source);
// {participant, source_ids, excerpts_moved, persona_ids}
void to_json(nlohmann::json& out, const MergeOutcome& outcome);
// {participant (the new one), source_ids, excerpts_moved}
void to_json(nlohmann::json& out, const SplitOutcome& outcome);

}  // namespace grounded::store
