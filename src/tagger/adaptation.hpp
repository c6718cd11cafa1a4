// Domain adaptation: how a repository's reviewed rows change the tagger.
// They train a small correction on top of the seed model: every reviewed
// row starts from the log-odds the seed model gives it, and the correction
// learns only what the seed model gets wrong on this repository's kind of
// text, held near zero by its own regularisation (learning.json). Mixing the
// rows into the seed set instead lets thousands of seed rows drown a few
// hundred reviewed ones, however they are weighted (bench/README.md).
#pragma once

#include <vector>

#include "tagger/classifier.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/training.hpp"

namespace grounded::tagger {

// The correction's training options (src/tagger/data/learning.json,
// "adaptation": epochs, learning_rate, l2).
const TrainOptions& adaptation_options();

// The seed model plus a correction trained on `reviewed` (rows of any
// weight; unknown labels, -1, are skipped per category), as one model that
// tags as fast as the seed model. Returns `seed` unchanged when `reviewed`
// is empty. Throws Error(invalid_input) when a row's labels do not match the
// seed model's categories.
Classifier adapt_to_reviews(const Classifier& seed, const std::vector<TrainingRow>& reviewed, const CueRules& rules,
                            const TrainOptions& options = adaptation_options());

}  // namespace grounded::tagger
