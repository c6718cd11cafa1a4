// Where a request ends in the bytes received on a connection, and whether
// those bytes hold a request a worker can serve without waiting on the
// client (connection_front.hpp). Looks only at the head's framing
// (Content-Length, Transfer-Encoding, Expect); httplib parses the request
// itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "server/connection_limits.hpp"

namespace grounded::server {

// The extent of the request at the start of `received`, as far as the bytes
// tell it.
struct RequestExtent {
  std::size_t head_bytes = 0;  // request line, headers and the blank line; 0 while the head is incomplete
  // Bytes of the body on the wire: the Content-Length (0 without one), or
  // for a chunked body the chunks up to and including the last one's blank
  // line, once that has arrived; unknown while a chunked body is arriving.
  std::optional<std::size_t> body_bytes;
  bool malformed = false;         // conflicting or unreadable Content-Length: httplib answers 400
  bool chunked = false;
  bool expects_continue = false;  // "Expect: 100-continue"
};

RequestExtent measure_request(std::string_view received);

enum class RequestReadiness {
  incomplete,    // the head or a small body is still arriving
  ready,         // the head and any body are here, or the worker answers without the body (413)
  ready_large,   // the head and the first front_body_bytes of a large body: needs a large-body slot
  head_too_long  // no end of the head within max_head_bytes: 431
};

// `received` starts at the beginning of a request.
RequestReadiness assess_request(std::string_view received, const ConnectionLimits& limits);

}  // namespace grounded::server
