// Participants and accounts as the people pages list them: each row with
// the counts that say how much evidence stands behind it.
//
// "Their excerpts" are the excerpts whose words are theirs by the one
// definition of whose words an excerpt is (store/excerpt_speakers.hpp:
// never an interviewer's or agent's turn). "Their sources" are the sources
// attributed to them (sources.participant_id) plus any source holding an
// excerpt of theirs: a group interview can hold several people.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

struct ParticipantSummary {
  Participant participant;
  std::string account_name;  // "" without an account
  std::int64_t source_count = 0;
  std::int64_t excerpt_count = 0;
  std::vector<std::string> studies;  // the studies of their sources, by name
};

struct AccountSummary {
  Account account;
  std::int64_t participant_count = 0;
  std::int64_t source_count = 0;   // sources of the account or of its participants
  std::int64_t excerpt_count = 0;  // excerpts spoken by its participants
};

// One of a participant's sources, with how many of its excerpts are theirs.
struct ParticipantSource {
  Id source_id = 0;
  std::string title;
  std::string kind;
  std::string occurred_at;
  std::string study;
  bool attributed = false;  // sources.participant_id is this participant
  std::int64_t excerpt_count = 0;
};

struct PeopleFilter {
  std::optional<Id> account_id;  // participants of this account
  std::optional<Id> study_id;    // people with a source in this study
};

// Every participant (passing the filter) by label, case-insensitively.
std::vector<ParticipantSummary> list_participant_summaries(Database& db, const PeopleFilter& filter = {});
ParticipantSummary get_participant_summary(Database& db, Id id);  // Error(not_found)
// The participant's sources, newest first. Error(not_found) for an unknown participant.
std::vector<ParticipantSource> sources_of_participant(Database& db, Id id);

// Every account by name; with filter.study_id, those with a source in the
// study or a participant who has one (filter.account_id is ignored).
std::vector<AccountSummary> list_account_summaries(Database& db, const PeopleFilter& filter = {});
AccountSummary get_account_summary(Database& db, Id id);  // Error(not_found)

}  // namespace grounded::store
