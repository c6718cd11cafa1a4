// cpp-httplib's Server with its connections held by a ConnectionFront
// (connection_front.hpp) instead of one pool worker each.
//
// httplib 0.11 reads request heads with a per-recv timeout on the worker
// that accepted the connection, and its options cannot give a total
// deadline. Its protected process_request() parses and answers one request
// from any httplib::Stream, and its accept loop calls the virtual
// process_and_close_socket(): this class overrides that to hand each socket
// to the front, and serves each ready request through a RequestStream that
// reads the bytes the front already received, then the body under its
// deadline. Routes, handlers and every other setting work as on
// httplib::Server; the keep-alive and read-timeout settings of httplib are
// replaced by ConnectionLimits.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>

#include "server/connection_front.hpp"
#include "server/connection_limits.hpp"
#include "server/request_head.hpp"

namespace grounded::server {

class FrontedHttpServer : public httplib::Server {
 public:
  FrontedHttpServer(ConnectionLimits limits, std::size_t workers);

  // httplib 0.11 listens with a backlog of 5: a burst of connections past it
  // waits for SYN retransmits (1 s, 3 s, …). Call after binding.
  void widen_backlog();

 private:
  bool process_and_close_socket(socket_t sock) override;
  // On a worker: serves the connection's ready request, and the next ones
  // already received; then hands it back to the front or closes it.
  void serve(std::shared_ptr<Connection> connection);
  // After a request whose handler read `consumed` bytes of it: skips what
  // is left of its body, so the next request on the connection starts where
  // it should. A request answered from its head alone (the access checks
  // refuse before the body is read) leaves its body unread; read as the next
  // request, it made that one a 400 (a sign-out after a refused POST on a
  // kept-alive connection was never run). False when too much of the body is
  // still to come: the connection closes instead.
  bool skip_unread_body(Connection& connection, const RequestExtent& extent, std::size_t consumed) const;

  ConnectionLimits limits_;
  std::size_t workers_;
  std::atomic<ConnectionFront*> front_{nullptr};  // owned by httplib's listen loop (its task queue)
};

}  // namespace grounded::server
