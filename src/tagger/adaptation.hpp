// Domain adaptation: how a repository's reviewed rows change the tagger
// (src/tagger/data/learning.json "adaptation" chooses among these; the
// learning curve, bench/tagger_learning_curve.sh, measures each):
//  - A correction on top of the seed model: every reviewed row starts from
//    the log-odds the seed model gives it, and the correction learns only
//    what the seed model gets wrong on this repository's kind of text, held
//    near zero by regularisation ("solver": "sgd", Classifier::train with
//    its epochs and learning rate, or "exact", correction_fit.hpp, where
//    penalty_l2 is a prior and a row's weight trades against it). Mixing the
//    rows into the seed set instead lets thousands of seed rows drown a few
//    hundred reviewed ones.
//  - Optionally ("blend_rows" > 0) a model of the reviewed rows alone,
//    blended in by a share that grows with their count.
//  - Or ("method": "augment") frustratingly easy domain adaptation
//    (Daumé III, 2007): one model trained on the seed rows and the reviewed
//    rows together, where every feature of a reviewed row (words, bigrams,
//    cue-rule hits, and a bias) fires twice, once as itself (shared with the
//    seed rows) and once as this repository's own copy. The repository's
//    copy learns what its rows say against the seed rows (a rule that fires
//    on its text but means something else here gets a negative copy) without
//    bending the shared weights the seed rows hold. In this repository both
//    copies always fire, so the model is stored with them summed: it tags as
//    fast as the seed model, through the same Tagger.
//  - Optionally ("threshold_folds" >= 2) each category's decision threshold
//    re-fitted to the repository: the whole tagger (rules, sentences, model)
//    scores every reviewed row with a model adapted without that row
//    (k-fold), and the threshold with the best F1 on those out-of-fold
//    scores replaces the seed set's, for categories with enough positive
//    and negative rows. Never fitted on the rows it is judged by.
#pragma once

#include <memory>
#include <string>
#include <nlohmann/json.hpp>
#include <vector>

#include "tagger/classifier.hpp"
#include "tagger/correction_fit.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/training.hpp"

namespace grounded::tagger {

struct AdaptationOptions {
  // "method": "correction" (a correction on top of the seed model, below) or
  // "augment" (feature augmentation, trained with `augment`: "augment_epochs",
  // "augment_learning_rate", "augment_adagrad", "augment_l2").
  bool augment = false;
  TrainOptions augment_training;
  // "augment_bias": the repository's rows also get their own bias (their own
  // rate of each category), not only their own copy of each feature.
  bool augment_bias = true;
  // "augment_guard": per category with at least threshold_min_rows positive
  // and negative reviewed rows, keep the augmented model only where the
  // whole tagger's out-of-fold F1 on the reviewed rows beats the seed
  // model's (report->strengths says which), so rows whose lesson does not
  // carry to unseen rows of their kind leave that category as shipped.
  bool augment_guard = false;
  TrainOptions correction;          // "adaptation": epochs, learning_rate, l2, adagrad, fit_bias
  // "solver": "exact" fits the correction to convergence with `penalty`
  // ("penalty_l2", "bias_l2"; correction_fit.hpp); "sgd" trains it with
  // `correction` (Classifier::train).
  bool exact = false;
  CorrectionPenalty penalty;
  // "strength_choices": penalties (exact solver) to choose among per
  // category, beside no correction at all, by the whole tagger's
  // out-of-fold F1 on the reviewed rows; empty: penalty.l2 for all.
  std::vector<double> strength_choices;
  int threshold_folds = 0;          // "threshold_folds": 0 keeps the seed set's thresholds
  int threshold_min_rows = 10;      // "threshold_min_rows": positives and negatives a category needs
  double threshold_max_shift = 3;   // "threshold_max_shift": the furthest move, in log-odds
  // "method": "stack": the seed model, the augmented model (unguarded) and a
  // model of the reviewed rows alone, stacked per category by a logistic
  // regression on their out-of-fold log-odds on the reviewed rows
  // (stacked_blend.hpp), pulled toward the seed model alone with strength
  // "stack_penalty" (in rows), for a category with
  // "stack_min_rows" positive and negative reviewed rows (a category with at
  // least that many rows all of one kind gets the augmented model, which
  // learns that the category never, or always, applies here; others stay
  // as shipped). The
  // decision threshold ("stack_threshold"): "expected_f1", the one whose F1
  // expected under the stack's own probabilities on the reviewed rows is
  // best (for calibrated probabilities the F1-optimal threshold is half the
  // best F1: Lipton et al. 2014); "f1", the one with the best F1 on their
  // labels; "even", confidence 0.5. Stored as one linear model.
  // "stack_guard" (off by default: at 0.8 it cost AUREA and Panichella their
  // gains): keep the stack for a category only where its decisions on
  // rows its own fit did not see (nested folds of the out-of-fold log-odds)
  // have a better F1 than the seed model's on the same rows in at least the
  // share "stack_confidence" of bootstrap resamples of those rows: one lucky
  // split is not enough.
  bool stack = false;
  double stack_penalty = 5;
  bool stack_guard = false;
  int stack_min_rows = 5;
  double stack_confidence = 0.8;
  std::string stack_threshold = "expected_f1";
  // "blend_rows": 0, or n0: a model trained on the reviewed rows alone is
  // blended in with share n / (n + n0) for a category with n known rows
  // (at least threshold_min_rows positives and negatives).
  double blend_rows = 0;
};

// The options of src/tagger/data/learning.json.
const AdaptationOptions& adaptation_options();

// What adapting changed, for the stored model's metrics.
struct AdaptationReport {
  // Per category whose threshold moved: the shift in log-odds (positive:
  // suggested less often) and the out-of-fold precision, recall and F1
  // before and after it.
  nlohmann::json thresholds = nlohmann::json::object();
  // Per category judged (strength_choices): the penalty chosen (null: no
  // correction) and the out-of-fold F1 of each choice.
  nlohmann::json strengths = nlohmann::json::object();
};

// The seed model plus a correction trained on `reviewed` (rows of any
// weight; unknown labels, -1, are skipped per category), with re-fitted
// decision offsets, as one model that tags as fast as the seed model.
// With options.augment the model is retrained from the embedded seed set
// with `rules` and `seed` gives only its categories and decision offsets.
// Returns `seed` unchanged when `reviewed` is empty. Throws
// Error(invalid_input) when a row's labels do not match the seed model's
// categories.
Classifier adapt_to_reviews(const Classifier& seed, const std::vector<TrainingRow>& reviewed,
                            const std::shared_ptr<const CueRules>& rules,
                            const AdaptationOptions& options = adaptation_options(),
                            AdaptationReport* report = nullptr);

}  // namespace grounded::tagger
