#include "server/team_gate.hpp"

#include "server/request_checks.hpp"
#include "server/request_principal.hpp"
#include "server/route_roles.hpp"
#include "store/api_token.hpp"

namespace grounded::server {
namespace {

bool admit_script(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res) {
  std::string authorization = req.get_header_value("Authorization");
  if (authorization.starts_with("Bearer ") && store::tokens_equal(authorization.substr(7), policy.api_token)) {
    set_current_principal(Principal{kTokenPrincipal, store::Role::admin, std::nullopt, ""});
    return true;
  }
  refuse(res, 401, "unauthorized",
         "the Authorization header does not carry this repository's API token (see `grounded token`)");
  return false;
}

std::string role_name(store::Role role) { return std::string(store::to_string(role)); }

}  // namespace

bool admit_team_request(const AccessPolicy& policy, const httplib::Request& req, httplib::Response& res) {
  if (req.has_header("Authorization")) return admit_script(policy, req, res);
  const bool https = client_uses_https(req, policy.transport);
  const bool mutating = changes_data(req.method);
  if (mutating && !from_our_page(req, https)) {
    refuse(res, 403, "forbidden",
           "cross-origin request refused: changes must come from Grounded's own page, or from a script "
           "sending `Authorization: Bearer TOKEN` (see `grounded token`)");
    return false;
  }
  if (mutating && !acceptable_body(req)) {
    refuse(res, 415, "unsupported_format",
           "send the request body as application/json or multipart/form-data (got '" +
               req.get_header_value("Content-Type") + "')");
    return false;
  }

  std::optional<store::ActiveSession> session;
  std::string token = cookie_value(req, kSessionCookie);
  if (!token.empty())
    session = store::find_session(policy.database(), token, store::unix_now(), policy.session_limits);
  if (session)
    set_current_principal(Principal{session->user.username, session->user.role, session->user.id, session->csrf_token});

  const bool signing_in = req.method == "POST" && req.path == "/api/v1/session";
  if (session && mutating && !signing_in &&
      !store::tokens_equal(req.get_header_value(kCsrfHeader), session->csrf_token)) {
    refuse(res, 403, "forbidden",
           "this change lacks the page's CSRF token (X-CSRF-Token header): reload the page and try again");
    return false;
  }
  std::optional<store::Role> needed = RouteRoles::table().needed(req.method, req.path);
  if (!needed) return true;
  if (!session) {
    refuse(res, 401, "unauthorized", "sign in first: you are not signed in, or your session has ended");
    return false;
  }
  if (!store::role_allows(session->user.role, *needed)) {
    refuse(res, 403, "forbidden",
           "your role (" + role_name(session->user.role) + ") cannot do this: it needs " + role_name(*needed) +
               (*needed == store::Role::admin ? "" : " or above") + ". Ask an admin to change your role.");
    return false;
  }
  return true;
}

std::string session_cookie(const std::string& token, bool https) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (token.empty()) cookie += "; Max-Age=0";
  if (https) cookie += "; Secure";
  return cookie;
}

}  // namespace grounded::server
