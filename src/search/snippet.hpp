// Snippets: a readable window of an excerpt around its first match, as plain
// text plus highlight ranges (never markup, so every caller can escape it for
// its own output: HTML, ANSI, JSON).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/query_parser.hpp"

namespace grounded::search {

struct Snippet {
  std::string text;
  std::vector<std::pair<int, int>> highlights;  // [start, end) UTF-8 byte ranges into text
};

// Byte ranges of the words of `text` that match `terms` (stemmed index terms,
// or prefixes of the unstemmed or stemmed word), found with the same analyzer
// as the index, so "pricing" marks "priced" and "résumé" marks "Résumé".
// Phrase and NEAR structure is not checked: every occurrence of a positive
// term is marked.
std::vector<std::pair<int, int>> find_highlights(std::string_view text, const std::vector<HighlightTerm>& terms);

// ~`words` words of `text` around the first of `ranges` (sorted [start, end)
// byte ranges), at most ~max_bytes bytes, cut on UTF-8 boundaries with "…"
// where text was left out; the ranges are moved into the snippet.
Snippet make_snippet(std::string_view text, const std::vector<std::pair<int, int>>& ranges, int words = 30,
                     int max_bytes = 400);

}  // namespace grounded::search
