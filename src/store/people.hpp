// Participants (pseudonymous people) and accounts (companies).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

// Finds the account by name or creates it; fields that are set in `account`
// and empty in the stored row are filled in. Returns the id.
Id upsert_account(Database& db, const Account& account);
// Finds the participant by label (or by a label merged into them) or creates
// it, filling empty fields the same way.
Id upsert_participant(Database& db, const Participant& participant);

// The participants known as `name`: labelled so, or holding it as the label
// of someone merged into them (store/people_edits.hpp). Exact match; the
// labelled one first, then by id.
std::vector<Id> participants_called(Database& db, const std::string& name);
// Where a participant speaks, relative to one study: a source attributed to
// them or an excerpt of theirs in that study, only in other studies, or
// nowhere yet. Asked once per named speaker at ingest, so each answer stops
// at the first row found instead of listing every study (a person with
// thousands of excerpts made listing cost milliseconds per file).
enum class Placement { in_study, elsewhere, nowhere };
Placement participant_placement(Database& db, Id participant_id, Id study_id);

std::vector<Account> list_accounts(Database& db);
std::vector<Participant> list_participants(Database& db);
Account get_account(Database& db, Id id);          // Error(not_found)
// The account with exactly this name; Error(not_found) naming it.
Account get_account_by_name(Database& db, const std::string& name);
Participant get_participant(Database& db, Id id);  // Error(not_found)
// Overwrites every editable field. Error(not_found), or Error(conflict) when
// the new name/label is taken.
void update_account(Database& db, const Account& account);
void update_participant(Database& db, const Participant& participant);

}  // namespace grounded::store
