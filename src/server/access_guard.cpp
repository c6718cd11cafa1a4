#include "server/access_guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json.hpp"
#include "server/request_checks.hpp"
#include "server/request_principal.hpp"
#include "server/team_gate.hpp"
#include "store/api_token.hpp"

namespace grounded::server {
namespace {

bool host_allowed(const AccessPolicy& policy, const std::string& host_header) {
  std::string host = ascii_lower(host_header);
  std::string port = ":" + std::to_string(policy.port.load());
  for (const std::string& name : policy.host_names) {
    std::string allowed = ascii_lower(name);
    if (host == allowed + port) return true;
    // A name given with its own port (--allow-host grounded.example:443 behind a proxy).
    if (allowed.find(':') != std::string::npos && !allowed.starts_with('[') && host == allowed) return true;
  }
  return false;
}

}  // namespace

std::string make_launch_secret() { return store::random_hex_token(24); }

bool admit_request(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res) {
  set_current_principal(std::nullopt);
  if (!req.has_header("Host")) {
    refuse(res, 400, "invalid_input", "the request has no Host header; Grounded answers only its own host names");
    return false;
  }
  if (!host_allowed(policy, req.get_header_value("Host"))) {
    refuse(res, 421, "misdirected",
           "this server does not answer for host '" + req.get_header_value("Host") +
               "'; open it as http://127.0.0.1:" + std::to_string(policy.port.load()) +
               "/ or start it with --allow-host NAME");
    return false;
  }
  if (policy.max_body_bytes > 0 && req.has_header("Content-Length")) {
    std::string declared = req.get_header_value("Content-Length");
    bool digits = !declared.empty() && declared.size() <= 19 &&
                  declared.find_first_not_of("0123456789") == std::string::npos;
    // Up to 64 MB over the limit, cpp-httplib reads and discards the body and
    // then answers 413, which the client reliably receives. Far beyond it,
    // receiving the body would hold a worker for minutes, so we answer at once
    // and close, accepting that a client still sending may see a reset.
    constexpr std::size_t kDrainAllowance = 64u * 1024 * 1024;
    if (!digits || std::stoull(declared) > policy.max_body_bytes + kDrainAllowance) {
      refuse(res, 413, "too_large",
             "the request body (" + declared + " bytes) is larger than the limit of " +
                 (policy.max_body_bytes % (1024 * 1024) == 0
                      ? std::to_string(policy.max_body_bytes / (1024 * 1024)) + " MB"
                      : std::to_string(policy.max_body_bytes) + " bytes") +
                 " (grounded serve --max-upload-mb)");
      res.set_header("Connection", "close");
      return false;
    }
  }
  if (policy.team) return admit_team_request(policy, req, res);
  if (!changes_data(req.method)) return true;

  std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    if (authorization.starts_with("Bearer ") &&
        store::tokens_equal(authorization.substr(7), policy.api_token))
      return true;
    refuse(res, 401, "unauthorized",
           "the Authorization header does not carry this repository's API token (see `grounded token`)");
    return false;
  }
  if (!from_our_page(req, policy.transport.tls)) {
    refuse(res, 403, "forbidden",
           "cross-origin request refused: changes must come from Grounded's own page, or from a script "
           "sending `Authorization: Bearer TOKEN` (see `grounded token`)");
    return false;
  }
  if (!store::tokens_equal(cookie_value(req, kLaunchCookie), policy.launch_secret)) {
    refuse(res, 403, "forbidden",
           "this page was loaded from an earlier run of the server: reload the page and try again");
    return false;
  }
  if (!acceptable_body(req)) {
    refuse(res, 415, "unsupported_format",
           "send the request body as application/json or multipart/form-data (got '" +
               req.get_header_value("Content-Type") + "')");
    return false;
  }
  return true;
}

void hand_out_launch_secret(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res) {
  if (policy.team || req.path.starts_with("/api/") || res.status >= 400) return;
  res.set_header("Set-Cookie", std::string(kLaunchCookie) + "=" + policy.launch_secret +
                                   "; Path=/; HttpOnly; SameSite=Strict");
}

}  // namespace grounded::server
