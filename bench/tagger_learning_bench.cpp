// The tagger's learning curve on one labeled set (a `text,labels` CSV, e.g.
// a public set mapped by bench/tagger_learning_curve.sh): F1 on held-out rows
// after 0, 50, 100, 200 and 400 of the set's other rows become reviewed
// examples of the repository: the seed model adapted to them at --weights
// (adapt_to_reviews, what `grounded tagger train` does), several shuffles
// (--seeds) averaged. Beside it, two baselines in the same run: "pooled",
// the previous way (those rows mixed into the seed set at the first weight and
// everything retrained), and "reviewed_only" (those rows alone, no seed set).
// --select uncertainty picks the rows the seed model is least sure of
// (margin, tagger/uncertainty.hpp) instead of random ones. --epochs, --l2 and
// --learning-rate override learning.json's adaptation options, for tuning.
// Prints JSON; the target is +10 F1 points at 200.
//
//   tagger_learning_bench --gold FILE.csv [--sizes 0,50,100,200,400] [--seeds 3]
//                         [--weights 5] [--held-out 600] [--select random|uncertainty]
//                         [--epochs N] [--l2 X] [--learning-rate X] [--fit-bias 0|1] [--baselines 0|1]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>

#include "tagger/adaptation.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/reviewed_examples.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"
#include "tagger/uncertainty.hpp"

using namespace grounded::tagger;

namespace {

std::vector<double> numbers(const std::string& list) {
  std::vector<double> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::atof(item.c_str()));
  return out;
}

// splitmix64: the same shuffle on every machine.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <class T>
void shuffle(std::vector<T>& items, std::uint64_t seed) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[next(seed) % i]);
}

// Per category: F1 of `tagger` on `rows` ("job"), and its precision and
// recall beside it ("job precision", "job recall": not counted in the mean).
bool diagnose = false;  // --diagnose 1

std::map<std::string, double> f1_of(const Tagger& tagger, const std::vector<LabeledText>& rows,
                                    const std::vector<std::string>& categories) {
  std::map<std::string, double> tp, fp, fn;
  for (const auto& row : rows) {
    std::vector<std::string> predicted;
    for (const auto& s : tagger.suggest(row.text)) predicted.push_back(s.category);
    for (const auto& c : categories) {
      bool p = std::find(predicted.begin(), predicted.end(), c) != predicted.end();
      bool g = std::find(row.labels.begin(), row.labels.end(), c) != row.labels.end();
      tp[c] += p && g;
      fp[c] += p && !g;
      fn[c] += !p && g;
    }
  }
  std::map<std::string, double> out;
  if (diagnose) {
    // Diagnostic only (never a figure): the best F1 any one threshold on the
    // confidence would give on these rows, and the ranking's AUC, so a loss
    // can be told apart as ranking or decision threshold.
    for (const auto& c : categories) {
      std::vector<std::pair<double, bool>> scored;
      for (const auto& row : rows) {
        double confidence = 0;
        for (const auto& s : tagger.analyze(row.text).scores)
          if (s.category == c) confidence = s.confidence;
        scored.push_back({confidence, std::find(row.labels.begin(), row.labels.end(), c) != row.labels.end()});
      }
      std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      double positives = 0;
      for (const auto& [p, g] : scored) positives += g;
      double hits = 0, best = 0, best_at = 1, pairs = 0, above = 0;
      for (std::size_t i = 0; i < scored.size(); ++i) {
        hits += scored[i].second;
        if (scored[i].second) above += 1;
        else pairs += above;
        double f1 = 2 * hits / (positives + static_cast<double>(i + 1));
        if (f1 > best) best = f1, best_at = scored[i].first;
      }
      const double negatives = static_cast<double>(scored.size()) - positives;
      out[c + " oracle_f1"] = best;
      out[c + " oracle_threshold"] = best_at;
      out[c + " auc"] = positives > 0 && negatives > 0 ? pairs / (positives * negatives) : 0;
    }
  }
  for (const auto& c : categories) {
    double denominator = 2 * tp[c] + fp[c] + fn[c];
    out[c] = denominator > 0 ? 2 * tp[c] / denominator : 0.0;
    out[c + " precision"] = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0.0;
    out[c + " recall"] = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0.0;
  }
  return out;
}

// The mean F1 over the categories of `f1` (precision and recall left out).
double mean_of(const std::map<std::string, double>& f1) {
  double sum = 0, n = 0;
  for (const auto& [c, v] : f1)
    if (c.find(' ') == std::string::npos) {
      sum += v;
      ++n;
    }
  return n > 0 ? sum / n : 0;
}

// The rows of `pool` the seed model is least sure of first.
void order_by_uncertainty(std::vector<LabeledText>& pool) {
  std::vector<std::pair<double, std::size_t>> scored;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    Analysis a = Tagger::builtin().analyze(pool[i].text);
    double u = 0;
    for (const auto& s : a.scores) u = std::max(u, margin_uncertainty(s.confidence));
    scored.push_back({-u, i});
  }
  std::stable_sort(scored.begin(), scored.end());
  std::vector<LabeledText> out;
  for (const auto& [u, i] : scored) out.push_back(pool[i]);
  pool = std::move(out);
}

std::string json_f1(const std::map<std::string, double>& f1) {
  std::string out = "{";
  for (const auto& [c, v] : f1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s\"%s\":%.3f", out.size() > 1 ? "," : "", c.c_str(), v);
    out += buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s\"mean\":%.3f}", out.size() > 1 ? "," : "", mean_of(f1));
  return out + buf;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gold_path, select = "random";
  std::vector<double> sizes{0, 50, 100, 200, 400}, weights{default_reviewed_weight()};
  int seeds = 3;
  std::size_t held_out = 600;
  AdaptationOptions adaptation = adaptation_options();
  bool baselines = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i], value = argv[i + 1];
    if (name == "--gold") gold_path = value;
    else if (name == "--sizes") sizes = numbers(value);
    else if (name == "--weights") weights = numbers(value);
    else if (name == "--seeds") seeds = std::max(1, std::atoi(value.c_str()));
    else if (name == "--held-out") held_out = std::strtoul(value.c_str(), nullptr, 10);
    else if (name == "--select") select = value;
    else if (name == "--epochs") adaptation.correction.epochs = std::max(1, std::atoi(value.c_str()));
    else if (name == "--l2") adaptation.correction.l2 = std::atof(value.c_str());
    else if (name == "--learning-rate") adaptation.correction.learning_rate = std::atof(value.c_str());
    else if (name == "--fit-bias") adaptation.correction.fit_bias = value != "0";
    else if (name == "--adagrad") adaptation.correction.adagrad = value != "0";
    else if (name == "--threshold-folds") adaptation.threshold_folds = std::atoi(value.c_str());
    else if (name == "--threshold-min-rows") adaptation.threshold_min_rows = std::atoi(value.c_str());
    else if (name == "--threshold-max-shift") adaptation.threshold_max_shift = std::atof(value.c_str());
    else if (name == "--solver") adaptation.exact = value == "exact";
    else if (name == "--penalty-l2") adaptation.penalty.l2 = std::atof(value.c_str());
    else if (name == "--strengths") adaptation.strength_choices = numbers(value);
    else if (name == "--keep-rate") adaptation.penalty.keep_rate = value != "0";
    else if (name == "--bias-l2") adaptation.penalty.bias_l2 = std::atof(value.c_str());
    else if (name == "--blend-rows") adaptation.blend_rows = std::atof(value.c_str());
    else if (name == "--method") {
      adaptation.augment = value == "augment";
      adaptation.stack = value == "stack";
    } else if (name == "--stack-penalty") adaptation.stack_penalty = std::atof(value.c_str());
    else if (name == "--stack-min-rows") adaptation.stack_min_rows = std::atoi(value.c_str());
    else if (name == "--stack-confidence") adaptation.stack_confidence = std::atof(value.c_str());
    else if (name == "--stack-guard") adaptation.stack_guard = value != "0";
    else if (name == "--stack-threshold") adaptation.stack_threshold = value;
    else if (name == "--augment-epochs") adaptation.augment_training.epochs = std::max(1, std::atoi(value.c_str()));
    else if (name == "--augment-learning-rate") adaptation.augment_training.learning_rate = std::atof(value.c_str());
    else if (name == "--augment-l2") adaptation.augment_training.l2 = std::atof(value.c_str());
    else if (name == "--augment-bias") adaptation.augment_bias = value != "0";
    else if (name == "--augment-guard") adaptation.augment_guard = value != "0";
    else if (name == "--augment-adagrad") adaptation.augment_training.adagrad = value != "0";
    else if (name == "--baselines") baselines = value != "0";
    else if (name == "--diagnose") diagnose = value != "0";
    else {
      std::cerr << "unknown option " << name << "\n";
      return 1;
    }
  }
  if (gold_path.empty() || (select != "random" && select != "uncertainty")) {
    std::cerr << "usage: tagger_learning_bench --gold FILE.csv [--sizes 0,50,100,200,400] [--seeds 3] "
                 "[--weights 5] [--held-out 600] [--select random|uncertainty] [--epochs N] [--l2 X] "
                 "[--learning-rate X]\n";
    return 1;
  }
  std::ifstream in(gold_path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<LabeledText> gold = parse_labeled_csv(buffer.str());
  // The categories the set labels at all: the others have no gold to score.
  std::vector<std::string> categories;
  for (const auto& key : Taxonomy::builtin().keys())
    for (const auto& row : gold)
      if (std::find(row.labels.begin(), row.labels.end(), key) != row.labels.end()) {
        categories.push_back(key);
        break;
      }
  const std::size_t largest = static_cast<std::size_t>(*std::max_element(sizes.begin(), sizes.end()));
  held_out = std::min(held_out, gold.size() > largest ? gold.size() - largest : 0);
  if (categories.empty() || held_out < 50) {
    std::cerr << gold_path << ": too few rows or no labeled category for this curve\n";
    return 1;
  }
  const std::vector<TrainingRow> seed_rows = rows_from_labeled(seed_training_set());
  const auto started = std::chrono::steady_clock::now();
  double seconds_training = 0;
  int trainings = 0;
  // [weight][size] → per-category F1 summed over seeds; the baselines per size.
  std::map<double, std::map<double, std::map<std::string, double>>> adapted;
  std::map<double, std::map<std::string, double>> pooled, reviewed_only;
  // [weight][size] → each shuffle's mean F1, for the spread of the gain.
  std::map<double, std::map<double, std::vector<double>>> per_seed;
  const auto seed = seed_model();
  const auto rules_ptr = CueRules::builtin();
  const CueRules& rules = *rules_ptr;
  for (int s = 0; s < seeds; ++s) {
    std::vector<LabeledText> rows = gold;
    shuffle(rows, 1000 + static_cast<std::uint64_t>(s));
    std::vector<LabeledText> test(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(held_out));
    std::vector<LabeledText> pool(rows.begin() + static_cast<std::ptrdiff_t>(held_out), rows.end());
    if (select == "uncertainty") order_by_uncertainty(pool);
    for (double size : sizes) {
      std::vector<LabeledText> taught(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(size));
      auto taught_rows = [&](double weight) {
        std::vector<TrainingRow> out = rows_from_labeled(taught);
        for (auto& row : out) row.weight = weight;
        return out;
      };
      for (double weight : weights) {
        std::map<std::string, double> f1;
        if (size == 0) {
          f1 = f1_of(Tagger::builtin(), test, categories);
        } else {
          auto t0 = std::chrono::steady_clock::now();
          AdaptationReport report;
          auto model = std::make_shared<const Classifier>(adapt_to_reviews(*seed, taught_rows(weight), rules_ptr, adaptation, &report));
          if (diagnose) std::cerr << "shuffle " << s << " rows " << size << ": " << report.strengths.dump() << "\n";
          seconds_training += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          ++trainings;
          f1 = f1_of(Tagger(model), test, categories);
        }
        for (const auto& [c, v] : f1) adapted[weight][size][c] += v / seeds;
        per_seed[weight][size].push_back(mean_of(f1));
      }
      if (size > 0 && baselines) {
        std::vector<TrainingRow> train = seed_rows;
        for (auto& row : taught_rows(weights.front())) train.push_back(std::move(row));
        auto mixed = std::make_shared<const Classifier>(train_classifier(train, rules));
        for (const auto& [c, v] : f1_of(Tagger(mixed), test, categories)) pooled[size][c] += v / seeds;
        auto alone = std::make_shared<const Classifier>(train_classifier(rows_from_labeled(taught), rules));
        for (const auto& [c, v] : f1_of(Tagger(alone), test, categories)) reviewed_only[size][c] += v / seeds;
      }
    }
  }
  std::string strengths_text;
  for (double l2 : adaptation.strength_choices) strengths_text += (strengths_text.empty() ? "" : ",") + std::to_string(l2);
  std::printf("{\"benchmark\":\"tagger_learning_curve\",\"gold\":\"%s\",\"rows\":%zu,\"held_out\":%zu,\"seeds\":%d,"
              "\"select\":\"%s\",\"seed_rows\":%zu,\"adaptation\":{\"epochs\":%d,\"l2\":%g,\"learning_rate\":%g,\"fit_bias\":%s,\"adagrad\":%s,"
              "\"threshold_folds\":%d,\"threshold_min_rows\":%d,\"threshold_max_shift\":%g,\"blend_rows\":%g,\"solver\":\"%s\",\"penalty_l2\":%g,\"bias_l2\":%g,\"keep_rate\":%s,\"strength_choices\":\"%s\",\"method\":\"%s\"},"
              "\"mean_training_seconds\":%.2f,\"curves\":[",
              gold_path.c_str(), gold.size(), held_out, seeds, select.c_str(), seed_rows.size(), adaptation.correction.epochs,
              adaptation.correction.l2, adaptation.correction.learning_rate,
              adaptation.correction.fit_bias ? "true" : "false", adaptation.correction.adagrad ? "true" : "false",
              adaptation.threshold_folds, adaptation.threshold_min_rows, adaptation.threshold_max_shift,
              adaptation.blend_rows, adaptation.exact ? "exact" : "sgd", adaptation.penalty.l2, adaptation.penalty.bias_l2,
              adaptation.penalty.keep_rate ? "true" : "false", strengths_text.c_str(), adaptation.stack ? "stack" : adaptation.augment ? "augment" : "correction",
              trainings ? seconds_training / trainings : 0.0);
  bool first_curve = true;
  for (double weight : weights) {
    const double at0 = mean_of(adapted[weight][sizes.front()]);
    std::printf("%s{\"reviewed_weight\":%g,\"points\":[", first_curve ? "" : ",", weight);
    first_curve = false;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      double size = sizes[i];
      const auto& f1 = adapted[weight][size];
      // The gain's spread over shuffles: each shuffle's gain against its own 0 rows.
      std::vector<double> gains;
      for (std::size_t k = 0; k < per_seed[weight][size].size(); ++k)
        gains.push_back(100 * (per_seed[weight][size][k] - per_seed[weight][sizes.front()][k]));
      const double low = gains.empty() ? 0 : *std::min_element(gains.begin(), gains.end());
      const double high = gains.empty() ? 0 : *std::max_element(gains.begin(), gains.end());
      std::printf("%s{\"reviewed\":%g,\"gain_min\":%.1f,\"gain_max\":%.1f,\"adapted\":%s,\"gain_points\":%.1f,\"pooled\":%s,\"pooled_gain_points\":%s,"
                  "\"reviewed_only\":%s}",
                  i ? "," : "", size, low, high, json_f1(f1).c_str(), 100 * (mean_of(f1) - at0),
                  size > 0 ? json_f1(pooled[size]).c_str() : "null",
                  size > 0 ? std::to_string(100 * (mean_of(pooled[size]) - at0)).c_str() : "0",
                  size > 0 ? json_f1(reviewed_only[size]).c_str() : "null");
    }
    const auto& at200 = adapted[weight][200];
    std::printf("],\"gain_points_at_200\":%s}", at200.empty() ? "null" : std::to_string(100 * (mean_of(at200) - at0)).c_str());
  }
  std::printf("],\"target_gain_points_at_200\":10,\"seconds\":%.1f}\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return 0;
}
