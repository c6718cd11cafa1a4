// The server's background thread: runs long work (upload processing, the
// sample study) one item at a time, in order. Progress goes to the jobs
// table (store/jobs.hpp), which the UI polls.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.hpp"

namespace grounded::server {

class JobRunner {
 public:
  explicit JobRunner(std::string db_path);
  ~JobRunner();  // stop()
  // Queues work; it gets the runner thread's own connection. Work that
  // throws is logged on stderr; it should record its failure in its job.
  // Throws Error(internal) after stop().
  void post(std::function<void(store::Database&)> work);
  // Finishes queued and running work, then joins the thread.
  void stop();

 private:
  void loop();
  std::string db_path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void(store::Database&)>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace grounded::server
