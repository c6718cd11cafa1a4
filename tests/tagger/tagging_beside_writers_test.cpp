// Tagging runs as a background job on its own connection while other
// connections write (request threads, a connection being opened, the CLI).
// A read left open on the job's connection when it begins a write makes
// SQLite fail at once with "database is locked" instead of waiting: its busy
// handler is never called while the connection holds a read snapshot, and a
// snapshot older than another connection's commit can never be upgraded
// (SQLITE_BUSY_SNAPSHOT). These tests make those interleavings happen every
// time, in one thread, without sleeping.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/jobs.hpp"
#include "store/sources.hpp"
#include "tagger/model_store.hpp"
#include "tagger/tag_runner.hpp"
#include "tagger/tag_store.hpp"
#include "tagger/tagger.hpp"

using namespace grounded;

namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "grounded-tag-writers-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path, error);
  }
};

// A source of `count` parts said by `role`, each `text` with its number.
Id store_source(store::Database& db, SourceKind kind, SpeakerRole role, int count, const std::string& text) {
  Source source;
  source.kind = kind;
  source.title = "Source";
  source.origin = "parts.txt";
  source.format = "text";
  std::vector<Excerpt> excerpts;
  for (int i = 0; i < count; ++i) {
    source.body += i ? "\n\nDislikes: " : "Dislikes: ";
    Excerpt e;
    e.speaker = "P1";
    e.speaker_role = role;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    e.text = text + " (" + std::to_string(i) + ")";
    source.body += e.text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    excerpts.push_back(e);
  }
  store::Transaction tx(db);
  store::insert_source(db, source, excerpts);
  tx.commit();
  return source.id;
}

// Another connection's write transaction, begun outside this process's write
// gate as a second process (or a connection being opened) would; the job's
// connection asks SQLite to wait for it through a busy handler that commits
// it, so the job goes on only if SQLite was allowed to wait.
struct OtherWriter {
  store::Database& other;
  int waits = 0;

  void begin() {
    REQUIRE(sqlite3_exec(other.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other.handle(), "INSERT INTO jobs (kind, status, total) VALUES ('other', 'running', 1)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  static int on_busy(void* self, int) {
    auto& writer = *static_cast<OtherWriter*>(self);
    ++writer.waits;
    if (!sqlite3_get_autocommit(writer.other.handle()))
      sqlite3_exec(writer.other.handle(), "COMMIT", nullptr, nullptr, nullptr);
    return writer.waits < 100;  // retry (the lock is free now); never forever
  }
  void wait_through(store::Database& job) { sqlite3_busy_handler(job.handle(), &OtherWriter::on_busy, this); }
};

}  // namespace

TEST_CASE("tagging a source waits for another connection's write instead of failing with database is locked") {
  TempDir dir;
  const std::string path = (dir.path / "tags.db").string();
  store::Database job = store::Database::open(path);
  store::Database other = store::Database::open(path);
  Id source = store_source(job, SourceKind::interview, SpeakerRole::participant, 3,
                           "We print every invoice and walk it around for signatures, which takes forever");
  tagger::Tagger tagger(tagger::model_for(job));  // the seed model stored before the other writer begins

  OtherWriter writer{other};
  writer.begin();
  writer.wait_through(job);
  tagger::TagRunResult result;
  CHECK_NOTHROW(result = tagger::tag_source(job, source, &tagger));
  CHECK(writer.waits >= 1);  // SQLite waited for the other writer
  CHECK(result.excerpts == 3);
  CHECK(result.suggested > 0);
  CHECK(tagger::tags_of_source(job, source).size() == static_cast<std::size_t>(result.suggested));
  CHECK(store::count_rows(job, "jobs") == 1);  // the other writer's row, committed
}

TEST_CASE("tagging everything goes on when another connection commits between its batches") {
  TempDir dir;
  const std::string path = (dir.path / "tags.db").string();
  store::Database job = store::Database::open(path);
  store::Database other = store::Database::open(path);
  // A review (its parts are read under their section label, from the source
  // body) longer than one batch of 500.
  Id review = store_source(job, SourceKind::review, SpeakerRole::author, 620,
                           "The export keeps crashing and support never answers");
  tagger::Tagger tagger(tagger::model_for(job));

  int batches = 0;
  std::vector<Id> others;
  tagger::TagRunResult result;
  CHECK_NOTHROW(result = tagger::tag_all(
                    job,
                    [&](std::int64_t, std::int64_t) {
                      ++batches;
                      // A request thread queueing a job while the tagging runs.
                      others.push_back(store::queue_job(other, "other", 1, "waiting"));
                      return true;
                    },
                    {}, &tagger));
  CHECK(batches == 2);
  CHECK(result.excerpts == 620);
  CHECK(store::get_job(job, result.job_id).status == "done");
  CHECK(tagger::tags_of_source(job, review).size() == static_cast<std::size_t>(result.suggested));
  for (Id id : others) CHECK(store::get_job(job, id).status == "queued");  // the job's connection sees them
}
