// User search syntax → a safe FTS5 expression.
//
// Syntax: words (all must match), "exact phrases", prefix*, a OR b, -excluded
// (word or phrase), NEAR(a b, 5), and the filter tokens kind:K, role:R
// (speaker role), category:C and study:NAME (study:"Name with spaces"). Every term reaches FTS5 as a quoted string,
// so FTS5 operators, column filters (text:), ^ and + typed by a user are
// plain words; unbalanced quotes are closed; stray operators and brackets
// are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::search {

// A term to mark in results: an index term (folded and stemmed), or for
// prefix* terms the folded, unstemmed prefix.
struct HighlightTerm {
  std::string term;
  bool prefix = false;
};

struct ParsedQuery {
  std::string fts_expression;
  std::vector<std::string> kinds;           // from kind:K, validated
  std::vector<std::string> speaker_roles;   // from role:R, validated
  std::vector<std::string> tag_categories;  // from category:C
  std::vector<std::string> studies;         // from study:NAME, as typed (names match case-insensitively)
  std::vector<std::string> ignored;         // user terms dropped (nothing searchable in them)
  std::vector<HighlightTerm> highlight;     // the positive (not -excluded) terms
};

// Throws Error(invalid_input) with a message for the user when the query is
// empty, has only exclusions ("add at least one word to search for"), has
// nothing searchable (only punctuation or emoji), is longer than
// max_query_bytes, has more than max_query_terms terms, or names an unknown
// kind/role. Invalid UTF-8 is repaired; control characters (NUL included)
// count as spaces.
ParsedQuery parse_query(std::string_view user_query);

// parse_query(user_query).fts_expression.
std::string to_fts_expression(std::string_view user_query);

inline constexpr std::size_t max_query_bytes = 2000;
inline constexpr std::size_t max_query_terms = 32;

}  // namespace grounded::search
