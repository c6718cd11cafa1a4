// What the tagger reads from one text before scoring it: its words, the cue
// rules that fire, a job statement if there is one, and the feature names
// the classifier sees (w:stem, b:stem stem, o:- / o:+ for a word judging
// badly or well, t:mention for a text addressed to an @account, r:rule,
// n:rule for a negated or dropped rule hit, j:jtbd shape). Training and tagging share this one
// function so the model always sees features built the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tagger/cue_rules.hpp"
#include "tagger/jtbd.hpp"
#include "tagger/text_features.hpp"

namespace grounded::tagger {

// Bump whenever read_signals emits different features: a model stored by a
// Grounded that built features another way would silently score worse, so
// models of another version are not loaded (see model_store.hpp).
constexpr int feature_version = 5;

struct Signals {
  std::vector<Word> words;
  std::vector<RuleHit> hits;  // incl. a synthetic hit of the jtbd rule when `job` is set
  std::optional<JobStatement> job;
  std::vector<std::string> word_features;  // w:, c:, o:, t: and b: features
  std::vector<std::string> rule_features;  // r:, n: and j: features
};

// Thread-safe. Very long texts are read in full for rules but only their
// first 4,000 words become features (a review, not a book).
Signals read_signals(std::string_view text, const CueRules& rules);
// The same with the words already split (offsets relative to `text`) and,
// when `hits` is given, the rule hits already found: used for the sentences
// of a longer text, so it is split and matched only once. A job statement is
// looked for only in texts up to 400 bytes (a statement is one sentence; the
// tagger looks in each sentence of a longer text).
// How much of a text read_signals reads: all of it, or (when the caller
// reads each sentence on its own too, as the tagger does for longer texts)
// only words and rule hits, leaving word features and the job-statement
// parse to the sentences instead of doing them twice.
enum class Scope { whole_text, sentences_separately };
Signals read_signals(std::string_view text, const CueRules& rules, std::vector<Word> words,
                     const std::vector<RuleHit>* hits = nullptr, Scope scope = Scope::whole_text);
// Words a text's word features are built from at most (a review, not a book).
constexpr std::size_t max_feature_words = 4000;

}  // namespace grounded::tagger
