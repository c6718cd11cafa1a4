#include "tagger/training.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/decision_threshold.hpp"
#include "tagger/signals.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {

std::vector<TrainingRow> rows_from_labeled(const std::vector<LabeledText>& texts) {
  const auto keys = Taxonomy::builtin().keys();
  std::vector<TrainingRow> rows;
  rows.reserve(texts.size());
  for (const auto& t : texts) {
    TrainingRow row{t.text, std::vector<std::int8_t>(keys.size(), 0), 1.0, t.voice};
    for (std::size_t c = 0; c < keys.size(); ++c)
      if (std::find(t.labels.begin(), t.labels.end(), keys[c]) != t.labels.end()) row.labels[c] = 1;
    rows.push_back(std::move(row));
  }
  return rows;
}

Example example_of(const TrainingRow& row, const CueRules& rules) {
  Signals s = read_signals(row.text, rules);
  Example e;
  e.features = std::move(s.word_features);
  e.features.insert(e.features.end(), s.rule_features.begin(), s.rule_features.end());
  e.labels = row.labels;
  e.weight = row.weight;
  return e;
}

namespace {

double score(const Classifier& model, const Example& e, std::size_t c, std::vector<double>& scratch) {
  model.add_weights(e.features, scratch);
  return sigmoid(model.bias()[c] + scratch[c]);
}

}  // namespace

std::vector<int> cross_validation_folds(const std::vector<TrainingRow>& rows, int folds) {
  std::vector<int> out(rows.size(), 0);
  if (folds < 2) return out;
  const bool by_voice = std::all_of(rows.begin(), rows.end(), [](const TrainingRow& r) { return !r.voice.empty(); });
  std::map<std::string, std::size_t> sizes;
  if (by_voice)
    for (const auto& row : rows) ++sizes[row.voice];
  if (static_cast<int>(sizes.size()) < folds) {
    for (std::size_t i = 0; i < rows.size(); ++i) out[i] = static_cast<int>(i % static_cast<std::size_t>(folds));
    return out;
  }
  std::vector<std::pair<std::size_t, std::string>> kinds;
  for (const auto& [voice, size] : sizes) kinds.emplace_back(size, voice);
  std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> filled(static_cast<std::size_t>(folds), 0);
  std::map<std::string, int> fold_of_kind;
  for (const auto& [size, voice] : kinds) {
    auto smallest = std::min_element(filled.begin(), filled.end());
    fold_of_kind[voice] = static_cast<int>(smallest - filled.begin());
    *smallest += size;
  }
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = fold_of_kind.at(rows[i].voice);
  return out;
}

Classifier train_classifier(const std::vector<TrainingRow>& rows, const CueRules& rules, TrainingReport* report) {
  if (rows.empty()) throw invalid_input("no training examples");
  const auto categories = Taxonomy::builtin().keys();
  std::vector<Example> examples;
  examples.reserve(rows.size());
  for (const auto& row : rows) examples.push_back(example_of(row, rules));

  // Out-of-fold probabilities (5 folds, see cross_validation_folds) choose each
  // category's decision threshold.
  const std::size_t C = categories.size();
  const int folds = examples.size() >= 50 ? 5 : 0;
  const std::vector<int> fold = folds > 0 ? cross_validation_folds(rows, folds) : std::vector<int>(rows.size(), 0);
  std::vector<std::vector<double>> oof(C, std::vector<double>(examples.size(), -1.0));
  std::vector<double> scratch;
  for (int f = 0; f < folds; ++f) {
    std::vector<Example> train;
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (fold[i] != f) train.push_back(examples[i]);
    Classifier m = Classifier::train(categories, train);
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (fold[i] == f)
        for (std::size_t c = 0; c < C; ++c) oof[c][i] = score(m, examples[i], c, scratch);
  }
  Classifier model = Classifier::train(categories, examples);
  nlohmann::json cv = nlohmann::json::object();
  std::vector<double> candidates;  // probabilities 0.2, 0.225, … 0.8
  for (double t = 0.2; t <= 0.801; t += 0.025) candidates.push_back(t);
  for (std::size_t c = 0; c < C && folds > 0; ++c) {
    std::vector<ScoredLabel> scored;
    for (std::size_t i = 0; i < examples.size(); ++i)
      // Weighted like training, so a repository's reviewed rows also set
      // where its decision boundary sits.
      if (examples[i].labels[c] >= 0) scored.push_back({oof[c][i], examples[i].labels[c] == 1, examples[i].weight});
    const ThresholdFit fit = best_f1_threshold(scored, candidates, 0.5);
    model.offsets()[c] = logit(fit.threshold);
    cv[categories[c]] = {{"threshold", fit.threshold}, {"precision", fit.precision}, {"recall", fit.recall}, {"f1", fit.f1}};
  }
  if (report) {
    report->examples = examples.size();
    report->features = model.feature_count();
    report->cross_validation = cv;
  }
  return model;
}

std::string seed_fingerprint() {
  // std::hash is not stable across standard libraries, which only costs a
  // retrain; it never mistakes one seed set for another in practice.
  std::size_t h = std::hash<int>{}(feature_version);
  auto mix = [&](std::string_view bytes) { h = h * 1000003u ^ std::hash<std::string_view>{}(bytes); };
  for (const auto& file : embedded_files())
    if (file.path.starts_with("src/tagger/data/")) {
      mix(file.path);
      mix(file.content);
    }
  char buf[32];
  std::snprintf(buf, sizeof buf, "v%d-%016zx", feature_version, h);
  return buf;
}

std::shared_ptr<const Classifier> seed_model() {
  static std::once_flag once;
  static std::shared_ptr<const Classifier> model;
  std::call_once(once, [] {
    model = std::make_shared<const Classifier>(
        train_classifier(rows_from_labeled(seed_training_set()), *CueRules::builtin()));
  });
  return model;
}

std::shared_ptr<const Classifier> root_cause_model() {
  static std::once_flag once;
  static std::shared_ptr<const Classifier> model;
  std::call_once(once, [] {
    std::vector<std::string> causes;
    for (const auto& sub : Taxonomy::builtin().require("objection").subfields)
      if (sub.key == "root_cause")
        for (const auto& v : sub.values)
          if (v != "other") causes.push_back(v);
    const CueRules& rules = *CueRules::builtin();
    std::vector<Example> examples;
    for (const auto& text : seed_training_set()) {
      auto cause = std::find(causes.begin(), causes.end(), text.root_cause);
      if (cause == causes.end()) continue;
      TrainingRow row{text.text, std::vector<std::int8_t>(causes.size(), 0), 1.0};
      row.labels[static_cast<std::size_t>(cause - causes.begin())] = 1;
      examples.push_back(example_of(row, rules));
    }
    model = examples.empty() ? std::make_shared<const Classifier>()
                             : std::make_shared<const Classifier>(Classifier::train(causes, examples));
  });
  return model;
}

}  // namespace grounded::tagger
