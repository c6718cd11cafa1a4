#include "server/fronted_http_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "server/request_head.hpp"
#include "server/request_stream.hpp"

namespace grounded::server {

FrontedHttpServer::FrontedHttpServer(ConnectionLimits limits, std::size_t workers)
    : limits_(limits), workers_(workers) {
  new_task_queue = [this] {
    auto* front = new ConnectionFront(limits_, workers_, [this](std::shared_ptr<Connection> c) { serve(std::move(c)); });
    front_ = front;
    return front;
  };
}

void FrontedHttpServer::widen_backlog() {
  socket_t listening = svr_sock_;
  if (listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);  // Linux: listen() again resizes the queue
}

bool FrontedHttpServer::process_and_close_socket(socket_t sock) {
  ConnectionFront* front = front_.load();
  if (!front) {
    ::close(sock);
    return false;
  }
  front->admit(sock);
  return true;
}

void FrontedHttpServer::serve(std::shared_ptr<Connection> connection) {
  ConnectionFront* front = front_.load();
  for (;;) {
    const RequestExtent extent = measure_request(connection->received);
    // A chunked body still arriving (or unreadable framing) has no end the
    // front can find should the handler leave the body unread: the request
    // is the connection's last, and its answer says so.
    const bool last = extent.malformed || !extent.body_bytes;
    bool stopping = svr_sock_ == INVALID_SOCKET;
    bool closed = false;
    bool ok = false;
    std::size_t consumed = 0;
    {
      RequestStream stream(*connection, limits_);
      ok = process_request(stream, stopping || last, closed, nullptr);
      consumed = stream.consumed();
    }
    if (connection->holds_large_body_slot) {
      connection->holds_large_body_slot = false;
      front->release_large_body_slot();
    }
    if (!ok || closed || stopping || last) return;  // dropping the connection closes it
    if (!skip_unread_body(*connection, extent, consumed)) return;
    // A pipelined next request already here whole is served at once;
    // anything else waits in the front, without a worker.
    if (connection->discard == 0 && !connection->received.empty() &&
        assess_request(connection->received, limits_) == RequestReadiness::ready)
      continue;
    front->resume(std::move(connection));
    return;
  }
}

bool FrontedHttpServer::skip_unread_body(Connection& connection, const RequestExtent& extent,
                                         std::size_t consumed) const {
  const std::size_t end = extent.head_bytes + *extent.body_bytes;
  if (consumed >= end) return true;
  std::size_t left = end - consumed;
  std::size_t here = std::min(left, connection.received.size());
  connection.received.erase(0, here);
  left -= here;
  if (left > limits_.front_body_bytes) return false;  // not worth waiting for: close instead
  connection.discard = left;
  return true;
}

}  // namespace grounded::server
