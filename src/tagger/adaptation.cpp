#include "tagger/adaptation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <unordered_set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/decision_threshold.hpp"
#include "tagger/stacked_blend.hpp"
#include "tagger/tagger.hpp"

namespace grounded::tagger {

namespace {
// The correction and the augmented model are trained with the same kind of
// options, named in learning.json with a prefix ("augment_epochs" …); a key
// left out keeps the built-in default.
void read_training_options(const nlohmann::json& adaptation, const std::string& prefix, TrainOptions& options) {
  options.epochs = adaptation.value(prefix + "epochs", options.epochs);
  options.learning_rate = adaptation.value(prefix + "learning_rate", options.learning_rate);
  options.l2 = adaptation.value(prefix + "l2", options.l2);
  options.fit_bias = adaptation.value(prefix + "fit_bias", options.fit_bias);
  options.adagrad = adaptation.value(prefix + "adagrad", options.adagrad);
  if (options.epochs < 1 || !(options.learning_rate > 0) || !(options.l2 >= 0))
    throw Error(ErrorKind::internal, "learning.json: adaptation needs " + prefix + "epochs >= 1, " + prefix +
                                         "learning_rate > 0, " + prefix + "l2 >= 0");
}
}  // namespace

const AdaptationOptions& adaptation_options() {
  static const AdaptationOptions options = [] {
    auto text = find_embedded_file("src/tagger/data/learning.json");
    if (!text) throw Error(ErrorKind::internal, "learning.json was not embedded");
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    AdaptationOptions out;
    if (!json.is_object() || !json.contains("adaptation") || !json["adaptation"].is_object())
      throw Error(ErrorKind::internal, "learning.json: no \"adaptation\" object");
    const auto& a = json["adaptation"];
    read_training_options(a, "", out.correction);
    out.threshold_folds = a.value("threshold_folds", out.threshold_folds);
    out.threshold_min_rows = a.value("threshold_min_rows", out.threshold_min_rows);
    out.threshold_max_shift = a.value("threshold_max_shift", out.threshold_max_shift);
    out.blend_rows = a.value("blend_rows", out.blend_rows);
    const std::string method = a.value("method", "correction");
    if (method != "correction" && method != "augment" && method != "stack")
      throw Error(ErrorKind::internal, "learning.json: method is correction, augment or stack");
    out.augment = method == "augment";
    out.stack = method == "stack";
    out.stack_penalty = a.value("stack_penalty", out.stack_penalty);
    out.stack_threshold = a.value("stack_threshold", out.stack_threshold);
    out.stack_guard = a.value("stack_guard", out.stack_guard);
    out.stack_min_rows = a.value("stack_min_rows", out.stack_min_rows);
    out.stack_confidence = a.value("stack_confidence", out.stack_confidence);
    if (!(out.stack_penalty >= 0) ||
        (out.stack_threshold != "expected_f1" && out.stack_threshold != "f1" && out.stack_threshold != "even"))
      throw Error(ErrorKind::internal, "learning.json: stack_penalty >= 0, stack_threshold expected_f1, f1 or even");
    read_training_options(a, "augment_", out.augment_training);
    out.augment_bias = a.value("augment_bias", out.augment_bias);
    out.augment_guard = a.value("augment_guard", out.augment_guard);
    const std::string solver = a.value("solver", "sgd");
    if (solver != "sgd" && solver != "exact") throw Error(ErrorKind::internal, "learning.json: solver is sgd or exact");
    out.exact = solver == "exact";
    out.penalty.l2 = a.value("penalty_l2", out.penalty.l2);
    out.penalty.bias_l2 = a.value("bias_l2", out.penalty.bias_l2);
    out.penalty.keep_rate = a.value("keep_rate", out.penalty.keep_rate);
    out.strength_choices = a.value("strength_choices", out.strength_choices);
    if (out.threshold_folds < 0 || out.threshold_folds == 1 || !(out.threshold_max_shift >= 0))
      throw Error(ErrorKind::internal, "learning.json: adaptation needs threshold_folds 0 or >= 2, threshold_max_shift >= 0");
    return out;
  }();
  return options;
}

namespace {

// The repository's own copy of a feature (feature augmentation), and of the
// bias: names no signal produces (signals.cpp prefixes are w:, b:, c:, o:,
// r:, n:, j:, t:).
const std::string own_prefix = "d:";
const std::string own_bias = "d:bias";

std::vector<Example> read_seed_rows(const CueRules& rules) {
  std::vector<Example> out;
  for (const auto& row : rows_from_labeled(seed_training_set())) out.push_back(example_of(row, rules));
  return out;
}

// The embedded seed rows as the classifier sees them with `rules`: read once
// per process for the built-in rules (8,000 texts), else every time.
std::vector<Example> seed_examples(const CueRules& rules) {
  if (&rules != CueRules::builtin().get()) return read_seed_rows(rules);
  static std::once_flag once;
  static std::vector<Example> builtin;
  std::call_once(once, [&] { builtin = read_seed_rows(rules); });
  return builtin;
}

// Feature augmentation (Daumé III 2007): seed rows fire the shared features,
// reviewed rows the shared ones and their own copies; trained together, then
// both copies summed into one model (in this repository both always fire),
// with the seed model's decision offsets.
Classifier augmented(const Classifier& seed, const std::vector<const TrainingRow*>& rows, const CueRules& rules,
                     const AdaptationOptions& options) {
  const auto& categories = seed.categories();
  std::vector<Example> examples = seed_examples(rules);
  for (const auto& e : examples)
    if (e.labels.size() != categories.size())
      throw invalid_input("adaptation: the seed rows' labels do not match the seed model's categories");
  std::unordered_set<std::string> shared;
  for (const auto& e : examples) shared.insert(e.features.begin(), e.features.end());
  for (const TrainingRow* row : rows) {
    Example e = example_of(*row, rules);
    const std::size_t n = e.features.size();
    for (std::size_t i = 0; i < n; ++i) {
      shared.insert(e.features[i]);
      e.features.push_back(own_prefix + e.features[i]);
    }
    if (options.augment_bias) e.features.push_back(own_bias);
    examples.push_back(std::move(e));
  }
  const Classifier joint = Classifier::train(categories, examples, options.augment_training);
  const std::size_t C = categories.size();
  std::vector<std::string> names(shared.begin(), shared.end());
  std::vector<float> weights(names.size() * C, 0.0f);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const float* general = joint.weights_of(names[i]);
    const float* own = joint.weights_of(own_prefix + names[i]);
    for (std::size_t c = 0; c < C; ++c)
      weights[i * C + c] = (general ? general[c] : 0.0f) + (own ? own[c] : 0.0f);
  }
  std::vector<double> bias = joint.bias();
  for (std::size_t c = 0; c < C; ++c) bias[c] += joint.weight(own_bias, c);
  Classifier model = Classifier::from_parts(categories, names, std::move(weights), std::move(bias));
  model.offsets() = seed.offsets();
  return model;
}

// The seed model plus a correction trained on `rows` only.
Classifier corrected(const Classifier& seed, const std::vector<const TrainingRow*>& rows, const CueRules& rules,
                     const AdaptationOptions& options) {
  if (options.augment) return augmented(seed, rows, rules, options);
  const std::size_t C = seed.categories().size();
  std::vector<Example> examples;
  examples.reserve(rows.size());
  std::vector<double> sums;
  for (const TrainingRow* row : rows) {
    Example e = example_of(*row, rules);
    // The seed model's log-odds as trained (a probability), not measured from
    // its decision offset: the offset is where F1 is best, below an even
    // chance for rare categories, and a correction trained from it would
    // learn to undo it. The summed model keeps the seed's offsets.
    seed.add_weights(e.features, sums);
    e.base.resize(C);
    for (std::size_t c = 0; c < C; ++c) e.base[c] = seed.bias()[c] + sums[c];
    examples.push_back(std::move(e));
  }
  return Classifier::sum(seed, options.exact ? fit_correction(seed.categories(), examples, options.penalty)
                                             : Classifier::train(seed.categories(), examples, options.correction));
}

// Per category, how many of `rows` know its label, and how many are positive.
struct LabelCounts {
  std::vector<double> known, positive;
};

LabelCounts label_counts(const std::vector<const TrainingRow*>& rows, std::size_t C) {
  LabelCounts out{std::vector<double>(C, 0.0), std::vector<double>(C, 0.0)};
  for (const TrainingRow* row : rows)
    for (std::size_t c = 0; c < C && c < row->labels.size(); ++c)
      if (row->labels[c] >= 0) {
        out.known[c] += 1;
        out.positive[c] += row->labels[c];
      }
  return out;
}

// The corrected seed model, blended with a model of `rows` alone where
// options.blend_rows asks for it.
Classifier adapted(const Classifier& seed, const std::vector<const TrainingRow*>& rows, const CueRules& rules,
                   const AdaptationOptions& options) {
  Classifier model = corrected(seed, rows, rules, options);
  if (!(options.blend_rows > 0)) return model;
  const std::size_t C = seed.categories().size();
  const LabelCounts counts = label_counts(rows, C);
  std::vector<double> share(C, 0.0);
  bool any = false;
  for (std::size_t c = 0; c < C; ++c) {
    const double positives = counts.positive[c], negatives = counts.known[c] - counts.positive[c];
    if (positives < options.threshold_min_rows || negatives < options.threshold_min_rows) continue;
    share[c] = counts.known[c] / (counts.known[c] + options.blend_rows);
    any = true;
  }
  if (!any) return model;
  std::vector<TrainingRow> own;
  for (const TrainingRow* row : rows) own.push_back(*row);
  return Classifier::blend(model, train_classifier(own, rules), share);
}

// The fold of row i: scattered by a hash, so neither rows sorted by label
// nor labels alternating in step with the number of folds leave a fold
// without one kind of row.
int fold_of(std::size_t i, int folds) {
  std::uint64_t z = static_cast<std::uint64_t>(i) + 0x9E3779B97F4A7C15ull;  // splitmix64
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<int>((z ^ (z >> 31)) % static_cast<std::uint64_t>(folds));
}

// Per model category, the whole tagger's log-odds for every reviewed row
// that knows its label, each scored by a model made (by `make`) without the
// fold the row is in.
using ModelMaker = std::function<Classifier(const std::vector<const TrainingRow*>&)>;

std::vector<std::vector<ScoredLabel>> out_of_fold_scores(const Classifier& seed,
                                                         const std::vector<TrainingRow>& reviewed,
                                                         const std::shared_ptr<const CueRules>& rules, int folds,
                                                         const ModelMaker& make) {
  const auto& categories = seed.categories();
  std::vector<std::vector<ScoredLabel>> scored(categories.size());
  for (int f = 0; f < folds; ++f) {
    std::vector<const TrainingRow*> train;
    for (std::size_t i = 0; i < reviewed.size(); ++i)
      if (fold_of(i, folds) != f) train.push_back(&reviewed[i]);
    const Tagger tagger(std::make_shared<const Classifier>(make(train)), rules);
    for (std::size_t i = 0; i < reviewed.size(); ++i) {
      if (fold_of(i, folds) != f) continue;
      const TrainingRow& row = reviewed[i];
      for (const auto& score : tagger.analyze(row.text).scores) {
        auto it = std::find(categories.begin(), categories.end(), score.category);
        if (it == categories.end()) continue;
        const auto c = static_cast<std::size_t>(it - categories.begin());
        if (c < row.labels.size() && row.labels[c] >= 0)
          scored[c].push_back({logit(score.confidence), row.labels[c] == 1, row.weight});
      }
    }
  }
  return scored;
}

bool enough_rows(const std::vector<ScoredLabel>& scored, int minimum) {
  const auto positives = std::count_if(scored.begin(), scored.end(), [](const auto& r) { return r.positive; });
  const auto negatives = static_cast<std::ptrdiff_t>(scored.size()) - positives;
  return positives >= minimum && negatives >= minimum;
}

// At least `minimum` rows, all of one kind (all positive or all negative).
bool one_kind_only(const std::vector<ScoredLabel>& scored, int minimum) {
  const auto positives = std::count_if(scored.begin(), scored.end(), [](const auto& r) { return r.positive; });
  return static_cast<int>(scored.size()) >= minimum &&
         (positives == 0 || positives == static_cast<std::ptrdiff_t>(scored.size()));
}

// F1 of the tagger's own decision (confidence >= 0.5) on scored rows.
double f1_at_even_odds(const std::vector<ScoredLabel>& scored) { return best_f1_threshold(scored, {0.0}, 0.0).f1; }

constexpr double keep_seed = std::numeric_limits<double>::infinity();  // a penalty that allows no correction

// The seed model corrected with, per category, its own penalty
// (keep_seed: that category stays as the seed model has it).
Classifier with_strengths(const Classifier& seed, const std::vector<const TrainingRow*>& rows, const CueRules& rules,
                          const AdaptationOptions& options, const std::vector<double>& strengths) {
  std::vector<double> distinct;
  for (double l2 : strengths)
    if (l2 != keep_seed && std::find(distinct.begin(), distinct.end(), l2) == distinct.end()) distinct.push_back(l2);
  Classifier model = seed;
  for (double l2 : distinct) {
    AdaptationOptions one = options;
    one.penalty.l2 = l2;
    std::vector<double> share(strengths.size());
    for (std::size_t c = 0; c < strengths.size(); ++c) share[c] = strengths[c] == l2 ? 1.0 : 0.0;
    model = Classifier::blend(model, adapted(seed, rows, rules, one), share);
  }
  return model;
}

// Per category, the correction's penalty: with the exact solver and
// "strength_choices", the one (or none: keep_seed) whose whole tagger has the
// best out-of-fold F1 on the reviewed rows, for a category with enough
// positive and negative rows to tell; otherwise penalty.l2. So rows that do
// not teach a category anything it can use on unseen rows of their kind
// leave it as the seed model has it.
std::vector<double> chosen_strengths(const Classifier& seed, const std::vector<TrainingRow>& reviewed,
                                     const std::shared_ptr<const CueRules>& rules, const AdaptationOptions& options,
                                     AdaptationReport* report) {
  const auto& categories = seed.categories();
  const std::size_t C = categories.size();
  std::vector<double> strengths(C, options.penalty.l2);
  const int folds = options.threshold_folds >= 2 ? options.threshold_folds : 5;
  // Augmentation has no strength to choose, only whether to use it at all.
  const std::vector<double> choices =
      options.augment ? (options.augment_guard ? std::vector<double>{options.penalty.l2} : std::vector<double>{})
                      : (options.exact ? options.strength_choices : std::vector<double>{});
  if (choices.empty() || reviewed.size() < static_cast<std::size_t>(2 * options.threshold_min_rows))
    return strengths;
  // The seed model needs no folds: it never saw the reviewed rows.
  const auto unchanged = out_of_fold_scores(seed, reviewed, rules, folds, [&](const auto&) { return seed; });
  std::vector<std::vector<std::vector<ScoredLabel>>> by_choice;
  for (double l2 : choices) {
    AdaptationOptions one = options;
    one.penalty.l2 = l2;
    by_choice.push_back(out_of_fold_scores(seed, reviewed, rules, folds, [&](const std::vector<const TrainingRow*>& rows) {
      return adapted(seed, rows, *rules, one);
    }));
  }
  for (std::size_t c = 0; c < C; ++c) {
    if (!enough_rows(unchanged[c], options.threshold_min_rows)) continue;
    double best = f1_at_even_odds(unchanged[c]);
    strengths[c] = keep_seed;
    nlohmann::json tried = {{"seed", best}};
    for (std::size_t k = 0; k < by_choice.size(); ++k) {
      const double f1 = f1_at_even_odds(by_choice[k][c]);
      tried[options.augment ? std::string("augment") : std::to_string(choices[k])] = f1;
      if (f1 > best + 1e-9) {
        best = f1;
        strengths[c] = choices[k];
      }
    }
    if (report)
      report->strengths[categories[c]] = {{"penalty_l2", strengths[c] == keep_seed ? nlohmann::json(nullptr)
                                                                                      : nlohmann::json(strengths[c])},
                                          {"out_of_fold_f1", tried}};
  }
  return strengths;
}

// Per model category, the shift of its decision offset with the best
// out-of-fold F1 on `reviewed` (0 where the rows are too few to say).
std::vector<double> fitted_shifts(const Classifier& seed, const std::vector<TrainingRow>& reviewed,
                                  const std::shared_ptr<const CueRules>& rules, const AdaptationOptions& options,
                                  const ModelMaker& make, AdaptationReport* report) {
  const auto& categories = seed.categories();
  const std::size_t C = categories.size();
  std::vector<double> shifts(C, 0.0);
  const int folds = options.threshold_folds;
  if (folds < 2 || reviewed.size() < static_cast<std::size_t>(2 * options.threshold_min_rows)) return shifts;
  const auto scored = out_of_fold_scores(seed, reviewed, rules, folds, make);
  std::vector<double> candidates;  // log-odds shifts, -max … +max in steps of 0.1
  const int steps = static_cast<int>(std::round(options.threshold_max_shift * 10));
  for (int s = -steps; s <= steps; ++s) candidates.push_back(s / 10.0);
  for (std::size_t c = 0; c < C; ++c) {
    if (!enough_rows(scored[c], options.threshold_min_rows)) continue;
    const ThresholdFit before = best_f1_threshold(scored[c], {0.0}, 0.0);
    const ThresholdFit after = best_f1_threshold(scored[c], candidates, 0.0);
    shifts[c] = after.threshold;
    if (report && after.threshold != 0.0)
      report->thresholds[categories[c]] = {{"shift", after.threshold},
                                           {"before", {{"precision", before.precision}, {"recall", before.recall}, {"f1", before.f1}}},
                                           {"after", {{"precision", after.precision}, {"recall", after.recall}, {"f1", after.f1}}}};
  }
  return shifts;
}

// The threshold on calibrated log-odds whose F1 expected under those
// probabilities themselves is best: each row counts as a sigmoid(score)
// share of a positive, so a few dozen labels do not jerk it around the way
// the best F1 on the labels does.
double best_expected_f1_threshold(const std::vector<ScoredLabel>& rows, const std::vector<double>& candidates) {
  double expected_positives = 0;
  for (const auto& row : rows) expected_positives += row.weight * sigmoid(row.score);
  double best = 0, best_f1 = -1;
  for (double t : candidates) {
    double expected_hits = 0, predicted = 0;
    for (const auto& row : rows)
      if (row.score >= t) {
        expected_hits += row.weight * sigmoid(row.score);
        predicted += row.weight;
      }
    const double f1 = predicted + expected_positives > 0 ? 2 * expected_hits / (predicted + expected_positives) : 0;
    if (f1 > best_f1 + 1e-12 || (std::abs(f1 - best_f1) <= 1e-12 && std::abs(t) < std::abs(best))) {
      best_f1 = f1;
      best = t;
    }
  }
  return best;
}

// One category's reviewed rows as the stack sees them: per row the seed,
// augmented and reviewed-only models' out-of-fold log-odds.
struct StackRows {
  std::vector<std::vector<double>> inputs;
  std::vector<bool> positive;
  std::vector<double> weight;
};

struct StackDecision {
  StackFit fit;
  double threshold = 0;  // on the stacked log-odds
};

// The stack fitted on `rows` and its decision threshold (options.stack_threshold).
StackDecision decide(const StackRows& rows, const AdaptationOptions& options, const std::vector<double>& candidates) {
  StackDecision out;
  out.fit = fit_stack(rows.inputs, rows.positive, rows.weight, {1.0, 0.0, 0.0}, options.stack_penalty);
  std::vector<ScoredLabel> stacked_scores;
  for (std::size_t i = 0; i < rows.inputs.size(); ++i)
    stacked_scores.push_back({stacked_log_odds(out.fit, rows.inputs[i]), rows.positive[i], rows.weight[i]});
  if (options.stack_threshold == "f1") out.threshold = best_f1_threshold(stacked_scores, candidates, 0.0).threshold;
  if (options.stack_threshold == "expected_f1") out.threshold = best_expected_f1_threshold(stacked_scores, candidates);
  return out;
}

// The stack's decisions on each fold of `rows` (log-odds minus threshold:
// >= 0 is a positive) when fitted, weights and threshold, on the other folds.
std::vector<ScoredLabel> nested_decisions(const StackRows& rows, const AdaptationOptions& options,
                                          const std::vector<double>& candidates, int folds) {
  std::vector<ScoredLabel> decided(rows.inputs.size());
  for (int f = 0; f < folds; ++f) {
    StackRows train;
    for (std::size_t i = 0; i < rows.inputs.size(); ++i)
      if (fold_of(i, folds) != f) {
        train.inputs.push_back(rows.inputs[i]);
        train.positive.push_back(rows.positive[i]);
        train.weight.push_back(rows.weight[i]);
      }
    const StackDecision decision = decide(train, options, candidates);
    for (std::size_t i = 0; i < rows.inputs.size(); ++i)
      if (fold_of(i, folds) == f)
        decided[i] = {stacked_log_odds(decision.fit, rows.inputs[i]) - decision.threshold, rows.positive[i],
                      rows.weight[i]};
  }
  return decided;
}

// The share of bootstrap resamples of the rows (the same rows, in the same
// order, in `a` and `b`) on which `a`'s decisions (score >= 0) have a higher
// F1 than `b`'s: how sure the rows are that `a` is better, not only that it
// came out ahead once. Ties count half. Deterministic.
double share_better(const std::vector<ScoredLabel>& a, const std::vector<ScoredLabel>& b) {
  constexpr int resamples = 400;
  const std::size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0;
  std::uint64_t state = 0x5EEDull;
  double better = 0;
  for (int r = 0; r < resamples; ++r) {
    double tp_a = 0, fp_a = 0, fn_a = 0, tp_b = 0, fp_b = 0, fn_b = 0;
    for (std::size_t k = 0; k < n; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;  // an LCG is plenty for resampling
      const std::size_t i = static_cast<std::size_t>((state >> 33) % n);
      const double w = a[i].weight;
      const bool pa = a[i].score >= 0, pb = b[i].score >= 0, y = a[i].positive;
      tp_a += (pa && y) * w, fp_a += (pa && !y) * w, fn_a += (!pa && y) * w;
      tp_b += (pb && y) * w, fp_b += (pb && !y) * w, fn_b += (!pb && y) * w;
    }
    const double f1_a = tp_a > 0 ? 2 * tp_a / (2 * tp_a + fp_a + fn_a) : 0;
    const double f1_b = tp_b > 0 ? 2 * tp_b / (2 * tp_b + fp_b + fn_b) : 0;
    better += f1_a > f1_b + 1e-12 ? 1.0 : std::abs(f1_a - f1_b) <= 1e-12 ? 0.5 : 0.0;
  }
  return better / resamples;
}

// The seed model, the augmented model and a model of the reviewed rows
// alone, stacked per category on their out-of-fold log-odds (options.stack).
Classifier stacked(const Classifier& seed, const std::vector<TrainingRow>& reviewed,
                   const std::shared_ptr<const CueRules>& rules, const AdaptationOptions& options,
                   AdaptationReport* report) {
  const auto& categories = seed.categories();
  const std::size_t C = categories.size();
  AdaptationOptions plain = options;
  plain.augment = true;
  const ModelMaker with_seed = [&](const std::vector<const TrainingRow*>& rows) {
    return augmented(seed, rows, *rules, plain);
  };
  // The rows' own model, holding every feature of the seed model (at weight
  // 0 where the rows never showed it): a cue rule it has no weight for
  // would otherwise count at its rule-file weight when this model is scored
  // alone (Tagger), but not once it is summed with the seed model.
  const ModelMaker alone = [&](const std::vector<const TrainingRow*>& rows) {
    std::vector<TrainingRow> own;
    for (const TrainingRow* row : rows) own.push_back(*row);
    return Classifier::weighted_sum(train_classifier(own, *rules), std::vector<double>(C, 1.0), seed,
                                    std::vector<double>(C, 0.0));
  };
  std::vector<const TrainingRow*> all;
  for (const auto& row : reviewed) all.push_back(&row);
  // Model m's scale and the offset's shift per category: the seed model
  // alone, unshifted, unless the rows can judge the category.
  std::vector<std::vector<double>> scale(3, std::vector<double>(C, 0.0));
  scale[0].assign(C, 1.0);
  std::vector<double> shift(C, 0.0);
  if (reviewed.size() >= static_cast<std::size_t>(options.stack_min_rows)) {
    const int folds = options.threshold_folds >= 2 ? options.threshold_folds : 5;
    // The seed model needs no folds: it never saw the reviewed rows.
    const std::vector<std::vector<std::vector<ScoredLabel>>> scored = {
        out_of_fold_scores(seed, reviewed, rules, folds, [&](const auto&) { return seed; }),
        out_of_fold_scores(seed, reviewed, rules, folds, with_seed),
        out_of_fold_scores(seed, reviewed, rules, folds, alone)};
    std::vector<double> candidates;  // log-odds thresholds, -max … +max in steps of 0.1
    const int steps = static_cast<int>(std::round(options.threshold_max_shift * 10));
    for (int s = -steps; s <= steps; ++s) candidates.push_back(s / 10.0);
    for (std::size_t c = 0; c < C; ++c) {
      if (!enough_rows(scored[0][c], options.stack_min_rows)) {
        // Rows that never (or always) show the category still teach its
        // rate here, which F1 cannot weigh: the augmented model learns it.
        if (one_kind_only(scored[0][c], options.stack_min_rows)) {
          scale[0][c] = 0;
          scale[1][c] = 1;
          if (report) report->strengths[categories[c]] = {{"stack", {{"kept", false}, {"augmented_only", true}}}};
        }
        continue;
      }
      StackRows rows;
      for (std::size_t i = 0; i < scored[0][c].size(); ++i) {
        rows.inputs.push_back({scored[0][c][i].score, scored[1][c][i].score, scored[2][c][i].score});
        rows.positive.push_back(scored[0][c][i].positive);
        rows.weight.push_back(scored[0][c][i].weight);
      }
      const StackDecision decision = decide(rows, options, candidates);
      // The stack's F1 on rows its own fit never saw (its weights and
      // threshold fitted on the other folds of these out-of-fold scores),
      // against the seed model's own decisions.
      const std::vector<ScoredLabel> stacked_decisions = nested_decisions(rows, options, candidates, folds);
      const double seed_f1 = f1_at_even_odds(scored[0][c]);
      const double stacked_f1 = f1_at_even_odds(stacked_decisions);
      const double confidence = share_better(stacked_decisions, scored[0][c]);
      // A stack of the seed model alone only re-places its threshold, which
      // a few dozen labels cannot do better than the seed set's thousands:
      // the other models must carry at least a tenth of the seed model's
      // weight (their log-odds are on the same scale) to change anything.
      const bool adds_a_model = decision.fit.weights[1] + decision.fit.weights[2] >= 0.1 * decision.fit.weights[0];
      const bool keep = adds_a_model && (!options.stack_guard || confidence >= options.stack_confidence);
      if (keep) {
        for (std::size_t m = 0; m < 3; ++m) scale[m][c] = decision.fit.weights[m];
        // z = bias + sum scale * z_m >= threshold  <=>  sigmoid(z_sum - offset) >= 0.5
        shift[c] = decision.threshold - decision.fit.bias;
      }
      if (report)
        report->strengths[categories[c]] = {
            {"stack", {{"kept", keep},
                       {"seed", decision.fit.weights[0]},
                       {"augmented", decision.fit.weights[1]},
                       {"reviewed_only", decision.fit.weights[2]},
                       {"bias", decision.fit.bias},
                       {"threshold", decision.threshold}}},
            {"out_of_fold_f1", {{"seed", seed_f1},
                                {"augment", f1_at_even_odds(scored[1][c])},
                                {"reviewed_only", f1_at_even_odds(scored[2][c])},
                                {"stacked", stacked_f1}}},
            {"share_of_resamples_better", confidence}};
    }
  }
  bool any = false;
  for (std::size_t c = 0; c < C; ++c) any = any || scale[1][c] != 0 || scale[2][c] != 0;
  Classifier model = seed;
  if (any) {
    const std::vector<double> ones(C, 1.0);
    model = Classifier::weighted_sum(seed, scale[0], with_seed(all), scale[1]);
    model = Classifier::weighted_sum(model, ones, alone(all), scale[2]);
  } else {
    model = Classifier::weighted_sum(seed, scale[0], seed, std::vector<double>(C, 0.0));
  }
  for (std::size_t c = 0; c < C; ++c) model.offsets()[c] += shift[c];
  return model;
}

}  // namespace

Classifier adapt_to_reviews(const Classifier& seed, const std::vector<TrainingRow>& reviewed,
                            const std::shared_ptr<const CueRules>& rules, const AdaptationOptions& options,
                            AdaptationReport* report) {
  if (reviewed.empty()) return seed;
  if (options.stack) return stacked(seed, reviewed, rules, options, report);
  std::vector<const TrainingRow*> all;
  for (const auto& row : reviewed) all.push_back(&row);
  const std::vector<double> strengths = chosen_strengths(seed, reviewed, rules, options, report);
  const ModelMaker make = [&](const std::vector<const TrainingRow*>& rows) {
    return with_strengths(seed, rows, *rules, options, strengths);
  };
  Classifier model = make(all);
  const std::vector<double> shifts = fitted_shifts(seed, reviewed, rules, options, make, report);
  // confidence = sigmoid(z - offset): a larger offset, a higher bar.
  for (std::size_t c = 0; c < shifts.size(); ++c) model.offsets()[c] += shifts[c];
  return model;
}

}  // namespace grounded::tagger
