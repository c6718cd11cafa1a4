// The trained part of the tagger: one-vs-rest logistic regression over
// sparse binary features (stemmed words, word bigrams, cue-rule hits), fitted
// with AdaGrad. Small, dependency-free, fast to train (a second on a few
// thousand examples) and serialised as readable JSON for the tagger_models table.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace grounded::tagger {

// One training example: its feature names and, per category, 1 (has it),
// 0 (has not) or -1 (unknown: e.g. a reviewed excerpt says nothing about
// categories nobody reviewed), so partial reviews can still train.
struct Example {
  std::vector<std::string> features;
  std::vector<std::int8_t> labels;  // one per category, in the classifier's order
  double weight = 1.0;
  // Per category, log-odds another model already gives this example (empty:
  // none). A model trained with them learns only the correction on top of
  // that model, to be added to it with Classifier::sum.
  std::vector<double> base = {};
};

// Defaults chosen on the project's own data plus half of the public review
// sets (bench/tagger_eval.py reports the other half separately).
struct TrainOptions {
  int epochs = 20;
  double learning_rate = 0.1;
  double l2 = 1e-3;
  int min_bigram_count = 1;  // bigrams seen fewer times are dropped from the vocabulary
  bool fit_bias = true;      // false: the bias stays at its start (a correction then moves only word weights)
  // AdaGrad scales every feature's steps to the same size whatever its
  // gradient; plain SGD moves weights in proportion to the error, so rows a
  // base model already gets right barely move a correction.
  bool adagrad = true;
  std::uint32_t seed = 17;
};

class Classifier {
 public:
  Classifier() = default;
  // Fits one binary model per category. Throws Error(invalid_input) when
  // there are no categories or examples, or labels do not match categories.
  static Classifier train(const std::vector<std::string>& categories, const std::vector<Example>& examples,
                          const TrainOptions& options = {});

  // A model from its parts: feature names, their weights (feature by
  // feature, one per category) and per-category biases; offsets 0. Throws
  // Error(invalid_input) when the sizes do not match.
  static Classifier from_parts(std::vector<std::string> categories, const std::vector<std::string>& features,
                               std::vector<float> weights, std::vector<double> bias);

  // The two linear models added into one: weights and biases summed per
  // feature and category, `base`'s decision offsets kept. So a correction
  // trained on `base`'s log-odds (Example::base) costs nothing extra when
  // tagging. Throws Error(invalid_input) when the categories differ.
  static Classifier sum(const Classifier& base, const Classifier& correction);
  // A convex blend per category: weights, biases and decision offsets
  // (1 - share[c]) * a + share[c] * b, so its log-odds are the blend of the
  // two models' log-odds on any text. Throws Error(invalid_input) when the
  // categories differ or a share is outside [0, 1] or missing.
  static Classifier blend(const Classifier& a, const Classifier& b, const std::vector<double>& share);
  // scale_a[c] * a + scale_b[c] * b per category: weights, biases and
  // decision offsets, so its log-odds (bias - offset + weights) are that
  // combination of the two models' log-odds on any text (a stacked blend,
  // stacked_blend.hpp). Throws Error(invalid_input) when the categories
  // differ or a scale is missing or not finite.
  static Classifier weighted_sum(const Classifier& a, const std::vector<double>& scale_a, const Classifier& b,
                                 const std::vector<double>& scale_b);

  const std::vector<std::string>& categories() const { return categories_; }
  std::size_t feature_count() const { return index_.size(); }
  bool empty() const { return categories_.empty(); }

  // The per-category sum of the weights of `features` (unknown ones ignored),
  // without the bias. `out` is resized to the number of categories.
  void add_weights(const std::vector<std::string>& features, std::vector<double>& out) const;
  // The weights of one feature, one per category, or nullptr when unknown:
  // look a feature up once, then read it for every category.
  const float* weights_of(const std::string& feature) const;
  // Weight of one feature for one category (0 when unknown); `known` tells.
  double weight(const std::string& feature, std::size_t category, bool* known = nullptr) const;
  const std::vector<double>& bias() const { return bias_; }

  // Per-category decision offsets on the log-odds scale (tuned by
  // cross-validation when training): confidence = sigmoid(z - offset).
  std::vector<double>& offsets() { return offsets_; }
  const std::vector<double>& offsets() const { return offsets_; }

  // {"format":"grounded.tagger.logreg/1","categories":[…],"bias":[…],
  //  "offsets":[…],"weights":{"feature":[w per category]}}; near-zero
  // weights are dropped. from_json throws Error(invalid_input) on a bad model.
  nlohmann::json to_json() const;
  static Classifier from_json(const nlohmann::json& json);

 private:
  // scale_a[c] * a + scale_b[c] * b per category, feature by feature;
  // biases likewise; a's offsets.
  static Classifier scaled_sum(const Classifier& a, const std::vector<double>& scale_a, const Classifier& b,
                               const std::vector<double>& scale_b);
  std::vector<std::string> categories_;
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<float> weights_;  // index * categories + category
  std::vector<double> bias_;
  std::vector<double> offsets_;
};

double sigmoid(double z);
double logit(double p);  // p clamped to [1e-6, 1-1e-6]

}  // namespace grounded::tagger
