#include "server/connection_front.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>

#include "server/request_head.hpp"

namespace grounded::server {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

// Best effort: the client may not be reading; the socket closes right after.
void answer_and_close(Connection& connection, std::string_view status_line) {
  std::string response = std::string("HTTP/1.1 ") + std::string(status_line) +
                         "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  ::send(connection.fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(connection.fd, SHUT_RDWR);
}

// The connections the descriptor limit leaves room for (a few hundred kept
// for workers' database files, the listener and the job runner).
std::size_t default_max_waiting() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 10000;
  std::size_t usable = limit.rlim_cur > 512 ? static_cast<std::size_t>(limit.rlim_cur) - 384 : 128;
  return std::min<std::size_t>(usable, 10000);
}

}  // namespace

Connection::~Connection() {
  if (fd >= 0) ::close(fd);
}

ConnectionFront::ConnectionFront(ConnectionLimits limits, std::size_t workers, Serve serve)
    : limits_(limits), serve_(std::move(serve)), workers_(std::make_unique<httplib::ThreadPool>(workers)) {
  if (limits_.max_waiting == 0) limits_.max_waiting = default_max_waiting();
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { loop(); });
}

ConnectionFront::~ConnectionFront() {
  shutdown();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ConnectionFront::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
  if (workers_) {
    workers_->shutdown();  // requests in flight finish; their connections close (resume() when stopping)
    workers_.reset();
    FrontStats s = stats();
    if (s.head_timeouts + s.slot_timeouts + s.evicted + s.heads_too_long > 0)
      std::cerr << "grounded serve: " << s.admitted << " connections, " << s.dispatched << " requests; closed: "
                << s.head_timeouts << " past the head deadline (408), " << s.slot_timeouts
                << " waiting for an upload slot (503), " << s.heads_too_long << " heads too long (431), "
                << s.evicted << " to make room\n";
  }
}

void ConnectionFront::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t written = ::write(wake_fd_, &one, sizeof one);
}

void ConnectionFront::admit(int fd) {
  // Responses go out at once: without TCP_NODELAY every keep-alive response
  // waits ~40 ms for the client's delayed ACK (DESIGN.md).
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  auto connection = std::make_shared<Connection>(fd);
  connection->started = FrontClock::now();
  connection->deadline = connection->started + limits_.head_deadline;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // closed by the destructor
    ++stats_.admitted;
    inbox_.push_back(std::move(connection));
  }
  wake();
}

void ConnectionFront::resume(std::shared_ptr<Connection> connection) {
  // Still receiving the unread rest of the last body: not idle, and it
  // must arrive (with the next head) within the head deadline.
  connection->idle = connection->received.empty() && connection->discard == 0;
  connection->started = FrontClock::now();
  connection->deadline = connection->started + (connection->idle ? limits_.keep_alive_idle : limits_.head_deadline);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    inbox_.push_back(std::move(connection));
  }
  wake();
}

void ConnectionFront::release_large_body_slot() {
  {
    std::lock_guard lock(mutex_);
    if (slots_in_use_ > 0) --slots_in_use_;
  }
  wake();
}

FrontStats ConnectionFront::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

bool ConnectionFront::receive(Connection& connection) {
  const std::size_t cap = limits_.max_head_bytes + limits_.front_body_bytes;
  while (connection.received.size() < cap) {
    char buffer[kReadChunk];
    std::size_t want = std::min(sizeof buffer, cap - connection.received.size());
    ssize_t n = ::recv(connection.fd, buffer, want, MSG_DONTWAIT);
    if (n > 0) {
      std::string_view bytes(buffer, static_cast<std::size_t>(n));
      std::size_t skipped = std::min(connection.discard, bytes.size());
      connection.discard -= skipped;
      bytes.remove_prefix(skipped);
      if (bytes.empty()) continue;
      if (connection.idle) {  // the next request's first byte: its head deadline starts now
        connection.idle = false;
        connection.started = FrontClock::now();
        connection.deadline = connection.started + limits_.head_deadline;
      }
      connection.received.append(bytes);
      continue;
    }
    if (n == 0) return false;  // the client closed
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

void ConnectionFront::dispatch(std::shared_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    ++stats_.dispatched;
  }
  workers_->enqueue([this, connection = std::move(connection)]() mutable { serve_(std::move(connection)); });
}

bool ConnectionFront::advance(const std::shared_ptr<Connection>& connection, FrontClock::time_point now) {
  if (!connection->idle) {
    switch (assess_request(connection->received, limits_)) {
      case RequestReadiness::incomplete:
        break;
      case RequestReadiness::ready:
        dispatch(connection);
        return false;
      case RequestReadiness::ready_large: {
        std::lock_guard lock(mutex_);
        connection->wants_large_body_slot = slots_in_use_ >= limits_.large_body_slots;
        if (!connection->wants_large_body_slot) {
          ++slots_in_use_;
          connection->holds_large_body_slot = true;
        }
        break;
      }
      case RequestReadiness::head_too_long: {
        answer_and_close(*connection, "431 Request Header Fields Too Large");
        std::lock_guard lock(mutex_);
        ++stats_.heads_too_long;
        return false;
      }
    }
    if (connection->holds_large_body_slot) {
      dispatch(connection);
      return false;
    }
  }
  if (now < connection->deadline) return true;
  if (!connection->idle) {
    answer_and_close(*connection, connection->wants_large_body_slot ? "503 Service Unavailable" : "408 Request Timeout");
    std::lock_guard lock(mutex_);
    ++(connection->wants_large_body_slot ? stats_.slot_timeouts : stats_.head_timeouts);
  }
  return false;  // an idle keep-alive connection past its time closes silently
}

// At the limit, the oldest connection still sending its first head goes (a
// slow client by then), else the oldest idle one: a new client is heard.
void ConnectionFront::make_room() {
  while (waiting_.size() >= limits_.max_waiting && !waiting_.empty()) {
    auto oldest = std::min_element(waiting_.begin(), waiting_.end(), [](const auto& a, const auto& b) {
      if (a->idle != b->idle) return !a->idle;  // heads in progress first
      return a->started < b->started;
    });
    ::shutdown((*oldest)->fd, SHUT_RDWR);
    waiting_.erase(oldest);
    std::lock_guard lock(mutex_);
    ++stats_.evicted;
  }
}

void ConnectionFront::loop() {
  std::vector<pollfd> polled;
  for (;;) {
    std::vector<std::shared_ptr<Connection>> arrived;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      arrived.swap(inbox_);
    }
    for (auto& connection : arrived) {
      make_room();
      waiting_.push_back(std::move(connection));
    }

    // Connections waiting for a slot are not read (their bytes stay in the
    // socket); the others are polled for input.
    polled.assign(1, pollfd{wake_fd_, POLLIN, 0});
    FrontClock::time_point next = FrontClock::time_point::max();
    for (const auto& connection : waiting_) {
      polled.push_back({connection->fd, static_cast<short>(connection->wants_large_body_slot ? 0 : POLLIN), 0});
      next = std::min(next, connection->deadline);
    }
    int timeout_ms = -1;
    if (next != FrontClock::time_point::max()) {
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - FrontClock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(wait, 0, 60000));
    }
    // New arrivals are also checked at once, without waiting for input:
    // a resumed connection may already hold its next request.
    if (!arrived.empty()) timeout_ms = 0;
    int ready = ::poll(polled.data(), polled.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) {
      std::cerr << "grounded serve: poll failed in the connection front\n";
      continue;
    }
    if (polled[0].revents & POLLIN) {
      std::uint64_t count = 0;
      [[maybe_unused]] ssize_t read_bytes = ::read(wake_fd_, &count, sizeof count);
    }

    const FrontClock::time_point now = FrontClock::now();
    std::vector<std::shared_ptr<Connection>> still;
    still.reserve(waiting_.size());
    for (std::size_t i = 0; i < waiting_.size(); ++i) {
      std::shared_ptr<Connection>& connection = waiting_[i];
      short events = polled[i + 1].revents;
      bool gone = connection->wants_large_body_slot ? (events & (POLLHUP | POLLERR)) != 0
                                                     : (events & (POLLIN | POLLHUP | POLLERR)) && !receive(*connection);
      if (gone) {  // closed by the client (or failed): dropping it closes it
        connection.reset();
        continue;
      }
      if (connection->wants_large_body_slot) continue;  // handled below, in arrival order
      if (advance(connection, now)) still.push_back(std::move(connection));
    }
    // Large-body slots go to the waiting uploads in the order they arrived.
    std::vector<std::shared_ptr<Connection>> queued;
    for (auto& connection : waiting_)
      if (connection && connection->wants_large_body_slot) queued.push_back(std::move(connection));
    std::sort(queued.begin(), queued.end(), [](const auto& a, const auto& b) { return a->started < b->started; });
    for (auto& connection : queued) {
      if (advance(connection, now)) still.push_back(std::move(connection));
    }
    waiting_.swap(still);
  }
  waiting_.clear();  // closes every waiting connection
  std::lock_guard lock(mutex_);
  inbox_.clear();
}

}  // namespace grounded::server
