#include "store/studies.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "text/utf8.hpp"

namespace grounded::store {
namespace {

constexpr std::size_t kMaxNameCharacters = 200;

constexpr std::string_view kStudyColumns =
    "id, name, description, started_at, ended_at, owner, archived, created_at";

Study read_study(const Statement& row) {
  Study study;
  study.id = row.int64(0);
  study.name = row.text(1);
  study.description = row.text(2);
  study.started_at = row.text(3);
  study.ended_at = row.text(4);
  study.owner = row.text(5);
  study.archived = row.int64(6) != 0;
  study.created_at = row.text(7);
  return study;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// "", YYYY, YYYY-MM or YYYY-MM-DD (the shapes search's date filters take).
void check_date(const std::string& value, const char* field) {
  if (value.empty()) return;
  static const std::string shape = "dddd-dd-dd";
  bool ok = value.size() == 4 || value.size() == 7 || value.size() == 10;
  for (std::size_t i = 0; ok && i < value.size(); ++i)
    ok = shape[i] == 'd' ? (value[i] >= '0' && value[i] <= '9') : value[i] == '-';
  if (ok && value.size() >= 7) ok = value.compare(5, 2, "01") >= 0 && value.compare(5, 2, "12") <= 0;
  if (ok && value.size() == 10) ok = value.compare(8, 2, "01") >= 0 && value.compare(8, 2, "31") <= 0;
  if (!ok)
    throw invalid_input(std::string("study ") + field + " '" + value +
                        "' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (or leave it empty)");
}

// Checks and normalises the editable fields of a study about to be written.
void check_fields(Study& study) {
  study.name = checked_study_name(study.name);
  check_date(study.started_at, "started_at");
  check_date(study.ended_at, "ended_at");
  if (!study.started_at.empty() && !study.ended_at.empty() && study.ended_at < study.started_at.substr(0, study.ended_at.size()))
    throw invalid_input("study '" + study.name + "' cannot end (" + study.ended_at + ") before it starts (" +
                        study.started_at + ")");
  if (!text::is_valid_utf8(study.description) || !text::is_valid_utf8(study.owner))
    throw invalid_input("study description and owner must be UTF-8 text");
}

std::string study_json(const Study& study) { return dump_json(nlohmann::json(study)); }

void audit(Database& db, const std::string& actor, const char* action, Id id, const std::string& before,
           const std::string& after) {
  AuditEntry entry;
  entry.actor = actor;
  entry.action = action;
  entry.entity = "studies";
  entry.entity_id = id;
  entry.before = before;
  entry.after = after;
  append_audit(db, entry);
}

Study insert_study(Database& db, Study study, const std::string& actor) {
  check_fields(study);
  Statement insert = db.prepare(
      "INSERT INTO studies (name, description, started_at, ended_at, owner, archived) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, study.name).bind(2, study.description).bind(3, study.started_at).bind(4, study.ended_at);
  insert.bind(5, study.owner).bind(6, study.archived ? 1 : 0);
  try {
    insert.run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict) throw conflict("a study named '" + study.name + "' already exists");
    throw;
  }
  Study stored = get_study(db, db.last_insert_id());
  audit(db, actor, "study.create", stored.id, "", study_json(stored));
  return stored;
}

void write_fields(Database& db, const Study& study) {
  Statement update = db.prepare(
      "UPDATE studies SET name = ?2, description = ?3, started_at = ?4, ended_at = ?5, owner = ?6, archived = ?7"
      " WHERE id = ?1");
  update.bind(1, study.id).bind(2, study.name).bind(3, study.description).bind(4, study.started_at);
  update.bind(5, study.ended_at).bind(6, study.owner).bind(7, study.archived ? 1 : 0);
  try {
    update.run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict) throw conflict("a study named '" + study.name + "' already exists");
    throw;
  }
}

std::int64_t count_of(Database& db, std::string_view sql, Id id) {
  Statement count = db.prepare(sql);
  count.bind(1, id);
  count.step();
  return count.int64(0);
}

}  // namespace

void to_json(nlohmann::json& out, const Study& study) {
  out = {{"id", study.id},
         {"name", study.name},
         {"description", study.description},
         {"started_at", study.started_at},
         {"ended_at", study.ended_at},
         {"owner", study.owner},
         {"archived", study.archived},
         {"created_at", study.created_at}};
}

void to_json(nlohmann::json& out, const StudySummary& summary) {
  to_json(out, summary.study);
  out["sources"] = summary.sources;
  out["participants"] = summary.participants;
  out["excerpts"] = summary.excerpts;
}

std::string checked_study_name(std::string_view name) {
  if (!text::is_valid_utf8(name)) throw invalid_input("a study name must be UTF-8 text");
  std::string out = trimmed(name);
  if (out.empty()) throw invalid_input("a study needs a name");
  for (char c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      throw invalid_input("a study name cannot hold control characters or line breaks");
  if (code_points(out) > kMaxNameCharacters)
    throw invalid_input("a study name is at most " + std::to_string(kMaxNameCharacters) + " characters (this one has " +
                        std::to_string(code_points(out)) + ")");
  return out;
}

std::optional<Study> find_study(Database& db, std::string_view name) {
  Statement query = db.prepare("SELECT " + std::string(kStudyColumns) + " FROM studies WHERE name = ?1");
  query.bind(1, trimmed(name));
  if (!query.step()) return std::nullopt;
  return read_study(query);
}

Study get_study(Database& db, Id id) {
  Statement query = db.prepare("SELECT " + std::string(kStudyColumns) + " FROM studies WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no study with id " + std::to_string(id));
  return read_study(query);
}

Study get_study_by_name(Database& db, std::string_view name) {
  if (auto study = find_study(db, name)) return *study;
  throw not_found("no study named '" + trimmed(name) + "'");
}

Id upsert_study(Database& db, const Study& study, const std::string& actor) {
  std::optional<Study> existing = find_study(db, checked_study_name(study.name));
  if (!existing) return insert_study(db, study, actor).id;
  if (existing->archived)
    throw conflict("study '" + existing->name + "' is archived: unarchive it before adding evidence to it");
  Study filled = *existing;
  auto fill = [](std::string& field, const std::string& given) {
    if (field.empty()) field = given;
  };
  fill(filled.description, study.description);
  fill(filled.started_at, study.started_at);
  fill(filled.ended_at, study.ended_at);
  fill(filled.owner, study.owner);
  if (filled.description != existing->description || filled.started_at != existing->started_at ||
      filled.ended_at != existing->ended_at || filled.owner != existing->owner) {
    check_fields(filled);
    write_fields(db, filled);
    audit(db, actor, "study.update", filled.id, study_json(*existing), study_json(filled));
  }
  return existing->id;
}

namespace {

// Counts per study; whose words an excerpt is comes from the one definition,
// the excerpt_speakers view (schema/0004_people.sql).
constexpr std::string_view kSummarySelect =
    "SELECT st.id, st.name, st.description, st.started_at, st.ended_at, st.owner, st.archived, st.created_at,"
    " (SELECT count(*) FROM sources s WHERE s.study_id = st.id),"
    " (SELECT count(DISTINCT sp.participant_id) FROM excerpt_speakers sp"
    "    JOIN sources s ON s.id = sp.source_id WHERE s.study_id = st.id),"
    " (SELECT count(*) FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE s.study_id = st.id)"
    " FROM studies st";

StudySummary read_summary(const Statement& row) {
  return {read_study(row), row.int64(8), row.int64(9), row.int64(10)};
}

}  // namespace

std::vector<StudySummary> list_studies(Database& db, bool include_archived) {
  Statement query = db.prepare(std::string(kSummarySelect) + " WHERE (?1 = 1 OR st.archived = 0) ORDER BY st.name, st.id");
  query.bind(1, include_archived ? 1 : 0);
  std::vector<StudySummary> out;
  while (query.step()) out.push_back(read_summary(query));
  return out;
}

StudySummary get_study_summary(Database& db, Id id) {
  Statement query = db.prepare(std::string(kSummarySelect) + " WHERE st.id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no study with id " + std::to_string(id));
  return read_summary(query);
}

Study create_study(Database& db, const Study& study, const std::string& actor) {
  Transaction tx(db);
  Study stored = insert_study(db, study, actor);
  tx.commit();
  return stored;
}

Study update_study(Database& db, Id id, const StudyChanges& changes, const std::string& actor) {
  Transaction tx(db);
  Study before = get_study(db, id);
  Study after = before;
  if (changes.name) after.name = *changes.name;
  if (changes.description) after.description = *changes.description;
  if (changes.started_at) after.started_at = *changes.started_at;
  if (changes.ended_at) after.ended_at = *changes.ended_at;
  if (changes.owner) after.owner = *changes.owner;
  if (changes.archived) after.archived = *changes.archived;
  check_fields(after);
  write_fields(db, after);
  audit(db, actor, "study.update", id, study_json(before), study_json(after));
  tx.commit();
  return after;
}

StudyDeletion delete_study(Database& db, Id id, const std::string& actor) {
  Transaction tx(db);
  StudyDeletion gone;
  gone.study = get_study(db, id);
  gone.sources = count_of(db, "SELECT count(*) FROM sources WHERE study_id = ?1", id);
  gone.excerpts = count_of(db, "SELECT count(*) FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE s.study_id = ?1", id);
  gone.tags = count_of(db,
                       "SELECT count(*) FROM tags t JOIN excerpts e ON e.id = t.excerpt_id"
                       " JOIN sources s ON s.id = e.source_id WHERE s.study_id = ?1",
                       id);
  gone.citations = count_of(db,
                            "SELECT count(*) FROM citations c JOIN excerpts e ON e.id = c.excerpt_id"
                            " JOIN sources s ON s.id = e.source_id WHERE s.study_id = ?1",
                            id);

  // Who and what the study's evidence pointed at, to remove afterwards what
  // nothing else points at.
  db.exec("CREATE TEMP TABLE IF NOT EXISTS doomed_ids (kind TEXT NOT NULL, id INTEGER NOT NULL)");
  db.exec("DELETE FROM temp.doomed_ids");
  Statement collect = db.prepare(
      "INSERT INTO temp.doomed_ids (kind, id)"
      " SELECT 'participant', participant_id FROM sources WHERE study_id = ?1 AND participant_id IS NOT NULL"
      " UNION SELECT 'participant', e.participant_id FROM excerpts e JOIN sources s ON s.id = e.source_id"
      "   WHERE s.study_id = ?1 AND e.participant_id IS NOT NULL"
      " UNION SELECT 'account', account_id FROM sources WHERE study_id = ?1 AND account_id IS NOT NULL"
      " UNION SELECT 'import', import_id FROM sources WHERE study_id = ?1 AND import_id IS NOT NULL");
  collect.bind(1, id).run();
  Statement participant_accounts = db.prepare(
      "INSERT INTO temp.doomed_ids (kind, id) SELECT 'account', p.account_id FROM participants p"
      " JOIN temp.doomed_ids d ON d.kind = 'participant' AND d.id = p.id WHERE p.account_id IS NOT NULL");
  participant_accounts.run();

  // Excerpts go with their sources (ON DELETE CASCADE), their FTS rows
  // through the delete trigger, tags and citations with the excerpts.
  Statement sources = db.prepare("DELETE FROM sources WHERE study_id = ?1");
  sources.bind(1, id).run();

  db.exec(
      "DELETE FROM imports WHERE id IN (SELECT id FROM temp.doomed_ids WHERE kind = 'import')"
      " AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.import_id = imports.id)");
  gone.imports = db.changes();
  db.exec(
      "DELETE FROM participants WHERE id IN (SELECT id FROM temp.doomed_ids WHERE kind = 'participant')"
      " AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.participant_id = participants.id)"
      " AND NOT EXISTS (SELECT 1 FROM excerpts e WHERE e.participant_id = participants.id)");
  gone.participants = db.changes();
  db.exec(
      "DELETE FROM accounts WHERE id IN (SELECT id FROM temp.doomed_ids WHERE kind = 'account')"
      " AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.account_id = accounts.id)"
      " AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.account_id = accounts.id)"
      // CRM facts are not the study's: an account with a domain or deals stays.
      " AND accounts.domain = '' AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.account_id = accounts.id)");
  gone.accounts = db.changes();
  db.exec("DELETE FROM temp.doomed_ids");

  Statement study = db.prepare("DELETE FROM studies WHERE id = ?1");
  study.bind(1, id).run();
  nlohmann::json removed = {{"sources", gone.sources},           {"excerpts", gone.excerpts},
                            {"tags", gone.tags},                 {"citations", gone.citations},
                            {"participants", gone.participants}, {"accounts", gone.accounts},
                            {"imports", gone.imports}};
  audit(db, actor, "study.delete", id, study_json(gone.study), dump_json({{"deleted", removed}}));
  tx.commit();
  return gone;
}

}  // namespace grounded::store
