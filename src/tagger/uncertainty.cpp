#include "tagger/uncertainty.hpp"

#include <algorithm>
#include <cmath>

namespace grounded::tagger {

double margin_uncertainty(double probability) {
  return 1.0 - std::fabs(2.0 * std::clamp(probability, 0.0, 1.0) - 1.0);
}

double review_uncertainty(const Analysis& analysis, const CategoryScore& suggestion) {
  double excerpt = 0;
  for (const auto& score : analysis.scores) excerpt += margin_uncertainty(score.confidence);
  if (!analysis.scores.empty()) excerpt /= static_cast<double>(analysis.scores.size());
  return 0.5 * margin_uncertainty(suggestion.confidence) + 0.5 * excerpt;
}

}  // namespace grounded::tagger
