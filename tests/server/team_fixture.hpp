// A team-mode server (--team on loopback) with one user per role, all with
// the password kTeamPassword:
//   ada (admin), rita (researcher), rev (reviewer), vic (viewer).
// sign_in() signs in as the page would; as() gives the headers the page
// sends with every change (same Origin, the session cookie, X-CSRF-Token).
// http() (from TestServer) still sends the API token, as a script would.
#pragma once

#include <map>

#include "server_fixture.hpp"
#include "store/users.hpp"

namespace grounded::test {

inline const char* kTeamPassword = "Grüße aus “Köln” 2026";

inline const std::map<std::string, store::Role>& team_users() {
  static const std::map<std::string, store::Role> users = {{"ada", store::Role::admin},
                                                           {"rita", store::Role::researcher},
                                                           {"rev", store::Role::reviewer},
                                                           {"vic", store::Role::viewer}};
  return users;
}

struct TeamSession {
  std::string cookie;  // "grounded_session=…"
  std::string set_cookie;  // the whole Set-Cookie header of the sign-in
  std::string csrf;
};

struct TeamServer : TestServer {
  explicit TeamServer(const std::function<void(server::ServerOptions&)>& more = {})
      : TestServer(4 * 1024 * 1024, "", [&more](server::ServerOptions& options) {
          options.team = true;
          auto db = store::Database::open(options.db_path);
          for (const auto& [name, role] : team_users()) store::add_user(db, name, kTeamPassword, role, "test");
          if (more) more(options);
        }) {}

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

  // POST /api/v1/session as the sign-in page does.
  httplib::Result sign_in_request(const std::string& name, const std::string& password) {
    httplib::Client page("127.0.0.1", server->port());
    nlohmann::json body = {{"username", name}, {"password", password}};
    return page.Post("/api/v1/session", {{"Origin", origin()}}, body.dump(), "application/json");
  }

  // Signs in; fails the test when it does not work.
  TeamSession sign_in(const std::string& name, const std::string& password = kTeamPassword) {
    auto answer = sign_in_request(name, password);
    REQUIRE(answer);
    REQUIRE(answer->status == 200);
    TeamSession session;
    session.set_cookie = answer->get_header_value("Set-Cookie");
    session.cookie = session.set_cookie.substr(0, session.set_cookie.find(';'));
    session.csrf = body_json(answer)["csrf_token"].get<std::string>();
    return session;
  }

  httplib::Headers as(const TeamSession& session) const {
    return {{"Origin", origin()}, {"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}};
  }

  // A client with no credentials of its own (pass as() headers per request).
  httplib::Client browser() const {
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(60);
    return client;
  }
};

}  // namespace grounded::test
