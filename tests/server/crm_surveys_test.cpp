// CRM exports and survey exports through the browser upload, and the
// persona's numbers over the API: sizing from CRM data, survey checks, the
// review cadence. Real server on loopback, real SQLite file.
#include <doctest/doctest.h>

#include "server_fixture.hpp"
#include "store/database.hpp"
#include "tagger/tag_runner.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

json upload(TestServer& server, const std::string& name, const std::string& content) {
  httplib::MultipartFormDataItems items = {{"files", content, name, "text/csv"}};
  auto result = server.http().Post("/api/v1/sources", items);
  REQUIRE(result);
  return body_json(result);
}

httplib::Result post_json(TestServer& server, const std::string& path, const json& body) {
  return server.http().Post(path.c_str(), body.dump(), "application/json");
}

const std::string kCompanies =
    "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Lifecycle Stage\n"
    "1,Harborline Shipping Co,harborline.example,Logistics,240,38000000,North America,Customer\n"
    "2,Tidewater Marine,tidewater.example,Logistics,520,95000000,North America,Customer\n"
    "3,Larkspur Events,larkspur.example,Events,45,6000000,APAC,Lead\n";
const std::string kDeals =
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Closed Lost Reason,Associated Company\n"
    "11,Harborline new,Closed won,50000,2026-03-01,,Harborline Shipping Co\n"
    "12,Tidewater new,Contract sent,80000,2026-12-01,,Tidewater Marine\n"
    "13,Larkspur new,Closed lost,9000,2026-05-01,Price,Larkspur Events\n";
const std::string kSurvey =
    "#,What is your role?,What is your biggest problem?,What is the most frustrating part of processing invoices?,"
    "Response Type,Start Date (UTC),Stage Date (UTC),Submit Date (UTC),Network ID\n"
    "t1,Controller,Manual re-keying,Retyping every invoice into NetSuite by hand takes hours every week.,completed,"
    "2026-10-01 09:00:00,,2026-10-01 09:05:00,n1\n"
    "t2,AP Specialist,Manual re-keying,Chasing approvers who never answer my emails.,completed,2026-10-01 10:00:00,,"
    "2026-10-01 10:04:00,n2\n"
    "t3,AP Specialist,Chasing approvers,Duplicate invoices slip through and we pay twice.,completed,2026-10-02 10:00:00,,"
    "2026-10-02 10:03:00,n3\n";

}  // namespace

TEST_CASE("crm: company and deal exports uploaded in the browser land in accounts and deals, and re-upload updates") {
  TestServer server;
  json companies = upload(server, "hubspot_companies.csv", kCompanies);
  REQUIRE(companies["files"][0]["status"] == "stored");
  CHECK(companies["files"][0]["format"] == "hubspot_companies");
  CHECK(companies["files"][0]["records"] == "3 accounts: 3 created, 0 updated, 0 unchanged");
  json deals = upload(server, "hubspot_deals.csv", kDeals);
  CHECK(deals["files"][0]["records"] == "3 deals: 3 created, 0 updated, 0 unchanged");

  json accounts = body_json(server.http().Get("/api/v1/accounts"));
  REQUIRE(accounts["items"].size() == 3);
  CHECK(accounts["items"][0]["domain"] == "harborline.example");
  json listed = body_json(server.http().Get("/api/v1/deals"));
  CHECK(listed["total"] == 3);

  std::string changed = kDeals;
  changed.replace(changed.find("Contract sent"), 13, "Closed won");
  json again = upload(server, "hubspot_deals.csv", changed);
  CHECK(again["files"][0]["records"] == "3 deals: 0 created, 1 updated, 2 unchanged");
  CHECK(body_json(server.http().Get("/api/v1/deals"))["total"] == 3);

  json bad = upload(server, "broken.csv",
                    "Company name,Company Domain Name,Industry,Number of Employees\nA,a.example,X,12\nB,b.example,Y,many\n");
  CHECK(bad["files"][0]["status"] == "rejected");
  CHECK(bad["files"][0]["error"]["message"].get<std::string>().find("broken.csv: line 3: 'Number of Employees' is 'many'") == 0);
  CHECK(body_json(server.http().Get("/api/v1/accounts"))["items"].size() == 3);
}

TEST_CASE("surveys: a Typeform upload becomes survey sources the tagger reads under their questions") {
  TestServer server;
  json stored = upload(server, "typeform.csv", kSurvey);
  REQUIRE(stored["files"][0]["status"] == "stored");
  CHECK(stored["files"][0]["format"] == "typeform_csv");
  CHECK(stored["files"][0]["sources"] == 3);
  json library = body_json(server.http().Get("/api/v1/sources?kind=survey"));
  CHECK(library["total"] == 3);

  json questions = body_json(server.http().Get("/api/v1/survey/questions"));
  REQUIRE(questions["total"] == 2);  // the role and the biggest problem; the open question is evidence
  CHECK(questions["items"][0]["question"] == "What is your biggest problem?");  // equal counts: by question
  CHECK(questions["items"][0]["answers"][0] == json({{"answer", "Manual re-keying"}, {"count", 2}}));
  CHECK(questions["items"][1]["question"] == "What is your role?");

  // The tagger reads the survey question as the context of the answer.
  auto db = grounded::store::Database::open((server.dir / "test.db").string());
  const grounded::Id source = stored["files"][0]["source_ids"][0];
  grounded::tagger::tag_source(db, source);
  auto tags = db.prepare(
      "SELECT t.rationale FROM tags t JOIN excerpts e ON e.id = t.excerpt_id WHERE e.source_id = ?1 AND e.speaker_role = 'participant'");
  tags.bind(1, source);
  bool read_question = false;
  while (tags.step()) {
    std::string why = tags.text(0);
    read_question |= why.find("question asks about") != std::string::npos || why.find("after '") != std::string::npos;
  }
  CHECK(read_question);
}

TEST_CASE("persona numbers: sizing from CRM data, a survey check, the cadence and its audit") {
  TestServer server;
  upload(server, "companies.csv", kCompanies);
  upload(server, "deals.csv", kDeals);
  upload(server, "typeform.csv", kSurvey);
  auto created = post_json(server, "/api/v1/personas",
                           {{"name", "Logistics controller"}, {"kind", "buyer"}, {"cohort", {{"accounts", {{"industries", {"Logistics"}}}}}}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  json persona = body_json(created);
  const std::string base = "/api/v1/personas/" + std::to_string(persona["id"].get<long long>());
  CHECK(persona["sizing"]["accounts"] == 2);
  CHECK(persona["sizing"]["tier"] == "1");
  CHECK(persona["cadence"]["review_overdue"] == false);

  json sizing = body_json(server.http().Get((base + "/sizing").c_str()));
  CHECK(sizing["won_amount"] == 50000.0);
  CHECK(sizing["open_amount"] == 80000.0);
  CHECK(sizing["deals"]["lost"] == 0);

  auto check = post_json(server, base + "/survey-checks", {{"question", "What is your biggest problem?"}, {"answer", "Manual re-keying"}});
  REQUIRE(check);
  REQUIRE(check->status == 201);
  CHECK(body_json(check)["figure"]["sentence"] == "67% of 3 respondents chose 'Manual re-keying' (What is your biggest problem?)");
  CHECK(is_error(post_json(server, base + "/survey-checks", {{"question", "What is your biggest problem?"}, {"answer", "Lunch"}}), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, base + "/survey-checks", {{"question", 3}, {"answer", "x"}}), 400, "invalid_input"));
  CHECK(is_error(post_json(server, base + "/survey-checks", {{"question", "q"}, {"answer", "x"}, {"colour", 1}}), 400, "invalid_input"));

  json checklist = body_json(server.http().Get((base + "/checklist").c_str()));
  for (const json& item : checklist["items"])
    if (item["key"] == "prioritized") CHECK(item["status"] == "pass");

  json since = body_json(server.http().Get((base + "/since-review").c_str()));
  CHECK(since["won"] == 0);  // the deals closed before the persona was created today: nothing new since
  CHECK(since["steps"].size() >= 5);
  auto reviewed = post_json(server, base + "/cadence-review", {{"rebuild", true}});
  REQUIRE(reviewed);
  CHECK(reviewed->status == 200);
  CHECK(body_json(reviewed)["reviewed_ever"] == true);
  json schedule = body_json(server.http().Get("/api/v1/cadence?today=2030-01-01"));
  CHECK(schedule["overdue"] == 1);
  CHECK(is_error(server.http().Get("/api/v1/personas/999/sizing"), 404, "not_found"));
}
