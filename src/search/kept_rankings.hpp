// Rankings kept for very common queries, and for ones slow to rank (issue 14).
//
// FTS5 computes BM25 at ~2-3 µs a match, so a word in most of a million
// excerpts cannot be ranked within a search's time budget on every request,
// and ranking only the newest matches would hide the best ones. Instead the
// first search for such an expression ranks every match (exactly) and keeps
// the best `per_group` customer-speech matches and the best `per_group`
// others by BM25, with facet counts over all matches. Later searches rank
// those plus every excerpt added since (ids above the watermark): a relevance-
// ordered subset, exact for every page that lies inside it, since a match
// left out scores below everything kept in its group (search.cpp checks
// that, and ranks every match again when a page reaches past it).
//
// Kept rankings are valid while search_generation (schema/0011_scale.sql) is
// unchanged: a deleted or edited excerpt, or a changed kind, speaker role or
// study, drops them. They live in this process (memory only, nothing is
// written to the database), are shared by its threads, and are keyed by the
// database file (path and inode) and the FTS expression; in-memory databases
// keep none.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::search {

struct KeptMatch {
  Id id = 0;
  double bm25 = 0;  // FTS5 rank: lower is better
};

struct KeptRanking {
  std::int64_t generation = 0;  // search_generation when ranked
  Id watermark = 0;             // the highest excerpt id the ranking saw
  std::int64_t matches = 0;     // every match then
  std::string ranked_at;        // UTC, for the note
  std::vector<KeptMatch> customer, others;  // best first; complete when shorter than per_group
  std::int64_t customer_matches = 0, other_matches = 0;
  std::map<std::string, std::int64_t> facets_kind, facets_role;
  std::map<Id, std::int64_t> facets_study;
};

// The key of a database for kept rankings, "" for one that keeps none
// (in memory, or a file that cannot be identified).
std::string kept_rankings_key(store::Database& db);

// The kept ranking of `expression`, or null.
std::shared_ptr<const KeptRanking> find_kept_ranking(const std::string& db_key, const std::string& expression);

// Keeps (or replaces) the ranking of `expression`. Bounded: past a few
// hundred expressions the oldest are forgotten.
void keep_ranking(const std::string& db_key, const std::string& expression, std::shared_ptr<const KeptRanking> ranking);

// Forgets the ranking of `expression` (it went stale).
void forget_ranking(const std::string& db_key, const std::string& expression);

// The current search_generation of the database.
std::int64_t search_generation(store::Database& db);

}  // namespace grounded::search
