#include "tagger/adaptation.hpp"

#include "core/embedded_files.hpp"
#include "core/error.hpp"

namespace grounded::tagger {

const TrainOptions& adaptation_options() {
  static const TrainOptions options = [] {
    auto text = find_embedded_file("src/tagger/data/learning.json");
    if (!text) throw Error(ErrorKind::internal, "learning.json was not embedded");
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    TrainOptions out;
    if (!json.is_object() || !json.contains("adaptation") || !json["adaptation"].is_object())
      throw Error(ErrorKind::internal, "learning.json: no \"adaptation\" object");
    const auto& a = json["adaptation"];
    out.epochs = a.value("epochs", out.epochs);
    out.learning_rate = a.value("learning_rate", out.learning_rate);
    out.l2 = a.value("l2", out.l2);
    out.fit_bias = a.value("fit_bias", out.fit_bias);
    out.adagrad = a.value("adagrad", out.adagrad);
    if (out.epochs < 1 || !(out.learning_rate > 0) || !(out.l2 >= 0))
      throw Error(ErrorKind::internal, "learning.json: adaptation needs epochs >= 1, learning_rate > 0, l2 >= 0");
    return out;
  }();
  return options;
}

Classifier adapt_to_reviews(const Classifier& seed, const std::vector<TrainingRow>& reviewed, const CueRules& rules,
                            const TrainOptions& options) {
  if (reviewed.empty()) return seed;
  const std::size_t C = seed.categories().size();
  std::vector<Example> examples;
  examples.reserve(reviewed.size());
  std::vector<double> sums;
  for (const auto& row : reviewed) {
    Example e = example_of(row, rules);
    // The seed model's log-odds as trained (a probability), not measured from
    // its decision offset: the offset is where F1 is best, below an even
    // chance for rare categories, and a correction trained from it would
    // learn to undo it. The summed model keeps the seed's offsets.
    seed.add_weights(e.features, sums);
    e.base.resize(C);
    for (std::size_t c = 0; c < C; ++c) e.base[c] = seed.bias()[c] + sums[c];
    examples.push_back(std::move(e));
  }
  return Classifier::sum(seed, Classifier::train(seed.categories(), examples, options));
}

}  // namespace grounded::tagger
