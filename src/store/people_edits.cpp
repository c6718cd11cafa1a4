#include "store/people_edits.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "text/strings.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "store/people.hpp"

namespace grounded::store {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxName = 200;

std::string checked_name(const std::string& typed, const char* what) {
  std::string name = text::trim(typed);
  if (name.empty()) throw invalid_input(std::string(what) + " cannot be empty");
  if (name.size() > kMaxName)
    throw invalid_input(std::string(what) + " is longer than " + std::to_string(kMaxName) + " bytes");
  return name;
}

void audit(Database& db, const std::string& actor, const std::string& action, const std::string& entity, Id id,
           const json& before, const json& after) {
  append_audit(db, {0, actor, action, entity, id, before.is_null() ? "" : dump_json(before),
                    after.is_null() ? "" : dump_json(after), ""});
}

std::optional<Id> participant_with_label(Database& db, const std::string& label) {
  Statement query = db.prepare("SELECT id FROM participants WHERE label = ?1");
  query.bind(1, label);
  if (!query.step()) return std::nullopt;
  return query.int64(0);
}

void ensure_label_free(Database& db, const std::string& label, Id self) {
  std::optional<Id> other = participant_with_label(db, label);
  if (other && *other != self)
    throw conflict("a participant named '" + label + "' already exists (id " + std::to_string(*other) +
                   "); merge the two participants instead of renaming");
}

void ensure_source_exists(Database& db, Id source_id) {
  Statement query = db.prepare("SELECT 1 FROM sources WHERE id = ?1");
  query.bind(1, source_id);
  if (!query.step()) throw not_found("no source with id " + std::to_string(source_id));
}

// The participant's sources (attributed, or holding an excerpt of theirs).
std::vector<Id> source_ids_of(Database& db, Id participant_id) {
  Statement query = db.prepare(
      "SELECT id FROM sources WHERE participant_id = ?1 UNION SELECT source_id FROM excerpts WHERE participant_id = ?1"
      " ORDER BY 1");
  query.bind(1, participant_id);
  std::vector<Id> ids;
  while (query.step()) ids.push_back(query.int64(0));
  return ids;
}

// Moves one source's attribution and excerpts from one participant to
// another; returns the excerpts moved. Audits the source.
std::int64_t move_source(Database& db, Id source_id, Id from, std::optional<Id> to, const std::string& actor,
                         const std::string& action) {
  Statement source = db.prepare("UPDATE sources SET participant_id = ?3 WHERE id = ?1 AND participant_id = ?2");
  source.bind(1, source_id).bind(2, from).bind(3, to).run();
  bool attributed = db.changes() > 0;
  Statement excerpts = db.prepare("UPDATE excerpts SET participant_id = ?3 WHERE source_id = ?1 AND participant_id = ?2");
  excerpts.bind(1, source_id).bind(2, from).bind(3, to).run();
  std::int64_t moved = db.changes();
  audit(db, actor, action, "sources", source_id, {{"participant_id", from}},
        {{"participant_id", to ? json(*to) : json(nullptr)}, {"attribution_moved", attributed}, {"excerpts_moved", moved}});
  return moved;
}

// Replaces `from` by `into` in every persona cohort's participant id list
// (the {"participants": {"ids": [...]}} part, see synth/cohort.hpp).
std::vector<Id> rewrite_cohorts(Database& db, Id from, Id into, const std::string& actor) {
  Statement query = db.prepare("SELECT id, cohort FROM personas");
  std::vector<std::pair<Id, std::string>> personas;
  while (query.step()) personas.emplace_back(query.int64(0), query.text(1));
  std::vector<Id> changed;
  Statement update = db.prepare("UPDATE personas SET cohort = ?2 WHERE id = ?1");
  for (const auto& [persona_id, stored] : personas) {
    json cohort = parse_stored_json(stored);
    if (!cohort.is_object() || !cohort.contains("participants") || !cohort["participants"].is_object()) continue;
    json& ids = cohort["participants"]["ids"];
    if (!ids.is_array()) continue;
    bool names_from = std::any_of(ids.begin(), ids.end(), [&](const json& v) { return v.is_number_integer() && v.get<Id>() == from; });
    if (!names_from) continue;
    std::set<Id> unique;
    for (const json& v : ids)
      if (v.is_number_integer()) unique.insert(v.get<Id>() == from ? into : v.get<Id>());
    json before = parse_stored_json(stored);
    ids = json(std::vector<Id>(unique.begin(), unique.end()));
    update.bind(1, persona_id).bind(2, dump_json(cohort));
    update.run();
    update.reset();
    audit(db, actor, "persona.cohort_rewrite", "personas", persona_id, {{"cohort", before}}, {{"cohort", cohort}});
    changed.push_back(persona_id);
  }
  return changed;
}

void remember_alias(Database& db, Id participant_id, const std::string& alias) {
  Statement update = db.prepare(
      "UPDATE participants SET meta = json_set(CASE WHEN json_valid(meta) THEN meta ELSE '{}' END, '$.aliases',"
      " json_insert(COALESCE(json_extract(CASE WHEN json_valid(meta) THEN meta END, '$.aliases'), '[]'), '$[#]', ?2))"
      " WHERE id = ?1");
  update.bind(1, participant_id).bind(2, alias).run();
}

std::optional<Id> account_by_name(Database& db, const std::string& name) {
  if (text::trim(name).empty()) return std::nullopt;
  Account account;
  account.name = checked_name(name, "an account name");
  return upsert_account(db, account);
}

}  // namespace

Participant edit_participant(Database& db, Id id, const ParticipantChanges& changes, const std::string& actor) {
  if (changes.account_id && changes.account_name)
    throw invalid_input("give the account by id or by name, not both");
  Transaction transaction(db);
  Participant participant = get_participant(db, id);
  json before = participant;
  if (changes.label) participant.label = checked_name(*changes.label, "a participant's name");
  if (changes.role) participant.role = text::trim(*changes.role);
  if (changes.seniority) participant.seniority = text::trim(*changes.seniority);
  if (changes.segment) participant.segment = text::trim(*changes.segment);
  if (changes.account_id) {
    participant.account_id = *changes.account_id;
    if (participant.account_id) get_account(db, *participant.account_id);  // Error(not_found)
  }
  if (changes.account_name) participant.account_id = account_by_name(db, *changes.account_name);
  ensure_label_free(db, participant.label, id);
  update_participant(db, participant);
  audit(db, actor, "participant.edit", "participants", id, before, participant);
  transaction.commit();
  return participant;
}

Account edit_account(Database& db, Id id, const AccountChanges& changes, const std::string& actor) {
  Transaction transaction(db);
  Account account = get_account(db, id);
  json before = account;
  if (changes.name) account.name = checked_name(*changes.name, "an account's name");
  if (changes.industry) account.industry = text::trim(*changes.industry);
  if (changes.region) account.region = text::trim(*changes.region);
  if (changes.stage) account.stage = text::trim(*changes.stage);
  if (changes.stack) account.stack = text::trim(*changes.stack);
  if (changes.employees) account.employees = *changes.employees;
  if (changes.revenue) account.revenue = *changes.revenue;
  if (account.employees && *account.employees < 0) throw invalid_input("employees cannot be negative");
  if (account.revenue && *account.revenue < 0) throw invalid_input("revenue cannot be negative");
  update_account(db, account);
  audit(db, actor, "account.edit", "accounts", id, before, account);
  transaction.commit();
  return account;
}

MergeOutcome merge_participants(Database& db, Id from, Id into, const std::string& actor) {
  if (from == into) throw invalid_input("cannot merge participant " + std::to_string(from) + " into itself");
  Transaction transaction(db);
  Participant gone = get_participant(db, from);
  Participant kept = get_participant(db, into);
  json kept_before = kept;
  MergeOutcome outcome;
  outcome.source_ids = source_ids_of(db, from);
  for (Id source_id : outcome.source_ids)
    outcome.excerpts_moved += move_source(db, source_id, from, into, actor, "source.participant_merge");
  if (kept.role.empty()) kept.role = gone.role;
  if (kept.seniority.empty()) kept.seniority = gone.seniority;
  if (kept.segment.empty()) kept.segment = gone.segment;
  if (!kept.account_id) kept.account_id = gone.account_id;
  outcome.persona_ids = rewrite_cohorts(db, from, into, actor);
  Statement remove = db.prepare("DELETE FROM participants WHERE id = ?1");
  remove.bind(1, from).run();
  update_participant(db, kept);
  remember_alias(db, into, gone.label);
  audit(db, actor, "participant.merge", "participants", into,
        {{"participant", kept_before}, {"merged", gone}},
        {{"participant", kept}, {"source_ids", outcome.source_ids}, {"excerpts_moved", outcome.excerpts_moved},
         {"persona_ids", outcome.persona_ids}});
  audit(db, actor, "participant.merged_into", "participants", from, gone, {{"merged_into", into}});
  transaction.commit();
  outcome.participant = kept;
  return outcome;
}

SplitOutcome split_participant(Database& db, Id from, const std::vector<Id>& source_ids, const Participant& fresh,
                               const std::string& actor) {
  if (source_ids.empty()) throw invalid_input("choose at least one source to split off");
  Transaction transaction(db);
  Participant original = get_participant(db, from);
  std::vector<Id> owned = source_ids_of(db, from);
  std::set<Id> chosen(source_ids.begin(), source_ids.end());
  for (Id source_id : chosen)
    if (!std::binary_search(owned.begin(), owned.end(), source_id))
      throw invalid_input("source " + std::to_string(source_id) + " is not one of " + original.label + "'s sources");
  SplitOutcome outcome;
  outcome.created = fresh;
  outcome.created.id = 0;
  outcome.created.label = checked_name(fresh.label, "the new participant's name");
  outcome.created.role = text::trim(fresh.role);
  outcome.created.seniority = text::trim(fresh.seniority);
  outcome.created.segment = text::trim(fresh.segment);
  if (outcome.created.account_id) get_account(db, *outcome.created.account_id);
  ensure_label_free(db, outcome.created.label, 0);
  Statement insert = db.prepare(
      "INSERT INTO participants (label, role, seniority, segment, account_id) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, outcome.created.label).bind(2, outcome.created.role).bind(3, outcome.created.seniority);
  insert.bind(4, outcome.created.segment).bind(5, outcome.created.account_id).run();
  outcome.created.id = db.last_insert_id();
  audit(db, actor, "participant.create", "participants", outcome.created.id, nullptr, outcome.created);
  for (Id source_id : chosen) {
    outcome.excerpts_moved += move_source(db, source_id, from, outcome.created.id, actor, "source.participant_split");
    outcome.source_ids.push_back(source_id);
  }
  audit(db, actor, "participant.split", "participants", from, {{"participant", original}, {"source_ids", owned}},
        {{"new_participant", outcome.created}, {"source_ids", outcome.source_ids},
         {"excerpts_moved", outcome.excerpts_moved}});
  transaction.commit();
  return outcome;
}

std::optional<Id> set_source_participant(Database& db, Id source_id, const ParticipantChoice& choice,
                                         const std::string& actor) {
  if (choice.id && !text::trim(choice.label).empty()) throw invalid_input("choose a participant by id or by name, not both");
  Transaction transaction(db);
  ensure_source_exists(db, source_id);
  Statement current = db.prepare("SELECT participant_id, account_id FROM sources WHERE id = ?1");
  current.bind(1, source_id).step();
  std::optional<Id> old_participant = current.optional_int64(0);
  std::optional<Id> old_account = current.optional_int64(1);

  std::optional<Id> chosen = choice.id;
  bool created = false;
  if (chosen) {
    get_participant(db, *chosen);  // Error(not_found)
  } else if (!text::trim(choice.label).empty()) {
    std::string label = checked_name(choice.label, "a participant's name");
    chosen = participant_with_label(db, label);
    if (!chosen) {
      Statement insert = db.prepare("INSERT INTO participants (label) VALUES (?1)");
      insert.bind(1, label).run();
      chosen = db.last_insert_id();
      created = true;
      audit(db, actor, "participant.create", "participants", *chosen, nullptr, get_participant(db, *chosen));
    }
  }
  std::optional<Id> new_account = old_account;
  if (chosen) {
    if (auto account = get_participant(db, *chosen).account_id) new_account = account;
  }

  Statement source = db.prepare("UPDATE sources SET participant_id = ?2, account_id = ?3 WHERE id = ?1");
  source.bind(1, source_id).bind(2, chosen).bind(3, new_account).run();
  // The previous participant's words change hands; a source without one
  // hands over its participant-side turns that nobody owned.
  Statement excerpts = db.prepare(
      old_participant ? "UPDATE excerpts SET participant_id = ?2 WHERE source_id = ?1 AND participant_id = ?3"
                      : "UPDATE excerpts SET participant_id = ?2 WHERE source_id = ?1 AND participant_id IS NULL"
                        " AND speaker_role IN ('participant', 'customer', 'author')");
  excerpts.bind(1, source_id).bind(2, chosen);
  if (old_participant) excerpts.bind(3, *old_participant);
  excerpts.run();
  std::int64_t moved = db.changes();
  audit(db, actor, "source.participant", "sources", source_id,
        {{"participant_id", old_participant ? json(*old_participant) : json(nullptr)},
         {"account_id", old_account ? json(*old_account) : json(nullptr)}},
        {{"participant_id", chosen ? json(*chosen) : json(nullptr)},
         {"account_id", new_account ? json(*new_account) : json(nullptr)},
         {"participant_created", created},
         {"excerpts_moved", moved}});
  transaction.commit();
  return chosen;
}

std::int64_t set_speaker_role(Database& db, Id source_id, const std::string& speaker, SpeakerRole role,
                              const std::string& actor) {
  Transaction transaction(db);
  ensure_source_exists(db, source_id);
  Statement labels = db.prepare("SELECT DISTINCT speaker FROM excerpts WHERE source_id = ?1 ORDER BY speaker");
  labels.bind(1, source_id);
  std::vector<std::string> known;
  while (labels.step()) known.push_back(labels.text(0));
  if (std::find(known.begin(), known.end(), speaker) == known.end()) {
    std::string list;
    for (const std::string& label : known) list += (list.empty() ? "" : ", ") + ("'" + label + "'");
    throw not_found("source " + std::to_string(source_id) + " has no speaker '" + speaker + "'" +
                    (list.empty() ? "" : " (its speakers: " + list + ")"));
  }
  Statement before = db.prepare(
      "SELECT speaker_role, count(*) FROM excerpts WHERE source_id = ?1 AND speaker = ?2 GROUP BY speaker_role");
  before.bind(1, source_id).bind(2, speaker);
  json old_roles = json::object();
  while (before.step()) old_roles[before.text(0)] = before.int64(1);

  const bool participant_side = role == SpeakerRole::participant || role == SpeakerRole::customer ||
                                role == SpeakerRole::author;
  // A participant-side turn keeps the participant it has (a group
  // interview names each speaker); otherwise it becomes the source's.
  Statement update = db.prepare(
      "UPDATE excerpts SET speaker_role = ?3, participant_id = CASE WHEN ?4"
      " THEN COALESCE(participant_id, (SELECT participant_id FROM sources WHERE id = ?1)) ELSE NULL END"
      " WHERE source_id = ?1 AND speaker = ?2");
  update.bind(1, source_id).bind(2, speaker).bind(3, to_string(role)).bind(4, participant_side ? 1 : 0).run();
  std::int64_t changed = db.changes();
  audit(db, actor, "source.speaker_role", "sources", source_id, {{"speaker", speaker}, {"roles", old_roles}},
        {{"speaker", speaker}, {"role", to_string(role)}, {"excerpts", changed}});
  transaction.commit();
  return changed;
}

}  // namespace grounded::store
