// The draft of the sample study's personas, scored against the gold personas
// a researcher wrote (tests/fixtures/synth/gold_personas.json). The floors
// are what drafting reaches today, so a change that makes drafting worse
// fails; the targets (recall 0.8, precision 0.9, section 0.9,
// multi-participant 0.7) are reported by bench/synth_gold_bench.cpp.
#include <doctest/doctest.h>

#include <map>

#include "../bench/gold_study.hpp"

using namespace grounded;

TEST_CASE("the sample study's drafts against the gold personas") {
  // ctest runs in the repository root.
  auto results = gold::run_gold_study(std::filesystem::current_path());
  REQUIRE(results.size() == 2);
  struct Floor {
    double recall, precision, section, multi;
  };
  // Somewhat below what this commit reaches (bench/synth_gold_bench.cpp
  // prints the figures): the drafts read the tagger's suggestions, and
  // tagger changes move every figure by a few points either way.
  // Raised with shared theme members and role themes (issue 11): Controller
  // multi-participant 5/14 -> 7/13, AP precision 17/19 -> 18/20.
  // Raised by the synth helper of 30 Nov (bench/README.md "Drafting
  // quality"): on 46aaffe's tagger Controller recall 18/27, precision 32/46,
  // section 22/25, multi 10/17; AP 8/14, 18/22, 8/11, 3/4.
  const std::map<std::string, Floor> floors = {{"Controller Carla", {0.6, 0.65, 0.8, 0.5}},
                                               {"AP Alex", {0.5, 0.8, 0.7, 0.5}}};
  for (const auto& r : results) {
    INFO(r.name << ": " << nlohmann::json(r.score).dump());
    REQUIRE(floors.count(r.name));
    const Floor& f = floors.at(r.name);
    CHECK(r.score.gold_themes > 10);
    CHECK(r.score.theme_recall() >= f.recall);
    CHECK(r.score.citation_precision() >= f.precision);
    CHECK(r.score.section_accuracy() >= f.section);
    CHECK(r.score.multi_participant_share() >= f.multi);
    CHECK(text::is_valid_utf8(r.markdown));
  }
}
