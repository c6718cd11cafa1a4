// What an interviewer's question asks for (problems, goals, process, tools,
// a decision, information sources, triggers), from the cue phrases in
// src/tagger/data/question_intents.json. The bank match (question_bank.hpp)
// knows only the bank's own questions; interviewers ask in their own words
// ("so what goes wrong when…?"), and the intent still says which categories
// the answer is likely to carry. The tagger adds each intent's evidence to
// the answer's categories, as it does for a matched bank question.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grounded::tagger {

struct QuestionIntent {
  std::string name;  // "problems"
  std::vector<std::pair<std::string, double>> evidence;  // (category, log-odds)
  std::vector<std::vector<std::string>> phrases;         // stemmed; "*" is any one word
  std::vector<std::string> phrase_texts;                 // as written, same order
};

struct IntentMatch {
  const QuestionIntent* intent = nullptr;
  std::string phrase;  // the phrase that matched, as written in the file
};

class QuestionIntents {
 public:
  // Parses the intents JSON; throws Error(invalid_input) naming the problem
  // (an unknown category, an intent without phrases).
  static std::shared_ptr<const QuestionIntents> parse(std::string_view json_text);
  // The embedded question_intents.json (parsed once, shared, thread-safe).
  static std::shared_ptr<const QuestionIntents> builtin();

  // The intents `question` expresses, in file order, each with the first of
  // its phrases found. Only the sentences ending in '?' are read when the
  // turn has any ("Thanks, that's helpful. What's the hardest part?").
  std::vector<IntentMatch> classify(std::string_view question) const;
  // Per category the largest evidence of the matched intents.
  std::vector<std::pair<std::string, double>> evidence(const std::vector<IntentMatch>& matches) const;

  const std::vector<QuestionIntent>& intents() const { return intents_; }

 private:
  std::vector<QuestionIntent> intents_;
};

// The part of an interviewer's turn that asks: its sentences ending in '?',
// joined, or the whole turn when none does.
std::string asking_part(std::string_view turn);

}  // namespace grounded::tagger
