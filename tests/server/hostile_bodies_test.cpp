// Request bodies built to crash a recursive reader: they get a 400 naming
// the problem, and the server keeps answering.
#include <doctest/doctest.h>

#include "server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::TestServer;

namespace {
std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}
}  // namespace

TEST_CASE("hostile bodies: deep JSON, a deep cohort and huge numbers are 400s") {
  TestServer server;
  std::string deep = "{\"name\":\"x\",\"kind\":\"buyer\",\"cohort\":" + repeated("[", 100000) + repeated("]", 100000) + "}";
  auto deep_body = server.http().Post("/api/v1/personas", deep, "application/json");
  CHECK(is_error(deep_body, 400, "invalid_input"));
  CHECK(body_json(deep_body)["error"]["message"].get<std::string>().find("deeper than") != std::string::npos);

  std::string deep_cohort = R"({"name":"x","kind":"buyer","cohort":{"participants":{"roles":)" + repeated("[", 20) +
                            "\"Controller\"" + repeated("]", 20) + "}}}";
  auto cohort = server.http().Post("/api/v1/personas", deep_cohort, "application/json");
  REQUIRE(cohort);
  CHECK(cohort->status == 400);

  auto huge = server.http().Post("/api/v1/personas", R"({"name":"x","kind":"buyer","priority":1e999999})",
                                 "application/json");
  CHECK(is_error(huge, 400, "invalid_input"));

  auto health = server.http().Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto personas = server.http().Get("/api/v1/personas");
  REQUIRE(personas);
  REQUIRE(body_json(personas)["items"].is_array());
  CHECK(body_json(personas)["items"].empty());
}
