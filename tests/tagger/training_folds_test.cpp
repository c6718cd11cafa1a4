// The decision thresholds are cross-validated across kinds of text: no fold
// holds rows of a kind another fold holds, so each threshold is chosen on
// scores of text the fold's model never saw the like of.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tagger/labeled_csv.hpp"
#include "tagger/training.hpp"

using namespace grounded::tagger;

namespace {

std::vector<TrainingRow> rows_of(const std::vector<std::pair<std::string, int>>& kinds) {
  std::vector<TrainingRow> rows;
  for (const auto& [voice, count] : kinds)
    for (int i = 0; i < count; ++i) rows.push_back(TrainingRow{"text", {0}, 1.0, voice});
  return rows;
}

}  // namespace

TEST_CASE("rows that name their kind of text are folded by kind into balanced folds") {
  auto rows = rows_of({{"tweet", 40}, {"app_review", 35}, {"interview", 30}, {"ticket", 20}, {"survey", 10}, {"forum", 5}});
  auto folds = cross_validation_folds(rows, 5);
  std::map<std::string, std::set<int>> folds_of_kind;
  std::map<int, int> sizes;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    folds_of_kind[rows[i].voice].insert(folds[i]);
    ++sizes[folds[i]];
  }
  for (const auto& kind : folds_of_kind) CHECK_MESSAGE(kind.second.size() == 1, kind.first, " spans folds");
  CHECK(sizes.size() == 5);  // every fold holds out some kind
  CHECK(sizes[folds[rows.size() - 1]] == 15);  // the two smallest kinds share the emptiest fold
}

TEST_CASE("rows without a kind or with too few kinds are interleaved") {
  auto rows = rows_of({{"tweet", 6}, {"", 4}});
  auto folds = cross_validation_folds(rows, 5);
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(folds[i] == static_cast<int>(i % 5));
  auto two_kinds = rows_of({{"tweet", 6}, {"app_review", 6}});
  CHECK(cross_validation_folds(two_kinds, 5)[6] == 1);
  CHECK(cross_validation_folds(two_kinds, 1) == std::vector<int>(12, 0));
}

TEST_CASE("every embedded training row has a kind of text from its voice or its file") {
  std::set<std::string> kinds;
  for (const auto& row : seed_training_set()) {
    CHECK_FALSE(row.voice.empty());
    kinds.insert(row.voice);
  }
  CHECK(kinds.count("seed_training.csv") == 1);
  CHECK(kinds.count("app_review") == 1);
  CHECK(kinds.size() >= 5);
}
