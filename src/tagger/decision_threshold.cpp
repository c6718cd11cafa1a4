#include "tagger/decision_threshold.hpp"

#include <cmath>

namespace grounded::tagger {

ThresholdFit best_f1_threshold(const std::vector<ScoredLabel>& rows, const std::vector<double>& candidates,
                               double preferred) {
  ThresholdFit best;
  best.threshold = preferred;
  double best_f1 = -1;
  for (double t : candidates) {
    double tp = 0, fp = 0, fn = 0;
    for (const auto& row : rows) {
      const bool predicted = row.score >= t;
      tp += (predicted && row.positive) * row.weight;
      fp += (predicted && !row.positive) * row.weight;
      fn += (!predicted && row.positive) * row.weight;
    }
    const double p = tp + fp > 0 ? tp / (tp + fp) : 0, r = tp + fn > 0 ? tp / (tp + fn) : 0;
    const double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    if (f1 > best_f1 + 1e-9 ||
        (std::abs(f1 - best_f1) <= 1e-9 && std::abs(t - preferred) < std::abs(best.threshold - preferred))) {
      best_f1 = f1;
      best = {t, p, r, f1};
    }
  }
  if (best.f1 <= 0) best = {preferred, 0, 0, 0};
  return best;
}

}  // namespace grounded::tagger
