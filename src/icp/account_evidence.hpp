// Reads what the scorer needs from the database, in two queries for every
// account at once (icp_bench times it at 100k accounts): each account's
// columns — whatever columns the accounts table has, plus meta.KEY for the
// scalar values of its meta object — and the tags on its customer excerpts.
// An excerpt belongs to the account of its speaker (store/excerpt_speakers.hpp),
// else of its source; interviewer and agent turns never count, nor do
// rejected tags.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "icp/account_facts.hpp"
#include "icp/matrix.hpp"
#include "store/database.hpp"

namespace grounded::icp {

// Every account (or only `account_id`; Error(not_found) when it does not
// exist), ordered by name. Tags below the matrix's evidence_min_confidence
// that are not accepted are skipped here already.
std::vector<AccountFacts> load_account_facts(store::Database& db, const Matrix& matrix,
                                             std::optional<Id> account_id = std::nullopt);

// The same one account at a time, in the same order (one pass: what
// score_accounts uses, so 100k accounts' facts are never all in memory).
// The tags are read first, grouped by account.
void for_each_account_facts(store::Database& db, const Matrix& matrix, std::optional<Id> account_id,
                            const std::function<void(AccountFacts&&)>& each);

// The query load_account_facts reads the tags with (?1 the lowest confidence
// of a suggested tag, ?2 one account id or NULL for all; 16 columns), so
// bench/icp_bench can step through it bare as its baseline.
std::string_view account_evidence_sql();

// The names of the accounts table's columns a matrix may read (every column
// but id, meta and created_at).
std::vector<std::string> account_field_names(store::Database& db);

}  // namespace grounded::icp
