// JSON form of search results: the stable output of the HTTP API and of
// `grounded search --json`.
//
// SearchResult → {
//   "hits": [SearchHit...],
//   "total": int          hits available to page through (after filters),
//   "total_exact": bool   false when "total" counts filtered matches among a kept subset only,
//   "matches": int        excerpts matching the words before filters,
//   "matches_exact": bool false when "matches" is a lower bound,
//   "ranked_subset": bool true when the page came from a kept relevance-ordered subset,
//   "ranked": int         matches ranked for this answer,
//   "facets_exact": bool  false when facets count the ranked subset only,
//   "note": string ("" when nothing to say),
//   "facets": {"kind": {name: count}, "speaker_role": {...}, "category": {...},
//              "study": {study name: count}},
//   "fts_expression": string, "limit": int, "offset": int }
// SearchHit → {
//   "excerpt_id", "source_id": int, "source_title", "source_kind", "study", "speaker",
//   "speaker_role", "participant_label", "participant_role", "occurred_at": string,
//   "start_ms": int|null, "snippet": string (plain text),
//   "highlights": [[start, end], ...] UTF-8 byte ranges into "snippet",
//   "text": string, "rank": number (higher is better) }
#pragma once

#include <nlohmann/json.hpp>

#include "search/search.hpp"

namespace grounded::search {

void to_json(nlohmann::json& j, const SearchHit& hit);
void to_json(nlohmann::json& j, const SearchResult& result);

}  // namespace grounded::search
