// API tests: the real server on an ephemeral loopback port with a temp
// database (see server/server_fixture.hpp). This file: system routes,
// static files, security headers, errors. tests/server/*.cpp: the resources.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::TestServer;

TEST_CASE("server: health and version") {
  TestServer server;
  auto health = server.http().Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(body_json(health)["status"] == "ok");
  CHECK(health->get_header_value("Content-Type").starts_with("application/json"));
  CHECK(health->get_header_value("Cache-Control") == "no-store");

  auto version = server.http().Get("/api/v1/version");
  REQUIRE(version);
  CHECK(version->status == 200);
  CHECK(body_json(version)["version"] == GROUNDED_VERSION);
  CHECK(body_json(version)["schema_version"].get<int>() >= 1);
}

TEST_CASE("server: security headers on pages and API") {
  TestServer server;
  for (const char* path : {"/", "/api/v1/health", "/api/v1/nothing-here", "/missing.js"}) {
    auto res = server.http().Get(path);
    REQUIRE(res);
    INFO(path);
    std::string csp = res->get_header_value("Content-Security-Policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(!res->get_header_value("Referrer-Policy").empty());
  }
}

TEST_CASE("server: static files with content types and revalidation") {
  TestServer server;
  auto index = server.http().Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->body.find("Grounded test") != std::string::npos);
  CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(index->get_header_value("Cache-Control") == "no-cache");

  auto css = server.http().Get("/css/app.css");
  REQUIRE(css);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  auto js = server.http().Get("/js/app.js");
  REQUIRE(js);
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  std::string etag = js->get_header_value("ETag");
  REQUIRE(!etag.empty());
  auto again = server.http().Get("/js/app.js", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
}

TEST_CASE("server: no directory listing and no hidden files") {
  TestServer server;
  for (const char* path : {"/css/", "/css", "/js/", "/.hidden", "/nope.html"}) {
    auto res = server.http().Get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 404);
    CHECK(res->body.find("app.css") == std::string::npos);
    CHECK(res->body.find("hidden") == std::string::npos);
  }
}

TEST_CASE("server: path traversal attempts never leave the web folder") {
  TestServer server;
  server.http().set_url_encode(false);
  const char* attempts[] = {
      "/../secret.txt",           "/css/../../secret.txt",     "/%2e%2e/secret.txt",
      "/%2e%2e%2fsecret.txt",     "/..%2fsecret.txt",          "/%2E%2E%2Fsecret.txt",
      "/css/%2e%2e/%2e%2e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt",
      "/..\\secret.txt",          "/css/..%5c..%5csecret.txt", "/./../secret.txt",
      "//secret.txt",             "/%2fsecret.txt",            "/css/%00/../../secret.txt",
      "/..%252fsecret.txt",       "/%c0%ae%c0%ae/secret.txt",  "/.%2e/secret.txt"};
  for (const char* path : attempts) {
    auto res = server.http().Get(path);
    INFO(path);
    if (!res) continue;  // refusing the request outright is fine too
    CHECK(res->status != 200);
    CHECK(res->status < 500);
    CHECK(res->body.find("TOP-SECRET") == std::string::npos);
  }
}

TEST_CASE("server: unknown API routes and methods are JSON errors") {
  TestServer server;
  CHECK(is_error(server.http().Get("/api/v1/nothing"), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/nothing", "{}", "application/json"), 404, "not_found"));
  CHECK(is_error(server.http().Delete("/api/v1/health"), 404, "not_found"));
}

TEST_CASE("server: jobs") {
  TestServer server;
  CHECK(is_error(server.http().Get("/api/v1/jobs/999"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/jobs/abc"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/jobs/-1"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/jobs/99999999999999999999999"), 400, "invalid_input"));
}

TEST_CASE("server: stats on an empty database") {
  TestServer server;
  auto res = server.http().Get("/api/v1/stats");
  REQUIRE(res);
  CHECK(res->status == 200);
  auto body = body_json(res);
  CHECK(body["sources"] == 0);
  CHECK(body["excerpts"] == 0);
  CHECK(body["by_kind_and_role"].is_array());
}

TEST_CASE("server: samples when none are installed") {
  TestServer server;
  auto info = server.http().Get("/api/v1/samples");
  REQUIRE(info);
  CHECK(body_json(info)["available"] == false);
  CHECK(is_error(server.http().Post("/api/v1/samples/load", "", "application/json"), 404, "not_found"));
}

TEST_CASE("server: refuses non-loopback addresses without team mode's TLS (team_mode_test.cpp: the rest)") {
  grounded::server::ServerOptions options;
  options.port = 0;
  options.db_path = ":memory:";
  for (const char* host : {"0.0.0.0", "192.168.1.10", "::", "example.com"}) {
    options.host = host;
    INFO(host);
    try {
      grounded::server::RunningServer server(options);
      FAIL("started on a non-loopback address in plain HTTP");
    } catch (const grounded::Error& e) {
      CHECK(e.kind() == grounded::ErrorKind::invalid_input);
      CHECK(std::string(e.what()).find("--tls-cert") != std::string::npos);
    }
  }
  CHECK(grounded::server::is_loopback_host("127.0.0.1"));
  CHECK(grounded::server::is_loopback_host("127.1.2.3"));
  CHECK(grounded::server::is_loopback_host("::1"));
  CHECK(grounded::server::is_loopback_host("localhost"));
}

TEST_CASE("server: stops cleanly and checkpoints the WAL") {
  TestServer server;
  REQUIRE(server.http().Get("/api/v1/stats"));
  server.client.reset();
  server.server->stop();
  std::error_code error;
  auto wal = server.dir / "test.db-wal";
  CHECK((!std::filesystem::exists(wal) || std::filesystem::file_size(wal, error) == 0));
}
