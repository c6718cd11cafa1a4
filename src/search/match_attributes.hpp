// What ranking and facets read of every excerpt, held in memory (issue 14).
//
// An unfiltered search reads, per match, its source kind, speaker role,
// customer-speech flag and study: the rows of excerpt_search
// (schema/0011_scale.sql). Looking each one up in SQLite is a B-tree seek per
// match, as costly as FTS5's own BM25 (which seeks %_docsize); at a million
// excerpts a medium word has ~10,000 matches. This table holds those rows in
// an array indexed by excerpt id (16 bytes an excerpt), so the one pass over
// the matches reads only FTS5.
//
// A table is valid while search_generation is unchanged (the same rule as
// kept rankings, search/kept_rankings.hpp): a deleted or edited excerpt, or
// a changed kind, speaker role or study, bumps it and the table is read
// again. Excerpts added since are appended (ids above its watermark). Shared
// by the process's threads, keyed like kept rankings; in-memory databases and
// ids far sparser than the rows keep none (search then joins excerpt_search).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::search {

struct MatchAttributes {
  std::int64_t study_id = 0;    // 0: none
  std::uint8_t kind = 0;        // index into AttributeTable::kinds
  std::uint8_t role = 0;        // index into AttributeTable::roles
  bool customer_speech = false;
  bool present = false;         // false: no excerpt with this id
};

struct AttributeTable {
  std::int64_t generation = 0;
  Id watermark = 0;                       // the highest excerpt id read
  bool sparse = false;                    // ids too sparse to index: none kept
  std::vector<MatchAttributes> by_id;     // index: excerpt id
  std::vector<std::string> kinds, roles;  // the names of the codes

  const MatchAttributes* find(Id id) const {
    return id >= 0 && static_cast<std::size_t>(id) < by_id.size() && by_id[static_cast<std::size_t>(id)].present
               ? &by_id[static_cast<std::size_t>(id)]
               : nullptr;
  }
};

// The table of `db` at `generation`, complete up to the highest excerpt id
// now stored; null when the database keeps none (db_key empty, or ids too
// sparse to index) or while another thread is reading it.
std::shared_ptr<const AttributeTable> attribute_table(store::Database& db, const std::string& db_key,
                                                      std::int64_t generation);

}  // namespace grounded::search
