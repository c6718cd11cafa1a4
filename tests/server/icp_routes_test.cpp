// ICP matrix and scores over HTTP on the real server: an account scored from
// its fields and from the tags on its participant's words (cited back to the
// excerpt), a matrix that does not validate (400 naming the problem, nothing
// saved), a saved version that changes the scores on the next read, the
// export. access_test.cpp covers the PUT against forged hosts and origins.
#include <doctest/doctest.h>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json";

json find_row(const json& items, const std::string& name) {
  for (const json& row : items)
    if (row["account_name"] == name) return row;
  FAIL("no row for " << name);
  return json();
}

}  // namespace

TEST_CASE("icp routes: scores cite the evidence, bad matrices are refused, versions change the scores") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"participant", "Dana Whitfield", "", ""},
                                           {"role", "Controller", "", ""},
                                           {"account", "Harborline Shipping", "", ""}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded);
  REQUIRE(uploaded->status == 200);
  long long source = body_json(uploaded)["files"][0]["source_ids"][0].get<long long>();
  json excerpts = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source)).c_str()))["excerpts"];
  long long answer = 0, question = 0;
  for (const json& e : excerpts) {
    if (!answer && e["speaker_role"] == "participant") answer = e["id"].get<long long>();
    if (!question && e["speaker_role"] == "interviewer") question = e["id"].get<long long>();
  }
  REQUIRE(answer > 0);
  REQUIRE(question > 0);

  // Before any firmographics or tags: nothing to score on.
  json empty = body_json(server.http().Get("/api/v1/icp/scores"));
  CHECK(empty["matrix_version"] == 0);
  CHECK(empty["attributes"].size() == 6);
  json harbor = find_row(empty["items"], "Harborline Shipping");
  CHECK(harbor["score"].is_null());
  CHECK(harbor["tier"] == "unscored");
  long long account = harbor["account_id"].get<long long>();
  std::string account_path = "/api/v1/accounts/" + std::to_string(account);
  auto edited = server.http().Patch(account_path.c_str(),
                                    R"({"industry":"Logistics","employees":240,"region":"North America","stack":"NetSuite"})",
                                    kJson);
  REQUIRE(edited);
  REQUIRE(edited->status == 200);
  for (long long excerpt : {answer, question}) {
    auto tagged = server.http().Post(
        "/api/v1/tags", "{\"excerpt_id\":" + std::to_string(excerpt) + R"(,"category":"pain_point","subfields":{"impact":"time"}})",
        kJson);
    REQUIRE(tagged);
    REQUIRE(tagged->status == 201);
  }

  json scores = body_json(server.http().Get("/api/v1/icp/scores"));
  harbor = find_row(scores["items"], "Harborline Shipping");
  CHECK(harbor["ratings"]["industry"] == 5);
  CHECK(harbor["ratings"]["pain_intensity"] == 1);  // one undated time pain (2 points, halved as not known to be recent) is Poor; the interviewer's does not count
  CHECK(harbor["complete"] == true);
  CHECK(harbor["score"].is_number());
  CHECK(scores["distribution"].size() == 5);

  std::string detail_path = "/api/v1/icp/scores/" + std::to_string(account);
  json detail = body_json(server.http().Get(detail_path.c_str()));
  json pain;
  for (const json& a : detail["attributes"])
    if (a["key"] == "pain_intensity") pain = a;
  REQUIRE(pain["citations"].size() == 1);
  CHECK(pain["citations"][0]["excerpt_id"] == answer);
  CHECK(pain["citations"][0]["source_id"] == source);
  CHECK(pain["citations"][0]["quote"].get<std::string>().find("walk them around the office") != std::string::npos);
  CHECK(pain["rule"].get<std::string>().starts_with("Poor:"));
  CHECK(is_error(server.http().Get("/api/v1/icp/scores/9999"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/icp/scores/abc"), 400, "invalid_input"));

  // A matrix whose weights total 110%: 400 naming the total, and nothing saved.
  json matrix = body_json(server.http().Get("/api/v1/icp/matrix"))["matrix"];
  json bad = matrix;
  bad["attributes"][0]["weight"] = 30;
  auto refused = server.http().Put("/api/v1/icp/matrix", json{{"matrix", bad}}.dump(), kJson);
  CHECK(is_error(refused, 400, "invalid_input"));
  CHECK(body_json(refused)["error"]["message"].get<std::string>().find("weights total 110%") != std::string::npos);
  CHECK(is_error(server.http().Put("/api/v1/icp/matrix", R"({"note":"no matrix"})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Put("/api/v1/icp/matrix", R"({"matrix":{},"extra":1})", kJson), 400, "invalid_input"));
  CHECK(body_json(server.http().Get("/api/v1/icp/matrix/versions"))["items"].size() == 1);

  // A saved version asking less pain for Ideal: the same excerpt is Ideal on the next read.
  json better = matrix;
  for (json& a : better["attributes"])
    if (a["key"] == "pain_intensity") a["ideal"]["min_points"] = 1;
  auto saved = server.http().Put("/api/v1/icp/matrix", json{{"matrix", better}, {"note", "One pain is enough"}}.dump(), kJson);
  REQUIRE(saved);
  CHECK(saved->status == 200);
  CHECK(body_json(saved)["version"] == 1);
  CHECK(body_json(saved)["created_by"] == "researcher");
  json rescored = body_json(server.http().Get("/api/v1/icp/scores"));
  CHECK(rescored["matrix_version"] == 1);
  CHECK(find_row(rescored["items"], "Harborline Shipping")["ratings"]["pain_intensity"] == 5);
  CHECK(body_json(server.http().Get("/api/v1/icp/matrix/versions/1"))["note"] == "One pain is enough");
  CHECK(body_json(server.http().Get("/api/v1/icp/matrix/default"))["version"] == 0);
  CHECK(is_error(server.http().Get("/api/v1/icp/matrix/versions/7"), 404, "not_found"));

  auto csv = server.http().Get("/api/v1/icp/export?format=csv");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
  CHECK(csv->body.find("Harborline Shipping,") != std::string::npos);
  auto md = server.http().Get("/api/v1/icp/export?format=md");
  REQUIRE(md);
  CHECK(md->body.find("| Harborline Shipping |") != std::string::npos);
  CHECK(is_error(server.http().Get("/api/v1/icp/export?format=pdf"), 400, "invalid_input"));
}
