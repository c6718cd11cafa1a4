#include "icp/score_board.hpp"

#include "icp/account_evidence.hpp"

namespace grounded::icp {

ScoreBoard score_accounts(store::Database& db, std::optional<Id> account_id, std::string today) {
  if (today.empty()) today = today_utc();
  ScoreBoard board;
  board.version = current_matrix_version(db);
  board.matrix = current_matrix(db);
  for_each_account_facts(db, board.matrix, account_id,
                         [&](AccountFacts&& facts) { board.scores.push_back(score_account(board.matrix, facts, today)); });
  board.distribution = tier_distribution(board.matrix, board.scores);
  return board;
}

}  // namespace grounded::icp
