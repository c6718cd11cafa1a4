// A compiled ICU regular expression run over UTF-8 text, shared by the PII
// detectors: offsets are byte offsets into the text, \p{L} letters count as
// letters whatever the script.
#pragma once

#include <unicode/regex.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace grounded::ingest {

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

 private:
  // One walk over one text (hides the ICU setup and teardown).
  class Matching {
   public:
    Matching(const Pattern& p, std::string_view s);
    ~Matching();
    Matching(const Matching&) = delete;
    Matching& operator=(const Matching&) = delete;
    bool find();
    void resume_at(std::size_t byte);  // never before the last match's start + 1
    const icu::RegexMatcher& matcher() const { return *matcher_; }

   private:
    std::size_t size_;
    UText* text_ = nullptr;
    std::unique_ptr<icu::RegexMatcher> matcher_;
    int64_t from_ = 0;
  };
  std::unique_ptr<icu::RegexPattern> pattern_;
};

std::size_t start_of(const icu::RegexMatcher& m, int group = 0);
std::size_t end_of(const icu::RegexMatcher& m, int group = 0);
bool group_matched(const icu::RegexMatcher& m, int group);
// The text of a group ("" when it did not take part).
std::string_view group_text(std::string_view s, const icu::RegexMatcher& m, int group);

}  // namespace grounded::ingest
