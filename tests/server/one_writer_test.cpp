// Uploads are queued jobs on the server's one background writer (issue 12):
// the same bytes uploaded several times at once are stored once and every
// other copy answers "already stored" (never a UNIQUE(sha256) clash reported
// as rejected); other writers keep working while a long upload is ingested;
// a queued upload's job says it is queued.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::TestServer;
using grounded::test::wait_for_job;
using nlohmann::json;

namespace {

httplib::MultipartFormDataItems transcript_upload(const std::string& name, const std::string& text) {
  return {{"files", text, name, "text/plain"}, {"kind", "interview", "", ""}};
}

// A transcript of `turns` question-and-answer pairs, with accents and CJK.
std::string long_transcript(int turns, const std::string& tag) {
  std::string text;
  for (int i = 0; i < turns; ++i)
    text += "Interviewer: Wie läuft der Monatsabschluss, Runde " + std::to_string(i) + " (" + tag +
            ")?\nCustomer: Réconciliation by hand takes “days”; 月末の締めは遅い, invoice " + std::to_string(i) + ".\n";
  return text;
}

}  // namespace

TEST_CASE("one writer: the same bytes uploaded four times at once are stored once, the rest already stored") {
  TestServer server;
  const std::string text = long_transcript(200, "same");
  std::vector<json> answers(4);
  std::vector<int> statuses(4, 0);
  std::vector<std::thread> uploads;
  for (std::size_t i = 0; i < answers.size(); ++i)
    uploads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server.server->port());
      client.set_read_timeout(60);
      client.set_default_headers({{"Authorization", "Bearer " + server.server->api_token()}});
      auto res = client.Post("/api/v1/sources", transcript_upload("same-" + std::to_string(i) + ".txt", text));
      statuses[i] = res ? res->status : -1;
      answers[i] = body_json(res);
    });
  for (auto& t : uploads) t.join();
  int stored = 0, already = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    CAPTURE(answers[i].dump());
    REQUIRE(statuses[i] == 200);
    std::string status = answers[i]["files"][0]["status"];
    stored += status == "stored";
    already += status == "already_stored";
  }
  CHECK(stored == 1);
  CHECK(already == 3);
  auto sources = body_json(server.http().Get("/api/v1/sources"));
  CHECK(sources["total"] == 1);
}

TEST_CASE("one writer: persona and tag writes succeed while a long upload is being ingested") {
  TestServer server(32 * 1024 * 1024);
  // Big enough that the ingest is still running while the writes below go in.
  auto queued = server.http().Post("/api/v1/sources?async=1", transcript_upload("long.txt", long_transcript(6000, "long")));
  REQUIRE(queued);
  REQUIRE(queued->status == 202);
  long long job = body_json(queued)["job"]["id"];

  int created = 0;
  std::vector<std::string> failures;
  for (int i = 0; i < 20; ++i) {
    json persona = {{"name", "Persona während " + std::to_string(i)}, {"role", "Controller"}};
    auto res = server.http().Post("/api/v1/personas", persona.dump(), "application/json");
    if (res && res->status == 201) ++created;
    else failures.push_back(res ? res->body : "no answer");
  }
  json finished = wait_for_job(server, job);
  CAPTURE(failures.size() > 0 ? failures[0] : std::string());
  CHECK(created == 20);
  CHECK(finished["status"] == "done");
  CHECK(finished["result"]["files"][0]["status"] == "stored");
}

TEST_CASE("one writer: an upload queued behind another says so, then lists each finished file") {
  TestServer server(32 * 1024 * 1024);
  auto first = server.http().Post("/api/v1/sources?async=1", transcript_upload("first.txt", long_transcript(4000, "a")));
  httplib::MultipartFormDataItems two = {{"files", long_transcript(5, "b1"), "b1.txt", "text/plain"},
                                         {"files", long_transcript(5, "b2"), "b2.txt", "text/plain"},
                                         {"kind", "interview", "", ""}};
  auto second = server.http().Post("/api/v1/sources?async=1", two);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(second->status == 202);
  json queued = body_json(second)["job"];
  // Still behind the first upload (4,000 turns take far longer than this request).
  CHECK(queued["status"] == "queued");
  CHECK(queued["message"].get<std::string>().find("Queued") != std::string::npos);
  json done = wait_for_job(server, queued["id"].get<long long>());
  CHECK(done["status"] == "done");
  REQUIRE(done["result"]["files"].size() == 2);
  CHECK(done["result"]["files"][1]["name"] == "b2.txt");
  wait_for_job(server, body_json(first)["job"]["id"].get<long long>());
}
