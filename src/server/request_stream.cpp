#include "server/request_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace grounded::server {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

// Waits for `events` on fd until `deadline`; false on timeout or error.
bool wait_for(int fd, short events, FrontClock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - FrontClock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

RequestStream::RequestStream(Connection& connection, const ConnectionLimits& limits)
    : connection_(connection), limits_(limits), started_(FrontClock::now()) {}

RequestStream::~RequestStream() { connection_.received.erase(0, offset_); }

FrontClock::time_point RequestStream::body_deadline() const {
  auto earned = std::chrono::milliseconds(static_cast<long long>(from_socket_ * 1000 / std::max<std::size_t>(limits_.min_body_rate, 1)));
  return started_ + limits_.body_grace + earned;
}

bool RequestStream::wait_readable() const { return wait_for(connection_.fd, POLLIN, body_deadline()); }

bool RequestStream::is_readable() const { return offset_ < connection_.received.size() || wait_readable(); }

bool RequestStream::is_writable() const {
  return wait_for(connection_.fd, POLLOUT, FrontClock::now() + limits_.write_idle);
}

ssize_t RequestStream::read(char* ptr, size_t size) {
  std::string& received = connection_.received;
  if (offset_ >= received.size()) {
    received.clear();
    offset_ = 0;
    for (;;) {
      if (!wait_readable()) return -1;  // past the deadline: the request fails, the connection closes
      received.resize(std::max(size, kReadChunk));
      ssize_t n = ::recv(connection_.fd, received.data(), received.size(), MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
        received.clear();
        continue;
      }
      received.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      if (n <= 0) return n;
      from_socket_ += static_cast<std::size_t>(n);
      break;
    }
  }
  std::size_t count = std::min(size, received.size() - offset_);
  std::memcpy(ptr, received.data() + offset_, count);
  offset_ += count;
  consumed_ += count;
  return static_cast<ssize_t>(count);
}

ssize_t RequestStream::write(const char* ptr, size_t size) {
  for (;;) {
    ssize_t n = ::send(connection_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!wait_for(connection_.fd, POLLOUT, FrontClock::now() + limits_.write_idle)) return -1;
  }
}

void RequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(connection_.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
}

void RequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(connection_.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
}

}  // namespace grounded::server
