#include "server/job_runner.hpp"

#include <iostream>
#include <optional>

#include "core/error.hpp"

namespace grounded::server {

JobRunner::JobRunner(std::string db_path) : db_path_(std::move(db_path)), thread_([this] { loop(); }) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::post(std::function<void(store::Database&)> work) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw Error(ErrorKind::internal, "the server is stopping; try again after it restarts");
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::loop() {
  std::optional<store::Database> db;  // opened on first use, closed when the thread ends
  for (;;) {
    std::function<void(store::Database&)> work;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      if (!db) db.emplace(store::Database::open(db_path_));
      work(*db);
    } catch (const std::exception& e) {
      std::cerr << "grounded serve: background job failed: " << e.what() << "\n";
    }
  }
}

}  // namespace grounded::server
