// Who may talk to the server, checked before any route runs.
//
// Loopback is not a boundary on its own: any web page the researcher visits
// can send requests to 127.0.0.1, and a DNS-rebinding page can even read the
// answers. So the server
//   - answers only the Host names it was started for (127.0.0.1:PORT,
//     localhost:PORT, [::1]:PORT and each --allow-host name): anything else
//     gets 421 (no Host at all: 400), which defeats DNS rebinding;
//   - lets a request change data (any method but GET/HEAD/OPTIONS) only when
//     it carries the repository's API token (`Authorization: Bearer …`, for
//     scripts, as in Jupyter), or comes from our own page: a same-origin
//     `Origin` (or `Sec-Fetch-Site: same-origin` without one) AND the
//     per-launch secret the page received as a `SameSite=Strict; HttpOnly`
//     cookie AND a JSON or multipart body (what an HTML form or a cross-site
//     "simple" request cannot send without a CORS preflight we never grant).
// In team mode (users, sessions, roles) the same Host and body-size checks
// run first, then team_gate.hpp decides instead of the launch secret.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "server/client_origin.hpp"
#include "store/database.hpp"
#include "store/sessions.hpp"

namespace grounded::server {

struct AccessPolicy {
  std::vector<std::string> host_names;  // e.g. "127.0.0.1", "localhost", "[::1]", plus --allow-host names
  std::atomic<int> port{0};             // set once the server is bound (port 0 = ephemeral)
  std::string api_token;                // the repository's token (store/api_token.hpp)
  std::string launch_secret;            // new on every start; the UI gets it as a cookie
  std::size_t max_body_bytes = 0;       // a declared Content-Length above it is refused before reading
  // Team mode (team_gate.hpp): sign-in with sessions and roles.
  bool team = false;
  TransportSettings transport;          // TLS here, or a trusted reverse proxy in front
  store::SessionLimits session_limits;
  std::function<store::Database&()> database;  // this worker thread's connection
};

// The name of the cookie that carries the launch secret.
inline constexpr const char* kLaunchCookie = "grounded_launch";

// A fresh random launch secret (hex).
std::string make_launch_secret();

// Checks the request against the policy. Returns true when it may proceed;
// otherwise fills `res` with the JSON error (400/401/403/413/415/421) naming
// what was wrong and what to do, and returns false. It runs before the body
// is read, so an upload declared far over the limit (more than 64 MB over) is
// refused from its Content-Length at once rather than after minutes of
// receiving it.
bool admit_request(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res);

// Gives a response to a page request the launch-secret cookie, so the UI
// loaded from this server can make state-changing calls.
void hand_out_launch_secret(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res);

}  // namespace grounded::server
