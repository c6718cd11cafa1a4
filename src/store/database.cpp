#include "store/database.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>

#include <sys/stat.h>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "text/fts_tokenizer.hpp"

namespace grounded::store {
namespace {

[[noreturn]] void throw_sqlite(sqlite3* db, int code, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  int primary = code & 0xff;
  if (primary == SQLITE_CONSTRAINT) throw Error(ErrorKind::conflict, message);
  if (primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN || primary == SQLITE_CORRUPT)
    throw Error(ErrorKind::invalid_input, message);
  throw Error(ErrorKind::internal, message);
}

// GROUNDED_STRICT_STORE=1 (set for every test binary by tests/doctest_main.cpp).
bool strict_checks() {
  static const bool strict = [] {
    const char* value = std::getenv("GROUNDED_STRICT_STORE");
    return value && std::string_view(value) == "1";
  }();
  return strict;
}

// The SQL of a statement of this connection, other than `except`, that is
// still on a row (stepped, neither finished nor reset), or nullptr. FTS5's
// own statements have no SQL: the query that runs them is named instead.
const char* statement_on_a_row(sqlite3* db, sqlite3_stmt* except) {
  const char* found = nullptr;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
    if (s == except || !sqlite3_stmt_busy(s)) continue;
    if (const char* sql = sqlite3_sql(s)) return sql;
    found = "(a statement without SQL text)";
  }
  return found;
}

// A write that would start from a read snapshot taken earlier by a statement
// still on a row. SQLite then fails it at once with "database is locked"
// whenever another connection holds the write lock or has committed since
// (its busy handler is not called while the connection holds a snapshot):
// the rare, load-dependent failure of background jobs. Strict mode makes it
// fail every time instead.
void check_no_open_read(sqlite3* db, sqlite3_stmt* except, std::string_view write) {
  if (!strict_checks() || !sqlite3_get_autocommit(db)) return;
  if (const char* open = statement_on_a_row(db, except))
    throw Error(ErrorKind::internal, "bug: '" + std::string(write) + "' began while a statement of the same connection was " +
                                         "still on a row: '" + open + "'. Reset it (or end its scope) before writing; " +
                                         "otherwise the write fails with \"database is locked\" whenever another " +
                                         "connection writes at the same time");
}

}  // namespace

// --- Statement ---------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql, WriteGate* gate) : db_(db), gate_(gate) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                              nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "cannot prepare statement");
}

Statement::Statement(sqlite3* db, StatementCache::Slot* slot, std::shared_ptr<StatementCache> cache, WriteGate* gate)
    : stmt_(slot->stmt), db_(db), gate_(gate), slot_(slot), cache_(std::move(cache)) {}

Statement::~Statement() { release(); }

void Statement::release() {
  if (slot_) StatementCache::give_back(slot_);
  else sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  slot_ = nullptr;
  cache_.reset();
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(other.stmt_), db_(other.db_), gate_(other.gate_), slot_(other.slot_), cache_(std::move(other.cache_)) {
  other.stmt_ = nullptr;
  other.slot_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    stmt_ = other.stmt_;
    db_ = other.db_;
    gate_ = other.gate_;
    slot_ = other.slot_;
    cache_ = std::move(other.cache_);
    other.stmt_ = nullptr;
    other.slot_ = nullptr;
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A non-null pointer for empty strings, so '' is stored rather than NULL.
  sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  WriteGate::Hold hold;
  const bool starts_a_write = !sqlite3_stmt_readonly(stmt_) && !sqlite3_stmt_busy(stmt_);
  if (starts_a_write && strict_checks()) {
    check_no_open_read(db_, stmt_, sqlite3_sql(stmt_));
    // Inside a deferred BEGIN (a read snapshot) a write upgrades the snapshot
    // and fails at once if another connection wrote since: writes belong in a
    // store::Transaction (BEGIN IMMEDIATE, holding the gate).
    if (gate_ && !sqlite3_get_autocommit(db_) && !gate_->held_by_this_thread())
      throw Error(ErrorKind::internal, "bug: '" + std::string(sqlite3_sql(stmt_)) +
                                           "' wrote inside a read transaction (a deferred BEGIN); write inside a "
                                           "store::Transaction, which begins IMMEDIATE");
  }
  if (gate_ && starts_a_write && sqlite3_get_autocommit(db_)) hold = gate_->acquire();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  throw_sqlite(db_, rc, "database error");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string_view Statement::text_view(int column) const {
  auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!data) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string Statement::text(int column) const { return std::string(text_view(column)); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

// --- Database ----------------------------------------------------------------

Database Database::open(const std::string& path) {
  if (path != ":memory:") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ignored;
    if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  }
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open database '" + path + "': " +
                          (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
    sqlite3_close(handle);
    throw Error(ErrorKind::invalid_input, message);
  }
  Database db(handle, path);
  sqlite3_extended_result_codes(handle, 1);
  // Uploads run beside searches: wait for a writer rather than fail.
  sqlite3_busy_timeout(handle, 10000);
  text::register_fts_tokenizer(handle);
  try {
    db.exec("PRAGMA foreign_keys = ON");
    if (path != ":memory:") {
      db.exec("PRAGMA journal_mode = WAL");
      // Debian builds default to synchronous=FULL even under WAL; NORMAL is
      // durable against application crashes and much faster.
      db.exec("PRAGMA synchronous = NORMAL");
      // Reads through the page cache copy every page from the kernel; mapping
      // the file removes that copy (~35% of search p50 measured by
      // bench/store_bench at 100k excerpts). The window covers the whole
      // file as it grows (SQLite maps only what exists, up to its 2 GB
      // build limit): with a fixed 256 MB, a 1M-excerpt database read most
      // pages through the kernel (issue 14).
      db.exec("PRAGMA mmap_size = 2147418112");
    }
    // FTS5 merges its segments through the page cache; the 2 MB default made
    // ingest re-read pages constantly (32 MB: ingest 0.45x -> 0.62x of the
    // bare FTS5 baseline in bench/store_bench at 100k excerpts).
    db.exec("PRAGMA cache_size = -32768");
    db.exec("PRAGMA temp_store = MEMORY");
    db.migrate();
    db.load_identity();
  } catch (const Error& e) {
    throw Error(e.kind() == ErrorKind::internal ? ErrorKind::invalid_input : e.kind(),
                "cannot use database '" + path + "': " + e.what());
  }
  return db;
}

Statement Database::prepare(std::string_view sql) {
  if (StatementCache::Slot* slot = statements_->borrow(sql)) return Statement(db_, slot, statements_, gate_.get());
  Statement fresh(db_, sql, gate_.get());
  if (StatementCache::Slot* slot = statements_->keep(sql, fresh.handle())) {
    fresh.stmt_ = nullptr;  // the cache owns it now
    return Statement(db_, slot, statements_, gate_.get());
  }
  return fresh;
}

// Kept statements are finalized first (unless a Statement still borrows
// one: close_v2 then closes the connection when that one is given back).
void Database::close() {
  statements_.reset();
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept
    : db_(other.db_),
      path_(std::move(other.path_)),
      identity_(std::move(other.identity_)),
      gate_(std::move(other.gate_)),
      statements_(std::move(other.statements_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    path_ = std::move(other.path_);
    identity_ = std::move(other.identity_);
    gate_ = std::move(other.gate_);
    statements_ = std::move(other.statements_);
    other.db_ = nullptr;
  }
  return *this;
}

namespace {

// False for one statement that cannot change the database ("BEGIN", a
// read-only PRAGMA): it needs no write gate. A deferred BEGIN opens a read
// snapshot (search.cpp), which must not wait for a write transaction to end.
bool may_write(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK) return true;
  bool read_only = stmt != nullptr && sqlite3_stmt_readonly(stmt) != 0;
  sqlite3_finalize(stmt);
  bool more = tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos;
  return !read_only || more;
}

}  // namespace

void Database::exec(std::string_view sql) {
  std::string copy(sql);
  WriteGate::Hold hold;
  if (gate_ && sqlite3_get_autocommit(db_) && may_write(db_, copy)) {
    check_no_open_read(db_, nullptr, copy);
    hold = gate_->acquire();
  }
  char* message = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw Error((rc & 0xff) == SQLITE_CONSTRAINT ? ErrorKind::conflict : ErrorKind::internal, text);
  }
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

int Database::schema_version() {
  Statement statement(db_, "PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.int64(0));
}

// Migrations are the embedded schema/NNNN_*.sql files; the number prefix is
// the version. Each runs in its own transaction, recorded in
// schema_migrations and in user_version (the highest applied) inside it, so a
// failed migration leaves the previous state intact. Numbers are handed out
// ahead of time and can land out of order (0004 before 0003): a migration runs
// when it is not recorded, not only when it is above user_version. A database
// from before the record kept only user_version: everything up to it counts
// as applied.
//
// An up-to-date database is only read: connections are opened lazily by
// request threads while a background job writes, and a write transaction
// here (outside the write gate, which needs the identity read below) made
// that job's write fail with "database is locked" when the job had a read
// open. Two connections migrating a new database at once: the second finds
// each version recorded inside its transaction and skips it.
void Database::migrate() {
  int current = schema_version();
  std::set<int> applied;
  bool recorded = false;
  {
    Statement exists(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    recorded = exists.step();
  }
  if (recorded) {
    Statement read(db_, "SELECT version FROM schema_migrations");
    while (read.step()) applied.insert(static_cast<int>(read.int64(0)));
  } else {
    Transaction transaction(*this);
    exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
         " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    transaction.commit();
  }
  const bool before_the_record = applied.empty() && current > 0;
  int newest = 0;
  for (const EmbeddedFile& file : embedded_files()) {
    if (!file.path.starts_with("schema/") || !file.path.ends_with(".sql")) continue;
    int version = std::atoi(std::string(file.path.substr(7, 4)).c_str());
    newest = std::max(newest, version);
    if (applied.count(version)) continue;
    Transaction transaction(*this);
    {
      Statement done(db_, "SELECT 1 FROM schema_migrations WHERE version = ?1");
      done.bind(1, version);
      if (done.step()) continue;  // another connection applied it meanwhile (rolled back: nothing written)
    }
    if (!(before_the_record && version <= current)) exec(file.content);
    Statement record(db_, "INSERT INTO schema_migrations (version) VALUES (?1)");
    record.bind(1, version).run();
    current = std::max(current, version);
    exec("PRAGMA user_version = " + std::to_string(current));
    transaction.commit();
  }
  if (current > newest)
    throw Error(ErrorKind::invalid_input, "database schema version " + std::to_string(current) +
                                              " is newer than this Grounded understands (" +
                                              std::to_string(newest) + ")");
}

void Database::load_identity() {
  Statement read(db_, "SELECT id FROM database_identity LIMIT 1");
  identity_ = read.step() ? read.text(0) : "";
  struct stat file {};
  if (path_ != ":memory:" && ::stat(path_.c_str(), &file) == 0)
    identity_ += ":" + std::to_string(file.st_dev) + ":" + std::to_string(file.st_ino);
  gate_ = WriteGate::for_database(identity_);
}

// --- Transaction -------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db), hold_(db.hold_write_gate()) {
  check_no_open_read(db_.handle(), nullptr, "BEGIN IMMEDIATE");
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!open_) return;
  char* ignored = nullptr;
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, &ignored);
  sqlite3_free(ignored);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
  hold_.release();
}

// --- Helpers -------------------------------------------------------------------

std::string default_database_path() {
  if (const char* explicit_path = std::getenv("GROUNDED_DB"); explicit_path && *explicit_path) return explicit_path;
  if (const char* data_home = std::getenv("XDG_DATA_HOME"); data_home && *data_home)
    return std::string(data_home) + "/grounded/grounded.db";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/grounded/grounded.db";
  return "grounded.db";
}

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace grounded::store
