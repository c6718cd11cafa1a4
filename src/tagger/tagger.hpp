// The tagger's public face: text (and, for an interview answer, the
// interviewer's question before it) in, scored and explained tag
// suggestions out. Three signals meet in one log-odds sum per category:
//   cue rules (learned weight per rule, or the rule file's weight for a rule
//   the model has not seen) + interview context (the question matched to the
//   bank raises the categories it informs; what any question asks for, its
//   intent, raises the matching categories) + the classifier's word features.
// Routes and CLI verbs should need one call: Tagger::builtin().suggest(text).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "tagger/classifier.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/jtbd.hpp"
#include "tagger/question_bank.hpp"
#include "tagger/question_intent.hpp"

namespace grounded::tagger {

// The tagger's verdict on one category for one text.
struct CategoryScore {
  std::string category;
  double confidence = 0.0;         // combined; >= 0.5 means "suggest it"
  double model_probability = 0.0;  // the classifier on words alone (bias, words, offset)
  double rule_evidence = 0.0;      // log-odds from counting rule hits
  double context_evidence = 0.0;   // log-odds from the interviewer's question
  std::vector<std::string> rules;  // names of this category's rules that fired (and counted)
  nlohmann::json subfields = nlohmann::json::object();
  TagOrigin origin = TagOrigin::model;  // the strongest of the three signals
  std::string rationale;  // "rule pain.wasted_time; after 'What's the most frustrating…'; model 0.82"
  std::optional<std::int64_t> span_start;  // byte span of the strongest rule hit, if any
  std::optional<std::int64_t> span_end;
  bool suggested() const { return confidence >= 0.5; }
};

struct Analysis {
  std::vector<CategoryScore> scores;  // every taxonomy category, taxonomy order
  std::optional<QuestionMatch> question;
  std::vector<IntentMatch> intents;  // what the interviewer's question asks for
  std::optional<std::string> section;  // the review section label the text sits under ("Dislikes")
  std::optional<JobStatement> job;
};

class Tagger {
 public:
  // Any null part is replaced by the built-in one (rules, bank) or the seed model.
  explicit Tagger(std::shared_ptr<const Classifier> model = nullptr, std::shared_ptr<const CueRules> rules = nullptr,
                  std::shared_ptr<const QuestionBank> bank = nullptr,
                  std::shared_ptr<const QuestionIntents> intents = nullptr);
  // Built-in rules and bank with the model trained from the embedded seed set
  // (trained on first use, then cached). Shared, thread-safe.
  static const Tagger& builtin();

  // Scores every category. `question` is the interviewer's turn before this
  // text, or the label of the review section it sits under ("Dislikes", see
  // section_context in cue_rules.json), or "" when none. Thread-safe; never
  // throws on odd text.
  Analysis analyze(std::string_view text, std::string_view question = {}) const;
  // Only the categories worth suggesting (confidence >= 0.5), best first.
  std::vector<CategoryScore> suggest(std::string_view text, std::string_view question = {}) const;
  // The same as suggested Tag values for an excerpt (status suggested, created_by "tagger").
  std::vector<Tag> suggest_tags(Id excerpt_id, std::string_view text, std::string_view question = {}) const;

  const Classifier& model() const { return *model_; }
  const CueRules& rules() const { return *rules_; }
  const QuestionBank& bank() const { return *bank_; }

 private:
  std::shared_ptr<const Classifier> model_;
  std::shared_ptr<const CueRules> rules_;
  std::shared_ptr<const QuestionBank> bank_;
  std::shared_ptr<const QuestionIntents> intents_;
  std::shared_ptr<const Classifier> root_causes_;  // see root_cause_model()
  // The log-odds the question (or review section) adds per category; fills
  // the question and intents of `out`.
  std::vector<std::pair<std::string, double>> context_evidence_of(std::string_view question,
                                                                  const SectionContext* section, Analysis& out) const;
  std::vector<std::size_t> model_index_;  // taxonomy category → model category (npos when absent)
};

// {"category","confidence","model_probability","rule_evidence",
//  "context_evidence","rules","subfields","origin","rationale","span"}
void to_json(nlohmann::json& out, const CategoryScore& score);
// {"tags":[suggested scores…],"scores":[all…],"question":{id,text,score}|null,
//  "intents":[{"intent","phrase"}…],"section":"Dislikes"|null,"job":{…}|null}
void to_json(nlohmann::json& out, const Analysis& analysis);

}  // namespace grounded::tagger
