// Studies over HTTP: every /api/v1/studies route, uploads into a study,
// scoping the library, search and the review queue, and the sample study
// loaded and deleted in one confirmed action.
#include <doctest/doctest.h>

#include <set>

#include "fixtures_dir.hpp"
#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using grounded::test::wait_for_job;
using nlohmann::json;

namespace {

httplib::Result post_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Post(path.c_str(), body.dump(), "application/json");
}

httplib::Result patch_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Patch(path.c_str(), body.dump(), "application/json");
}

httplib::Result upload_into(TestServer& server, const std::string& name, const std::string& content,
                            const std::string& study) {
  httplib::MultipartFormDataItems items = {{"files", content, name, "application/octet-stream"},
                                           {"study", study, "", ""}};
  return server.http().Post("/api/v1/sources", items);
}

std::string studies_path(long long id, const std::string& rest = "") {
  return "/api/v1/studies/" + std::to_string(id) + rest;
}

}  // namespace

TEST_CASE("studies: create, list, get, rename, date and archive") {
  TestServer server;
  CHECK(body_json(server.http().Get("/api/v1/studies"))["total"] == 0);

  auto created = post_json(server, "/api/v1/studies",
                           {{"name", "Onboarding – Zürich"}, {"description", "Why “new” customers stall"}, {"owner", "Priya"}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  json study = body_json(created);
  CHECK(study["name"] == "Onboarding – Zürich");
  CHECK(study["sources"] == 0);
  CHECK(study["archived"] == false);
  long long id = study["id"];

  CHECK(is_error(post_json(server, "/api/v1/studies", {{"name", "onboarding – zürich"}}), 409, "conflict"));
  CHECK(is_error(post_json(server, "/api/v1/studies", {{"name", "  "}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/studies", {{"description", "no name"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/studies", {{"name", 7}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/studies", {{"name", "x"}, {"colour", "red"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/studies", {{"name", "x"}, {"started_at", "soon"}}), 400, "invalid_input"));
  CHECK(is_error(server.http().Post("/api/v1/studies", "{not json", "application/json"), 400, "invalid_input"));

  auto got = server.http().Get(studies_path(id).c_str());
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(body_json(got)["owner"] == "Priya");
  CHECK(is_error(server.http().Get(studies_path(424242).c_str()), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/studies/abc"), 400, "invalid_input"));

  auto renamed = patch_json(server, studies_path(id), {{"name", "Onboarding 2026"}, {"started_at", "2026-01"},
                                                       {"ended_at", "2026-03-31"}, {"who", "Priya"}});
  REQUIRE(renamed);
  CHECK(renamed->status == 200);
  CHECK(body_json(renamed)["name"] == "Onboarding 2026");
  CHECK(body_json(renamed)["ended_at"] == "2026-03-31");
  CHECK(is_error(patch_json(server, studies_path(id), {{"ended_at", "2025-01-01"}}), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, studies_path(id), {{"archived", "yes"}}), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, studies_path(id), {{"nme", "typo"}}), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, studies_path(424242), {{"name", "x"}}), 404, "not_found"));
  post_json(server, "/api/v1/studies", {{"name", "Other"}});
  CHECK(is_error(patch_json(server, studies_path(id), {{"name", "OTHER"}}), 409, "conflict"));

  auto archived = patch_json(server, studies_path(id), {{"archived", true}});
  REQUIRE(archived);
  CHECK(body_json(archived)["archived"] == true);
  CHECK(body_json(server.http().Get("/api/v1/studies"))["total"] == 2);
  CHECK(body_json(server.http().Get("/api/v1/studies?archived=0"))["total"] == 1);
  // An archived study takes no uploads: the file is rejected with the reason.
  auto refused = upload_into(server, "dana.vtt", kInterviewVtt, "Onboarding 2026");
  REQUIRE(refused);
  CHECK(refused->status == 409);
  CHECK(body_json(refused)["error"]["message"].get<std::string>().find("archived") != std::string::npos);
}

TEST_CASE("studies: uploads land in the named study; library, search and tags can be scoped to it") {
  TestServer server;
  auto first = upload_into(server, "dana.vtt", kInterviewVtt, "Finance round");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  REQUIRE(upload_into(server, "rosa.txt",
                      "Interviewer: How do you approve invoices?\nRosa Delgado: We print them and chase signatures.\n",
                      "Ops round")
              ->status == 200);
  CHECK(is_error(upload_into(server, "x.txt", "A: b\nC: d\n", std::string(300, 'x')), 400, "invalid_input"));

  json studies = body_json(server.http().Get("/api/v1/studies"));
  REQUIRE(studies["total"] == 2);
  json finance = studies["items"][0];
  CHECK(finance["name"] == "Finance round");
  CHECK(finance["sources"] == 1);
  CHECK(finance["participants"] == 1);
  CHECK(finance["excerpts"].get<int>() >= 2);
  long long finance_id = finance["id"];

  json library = body_json(server.http().Get(("/api/v1/sources?study=" + std::to_string(finance_id)).c_str()));
  REQUIRE(library["total"] == 1);
  CHECK(library["items"][0]["study_name"] == "Finance round");
  CHECK(library["items"][0]["study_id"] == finance_id);
  CHECK(body_json(server.http().Get("/api/v1/sources?sort=study"))["items"][0]["study_name"] == "Finance round");

  // Search: the study: token, the study parameter and the facet.
  json all = body_json(server.http().Get("/api/v1/search?q=print"));
  CHECK(all["total"] == 2);
  CHECK(all["facets"]["study"]["Finance round"] == 1);
  CHECK(all["facets"]["study"]["Ops round"] == 1);
  json scoped = body_json(server.http().Get("/api/v1/search?q=print%20study:%22finance%20round%22"));
  REQUIRE(scoped["total"] == 1);
  CHECK(scoped["hits"][0]["study"] == "Finance round");
  json by_param = body_json(server.http().Get("/api/v1/search?q=print&study=Ops%20round"));
  REQUIRE(by_param["total"] == 1);
  CHECK(by_param["hits"][0]["study"] == "Ops round");
  CHECK(is_error(server.http().Get("/api/v1/search?q=print&study=Nope"), 400, "invalid_input"));

  // Tagging one study, and its review queue.
  auto run = post_json(server, "/api/v1/tagger/run", {{"study_id", finance_id}});
  REQUIRE(run);
  REQUIRE(run->status == 202);
  json job = wait_for_job(server, body_json(run)["job_id"]);
  CHECK(job["status"] == "done");
  json queue = body_json(server.http().Get(("/api/v1/tags?study=" + std::to_string(finance_id)).c_str()));
  CHECK(queue["total"].get<int>() > 0);
  for (const json& tag : queue["items"]) CHECK(tag["source"]["study"] == "Finance round");
  CHECK(body_json(server.http().Get("/api/v1/tags"))["total"] == queue["total"]);  // the other study was not tagged
  CHECK(is_error(server.http().Get("/api/v1/tags?study=424242"), 404, "not_found"));
  CHECK(is_error(post_json(server, "/api/v1/tagger/run", {{"study_id", 424242}}), 404, "not_found"));

  // Coverage of the study's interviews.
  json coverage = body_json(server.http().Get(studies_path(finance_id, "/coverage").c_str()));
  CHECK(coverage["study"] == "Finance round");
  CHECK(coverage["sources"] == 1);
  CHECK(is_error(server.http().Get(studies_path(424242, "/coverage").c_str()), 404, "not_found"));
}

TEST_CASE("studies: delete needs the name repeated, removes everything of the study and is audited") {
  TestServer server;
  REQUIRE(upload_into(server, "dana.vtt", kInterviewVtt, "Finance round")->status == 200);
  REQUIRE(upload_into(server, "rosa.txt", "Interviewer: Why?\nRosa Delgado: Approvals get lost in e-mail.\n", "Ops round")
              ->status == 200);
  json studies = body_json(server.http().Get("/api/v1/studies"));
  long long finance_id = studies["items"][0]["id"];

  CHECK(is_error(server.http().Delete(studies_path(finance_id).c_str()), 400, "invalid_input"));
  CHECK(is_error(server.http().Delete(studies_path(finance_id, "?confirm=Ops%20round").c_str()), 400, "invalid_input"));
  CHECK(is_error(server.http().Delete(studies_path(424242, "?confirm=x").c_str()), 404, "not_found"));
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 2);  // nothing happened yet

  auto deleted = server.http().Delete(studies_path(finance_id, "?confirm=finance%20round").c_str());
  REQUIRE(deleted);
  REQUIRE(deleted->status == 200);
  json gone = body_json(deleted);
  CHECK(gone["deleted"]["name"] == "Finance round");
  CHECK(gone["sources"] == 1);
  CHECK(gone["excerpts"].get<int>() >= 2);
  CHECK(is_error(server.http().Get(studies_path(finance_id).c_str()), 404, "not_found"));
  json library = body_json(server.http().Get("/api/v1/sources"));
  REQUIRE(library["total"] == 1);
  CHECK(library["items"][0]["study_name"] == "Ops round");
  CHECK(body_json(server.http().Get("/api/v1/search?q=signatures"))["total"] == 0);
  CHECK(body_json(server.http().Get("/api/v1/search?q=approvals"))["total"] == 1);

  // The confirmation may also come in the body; the same file can be uploaded again.
  long long ops_id = body_json(server.http().Get("/api/v1/studies"))["items"][0]["id"];
  auto by_body = server.http().Delete(studies_path(ops_id).c_str(), json{{"confirm", "Ops round"}}.dump(), "application/json");
  REQUIRE(by_body);
  CHECK(by_body->status == 200);
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 0);
  json again = body_json(upload_into(server, "dana.vtt", kInterviewVtt, "Finance round"));
  CHECK(again["files"][0]["status"] == "stored");
}

TEST_CASE("studies: the sample study loads into its own study and goes in one confirmed delete") {
  TestServer server(4 * 1024 * 1024,
                    (std::filesystem::path(grounded::test::fixtures_dir()).parent_path().parent_path() / "samples").string());
  REQUIRE(upload_into(server, "dana.vtt", kInterviewVtt, "My interviews")->status == 200);
  auto started = server.http().Post("/api/v1/samples/load");
  REQUIRE(started);
  REQUIRE(started->status == 202);
  json job = wait_for_job(server, body_json(started)["job"]["id"]);
  REQUIRE(job["status"] == "done");
  CHECK(job["result"]["rejected"] == 0);

  json studies = body_json(server.http().Get("/api/v1/studies"));
  REQUIRE(studies["total"] == 2);
  json sample;
  for (const json& s : studies["items"])
    if (s["name"] == "Sample: Ledgerline") sample = s;
  REQUIRE(sample.is_object());
  CHECK(sample["sources"].get<int>() > 12);
  CHECK(sample["description"].get<std::string>().find("Fictional") == 0);

  std::set<std::string> before;
  json people_before = body_json(server.http().Get("/api/v1/participants"));  // named: iterating a temporary's member dangles
  for (const json& p : people_before["items"]) before.insert(p["label"].get<std::string>());
  CHECK(before.count("Dana Whitfield") == 1);
  CHECK(before.count("Dana Whitfield (Sample: Ledgerline)") == 1);

  auto deleted = server.http().Delete(studies_path(sample["id"], "?confirm=Sample:%20Ledgerline").c_str());
  REQUIRE(deleted);
  REQUIRE(deleted->status == 200);
  CHECK(body_json(deleted)["sources"] == sample["sources"]);
  json library = body_json(server.http().Get("/api/v1/sources"));
  REQUIRE(library["total"] == 1);
  CHECK(library["items"][0]["study_name"] == "My interviews");
  // The sample's people went with it. Its Dana Whitfield was another person from the Dana of
  // my study (a name is matched within its study), so mine stays and theirs is gone.
  std::set<std::string> labels;
  json participants = body_json(server.http().Get("/api/v1/participants"));
  CAPTURE(participants.dump());
  for (const json& p : participants["items"]) labels.insert(p["label"].get<std::string>());
  CHECK(labels.count("Dana Whitfield") == 1);
  CHECK(labels.count("Rosa Delgado") == 0);
  CHECK(labels.size() == 1);
  // Loading it again works: its files were forgotten with it.
  auto again = server.http().Post("/api/v1/samples/load");
  REQUIRE(again);
  json reloaded = wait_for_job(server, body_json(again)["job"]["id"]);
  CHECK(reloaded["result"]["stored"].get<int>() >= 14);
}
