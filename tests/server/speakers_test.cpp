// Whose words, over HTTP: one excerpt has the same speaker in search results,
// in a cohort's size and in a drafted persona's citations, because all three
// read the excerpt_speakers view (store/excerpt_speakers.hpp). Generic labels
// become one participant per uploaded file.
#include <doctest/doctest.h>

#include <set>

#include "server/server_fixture.hpp"
#include "store/database.hpp"
#include "store/excerpt_speakers.hpp"

using grounded::test::body_json;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

json upload(TestServer& server, const std::string& name, const std::string& text, const std::string& role,
            const std::string& unlabelled = "") {
  httplib::MultipartFormDataItems items = {{"files", text, name, "text/plain"}, {"role", role, "", ""}};
  if (!unlabelled.empty()) items.push_back({"unlabelled", unlabelled, "", ""});
  auto res = server.http().Post("/api/v1/sources", items);
  REQUIRE(res);
  return body_json(res);
}

httplib::Result post_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Post(path.c_str(), body.dump(), "application/json");
}

}  // namespace

TEST_CASE("one excerpt's speaker is the same in search, cohort size and a drafted persona") {
  TestServer server;
  json up = upload(server, "Interview 10.txt",
                   "interviewer: What makes invoice approval slow in close week? Is approval slow for you?\n"
                   "interviewee: Invoice approval is slow: we print every invoice and walk it around for signatures.\n"
                   "interviewer: Anything else about approval?\n"
                   "interviewee: Chasing approvers by email wastes hours every month.\n",
                   "Controller");
  REQUIRE(up["files"][0]["status"] == "stored");
  const long long source = up["files"][0]["source_ids"][0].get<long long>();
  json other = upload(server, "Interview 11.txt",
                      "Interviewer 1: How do approvals go?\nInterviewee: Approval is fine, we use a workflow tool.\n", "Controller");
  REQUIRE(other["files"][0]["status"] == "stored");

  // The answers belong to this file's interviewee; the questions to nobody.
  json src = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source)).c_str()));
  REQUIRE(src["excerpts"].size() == 4);
  const long long question = src["excerpts"][0]["id"].get<long long>();
  const long long answer = src["excerpts"][1]["id"].get<long long>();
  grounded::store::Database db = grounded::store::Database::open((server.dir / "test.db").string());
  auto speaker = grounded::store::excerpt_speaker(db, answer);
  REQUIRE(speaker.participant_id);
  const long long person = *speaker.participant_id;
  CHECK(speaker.is_customer_speech);
  CHECK(!grounded::store::excerpt_speaker(db, question).participant_id);
  CHECK(!grounded::store::excerpt_speaker(db, question).is_customer_speech);
  json people = body_json(server.http().Get("/api/v1/participants"))["items"];
  std::set<std::string> labels;
  for (const json& p : people) labels.insert(p["label"].get<std::string>());
  CHECK(labels == std::set<std::string>{"Interviewee (Interview 10.txt)", "Interviewee (Interview 11.txt)"});

  // Search: the answer first and attributed to the person; the question after, attributed to nobody.
  json found = body_json(server.http().Get("/api/v1/search?q=approval&source=" + std::to_string(source)));
  REQUIRE(found["hits"].size() == 4);  // "approvers" matches too (stemming)
  CHECK(found["hits"][0]["customer_speech"] == true);
  long long question_position = -1;
  for (std::size_t i = 0; i < found["hits"].size(); ++i) {
    const json& hit = found["hits"][i];
    if (hit["excerpt_id"] == answer) {
      CHECK(hit["participant_id"] == person);
      CHECK(hit["participant_label"] == "Interviewee (Interview 10.txt)");
    }
    if (hit["excerpt_id"] == question) {
      question_position = static_cast<long long>(i);
      CHECK(hit["participant_id"].is_null());
      CHECK(hit["customer_speech"] == false);
    }
  }
  CHECK(question_position >= 2);  // below both answers although it says "approval" twice
  CHECK(found["hits"][1]["customer_speech"] == true);
  json all = body_json(server.http().Get("/api/v1/search?q=approval&speakers=all&source=" + std::to_string(source)));
  CHECK(all["hits"].size() == 4);
  CHECK(all["hits"][0]["customer_speech"] == false);  // by relevance alone a short question wins
  auto bad = server.http().Get("/api/v1/search?q=approval&speakers=some");
  REQUIRE(bad);
  CHECK(bad->status == 400);

  // Accepted tags on the answer AND on the question, as a careless reviewer might leave them.
  for (long long id : {answer, question}) {
    grounded::store::Statement q = db.prepare(
        "INSERT INTO tags (excerpt_id, category, subfields, theme, confidence, origin, status) "
        "VALUES (?1, 'pain_point', '{}', 'paper approvals', 0.9, 'human', 'accepted')");
    q.bind(1, static_cast<std::int64_t>(id)).run();
  }

  // Cohort: this person only; two customer-speech excerpts, the questions left out.
  json created = body_json(post_json(server, "/api/v1/personas",
                                     {{"name", "Interviewee 10"}, {"kind", "buyer"},
                                      {"cohort", {{"participants", {{"ids", {person}}}}}}}));
  const std::string path = "/api/v1/personas/" + std::to_string(created["id"].get<long long>());
  json view = body_json(server.http().Get(path.c_str()));
  CHECK(view["size"]["participants"] == 1);
  CHECK(view["size"]["sources"] == 1);
  CHECK(view["size"]["excerpts"] == 2);

  // Draft: every citation is the answer, attributed to the same person; the tagged question is never cited.
  json drafted = body_json(post_json(server, path + "/draft", {{"include_suggested", false}}))["persona"];
  std::set<long long> cited;
  for (const json& a : drafted["attributes"])
    for (const json& c : a["citations"]) {
      cited.insert(c["excerpt_id"].get<long long>());
      REQUIRE(c["participant"].is_object());
      CHECK(c["participant"]["id"] == person);
    }
  CHECK(cited == std::set<long long>{answer});

  // A role cohort counts the two files' interviewees as two people.
  json by_role = body_json(post_json(server, "/api/v1/personas",
                                     {{"name", "Controllers"}, {"kind", "buyer"},
                                      {"cohort", {{"participants", {{"roles", {"Controller"}}}}}}}));
  json role_view = body_json(server.http().Get(("/api/v1/personas/" + std::to_string(by_role["id"].get<long long>())).c_str()));
  CHECK(role_view["size"]["participants"] == 2);
}

TEST_CASE("upload: no speaker labels is rejected with the choice, then stored with unlabelled=true") {
  TestServer server;
  const std::string text = "Visited the finance team today.\nThey close the books on day five.\n";
  json first = upload(server, "notes.txt", text, "");
  REQUIRE(first["files"].size() == 1);
  CHECK(first["files"][0]["status"] == "rejected");
  CHECK(first["files"][0]["unlabelled_possible"] == true);
  CHECK(first["files"][0]["error"]["message"].get<std::string>().find("--unlabelled") != std::string::npos);
  json second = upload(server, "notes.txt", text, "", "true");
  CHECK(second["files"][0]["status"] == "stored");
  CHECK(second["files"][0]["warnings"].is_array());
  json people = body_json(server.http().Get("/api/v1/participants"))["items"];
  REQUIRE(people.size() == 1);
  CHECK(people[0]["label"] == "Participant (notes.txt)");
}
