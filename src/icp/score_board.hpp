// Scores computed on read: the matrix in force, every account's facts, one
// score each, and the tier distribution. What routes and verbs call; scores
// therefore follow every change to accounts, tags and the matrix.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "icp/matrix_store.hpp"
#include "icp/scoring.hpp"
#include "store/database.hpp"

namespace grounded::icp {

struct ScoreBoard {
  MatrixVersion version;
  Matrix matrix;
  std::vector<AccountScore> scores;       // by account name
  std::vector<TierCount> distribution;
};

// Every account, or one (Error(not_found) for an unknown id). `today` is an
// ISO date for recency (tests); empty = today in UTC.
ScoreBoard score_accounts(store::Database& db, std::optional<Id> account_id = std::nullopt, std::string today = "");

}  // namespace grounded::icp
