#include "server/fronted_http_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

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
    bool stopping = svr_sock_ == INVALID_SOCKET;
    bool closed = false;
    bool ok = false;
    {
      RequestStream stream(*connection, limits_);
      ok = process_request(stream, stopping, closed, nullptr);
    }
    if (connection->holds_large_body_slot) {
      connection->holds_large_body_slot = false;
      front->release_large_body_slot();
    }
    if (!ok || closed || stopping) return;  // dropping the connection closes it
    // A pipelined next request already here whole is served at once;
    // anything else waits in the front, without a worker.
    if (!connection->received.empty() && assess_request(connection->received, limits_) == RequestReadiness::ready)
      continue;
    front->resume(std::move(connection));
    return;
  }
}

}  // namespace grounded::server
