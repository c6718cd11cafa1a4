#include "tagger/signals.hpp"

#include <algorithm>
#include <cctype>

#include "tagger/opinion_lexicon.hpp"

namespace grounded::tagger {
namespace {

// Whether the text addresses an account ("@AirlineHelp …"): a text written
// to a company's customer-service handle is most often a complaint, whatever
// words it uses ("booked seats together, app split us across two rows").
bool addresses_an_account(std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    const bool opens_word = at == 0 || text[at - 1] == ' ' || text[at - 1] == '(' || text[at - 1] == '\n';
    const bool handle_follows = at + 1 < text.size() && (std::isalnum(static_cast<unsigned char>(text[at + 1])) || text[at + 1] == '_');
    if (opens_word && handle_follows) return true;
  }
  return false;
}

}  // namespace

Signals read_signals(std::string_view text, const CueRules& rules) {
  return read_signals(text, rules, analyze_words(text));
}

Signals read_signals(std::string_view text, const CueRules& rules, std::vector<Word> words,
                     const std::vector<RuleHit>* hits, Scope scope) {
  Signals s;
  s.words = std::move(words);
  s.hits = hits ? *hits : rules.match(text, s.words);
  // The JTBD shapes use lazy groups anchored at the end: cost grows fast with
  // length, and a statement is one sentence anyway.
  if (scope == Scope::whole_text && text.size() <= 400) s.job = parse_job_statement(text);
  if (s.job) {
    for (const auto& rule : rules.rules())
      if (rule.jtbd) s.hits.push_back(RuleHit{&rule, 0, static_cast<int>(text.size()), false, false, true});
    s.rule_features.push_back("j:" + s.job->pattern);
  }
  for (const auto& hit : s.hits) s.rule_features.push_back((hit.counts ? "r:" : "n:") + hit.rule->name);

  std::sort(s.rule_features.begin(), s.rule_features.end());
  s.rule_features.erase(std::unique(s.rule_features.begin(), s.rule_features.end()), s.rule_features.end());
  if (scope == Scope::sentences_separately) return s;
  const std::size_t n = std::min(s.words.size(), max_feature_words);
  s.word_features.reserve(2 * n);
  // Speech filler ("um", "you know,", "we we") is skipped: the words around
  // it make the bigrams and the clause opening, as if it had not been said.
  const std::vector<bool> filler = rules.fillers(s.words);
  // Words in a negation's scope (the next three in its clause) are features
  // of their own: "never crashes" is no evidence of a crash.
  int negated_left = 0;
  const Word* previous = nullptr;
  for (std::size_t i = 0; i < n; ++i) {
    if (filler[i]) continue;
    const Word& word = s.words[i];
    const bool opens_clause = !previous || word.clause != previous->clause;
    if (opens_clause) negated_left = 0;
    const bool negated = negated_left-- > 0;
    s.word_features.push_back((negated ? "w:!" : "w:") + word.stem);
    // A judging word: "o:-" when something is judged badly ("flimsy", "not
    // sturdy"), "o:+" when well; the model learns what each means.
    if (const Polarity p = polarity_of(word.stem); p != Polarity::neutral)
      s.word_features.push_back((p == Polarity::negative) != negated ? "o:-" : "o:+");
    if (rules.negates(word.folded)) negated_left = 3;
    // How a clause opens says much about what it is: "Please add…",
    // "Wish…", "Fix…" are requests; "I use…" is a description.
    if (opens_clause) s.word_features.push_back("c:" + word.stem);
    if (previous && previous->sentence == word.sentence) s.word_features.push_back("b:" + previous->stem + " " + word.stem);
    previous = &word;
  }
  if (addresses_an_account(text)) s.word_features.emplace_back("t:mention");
  // Binary features: a word said twice is not twice the evidence.
  std::sort(s.word_features.begin(), s.word_features.end());
  s.word_features.erase(std::unique(s.word_features.begin(), s.word_features.end()), s.word_features.end());
  return s;
}

}  // namespace grounded::tagger
