// Sources, uploads and excerpts over HTTP.
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
using namespace std::string_literals;  // "..."s keeps embedded NULs and never reads past the literal

namespace {

httplib::Result upload(TestServer& server, const std::string& name, const std::string& content,
                       const std::string& path = "/api/v1/sources") {
  httplib::MultipartFormDataItems items = {{"files", content, name, "application/octet-stream"},
                                           {"kind", "auto", "", ""},
                                           {"participant", "Dana Whitfield", "", ""},
                                           {"role", "Controller", "", ""},
                                           {"account", "Harborline", "", ""}};
  return server.http().Post(path.c_str(), items);
}

}  // namespace

TEST_CASE("sources: empty library") {
  TestServer server;
  auto res = server.http().Get("/api/v1/sources");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(body_json(res)["items"].empty());
  CHECK(body_json(res)["total"] == 0);
}

TEST_CASE("sources: upload a transcript then read it back and delete it") {
  TestServer server;
  auto res = upload(server, "interview-dana.vtt", kInterviewVtt);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  json body = body_json(res);
  REQUIRE(body["files"].size() == 1);
  json file = body["files"][0];
  CHECK(file["status"] == "stored");
  CHECK(file["name"] == "interview-dana.vtt");
  CHECK(file["excerpts"].get<int>() >= 4);
  long long source_id = file["source_ids"][0];
  json job = body_json(server.http().Get(("/api/v1/jobs/" + std::to_string(body["job_id"].get<long long>())).c_str()));
  CHECK(job["status"] == "done");
  CHECK(job["result"]["files"].size() == 1);

  // The same bytes again: recognised.
  auto again = upload(server, "interview-dana.vtt", kInterviewVtt);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(body_json(again)["files"][0]["status"] == "already_stored");

  // The library.
  json list = body_json(server.http().Get("/api/v1/sources?sort=title&kind=interview"));
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["id"] == source_id);
  CHECK(list["items"][0]["participant_role"] == "Controller");
  CHECK(list["items"][0]["excerpt_count"].get<int>() >= 4);
  CHECK(body_json(server.http().Get("/api/v1/sources?kind=ticket"))["total"] == 0);
  CHECK(body_json(server.http().Get("/api/v1/sources?q=dana"))["total"] == 1);
  CHECK(body_json(server.http().Get("/api/v1/sources?q=nomatch"))["total"] == 0);
  CHECK(is_error(server.http().Get("/api/v1/sources?kind=podcast"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/sources?sort=password"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/sources?limit=0"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/sources?limit=abc"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/sources?participant=x"), 400, "invalid_input"));

  // One source with its excerpts.
  json source = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source_id)).c_str()));
  REQUIRE(source["excerpts"].size() >= 4);
  CHECK(!source.contains("body"));
  json interviewer_turn = source["excerpts"][0];
  CHECK(interviewer_turn["speaker_role"] == "interviewer");
  CHECK(interviewer_turn["start_ms"] == 1000);
  json with_body = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(source_id) + "?body=1").c_str()));
  CHECK(with_body["body"].get<std::string>().find("close week") != std::string::npos);

  // An excerpt in context.
  long long excerpt_id = source["excerpts"][1]["id"];
  json context = body_json(server.http().Get(("/api/v1/excerpts/" + std::to_string(excerpt_id) + "?context=1").c_str()));
  CHECK(context["excerpt"]["id"] == excerpt_id);
  CHECK(context["before"].size() == 1);
  CHECK(context["after"].size() == 1);
  CHECK(context["source"]["id"] == source_id);
  CHECK(is_error(server.http().Get(("/api/v1/excerpts/" + std::to_string(excerpt_id) + "?context=99").c_str()), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/excerpts/987654"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/excerpts/zero"), 400, "invalid_input"));

  // Unknown ids.
  CHECK(is_error(server.http().Get("/api/v1/sources/424242"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/sources/0"), 400, "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/sources/1;DROP"), 400, "invalid_input"));
  CHECK(is_error(server.http().Delete("/api/v1/sources/424242"), 404, "not_found"));

  // Delete.
  auto deleted = server.http().Delete(("/api/v1/sources/" + std::to_string(source_id)).c_str());
  REQUIRE(deleted);
  CHECK(deleted->status == 200);
  CHECK(is_error(server.http().Get(("/api/v1/sources/" + std::to_string(source_id)).c_str()), 404, "not_found"));
  CHECK(is_error(server.http().Get(("/api/v1/excerpts/" + std::to_string(excerpt_id)).c_str()), 404, "not_found"));
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 0);
}

TEST_CASE("sources: asynchronous upload reports progress through a job") {
  TestServer server;
  auto res = upload(server, "dana.vtt", kInterviewVtt, "/api/v1/sources?async=1");
  REQUIRE(res);
  CHECK(res->status == 202);
  json job = body_json(res)["job"];
  REQUIRE(job["id"].is_number());
  CHECK(job["total"] == 1);
  json finished = wait_for_job(server, job["id"]);
  CHECK(finished["status"] == "done");
  CHECK(finished["done"] == 1);
  CHECK(finished["result"]["files"][0]["status"] == "stored");
}

TEST_CASE("sources: several files in one upload with mixed results") {
  TestServer server;
  httplib::MultipartFormDataItems items = {
      {"files", kInterviewVtt, "a.vtt", "text/vtt"},
      {"files", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"s, "picture.png", "image/png"},
      {"kind", "auto", "", ""}};
  auto res = server.http().Post("/api/v1/sources", items);
  REQUIRE(res);
  CHECK(res->status == 200);
  json files = body_json(res)["files"];
  REQUIRE(files.size() == 2);
  CHECK(files[0]["status"] == "stored");
  CHECK(files[1]["status"] == "rejected");
  CHECK(files[1]["error"]["kind"] == "unsupported_format");
}

TEST_CASE("sources: an unsupported file is a 415") {
  TestServer server;
  auto res = upload(server, "picture.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01"s);
  REQUIRE(res);
  INFO(res->body);
  CHECK(is_error(res, 415, "unsupported_format"));
  CHECK(body_json(res)["files"][0]["status"] == "rejected");
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 0);
}

TEST_CASE("sources: an oversized upload is a 413 naming the limit") {
  TestServer server(1024 * 1024);
  auto res = upload(server, "huge.txt", std::string(1536 * 1024, 'a'));
  REQUIRE(res);
  CHECK(is_error(res, 413, "too_large"));
  CHECK(body_json(res)["error"]["message"].get<std::string>().find("1 MB") != std::string::npos);
  // The server is still fine afterwards.
  auto health = server.http().Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("sources: malformed uploads are 4xx") {
  TestServer server;
  CHECK(is_error(server.http().Post("/api/v1/sources", "{\"file\": 1}", "application/json"), 415,
                 "unsupported_format"));
  httplib::MultipartFormDataItems no_files = {{"kind", "interview", "", ""}};
  CHECK(is_error(server.http().Post("/api/v1/sources", no_files), 400, "invalid_input"));
  httplib::MultipartFormDataItems bad_kind = {{"files", kInterviewVtt, "a.vtt", "text/vtt"}, {"kind", "podcast", "", ""}};
  CHECK(is_error(server.http().Post("/api/v1/sources", bad_kind), 400, "invalid_input"));
  auto broken = server.http().Post("/api/v1/sources", "--x\r\nContent-Disposition: form-data; name=\"files\"; fil",
                                   "multipart/form-data; boundary=x");
  REQUIRE(broken);
  CHECK(broken->status >= 400);
  CHECK(broken->status < 500);
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 0);
}

TEST_CASE("sources: the XSS transcript is stored as plain text") {
  TestServer server;
  std::string transcript =
      "Interviewer: <script>alert('x')</script> what happened?\n\n"
      "Mallory: <img src=x onerror=alert(1)> broke our approvals\n";
  auto res = upload(server, "xss.txt", transcript);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  long long id = body_json(res)["files"][0]["source_ids"][0];
  auto source = server.http().Get(("/api/v1/sources/" + std::to_string(id)).c_str());
  REQUIRE(source);
  CHECK(source->get_header_value("Content-Type").starts_with("application/json"));
  std::string all;
  json stored = body_json(source);  // keep it alive: a temporary in a range-for header dangles
  for (const json& excerpt : stored["excerpts"]) all += excerpt["text"].get<std::string>();
  CHECK(all.find("onerror") != std::string::npos);
}

TEST_CASE("sources: searches keep answering while an upload is processed") {
  TestServer server(64 * 1024 * 1024);
  httplib::MultipartFormDataItems first = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"}};
  REQUIRE(server.http().Post("/api/v1/sources", first)->status == 200);
  // A large transcript (~40k turns) processed in the background...
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "Interviewer: Question number " + std::to_string(i) + " about invoices?\n\nPat: Answer " + std::to_string(i) +
           " about approvals and the monthly close.\n\n";
  httplib::MultipartFormDataItems items = {{"files", big, "big.txt", "text/plain"}};
  auto started = server.http().Post("/api/v1/sources?async=1", items);
  REQUIRE(started);
  REQUIRE(started->status == 202);
  long long job = body_json(started)["job"]["id"];
  // ...while another client searches.
  httplib::Client searcher("127.0.0.1", server.server->port());
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = searcher.Get("/api/v1/search?q=%22close%20week%22");
    REQUIRE(res);
    CHECK(res->status == 200);
    answered += res->status == 200;
  }
  CHECK(answered == 20);
  json finished = wait_for_job(server, job);
  CHECK(finished["status"] == "done");
  CHECK(finished["result"]["files"][0]["status"] == "stored");
}
