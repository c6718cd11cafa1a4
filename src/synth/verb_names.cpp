#include "synth/verb_names.hpp"

namespace grounded::synth {
namespace {

bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One syllable ending consonant-vowel-consonant ("stop", "plan", "chat"):
// English doubles the last consonant before -ing. Not after w, x or y.
bool doubles_last(std::string_view base) {
  std::size_t n = base.size();
  if (n < 3) return false;
  char last = base[n - 1];
  if (vowel(last) || last == 'w' || last == 'x' || last == 'y') return false;
  if (!vowel(base[n - 2]) || vowel(base[n - 3])) return false;
  int groups = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (vowel(base[i]) && (i == 0 || !vowel(base[i - 1]))) ++groups;
  return groups == 1;
}

}  // namespace

bool names_an_action(std::string_view word, const Lexicon& lexicon) {
  if (word.empty()) return false;
  for (char c : word)
    if (c >= 'A' && c <= 'Z') return false;  // kept its capitals: a name WordNet does not know
  std::string verb = lexicon.verb_lemma(word);
  if (verb.empty()) return false;
  // A gerund is measured as its own noun ("building", "meeting"), else by the noun it inflects.
  std::string noun = lexicon.noun_lemma(word);
  if (noun.empty()) return true;
  const Lexicon::Entry* v = lexicon.find(verb);
  const Lexicon::Entry* n = lexicon.find(noun);
  // Said in the plural, a word that also describes is a thing ("duplicates").
  if (noun != word && n->adj_senses > 0) return false;
  // A verb with fewer than two ranked senses is rarely said ("duplicate": 1).
  return v && n && v->verb_tagged >= 2 && v->verb_tagged > n->noun_tagged;
}

std::string gerund_of(std::string_view base) {
  std::string b(base);
  if (b.ends_with("ie")) return b.substr(0, b.size() - 2) + "ying";
  if (b.size() > 2 && b.back() == 'e' && !b.ends_with("ee") && !b.ends_with("ye") && !b.ends_with("oe"))
    return b.substr(0, b.size() - 1) + "ing";
  if (doubles_last(b)) return b + b.back() + "ing";
  return b + "ing";
}

}  // namespace grounded::synth
