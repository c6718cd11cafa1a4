// Segments over HTTP: the sample study loads its product analytics, the
// Segments API lists users and accounts with their segments and sizes per
// period, edited thresholds are validated and recompute the history, and a
// persona made from a segment holds that segment's evidence.
#include <doctest/doctest.h>

#include "fixtures_dir.hpp"
#include "server/server_fixture.hpp"

using grounded::test::body_json;
using grounded::test::TestServer;
using grounded::test::wait_for_job;
using nlohmann::json;

TEST_CASE("segments: the sample study's analytics, sizes per period, rules and a persona from a segment") {
  TestServer server(4 * 1024 * 1024,
                    (std::filesystem::path(grounded::test::fixtures_dir()).parent_path().parent_path() / "samples").string());
  json empty = body_json(server.http().Get("/api/v1/segments"));
  CHECK(empty["period"] == "");
  CHECK(empty["users"].empty());

  auto started = server.http().Post("/api/v1/samples/load");
  REQUIRE(started);
  json job = wait_for_job(server, body_json(started)["job"]["id"]);
  REQUIRE(job["status"] == "done");
  CHECK(job["result"]["rejected"] == 0);

  json months = body_json(server.http().Get("/api/v1/segments?period=month"));
  CHECK(months["period"] == "2026-11");
  CHECK(months["users"].size() >= 30);
  CHECK(months["accounts"].size() == 16);
  CHECK(months["sizes"].size() == months["periods"].size());
  bool dana = false;
  for (const json& u : months["users"])
    if (u["external_id"] == "dana.whitfield@harborline.example") {
      dana = true;
      CHECK(u["participant"] == "Dana Whitfield");
      CHECK(u["account"] == "Harborline Shipping Co");
    }
  CHECK(dana);
  json weeks = body_json(server.http().Get("/api/v1/segments?period=week&at=2026-W40"));
  CHECK(weeks["period"] == "2026-W40");
  CHECK(server.http().Get("/api/v1/segments?period=year")->status == 400);
  CHECK(server.http().Get("/api/v1/segments?period=week&at=1999-W01")->status == 404);

  // Thresholds: a bad edit is refused naming the key; a good one recomputes.
  auto bad = server.http().Put("/api/v1/segments/rules", R"({"power": {"min_features": -1}})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(body_json(bad)["error"]["message"].get<std::string>().find("power.min_features") != std::string::npos);
  auto everyone_power = server.http().Put(
      "/api/v1/segments/rules",
      R"({"power": {"min_active_days_per_week": 0, "min_sessions_per_week": 0, "min_features": 0}, "at_risk": {"inactive_days": 3650, "min_previous_active_days": 366}, "new": {"first_seen_within_days": 0}})",
      "application/json");
  REQUIRE(everyone_power);
  CHECK(everyone_power->status == 200);
  json after = body_json(server.http().Get("/api/v1/segments?period=month"));
  for (const json& u : after["users"]) CHECK(u["segment"] == "power");
  CHECK(body_json(server.http().Get("/api/v1/segments/rules"))["power"]["min_features"] == 0);

  // A persona from a segment: its cohort is the segment filter.
  auto persona = server.http().Post("/api/v1/personas", R"({"name": "Power users", "kind": "user", "cohort": {"segments": ["power"]}})",
                                    "application/json");
  REQUIRE(persona);
  CHECK(persona->status == 201);
  CHECK(body_json(persona)["cohort"]["segments"][0] == "power");

  json suggestions = body_json(server.http().Get("/api/v1/segments/suggestions"));
  CHECK(suggestions["cohorts"].size() <= 5);
  CHECK(suggestions.contains("overlaps"));
}
