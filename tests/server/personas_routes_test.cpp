// Personas over HTTP (issue 5): every route of routes_personas.cpp, bad
// input included, on a small study uploaded through the API and tagged in
// the database.
#include <doctest/doctest.h>

#include <regex>

#include <chrono>
#include <thread>

#include "server/server_fixture.hpp"
#include "store/database.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

long long upload_transcript(TestServer& server, const std::string& name, const std::string& text,
                            const std::string& participant, const std::string& role, const std::string& account) {
  httplib::MultipartFormDataItems items = {{"files", text, name, "text/plain"},
                                           {"participant", participant, "", ""},
                                           {"role", role, "", ""},
                                           {"account", account, "", ""}};
  auto res = server.http().Post("/api/v1/sources", items);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return body_json(res)["files"][0]["source_ids"][0].get<long long>();
}

// Participant excerpt ids of a source.
std::vector<long long> participant_excerpts(TestServer& server, long long source_id) {
  json source = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source_id)).c_str()));
  std::vector<long long> ids;
  for (const json& e : source["excerpts"])
    if (e["speaker_role"] != "interviewer") ids.push_back(e["id"].get<long long>());
  return ids;
}

httplib::Result post_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Post(path.c_str(), body.dump(), "application/json");
}
httplib::Result patch_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Patch(path.c_str(), body.dump(), "application/json");
}

struct Study {
  TestServer server;
  long long dana_source = 0, mallory_source = 0;
  std::vector<long long> dana, mallory;
  Study() {
    dana_source = upload_transcript(server, "dana.vtt", kInterviewVtt, "Dana Whitfield", "Controller", "Harborline Shipping");
    mallory_source = upload_transcript(
        server, "mallory.txt",
        "Interviewer: How do approvals go?\n\n"
        "Mallory: <script>alert('x')</script> Printing invoices for approval signatures takes forever in close week.\n\n"
        "Interviewer: Anything else?\n\n"
        "Mallory: Chasing approvers by email wastes hours every month.\n",
        "Mallory Jones", "Controller", "Calder Foods");
    dana = participant_excerpts(server, dana_source);
    mallory = participant_excerpts(server, mallory_source);
    REQUIRE(!dana.empty());
    REQUIRE(!mallory.empty());
    // Accepted tags, as a reviewer would leave them (the tagger's routes are not ours to use here).
    grounded::store::Database db = grounded::store::Database::open((server.dir / "test.db").string());
    for (long long id : {dana.front(), mallory.front()}) {
      grounded::store::Statement q = db.prepare(
          "INSERT INTO tags (excerpt_id, category, subfields, theme, confidence, origin, status) "
          "VALUES (?1, 'pain_point', '{}', 'paper approvals', 0.9, 'human', 'accepted')");
      q.bind(1, static_cast<std::int64_t>(id)).run();
    }
  }
};

}  // namespace

TEST_CASE("personas: create list get update and delete") {
  Study study;
  TestServer& server = study.server;
  auto created = post_json(server, "/api/v1/personas",
                           {{"name", "Finance controller"}, {"kind", "buyer"}, {"role", "Controller"},
                            {"cohort", {{"participants", {{"roles", {"Controller"}}}}}}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  json persona = body_json(created);
  long long id = persona["id"];
  CHECK(persona["kind"] == "buyer");
  CHECK(persona["size"]["participants"] == 2);
  CHECK(persona["size"]["sources"] == 2);

  json list = body_json(server.http().Get("/api/v1/personas"));
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["name"] == "Finance controller");
  CHECK(list["items"][0].contains("evidence_score"));
  CHECK(list["items"][0].contains("flags_count"));
  CHECK(list["items"][0]["progress"].contains("summary"));
  CHECK(list["warnings"].empty());

  std::string path = "/api/v1/personas/" + std::to_string(id);
  json view = body_json(server.http().Get(path.c_str()));
  CHECK(view["persona"]["name"] == "Finance controller");
  CHECK(!view["sections"].empty());
  CHECK(view["signoffs"].is_array());

  auto updated = patch_json(server, path, {{"name", "AP controller"}, {"priority_tier", "primary"}});
  REQUIRE(updated);
  CHECK(updated->status == 200);
  CHECK(body_json(updated)["persona"]["name"] == "AP controller");
  CHECK(body_json(updated)["persona"]["priority_tier"] == "primary");

  json templates = body_json(server.http().Get("/api/v1/persona-templates"));
  CHECK(templates["kinds"].size() == 3);
  CHECK(!templates["signoff_steps"].empty());

  // Bad input.
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"name", "X"}, {"kind", "wizard"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"kind", "buyer"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"name", ""}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"name", 5}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"name", "X"}, {"cohort", {{"planets", {1}}}}}), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas", {{"name", "X"}, {"colour", "red"}}), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/personas", "{not json", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/personas", "[1]", "application/json"), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, path, {{"kind", "icp"}}), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), "{oops", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/personas/9999"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/personas/abc"), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, "/api/v1/personas/9999", {{"name", "x"}}), 404, "not_found"));
  CHECK(is_error(server.http().Delete("/api/v1/personas/9999"), 404, "not_found"));

  auto deleted = server.http().Delete(path.c_str());
  REQUIRE(deleted);
  CHECK(deleted->status == 200);
  CHECK(is_error(server.http().Get(path.c_str()), 404, "not_found"));
}

TEST_CASE("personas: draft attributes citations verdicts signoffs checklist matrix") {
  Study study;
  TestServer& server = study.server;
  long long id = body_json(post_json(server, "/api/v1/personas", {{"name", "Controller"}, {"kind", "buyer"}}))["id"];
  std::string path = "/api/v1/personas/" + std::to_string(id);

  // Draft: returns what changed and the new view.
  auto drafted = post_json(server, path + "/draft", {{"include_suggested", false}});
  REQUIRE(drafted);
  REQUIRE(drafted->status == 200);
  json report = body_json(drafted)["report"];
  CHECK(report.contains("changes"));
  CHECK(report["added"].get<int>() >= 1);
  json drafted_view = body_json(drafted)["persona"];
  bool cited = false;
  for (const json& a : drafted_view["attributes"])
    if (a["origin"] == "drafted" && a["basis"] == "evidence" && !a["citations"].empty()) cited = true;
  CHECK(cited);
  // Re-drafting the same data changes nothing.
  json again = body_json(server.http().Post((path + "/draft").c_str(), "", "application/json"))["report"];
  CHECK(again["added"] == 0);
  CHECK(again["removed"] == 0);
  CHECK(is_error(post_json(server, path + "/draft", {{"include_suggested", "yes"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas/9999/draft", json::object()), 404, "not_found"));

  // An attribute by hand, without evidence: opinion-based.
  auto added = post_json(server, path + "/attributes", {{"section", "goals"}, {"text", "Close the books in three days"}});
  REQUIRE(added);
  REQUIRE(added->status == 201);
  long long attribute = body_json(added)["id"];
  std::string attribute_path = path + "/attributes/" + std::to_string(attribute);
  auto flags_of = [&](long long attribute_id) {
    json view = body_json(server.http().Get(path.c_str()));
    for (const json& a : view["attributes"])
      if (a["id"] == attribute_id) return a;
    return json();
  };
  json a = flags_of(attribute);
  CHECK(a["flags"].dump().find("opinion_based") != std::string::npos);

  CHECK(is_error(post_json(server, path + "/attributes", {{"section", "nowhere"}, {"text", "x"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, path + "/attributes", {{"section", "goals"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, path + "/attributes", {{"section", "goals"}, {"text", "x"}, {"excerpt_ids", {"a"}}}),
                 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/personas/9999/attributes", {{"section", "goals"}, {"text", "x"}}), 404,
                 "not_found"));

  // Attach citations (search from the editor gives excerpt ids).
  auto attached = post_json(server, attribute_path + "/citations", {{"excerpt_id", study.dana.front()}});
  REQUIRE(attached);
  REQUIRE(attached->status == 201);
  long long citation = body_json(attached)["id"];
  auto second = post_json(server, attribute_path + "/citations", {{"excerpt_id", study.mallory.back()}});
  REQUIRE(second);
  long long second_citation = body_json(second)["id"];
  CHECK(flags_of(attribute)["flags"].dump().find("opinion_based") == std::string::npos);
  CHECK(is_error(post_json(server, attribute_path + "/citations", {{"excerpt_id", 999999}}), 404, "not_found"));
  CHECK(is_error(post_json(server, attribute_path + "/citations", {{"excerpt_id", "x"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, path + "/attributes/999999/citations", {{"excerpt_id", study.dana.front()}}), 404,
                 "not_found"));

  // Verdicts on loopback: the reviewer from the body field, else "reviewer"; a header never names them.
  std::string verdict_path = path + "/citations/" + std::to_string(citation) + "/verdict";
  httplib::Headers headers = {{"X-Grounded-User", "Mallory"}};
  auto judged = server.http().Post(verdict_path.c_str(), headers, R"({"verdict":"supports","note":"clear","reviewer":"Rae"})",
                                   "application/json");
  REQUIRE(judged);
  CHECK(judged->status == 200);
  CHECK(body_json(judged)["citation"]["reviewer"] == "Rae");
  CHECK(body_json(judged)["citation"]["note"] == "clear");
  CHECK(body_json(judged)["progress"]["citations_checked"].get<int>() >= 1);
  CHECK(flags_of(attribute)["verified"] == true);

  std::string second_verdict = path + "/citations/" + std::to_string(second_citation) + "/verdict";
  auto against = post_json(server, second_verdict, {{"verdict", "does_not_support"}, {"reviewer", "Sam"}});
  REQUIRE(against);
  CHECK(body_json(against)["citation"]["reviewer"] == "Sam");
  CHECK(flags_of(attribute)["flags"].dump().find("contradicted") != std::string::npos);
  auto defaulted = post_json(server, second_verdict, {{"verdict", "does_not_support"}});
  CHECK(body_json(defaulted)["citation"]["reviewer"] == "reviewer");
  json history = body_json(server.http().Get((path + "/citations/" + std::to_string(second_citation) + "/history").c_str()));
  CHECK(history["items"].size() == 2);

  CHECK(is_error(post_json(server, verdict_path, {{"verdict", "maybe"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, verdict_path, json::object()), 400, "invalid_input"));
  CHECK(is_error(server.http().Post(verdict_path.c_str(), "nope", "application/json"), 400, "invalid_input"));
  CHECK(is_error(post_json(server, path + "/citations/999999/verdict", {{"verdict", "supports"}}), 404, "not_found"));
  CHECK(is_error(post_json(server, "/api/v1/personas/9999/citations/1/verdict", {{"verdict", "supports"}}), 404,
                 "not_found"));

  // Editing after review marks it (timestamps have one-second resolution).
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto edited = patch_json(server, attribute_path, {{"text", "Close the books in two days"}});
  REQUIRE(edited);
  CHECK(edited->status == 200);
  CHECK(body_json(edited)["text"] == "Close the books in two days");
  CHECK(flags_of(attribute)["flags"].dump().find("edited_since_review") != std::string::npos);
  CHECK(is_error(patch_json(server, attribute_path, {{"text", 3}}), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, path + "/attributes/999999", {{"text", "x"}}), 404, "not_found"));

  // Sign-offs and the checklist.
  json checklist = body_json(server.http().Get((path + "/checklist").c_str()));
  REQUIRE(!checklist["items"].empty());
  json steps = body_json(server.http().Get("/api/v1/persona-templates"))["signoff_steps"];
  REQUIRE(!steps.empty());
  std::string step = steps[0]["key"];
  auto signed_off = post_json(server, path + "/signoffs", {{"step", step}, {"who", "Lee"}});
  REQUIRE(signed_off);
  CHECK(signed_off->status == 201);
  bool passed = false;
  json signed_body = body_json(signed_off);  // kept alive: a temporary in a range-for header dangles
  for (const json& item : signed_body["checklist"]["items"])
    if (item["key"] == step) passed = item["status"] == "pass" && item["who"] == "Lee";
  CHECK(passed);
  CHECK(body_json(server.http().Get((path + "/signoffs").c_str()))["items"].size() == 1);
  CHECK(is_error(post_json(server, path + "/signoffs", {{"step", "bribed"}}), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/personas/9999/checklist"), 404, "not_found"));

  // Evidence matrix.
  json matrix = body_json(server.http().Get((path + "/evidence-matrix").c_str()));
  CHECK(!matrix["rows"].empty());
  CHECK(!matrix["columns"].empty());
  CHECK(matrix["cells"].size() == matrix["rows"].size());
  CHECK(is_error(server.http().Get("/api/v1/personas/9999/evidence-matrix"), 404, "not_found"));

  // Detach and delete.
  auto detached = server.http().Delete((path + "/citations/" + std::to_string(second_citation)).c_str());
  REQUIRE(detached);
  CHECK(detached->status == 200);
  CHECK(is_error(server.http().Delete((path + "/citations/" + std::to_string(second_citation)).c_str()), 404, "not_found"));
  auto removed = server.http().Delete(attribute_path.c_str());
  REQUIRE(removed);
  CHECK(removed->status == 200);
  CHECK(is_error(server.http().Delete(attribute_path.c_str()), 404, "not_found"));
}

TEST_CASE("personas: exports with content types filenames and escaping") {
  Study study;
  TestServer& server = study.server;
  long long id = body_json(post_json(server, "/api/v1/personas", {{"name", "AP <Lead>"}, {"kind", "buyer"}}))["id"];
  std::string path = "/api/v1/personas/" + std::to_string(id);
  // Cite the excerpt whose text holds a <script> tag.
  REQUIRE(post_json(server, path + "/attributes",
                    {{"section", "pain_points"}, {"text", "Paper approvals"}, {"excerpt_ids", {study.mallory.front()}}})
              ->status == 201);

  REQUIRE(post_json(server, path + "/attributes",
                    {{"section", "pain_points"},
                     {"text", "Hates [click](javascript:alert(1)) and <img src=x onerror=alert(1)> *bold* `code`"}})
              ->status == 201);

  auto md = server.http().Get((path + "/export?format=md").c_str());
  REQUIRE(md);
  CHECK(md->status == 200);
  CHECK(md->get_header_value("Content-Type") == "text/markdown; charset=utf-8");
  CHECK(md->get_header_value("Content-Disposition").find(".md\"") != std::string::npos);
  CHECK(md->body.find("Paper approvals") != std::string::npos);
  // Raw HTML and links from customer text are inert in Markdown too: escaped, never live.
  CHECK(md->body.find("<script>") == std::string::npos);
  CHECK(md->body.find("\\<script\\>alert") != std::string::npos);
  CHECK(md->body.find("AP \\<Lead\\>") != std::string::npos);
  CHECK(!std::regex_search(md->body, std::regex(R"([^\\]\]\(javascript:)")));  // no live link
  CHECK(!std::regex_search(md->body, std::regex(R"((^|[^\\])<img)")));          // no live tag
  CHECK(md->body.find("Hates \\[click\\](javascript:alert(1)) and \\<img src=x onerror=alert(1)\\> \\*bold\\* \\`code\\`") !=
        std::string::npos);

  auto js = server.http().Get((path + "/export?format=json").c_str());
  REQUIRE(js);
  CHECK(js->get_header_value("Content-Type").starts_with("application/json"));
  CHECK(js->get_header_value("Content-Disposition").find(".json\"") != std::string::npos);
  CHECK(!json::parse(js->body, nullptr, false).is_discarded());

  auto html = server.http().Get((path + "/export?format=html").c_str());
  REQUIRE(html);
  CHECK(html->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(html->get_header_value("Content-Disposition").find(".html\"") != std::string::npos);
  CHECK(html->body.find("<script>alert") == std::string::npos);
  CHECK(html->body.find("&lt;script&gt;alert") != std::string::npos);
  CHECK(html->body.find("AP &lt;Lead&gt;") != std::string::npos);
  CHECK(html->get_header_value_count("Content-Security-Policy") == 1);
  CHECK(html->get_header_value("Content-Security-Policy").find("script") == std::string::npos);

  CHECK(is_error(server.http().Get((path + "/export?format=pdf").c_str()), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/personas/9999/export?format=md"), 404, "not_found"));
}

TEST_CASE("personas: eight or more personas warn") {
  TestServer server;
  for (int i = 0; i < 8; ++i)
    REQUIRE(post_json(server, "/api/v1/personas", {{"name", "P" + std::to_string(i)}, {"kind", "user"}})->status == 201);
  json list = body_json(server.http().Get("/api/v1/personas"));
  CHECK(list["items"].size() == 8);
  REQUIRE(list["warnings"].size() == 1);
  CHECK(list["warnings"][0]["key"] == "too_many_personas");
}
