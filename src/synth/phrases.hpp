// Evidence sentences and their key noun phrases.
//
// A tag rests on a sentence or two of an excerpt, not on the whole speaker
// turn: evidence_sentences() finds them and drops questions, filler and
// meta-talk ("let me see", "does that answer your question"). PhraseFinder
// reads the noun phrases of a sentence ("duplicate vendor bills", "branch
// prediction bug") with WordNet's parts of speech (lexicon.hpp) and the word
// classes in src/synth/data/phrase_words.txt; a phrase always ends in a noun
// and never spans a clause boundary, a verb or punctuation. Text WordNet
// does not cover (another language, CJK) gets neighbouring word pairs.
//
// Text is UTF-8; every offset is a byte offset on a character boundary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth/lexicon.hpp"
#include "text/analyzer.hpp"

namespace grounded::synth {

struct EvidenceSentence {
  std::size_t start = 0, end = 0;  // byte range in the excerpt text
  std::string text;                // trimmed
};

// The sentences of `excerpt` split at . ! ? (before closing quotes) and line
// breaks. Never cuts a UTF-8 character.
std::vector<EvidenceSentence> split_sentences(std::string_view excerpt);

// True for a question, and for a sentence that says nothing but filler or
// meta-talk (src/synth/data/filler_phrases.txt) and stop words.
bool is_filler_or_question(std::string_view sentence);

// The sentences a tag rests on: those overlapping [span_start, span_end)
// when the tag has a span (a span that overlaps none is ignored), else every
// sentence; questions, filler, meta-talk, announcements and views reported
// to be rejected (evidence_sentences.hpp) are dropped, so the result may be
// empty.
std::vector<EvidenceSentence> evidence_sentences(std::string_view excerpt, std::optional<std::int64_t> span_start,
                                                 std::optional<std::int64_t> span_end);

struct NounPhrase {
  std::string text;                // the words as written ("duplicate vendor bills")
  std::vector<std::size_t> word_starts;  // byte offset of each word in `text`
  std::vector<std::size_t> word_ends;
  std::vector<std::string> words;  // each word as written, lower-cased when WordNet knows it ("vendor"; "QuickBooks" stays)
  std::size_t start = 0;           // byte offset of `text` in the sentence
  std::vector<std::string> stems;  // folded Snowball stems, one per word ("duplic", "vendor", "bill")
  std::string head_lemma;          // WordNet base form of the last word ("bill"); its folded form if unknown
  bool generic_head = false;       // the head is a vague noun ("time", "problem", "people")
};

// Finds noun phrases. Owns an ICU analyzer: one per thread, reused.
class PhraseFinder {
 public:
  explicit PhraseFinder(const Lexicon& lexicon = Lexicon::system());
  // The noun phrases of `sentence` in order, at most `max_words` words each
  // (the last ones: the head and its nearest modifiers). With `verb_stems`,
  // also the folded Snowball stems of the sentence's content verbs (never
  // the common ones in phrase_words.txt): "duplicating" gives "duplic", the
  // stem of the noun "duplicates" too.
  // With `content_stems`, the stems of every noun, modifier and verb (no
  // stop word, filler or number): what the sentence speaks of.
  std::vector<NounPhrase> find(std::string_view sentence, std::size_t max_words = 4,
                               std::vector<std::string>* verb_stems = nullptr,
                               std::vector<std::string>* content_stems = nullptr);
  const Lexicon& lexicon() const { return lexicon_; }

 private:
  NounPhrase phrase_of(std::string_view sentence, const std::vector<std::size_t>& run, const void* words) const;
  const Lexicon& lexicon_;
  text::Analyzer analyzer_;
};

// Whether a short text reads as a noun phrase a reader understands: ends in
// a noun, holds no stop word, filler or pronoun and is not a lone verb or a
// generic noun; a gerund with its object ("Chasing managers") counts. Used
// to check theme names.
bool reads_as_noun_phrase(std::string_view text, PhraseFinder& finder);

}  // namespace grounded::synth
