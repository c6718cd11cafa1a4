// How unsure the tagger is about a suggestion, for the review queue's
// "uncertainty first" order: reviewing what the model is least sure of
// teaches it the most (uncertainty sampling, as in active learning).
//
// A category's margin uncertainty is 1 - |2p - 1| for its confidence p: 1 on
// the decision boundary (p = 0.5), 0 when sure either way. A suggestion's
// uncertainty is the mean of its own and of its excerpt's average over every
// category, so among equally borderline suggestions the excerpt the model
// hesitates on in several categories (say pain_point 0.55 and objection
// 0.45) comes first: its review settles more than one decision.
#pragma once

#include "tagger/tagger.hpp"

namespace grounded::tagger {

double margin_uncertainty(double probability);

// The uncertainty of suggesting `suggestion` for the text of `analysis`, in [0, 1].
double review_uncertainty(const Analysis& analysis, const CategoryScore& suggestion);

}  // namespace grounded::tagger
