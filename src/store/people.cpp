#include "store/people.hpp"

#include "core/error.hpp"

namespace grounded::store {
namespace {

constexpr std::string_view kAccountColumns = "id, name, industry, employees, revenue, region, stage, stack, domain";
constexpr std::string_view kParticipantColumns = "id, label, role, seniority, segment, account_id";

Account read_account(const Statement& row) {
  Account account;
  account.id = row.int64(0);
  account.name = row.text(1);
  account.industry = row.text(2);
  account.employees = row.optional_int64(3);
  account.revenue = row.optional_real(4);
  account.region = row.text(5);
  account.stage = row.text(6);
  account.stack = row.text(7);
  account.domain = row.text(8);
  return account;
}

Participant read_participant(const Statement& row) {
  Participant participant;
  participant.id = row.int64(0);
  participant.label = row.text(1);
  participant.role = row.text(2);
  participant.seniority = row.text(3);
  participant.segment = row.text(4);
  participant.account_id = row.optional_int64(5);
  return participant;
}

// True when participant p (the row alias `p`) holds ?1 as a merged label.
constexpr std::string_view kHasAlias =
    "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(p.meta) THEN p.meta ELSE '{}' END, '$.aliases') a"
    " WHERE a.value = ?1)";

}  // namespace

Id upsert_account(Database& db, const Account& account) {
  if (account.name.empty()) throw invalid_input("an account needs a name");
  // INSERT OR IGNORE then fill blanks: new facts never overwrite stored ones.
  Statement insert = db.prepare("INSERT OR IGNORE INTO accounts (name) VALUES (?1)");
  insert.bind(1, account.name).run();
  Statement fill = db.prepare(
      "UPDATE accounts SET industry = CASE WHEN industry = '' THEN ?2 ELSE industry END,"
      " employees = coalesce(employees, ?3), revenue = coalesce(revenue, ?4),"
      " region = CASE WHEN region = '' THEN ?5 ELSE region END,"
      " stage = CASE WHEN stage = '' THEN ?6 ELSE stage END,"
      " stack = CASE WHEN stack = '' THEN ?7 ELSE stack END WHERE name = ?1 RETURNING id");
  fill.bind(1, account.name).bind(2, account.industry).bind(3, account.employees).bind(4, account.revenue);
  fill.bind(5, account.region).bind(6, account.stage).bind(7, account.stack);
  fill.step();
  return fill.int64(0);
}

Id upsert_participant(Database& db, const Participant& participant) {
  if (participant.label.empty()) throw invalid_input("a participant needs a name or label");
  // A label merged into another participant (store/people_edits.hpp) stays
  // theirs: new evidence under the old name joins the merged person.
  std::optional<Id> merged;
  {  // read in its own scope: reset before writing (store/database.hpp)
    Statement alias = db.prepare("SELECT p.id FROM participants p WHERE " + std::string(kHasAlias) +
                                 " AND NOT EXISTS (SELECT 1 FROM participants WHERE label = ?1) ORDER BY p.id LIMIT 1");
    alias.bind(1, participant.label);
    if (alias.step()) merged = alias.int64(0);
  }
  if (!merged) {
    Statement insert = db.prepare("INSERT OR IGNORE INTO participants (label) VALUES (?1)");
    insert.bind(1, participant.label).run();
  }
  Statement fill = db.prepare(
      "UPDATE participants SET role = CASE WHEN role = '' THEN ?2 ELSE role END,"
      " seniority = CASE WHEN seniority = '' THEN ?3 ELSE seniority END,"
      " segment = CASE WHEN segment = '' THEN ?4 ELSE segment END,"
      " account_id = coalesce(account_id, ?5) WHERE (?6 IS NULL AND label = ?1) OR id = ?6 RETURNING id");
  fill.bind(1, participant.label).bind(2, participant.role).bind(3, participant.seniority).bind(6, merged);
  fill.bind(4, participant.segment).bind(5, participant.account_id);
  fill.step();
  return fill.int64(0);
}

std::vector<Id> participants_called(Database& db, const std::string& name) {
  Statement query = db.prepare("SELECT p.id FROM participants p WHERE p.label = ?1 OR " + std::string(kHasAlias) +
                               " ORDER BY p.label = ?1 DESC, p.id");
  query.bind(1, name);
  std::vector<Id> ids;
  while (query.step()) ids.push_back(query.int64(0));
  return ids;
}

Placement participant_placement(Database& db, Id participant_id, Id study_id) {
  Statement query = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM sources WHERE participant_id = ?1 AND study_id = ?2)"
      "    OR EXISTS (SELECT 1 FROM excerpts e JOIN sources s ON s.id = e.source_id"
      "               WHERE e.participant_id = ?1 AND s.study_id = ?2),"
      "       EXISTS (SELECT 1 FROM sources WHERE participant_id = ?1)"
      "    OR EXISTS (SELECT 1 FROM excerpts WHERE participant_id = ?1)");
  query.bind(1, participant_id).bind(2, study_id);
  query.step();
  if (query.int64(0) != 0) return Placement::in_study;
  return query.int64(1) != 0 ? Placement::elsewhere : Placement::nowhere;
}

std::vector<Account> list_accounts(Database& db) {
  Statement query = db.prepare("SELECT " + std::string(kAccountColumns) + " FROM accounts ORDER BY name COLLATE NOCASE");
  std::vector<Account> accounts;
  while (query.step()) accounts.push_back(read_account(query));
  return accounts;
}

std::vector<Participant> list_participants(Database& db) {
  Statement query =
      db.prepare("SELECT " + std::string(kParticipantColumns) + " FROM participants ORDER BY label COLLATE NOCASE");
  std::vector<Participant> participants;
  while (query.step()) participants.push_back(read_participant(query));
  return participants;
}

Account get_account(Database& db, Id id) {
  Statement query = db.prepare("SELECT " + std::string(kAccountColumns) + " FROM accounts WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no account with id " + std::to_string(id));
  return read_account(query);
}

Account get_account_by_name(Database& db, const std::string& name) {
  Statement query = db.prepare("SELECT " + std::string(kAccountColumns) + " FROM accounts WHERE name = ?1");
  query.bind(1, name);
  if (!query.step()) throw not_found("no account named '" + name + "'");
  return read_account(query);
}

Participant get_participant(Database& db, Id id) {
  Statement query = db.prepare("SELECT " + std::string(kParticipantColumns) + " FROM participants WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no participant with id " + std::to_string(id));
  return read_participant(query);
}

void update_account(Database& db, const Account& account) {
  if (account.name.empty()) throw invalid_input("an account needs a name");
  Statement update = db.prepare(
      "UPDATE accounts SET name = ?2, industry = ?3, employees = ?4, revenue = ?5, region = ?6, stage = ?7,"
      " stack = ?8, domain = ?9 WHERE id = ?1");
  update.bind(1, account.id).bind(2, account.name).bind(3, account.industry).bind(4, account.employees);
  update.bind(5, account.revenue).bind(6, account.region).bind(7, account.stage).bind(8, account.stack);
  update.bind(9, account.domain);
  try {
    update.run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict) throw conflict("an account named '" + account.name + "' or with the domain '" + account.domain + "' already exists");
    throw;
  }
  if (db.changes() == 0) throw not_found("no account with id " + std::to_string(account.id));
}

void update_participant(Database& db, const Participant& participant) {
  if (participant.label.empty()) throw invalid_input("a participant needs a label");
  Statement update = db.prepare(
      "UPDATE participants SET label = ?2, role = ?3, seniority = ?4, segment = ?5, account_id = ?6 WHERE id = ?1");
  update.bind(1, participant.id).bind(2, participant.label).bind(3, participant.role);
  update.bind(4, participant.seniority).bind(5, participant.segment).bind(6, participant.account_id);
  try {
    update.run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict)
      throw conflict("a participant labelled '" + participant.label + "' already exists, or the account is unknown");
    throw;
  }
  if (db.changes() == 0) throw not_found("no participant with id " + std::to_string(participant.id));
}

}  // namespace grounded::store
