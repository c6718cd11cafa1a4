#include "search/snippet.hpp"

#include <algorithm>

#include "text/analyzer.hpp"
#include "text/strings.hpp"

namespace grounded::search {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::vector<std::pair<int, int>> find_highlights(std::string_view text, const std::vector<HighlightTerm>& terms) {
  struct Context {
    std::string_view text;
    const std::vector<HighlightTerm>* terms;
    std::vector<std::pair<int, int>> ranges;
  } ctx{text, &terms, {}};
  thread_local text::Analyzer analyzer;
  analyzer.run(text, true,
               [](void* c, std::string_view term, std::string_view unstemmed, int start, int end) {
                 auto* ctx = static_cast<Context*>(c);
                 for (const auto& t : *ctx->terms) {
                   const bool hit = t.prefix ? (unstemmed.starts_with(t.term) || term.starts_with(t.term)) : term == t.term;
                   if (hit) {
                     // Neighbours separated by spaces read as one mark ("budget approval").
                     const auto gap = ctx->ranges.empty() ? std::string_view("x")
                                      : ctx->text.substr(static_cast<std::size_t>(ctx->ranges.back().second),
                                                         static_cast<std::size_t>(start - ctx->ranges.back().second));
                     if (gap.find_first_not_of(' ') == std::string_view::npos) {
                       ctx->ranges.back().second = end;
                     } else {
                       ctx->ranges.emplace_back(start, end);
                     }
                     break;
                   }
                 }
                 return 0;
               },
               &ctx);
  return std::move(ctx.ranges);
}

Snippet make_snippet(std::string_view text, const std::vector<std::pair<int, int>>& ranges, int words, int max_bytes) {
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
    // Never inside a character or a grapheme (an accent, an emoji's modifiers).
    begin = static_cast<int>(text::grapheme_ceil(text, static_cast<std::size_t>(begin)));
    end = std::max(begin, static_cast<int>(text::grapheme_floor(text, static_cast<std::size_t>(end))));
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
