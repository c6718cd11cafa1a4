// The httplib::Stream one request is served through (fronted_http_server.hpp):
// reads first the bytes the front already received on the connection, then
// the socket, under a total deadline that grows with what arrived
// (ConnectionLimits::body_grace + received / min_body_rate) instead of a
// per-recv timeout, so a trickling body cannot hold its worker for long.
// Unread bytes (a pipelined next request) stay in the connection.
#pragma once

#include <httplib.h>

#include "server/connection_front.hpp"
#include "server/connection_limits.hpp"

namespace grounded::server {

class RequestStream : public httplib::Stream {
 public:
  RequestStream(Connection& connection, const ConnectionLimits& limits);
  ~RequestStream() override;  // gives the unread bytes back to the connection

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return connection_.fd; }

  // Bytes of the connection httplib has read through this stream so far:
  // where in the request it stopped (fronted_http_server.cpp).
  std::size_t consumed() const { return consumed_; }

 private:
  // Waits until the socket has input, at most until the body deadline.
  bool wait_readable() const;
  FrontClock::time_point body_deadline() const;

  Connection& connection_;
  const ConnectionLimits& limits_;
  std::size_t offset_ = 0;  // into connection_.received
  std::size_t from_socket_ = 0;
  std::size_t consumed_ = 0;
  FrontClock::time_point started_;
};

}  // namespace grounded::server
