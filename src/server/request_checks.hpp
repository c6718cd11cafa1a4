// Small checks on a request shared by the loopback guard (access_guard.cpp)
// and the team-mode gate (team_gate.cpp).
#pragma once

#include <httplib.h>

#include <string>

namespace grounded::server {

// Answers with `status` and {"error": {"kind", "message"}}.
void refuse(httplib::Response& res, int status, const std::string& kind, const std::string& message);
// Any method but GET, HEAD and OPTIONS.
bool changes_data(const std::string& method);
// The value of cookie `name`, or "".
std::string cookie_value(const httplib::Request& req, const std::string& name);
// No body, or a JSON or multipart one: what an HTML form or a cross-site
// "simple" request cannot send without a CORS preflight we never grant.
bool acceptable_body(const httplib::Request& req);
// A same-origin `Origin` (scheme from `https`, host from the Host header),
// or `Sec-Fetch-Site: same-origin` when the browser sent no Origin.
bool from_our_page(const httplib::Request& req, bool https);
// ASCII lower case (host names, header values we compare).
std::string ascii_lower(std::string text);

}  // namespace grounded::server
