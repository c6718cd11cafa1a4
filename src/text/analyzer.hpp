// The word analyzer behind the "grounded" FTS5 tokenizer and index_terms():
// ICU word boundaries, NFKC case folding with Latin/Greek/Cyrillic diacritics
// removed, CJK split by ICU's dictionary, Snowball English stemming.
//
// One Analyzer owns an ICU BreakIterator and a Snowball stemmer, both costly
// to create and neither thread-safe: create one per tokenizer instance (or
// per thread) and reuse it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace grounded::text {

class Analyzer {
 public:
  // Receives each term: `term` is the folded (and, when asked, stemmed) form,
  // valid only during the call; `unstemmed` is the folded form before
  // stemming (equal to `term` when stemming is off or changed nothing);
  // [start, end) are byte offsets of the word in the ORIGINAL input. Return
  // non-zero to stop; run() then returns that value.
  using Sink = int (*)(void* context, std::string_view term, std::string_view unstemmed, int start, int end);

  // Throws Error(internal) when ICU or libstemmer cannot be initialised.
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Splits `utf8` into words and passes each to `sink`. Spaces, punctuation,
  // symbols and emoji are not words and are skipped; numbers are words.
  // Invalid UTF-8 is read as U+FFFD (never a word) and never crashes.
  // Words longer than max_word_bytes are skipped (they are never real words
  // and would bloat the index). Returns 0 or the sink's first non-zero value.
  int run(std::string_view utf8, bool stem, Sink sink, void* context);

  // Pure-ASCII input takes a hand-written path implementing the same UAX #29
  // rules as ICU for ASCII (tests compare the two); off sends all text
  // through ICU. On by default.
  void set_ascii_fast_path(bool enabled);

  static constexpr int max_word_bytes = 200;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grounded::text
