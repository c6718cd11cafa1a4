// RAII access to a Grounded SQLite database.
//
// Database::open applies the embedded migrations (schema/*.sql), registers
// the ICU FTS5 tokenizer, and sets WAL + synchronous=NORMAL + foreign keys +
// a busy timeout. One Database is one connection: use one per thread.
// Statements are prepared only (never string-built SQL with user data).
//
// A statement stepped onto a row keeps its read snapshot open until it is
// reset, runs to its end, or goes out of scope. A write begun on the same
// connection meanwhile fails at once with "database is locked" whenever
// another connection holds the write lock or has committed since: SQLite
// does not wait (busy timeout) for a connection that holds a snapshot. So
// read single rows in their own scope, or reset() them, before writing. Test
// binaries set GROUNDED_STRICT_STORE=1 (tests/doctest_main.cpp): such a
// write, and a write inside a deferred (read) BEGIN, then throws
// Error(internal) naming the statement every time instead of failing only
// under contention.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/statement_cache.hpp"
#include "store/write_gate.hpp"

namespace grounded::store {

class Statement {
 public:
  // Throws Error(internal) on bad SQL. With a gate (Database::prepare), a
  // write statement run outside a transaction holds it while it runs.
  Statement(sqlite3* db, std::string_view sql, WriteGate* gate = nullptr);
  // A statement borrowed from a connection's cache (Database::prepare):
  // given back, reset and unbound, on destruction instead of finalized.
  Statement(sqlite3* db, StatementCache::Slot* slot, std::shared_ptr<StatementCache> cache, WriteGate* gate);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row: true while there is one. Errors throw; a
  // constraint violation throws Error(conflict). A write outside a
  // transaction first waits for the database's write gate (write_gate.hpp).
  // On a row, the statement holds a read snapshot until reset (see above).
  bool step();
  // Runs a statement that returns no rows.
  void run() { step(); }
  // Ready for re-use with new bindings.
  void reset();

  // Columns are 0-based. NULL reads as 0 / "" unless read as optional.
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string_view text_view(int column) const;  // valid until the next step
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<double> optional_real(int column) const;

  sqlite3_stmt* handle() { return stmt_; }

 private:
  friend class Database;  // hands a freshly prepared statement to the cache
  void release();
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  WriteGate* gate_ = nullptr;
  StatementCache::Slot* slot_ = nullptr;   // set when borrowed
  std::shared_ptr<StatementCache> cache_;  // keeps the slot alive while borrowed
};

class Database {
 public:
  // Opens (creating if needed) and migrates. ":memory:" gives a private
  // in-memory database. Throws Error(invalid_input) when the path cannot be
  // opened or is not a Grounded database newer than this binary understands.
  static Database open(const std::string& path);

  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A statement for `sql`, prepared once per connection and kept
  // (store/statement_cache.hpp); a nested use of the same SQL gets its own.
  // A write statement run outside a transaction holds the write gate.
  Statement prepare(std::string_view sql);
  // Runs SQL without parameters (may hold several statements); outside a
  // transaction it holds the write gate while it runs.
  void exec(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;
  int schema_version();
  const std::string& path() const { return path_; }
  // Which database this is, for caches that outlive a connection: the
  // random id made when the database was created (migration 0014) and, for
  // a file, its device and inode. A database deleted and created again at
  // the same path, or a copy of one, has another identity.
  const std::string& identity() const { return identity_; }
  // Waits for the write gate this process's connections to this database
  // share (write_gate.hpp); an empty hold while the database is being opened.
  WriteGate::Hold hold_write_gate() { return gate_ ? gate_->acquire() : WriteGate::Hold(); }
  sqlite3* handle() { return db_; }

 private:
  Database(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)), statements_(std::make_shared<StatementCache>()) {}
  void migrate();
  void load_identity();
  void close();
  sqlite3* db_ = nullptr;
  std::string path_;
  std::string identity_;
  std::shared_ptr<WriteGate> gate_;
  std::shared_ptr<StatementCache> statements_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit()
// was called — so an exception anywhere leaves the database unchanged.
// Begin it before reading what the transaction depends on: a statement of
// the same connection still on a row makes BEGIN fail under contention.
// Holds the database's write gate from before BEGIN until it ends, so
// writers of this process queue instead of failing with "database is locked".
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  WriteGate::Hold hold_;
  bool open_ = true;
};

// The default database location: $GROUNDED_DB, else
// $XDG_DATA_HOME/grounded/grounded.db, else ~/.local/share/grounded/grounded.db.
std::string default_database_path();

// Now as ISO-8601 UTC ("2026-11-28T18:47:12Z").
std::string utc_now();

}  // namespace grounded::store
