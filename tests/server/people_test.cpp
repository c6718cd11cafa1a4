// Participants and accounts over HTTP.
#include <doctest/doctest.h>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using nlohmann::json;

TEST_CASE("people: list get and edit participants and accounts") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"participant", "Dana Whitfield", "", ""},
                                           {"role", "Controller", "", ""},
                                           {"account", "Harborline Shipping", "", ""}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded);
  REQUIRE(uploaded->status == 200);

  json participants = body_json(server.http().Get("/api/v1/participants"))["items"];
  REQUIRE(!participants.empty());
  json dana;
  for (const json& p : participants)
    if (p["role"] == "Controller") dana = p;
  REQUIRE(dana.is_object());
  std::string path = "/api/v1/participants/" + std::to_string(dana["id"].get<long long>());
  CHECK(body_json(server.http().Get(path.c_str()))["id"] == dana["id"]);

  auto edited = server.http().Patch(path.c_str(), R"({"role":"Finance lead","seniority":"senior"})", "application/json");
  REQUIRE(edited);
  CHECK(edited->status == 200);
  CHECK(body_json(edited)["role"] == "Finance lead");
  CHECK(body_json(server.http().Get(path.c_str()))["seniority"] == "senior");

  CHECK(is_error(server.http().Patch(path.c_str(), "{not json", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), "[1,2]", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"role":5})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"password":"x"})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"label":""})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"account_id":9999})", "application/json"), 404, "not_found"));
  CHECK(is_error(server.http().Patch("/api/v1/participants/9999", R"({"role":"x"})", "application/json"), 404,
                 "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/participants/9999"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/participants/nope"), 400, "invalid_input"));

  json accounts = body_json(server.http().Get("/api/v1/accounts"))["items"];
  REQUIRE(!accounts.empty());
  std::string account_path = "/api/v1/accounts/" + std::to_string(accounts[0]["id"].get<long long>());
  auto account = server.http().Put(account_path.c_str(), R"({"industry":"Logistics","employees":240})", "application/json");
  REQUIRE(account);
  CHECK(account->status == 200);
  CHECK(body_json(account)["employees"] == 240);
  CHECK(is_error(server.http().Patch(account_path.c_str(), R"({"employees":"many"})", "application/json"), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Patch(account_path.c_str(), R"({"employees":2.5})", "application/json"), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/accounts/777"), 404, "not_found"));
}
