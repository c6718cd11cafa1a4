// Training the tagger's classifier: features from read_signals(), one-vs-rest
// logistic regression, and per-category decision offsets tuned by 5-fold
// cross-validation on the training rows themselves (never on an evaluation set).
// When the rows name their kind of text (voice), each fold holds out whole
// kinds: the thresholds are then chosen on scores of text of a kind the model
// did not see, which is how the tagger meets a team's data.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tagger/classifier.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/labeled_csv.hpp"

namespace grounded::tagger {

// One training text with, per taxonomy category (Taxonomy::builtin order),
// 1 / 0 / -1 (unknown).
struct TrainingRow {
  std::string text;
  std::vector<std::int8_t> labels;
  double weight = 1.0;
  std::string voice = {};  // the kind of text; "" when unknown
};

// Fully labeled rows (every category known) from labeled texts.
std::vector<TrainingRow> rows_from_labeled(const std::vector<LabeledText>& texts);

struct TrainingReport {
  std::size_t examples = 0;
  std::size_t features = 0;
  nlohmann::json cross_validation = nlohmann::json::object();  // per category: threshold, precision, recall, f1
};

// The classifier's view of one row: its word and rule features (read_signals),
// labels and weight.
Example example_of(const TrainingRow& row, const CueRules& rules);

// The cross-validation fold (0 … folds-1) of each row. Rows that all name
// their kind of text (voice) are split by kind, largest kind first into the
// fold with the fewest rows so far, so no fold's model has seen the kind it
// is scored on; otherwise (or with fewer kinds than folds) row i goes to fold
// i % folds, so each fold mixes a file's sections.
std::vector<int> cross_validation_folds(const std::vector<TrainingRow>& rows, int folds);

// Trains on `rows` with `rules`' features. Throws Error(invalid_input) when
// there are no rows. Fills `report` when given.
Classifier train_classifier(const std::vector<TrainingRow>& rows, const CueRules& rules,
                            TrainingReport* report = nullptr);

// The model trained from the embedded seed set with the built-in rules,
// trained once per process on first use and then shared. Thread-safe.
std::shared_ptr<const Classifier> seed_model();

// Objection root causes as a model: one-vs-rest over the root causes
// (taxonomy values but "other") of the embedded training rows that name one
// (their root_cause column), on the same features as the tagger's model, so
// "the bill estimate was triple what we pay now" is price with no price rule
// firing. Trained once per process on first use, then shared. Thread-safe.
std::shared_ptr<const Classifier> root_cause_model();

// Names what seed_model() is trained from (the embedded training files, the
// cue rules and feature_version), so a stored copy of the seed model can be
// recognised as stale after an upgrade.
std::string seed_fingerprint();

}  // namespace grounded::tagger
