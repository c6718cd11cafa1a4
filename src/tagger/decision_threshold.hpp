// Where a category's decision boundary should sit: the threshold on a score
// (a probability or a log-odds) that gives the best F1 on labeled, scored
// rows. Used on out-of-fold scores only, so the threshold is never fitted
// on the rows it is then judged by: the seed model's offsets by 5-fold
// cross-validation on the seed set (training.hpp), a repository's by
// cross-validation on its reviewed rows (adaptation.hpp).
#pragma once

#include <vector>

namespace grounded::tagger {

// One labeled row as a threshold sees it.
struct ScoredLabel {
  double score = 0;
  bool positive = false;
  double weight = 1.0;  // a reviewed row counts as often as it weighs in training
};

struct ThresholdFit {
  double threshold = 0;
  double precision = 0, recall = 0, f1 = 0;  // weighted, at `threshold`
};

// The candidate (scores >= it are predicted positive) with the best
// weighted F1 on `rows`; ties go to the candidate nearest `preferred` (the
// uncalibrated default), as does an empty `rows` or one with no positives.
ThresholdFit best_f1_threshold(const std::vector<ScoredLabel>& rows, const std::vector<double>& candidates,
                               double preferred);

}  // namespace grounded::tagger
