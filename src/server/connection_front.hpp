// The server's front: one poll() thread that holds every connection while
// its request arrives, and a pool of workers that only ever get requests
// that have arrived (connection_limits.hpp says why and with what limits).
//
// A connection lives here while its request head (and a small body) comes
// in, and between keep-alive requests; a worker gets it for one request at a
// time and hands it back. So a slow or idle client costs a descriptor and a
// few bytes, never a worker: a thousand clients that never finish their
// headers leave every worker free, and /health is answered at once. Past
// its deadline a connection gets 408 (503 when it waited for a large-body
// slot) and is closed.
//
// It is cpp-httplib's task queue (Server::new_task_queue): httplib's accept
// loop hands it each accepted socket and calls shutdown() when the server
// stops, which closes waiting connections, lets requests in workers finish
// and joins the workers.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/connection_limits.hpp"

namespace grounded::server {

using FrontClock = std::chrono::steady_clock;

// One client connection and the bytes received on it that no request has
// consumed yet.
struct Connection {
  int fd = -1;
  std::string received;
  FrontClock::time_point started;   // first byte of the current request (accept, for the first one)
  FrontClock::time_point deadline;  // head deadline, or the keep-alive idle deadline
  bool idle = false;                // between requests, no byte of the next one yet
  bool holds_large_body_slot = false;
  bool wants_large_body_slot = false;
  // Bytes still to arrive of a body its handler never read (a request
  // refused from its head): dropped as they come, before the next request.
  std::size_t discard = 0;

  explicit Connection(int socket) : fd(socket) {}
  ~Connection();  // closes fd
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
};

// Counters for tests and the log.
struct FrontStats {
  std::uint64_t admitted = 0;
  std::uint64_t dispatched = 0;     // requests handed to workers
  std::uint64_t head_timeouts = 0;  // 408: head (or small body) not complete by its deadline
  std::uint64_t slot_timeouts = 0;  // 503: waited for a large-body slot past the deadline
  std::uint64_t evicted = 0;        // closed to make room at max_waiting
  std::uint64_t heads_too_long = 0; // 431
};

class ConnectionFront : public httplib::TaskQueue {
 public:
  // serve(connection) runs on a worker for one ready request; it returns the
  // connection through resume() to keep it alive, or lets it go (closed).
  using Serve = std::function<void(std::shared_ptr<Connection>)>;
  ConnectionFront(ConnectionLimits limits, std::size_t workers, Serve serve);
  ~ConnectionFront() override;

  // httplib's accept loop hands over each accepted socket as a task that
  // calls Server::process_and_close_socket; it is run at once on the accept
  // thread (the server's override only calls admit(), which never blocks).
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override;

  // Takes a newly accepted socket (and closes it when stopping).
  void admit(int fd);
  // A worker finished a request on a kept-alive connection whose next
  // request has not fully arrived: the front waits for it.
  void resume(std::shared_ptr<Connection> connection);
  // A worker finished a request that held a large-body slot.
  void release_large_body_slot();

  FrontStats stats() const;
  const ConnectionLimits& limits() const { return limits_; }

 private:
  void loop();
  void wake();
  // Reads what has arrived; false when the client closed or failed.
  bool receive(Connection& connection);
  // Decides what happens to a waiting connection now: true = keep waiting.
  bool advance(const std::shared_ptr<Connection>& connection, FrontClock::time_point now);
  void dispatch(std::shared_ptr<Connection> connection);
  void make_room();

  ConnectionLimits limits_;
  Serve serve_;
  std::unique_ptr<httplib::ThreadPool> workers_;
  int wake_fd_ = -1;  // eventfd: new or resumed connections, a freed slot, shutdown

  mutable std::mutex mutex_;  // guards inbox_, stopping_, slots_in_use_, stats_
  std::vector<std::shared_ptr<Connection>> inbox_;
  bool stopping_ = false;
  std::size_t slots_in_use_ = 0;
  FrontStats stats_;

  std::vector<std::shared_ptr<Connection>> waiting_;  // the front thread's own
  std::thread thread_;
};

}  // namespace grounded::server
