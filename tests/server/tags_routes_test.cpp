// The tagger over HTTP: taxonomy, review queue, review actions with their
// audit history, background tagging and training, guides and coverage.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using grounded::test::wait_for_job;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

long long upload_interview(TestServer& server) {
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"participant", "Dana Whitfield", "", ""}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded);
  REQUIRE(uploaded->status == 200);
  json sources = body_json(server.http().Get("/api/v1/sources"))["items"];
  REQUIRE(sources.size() == 1);
  return sources[0]["id"].get<long long>();
}

long long run_tagger(TestServer& server, const std::string& body = "") {
  auto started = server.http().Post("/api/v1/tagger/run", body, kJson);
  REQUIRE(started);
  REQUIRE(started->status == 202);
  json job = wait_for_job(server, body_json(started)["job_id"].get<long long>());
  REQUIRE(job["status"] == "done");
  return job["id"].get<long long>();
}

long long participant_excerpt(TestServer& server, long long source) {
  json excerpts = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source)).c_str()))["excerpts"];
  for (const json& e : excerpts)
    if (e["speaker_role"] == "participant") return e["id"].get<long long>();
  FAIL("no participant excerpt");
  return 0;
}

}  // namespace

TEST_CASE("tags api: taxonomy guide and question bank") {
  TestServer server;
  json taxonomy = body_json(server.http().Get("/api/v1/taxonomy"));
  REQUIRE(taxonomy["categories"].is_array());
  bool has_pain = false;
  for (const json& c : taxonomy["categories"]) has_pain = has_pain || c["key"] == "pain_point";
  CHECK(has_pain);

  auto guide = server.http().Get("/api/v1/guide?attributes=goals,pain_points&minutes=45");
  REQUIRE(guide);
  CHECK(guide->status == 200);
  json drafted = body_json(guide);
  CHECK(drafted["minutes"] == 45);
  REQUIRE(!drafted["sections"].empty());
  CHECK(drafted["markdown"].get<std::string>().find("#") != std::string::npos);
  auto markdown = server.http().Get("/api/v1/guide?attributes=goals&minutes=30&format=md");
  REQUIRE(markdown);
  CHECK(markdown->status == 200);
  CHECK(markdown->get_header_value("Content-Type").find("text/markdown") == 0);
  CHECK(is_error(server.http().Get("/api/v1/guide?attributes=goals&minutes=2"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/guide?minutes=30"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/guide?attributes=astrology"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/guide?attributes=goals&format=pdf"), 400, "invalid_input"));
  CHECK(!body_json(server.http().Get("/api/v1/question-bank"))["sections"].empty());
}

TEST_CASE("tags api: tagging review queue accept reject edit add and history") {
  TestServer server;
  long long source = upload_interview(server);
  run_tagger(server);

  json queue = body_json(server.http().Get("/api/v1/tags?status=suggested&order=confidence"));
  REQUIRE(queue["total"].get<long long>() >= 2);
  REQUIRE(queue["items"].size() >= 2);
  // Lowest confidence first, with the excerpt and its source.
  for (std::size_t i = 1; i < queue["items"].size(); ++i)
    CHECK(queue["items"][i - 1]["confidence"].get<double>() <= queue["items"][i]["confidence"].get<double>());
  json first = queue["items"][0];
  CHECK(!first["excerpt"]["text"].get<std::string>().empty());
  CHECK(first["source"]["id"] == source);
  CHECK(queue["counts"]["suggested"] == queue["total"]);
  CHECK(queue["counts"]["accepted"] == 0);

  std::string accept_path = "/api/v1/tags/" + std::to_string(first["id"].get<long long>()) + "/accept";
  auto accepted = server.http().Post(accept_path.c_str(), R"({"who":"ana"})", kJson);
  REQUIRE(accepted);
  CHECK(accepted->status == 200);
  CHECK(body_json(accepted)["status"] == "accepted");
  json history =
      body_json(server.http().Get(("/api/v1/tags/" + std::to_string(first["id"].get<long long>()) + "/history").c_str()));
  REQUIRE(history["items"].size() == 1);
  CHECK(history["items"][0]["action"] == "tag.accept");
  CHECK(history["items"][0]["who"] == "ana");
  CHECK(history["items"][0]["before"]["status"] == "suggested");
  CHECK(history["items"][0]["after"]["status"] == "accepted");

  json second = queue["items"][1];
  long long rejected_excerpt = second["excerpt_id"].get<long long>();
  std::string rejected_category = second["category"].get<std::string>();
  auto rejected = server.http().Post(("/api/v1/tags/" + std::to_string(second["id"].get<long long>()) + "/reject").c_str(),
                                     R"({"who":"ben"})", kJson);
  REQUIRE(rejected);
  CHECK(body_json(rejected)["status"] == "rejected");
  json counts = body_json(server.http().Get("/api/v1/tags?status=suggested"))["counts"];
  CHECK(counts["accepted"] == 1);
  CHECK(counts["rejected"] == 1);

  // Re-running never brings the rejected suggestion back.
  run_tagger(server);
  run_tagger(server, "{\"source_id\":" + std::to_string(source) + "}");
  json of_excerpt = body_json(server.http().Get(("/api/v1/excerpts/" + std::to_string(rejected_excerpt) + "/tags").c_str()));
  int same_category = 0;
  for (const json& t : of_excerpt["items"])
    if (t["category"] == rejected_category) {
      ++same_category;
      CHECK(t["status"] == "rejected");
    }
  CHECK(same_category == 1);

  // Edit: change category and sub-fields.
  if (queue["items"].size() > 2) {
    std::string tag_path = "/api/v1/tags/" + std::to_string(queue["items"][2]["id"].get<long long>());
    auto edited = server.http().Patch(tag_path.c_str(), R"({"category":"objection","subfields":{"root_cause":"price"}})", kJson);
    REQUIRE(edited);
    CHECK(edited->status == 200);
    CHECK(body_json(edited)["category"] == "objection");
    CHECK(body_json(edited)["status"] == "accepted");
    CHECK(body_json(edited)["subfields"]["root_cause"] == "price");
    CHECK(is_error(server.http().Patch(tag_path.c_str(), R"({"category":"astrology"})", kJson), 400, "invalid_input"));
    CHECK(is_error(server.http().Patch(tag_path.c_str(), R"({"subfields":{"root_cause":"moon"}})", kJson), 400,
                   "invalid_input"));
    CHECK(is_error(server.http().Patch(tag_path.c_str(), "{oops", kJson), 400, "invalid_input"));
    CHECK(is_error(server.http().Patch(tag_path.c_str(), "{}", kJson), 400, "invalid_input"));
    json edit_history = body_json(server.http().Get((tag_path + "/history").c_str()));
    CHECK(edit_history["items"].back()["action"] == "tag.edit");
  }

  // Add by hand on a span (UTF-8 byte offsets).
  long long excerpt = participant_excerpt(server, source);
  auto added = server.http().Post("/api/v1/tags",
                                  "{\"excerpt_id\":" + std::to_string(excerpt) +
                                      ",\"category\":\"goal\",\"span_start\":0,\"span_end\":5}",
                                  kJson);
  REQUIRE(added);
  CHECK(added->status == 201);
  CHECK(body_json(added)["origin"] == "human");
  CHECK(body_json(added)["span_end"] == 5);
  CHECK(body_json(added)["created_by"] == "researcher");
  std::string base = "{\"excerpt_id\":" + std::to_string(excerpt);
  CHECK(is_error(server.http().Post("/api/v1/tags", base + ",\"category\":\"astrology\"}", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/tags", base + ",\"category\":\"goal\",\"span_start\":0,\"span_end\":99999}",
                                    kJson),
                 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/tags", base + ",\"category\":\"goal\",\"span_start\":0}", kJson), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/tags", base + "}", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/tags", R"({"excerpt_id":99999,"category":"goal"})", kJson), 404,
                 "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tags", "not json", kJson), 400, "invalid_input"));

  // Filters.
  json by_source = body_json(server.http().Get(("/api/v1/tags?source_id=" + std::to_string(source)).c_str()));
  CHECK(by_source["total"].get<long long>() >= 3);
  json goals = body_json(server.http().Get("/api/v1/tags?category=goal&order=id"));
  for (const json& t : goals["items"]) CHECK(t["category"] == "goal");
  json confident = body_json(server.http().Get("/api/v1/tags?min_confidence=0.99"));
  for (const json& t : confident["items"]) CHECK(t["confidence"].get<double>() >= 0.99);
  CHECK(body_json(server.http().Get("/api/v1/tags?limit=1"))["items"].size() == 1);
  CHECK(!body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source) + "/tags").c_str()))["items"].empty());

  // Bad input and unknown ids.
  CHECK(is_error(server.http().Get("/api/v1/tags?category=astrology"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?status=maybe"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?min_confidence=lots"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?min_confidence=2"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?order=random"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?limit=0"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/tags?source_id=9999"), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tags/99999/accept", "", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tags/99999/reject", "", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tags/abc/accept", "", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(accept_path.c_str(), "{broken", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch("/api/v1/tags/99999", R"({"category":"goal"})", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/tags/99999/history"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/excerpts/99999/tags"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/sources/99999/tags"), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tagger/run", R"({"source_id":99999})", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/tagger/run", R"({"source_id":"x"})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/tagger/run", "[oops", kJson), 400, "invalid_input"));
}

TEST_CASE("tags api: coverage and training") {
  TestServer server;
  long long source = upload_interview(server);
  json coverage = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source) + "/coverage").c_str()));
  CHECK(coverage["source_id"] == source);
  CHECK(coverage["interviewer_turns"] == 2);
  CHECK(is_error(server.http().Get("/api/v1/sources/99999/coverage"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/sources/zero/coverage"), 400, "invalid_input"));

  auto started = server.http().Post("/api/v1/tagger/train", "", kJson);
  REQUIRE(started);
  REQUIRE(started->status == 202);
  json job = wait_for_job(server, body_json(started)["job_id"].get<long long>());
  CHECK(job["status"] == "done");
  CHECK(job["result"].contains("id"));
}
