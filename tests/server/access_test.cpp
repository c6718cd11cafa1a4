// The access guard (src/server/access_guard.hpp) against every route that
// changes data: forged Host names (DNS rebinding), other origins (CSRF),
// missing launch secret, wrong body types, wrong tokens — and the two ways
// in that must keep working: our own page, and a script with the API token.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "route_files.hpp"
#include "server_fixture.hpp"
#include "store/api_token.hpp"

using grounded::test::body_json;
using grounded::test::kInterviewVtt;
using grounded::test::mutating_routes;
using grounded::test::Route;
using grounded::test::send_route;
using grounded::test::TestServer;

namespace {

std::string state_of(TestServer& server) {
  auto stats = server.http().Get("/api/v1/stats");
  auto personas = server.http().Get("/api/v1/personas");
  auto tags = server.http().Get("/api/v1/tags?status=all");
  return (stats ? stats->body : "-") + (personas ? personas->body : "-") + (tags ? tags->body : "-");
}

void store_one_interview(TestServer& server) {
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"kind", "interview", "", ""}};
  auto stored = server.http().Post("/api/v1/sources", items);
  REQUIRE(stored);
  REQUIRE(stored->status == 200);
}

// The launch secret from the Set-Cookie header of a page response.
std::string launch_cookie(TestServer& server) {
  httplib::Client page("127.0.0.1", server.server->port());
  auto index = page.Get("/");
  REQUIRE(index);
  std::string set_cookie = index->get_header_value("Set-Cookie");
  REQUIRE(set_cookie.starts_with("grounded_launch="));
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Strict") != std::string::npos);
  return set_cookie.substr(0, set_cookie.find(';'));
}

}  // namespace

TEST_CASE("access: the route list is read from the route files") {
  std::vector<Route> routes = mutating_routes();
  CHECK(routes.size() >= 20);
  bool found_upload = false;
  for (const Route& route : routes) found_upload |= route.method == "POST" && route.path == "/api/v1/sources";
  CHECK(found_upload);
}

TEST_CASE("access: forged Host names are refused on every route that changes data, and on reads") {
  TestServer server;
  store_one_interview(server);
  std::string before = state_of(server);
  std::string port = std::to_string(server.server->port());
  for (const Route& route : mutating_routes()) {
    CAPTURE(route.method);
    CAPTURE(route.path);
    // Even with the token: a rebinding page never has it, but the Host check must not depend on that.
    httplib::Client forged("127.0.0.1", server.server->port());
    forged.set_default_headers({{"Host", "attacker.example:" + port},
                                {"Authorization", "Bearer " + server.server->api_token()}});
    auto result = send_route(forged, route, {}, "{}", "application/json");
    REQUIRE(result);
    CHECK(result->status == 421);
    CHECK(body_json(result)["error"]["message"].get<std::string>().find("attacker.example") != std::string::npos);
  }
  CHECK(state_of(server) == before);

  httplib::Client rebinding("127.0.0.1", server.server->port());
  rebinding.set_default_headers({{"Host", "attacker.example:" + port}});
  auto read = rebinding.Get("/api/v1/sources");
  REQUIRE(read);
  CHECK(read->status == 421);
  CHECK(read->body.find("Dana") == std::string::npos);

  for (std::string host : {"localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "127.0.0.1:" + port}) {
    CAPTURE(host);
    httplib::Client own("127.0.0.1", server.server->port());
    own.set_default_headers({{"Host", host}});
    auto answer = own.Get("/api/v1/health");
    REQUIRE(answer);
    CHECK(answer->status == 200);
  }
  httplib::Client other_port("127.0.0.1", server.server->port());
  other_port.set_default_headers({{"Host", "127.0.0.1:1"}});
  auto wrong_port = other_port.Get("/api/v1/health");
  REQUIRE(wrong_port);
  CHECK(wrong_port->status == 421);
}

TEST_CASE("access: a request without a Host header is a 400") {
  TestServer server;
  int fd = grounded::test::connect_loopback(server.server->port());
  REQUIRE(fd >= 0);
  std::string request = "GET /api/v1/health HTTP/1.0\r\n\r\n";
  REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  // HTTP/1.0: the server closes after answering, so read to the end.
  std::string answer = grounded::test::read_to_end(fd);
  ::close(fd);
  CHECK(answer.starts_with("HTTP/1.1 400"));
  CAPTURE(answer);
  CHECK(answer.find("Host") != std::string::npos);
}

TEST_CASE("access: other origins cannot change data on any route, in any body type") {
  TestServer server;
  store_one_interview(server);
  std::string cookie = launch_cookie(server);
  std::string before = state_of(server);
  for (const Route& route : mutating_routes()) {
    CAPTURE(route.method);
    CAPTURE(route.path);
    httplib::Client browser("127.0.0.1", server.server->port());
    // A cross-site form or fetch: foreign Origin (the cookie would not even be sent, SameSite=Strict).
    auto evil = send_route(browser, route, {{"Origin", "http://evil.example"}, {"Cookie", cookie}}, "{}", "text/plain");
    REQUIRE(evil);
    CHECK(evil->status == 403);
    auto evil_json = send_route(browser, route, {{"Origin", "http://evil.example"}}, "{}", "application/json");
    REQUIRE(evil_json);
    CHECK(evil_json->status == 403);
    // No Origin and no Sec-Fetch-Site: not provably our page.
    auto anonymous = send_route(browser, route, {}, "{}", "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 403);
    auto cross_site = send_route(browser, route, {{"Sec-Fetch-Site", "cross-site"}, {"Cookie", cookie}}, "{}",
                           "application/json");
    REQUIRE(cross_site);
    CHECK(cross_site->status == 403);
    // Our origin but no launch secret (another tab of an older run, or a sibling site's page).
    std::string own_origin = "http://127.0.0.1:" + std::to_string(server.server->port());
    auto no_secret = send_route(browser, route, {{"Origin", own_origin}}, "{}", "application/json");
    REQUIRE(no_secret);
    CHECK(no_secret->status == 403);
    // Our origin and secret but a body a cross-site form could send.
    auto plain = send_route(browser, route, {{"Origin", own_origin}, {"Cookie", cookie}}, "{}", "text/plain");
    REQUIRE(plain);
    CHECK(plain->status == 415);
    // A wrong token is refused, not ignored.
    auto guessed = send_route(browser, route, {{"Authorization", "Bearer 0000"}}, "{}", "application/json");
    REQUIRE(guessed);
    CHECK(guessed->status == 401);
  }
  CHECK(state_of(server) == before);
}

TEST_CASE("access: our own page and a script with the token can change data") {
  TestServer server;
  std::string cookie = launch_cookie(server);
  std::string own_origin = "http://127.0.0.1:" + std::to_string(server.server->port());

  httplib::Client page("127.0.0.1", server.server->port());
  page.set_default_headers({{"Origin", own_origin}, {"Cookie", cookie}});
  auto created = page.Post("/api/v1/personas", R"({"name":"Controller Carla","kind":"buyer"})", "application/json");
  REQUIRE(created);
  CHECK(created->status == 201);

  httplib::Client fetch_without_origin("127.0.0.1", server.server->port());
  fetch_without_origin.set_default_headers({{"Sec-Fetch-Site", "same-origin"}, {"Cookie", cookie}});
  auto second = fetch_without_origin.Post("/api/v1/personas", R"({"name":"AP Alex","kind":"user"})",
                                          "application/json");
  REQUIRE(second);
  CHECK(second->status == 201);

  // A script: exactly what `curl -H "Authorization: Bearer $(grounded token)"` sends.
  std::string token = grounded::store::load_or_create_api_token(server.server->options().db_path);
  CHECK(token == server.server->api_token());
  httplib::Client script("127.0.0.1", server.server->port());
  script.set_default_headers({{"Authorization", "Bearer " + token}});
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"}};
  auto upload = script.Post("/api/v1/sources", items);
  REQUIRE(upload);
  CHECK(upload->status == 200);
  auto removed = script.Delete("/api/v1/personas/1");
  REQUIRE(removed);
  CHECK(removed->status == 200);
}

TEST_CASE("access: the token file is private and rotates") {
  std::string pattern = (std::filesystem::temp_directory_path() / "grounded-token-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  std::string db = (dir / "g.db").string();
  std::string first = grounded::store::load_or_create_api_token(db);
  CHECK(first.size() == 64);
  CHECK(grounded::store::load_or_create_api_token(db) == first);
  struct stat info {};
  REQUIRE(::stat(grounded::store::api_token_path(db).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::string rotated = grounded::store::rotate_api_token(db);
  CHECK(rotated != first);
  CHECK(grounded::store::load_or_create_api_token(db) == rotated);
  ::chmod(grounded::store::api_token_path(db).c_str(), 0644);
  CHECK_THROWS_WITH_AS(grounded::store::load_or_create_api_token(db), doctest::Contains("readable by other users"),
                       grounded::Error);
  std::filesystem::remove_all(dir);
}
