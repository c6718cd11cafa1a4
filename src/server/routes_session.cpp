// Signing in and out of a team-mode server (team_gate.hpp checks every other
// request against the session these routes start).
//
//   GET    /api/v1/session   {"team": bool, "user": {id, username, role} | null, "csrf_token"?}
//                            — the page asks on load; the CSRF token goes back as X-CSRF-Token
//   POST   /api/v1/session   {"username", "password"} → 200 as GET, with the session cookie;
//                            401 "wrong user name or password" (alike for unknown names);
//                            429 when the name is locked out or the address throttled,
//                            naming the time to try again (Retry-After too)
//   DELETE /api/v1/session   signs out: ends the session, clears the cookie
// On a loopback server without --team there is nobody to sign in:
// GET says {"team": false}; POST and DELETE are a 400 saying so.
#include <ctime>

#include "core/error.hpp"
#include "server/body_fields.hpp"
#include "server/client_origin.hpp"
#include "server/request_checks.hpp"
#include "server/request_principal.hpp"
#include "server/route_context.hpp"
#include "server/team_gate.hpp"
#include "store/sessions.hpp"
#include "store/sign_in.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

TransportSettings transport_of(const ServerOptions& options) { return {!options.tls_cert.empty(), options.trusted_proxy}; }

json session_json(const std::optional<store::User>& user, const std::string& csrf_token) {
  json out = {{"team", true}, {"user", nullptr}};
  if (user) {
    out["user"] = {{"id", user->id}, {"username", user->username}, {"role", store::to_string(user->role)}};
    out["csrf_token"] = csrf_token;
  }
  return out;
}

// "21:47 UTC (in 15 minutes)"
std::string retry_time(std::int64_t until, std::int64_t now) {
  std::time_t at = static_cast<std::time_t>(until);
  std::tm utc{};
  gmtime_r(&at, &utc);
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M", &utc);
  std::int64_t minutes = (until - now + 59) / 60;
  return std::string(clock) + " UTC (in " + std::to_string(minutes) + (minutes == 1 ? " minute)" : " minutes)");
}

void require_team(const RouteContext& context) {
  if (!team_mode(context.options()))
    throw invalid_input("this server runs on loopback without sign-in (start it with --team for users and roles)");
}

}  // namespace

void register_session_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/session", [&context](const httplib::Request&, httplib::Response& res) {
    if (!team_mode(context.options())) return send_json(res, {{"team", false}, {"user", nullptr}});
    const Principal* principal = current_principal();
    if (!principal || !principal->user_id) return send_json(res, session_json(std::nullopt, ""));
    send_json(res, session_json(store::get_user(context.db(), *principal->user_id), principal->csrf_token));
  });

  http.Post("/api/v1/session", [&context](const httplib::Request& req, httplib::Response& res) {
    require_team(context);
    json body = parse_json_body(req);
    reject_unknown_fields(body, {"username", "password"});
    std::string username = required_string(body, "username", 256);
    std::string password = required_string(body, "password", 1024);
    const ServerOptions& options = context.options();
    const TransportSettings transport = transport_of(options);
    const std::int64_t now = store::unix_now();
    store::Database& db = context.db();
    store::SignInResult result =
        store::sign_in(db, username, password, client_address(req, transport), now, options.sign_in_policy);
    switch (result.outcome) {
      case store::SignInOutcome::signed_in: {
        store::prune_sessions(db, now, options.session_limits);
        store::NewSession session = store::create_session(db, result.user->id, client_address(req, transport), now);
        res.set_header("Set-Cookie", session_cookie(session.token, client_uses_https(req, transport)));
        return send_json(res, session_json(result.user, session.csrf_token));
      }
      case store::SignInOutcome::wrong_credentials:
        return refuse(res, 401, "unauthorized", "wrong user name or password");
      case store::SignInOutcome::locked_out:
        res.set_header("Retry-After", std::to_string(result.retry_after - now));
        return refuse(res, 429, "locked_out",
                      "too many failed sign-ins for this name: it is locked until " +
                          retry_time(result.retry_after, now) +
                          ". If you have forgotten the password, ask an admin to set a new one.");
      case store::SignInOutcome::rate_limited:
        res.set_header("Retry-After", std::to_string(result.retry_after - now));
        return refuse(res, 429, "rate_limited",
                      "too many sign-in attempts from your address: try again after " +
                          retry_time(result.retry_after, now) + ".");
    }
  });

  http.Delete("/api/v1/session", [&context](const httplib::Request& req, httplib::Response& res) {
    require_team(context);
    std::string token = cookie_value(req, kSessionCookie);
    if (!token.empty()) store::end_session(context.db(), token);
    res.set_header("Set-Cookie", session_cookie("", client_uses_https(req, transport_of(context.options()))));
    send_json(res, {{"signed_out", true}});
  });
}

}  // namespace grounded::server
