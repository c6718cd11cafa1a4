// A correction to a base model, fitted exactly. Per category it minimises
//   sum_i weight_i * logloss(base_i + bias + sum of the row's feature weights)
//     + l2/2 * (sum of squared feature weights) + bias_l2/2 * bias^2
// with L-BFGS until the gradient vanishes, so its answer depends on the rows,
// their weights and the penalties alone (not on a learning rate or on when
// training stops). That makes the penalty a prior that holds the corrected
// model near the base model, and a row's weight a real trade against it: a
// word seen in one reviewed row of weight 5 moves by about as much as 5
// rows' evidence justifies against the penalty, never by a fixed step per
// epoch. (AdaGrad, as Classifier::train uses, takes the same step for a
// word seen once as for a word seen in every row, and ignores a uniform
// weight entirely: scaling every gradient by 5 leaves its steps unchanged.)
#pragma once

#include <string>
#include <vector>

#include "tagger/classifier.hpp"

namespace grounded::tagger {

struct CorrectionPenalty {
  double l2 = 1.0;       // per feature weight
  double bias_l2 = 1.0;  // on the per-category bias shift
  int max_iterations = 200;
  // Re-weigh each category's positive rows so their weighted odds equal the
  // odds the base model predicts on the same rows on average: the
  // correction then re-ranks rows (which words matter here) without moving
  // the category's overall rate, which the base model's F1-tuned decision
  // offset was chosen for.
  bool keep_rate = false;
};

// The correction for `examples` (each with base log-odds, Example::base, one
// per category; labels -1 skipped), over the features they contain, with
// decision offsets 0: add it to the base model with Classifier::sum. Throws
// Error(invalid_input) when there are no examples or labels or base
// log-odds do not match the categories.
Classifier fit_correction(const std::vector<std::string>& categories, const std::vector<Example>& examples,
                          const CorrectionPenalty& penalty);

}  // namespace grounded::tagger
