// Search over excerpts: a user query (see query_parser.hpp for the syntax)
// plus filters → ranked hits with snippets, and facet counts.
//
// Ranking: customer speech (anything but interviewer and agent turns, see
// store/excerpt_speakers.hpp) first, then FTS5 BM25; with all_speakers, BM25
// alone, so questions and answers interleave by relevance. Every match is
// ranked, in one pass that reads the narrow excerpt_search rows (no joins
// through sources); without filters those come from memory
// (search/match_attributes.hpp), so the pass reads FTS5 alone. A search is
// one read transaction (one snapshot). For a query matching more than
// `keep_above` excerpts, or one whose ranking took longer than
// `keep_after_ms` (prefixes and phrases cost more per match than words), the
// best matches are kept (search/kept_rankings.hpp): later searches rank that
// relevance-ordered subset plus the excerpts added since, `ranked_subset` is
// set and `note` says so. A page reaching past the kept subset is ranked
// over every match again. Never a recency cut.
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
  bool exact_count = false;                    // count filtered matches exactly even when a kept subset answers
  std::int64_t keep_above = 20000;             // matches above which the best are kept; tests use small values
  double keep_after_ms = 40;                   // ranking time above which they are kept too (given more matches than kept_per_group)
  std::int64_t kept_per_group = 2000;          // kept best customer-speech matches, and as many others
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
  std::int64_t total = 0;     // hits available to page through (after filters)
  bool total_exact = true;    // false: `total` counts the filtered matches among a kept subset (a lower bound)
  std::int64_t matches = 0;   // excerpts matching the words, before filters
  bool matches_exact = true;  // false: `matches` is a lower bound
  bool ranked_subset = false; // the page came from a kept relevance-ordered subset
  std::int64_t ranked = 0;    // how many matches were ranked for this answer
  bool facets_exact = true;   // false: facets count the ranked subset only
  std::string note;           // for people: the subset, estimates, ignored terms; empty when nothing to say
  std::map<std::string, std::int64_t> facets_kind, facets_role, facets_category;
  std::map<std::string, std::int64_t> facets_study;  // by study name
  std::string fts_expression;
  int limit = 0, offset = 0;
  // Where the time went (not part of the JSON; the server sends it as a
  // Server-Timing header): ranking the matches, facets, the page's rows
  // and snippets.
  struct Timings {
    double rank_ms = 0, facets_ms = 0, page_ms = 0;
  } timings;
};

// Throws Error(invalid_input) for a bad query or filter value (message fit
// for the user); never surfaces an SQL error for user input.
SearchResult search(store::Database& db, const SearchQuery& query);

// Reads what searches of `db` keep in memory (search/match_attributes.hpp),
// so the first search after a server starts does not pay for it (~1 s at a
// million excerpts). The server runs it on its background thread at start.
void warm_up(store::Database& db);

}  // namespace grounded::search
