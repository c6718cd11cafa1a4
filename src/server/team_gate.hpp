// The team-mode half of the access guard (access_guard.hpp has run the Host
// and size checks). For every request:
//   1. `Authorization: Bearer TOKEN` with the repository's API token acts as
//      an admin (request_principal.hpp says why); a wrong token is a 401.
//   2. A request that changes data must come from our own page (same-origin
//      Origin, or Sec-Fetch-Site) with a JSON or multipart body (403 / 415).
//   3. The session cookie (`grounded_session`, HttpOnly, SameSite=Strict,
//      Secure under HTTPS) names the signed-in user; none or expired → 401
//      on anything but the public routes (sign-in, health, the UI files).
//   4. A change with a session must carry the session's CSRF token in the
//      X-CSRF-Token header (the page gets it from GET /api/v1/session) → 403.
//   5. The user's role must be at least the route's (route_roles.hpp) → 403
//      naming both roles. Refused requests never reach a handler, so nothing
//      changes.
#pragma once

#include <httplib.h>

#include <string>

#include "server/access_guard.hpp"

namespace grounded::server {

// The session cookie's name.
inline constexpr const char* kSessionCookie = "grounded_session";
// The header the page sends its CSRF token in.
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// Runs the checks above; on success sets the request's principal
// (request_principal.hpp) and returns true, otherwise answers and returns false.
bool admit_team_request(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res);

// The Set-Cookie value that starts (`token` non-empty) or clears a session.
std::string session_cookie(const std::string& token, bool https);

}  // namespace grounded::server
