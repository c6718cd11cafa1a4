// The synthesizer's lexicon: WordNet 3.0 as Debian's `wordnet-base` installs
// it (/usr/share/wordnet, or $GROUNDED_WORDNET_DIR). Read straight from the
// index.* and *.exc files (flat lines, no recursion) plus data.noun for one
// hypernym lookup; nothing is written.
//
// It answers three questions the noun-phrase finder and the theme grouping
// ask: can this word be a noun (or only a verb, adjective …), what is a
// noun's base form ("bills" → "bill", "data" stays "data"), and which synonym
// sets does it belong to (bill and invoice share one; bug and error do not).
//
// When the files are missing the lexicon is empty, available() is false and
// status() says what to install; callers still work, without synonyms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace grounded::synth {

class Lexicon {
 public:
  // How a word is used: senses per part of speech and how many of them were
  // seen in WordNet's tagged corpus (a frequency hint: "want" is mostly a verb).
  struct Entry {
    std::uint16_t noun_senses = 0, verb_senses = 0, adj_senses = 0, adv_senses = 0;
    std::uint16_t noun_tagged = 0, verb_tagged = 0;
    std::uint32_t noun_synsets[3] = {0, 0, 0};  // the first noun senses' synset offsets (0 = none)
  };

  // Loads WordNet from `dir`. Missing or unreadable files give an empty
  // lexicon whose status() names the directory and the package to install.
  static Lexicon load(const std::string& dir);
  // The system lexicon ($GROUNDED_WORDNET_DIR or /usr/share/wordnet), loaded
  // once on first use; thread-safe to share (read-only after loading).
  static const Lexicon& system();

  bool available() const { return available_; }
  const std::string& status() const { return status_; }

  // The entry of a lower-case word form as WordNet lists it, or nullptr.
  const Entry* find(std::string_view word) const;
  // The noun base form of a lower-case word ("bills" → "bill", "mice" →
  // "mouse"), or "" when WordNet knows no such noun.
  std::string noun_lemma(std::string_view word) const;
  // True when WordNet lists the word only as a verb (in any inflection):
  // "predict", "predicted". False for unknown words.
  bool verb_only(std::string_view word) const;
  // The entry of the verb a word form inflects ("sees" → see, "paying" →
  // pay), or nullptr when it is no verb form.
  const Entry* verb_base(std::string_view word) const;
  // That verb's base form ("paying" → "pay", "found" → "find"), or "".
  std::string verb_lemma(std::string_view word) const;
  // True for an irregular verb form WordNet lists ("found", "left", "ran").
  bool irregular_verb_form(std::string_view word) const { return verb_exceptions_.count(std::string(word)) > 0; }
  // The synonym sets of a noun lemma: its first (up to 3) senses' synsets
  // (bill and invoice share one). Empty when unknown.
  std::vector<std::uint32_t> noun_synonym_sets(std::string_view lemma) const;
  // For a noun with a single sense, that sense's first hypernym (forecast →
  // the "prediction" synset), else 0. Callers link a word to its broader
  // term only when that term is itself in the evidence, so siblings
  // (compiler, spreadsheet: both "program") never meet through it.
  std::uint32_t broader_set(std::string_view lemma) const;

 private:
  bool available_ = false;
  std::string status_;
  std::unordered_map<std::string, Entry> words_;
  std::unordered_map<std::string, std::string> noun_exceptions_;  // irregular plural → lemma
  std::unordered_map<std::string, std::string> verb_exceptions_;
  std::string data_noun_;  // data.noun, addressed by synset offset
};

}  // namespace grounded::synth
