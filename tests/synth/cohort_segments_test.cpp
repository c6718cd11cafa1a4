// Cohorts over behavioral segments: {"segments": ["at-risk"]} keeps the
// evidence of participants whose analytics user is at-risk (or, for a
// participant without usage data, whose account is).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "segments/usage_import.hpp"
#include "synth/fixture.hpp"
#include "synth/synth.hpp"

using namespace grounded;
using namespace grounded::synth;

TEST_CASE("a segment cohort holds the evidence of at-risk users and their accounts") {
  testing::Study s;
  // P1 used the product daily and stopped three weeks ago (at-risk); P2 still uses it daily (regular).
  std::string pattern = (std::filesystem::temp_directory_path() / "grounded-cohort-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  std::string text;
  const std::int64_t start = 1793613600;  // 2026-11-02
  int id = 0;
  for (int day = 0; day < 60; ++day) {
    for (const char* user : {"p1@harbor.example", "p2@calder.example"}) {
      if (std::string(user).starts_with("p1") && day >= 39) continue;
      text += R"({"event": "Open app", "properties": {"time": )" + std::to_string(start + day * 86400) +
              R"(, "distinct_id": ")" + user + R"(", "$insert_id": ")" + std::to_string(++id) + "\"}}\n";
    }
  }
  std::ofstream(dir / "usage.jsonl") << text;
  std::ofstream(dir / "map.csv") << "distinct_id,participant\np1@harbor.example,P1\np2@calder.example,P2\n";
  segments::ImportOptions options;
  options.id_map = dir / "map.csv";
  segments::import_events(s.db, dir / "usage.jsonl", options);
  std::filesystem::remove_all(dir);

  CohortMembers at_risk = cohort_members(s.db, Cohort::parse(R"({"segments": ["at-risk"]})"));
  CHECK(std::find(at_risk.participants.begin(), at_risk.participants.end(), s.p1) != at_risk.participants.end());
  CHECK(std::find(at_risk.participants.begin(), at_risk.participants.end(), s.p2) == at_risk.participants.end());
  // P3 has no usage of their own: their account (Harbor, P1's) is at-risk, so they count.
  CHECK(std::find(at_risk.participants.begin(), at_risk.participants.end(), s.p3) != at_risk.participants.end());
  CohortMembers regular = cohort_members(s.db, Cohort::parse(R"({"segments": ["regular", "power"]})"));
  CHECK(std::find(regular.participants.begin(), regular.participants.end(), s.p2) != regular.participants.end());
  CHECK(std::find(regular.participants.begin(), regular.participants.end(), s.p1) == regular.participants.end());
  CHECK(cohort_size(s.db, Cohort::parse(R"({"segments": ["new"]})")).excerpts == 0);
  CHECK(Cohort::parse(R"({"segments": ["at-risk"]})").to_json().dump() == R"({"segments":["at-risk"]})");
  CHECK_THROWS_AS(Cohort::parse(R"({"segments": ["churny"]})"), Error);
  CHECK_THROWS_AS(Cohort::parse(R"({"segments": "at-risk"})"), Error);
}
