// Studies: create on first use, counts, rename/archive, and deleting a study
// with everything of its sources in one audited transaction.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"
#include "text/fts_tokenizer.hpp"

using namespace grounded;

namespace {

// A two-turn interview (question, answer) filed under `study_id`, spoken by
// `participant` about `account`.
Id add_interview(store::Database& db, std::optional<Id> study_id, const std::string& answer,
                 const std::string& participant, const std::string& account, const std::string& origin) {
  Source source;
  source.kind = SourceKind::interview;
  source.title = "Interview with " + participant;
  source.origin = origin;
  source.format = "plain_text";
  source.study_id = study_id;
  Account a;
  a.name = account;
  source.account_id = store::upsert_account(db, a);
  Participant p;
  p.label = participant;
  p.account_id = source.account_id;
  source.participant_id = store::upsert_participant(db, p);
  store::Import import;
  import.origin = origin;
  import.sha256 = "digest-of-" + origin;
  import.format = "plain_text";
  store::insert_import(db, import);
  std::vector<Excerpt> excerpts;
  for (const auto& [speaker, text] : std::vector<std::pair<std::string, std::string>>{
           {"Priya", "What frustrates you at month end?"}, {participant, answer}}) {
    source.body += speaker + ": ";
    Excerpt e;
    e.speaker = speaker;
    e.speaker_role = speaker == "Priya" ? SpeakerRole::interviewer : SpeakerRole::participant;
    e.participant_id = speaker == "Priya" ? std::nullopt : source.participant_id;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    e.text = text;
    source.body += "\n";
    excerpts.push_back(e);
  }
  store::insert_source(db, source, excerpts, import.id);
  // A tag and a citation on the answer, as review and drafting would leave them.
  auto tag = db.prepare("INSERT INTO tags (excerpt_id, category, origin, status) VALUES (?1, 'pain_point', 'human', 'accepted')");
  tag.bind(1, excerpts[1].id).run();
  db.exec("INSERT OR IGNORE INTO personas (id, kind, name) VALUES (1, 'buyer', 'Controller')");
  db.exec("INSERT OR IGNORE INTO attributes (id, persona_id, section, text) VALUES (1, 1, 'pain_points', 'Month end hurts')");
  auto cite = db.prepare("INSERT INTO citations (attribute_id, excerpt_id) VALUES (1, ?1)");
  cite.bind(1, excerpts[1].id).run();
  return source.id;
}

std::int64_t matches(store::Database& db, const std::string& word) {
  auto q = db.prepare("SELECT count(*) FROM excerpts_fts WHERE excerpts_fts MATCH ?1");
  q.bind(1, word);
  q.step();
  return q.int64(0);
}

store::Study named(const std::string& name) {
  store::Study s;
  s.name = name;
  return s;
}

}  // namespace

TEST_CASE("a source without a study is filed under Unsorted; upsert finds studies case-insensitively") {
  auto db = store::Database::open(":memory:");
  Id source = add_interview(db, std::nullopt, "Retyping invoices.", "Dana", "Harborline", "a.txt");
  store::Study unsorted = store::get_study_by_name(db, "unsorted");
  CHECK(unsorted.name == "Unsorted");
  CHECK(store::get_source(db, source).study_id == unsorted.id);
  CHECK(store::get_source_summary(db, source).study_name == "Unsorted");

  store::Study round = named("  Q3 discovery – Café ");  // trimmed, UTF-8 kept
  round.description = "Third-quarter interviews";
  Id id = store::upsert_study(db, round, "tester");
  CHECK(store::get_study(db, id).name == "Q3 discovery – Café");
  CHECK(store::upsert_study(db, named("q3 DISCOVERY – Café"), "tester") == id);
  store::Study more = named("Q3 discovery – Café");
  more.owner = "Priya";
  more.description = "ignored: the stored description wins";
  store::upsert_study(db, more, "tester");
  store::Study stored = store::get_study(db, id);
  CHECK(stored.owner == "Priya");
  CHECK(stored.description == "Third-quarter interviews");
  auto audit = store::audit_for(db, "studies", id);
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].action == "study.create");
  CHECK(audit[1].action == "study.update");

  CHECK_THROWS_WITH_AS(store::upsert_study(db, named("   "), "t"), "a study needs a name", Error);
  CHECK_THROWS_AS(store::upsert_study(db, named("line\nbreak"), "t"), Error);
  CHECK_THROWS_AS(store::upsert_study(db, named(std::string(201, 'x')), "t"), Error);
  CHECK_NOTHROW(store::upsert_study(db, named(std::string(197, 'x') + "日本語"), "t"));
  CHECK_THROWS_AS(store::get_study(db, 999), Error);
}

TEST_CASE("list_studies counts sources, participants and excerpts per study") {
  auto db = store::Database::open(":memory:");
  Id alpha = store::upsert_study(db, named("Alpha"), "t");
  Id beta = store::upsert_study(db, named("Beta"), "t");
  add_interview(db, alpha, "Retyping invoices.", "Dana", "Harborline", "a.txt");
  add_interview(db, alpha, "Chasing approvals.", "Rosa", "Bramblewood", "b.txt");
  add_interview(db, beta, "Sync errors.", "Tom", "Meridian", "c.txt");
  auto studies = store::list_studies(db);
  REQUIRE(studies.size() == 2);
  CHECK(studies[0].study.name == "Alpha");
  CHECK(studies[0].sources == 2);
  CHECK(studies[0].participants == 2);  // the interviewer's turns count for the source's participant
  CHECK(studies[0].excerpts == 4);
  CHECK(studies[1].sources == 1);
  store::SourceFilter filter;
  filter.study_id = beta;
  auto page = store::list_sources(db, filter);
  REQUIRE(page.total == 1);
  CHECK(page.items[0].study_name == "Beta");
}

TEST_CASE("update_study renames, dates and archives; an archived study takes no new evidence") {
  auto db = store::Database::open(":memory:");
  Id alpha = store::upsert_study(db, named("Alpha"), "t");
  store::upsert_study(db, named("Beta"), "t");
  store::StudyChanges rename;
  rename.name = "Alpha (2026)";
  rename.started_at = "2026-01";
  rename.ended_at = "2026-03-31";
  store::Study renamed = store::update_study(db, alpha, rename, "tester");
  CHECK(renamed.name == "Alpha (2026)");
  CHECK(store::get_study(db, alpha).started_at == "2026-01");

  store::StudyChanges taken;
  taken.name = "beta";
  CHECK_THROWS_WITH_AS(store::update_study(db, alpha, taken, "t"), "a study named 'beta' already exists", Error);
  store::StudyChanges backwards;
  backwards.ended_at = "2025-12-01";
  CHECK_THROWS_AS(store::update_study(db, alpha, backwards, "t"), Error);
  store::StudyChanges not_a_date;
  not_a_date.started_at = "March";
  CHECK_THROWS_AS(store::update_study(db, alpha, not_a_date, "t"), Error);
  CHECK(store::get_study(db, alpha).name == "Alpha (2026)");  // failed changes left nothing behind

  store::StudyChanges archive;
  archive.archived = true;
  store::update_study(db, alpha, archive, "tester");
  try {
    store::upsert_study(db, named("alpha (2026)"), "t");
    FAIL("an archived study took new evidence");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::conflict);
  }
  CHECK(store::list_studies(db, false).size() == 1);
  CHECK(store::list_studies(db, true).size() == 2);
  CHECK_THROWS_AS(store::update_study(db, 999, archive, "t"), Error);
}

TEST_CASE("deleting a study removes all of its evidence and nothing of the others") {
  auto db = store::Database::open(":memory:");
  Id sample = store::upsert_study(db, named(std::string(store::kSampleStudy)), "t");
  Id mine = store::upsert_study(db, named("Mine"), "t");
  add_interview(db, sample, "Duplicate payments hurt.", "Dana", "Harborline", "s1.txt");
  add_interview(db, sample, "Approvals get lost in e-mail.", "Rosa", "Shared Co", "s2.txt");
  Id kept = add_interview(db, mine, "Our receipts pile up.", "Kai", "Shared Co", "m1.txt");

  const auto sources_before = store::count_rows(db, "sources");
  auto gone = store::delete_study(db, sample, "tester");
  CHECK(gone.sources == 2);
  CHECK(gone.excerpts == 4);
  CHECK(gone.tags == 2);
  CHECK(gone.citations == 2);
  CHECK(gone.participants == 2);  // Dana and Rosa spoke only in the sample study
  CHECK(gone.accounts == 1);      // Harborline; Shared Co still has Kai
  CHECK(gone.imports == 2);
  CHECK(store::count_rows(db, "sources") == sources_before - 2);
  CHECK_THROWS_AS(store::get_study(db, sample), Error);

  // Nothing of the study is left, in the tables or the index.
  CHECK(matches(db, "duplicate") == 0);
  CHECK(matches(db, "approvals") == 0);
  CHECK(matches(db, "receipts") == 1);
  CHECK(matches(db, "frustrates") == 1);  // the kept study's question
  db.exec("INSERT INTO excerpts_fts(excerpts_fts) VALUES ('integrity-check')");
  {
    auto left = db.prepare("SELECT count(*) FROM excerpts WHERE source_id NOT IN (SELECT id FROM sources)");
    left.step();
    CHECK(left.int64(0) == 0);
  }
  CHECK(store::count_rows(db, "excerpts") == 2);
  CHECK(store::count_rows(db, "tags") == 1);
  CHECK(store::count_rows(db, "citations") == 1);
  CHECK(store::count_rows(db, "imports") == 1);
  CHECK(store::count_rows(db, "participants") == 1);
  CHECK(store::list_accounts(db).size() == 1);

  // The other study is untouched.
  CHECK(store::get_source(db, kept).study_id == mine);
  CHECK(store::excerpts_of_source(db, kept).size() == 2);
  CHECK(store::get_study_summary(db, mine).excerpts == 2);

  // Audited once, with the counts.
  auto audit = store::audit_for(db, "studies", sample);
  REQUIRE(!audit.empty());
  CHECK(audit.back().action == "study.delete");
  CHECK(audit.back().actor == "tester");
  CHECK(audit.back().after.find("\"sources\":2") != std::string::npos);
  {
    auto deletes = db.prepare("SELECT count(*) FROM audit_log WHERE action = 'study.delete'");
    deletes.step();
    CHECK(deletes.int64(0) == 1);
  }  // reset before writing (store/database.hpp)

  CHECK_THROWS_AS(store::delete_study(db, sample, "tester"), Error);
}

TEST_CASE("a failed study deletion leaves everything in place") {
  auto db = store::Database::open(":memory:");
  Id study = store::upsert_study(db, named("Alpha"), "t");
  add_interview(db, study, "Retyping invoices.", "Dana", "Harborline", "a.txt");
  // A trigger that fails half-way, after the sources are gone.
  db.exec("CREATE TEMP TRIGGER refuse BEFORE DELETE ON studies BEGIN SELECT RAISE(ABORT, 'refused'); END");
  CHECK_THROWS_AS(store::delete_study(db, study, "t"), Error);
  CHECK(store::count_rows(db, "sources") == 1);
  CHECK(store::count_rows(db, "excerpts") == 2);
  CHECK(matches(db, "retyping") == 1);
  CHECK(store::count_rows(db, "participants") == 1);
}

TEST_CASE("migration 0003 files existing sample sources under the sample study and the rest under Unsorted") {
  // A database at schema 2, with sources, built from the embedded migrations.
  auto path = std::filesystem::temp_directory_path() / ("grounded-studies-migrate-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.string().c_str(), &raw) == SQLITE_OK);
    text::register_fts_tokenizer(raw);
    for (const char* name : {"schema/0001_init.sql", "schema/0002_synth.sql"})
      REQUIRE(sqlite3_exec(raw, std::string(*find_embedded_file(name)).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    const char* fill =
        "PRAGMA user_version = 2;"
        "INSERT INTO sources (kind, title, origin, format, body) VALUES"
        " ('interview', 'Controller', 'interviews/01-controller-harbor.vtt', 'webvtt', 'x'),"
        " ('ticket', 'Ticket 7', 'tickets/ledgerline_zendesk_tickets.csv#7', 'zendesk_csv', 'y'),"
        " ('interview', 'Mine', 'interviews/01-my-own.txt', 'plain_text', 'z');";
    REQUIRE(sqlite3_exec(raw, fill, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  {
    auto db = store::Database::open(path.string());
    CHECK(db.schema_version() >= 3);
    auto q = db.prepare("SELECT s.title, st.name FROM sources s JOIN studies st ON st.id = s.study_id ORDER BY s.id");
    std::vector<std::pair<std::string, std::string>> rows;
    while (q.step()) rows.emplace_back(q.text(0), q.text(1));
    CHECK(rows == std::vector<std::pair<std::string, std::string>>{{"Controller", "Sample: Ledgerline"},
                                                                   {"Ticket 7", "Sample: Ledgerline"},
                                                                   {"Mine", "Unsorted"}});
    // A raw insert without a study lands in Unsorted; clearing it is refused.
    db.exec("INSERT INTO sources (kind, title, origin, format, body) VALUES ('note', 'n', 'n.txt', 'plain_text', 'x')");
    CHECK(store::get_source(db, db.last_insert_id()).study_id == store::get_study_by_name(db, "Unsorted").id);
    CHECK_THROWS_AS(db.exec("UPDATE sources SET study_id = NULL"), Error);
  }
  std::filesystem::remove(path);
}
