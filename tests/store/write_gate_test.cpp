// One writer at a time inside a process (store/write_gate.hpp): a writer that
// meets a long write transaction on another connection waits for it instead
// of failing with "database is locked", and a recreated database is another
// database (its own identity and gate).
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"

namespace {

namespace fs = std::filesystem;
using grounded::store::Database;
using grounded::store::Transaction;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "grounded-gate-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path, error);
  }
};

void make_table(Database& db) { db.exec("CREATE TABLE IF NOT EXISTS gate_test (who TEXT NOT NULL)"); }

}  // namespace

TEST_CASE("write gate: a writer waits out a long write transaction instead of failing") {
  TempDir dir;
  const std::string path = (dir.path / "gate.db").string();
  Database ingest = Database::open(path);
  Database editor = Database::open(path);
  make_table(ingest);
  // Without the gate SQLite would retry for this long and then fail with
  // "database is locked": far shorter than the transaction below.
  sqlite3_busy_timeout(editor.handle(), 50);

  std::atomic<bool> ingest_began{false};
  std::thread long_ingest([&] {
    Transaction tx(ingest);
    ingest.prepare("INSERT INTO gate_test (who) VALUES ('ingest')").run();
    ingest_began = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    tx.commit();
  });
  while (!ingest_began) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  // A transaction and a lone write statement, both on the other connection.
  CHECK_NOTHROW([&] {
    Transaction tx(editor);
    editor.prepare("INSERT INTO gate_test (who) VALUES ('editor transaction')").run();
    tx.commit();
  }());
  CHECK_NOTHROW(editor.prepare("INSERT INTO gate_test (who) VALUES ('editor statement')").run());
  long_ingest.join();

  // The editor's rows came after the ingest committed: they waited, in order.
  auto rows = editor.prepare("SELECT who FROM gate_test ORDER BY rowid");
  std::vector<std::string> order;
  while (rows.step()) order.push_back(rows.text(0));
  CHECK(order == std::vector<std::string>{"ingest", "editor transaction", "editor statement"});
}

TEST_CASE("write gate: reads never wait for it") {
  TempDir dir;
  const std::string path = (dir.path / "reads.db").string();
  Database writer = Database::open(path);
  Database reader = Database::open(path);
  make_table(writer);
  Transaction tx(writer);
  writer.prepare("INSERT INTO gate_test (who) VALUES ('uncommitted')").run();
  // Same thread, other connection: a read goes straight through (WAL).
  auto count = reader.prepare("SELECT count(*) FROM gate_test");
  REQUIRE(count.step());
  CHECK(count.int64(0) == 0);
  tx.commit();
}

TEST_CASE("database identity: a database recreated at the same path is another database") {
  TempDir dir;
  const std::string path = (dir.path / "again.db").string();
  std::string first;
  {
    Database db = Database::open(path);
    first = db.identity();
    CHECK(Database::open(path).identity() == first);  // a second connection: the same database
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  Database again = Database::open(path);
  CHECK_FALSE(again.identity().empty());
  CHECK(again.identity() != first);
  // A copy of a file is another database too (it will diverge).
  again.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  fs::copy_file(path, path + ".copy");
  CHECK(Database::open(path + ".copy").identity() != again.identity());
}

TEST_CASE("write gate: a read snapshot (a deferred BEGIN) does not wait for a write transaction") {
  TempDir dir;
  const std::string path = (dir.path / "gate.db").string();
  Database ingest = Database::open(path);
  Database reader = Database::open(path);
  make_table(ingest);

  std::atomic<bool> ingest_began{false};
  std::atomic<bool> read_done{false};
  std::thread long_ingest([&] {
    Transaction tx(ingest);
    ingest.prepare("INSERT INTO gate_test (who) VALUES ('ingest')").run();
    ingest_began = true;
    for (int i = 0; i < 500 && !read_done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    tx.commit();
  });
  while (!ingest_began) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // WAL: the reader sees the last commit (no row yet) while the write runs.
  reader.exec("BEGIN");
  auto count = reader.prepare("SELECT count(*) FROM gate_test");
  REQUIRE(count.step());
  CHECK(count.int64(0) == 0);
  count.reset();
  reader.exec("COMMIT");
  read_done = true;
  long_ingest.join();
}
