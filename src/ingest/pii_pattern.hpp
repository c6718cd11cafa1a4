// A compiled ICU regular expression run over UTF-8 text, shared by the PII
// detectors: offsets are byte offsets into the text, \p{L} letters count as
// letters whatever the script.
#pragma once

#include <unicode/regex.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::ingest {

// Where any of the heads occurs in lower, ascending, without repeats.
std::vector<std::size_t> starts_of(std::string_view lower, const std::vector<std::string>& heads);

// One pattern compiled once and shared by every call (ICU patterns are
// thread-safe; each call makes its own matcher). A pattern that fails to
// compile is a programming error caught by the tests: it matches nothing.
class Pattern {
 public:
  explicit Pattern(const std::string& utf8);
  // Calls f(matcher) for each match, resuming after its end.
  template <class F>
  void each(std::string_view s, F&& f) const {
    each_resuming(s, [&](const icu::RegexMatcher& m) {
      f(m);
      UErrorCode st = U_ZERO_ERROR;
      return static_cast<std::size_t>(m.end64(st));
    });
  }
  // As each, but f returns the byte offset the next search starts at, so a
  // rejected match can give back its tail: in "the dev at maria dot lopez
  // at gmail dot com" the first candidate is rejected and the search
  // resumes at "maria".
  template <class F>
  void each_resuming(std::string_view s, F&& f) const {
    Matching m(*this, s);
    while (m.find()) m.resume_at(f(m.matcher()));
  }
  // As each, for a pattern that starts with a list of cue words: tried only
  // where one of `heads` (the words' first letters, pii_cue_heads) starts in
  // `lower` (the text in ASCII lower case, same offsets), instead of at
  // every character. Empty heads: every character, as each.
  template <class F>
  void each_at(std::string_view s, std::string_view lower, const std::vector<std::string>& heads, F&& f) const {
    if (heads.empty()) return each(s, f);
    each_from(s, starts_of(lower, heads), f);
  }
  // As each, trying the pattern only at the given byte offsets (ascending).
  template <class F>
  void each_from(std::string_view s, const std::vector<std::size_t>& starts, F&& f) const {
    if (starts.empty()) return;
    Matching m(*this, s);
    std::size_t resume = 0;
    for (std::size_t at : starts) {
      if (at < resume || !m.looking_at(at)) continue;
      f(m.matcher());
      UErrorCode st = U_ZERO_ERROR;
      resume = static_cast<std::size_t>(m.matcher().end64(st));
    }
  }

 private:
  // One walk over one text (hides the ICU setup and teardown).
  class Matching {
   public:
    Matching(const Pattern& p, std::string_view s);
    ~Matching();
    Matching(const Matching&) = delete;
    Matching& operator=(const Matching&) = delete;
    bool find();
    bool looking_at(std::size_t byte);  // a match starting exactly there
    void resume_at(std::size_t byte);  // never before the last match's start + 1
    const icu::RegexMatcher& matcher() const { return *matcher_; }

   private:
    std::size_t size_;
    UText* text_ = nullptr;
    std::unique_ptr<icu::RegexMatcher> matcher_;
    int64_t from_ = 0;
  };
  // Where any of the heads occurs in lower, ascending, without repeats.
  std::unique_ptr<icu::RegexPattern> pattern_;
};

std::size_t start_of(const icu::RegexMatcher& m, int group = 0);
std::size_t end_of(const icu::RegexMatcher& m, int group = 0);
bool group_matched(const icu::RegexMatcher& m, int group);
// The text of a group ("" when it did not take part).
std::string_view group_text(std::string_view s, const icu::RegexMatcher& m, int group);

// The most digits in one cluster of s: digits joined by at most one
// separator (space, '.', '-', '/') each, as identifiers are written
// ("1 85 05 78 006 084 36" holds 15). A detector whose identifiers have
// more digits than any cluster can skip its regexes.
int longest_digit_cluster(std::string_view s);

// Helpers the detectors share: the digits of a text; the letters and
// digits of an identifier, upper case (separators dropped).
bool contains_digit(std::string_view s);
std::string digits_of(std::string_view s);
std::string compact_upper(std::string_view s);

}  // namespace grounded::ingest
