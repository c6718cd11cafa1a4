// A savepoint inside an open store::Transaction: one part of a transaction
// (one file of an ingest batch) undone alone, what came before it kept.
#pragma once

#include "store/database.hpp"

namespace grounded::store {

// SAVEPOINT on construction; ROLLBACK TO it (and RELEASE) on destruction
// unless release() was called.
class Savepoint {
 public:
  explicit Savepoint(Database& db);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace grounded::store
