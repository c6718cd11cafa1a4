// Participants and accounts over HTTP.
#include <doctest/doctest.h>

#include <set>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using Id = std::int64_t;
using nlohmann::json;

TEST_CASE("people: list get and edit participants and accounts") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"participant", "Dana Whitfield", "", ""},
                                           {"role", "Controller", "", ""},
                                           {"account", "Harborline Shipping", "", ""}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded);
  REQUIRE(uploaded->status == 200);

  json participants = body_json(server.http().Get("/api/v1/participants"))["items"];
  REQUIRE(!participants.empty());
  json dana;
  for (const json& p : participants)
    if (p["role"] == "Controller") dana = p;
  REQUIRE(dana.is_object());
  std::string path = "/api/v1/participants/" + std::to_string(dana["id"].get<long long>());
  CHECK(body_json(server.http().Get(path.c_str()))["id"] == dana["id"]);

  auto edited = server.http().Patch(path.c_str(), R"({"role":"Finance lead","seniority":"senior"})", "application/json");
  REQUIRE(edited);
  CHECK(edited->status == 200);
  CHECK(body_json(edited)["role"] == "Finance lead");
  CHECK(body_json(server.http().Get(path.c_str()))["seniority"] == "senior");

  CHECK(is_error(server.http().Patch(path.c_str(), "{not json", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), "[1,2]", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"role":5})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"password":"x"})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"label":""})", "application/json"), 400, "invalid_input"));
  CHECK(is_error(server.http().Patch(path.c_str(), R"({"account_id":9999})", "application/json"), 404, "not_found"));
  CHECK(is_error(server.http().Patch("/api/v1/participants/9999", R"({"role":"x"})", "application/json"), 404,
                 "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/participants/9999"), 404, "not_found"));
  CHECK(is_error(server.http().Get("/api/v1/participants/nope"), 400, "invalid_input"));

  json accounts = body_json(server.http().Get("/api/v1/accounts"))["items"];
  REQUIRE(!accounts.empty());
  std::string account_path = "/api/v1/accounts/" + std::to_string(accounts[0]["id"].get<long long>());
  auto account = server.http().Put(account_path.c_str(), R"({"industry":"Logistics","employees":240})", "application/json");
  REQUIRE(account);
  CHECK(account->status == 200);
  CHECK(body_json(account)["employees"] == 240);
  CHECK(is_error(server.http().Patch(account_path.c_str(), R"({"employees":"many"})", "application/json"), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Patch(account_path.c_str(), R"({"employees":2.5})", "application/json"), 400,
                 "invalid_input"));
  CHECK(is_error(server.http().Get("/api/v1/accounts/777"), 404, "not_found"));
}

namespace {

std::string interview_of(const std::string& speaker, const std::string& answer) {
  return "Interviewer: What slows your close?\n\n" + speaker + ": " + answer + "\n\nInterviewer: Anything else?\n\n" +
         speaker + ": " + answer + " Again.\n";
}

httplib::Result patch_json(TestServer& server, const std::string& path, const std::string& body) {
  return server.http().Patch(path.c_str(), body, "application/json");
}
httplib::Result post_json(TestServer& server, const std::string& path, const std::string& body) {
  return server.http().Post(path.c_str(), body, "application/json");
}
httplib::Result put_json(TestServer& server, const std::string& path, const std::string& body) {
  return server.http().Put(path.c_str(), body, "application/json");
}

}  // namespace

TEST_CASE("people: per-file fields at upload set who each file is and the result says so") {
  TestServer server;
  httplib::MultipartFormDataItems items = {
      {"role", "Controller", "", ""},
      {"files", interview_of("Interviewee", "We retype invoices."), "one.txt", "text/plain"},
      {"files", interview_of("Interviewee", "Approvals take days."), "two.txt", "text/plain"},
      {"files", interview_of("Interviewee", "Close takes a week."), "three.txt", "text/plain"},
      {"files[0].participant", "Zoë Ångström", "", ""},
      {"files[0].account", "Nordlicht GmbH", "", ""},
      {"files[0].occurred_at", "2025-03-12", "", ""},
      {"files[1].participant", "Kenji 渡辺", "", ""},
      {"files[1].role", "AP specialist", "", ""},
      {"files[1].segment", "mid-market", "", ""},
      {"files[2].participant", "Rosa Martínez", "", ""}};
  auto res = server.http().Post("/api/v1/sources", items);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  json files = body_json(res)["files"];
  REQUIRE(files.size() == 3);
  CHECK(files[0]["attributions"][0]["participant"] == "Zoë Ångström");
  CHECK(files[0]["attributions"][0]["role"] == "Controller");  // the upload-wide role
  CHECK(files[0]["attributions"][0]["account"] == "Nordlicht GmbH");
  CHECK(files[1]["attributions"][0]["participant"] == "Kenji 渡辺");
  CHECK(files[1]["attributions"][0]["role"] == "AP specialist");  // the file's own role wins
  CHECK(files[2]["attributions"][0]["participant"] == "Rosa Martínez");

  Id first_source = files[0]["source_ids"][0].get<Id>();
  json source = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(first_source)).c_str()));
  CHECK(source["occurred_at"] == "2025-03-12");
  json people = body_json(server.http().Get("/api/v1/participants"))["items"];
  CHECK(people.size() == 3);
  for (const json& p : people) {
    CHECK(p["source_count"] == 1);
    CHECK(p["excerpt_count"] == 2);
    if (p["label"] == "Kenji 渡辺") CHECK(p["segment"] == "mid-market");
  }
  json accounts = body_json(server.http().Get("/api/v1/accounts"))["items"];
  REQUIRE(accounts.size() == 1);
  CHECK(accounts[0]["name"] == "Nordlicht GmbH");  // created on first use
  CHECK(accounts[0]["participant_count"] == 1);
  std::string account_path = "/api/v1/accounts/" + std::to_string(accounts[0]["id"].get<Id>());
  json account = body_json(server.http().Get(account_path.c_str()));
  REQUIRE(account["participants"].size() == 1);
  CHECK(account["participants"][0]["label"] == "Zoë Ångström");
  auto renamed = patch_json(server, account_path, R"({"region":"DACH","revenue":1.5e7})");
  REQUIRE(renamed);
  CHECK(body_json(renamed)["region"] == "DACH");
  CHECK(body_json(renamed)["history"].size() == 1);
  CHECK(is_error(patch_json(server, account_path, R"({"employees":-4})"), 400, "invalid_input"));
  CHECK(is_error(patch_json(server, "/api/v1/accounts/55", R"({"name":"X"})"), 404, "not_found"));
}

TEST_CASE("people: the same file sent again with per-file fields applies them to the stored source, audited") {
  TestServer server;
  const std::string bytes = interview_of("Interviewee", "We retype invoices.");
  auto send = [&](const httplib::MultipartFormDataItems& fields) {
    httplib::MultipartFormDataItems items = {{"files", bytes, "one.txt", "text/plain"}};
    items.insert(items.end(), fields.begin(), fields.end());
    auto res = server.http().Post("/api/v1/sources", items);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return body_json(res)["files"][0];
  };
  json first = send({});
  REQUIRE(first["status"] == "stored");
  CHECK(first["attributions"][0]["participant"] == "Interviewee (one.txt)");

  json again = send({{"files[0].participant", "Zoë Ångström", "", ""},
                     {"files[0].role", "Controller", "", ""},
                     {"files[0].account", "Nordlicht GmbH", "", ""},
                     {"files[0].occurred_at", "2025-03-12", "", ""}});
  CAPTURE(again.dump());
  CHECK(again["status"] == "already_stored");
  CHECK(again["source_ids"] == first["source_ids"]);
  CHECK(again["applied"] == json::array({"participant: Zoë Ångström", "role: Controller", "account: Nordlicht GmbH",
                                         "interview date not applied to a file already stored (it keeps no date)"}));
  CHECK(again["attributions"][0]["participant"] == "Zoë Ångström");
  CHECK(again["attributions"][0]["role"] == "Controller");
  CHECK(again["attributions"][0]["account"] == "Nordlicht GmbH");

  // Her words are the answers now; both changes are in the audit log, by ingest.
  Id zoe = again["attributions"][0]["participant_id"].get<Id>();
  json person = body_json(server.http().Get(("/api/v1/participants/" + std::to_string(zoe)).c_str()));
  CHECK(person["excerpt_count"] == 2);
  std::set<std::string> actions;
  json history = person["history"];
  for (const json& entry : history) {
    actions.insert(entry["action"].get<std::string>());
    CHECK(entry["actor"] == "ingest");
  }
  CHECK(actions.count("participant.edit") == 1);
  const std::size_t audited = history.size();

  // The same fields once more change nothing and say nothing.
  json same = send({{"files[0].participant", "Zoë Ångström", "", ""}, {"files[0].role", "Controller", "", ""}});
  CHECK(same["status"] == "already_stored");
  CHECK(same["applied"].empty());
  CHECK(body_json(server.http().Get(("/api/v1/participants/" + std::to_string(zoe)).c_str()))["history"].size() == audited);
}

TEST_CASE("people: bad per-file upload fields are refused naming the field and store nothing") {
  TestServer server;
  auto upload = [&](const std::string& name, const std::string& value) {
    httplib::MultipartFormDataItems items = {{"files", interview_of("Dana", "We retype invoices."), "a.txt", "text/plain"},
                                             {name, value, "", ""}};
    return server.http().Post("/api/v1/sources", items);
  };
  auto bad_date = upload("files[0].occurred_at", "next Tuesday");
  CHECK(is_error(bad_date, 400, "invalid_input"));
  CHECK(body_json(bad_date)["error"]["message"].get<std::string>().find("files[0].occurred_at") != std::string::npos);
  CHECK(is_error(upload("files[0].occurred_at", "2025-02-30"), 400, "invalid_input"));
  CHECK(is_error(upload("occurred_at", "2025-13-01"), 400, "invalid_input"));
  auto beyond = upload("files[3].participant", "Dana");
  CHECK(is_error(beyond, 400, "invalid_input"));
  CHECK(body_json(beyond)["error"]["message"].get<std::string>().find("holds 1 file") != std::string::npos);
  CHECK(is_error(upload("files[0].password", "x"), 400, "invalid_input"));
  CHECK(is_error(upload("files[x].participant", "Dana"), 400, "invalid_input"));
  for (const char* shape : {"files[].role", "files[1234567].role", "files[0]role", "files[0].Role", "files[0].",
                            "files[0", "files[0].role.x"})
    CHECK(is_error(upload(shape, "x"), 400, "invalid_input"));
  for (const char* date : {"2025-03-12T9:30", "2025-03-12T09:30+1", "2025-03-12Z", "2025-3-12", "2025-03-12T09:30:00Zx"})
    CHECK(is_error(upload("occurred_at", date), 400, "invalid_input"));
  CHECK(body_json(server.http().Get("/api/v1/sources"))["total"] == 0);
  for (const char* date : {"2025-03-12 09:30:00+01:00", "2025-03-12T09:30Z", "2025-03-12T09:30:15-0500"}) {
    CAPTURE(date);
    CHECK(upload("files[0].occurred_at", date)->status == 200);
  }
  CHECK(upload("files[0].occurred_at", "2024-02-29T10:30")->status == 200);  // a leap day with a time is fine
}

TEST_CASE("people: list show merge and split participants over HTTP") {
  TestServer server;
  httplib::MultipartFormDataItems items = {
      {"files", interview_of("Interviewee", "We retype invoices."), "one.txt", "text/plain"},
      {"files", interview_of("Interviewee", "Approvals take days."), "two.txt", "text/plain"},
      {"files", interview_of("Interviewee", "Close takes a week."), "three.txt", "text/plain"},
      {"files[0].participant", "Dana", "", ""},
      {"files[1].participant", "Dana W.", "", ""},
      {"files[2].participant", "Dana", "", ""}};
  REQUIRE(server.http().Post("/api/v1/sources", items)->status == 200);
  json people = body_json(server.http().Get("/api/v1/participants"))["items"];
  REQUIRE(people.size() == 2);
  Id dana = people[0]["label"] == "Dana" ? people[0]["id"].get<Id>() : people[1]["id"].get<Id>();
  Id dana_w = people[0]["label"] == "Dana" ? people[1]["id"].get<Id>() : people[0]["id"].get<Id>();
  std::string dana_path = "/api/v1/participants/" + std::to_string(dana);

  json detail = body_json(server.http().Get(dana_path.c_str()));
  CHECK(detail["source_count"] == 2);
  CHECK(detail["sources"].size() == 2);

  // Merge errors first: each is a 4xx and changes nothing.
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", "{\"from\":" + std::to_string(dana) + ",\"into\":" +
                                                                     std::to_string(dana) + "}"),
                 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", "{\"from\":" + std::to_string(dana) + ",\"into\":999}"),
                 404, "not_found"));
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", R"({"from":"one","into":2})"), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", R"({"into":2})"), 400, "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", R"({"from":1,"into":2,"force":true})"), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/participants/merge", "[1]"), 400, "invalid_input"));

  auto merged = post_json(server, "/api/v1/participants/merge",
                          "{\"from\":" + std::to_string(dana_w) + ",\"into\":" + std::to_string(dana) + "}");
  REQUIRE(merged);
  CHECK(merged->status == 200);
  CHECK(body_json(merged)["source_ids"].size() == 1);
  CHECK(body_json(merged)["participant"]["source_count"] == 3);
  CHECK(is_error(server.http().Get(("/api/v1/participants/" + std::to_string(dana_w)).c_str()), 404, "not_found"));
  json history = body_json(server.http().Get(dana_path.c_str()))["history"];
  REQUIRE(!history.empty());
  CHECK(history.back()["action"] == "participant.merge");

  // Split two of the three sources off into a new person.
  json sources = body_json(server.http().Get(dana_path.c_str()))["sources"];
  REQUIRE(sources.size() == 3);
  std::string split_path = dana_path + "/split";
  std::string two = "[" + std::to_string(sources[0]["source_id"].get<Id>()) + "," +
                    std::to_string(sources[1]["source_id"].get<Id>()) + "]";
  CHECK(is_error(post_json(server, split_path, R"({"source_ids":[],"participant":{"label":"Rosa"}})"), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, split_path, "{\"source_ids\":" + two + "}"), 400, "invalid_input"));
  CHECK(is_error(post_json(server, split_path, "{\"source_ids\":" + two + ",\"participant\":{\"label\":\"\"}}"), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, split_path, "{\"source_ids\":" + two + ",\"participant\":{\"label\":\"Dana\"}}"), 409,
                 "conflict"));
  CHECK(is_error(post_json(server, split_path, R"({"source_ids":[99999],"participant":{"label":"Rosa"}})"), 400,
                 "invalid_input"));
  CHECK(is_error(post_json(server, "/api/v1/participants/999/split", R"({"source_ids":[1],"participant":{"label":"R"}})"),
                 404, "not_found"));
  auto split = post_json(server, split_path,
                         "{\"source_ids\":" + two + ",\"participant\":{\"label\":\"Rosa Martínez\",\"role\":\"AP lead\"}}");
  REQUIRE(split);
  CHECK(split->status == 201);
  CHECK(body_json(split)["participant"]["label"] == "Rosa Martínez");
  CHECK(body_json(split)["participant"]["source_count"] == 2);
  CHECK(body_json(split)["from"]["source_count"] == 1);
}

TEST_CASE("people: a source's participant and a speaker's role change over HTTP") {
  TestServer server;
  httplib::MultipartFormDataItems items = {
      {"files", interview_of("Interviewee", "We retype invoices."), "one.txt", "text/plain"}};
  auto uploaded = server.http().Post("/api/v1/sources", items);
  REQUIRE(uploaded->status == 200);
  Id source = body_json(uploaded)["files"][0]["source_ids"][0].get<Id>();
  std::string base = "/api/v1/sources/" + std::to_string(source);

  auto created = put_json(server, base + "/participant", R"({"label":"Amélie Dubois"})");
  REQUIRE(created);
  CHECK(created->status == 200);
  json amelie = body_json(created)["participant"];
  CHECK(amelie["label"] == "Amélie Dubois");
  CHECK(amelie["excerpt_count"] == 2);
  CHECK(body_json(server.http().Get(base.c_str()))["participant_label"] == "Amélie Dubois");

  CHECK(is_error(put_json(server, base + "/participant", R"({"participant_id":4242})"), 404, "not_found"));
  CHECK(is_error(put_json(server, base + "/participant", R"({})"), 400, "invalid_input"));
  CHECK(is_error(put_json(server, base + "/participant", R"({"participant_id":"x"})"), 400, "invalid_input"));
  CHECK(is_error(put_json(server, "/api/v1/sources/999/participant", R"({"label":"X"})"), 404, "not_found"));

  auto roled = put_json(server, base + "/speaker-role", R"({"speaker":"Interviewee","role":"interviewer"})");
  REQUIRE(roled);
  CHECK(roled->status == 200);
  CHECK(body_json(roled)["excerpts"] == 2);
  json after = body_json(server.http().Get(("/api/v1/participants/" + std::to_string(amelie["id"].get<Id>())).c_str()));
  CHECK(after["excerpt_count"] == 0);  // an interviewer's questions are nobody's evidence
  CHECK(is_error(put_json(server, base + "/speaker-role", R"({"speaker":"Nobody","role":"agent"})"), 404, "not_found"));
  CHECK(is_error(put_json(server, base + "/speaker-role", R"({"speaker":"Interviewee","role":"boss"})"), 400,
                 "invalid_input"));
  CHECK(is_error(put_json(server, base + "/speaker-role", R"({"role":"agent"})"), 400, "invalid_input"));
  CHECK(is_error(put_json(server, "/api/v1/sources/999/speaker-role", R"({"speaker":"A","role":"agent"})"), 404,
                 "not_found"));
}

TEST_CASE("people: participants and accounts filter by study and name their studies") {
  TestServer server;
  auto upload = [&](const std::string& file, const std::string& who, const std::string& account, const std::string& study) {
    httplib::MultipartFormDataItems items = {{"files", interview_of("Interviewee", "We retype invoices in " + file), file, "text/plain"},
                                             {"files[0].participant", who, "", ""},
                                             {"files[0].account", account, "", ""},
                                             {"study", study, "", ""}};
    return server.http().Post("/api/v1/sources", items);
  };
  REQUIRE(upload("a1.txt", "Zoë", "Nordlicht GmbH", "Round Ä")->status == 200);
  REQUIRE(upload("a2.txt", "Kenji", "Harborline", "Round Ä")->status == 200);
  REQUIRE(upload("b1.txt", "Zoë", "Nordlicht GmbH", "Round B")->status == 200);
  REQUIRE(upload("b2.txt", "Rosa", "Osei Logistics", "Round B")->status == 200);
  Id round_a = 0;
  json studies = body_json(server.http().Get("/api/v1/studies"));  // named: a range-for over a temporary's member dangles
  for (const json& s : studies["items"])
    if (s["name"] == "Round Ä") round_a = s["id"].get<Id>();
  REQUIRE(round_a > 0);
  std::string study = std::to_string(round_a);

  // A name is a person within its study: Round B's Zoë is someone else until the two are merged.
  json people = body_json(server.http().Get(("/api/v1/participants?study=" + study).c_str()))["items"];
  REQUIRE(people.size() == 2);
  for (const json& p : people) CHECK(p["studies"] == json::array({"Round Ä"}));
  json everyone = body_json(server.http().Get("/api/v1/participants"))["items"];
  Id zoe = 0, zoe_b = 0;
  for (const json& p : everyone) {
    if (p["label"] == "Zoë") zoe = p["id"].get<Id>();
    if (p["label"] == "Zoë (Round B)") zoe_b = p["id"].get<Id>();
  }
  REQUIRE(zoe > 0);
  REQUIRE(zoe_b > 0);
  REQUIRE(post_json(server, "/api/v1/participants/merge",
                    R"({"from":)" + std::to_string(zoe_b) + R"(,"into":)" + std::to_string(zoe) + "}")->status == 200);
  people = body_json(server.http().Get(("/api/v1/participants?study=" + study).c_str()))["items"];
  REQUIRE(people.size() == 2);
  for (const json& p : people) {
    if (p["label"] == "Zoë") CHECK(p["studies"] == json::array({"Round B", "Round Ä"}));
    else CHECK(p["studies"] == json::array({"Round Ä"}));
  }
  json accounts = body_json(server.http().Get(("/api/v1/accounts?study=" + study).c_str()))["items"];
  CHECK(accounts.size() == 2);  // Osei Logistics is only in Round B
  CHECK(body_json(server.http().Get("/api/v1/accounts"))["items"].size() == 3);
  CHECK(body_json(server.http().Get("/api/v1/participants?study=99999"))["items"].empty());
  CHECK(is_error(server.http().Get("/api/v1/participants?study=abc"), 400, "invalid_input"));
}
