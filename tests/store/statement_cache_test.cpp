// Database::prepare keeps statements per connection (store/statement_cache.hpp):
// a borrowed statement must behave exactly like a freshly prepared one.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "store/database.hpp"

using namespace grounded;

TEST_CASE("a kept statement is reset and unbound when borrowed again") {
  auto db = store::Database::open(":memory:");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  {
    auto insert = db.prepare("INSERT INTO t (name) VALUES (?1)");
    insert.bind(1, "Zoë").run();
  }
  {
    auto insert = db.prepare("INSERT INTO t (name) VALUES (?1)");  // the same statement, its binding cleared
    insert.run();
  }
  auto rows = db.prepare("SELECT name IS NULL, name FROM t ORDER BY id");
  REQUIRE(rows.step());
  CHECK(rows.int64(0) == 0);
  CHECK(rows.text(1) == "Zoë");
  REQUIRE(rows.step());
  CHECK(rows.int64(0) == 1);  // not "Zoë" again
  CHECK_FALSE(rows.step());
  {
    // Left mid-way through its rows: the next borrower starts from the first row.
    auto partial = db.prepare("SELECT name FROM t ORDER BY id");
    REQUIRE(partial.step());
  }
  auto again = db.prepare("SELECT name FROM t ORDER BY id");
  REQUIRE(again.step());
  CHECK(again.text(0) == "Zoë");
}

TEST_CASE("the same SQL in use twice at once gets two statements") {
  auto db = store::Database::open(":memory:");
  db.exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  const std::string sql = "SELECT n FROM t WHERE n >= ?1 ORDER BY n";
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  auto outer = db.prepare(sql);
  outer.bind(1, 2);
  while (outer.step()) {
    auto inner = db.prepare(sql);  // nested: must not reset the outer loop
    inner.bind(1, outer.int64(0));
    while (inner.step()) pairs.emplace_back(outer.int64(0), inner.int64(0));
  }
  CHECK(pairs == std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 2}, {2, 3}, {3, 3}});
}

TEST_CASE("statements moved, kept past a schema change, and a database moved with borrowed statements") {
  auto db = store::Database::open(":memory:");
  db.exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (7)");
  const std::string sql = "SELECT * FROM t";
  { auto first = db.prepare(sql); }
  db.exec("ALTER TABLE t ADD COLUMN label TEXT DEFAULT 'seven'");
  {
    auto kept = db.prepare(sql);  // re-prepared by SQLite for the new schema
    REQUIRE(kept.step());
    CHECK(kept.text(1) == "seven");
  }
  store::Statement moved = db.prepare(sql);
  store::Database other = std::move(db);  // the cache moves with the connection
  REQUIRE(moved.step());
  CHECK(moved.int64(0) == 7);
  store::Statement assigned = other.prepare("SELECT n + 1 FROM t");
  assigned = other.prepare("SELECT n + 2 FROM t");  // the first is given back, not leaked
  REQUIRE(assigned.step());
  CHECK(assigned.int64(0) == 9);
  auto again = other.prepare("SELECT n + 1 FROM t");
  REQUIRE(again.step());
  CHECK(again.int64(0) == 8);
}
