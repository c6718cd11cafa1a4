// Themes over HTTP: propose, list, show, rename, claim, merge, split, move,
// confirm, dismiss and history, with their 404s and bad input.
#include <doctest/doctest.h>

#include <algorithm>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

std::string vtt(const std::string& speaker, const std::string& answer) {
  return "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nInterviewer: What gets in the way?\n\n"
         "2\n00:00:05.000 --> 00:00:12.000\n" + speaker + ": " + answer + "\n";
}

// Uploads one interview and tags its answer by hand; returns the tag id.
long long tagged_answer(TestServer& server, const std::string& speaker, const std::string& answer,
                        const std::string& category, const std::string& file) {
  httplib::MultipartFormDataItems items = {{"files", vtt(speaker, answer), file, "text/vtt"},
                                           {"participant", speaker, "", ""}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded);
  REQUIRE(uploaded->status == 200);
  json sources = body_json(server.http().Get("/api/v1/sources?limit=100"))["items"];
  long long source = 0;
  for (const json& s : sources)
    if (s["origin"].get<std::string>().find(file) != std::string::npos) source = s["id"].get<long long>();
  REQUIRE(source > 0);
  json excerpts = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source)).c_str()))["excerpts"];
  long long excerpt = 0;
  for (const json& e : excerpts)
    if (e["speaker_role"] == "participant") excerpt = e["id"].get<long long>();
  REQUIRE(excerpt > 0);
  auto tagged = server.http().Post("/api/v1/tags", json{{"excerpt_id", excerpt}, {"category", category}}.dump(), kJson);
  REQUIRE(tagged);
  REQUIRE(tagged->status == 201);
  return body_json(tagged)["id"].get<long long>();
}

json theme_named(TestServer& server, const std::string& prefix) {
  json items = body_json(server.http().Get("/api/v1/themes"))["items"];
  for (const json& t : items)
    if (t["name"].get<std::string>().find(prefix) == 0) return t;
  return json();
}

std::string path(long long id, const std::string& rest = "") { return "/api/v1/themes/" + std::to_string(id) + rest; }

}  // namespace

TEST_CASE("themes api: propose, review actions and their history") {
  TestServer server;
  long long a = tagged_answer(server, "Ana Ruiz", "We keep paying duplicate vendor bills every month.", "pain_point", "ana.vtt");
  long long b = tagged_answer(server, "Ben Okafor", "Duplicate vendor invoices slip through our approvals.", "pain_point", "ben.vtt");
  long long c = tagged_answer(server, "Chen Wei", "The scanner app loses every receipt photo we take.", "pain_point", "chen.vtt");
  long long d = tagged_answer(server, "Dora Lind", "The scanner app crashes whenever a receipt photo is blurry.", "pain_point", "dora.vtt");
  tagged_answer(server, "Eli Stone", "Closing the books in three days is our goal for this year.", "goal", "eli.vtt");

  auto proposed = server.http().Post("/api/v1/themes/propose", "", kJson);
  REQUIRE(proposed);
  REQUIRE(proposed->status == 200);
  json report = body_json(proposed);
  CHECK(report["tags_read"] == 5);
  CHECK(report["themes_created"].get<int>() >= 2);

  json listed = body_json(server.http().Get("/api/v1/themes?category=pain_point"));
  REQUIRE(listed["items"].is_array());
  CHECK(!listed["categories"].empty());
  for (const json& t : listed["items"]) CHECK(t["category"] == "pain_point");
  json bills = theme_named(server, "Duplicate vendor");
  REQUIRE(bills.is_object());
  CHECK(bills["participants"] == 2);
  CHECK(bills["excerpts"] == 2);
  json scanner = theme_named(server, "Scanner app");
  if (!scanner.is_object()) scanner = theme_named(server, "Receipt photo");
  REQUIRE(scanner.is_object());
  long long bills_id = bills["id"], scanner_id = scanner["id"];

  json shown = body_json(server.http().Get(path(bills_id).c_str()));
  REQUIRE(shown["members"].size() == 2);
  CHECK(shown["members"][0]["evidence"].get<std::string>().find("?") == std::string::npos);
  CHECK(!shown["members"][0]["participant_label"].get<std::string>().empty());

  // Rename and claim in one PATCH.
  auto patched = server.http().Patch(path(bills_id).c_str(),
                                     json{{"name", "Vendor bills paid twice"}, {"claim", "We pay some vendor bills twice."}}.dump(), kJson);
  REQUIRE(patched);
  CHECK(patched->status == 200);
  CHECK(body_json(patched)["name"] == "Vendor bills paid twice");
  CHECK(body_json(patched)["name_origin"] == "manual");

  // Move a scanner tag into the bills theme (out of the scanner theme only), then split it off again.
  CHECK(is_error(server.http().Post(path(bills_id, "/members").c_str(), json{{"tag_id", c}, {"from_theme", bills_id}}.dump(), kJson),
                 400, "invalid_input"));  // not in the bills theme yet
  CHECK(is_error(server.http().Post(path(bills_id, "/members").c_str(), json{{"tag_id", c}, {"from_theme", "x"}}.dump(), kJson),
                 400, "invalid_input"));
  auto moved = server.http().Post(path(bills_id, "/members").c_str(), json{{"tag_id", c}, {"from_theme", scanner_id}}.dump(), kJson);
  REQUIRE(moved);
  CHECK(moved->status == 200);
  CHECK(body_json(moved)["members"].size() == 3);
  auto split = server.http().Post(path(bills_id, "/split").c_str(), json{{"tag_ids", {c}}, {"name", "Lost receipts"}}.dump(), kJson);
  REQUIRE(split);
  CHECK(split->status == 201);
  long long split_id = body_json(split)["id"];
  CHECK(body_json(split)["name"] == "Lost receipts");

  // Merge the split-off theme into the scanner theme.
  auto merged = server.http().Post(path(scanner_id, "/merge").c_str(), json{{"from", split_id}}.dump(), kJson);
  REQUIRE(merged);
  CHECK(merged->status == 200);
  CHECK(body_json(merged)["members"].size() == 2);
  CHECK(server.http().Get(path(split_id).c_str())->status == 404);

  auto confirmed = server.http().Post(path(bills_id, "/confirm").c_str(), "", kJson);
  REQUIRE(confirmed);
  CHECK(body_json(confirmed)["status"] == "confirmed");
  auto dismissed = server.http().Post(path(scanner_id, "/dismiss").c_str(), "{}", kJson);
  REQUIRE(dismissed);
  CHECK(body_json(dismissed)["status"] == "dismissed");

  // Re-proposing keeps all of it.
  REQUIRE(server.http().Post("/api/v1/themes/propose", "{}", kJson)->status == 200);
  json kept = body_json(server.http().Get(path(bills_id).c_str()));
  CHECK(kept["name"] == "Vendor bills paid twice");
  CHECK(kept["status"] == "confirmed");
  CHECK(body_json(server.http().Get(path(scanner_id).c_str()))["status"] == "dismissed");

  json history = body_json(server.http().Get(path(bills_id, "/history").c_str()));
  std::vector<std::string> actions;
  for (const json& e : history["items"]) actions.push_back(e["action"]);
  for (const char* want : {"theme.edit", "theme.move", "theme.split", "theme.confirm"})
    CHECK_MESSAGE(std::find(actions.begin(), actions.end(), want) != actions.end(), want);
  (void)a;
  (void)b;
  (void)d;
}

TEST_CASE("themes api: unknown ids are 404 and bad input is 400") {
  TestServer server;
  long long tag = tagged_answer(server, "Ana Ruiz", "Duplicate vendor bills cost us every month.", "pain_point", "ana.vtt");
  tagged_answer(server, "Ben Okafor", "We found duplicate vendor bills again.", "pain_point", "ben.vtt");
  REQUIRE(server.http().Post("/api/v1/themes/propose", "", kJson)->status == 200);
  json theme = theme_named(server, "Duplicate vendor bills");
  REQUIRE(theme.is_object());
  long long id = theme["id"];

  CHECK(is_error(server.http().Get("/api/v1/themes/999999"), 404, "not_found"));
  CHECK(is_error(server.http().Post("/api/v1/themes/999999/confirm", "", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Patch("/api/v1/themes/999999", R"({"name":"x"})", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Post(path(id, "/merge").c_str(), R"({"from":999999})", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Post(path(id, "/members").c_str(), R"({"tag_id":999999})", kJson), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/themes/abc"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/themes?status=maybe"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/themes?category=feelings"), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/themes/propose", R"({"categories":"pain_point"})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/themes/propose", R"({"categories":["feelings"]})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/themes/propose", "not json", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path(id).c_str(), R"({})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path(id).c_str(), R"({"name":"  "})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path(id).c_str(), R"({"name":42})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(path(id, "/merge").c_str(), R"({})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(path(id, "/merge").c_str(), json{{"from", id}}.dump(), kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(path(id, "/split").c_str(), R"({"tag_ids":[]})", kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(path(id, "/split").c_str(), json{{"tag_ids", {tag, -1}}}.dump(), kJson), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(path(id, "/members").c_str(), R"({"tag_id":"x"})", kJson), 400, "invalid_input"));
  // Nothing changed by the bad requests.
  json after = body_json(server.http().Get(path(id).c_str()));
  CHECK(after["name"] == theme["name"]);
  CHECK(after["members"].size() == 2);
}
