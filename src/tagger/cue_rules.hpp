// Cue rules (src/tagger/data/cue_rules.json): named phrases and ICU regular
// expressions per category and sub-field, with negation and hypothetical
// scoping, so every rule-based suggestion can say which rule fired.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tagger/text_features.hpp"

namespace grounded::tagger {

enum class HypotheticalMode { any, never, only };

struct CueRule {
  std::string name;      // "pain.wasted_time": shown in rationales
  std::string category;  // a taxonomy key
  nlohmann::json subfields = nlohmann::json::object();  // e.g. {"impact":"time"}
  double weight = 2.0;   // log-odds evidence when the model has not learned this rule
  bool negatable = true;
  bool jtbd = false;     // fires when the JTBD parser recognises a job statement
  HypotheticalMode hypothetical = HypotheticalMode::any;
  std::vector<std::string> phrases;
  std::vector<std::string> patterns;
  std::vector<std::vector<std::string>> pattern_requires;  // per pattern; empty = always run
};

struct RuleHit {
  const CueRule* rule = nullptr;
  int start = 0;  // byte span of the match in the text
  int end = 0;
  bool negated = false;       // a negation precedes it in its clause
  bool hypothetical = false;  // inside an if/would/wish sentence
  bool counts = true;         // false when negation or the hypothetical mode drops it
};

// A labelled part of a review ("Dislikes", "Cons") and the log-odds its
// label adds per category to the excerpts under it.
struct SectionContext {
  std::vector<std::string> labels;
  std::vector<std::pair<std::string, double>> evidence;  // (category, log-odds)
};

// "\n\nDislikes: " → "Dislikes": a section label as the text shows it.
std::string_view trim_section_label(std::string_view label);

class CueRules {
 public:
  // Parses rules JSON, compiling every pattern; throws Error(invalid_input)
  // naming the rule whose pattern or category is bad.
  static std::shared_ptr<const CueRules> parse(std::string_view json_text);
  // The embedded src/tagger/data/cue_rules.json (parsed once, shared).
  static std::shared_ptr<const CueRules> builtin();
  ~CueRules();

  const std::vector<CueRule>& rules() const { return rules_; }
  // Log-odds added to the categories an interviewer's question informs.
  double context_weight() const { return context_weight_; }
  // The section whose label is `label` (case-insensitive, surrounding spaces
  // and a trailing ':' ignored), or nullptr.
  const SectionContext* section_for(std::string_view label) const;
  // Whether a folded word negates what follows it in its clause ("not",
  // "never", any "…n't").
  bool negates(std::string_view folded_word) const;
  // Per word of `words`, whether it is speech filler the word features leave
  // out: a filler word ("um"), a filler phrase opening a clause ("you know,
  // it broke"), or a word said twice in a row ("we we had").
  std::vector<bool> fillers(const std::vector<Word>& words) const;
  // All hits in `text` (whose words are `words`), in text order, at most one
  // per rule (the first that counts, else the first). Thread-safe.
  std::vector<RuleHit> match(std::string_view text, const std::vector<Word>& words) const;
  std::vector<RuleHit> match(std::string_view text) const { return match(text, analyze_words(text)); }

 private:
  CueRules() = default;
  struct Impl;
  std::vector<CueRule> rules_;
  std::vector<SectionContext> sections_;
  double context_weight_ = 1.5;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grounded::tagger
