// The upload's redaction fields over HTTP: "redact" picks the PII kinds
// (default all, "none" keeps everything), an unknown kind is a 400 naming
// it, "pseudonymize" replaces names; a requester's e-mail never becomes a
// participant's label.
#include <doctest/doctest.h>

#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

httplib::Result upload(TestServer& server, const std::string& name, const std::string& text,
                       const httplib::MultipartFormDataItems& fields) {
  httplib::MultipartFormDataItems items = {{"files", text, name, "text/plain"}};
  items.insert(items.end(), fields.begin(), fields.end());
  return server.http().Post("/api/v1/sources", items);
}

std::string body_of(TestServer& server, const json& file) {
  long long id = file["source_ids"][0];
  json s = body_json(server.http().Get(("/api/v1/sources/" + std::to_string(id) + "?body=1").c_str()));
  return s["body"].get<std::string>();
}

const std::string kNote = "Interviewer: How do we reach you?\nZoë Brandt: Mail zoë@firma.example or +44 20 7946 0958, "
                          "IBAN GB82 WEST 1234 5698 7654 32.\n";

}  // namespace

TEST_CASE("upload: redact picks the kinds, none keeps them, an unknown kind is a 400") {
  TestServer server;
  auto all = upload(server, "a.txt", kNote, {});
  REQUIRE(all);
  std::string body = body_of(server, body_json(all)["files"][0]);
  CHECK(body.find("[email]") != std::string::npos);
  CHECK(body.find("[phone]") != std::string::npos);
  CHECK(body.find("[iban]") != std::string::npos);

  auto only_iban = upload(server, "b.txt", kNote + "\n", {{"redact", "iban", "", ""}});
  REQUIRE(only_iban);
  body = body_of(server, body_json(only_iban)["files"][0]);
  CHECK(body.find("zoë@firma.example") != std::string::npos);
  CHECK(body.find("[iban]") != std::string::npos);

  auto none = upload(server, "c.txt", kNote + "\n\n", {{"redact", "none", "", ""}});
  REQUIRE(none);
  CHECK(body_of(server, body_json(none)["files"][0]).find("GB82 WEST") != std::string::npos);

  auto bad = upload(server, "d.txt", kNote, {{"redact", "email,ssn", "", ""}});
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->body.find("unknown redaction type 'ssn'") != std::string::npos);
}

TEST_CASE("upload: pseudonymize=true replaces the participant's name; a requester e-mail is not a label") {
  TestServer server;
  auto res = upload(server, "p.txt", kNote, {{"pseudonymize", "true", "", ""}});
  REQUIRE(res);
  json file = body_json(res)["files"][0];
  REQUIRE(file["status"] == "stored");
  CHECK(body_of(server, file).find("Zoë Brandt") == std::string::npos);
  auto tickets = upload(server, "t.csv",
                        "Ticket ID,Subject,Requester,Description\nT-1,Help,sam.lee@example.org,Cannot export.\n", {});
  REQUIRE(tickets);
  REQUIRE(body_json(tickets)["files"][0]["status"] == "stored");
  json people = body_json(server.http().Get("/api/v1/participants"))["items"];
  for (const json& p : people) {
    CAPTURE(p.dump());
    CHECK(p["label"].get<std::string>().find('@') == std::string::npos);
  }
}
