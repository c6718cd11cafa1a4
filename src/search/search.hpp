// Search over excerpts: a user query (see query_parser.hpp for the syntax)
// plus filters → ranked hits with snippets, and facet counts.
//
// Ranking: customer speech (anything but interviewer and agent turns, see
// store/excerpt_speakers.hpp) first, then FTS5 BM25; with all_speakers, BM25
// alone, so questions and answers interleave by relevance. Because its cost grows with the number of matches,
// at most `candidate_cap` matches (default 10,000) are ranked: when a query matches more, only
// the newest candidate_cap (highest excerpt ids) are considered, `capped` is
// set and `note` says so in words. Filters apply within that window.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "search/query_parser.hpp"
#include "store/database.hpp"

namespace grounded::search {

struct SearchQuery {
  std::string text;                            // user syntax; kind:/role:/category: tokens add filters
  std::vector<std::string> kinds;              // source kinds, any of
  std::vector<std::string> speaker_roles;      // excerpt speaker roles, any of
  std::vector<std::string> participant_roles;  // participants.role (job role), any of, case-insensitive
  std::optional<Id> participant_id;            // who spoke, as the excerpt_speakers view says (store/excerpt_speakers.hpp)
  std::optional<Id> account_id;                // the source's account or the speaking participant's
  std::optional<Id> source_id;
  std::string date_from, date_to;              // YYYY, YYYY-MM or YYYY-MM-DD, inclusive, on sources.occurred_at
  std::vector<std::string> tag_categories;     // excerpt has a non-rejected tag of one of these categories
  bool all_speakers = false;                   // false: customer speech ranks above interviewer and agent turns
  std::vector<std::string> studies;            // study names, any of (case-insensitive); unknown names are an error
  int limit = 20;                              // 1..200
  int offset = 0;                              // 0..100000
  std::int64_t candidate_cap = 10000;          // most matches ranked; tests use small values
  std::int64_t count_limit = 30000;            // matches counted exactly up to this many (phrases cost ~4 µs each)
};

struct SearchHit {
  Id excerpt_id = 0;
  Id source_id = 0;
  std::string study;  // the source's study name
  std::string source_title, source_kind, speaker, speaker_role, participant_label, participant_role, occurred_at;
  std::optional<std::int64_t> start_ms;
  std::optional<Id> participant_id;  // whose words, from the excerpt_speakers view
  bool customer_speech = true;       // false for interviewer and agent turns
  // Plain text (no markup) of ~30 words around the first match, "…" where
  // cut; `highlights` are [start, end) byte ranges of matched words in it,
  // so callers escape the text and then mark the ranges.
  std::string snippet;
  std::vector<std::pair<int, int>> highlights;
  std::string text;   // the whole excerpt
  double rank = 0.0;  // BM25 relevance, higher is better
};

struct SearchResult {
  std::vector<SearchHit> hits;
  std::int64_t total = 0;    // hits available to page through (after filters, within the cap window)
  std::int64_t matches = 0;  // excerpts matching the words, before filters (at most count_limit)
  bool matches_exact = true; // false: there are more than `matches`
  bool capped = false;
  std::int64_t candidate_cap = 0;
  std::string note;          // for people: the cap, ignored terms; empty when nothing to say
  std::map<std::string, std::int64_t> facets_kind, facets_role, facets_category;
  std::map<std::string, std::int64_t> facets_study;  // by study name
  std::string fts_expression;
  int limit = 0, offset = 0;
};

// Throws Error(invalid_input) for a bad query or filter value (message fit
// for the user); never surfaces an SQL error for user input.
SearchResult search(store::Database& db, const SearchQuery& query);

}  // namespace grounded::search
