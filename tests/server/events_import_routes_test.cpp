// Product-analytics exports uploaded over HTTP (POST /api/v1/events/imports)
// on a real loopback server with a real SQLite file: the import report, a
// re-upload that counts nothing twice, an id map as a second file, the
// background job with progress in bytes, and exports that are refused with
// nothing written.
#include <doctest/doctest.h>

#include "server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::TestServer;
using grounded::test::wait_for_job;
using nlohmann::json;

namespace {

// 2026-11-02 10:00:00 UTC
constexpr long long kMonday = 1793613600;

std::string mixpanel_line(const std::string& event, long long time, const std::string& user, const std::string& id) {
  return R"({"event": ")" + event + R"(", "properties": {"time": )" + std::to_string(time) + R"(, "distinct_id": ")" +
         user + R"(", "$insert_id": ")" + id + R"("}})" + "\n";
}

// Three users (one with an accented e-mail, one with a CJK id) over two weeks.
std::string small_export() {
  std::string text;
  int n = 0;
  for (int day = 0; day < 14; ++day)
    for (const char* user : {"zoë@harborline.example", "李雷", "u-42"})
      text += mixpanel_line(day % 2 ? "Invoice approved" : "Invoice uploaded", kMonday + day * 86400 + 3600, user,
                            "ins-" + std::to_string(n++));
  return text;
}

httplib::Result post_export(TestServer& server, const std::string& name, const std::string& content,
                            const char* path = "/api/v1/events/imports") {
  httplib::MultipartFormDataItems items = {{"files", content, name, "application/x-ndjson"}};
  return server.http().Post(path, items);
}

json segment_user(TestServer& server, const std::string& external_id) {
  json months = body_json(server.http().Get("/api/v1/segments?period=month"));
  for (const json& u : months["users"])
    if (u["external_id"] == external_id) return u;
  return json();
}

}  // namespace

TEST_CASE("events upload: a Mixpanel export is imported, listed and segmented; a re-upload adds nothing") {
  TestServer server;
  auto first = post_export(server, "mixpanel-export.jsonl", small_export());
  REQUIRE(first);
  REQUIRE(first->status == 200);
  json report = body_json(first);
  CHECK(report["format"] == "mixpanel");
  CHECK(report["origin"] == "mixpanel-export.jsonl");
  CHECK(report["events"] == 42);
  CHECK(report["new_events"] == 42);
  CHECK(report["duplicates"] == 0);
  CHECK(report["users"] == 3);

  json zoe = segment_user(server, "zoë@harborline.example");
  REQUIRE(zoe.is_object());
  CHECK(segment_user(server, "李雷").is_object());
  const json metrics_before = zoe["metrics"];

  auto again = post_export(server, "mixpanel-export.jsonl", small_export());
  REQUIRE(again);
  REQUIRE(again->status == 200);
  json second = body_json(again);
  CHECK(second["new_events"] == 0);
  CHECK(second["duplicates"] == 42);
  CHECK(segment_user(server, "zoë@harborline.example")["metrics"] == metrics_before);

  json imports = body_json(server.http().Get("/api/v1/events/imports"));
  REQUIRE(imports["items"].size() == 2);
  CHECK(imports["items"][0]["duplicates"] == 42);  // newest first
  CHECK(imports["items"][1]["new_events"] == 42);
  CHECK(imports["items"][1]["created_by"] == "local");
}

TEST_CASE("events upload: an id map part ties users to a CRM account; e-mail domains match without it") {
  TestServer server;
  httplib::MultipartFormDataItems companies = {
      {"files",
       "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Lifecycle Stage\n"
       "1,Harborline Shipping Co,harborline.example,Logistics,240,38000000,North America,Customer\n"
       "2,Tidewater Marine,tidewater.example,Logistics,520,95000000,North America,Customer\n",
       "hubspot_companies.csv", "text/csv"}};
  auto crm = server.http().Post("/api/v1/sources", companies);
  REQUIRE(crm);
  REQUIRE(crm->status == 200);

  httplib::MultipartFormDataItems items = {
      {"files", small_export(), "events.jsonl", "application/x-ndjson"},
      {"id_map", "external_id,account\nu-42,Tidewater Marine\n", "ids.csv", "text/csv"}};
  auto answer = server.http().Post("/api/v1/events/imports", items);
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  CHECK(body_json(answer)["users_with_account"] == 2);
  CHECK(segment_user(server, "u-42")["account"] == "Tidewater Marine");
  CHECK(segment_user(server, "zoë@harborline.example")["account"] == "Harborline Shipping Co");
  json nobody = segment_user(server, "李雷");
  CHECK((nobody["account"].is_null() || nobody["account"] == ""));
  CHECK(nobody["account_id"].is_null());

  httplib::MultipartFormDataItems bad_map = {{"files", small_export(), "events.jsonl", "application/x-ndjson"},
                                             {"id_map", "name,account\nu-42,Tidewater Marine\n", "ids.csv", "text/csv"}};
  auto refused = server.http().Post("/api/v1/events/imports", bad_map);
  CHECK(is_error(refused, 400, "invalid_input"));
}

TEST_CASE("events upload: ?async=1 answers 202 and the job reports bytes read, then the import report") {
  TestServer server(16 * 1024 * 1024);
  // Over 65,536 lines, so the job reports progress while it reads.
  std::string text;
  for (int i = 0; i < 70000; ++i)
    text += mixpanel_line("Search", kMonday + i * 30, "user-" + std::to_string(i % 50), "id-" + std::to_string(i));
  auto started = post_export(server, "big.jsonl", text, "/api/v1/events/imports?async=1");
  REQUIRE(started);
  REQUIRE(started->status == 202);
  json job = body_json(started)["job"];
  CHECK(job["kind"] == "events_import");
  CHECK(job["total"] == static_cast<long long>(text.size()));
  json done = wait_for_job(server, job["id"]);
  REQUIRE(done["status"] == "done");
  CHECK(done["done"] == done["total"]);
  CHECK(done["result"]["new_events"] == 70000);
  CHECK(done["result"]["users"] == 50);
  CHECK(done["message"].get<std::string>().starts_with("70,000 new events of 70,000 read"));
  CHECK(body_json(server.http().Get("/api/v1/segments?period=month"))["users"].size() == 50);
}

TEST_CASE("events upload: files that are not exports are refused, naming the problem, with nothing written") {
  TestServer server;
  auto text = post_export(server, "notes.txt", "Dear team, here are my notes.\n");
  CHECK(is_error(text, 415, "unsupported_format"));
  CHECK(body_json(text)["error"]["message"].get<std::string>().find("notes.txt") != std::string::npos);

  std::string mostly_bad = mixpanel_line("Open app", kMonday, "u9", "first");
  for (int i = 0; i < 20; ++i) mostly_bad += "{\"event\": \"x\"}\n";
  auto bad = post_export(server, "mostly-bad.jsonl", mostly_bad);
  CHECK(is_error(bad, 400, "invalid_input"));
  CHECK(body_json(bad)["error"]["message"].get<std::string>().find("mostly-bad.jsonl line 2: no time") !=
        std::string::npos);

  // In the background the same failure is the job's: failed, with the message.
  auto started = post_export(server, "mostly-bad.jsonl", mostly_bad, "/api/v1/events/imports?async=1");
  REQUIRE(started);
  REQUIRE(started->status == 202);
  json failed = wait_for_job(server, body_json(started)["job"]["id"]);
  CHECK(failed["status"] == "failed");
  CHECK(failed["message"].get<std::string>().find("more than 1%") != std::string::npos);

  CHECK(body_json(server.http().Get("/api/v1/events/imports"))["items"].empty());
  CHECK(body_json(server.http().Get("/api/v1/segments"))["users"].empty());

  // Request shapes: not multipart, no file, two exports at once.
  CHECK(is_error(server.http().Post("/api/v1/events/imports", "{}", "application/json"), 415, "unsupported_format"));
  httplib::MultipartFormDataItems no_file = {{"kind", "events", "", ""}};
  CHECK(is_error(server.http().Post("/api/v1/events/imports", no_file), 400, "invalid_input"));
  httplib::MultipartFormDataItems two = {{"files", small_export(), "a.jsonl", "application/x-ndjson"},
                                         {"files", small_export(), "b.jsonl", "application/x-ndjson"}};
  auto both = server.http().Post("/api/v1/events/imports", two);
  CHECK(is_error(both, 400, "invalid_input"));
  CHECK(body_json(both)["error"]["message"].get<std::string>().find("one analytics export at a time") !=
        std::string::npos);
}

TEST_CASE("events upload: a PostHog CSV goes through the same route") {
  TestServer server;
  std::string csv =
      "uuid,event,distinct_id,timestamp,properties\r\n"
      "0190-a,$pageview,p-1,2026-11-02T10:00:00.000000+00:00,\"{\"\"$groups\"\": {\"\"company\"\": \"\"acme\"\"}}\"\r\n"
      "0190-b,invoice approved,p-1,2026-11-02T10:03:00Z,{}\r\n"
      "0190-b,invoice approved,p-1,2026-11-02T10:03:00Z,{}\r\n";
  httplib::MultipartFormDataItems items = {{"files", csv, "posthog.csv", "text/csv"}};
  auto answer = server.http().Post("/api/v1/events/imports", items);
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  json report = body_json(answer);
  CHECK(report["format"] == "posthog_csv");
  CHECK(report["new_events"] == 2);
  CHECK(report["duplicates"] == 1);
}
