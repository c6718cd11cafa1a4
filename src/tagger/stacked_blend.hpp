// Stacking (Wolpert, "Stacked generalization", 1992) of a few models'
// log-odds for one category: a logistic regression whose inputs are the
// models' own log-odds on rows none of them was trained on (out of fold),
//   z = bias + sum_m weight[m] * z_m,
// held near a prior (the shipped model alone: weight 1 for it, 0 for the
// others) by an L2 penalty, so a few dozen reviewed rows move only as far
// as they can show. Three or four numbers per category are all the rows
// fit: the models themselves were trained elsewhere. Weights are kept
// non-negative: a model whose log-odds the rows say to invert is dropped
// instead, as its ranking did not carry to unseen rows.
#pragma once

#include <vector>

namespace grounded::tagger {

struct StackFit {
  double bias = 0;
  std::vector<double> weights;  // one per model, >= 0
};

// Fits the stack on `scores` (one row per reviewed row, one log-odds per
// model), `positive` and `weight` per row, pulled toward `prior` (one per
// model; the bias toward 0) with strength `penalty` (in rows: the prior
// counts like that many rows of unit weight). Rows of any weight: the
// weights are rescaled to a mean of 1. Returns the prior with a zero bias
// when there are no rows. Deterministic.
StackFit fit_stack(const std::vector<std::vector<double>>& scores, const std::vector<bool>& positive,
                   const std::vector<double>& weight, const std::vector<double>& prior, double penalty);

// The stack's log-odds for one row's model log-odds.
double stacked_log_odds(const StackFit& fit, const std::vector<double>& scores);

}  // namespace grounded::tagger
