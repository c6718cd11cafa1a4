// Feature augmentation (adaptation.hpp, "method": "augment"): a repository
// whose reviewed rows contradict a cue rule gets a model that follows its
// rows on unseen text of its kind, while text of other kinds keeps the
// shipped behaviour where the rows say nothing about it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tagger/adaptation.hpp"
#include "tagger/tagger.hpp"
#include "tagger/training.hpp"

using namespace grounded;
using namespace grounded::tagger;

namespace {

// A copy: callers pass temporaries.
CategoryScore score_of(const Analysis& a, const std::string& category) {
  for (const auto& s : a.scores)
    if (s.category == category) return s;
  FAIL("no score for " << category);
  return {};
}

TrainingRow row(const std::string& text, const std::string& label, double weight) {
  std::vector<TrainingRow> rows = rows_from_labeled({{text, {label}}});
  rows.front().weight = weight;
  return rows.front();
}

// A barbecue smokehouse: "takes forever" (the cue rule pain.wasted_time) is
// how it describes its craft, a recurring practice (a job by LABELS.md), not
// a problem; its real problems are late deliveries.
std::vector<TrainingRow> smokehouse_rows(double weight) {
  const std::vector<std::string> cuts{"brisket",    "pork shoulder", "beef ribs", "pastrami",   "lamb neck",
                                      "turkey legs", "short ribs",    "pork belly", "ox cheeks", "chuck roast",
                                      "sausages",   "spare ribs",    "goat leg",  "duck breast"};
  std::vector<TrainingRow> rows;
  for (const auto& cut : cuts) {
    rows.push_back(row("Every night the " + cut + " takes forever in the smoker, we tend the fire until dawn.", "job",
                       weight));
    rows.push_back(row("The butcher delivered the " + cut + " late again and we lost the whole lunch service.",
                       "pain_point", weight));
  }
  return rows;
}

}  // namespace

TEST_CASE("reviewed rows that contradict a cue rule override it for their kind of text, not everywhere") {
  AdaptationOptions options = adaptation_options();
  options.stack = false;
  options.augment = true;
  options.augment_guard = true;
  const auto seed = seed_model();
  const auto rules = CueRules::builtin();
  AdaptationReport report;
  const Classifier adapted = adapt_to_reviews(*seed, smokehouse_rows(5.0), rules, options, &report);
  const Tagger before, after(std::make_shared<const Classifier>(adapted));

  const std::string unseen = "Every night the venison takes forever in the smoker, we tend the fire until dawn.";
  const CategoryScore shipped = score_of(before.analyze(unseen), "pain_point");
  REQUIRE(shipped.suggested());  // the rule decides for the shipped tagger…
  REQUIRE(std::find(shipped.rules.begin(), shipped.rules.end(), "pain.wasted_time") != shipped.rules.end());
  const Analysis learned = after.analyze(unseen);
  CHECK_FALSE(score_of(learned, "pain_point").suggested());  // …this repository's rows decide for its model
  CHECK(score_of(learned, "job").suggested());
  // The rule still fires there: the model outweighs it, it is not switched off.
  const CategoryScore overridden = score_of(learned, "pain_point");
  CHECK(std::find(overridden.rules.begin(), overridden.rules.end(), "pain.wasted_time") != overridden.rules.end());
  const auto pain = static_cast<std::size_t>(
      std::find(seed->categories().begin(), seed->categories().end(), "pain_point") - seed->categories().begin());
  // The guard judged pain_point and job on out-of-fold F1 and kept the
  // augmented model for both.
  REQUIRE(report.strengths.contains("pain_point"));
  CHECK_FALSE(report.strengths["pain_point"]["penalty_l2"].is_null());
  CHECK(report.strengths["pain_point"]["out_of_fold_f1"]["augment"].get<double>() >
        report.strengths["pain_point"]["out_of_fold_f1"]["seed"].get<double>());

  // The repository's real problems and the general kinds of pain stay pain.
  CHECK(score_of(after.analyze("The butcher delivered the venison late again and we lost the whole lunch service."),
                 "pain_point")
            .suggested());
  CHECK(score_of(after.analyze("The app keeps crashing every time I open a photo."), "pain_point").suggested());
  // Both copies of each feature are stored summed: the model holds no
  // repository-only names, so it tags through the same Tagger as fast.
  bool known = true;
  adapted.weight("d:bias", pain, &known);
  CHECK_FALSE(known);
  adapted.weight("d:r:pain.wasted_time", pain, &known);
  CHECK_FALSE(known);
}

TEST_CASE("with the guard, rows whose lesson does not carry to unseen rows leave a category as shipped") {
  AdaptationOptions options = adaptation_options();
  options.stack = false;
  options.augment = true;
  options.augment_guard = true;
  // Labels that contradict each other: the same kind of sentence is a pain
  // point in one row and none in the next, so nothing learned from some of
  // them predicts the others better than the shipped model.
  std::vector<TrainingRow> rows;
  const std::vector<std::string> things{"printer", "scanner", "router", "kettle", "toaster", "laptop", "monitor",
                                        "speaker", "camera", "tablet", "headset", "charger", "keyboard", "mouse"};
  for (std::size_t i = 0; i < things.size(); ++i) {
    rows.push_back(row("The " + things[i] + " stopped working after a week.", i % 2 ? "pain_point" : "none", 5.0));
    rows.push_back(row("The " + things[i] + " broke down on the second day.", i % 2 ? "none" : "pain_point", 5.0));
  }
  AdaptationReport report;
  const auto seed = seed_model();
  const Classifier adapted = adapt_to_reviews(*seed, rows, CueRules::builtin(), options, &report);
  REQUIRE(report.strengths.contains("pain_point"));
  const auto& judged = report.strengths["pain_point"];
  if (judged["penalty_l2"].is_null()) {
    CHECK(judged["out_of_fold_f1"]["seed"].get<double>() >= judged["out_of_fold_f1"]["augment"].get<double>());
    const std::string text = "The fridge stopped working after a week.";
    const Tagger before, after(std::make_shared<const Classifier>(adapted));
    CHECK(score_of(after.analyze(text), "pain_point").confidence ==
          doctest::Approx(score_of(before.analyze(text), "pain_point").confidence));
  } else {
    CHECK(judged["out_of_fold_f1"]["augment"].get<double>() > judged["out_of_fold_f1"]["seed"].get<double>());
  }
}
