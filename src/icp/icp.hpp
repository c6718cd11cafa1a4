// grounded::icp — the ICP scoring matrix and account scores (issue 13).
//
// The public surface, one include for routes and verbs:
//   matrix.hpp          the matrix as data: parse_matrix validates (errors
//                       name the attribute and field), default_matrix
//   matrix_store.hpp    the matrix in force and its saved versions (audited)
//   scoring.hpp         score_account: ratings with rules, facts and cited
//                       excerpts, signals, disqualifiers, renormalised
//                       incomplete scores, tiers — pure, no database
//   account_facts.hpp   what scoring reads about an account (plain values)
//   account_evidence.hpp  load_account_facts: those values from the database
//   score_board.hpp     score_accounts: everything above in one call
//   score_export.hpp    CSV and Markdown tables
// Every result type has a to_json, so a route is
//   send_json(res, nlohmann::json(icp::score_accounts(db).scores));
#pragma once

#include "icp/account_evidence.hpp"
#include "icp/account_facts.hpp"
#include "icp/matrix.hpp"
#include "icp/matrix_store.hpp"
#include "icp/score_board.hpp"
#include "icp/score_export.hpp"
#include "icp/scoring.hpp"
