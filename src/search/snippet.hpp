// Snippets: a readable window of an excerpt around its first match, as plain
// text plus highlight ranges (never markup, so every caller can escape it for
// its own output: HTML, ANSI, JSON).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grounded::search {

struct Snippet {
  std::string text;
  std::vector<std::pair<int, int>> highlights;  // [start, end) UTF-8 byte ranges into text
};

// Control characters FTS5 highlight() is asked to wrap matches in.
inline constexpr char highlight_open = '\x01';
inline constexpr char highlight_close = '\x02';

// `marked` is `original` with matches wrapped in highlight_open/close (the
// output of FTS5 highlight()). Returns ~`words` words around the first match,
// at most ~max_bytes bytes, cut on UTF-8 boundaries with "…" where text was
// left out. When `marked` does not strip back to `original` (the text itself
// holds the marker bytes), the snippet has no highlights rather than wrong ones.
Snippet make_snippet(std::string_view marked, std::string_view original, int words = 30, int max_bytes = 400);

}  // namespace grounded::search
