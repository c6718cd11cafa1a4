// Needs-based segments: participants grouped by shared themes into 3–5
// cohorts with their distinguishing themes, and overlapping personas flagged.
#include <doctest/doctest.h>

#include "synth/fixture.hpp"
#include "synth/needs_segments.hpp"
#include "synth/synth.hpp"

using namespace grounded;
using namespace grounded::synth;

namespace {

// Participants 0..n-1 with the given theme indexes.
NeedsMatrix matrix(const std::vector<std::vector<int>>& themes_of, int themes) {
  NeedsMatrix m;
  for (std::size_t i = 0; i < themes_of.size(); ++i) {
    m.participants.push_back(static_cast<Id>(i + 1));
    m.participant_labels.push_back("P" + std::to_string(i + 1));
    m.themes_of.push_back(themes_of[i]);
  }
  for (int t = 0; t < themes; ++t) m.themes.push_back("pain_point: theme " + std::to_string(t));
  return m;
}

}  // namespace

TEST_CASE("three clear needs groups come back as three cohorts with their own themes") {
  // Group A voices themes 0,1; group B 2,3; group C 4,5; theme 6 is everyone's.
  NeedsMatrix m = matrix({{0, 1, 6}, {0, 1}, {0, 1, 6}, {2, 3, 6}, {2, 3}, {2, 3, 6}, {4, 5, 6}, {4, 5}, {4, 5}}, 7);
  std::vector<NeedsCohort> cohorts = cluster_by_needs(m);
  REQUIRE(cohorts.size() == 3);
  for (const NeedsCohort& c : cohorts) {
    CHECK(c.members.size() == 3);
    REQUIRE(!c.themes.empty());
    CHECK(c.themes.front().share_inside == doctest::Approx(1.0));
    CHECK(c.themes.front().share_outside == doctest::Approx(0.0));
    // Theme 6 is shared by every group: never distinguishing.
    for (const auto& t : c.themes) CHECK(t.theme != "pain_point: theme 6");
  }
}

TEST_CASE("never more than five cohorts, and never fewer than three when there are enough people") {
  std::vector<std::vector<int>> everyone_different;
  for (int i = 0; i < 20; ++i) everyone_different.push_back({i});
  CHECK(cluster_by_needs(matrix(everyone_different, 20)).size() == 5);
  std::vector<std::vector<int>> everyone_alike(12, std::vector<int>{0, 1});
  CHECK(cluster_by_needs(matrix(everyone_alike, 2)).size() == 3);
  CHECK(cluster_by_needs(matrix({{0}, {1}}, 2)).size() == 1);  // two people: one group of two, not three of less
}

TEST_CASE("suggestions read themes or tags from the repository and flag personas that should merge") {
  testing::Study s;
  nlohmann::json suggestion = suggest_needs_segments(s.db, std::nullopt);
  CHECK(suggestion["basis"] == "tags");
  CHECK(suggestion["cohorts"].size() >= 1);
  CHECK(suggestion["cohorts"].size() <= 5);
  for (const auto& c : suggestion["cohorts"]) CHECK(c["cohort"]["participants"]["ids"].size() == c["size"]);

  NewPersona a;
  a.name = "Controllers";
  a.cohort_json = R"({"participants": {"roles": ["Controller"]}})";
  NewPersona b;
  b.name = "Finance leads";
  b.cohort_json = R"({"participants": {"roles": ["controller"]}})";
  create_persona(s.db, a, "test");
  create_persona(s.db, b, "test");
  nlohmann::json overlaps = persona_overlaps(s.db);
  REQUIRE(overlaps.size() == 1);
  CHECK(overlaps[0]["jaccard"].get<double>() == doctest::Approx(1.0));
  CHECK(overlaps[0]["message"].get<std::string>().find("consider merging") != std::string::npos);
}
