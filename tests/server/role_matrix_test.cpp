// Team mode: every route against every role. The routes are read from
// src/server/routes_*.cpp (route_files.hpp), so a route added later is in the
// matrix without editing this file; each route that changes data must also
// have its own line in src/server/data/route_roles.tsv (or it fails here).
// Allowed → anything but 401/403; denied → 403 and nothing changed; not
// signed in → 401; the API token acts as an admin.
#include <doctest/doctest.h>

#include "route_files.hpp"
#include "server/route_roles.hpp"
#include "team_fixture.hpp"

using grounded::store::Role;
using grounded::test::body_json;
using grounded::test::kInterviewVtt;
using grounded::test::registered_routes;
using grounded::test::Route;
using grounded::test::send_route;
using grounded::test::TeamServer;
using grounded::test::TeamSession;

namespace {

const grounded::server::RouteRoles& table() { return grounded::server::RouteRoles::table(); }

// Sign-in and sign-out are tested on their own (team_mode_test.cpp): signing
// out in the middle of the matrix would end the session it uses.
bool is_session_route(const Route& route) { return route.path == "/api/v1/session"; }

// Calls check(route, name, role) for each pair the gate should allow
// (`allowed`) or refuse (`!allowed`); returns how many pairs there were.
template <typename Check>
int for_each_pair(const std::vector<Route>& routes, bool allowed, Check check) {
  int pairs = 0;
  for (const Route& route : routes) {
    if (is_session_route(route)) continue;
    std::optional<Role> needed = table().needed(route.method, route.path);
    for (const auto& user : grounded::test::team_users()) {
      const std::string& name = user.first;  // named, not bound: CAPTURE's lambda cannot capture a binding in clang 14
      const Role role = user.second;
      if ((!needed || grounded::store::role_allows(role, *needed)) != allowed) continue;
      CAPTURE(route.method);
      CAPTURE(route.path);
      CAPTURE(name);
      check(route, name, role);
      ++pairs;
    }
  }
  return pairs;
}

std::string state_of(TeamServer& server) {
  std::string state;
  for (const char* path : {"/api/v1/stats", "/api/v1/personas", "/api/v1/tags?status=all", "/api/v1/users",
                           "/api/v1/studies", "/api/v1/themes", "/api/v1/icp/matrix", "/api/v1/segments/rules",
                           "/api/v1/participants", "/api/v1/events/imports"}) {
    auto answer = server.http().Get(path);
    state += answer ? answer->body : "-";
  }
  return state;
}

void store_evidence(TeamServer& server) {
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"kind", "interview", "", ""}};
  auto stored = server.http().Post("/api/v1/sources", items);
  REQUIRE(stored);
  REQUIRE(stored->status == 200);
  auto persona = server.http().Post("/api/v1/personas", R"({"name":"Controller Carla","kind":"buyer"})",
                                    "application/json");
  REQUIRE(persona);
  REQUIRE(persona->status == 201);
}

}  // namespace

TEST_CASE("role matrix: every route that changes data has its own line in route_roles.tsv") {
  std::vector<Route> routes = registered_routes();
  CHECK(routes.size() >= 90);
  for (const Route& route : routes) {
    CAPTURE(route.method);
    CAPTURE(route.pattern);
    const grounded::server::RouteRule* rule = table().find(route.method, route.path);
    REQUIRE_MESSAGE(rule, "add a line for this route to src/server/data/route_roles.tsv");
    if (route.method != "GET") CHECK_MESSAGE(rule->pattern == route.pattern,
                                             "add a line for this route to src/server/data/route_roles.tsv");
  }
}

TEST_CASE("role matrix: the table says what the roles are for") {
  // Spot checks of issue 12's definitions, independent of the table's wording.
  auto needs = [](const char* method, const char* path) { return table().needed(method, path); };
  CHECK(needs("GET", "/api/v1/personas/3/export") == Role::viewer);        // viewer: read and export
  CHECK(needs("GET", "/api/v1/search") == Role::viewer);
  CHECK(needs("POST", "/api/v1/tags/3/accept") == Role::reviewer);         // reviewer: tags, verdicts, sign-offs
  CHECK(needs("POST", "/api/v1/personas/3/citations/4/verdict") == Role::reviewer);
  CHECK(needs("POST", "/api/v1/personas/3/signoffs") == Role::reviewer);
  CHECK(needs("POST", "/api/v1/sources") == Role::researcher);             // researcher: upload, edit, draft
  CHECK(needs("POST", "/api/v1/personas/3/draft") == Role::researcher);
  CHECK(needs("PATCH", "/api/v1/personas/3") == Role::researcher);
  CHECK(needs("POST", "/api/v1/users") == Role::admin);                    // admin: users, settings
  CHECK(needs("GET", "/api/v1/users") == Role::admin);
  CHECK(needs("POST", "/api/v1/session") == std::nullopt);                 // public: signing in
  CHECK(needs("GET", "/index.html") == std::nullopt);
  CHECK(needs("POST", "/api/v1/not-a-route") == Role::admin);              // unlisted changes: fail closed
}

TEST_CASE("role matrix: each role is allowed exactly what its table line says, and a refusal changes nothing") {
  TeamServer server;
  store_evidence(server);
  std::map<std::string, TeamSession> sessions;
  for (const auto& [name, role] : grounded::test::team_users()) sessions[name] = server.sign_in(name);
  std::vector<Route> routes = registered_routes();

  // Denied first, all of them, then one comparison of the whole state.
  std::string before = state_of(server);
  int denied = for_each_pair(routes, false, [&](const Route& route, const std::string& name, Role role) {
    httplib::Client browser = server.browser();
    auto answer = send_route(browser, route, server.as(sessions[name]));
    REQUIRE(answer);
    CHECK(answer->status == 403);
    std::string message = body_json(answer)["error"]["message"];
    CHECK(message.find("your role (" + std::string(grounded::store::to_string(role)) + ")") != std::string::npos);
  });
  CHECK(denied > 80);
  CHECK(state_of(server) == before);

  // Nobody signed in: every route but the public ones is a 401, reads included.
  for (const Route& route : routes) {
    if (!table().needed(route.method, route.path)) continue;
    CAPTURE(route.method);
    CAPTURE(route.path);
    httplib::Client browser = server.browser();
    auto answer = send_route(browser, route, {{"Origin", server.origin()}});
    REQUIRE(answer);
    CHECK(answer->status == 401);
  }
  CHECK(state_of(server) == before);

  // Allowed: reads for everyone, changes by role. The sample body is "{}",
  // so many answer 400/404/409 — anything but 401/403 means the gate let it through.
  int allowed = for_each_pair(routes, true, [&](const Route& route, const std::string& name, Role) {
    httplib::Client browser = server.browser();
    auto answer = send_route(browser, route, server.as(sessions[name]));
    REQUIRE(answer);
    CHECK(answer->status != 401);
    CHECK(answer->status != 403);
  });
  CHECK(allowed > 200);
}

TEST_CASE("role matrix: the API token acts as an admin on every route") {
  TeamServer server;
  for (const Route& route : registered_routes()) {
    if (is_session_route(route)) continue;
    CAPTURE(route.method);
    CAPTURE(route.path);
    auto answer = send_route(server.http(), route, {});
    REQUIRE(answer);
    CHECK(answer->status != 401);
    CHECK(answer->status != 403);
  }
}
