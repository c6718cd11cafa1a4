// Domain adaptation's parts (issue 10, item 4): the exactly fitted
// correction (correction_fit.hpp), blending two models, the shared F1
// threshold search, and adapt_to_reviews re-fitting decision thresholds on
// reviewed rows by cross-validation.
#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "tagger/adaptation.hpp"
#include "tagger/classifier.hpp"
#include "tagger/correction_fit.hpp"
#include "tagger/decision_threshold.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"

using namespace grounded;
using namespace grounded::tagger;

namespace {

double log_odds(const Classifier& m, const std::vector<std::string>& features, std::size_t c) {
  std::vector<double> w;
  m.add_weights(features, w);
  return m.bias()[c] + w[c];
}

Example with_base(std::vector<std::string> features, std::vector<std::int8_t> labels, std::vector<double> base,
                  double weight = 1.0) {
  Example e{std::move(features), std::move(labels), weight};
  e.base = std::move(base);
  return e;
}

}  // namespace

TEST_CASE("an exactly fitted correction reaches the penalised optimum, so a row's weight counts") {
  const std::vector<std::string> cats{"a", "b"};
  // The base model thinks "w:crumb" rows are no "a"; three reviewed rows say
  // they are, one "w:flour" row says it is not.
  std::vector<Example> rows;
  for (int i = 0; i < 3; ++i) rows.push_back(with_base({"w:crumb", "w:bread"}, {1, -1}, {-2.0, 0.0}));
  rows.push_back(with_base({"w:flour", "w:bread"}, {0, -1}, {-2.0, 0.0}));
  CorrectionPenalty penalty;
  penalty.l2 = 1.0;
  penalty.bias_l2 = 4.0;
  const Classifier once = fit_correction(cats, rows, penalty);
  CHECK(once.weight("w:crumb", 0) > 0.5);
  CHECK(once.weight("w:flour", 0) < 0);
  CHECK(once.offsets() == std::vector<double>{0.0, 0.0});
  // At the optimum the gradient vanishes: for a feature, the weighted sum of
  // errors of the rows that have it equals -l2 times its weight.
  for (const std::string feature : {"w:crumb", "w:flour", "w:bread"}) {
    double gradient = penalty.l2 * once.weight(feature, 0);
    for (const auto& e : rows)
      if (std::find(e.features.begin(), e.features.end(), feature) != e.features.end())
        gradient += e.weight * (sigmoid(e.base[0] + log_odds(once, e.features, 0)) - e.labels[0]);
    CHECK(std::abs(gradient) < 1e-4);
  }
  // An unknown label trains nothing.
  CHECK(once.bias()[1] == 0.0);
  CHECK(once.weight("w:crumb", 1) == 0.0);

  // The same rows weighing 5 each move the model further against the same
  // penalty (with AdaGrad a uniform weight changes nothing).
  for (auto& e : rows) e.weight = 5.0;
  const Classifier heavy = fit_correction(cats, rows, penalty);
  CHECK(heavy.weight("w:crumb", 0) > once.weight("w:crumb", 0) + 0.3);
  CHECK(log_odds(heavy, {"w:crumb", "w:bread"}, 0) > log_odds(once, {"w:crumb", "w:bread"}, 0));

  CHECK_THROWS_AS(fit_correction(cats, {}, penalty), Error);
  CHECK_THROWS_AS(fit_correction(cats, {with_base({"w:x"}, {1, 0}, {0.0})}, penalty), Error);
  CHECK_THROWS_AS(fit_correction(cats, {Example{{"w:x"}, {1, 0}}}, penalty), Error);  // no base log-odds
}

TEST_CASE("a blend's log-odds are the blend of its two models' log-odds, category by category") {
  const std::vector<std::string> cats{"a", "b"};
  Classifier first = Classifier::from_parts(cats, {"w:x", "w:y"}, {1.0f, -2.0f, 0.5f, 0.0f}, {0.2, -0.4});
  first.offsets() = {0.3, 0.1};
  Classifier second = Classifier::from_parts(cats, {"w:y", "w:z"}, {3.0f, 1.0f, -1.0f, 2.0f}, {-1.0, 0.6});
  second.offsets() = {-0.5, 0.7};
  const std::vector<double> share{0.25, 1.0};
  const Classifier blend = Classifier::blend(first, second, share);
  const std::vector<std::string> text{"w:x", "w:y", "w:z", "w:unknown"};
  for (std::size_t c = 0; c < 2; ++c) {
    const double expected = (1 - share[c]) * (log_odds(first, text, c) - first.offsets()[c]) +
                            share[c] * (log_odds(second, text, c) - second.offsets()[c]);
    CHECK(log_odds(blend, text, c) - blend.offsets()[c] == doctest::Approx(expected).epsilon(1e-6));
  }
  CHECK_THROWS_AS(Classifier::blend(first, second, {0.5}), Error);
  CHECK_THROWS_AS(Classifier::blend(first, second, {0.5, 1.5}), Error);
  CHECK_THROWS_AS(Classifier::from_parts(cats, {"w:x", "w:x"}, {0, 0, 0, 0}, {0, 0}), Error);
  CHECK_THROWS_AS(Classifier::from_parts(cats, {"w:x"}, {0}, {0, 0}), Error);
}

TEST_CASE("the F1 threshold search picks the best cut and breaks ties toward the preferred one") {
  std::vector<ScoredLabel> rows{{0.9, true}, {0.8, true}, {0.7, false}, {0.6, true}, {0.2, false}, {0.1, false}};
  ThresholdFit fit = best_f1_threshold(rows, {0.05, 0.5, 0.65, 0.75, 0.85}, 0.5);
  CHECK(fit.threshold == 0.5);  // 3 of 4 predicted right, all positives found: F1 6/7
  CHECK(fit.f1 == doctest::Approx(6.0 / 7.0));
  CHECK(fit.precision == doctest::Approx(0.75));
  CHECK(fit.recall == doctest::Approx(1.0));
  // A heavy negative at 0.7 moves the cut above it.
  rows[2].weight = 10;
  CHECK(best_f1_threshold(rows, {0.05, 0.5, 0.65, 0.75, 0.85}, 0.5).threshold == 0.75);
  // No positives, or no rows: the preferred threshold.
  CHECK(best_f1_threshold({{0.3, false}}, {0.1, 0.9}, 0.5).threshold == 0.5);
  CHECK(best_f1_threshold({}, {0.1, 0.9}, 0.5).threshold == 0.5);
}

namespace {

std::vector<TrainingRow> labeled_rows(const std::vector<std::pair<std::string, std::string>>& texts, double weight) {
  std::vector<LabeledText> labeled;
  for (const auto& [text, label] : texts) labeled.push_back({text, {label}});
  std::vector<TrainingRow> rows = rows_from_labeled(labeled);
  for (auto& row : rows) row.weight = weight;
  return rows;
}

double confidence_in(const Tagger& tagger, const std::string& text, const std::string& category) {
  for (const auto& s : tagger.analyze(text).scores)
    if (s.category == category) return s.confidence;
  return -1;
}

}  // namespace

TEST_CASE("a correction is kept per category only where it beats the seed model on rows it did not see") {
  // A bakery: its recurring handwork reads as a pain point to the seed
  // model; its reviewed rows say those are jobs, and name real problems too.
  const std::vector<std::string> crafts{"brioche", "baguettes", "croissants", "rye loaves", "bagels", "eclairs",
                                        "tart cases", "sourdough", "focaccia", "cinnamon buns", "pretzels",
                                        "doughnuts", "scones", "muffins"};
  std::vector<std::pair<std::string, std::string>> texts;
  for (std::size_t i = 0; i < crafts.size(); ++i) {
    texts.push_back({"I spend hours every morning shaping the " + crafts[i] + " by hand.", "job"});
    texts.push_back({"The supplier delivered the flour for the " + crafts[i] + " late again and we lost a morning of sales.",
                     "pain_point"});
  }
  const std::vector<TrainingRow> rows = labeled_rows(texts, 5.0);
  AdaptationOptions options = adaptation_options();
  options.stack = false;
  options.augment = false;  // the correction's strengths (augmentation: augmentation_test.cpp)
  options.exact = true;
  options.penalty.l2 = 2;
  options.strength_choices = {8, 2, 0.5};
  options.threshold_folds = 0;
  AdaptationReport report;
  const auto seed = seed_model();
  const Classifier adapted = adapt_to_reviews(*seed, rows, CueRules::builtin(), options, &report);

  // Every judged category took the choice with the best out-of-fold F1
  // (null: the seed model unchanged), never a worse one.
  REQUIRE(report.strengths.contains("job"));
  for (const auto& [category, judged] : report.strengths.items()) {
    const auto& tried = judged["out_of_fold_f1"];
    double best = -1;
    for (const auto& [choice, f1] : tried.items()) best = std::max(best, f1.get<double>());
    const std::string chosen = judged["penalty_l2"].is_null() ? "seed" : std::to_string(judged["penalty_l2"].get<double>());
    CHECK(tried[chosen].get<double>() == doctest::Approx(best));
  }
  // Here the rows teach something the seed model lacks: a correction wins
  // for pain_point and job, and unseen handwork of the same kind follows it.
  CHECK_FALSE(report.strengths["pain_point"]["penalty_l2"].is_null());
  CHECK(report.strengths["pain_point"]["out_of_fold_f1"]["seed"].get<double>() <
        report.strengths["pain_point"]["out_of_fold_f1"][std::to_string(report.strengths["pain_point"]["penalty_l2"].get<double>())].get<double>());
  const Tagger before, after(std::make_shared<const Classifier>(adapted));
  const std::string unseen = "I spend hours every morning shaping the pastries by hand.";
  CHECK(confidence_in(before, unseen, "pain_point") >= 0.5);
  CHECK(confidence_in(after, unseen, "pain_point") < 0.5);
  CHECK(confidence_in(after, unseen, "job") >= 0.5);
  CHECK(confidence_in(after, "The supplier delivered the sugar late again and we lost a morning of sales.", "pain_point") >= 0.5);
  // Categories the rows cannot judge (too few positives) are corrected with
  // the default penalty, not judged.
  CHECK_FALSE(report.strengths.contains("objection"));
}
