// Store tests: migrations, the source/excerpt repository, people, jobs and
// the audit log, on real SQLite databases (in-memory and temp files).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/jobs.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

using namespace grounded;

namespace {

// A source whose body holds three turns, with excerpts pointing into it.
Source make_source(std::vector<Excerpt>& excerpts, const std::string& title = "Interview with Dana") {
  Source source;
  source.kind = SourceKind::interview;
  source.title = title;
  source.origin = "dana.txt";
  source.format = "plain_text";
  source.occurred_at = "2026-03-12";
  const std::vector<std::pair<std::string, std::string>> turns = {
      {"Priya", "What is the most frustrating part of month-end close?"},
      {"Dana", "Honestly, retyping supplier invoices into NetSuite. It eats two hours a day."},
      {"Priya", "How did you evaluate other tools?"}};
  for (const auto& [speaker, text] : turns) {
    source.body += speaker + ": ";
    Excerpt excerpt;
    excerpt.speaker = speaker;
    excerpt.speaker_role = speaker == "Priya" ? SpeakerRole::interviewer : SpeakerRole::participant;
    excerpt.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += text;
    excerpt.end_byte = static_cast<std::int64_t>(source.body.size());
    excerpt.text = text;
    source.body += "\n\n";
    excerpts.push_back(excerpt);
  }
  return source;
}

std::filesystem::path temp_db_path(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() / ("grounded-store-" + name + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  return path;
}

}  // namespace

TEST_CASE("open applies every migration and is idempotent") {
  auto path = temp_db_path("migrate");
  {
    auto db = store::Database::open(path.string());
    CHECK(db.schema_version() >= 1);
    CHECK(store::count_rows(db, "sources") == 0);
  }
  auto again = store::Database::open(path.string());  // no migration re-run, no error
  CHECK(again.schema_version() >= 1);
  std::filesystem::remove(path);
}

TEST_CASE("a migration numbered below user_version still runs when it was never applied") {
  // Migration numbers are handed out ahead of time, so 0004 can land before 0003.
  auto path = temp_db_path("out-of-order");
  auto exists = [](store::Database& db, const char* name) {
    auto q = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?1");
    q.bind(1, name);
    q.step();
    return q.int64(0) == 1;
  };
  int newest = 0;
  {
    auto db = store::Database::open(path.string());
    newest = db.schema_version();
    REQUIRE(newest >= 4);
    CHECK(exists(db, "excerpt_speakers"));
    // As if 0004 had landed only now, in a database already at the newest version.
    db.exec("DROP VIEW excerpt_speakers; DELETE FROM schema_migrations WHERE version = 4;");
  }
  {
    auto db = store::Database::open(path.string());
    CHECK(exists(db, "excerpt_speakers"));
    CHECK(db.schema_version() == newest);
  }
  // A database from before the record (user_version only): everything up to
  // user_version counts as applied and is not run again (it would fail).
  {
    auto db = store::Database::open(path.string());
    db.exec("DROP TABLE schema_migrations;");
  }
  {
    auto db = store::Database::open(path.string());
    CHECK(exists(db, "excerpt_speakers"));
    CHECK(db.schema_version() == newest);
    auto recorded = db.prepare("SELECT count(*) FROM schema_migrations WHERE version IN (1, 2, 4)");
    recorded.step();
    CHECK(recorded.int64(0) == 3);
  }
  std::filesystem::remove(path);
}

TEST_CASE("opening a file that is not a database names the problem") {
  auto path = temp_db_path("garbage");
  { std::FILE* f = std::fopen(path.c_str(), "wb"); std::fputs("this is not sqlite, just text padding the header", f); std::fclose(f); }
  CHECK_THROWS_WITH_AS(store::Database::open(path.string()), doctest::Contains(path.string().c_str()), Error);
  std::filesystem::remove(path);
}

TEST_CASE("insert_source stores excerpts whose offsets point at their text") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = make_source(excerpts);
  store::insert_source(db, source, excerpts);
  CHECK(source.id > 0);
  Source stored = store::get_source(db, source.id);
  CHECK(stored.title == "Interview with Dana");
  auto read = store::excerpts_of_source(db, source.id);
  REQUIRE(read.size() == 3);
  for (const Excerpt& excerpt : read)
    CHECK(stored.body.substr(excerpt.start_byte, excerpt.end_byte - excerpt.start_byte) == excerpt.text);
  CHECK(read[0].speaker_role == SpeakerRole::interviewer);
  CHECK(read[1].ordinal == 1);
}

TEST_CASE("excerpts are indexed for full-text search at insert") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = make_source(excerpts);
  store::insert_source(db, source, excerpts);
  auto match = db.prepare("SELECT rowid FROM excerpts_fts WHERE excerpts_fts MATCH ?1");
  match.bind(1, "netsuite");
  REQUIRE(match.step());
  CHECK(match.int64(0) == excerpts[1].id);
}

TEST_CASE("an excerpt whose offsets disagree with the body is rejected and nothing is written") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = make_source(excerpts);
  excerpts[2].end_byte += 5;
  {
    store::Transaction transaction(db);
    CHECK_THROWS_WITH_AS(store::insert_source(db, source, excerpts), doctest::Contains("excerpt 3"), Error);
  }
  CHECK(store::count_rows(db, "sources") == 0);
  CHECK(store::count_rows(db, "excerpts") == 0);
}

TEST_CASE("deleting a source removes its excerpts and their index entries") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = make_source(excerpts);
  store::insert_source(db, source, excerpts);
  store::delete_source(db, source.id);
  CHECK(store::count_rows(db, "excerpts") == 0);
  auto match = db.prepare("SELECT count(*) FROM excerpts_fts WHERE excerpts_fts MATCH 'netsuite'");
  match.step();
  CHECK(match.int64(0) == 0);
  CHECK_THROWS_AS(store::delete_source(db, source.id), Error);
  CHECK_THROWS_WITH(store::get_source(db, 999), "no source with id 999");
}

TEST_CASE("list_sources filters, sorts and pages; unknown sort columns are refused") {
  auto db = store::Database::open(":memory:");
  Id account = store::upsert_account(db, Account{0, "Harbor Freight Co", "Logistics", 240, {}, "", "", "", ""});
  Id dana = store::upsert_participant(db, Participant{0, "Dana", "Controller", "", "", account});
  for (const char* title : {"Beta interview", "alpha interview", "Gamma interview"}) {
    std::vector<Excerpt> excerpts;
    Source source = make_source(excerpts, title);
    if (std::string(title) == "Beta interview") source.participant_id = dana;
    store::insert_source(db, source, excerpts);
  }
  store::SourceFilter filter;
  filter.sort = "title";
  auto page = store::list_sources(db, filter);
  REQUIRE(page.total == 3);
  CHECK(page.items[0].source.title == "alpha interview");
  CHECK(page.items[0].excerpt_count == 3);
  filter.participant_role = "Controller";
  page = store::list_sources(db, filter);
  REQUIRE(page.total == 1);
  CHECK(page.items[0].participant_label == "Dana");
  filter = {};
  filter.title_contains = "GAMMA";
  CHECK(store::list_sources(db, filter).total == 1);
  filter = {};
  filter.limit = 1;
  filter.offset = 1;
  CHECK(store::list_sources(db, filter).items.size() == 1);
  filter.sort = "body; DROP TABLE sources";
  CHECK_THROWS_WITH_AS(store::list_sources(db, filter), doctest::Contains("cannot sort"), Error);
}

TEST_CASE("excerpt_in_context returns the turns around an excerpt") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = make_source(excerpts);
  store::insert_source(db, source, excerpts);
  auto context = store::excerpt_in_context(db, excerpts[1].id, 1);
  CHECK(context.before.size() == 1);
  CHECK(context.after.size() == 1);
  CHECK(context.excerpt.text.find("NetSuite") != std::string::npos);
  CHECK(context.source.source.title == "Interview with Dana");
  context = store::excerpt_in_context(db, excerpts[0].id, 5);
  CHECK(context.before.empty());
  CHECK(context.after.size() == 2);
  CHECK_THROWS_AS(store::excerpt_in_context(db, 12345, 1), Error);
}

TEST_CASE("upserts link people and accounts without overwriting known facts") {
  auto db = store::Database::open(":memory:");
  Id first = store::upsert_account(db, Account{0, "Osei Logistics", "Logistics", {}, {}, "", "", "", ""});
  Id again = store::upsert_account(db, Account{0, "Osei Logistics", "Retail", 120, {}, "EMEA", "", "", ""});
  CHECK(first == again);
  Account stored = store::get_account(db, first);
  CHECK(stored.industry == "Logistics");  // kept
  CHECK(stored.employees == 120);         // filled in
  CHECK(stored.region == "EMEA");
  Id person = store::upsert_participant(db, Participant{0, "P1", "", "", "", first});
  store::upsert_participant(db, Participant{0, "P1", "AP Specialist", "", "", {}});
  Participant participant = store::get_participant(db, person);
  CHECK(participant.role == "AP Specialist");
  CHECK(participant.account_id == first);
  Id other = store::upsert_participant(db, Participant{0, "P2", "", "", "", {}});
  participant.label = "P2";
  CHECK_THROWS_AS(store::update_participant(db, participant), Error);
  CHECK(store::get_participant(db, other).label == "P2");
}

TEST_CASE("imports are recognised by digest") {
  auto db = store::Database::open(":memory:");
  store::Import import{0, "a.vtt", "abc123", "webvtt", 42, 1, ""};
  store::insert_import(db, import);
  CHECK(store::find_import(db, "abc123")->origin == "a.vtt");
  CHECK_FALSE(store::find_import(db, "other").has_value());
  store::Import duplicate{0, "b.vtt", "abc123", "webvtt", 42, 1, ""};
  CHECK_THROWS_AS(store::insert_import(db, duplicate), Error);
}

TEST_CASE("jobs report progress and the audit log keeps before and after") {
  auto db = store::Database::open(":memory:");
  Id job = store::start_job(db, "upload", 10);
  store::update_job(db, job, 4, 10, "4 of 10 files");
  CHECK(store::get_job(db, job).done == 4);
  store::finish_job(db, job, true, "stored 10 files");
  auto finished = store::get_job(db, job);
  CHECK(finished.status == "done");
  CHECK(finished.done == 10);
  store::append_audit(db, {0, "ana", "tag.accept", "tags", 7, "{\"status\":\"suggested\"}", "{\"status\":\"accepted\"}", ""});
  auto entries = store::audit_for(db, "tags", 7);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor == "ana");
  CHECK(entries[0].after.find("accepted") != std::string::npos);
}

TEST_CASE("run_job closes a queued job with the work's outcome, or as failed with the reason") {
  auto db = store::Database::open(":memory:");
  Id ok = store::queue_job(db, "tag_all", 3, "Queued: waiting");
  CHECK(store::get_job(db, ok).status == "queued");
  store::run_job(db, ok, "tagging failed: ", [&] {
    store::update_job(db, ok, 1, 3, "1 of 3");
    CHECK(store::get_job(db, ok).status == "running");
    return store::JobOutcome{"3 tagged", "{\"excerpts\":3}"};
  });
  store::Job done = store::get_job(db, ok);
  CHECK(done.status == "done");
  CHECK(done.message == "3 tagged");
  CHECK(done.result_json == "{\"excerpts\":3}");
  CHECK(done.done == 3);

  Id broken = store::queue_job(db, "tagger_train", 1, "Queued: waiting");
  CHECK_THROWS_WITH_AS(store::run_job(db, broken, "training failed: ",
                                      []() -> store::JobOutcome { throw std::runtime_error("no reviewed examples"); }),
                       "no reviewed examples", std::runtime_error);
  store::Job failed = store::get_job(db, broken);
  CHECK(failed.status == "failed");
  CHECK(failed.message == "training failed: no reviewed examples");
  CHECK_FALSE(failed.finished_at.empty());
}

TEST_CASE("a rolled-back transaction leaves the database unchanged") {
  auto path = temp_db_path("rollback");
  {
    auto db = store::Database::open(path.string());
    try {
      store::Transaction transaction(db);
      std::vector<Excerpt> excerpts;
      Source source = make_source(excerpts);
      store::insert_source(db, source, excerpts);
      throw std::runtime_error("simulated failure half-way");
    } catch (const std::runtime_error&) {
    }
    CHECK(store::count_rows(db, "sources") == 0);
    CHECK(store::count_rows(db, "excerpts") == 0);
  }
  std::filesystem::remove(path);
}
