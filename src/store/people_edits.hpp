// Changes a researcher makes to who said what: edit a participant or an
// account, merge two participants, split sources off a participant, change a
// source's participant, and change the role of a speaker label in a source.
//
// Each function is one user action: it opens its own transaction (call it
// outside one), writes an audit row (store/audit_log.hpp) for every row it
// changes, and either does all of it or nothing. Evidence is never lost:
// sources and excerpts only change hands, they are never deleted here.
// `actor` names who acted, for the audit log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

// The fields to change; an unset field keeps its value.
struct ParticipantChanges {
  std::optional<std::string> label, role, seniority, segment;
  std::optional<std::optional<Id>> account_id;  // set to nullopt: no account
  std::optional<std::string> account_name;      // by name, created on first use; "" = no account
};

// Error(not_found) for an unknown participant or account id,
// Error(invalid_input) for an empty label or both account_id and
// account_name, Error(conflict) when another participant has the label
// (the message names it and suggests a merge).
Participant edit_participant(Database& db, Id id, const ParticipantChanges& changes, const std::string& actor);

struct AccountChanges {
  std::optional<std::string> name, industry, region, stage, stack;
  std::optional<std::optional<std::int64_t>> employees;
  std::optional<std::optional<double>> revenue;
};

// Error(not_found), Error(invalid_input) for an empty name or a negative
// size, Error(conflict) when another account has the name.
Account edit_account(Database& db, Id id, const AccountChanges& changes, const std::string& actor);

struct MergeOutcome {
  Participant participant;        // the survivor, after the merge
  std::vector<Id> source_ids;     // sources that changed hands
  std::int64_t excerpts_moved = 0;
  std::vector<Id> persona_ids;    // personas whose cohort named the merged participant
};

// Moves every source and excerpt of `from` to `into`, fills `into`'s empty
// fields (role, seniority, segment, account) from `from`, rewrites persona
// cohorts that list `from` by id, remembers `from`'s label as an alias of
// `into`, and deletes `from`. Error(invalid_input) when from == into,
// Error(not_found) naming the unknown id.
MergeOutcome merge_participants(Database& db, Id from, Id into, const std::string& actor);

struct SplitOutcome {
  Participant created;
  std::vector<Id> source_ids;
  std::int64_t excerpts_moved = 0;
};

// Creates a participant from `fresh` (its label is required and must be
// new; id is ignored) and moves the chosen sources of `from` to it: the
// source's attribution and the excerpts in it that were `from`'s.
// Error(invalid_input) for no sources or a source that is not one of
// `from`'s (named), Error(not_found), Error(conflict) for a taken label.
SplitOutcome split_participant(Database& db, Id from, const std::vector<Id>& source_ids, const Participant& fresh,
                               const std::string& actor);

// Who a source is attributed to: an existing participant by id, or a label
// (found, else created); neither means nobody.
struct ParticipantChoice {
  std::optional<Id> id;
  std::string label;
};

// Attributes the source to the chosen participant: sources.participant_id,
// and its excerpts that were the previous participant's (or, when it had
// none, its participant/customer/author turns without one). The source's
// account follows the participant's when the participant has one.
// Returns the new participant id. Error(not_found) for an unknown source or
// participant.
std::optional<Id> set_source_participant(Database& db, Id source_id, const ParticipantChoice& choice,
                                         const std::string& actor);

// Sets the role of every turn of `speaker` (exact label) in the source.
// Participant, customer and author turns become the source participant's
// words; interviewer, agent and unknown turns nobody's. Returns how many
// excerpts changed. Error(not_found) for an unknown source or a speaker
// label not in it (the message lists the labels).
std::int64_t set_speaker_role(Database& db, Id source_id, const std::string& speaker, SpeakerRole role,
                              const std::string& actor);

}  // namespace grounded::store
