// Stacking the models' log-odds (stacked_blend.hpp) and the stacked
// adaptation (adaptation.hpp, "method": "stack"): a few reviewed rows move a
// category only as far as rows held out from them show it helps.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tagger/adaptation.hpp"
#include "tagger/stacked_blend.hpp"
#include "tagger/tagger.hpp"
#include "tagger/training.hpp"

using namespace grounded;
using namespace grounded::tagger;

namespace {

// Rows where model 1 ranks the labels well and model 0 is noise: 0 says
// +1 or -1 at random, 1 says +2 for positives and -2 for negatives, with a
// few of each wrong.
struct Synthetic {
  std::vector<std::vector<double>> scores;
  std::vector<bool> positive;
  std::vector<double> weight;
};

Synthetic synthetic(int n) {
  Synthetic out;
  for (int i = 0; i < n; ++i) {
    const bool positive = i % 3 == 0;
    const bool wrong = i % 10 == 7;
    const double noise = (i * 7919) % 5 < 2 ? 1.0 : -1.0;
    out.scores.push_back({noise, (positive != wrong) ? 2.0 : -2.0});
    out.positive.push_back(positive);
    out.weight.push_back(5.0);
  }
  return out;
}

double confidence_in(const Tagger& tagger, const std::string& text, const std::string& category) {
  for (const auto& s : tagger.analyze(text).scores)
    if (s.category == category) return s.confidence;
  return 0;
}

TrainingRow row(const std::string& text, const std::string& label) {
  std::vector<TrainingRow> rows = rows_from_labeled({{text, {label}}});
  rows.front().weight = 5.0;
  return rows.front();
}

}  // namespace

TEST_CASE("the stack weighs the model that ranks the rows well and drops noise, within its prior") {
  const Synthetic rows = synthetic(300);
  const StackFit loose = fit_stack(rows.scores, rows.positive, rows.weight, {1.0, 0.0}, 1.0);
  REQUIRE(loose.weights.size() == 2);
  CHECK(loose.weights[1] > 0.5);
  CHECK(loose.weights[0] < 0.5);  // the noisy model, though the prior starts it at 1
  CHECK(loose.weights[1] > loose.weights[0]);
  CHECK(loose.weights[0] >= 0.0);
  // More rows on the positive side of the informative model than not.
  CHECK(stacked_log_odds(loose, {0.0, 2.0}) > 0);
  CHECK(stacked_log_odds(loose, {0.0, -2.0}) < 0);
  // A strong prior holds the weights near it: a few rows cannot move them far.
  const StackFit tight = fit_stack(rows.scores, rows.positive, rows.weight, {1.0, 0.0}, 1e6);
  CHECK(tight.weights[0] == doctest::Approx(1.0).epsilon(0.01));
  CHECK(tight.weights[1] == doctest::Approx(0.0).epsilon(0.01));
  // Row weights are relative: the same rows at weight 1 fit the same stack.
  Synthetic unit = rows;
  unit.weight.assign(unit.weight.size(), 1.0);
  const StackFit same = fit_stack(unit.scores, unit.positive, unit.weight, {1.0, 0.0}, 1.0);
  CHECK(same.weights[1] == doctest::Approx(loose.weights[1]));
  CHECK(same.bias == doctest::Approx(loose.bias));
}

TEST_CASE("a model whose log-odds the rows would invert gets weight 0, not a negative one") {
  Synthetic rows = synthetic(200);
  for (auto& s : rows.scores) s[0] = -s[1];  // model 0 exactly wrong
  const StackFit fit = fit_stack(rows.scores, rows.positive, rows.weight, {1.0, 0.0}, 1.0);
  CHECK(fit.weights[0] == 0.0);
  CHECK(fit.weights[1] > 0.5);
  // No rows: the prior, unbiased.
  const StackFit none = fit_stack({}, {}, {}, {1.0, 0.0, 0.0}, 5.0);
  CHECK(none.weights == std::vector<double>{1.0, 0.0, 0.0});
  CHECK(none.bias == 0.0);
}

TEST_CASE("stacked adaptation follows rows that teach their kind of text and keeps the seed model where they do not") {
  AdaptationOptions options = adaptation_options();
  options.stack = true;
  options.stack_guard = true;
  // A barbecue smokehouse: "takes forever" (the cue rule pain.wasted_time)
  // describes its craft, a recurring practice (a job), not a problem.
  const std::vector<std::string> cuts{"brisket",    "pork shoulder", "beef ribs", "pastrami",   "lamb neck",
                                      "turkey legs", "short ribs",    "pork belly", "ox cheeks", "chuck roast",
                                      "sausages",   "spare ribs",    "goat leg",  "duck breast"};
  std::vector<TrainingRow> rows;
  for (const auto& cut : cuts) {
    rows.push_back(row("Every night the " + cut + " takes forever in the smoker, we tend the fire until dawn.", "job"));
    rows.push_back(row("The butcher delivered the " + cut + " late again and we lost the whole lunch service.",
                       "pain_point"));
  }
  const auto seed = seed_model();
  AdaptationReport report;
  const Classifier adapted = adapt_to_reviews(*seed, rows, CueRules::builtin(), options, &report);
  const Tagger before, after(std::make_shared<const Classifier>(adapted));
  const std::string unseen = "Every night the venison takes forever in the smoker, we tend the fire until dawn.";
  REQUIRE(confidence_in(before, unseen, "pain_point") >= 0.5);
  CHECK(confidence_in(after, unseen, "pain_point") < 0.5);
  CHECK(confidence_in(after, unseen, "job") >= 0.5);
  CHECK(confidence_in(after, "The butcher delivered the venison late again and we lost the whole lunch service.",
                      "pain_point") >= 0.5);
  // Judged on rows the stack's own fit did not see, and kept because it beat
  // the seed model there.
  REQUIRE(report.strengths.contains("pain_point"));
  const auto& pain = report.strengths["pain_point"];
  CHECK(pain["stack"]["kept"].get<bool>());
  CHECK(pain["out_of_fold_f1"]["stacked"].get<double>() > pain["out_of_fold_f1"]["seed"].get<double>());
  // Stored as one linear model: no repository-only feature names.
  bool known = true;
  adapted.weight("d:bias", 0, &known);
  CHECK_FALSE(known);

  // Labels that contradict each other: nothing learned from some rows
  // predicts the others better than the shipped model, so the category
  // stays exactly as shipped.
  std::vector<TrainingRow> noisy;
  const std::vector<std::string> things{"printer", "scanner", "router", "kettle", "toaster", "laptop", "monitor",
                                        "speaker", "camera", "tablet", "headset", "charger", "keyboard", "mouse"};
  for (std::size_t i = 0; i < things.size(); ++i) {
    noisy.push_back(row("The " + things[i] + " stopped working after a week.", i % 2 ? "pain_point" : "none"));
    noisy.push_back(row("The " + things[i] + " broke down on the second day.", i % 2 ? "none" : "pain_point"));
  }
  AdaptationReport noisy_report;
  const Classifier kept = adapt_to_reviews(*seed, noisy, CueRules::builtin(), options, &noisy_report);
  REQUIRE(noisy_report.strengths.contains("pain_point"));
  const auto& judged = noisy_report.strengths["pain_point"];
  if (!judged["stack"]["kept"].get<bool>()) {
    const Tagger shipped_like(std::make_shared<const Classifier>(kept));
    const std::string text = "The fridge stopped working after a week.";
    CHECK(confidence_in(shipped_like, text, "pain_point") ==
          doctest::Approx(confidence_in(before, text, "pain_point")));
  } else {
    CHECK(judged["out_of_fold_f1"]["stacked"].get<double>() > judged["out_of_fold_f1"]["seed"].get<double>());
  }
}
