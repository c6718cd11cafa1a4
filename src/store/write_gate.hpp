// One writer at a time per database file inside this process.
//
// SQLite lets one connection write at a time and makes the others retry for
// the busy timeout, then fail with "database is locked": a long ingest on
// the job runner made a persona edit on a request thread fail that way. The
// gate turns that race into a queue: every write transaction
// (store::Transaction) and every write statement run outside one
// (Statement::step, Database::exec) holds its database's gate, so writers in
// this process wait their turn in order instead of failing. Other processes
// (the CLI beside a server) still meet SQLite's busy timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace grounded::store {

class WriteGate {
 public:
  // How long a writer waits for the gate before it gives up with
  // Error(internal) naming the wait: far longer than any one transaction
  // (an ingest commits per file), so only a stuck writer reaches it.
  static constexpr std::chrono::minutes kMaxWait{5};

  // The gate of the database with this identity (Database::identity), shared
  // by every connection of this process to it.
  static std::shared_ptr<WriteGate> for_database(const std::string& identity);

  // A held gate, released on destruction. Empty when the thread already
  // held the gate (a write inside its own transaction, or through a second
  // connection: SQLite's busy timeout applies to that one, as before).
  class Hold {
   public:
    Hold() = default;
    explicit Hold(WriteGate* gate) : gate_(gate) {}
    Hold(Hold&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Hold& operator=(Hold&& other) noexcept;
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    ~Hold() { release(); }
    void release();

   private:
    WriteGate* gate_ = nullptr;
  };

  // Waits for the gate (at most kMaxWait, then Error(internal)).
  Hold acquire();
  // True when this thread holds the gate (inside a store::Transaction).
  bool held_by_this_thread() const { return owner_.load() == std::this_thread::get_id(); }

 private:
  std::timed_mutex mutex_;
  std::atomic<std::thread::id> owner_{};
};

}  // namespace grounded::store
