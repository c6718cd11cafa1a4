// Prepared statements kept per connection, keyed by their SQL text.
//
// Ingest prepares the same few dozen statements for every file (imports,
// studies, participants, placements) and search for every query; SQLite's
// parser and code generator were ~18% of `grounded ingest` CPU on the
// 100k-excerpt scale corpus (perf, issue 14). Database::prepare borrows a
// kept statement when one for the same SQL is free, so callers keep writing
// `db.prepare(sql)` and get the parse only once per connection.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace grounded::store {

class StatementCache {
 public:
  // One kept statement; `in_use` while a Statement borrows it.
  struct Slot {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  // At most `capacity` statements are kept; SQL past that is prepared and
  // finalized by its Statement as before.
  explicit StatementCache(std::size_t capacity = 256) : capacity_(capacity) {}
  ~StatementCache();  // finalizes every kept statement
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The free slot for this SQL, marked in use; nullptr when the SQL's
  // statement is borrowed already (a nested use of the same SQL) or none is
  // kept yet.
  Slot* borrow(std::string_view sql);
  // Keeps a statement just prepared for `sql`, marked in use; nullptr (the
  // caller owns it) when the SQL has a slot already or the cache is full.
  Slot* keep(std::string_view sql, sqlite3_stmt* stmt);
  // Resets the statement and clears its bindings (a later borrower sees
  // unbound parameters as NULL, as with a fresh statement), and frees it.
  static void give_back(Slot* slot);

 private:
  std::size_t capacity_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  // Node-based: Slot pointers stay valid as it grows.
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots_;
};

}  // namespace grounded::store
