// How long a client may take to send a request, and how many may wait.
//
// cpp-httplib 0.11 gives every accepted connection a pool worker that reads
// its headers with a per-recv timeout: a client sending one header line every
// few seconds holds that worker for ever, and 300 such clients starve a pool
// of 256 (issue 12). The server therefore reads each request head in one
// poll() thread (connection_front.hpp) under a total deadline and gives a
// worker only a request that has fully arrived; bodies are read by the worker
// under a deadline that grows with what arrived (a minimum rate), never per
// recv. These are the numbers; ServerOptions carries them so tests can
// shorten them.
#pragma once

#include <chrono>
#include <cstddef>

namespace grounded::server {

struct ConnectionLimits {
  // From the first byte of a request (the connection's accept for its first
  // one) until its head (request line and headers) and, for a small body,
  // the whole body have arrived. Past it: 408 and the connection is closed.
  std::chrono::milliseconds head_deadline{10000};
  // An idle keep-alive connection between requests is closed after this.
  std::chrono::milliseconds keep_alive_idle{5000};
  // A body is read by a worker; it may take body_grace plus one second for
  // every min_body_rate bytes received. A stalled or trickling body fails
  // its read at that deadline (the handler answers 400 and the connection
  // closes).
  std::chrono::milliseconds body_grace{10000};
  std::size_t min_body_rate = 64 * 1024;  // bytes per second
  // Bodies up to this size are read whole by the front before a worker is
  // involved; larger ones once this much of them has arrived (or at once
  // with "Expect: 100-continue", or when over max_body_bytes: the worker
  // answers 413 without reading).
  std::size_t front_body_bytes = 64 * 1024;
  std::size_t max_head_bytes = 64 * 1024;  // a longer head: 431, closed
  // Requests with a large body being read by workers at once (uploads);
  // more wait in the front, without a worker, for up to head_deadline.
  std::size_t large_body_slots = 8;
  // Connections the front holds at once (waiting for a head, or idle); at
  // the limit the oldest one still sending its first head is closed to make
  // room, so new clients are always heard. 0 = derived from the process's
  // descriptor limit.
  std::size_t max_waiting = 0;
  std::size_t max_body_bytes = 256u * 1024 * 1024;  // over it: the worker's 413, without reading
  std::chrono::milliseconds write_idle{30000};      // a response write that makes no progress this long fails
};

}  // namespace grounded::server
