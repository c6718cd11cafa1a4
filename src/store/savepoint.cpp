#include "store/savepoint.hpp"

namespace grounded::store {

Savepoint::Savepoint(Database& db) : db_(db) { db_.exec("SAVEPOINT part"); }

Savepoint::~Savepoint() {
  if (!open_) return;
  // Fails only when SQLite already rolled the whole transaction back (disk
  // full, I/O error); the caller learns that from its own error.
  sqlite3_exec(db_.handle(), "ROLLBACK TO part; RELEASE part", nullptr, nullptr, nullptr);
}

void Savepoint::release() {
  db_.exec("RELEASE part");
  open_ = false;
}

}  // namespace grounded::store
