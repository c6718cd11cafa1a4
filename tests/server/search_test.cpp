// Search over HTTP, including hostile query strings.
#include <doctest/doctest.h>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using nlohmann::json;

TEST_CASE("search: finds a phrase with snippet highlights and facets") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"}};
  REQUIRE(server.http().Post("/api/v1/sources", items)->status == 200);

  httplib::Params params = {{"q", "\"close week\""}};
  auto res = server.http().Get("/api/v1/search", params, httplib::Headers{});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  json body = body_json(res);
  REQUIRE(body["total"] == 1);
  json hit = body["hits"][0];
  CHECK(hit["text"].get<std::string>().find("close week") != std::string::npos);
  REQUIRE(!hit["highlights"].empty());
  CHECK(body["facets"]["kind"]["interview"] == 1);

  auto filtered = server.http().Get("/api/v1/search?q=approvals&kind=ticket");
  REQUIRE(filtered);
  CHECK(body_json(filtered)["total"] == 0);
  CHECK(is_error(server.http().Get("/api/v1/search?q=price&limit=1000"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/search?q=price&participant=abc"), 400, "invalid_input"));
}

TEST_CASE("search: hostile strings never become a server error") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"}};
  REQUIRE(server.http().Post("/api/v1/sources", items)->status == 200);
  const std::string hostile[] = {"\"",
                                 "\"unbalanced phrase",
                                 "AND",
                                 "OR OR",
                                 "NOT",
                                 "-",
                                 "*",
                                 "price*)",
                                 "NEAR(",
                                 "NEAR(a b, 99999999999)",
                                 "'; DROP TABLE excerpts; --",
                                 "text:price",
                                 "{text}: price",
                                 "^price",
                                 "price AND (approval",
                                 "\xff\xfe invalid utf8",
                                 std::string("nul\0byte", 8),
                                 std::string(5000, 'a'),
                                 "<script>alert(1)</script>",
                                 "kind:nonsense price",
                                 "role:",
                                 "((((((((((((",
                                 "\"\"\"\"",
                                 "price -price"};
  for (const std::string& q : hostile) {
    httplib::Params params = {{"q", q}};
    auto res = server.http().Get("/api/v1/search", params, httplib::Headers{});
    INFO(q);
    REQUIRE(res);
    CHECK(res->status < 500);
    json body = body_json(res);
    CHECK(body.is_object());
    if (res->status != 200) CHECK(body.contains("error"));
  }
  // The database is intact.
  CHECK(body_json(server.http().Get("/api/v1/search?q=approvals"))["total"].get<int>() >= 1);
}

TEST_CASE("search: says where the time went and labels its counts") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"}};
  REQUIRE(server.http().Post("/api/v1/sources", items)->status == 200);
  auto res = server.http().Get("/api/v1/search?q=approvals");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string timing = res->get_header_value("Server-Timing");
  INFO(timing);
  for (const char* stage : {"rank;dur=", "facets;dur=", "page;dur=", "json;dur="})
    CHECK(timing.find(stage) != std::string::npos);
  json body = body_json(res);
  CHECK(body["total_exact"] == true);
  CHECK(body["matches_exact"] == true);
  CHECK(body["ranked_subset"] == false);
  CHECK(body["total"].get<int>() == static_cast<int>(body["hits"].size()));
}
