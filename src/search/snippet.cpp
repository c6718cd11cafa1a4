#include "search/snippet.hpp"

#include <algorithm>

namespace grounded::search {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

Snippet make_snippet(std::string_view marked, std::string_view original, int words, int max_bytes) {
  std::string plain;
  plain.reserve(marked.size());
  std::vector<std::pair<int, int>> ranges;
  int open_at = -1;
  for (char c : marked) {
    if (c == highlight_open) {
      open_at = static_cast<int>(plain.size());
    } else if (c == highlight_close) {
      if (open_at >= 0 && static_cast<int>(plain.size()) > open_at) ranges.emplace_back(open_at, static_cast<int>(plain.size()));
      open_at = -1;
    } else {
      plain += c;
    }
  }
  if (plain != original) ranges.clear();
  const std::string_view text = original;
  const int size = static_cast<int>(text.size());

  // Word starts, to cut the window on word boundaries.
  std::vector<int> starts;
  for (int i = 0; i < size; ++i) {
    if (!is_space(text[static_cast<std::size_t>(i)]) && (i == 0 || is_space(text[static_cast<std::size_t>(i - 1)]))) starts.push_back(i);
  }
  const int first_hit = ranges.empty() ? 0 : ranges.front().first;
  int begin = 0, end = size;
  if (static_cast<int>(starts.size()) > words) {
    const auto hit_word = static_cast<int>(std::upper_bound(starts.begin(), starts.end(), first_hit) - starts.begin()) - 1;
    int first = std::max(0, hit_word - words / 4);
    first = std::min(first, static_cast<int>(starts.size()) - words);
    begin = starts[static_cast<std::size_t>(first)];
    end = first + words < static_cast<int>(starts.size()) ? starts[static_cast<std::size_t>(first + words)] : size;
    while (end > begin && is_space(text[static_cast<std::size_t>(end - 1)])) --end;
  }
  if (end - begin > max_bytes) {  // long words or scripts written without spaces (CJK)
    begin = std::max(begin, first_hit - max_bytes / 4);
    end = std::min(end, begin + max_bytes);
    while (begin < size && is_continuation(text[static_cast<std::size_t>(begin)])) ++begin;
    while (end < size && end > begin && is_continuation(text[static_cast<std::size_t>(end)])) --end;
  }

  Snippet snippet;
  if (begin > 0) snippet.text = "… ";
  const int shift = static_cast<int>(snippet.text.size()) - begin;
  snippet.text.append(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
  if (end < size) snippet.text += " …";
  for (const auto& [s, e] : ranges) {
    const int cs = std::max(s, begin), ce = std::min(e, end);
    if (cs < ce) snippet.highlights.emplace_back(cs + shift, ce + shift);
  }
  return snippet;
}

}  // namespace grounded::search
