// Whether the bytes received on a connection hold a request a worker can
// serve without waiting on the client (connection_front.hpp). Looks only at
// the head's framing (Content-Length, Transfer-Encoding, Expect); httplib
// parses the request itself.
#pragma once

#include <string_view>

#include "server/connection_limits.hpp"

namespace grounded::server {

enum class RequestReadiness {
  incomplete,    // the head or a small body is still arriving
  ready,         // the head and any body are here, or the worker answers without the body (413)
  ready_large,   // the head and the first front_body_bytes of a large body: needs a large-body slot
  head_too_long  // no end of the head within max_head_bytes: 431
};

// `received` starts at the beginning of a request.
RequestReadiness assess_request(std::string_view received, const ConnectionLimits& limits);

}  // namespace grounded::server
