// The words of a text as the tagger sees them: ICU word breaking, case
// folding and Snowball stemming from src/text (British spellings stemmed as
// their American form, data/spelling_variants.tsv), plus where clauses and
// sentences end (which negation and hypothetical detection need).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::tagger {

struct Word {
  std::string stem;    // folded + stemmed ("wasting" → "wast")
  std::string folded;  // folded, not stemmed ("wasting")
  int start = 0;       // byte offsets in the original text
  int end = 0;
  int clause = 0;      // index of the clause (split at , ; : . ! ? and dashes)
  int sentence = 0;    // index of the sentence (split at . ! ? and newlines)
};

// Splits `text` into words. Thread-safe (one analyzer per thread); invalid
// UTF-8 never throws.
std::vector<Word> analyze_words(std::string_view text);

// The stems of a short phrase, as analyze_words would produce them; "*"
// stays "*" (a one-word wildcard in cue-rule phrases).
std::vector<std::string> phrase_stems(std::string_view phrase);

}  // namespace grounded::tagger
