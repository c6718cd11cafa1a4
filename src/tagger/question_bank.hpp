// The interview question bank (question-bank/discovery.json and
// job_map.json, embedded): lookup, matching an interviewer's words to a
// bank question (TF-IDF cosine over stemmed words), and the categories a
// question informs — the "interview context" signal of the tagger.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace grounded::tagger {

struct BankQuestion {
  std::string id;  // "pain_points.frustrating"
  std::string section_id;
  std::string text;
  // Other ways interviewers ask the same thing ("What's the most frustrating
  // part?"): used only to recognise the question in a transcript.
  std::vector<std::string> variants;
  std::vector<std::string> informs;  // persona attributes, e.g. "pain_points"
  std::vector<std::string> follow_ups;
  std::string probe;
};

struct BankSection {
  std::string bank;  // "discovery" or "job_map"
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> informs;
  int default_minutes = 5;
  std::vector<BankQuestion> questions;
};

struct QuestionMatch {
  const BankQuestion* question = nullptr;
  double score = 0.0;  // cosine similarity in [0, 1]
  std::string matched_text;  // the sentence of the turn that matched best
};

class QuestionBank {
 public:
  // Parses the two files; throws Error(invalid_input) naming the problem.
  static std::shared_ptr<const QuestionBank> parse(std::string_view discovery_json, std::string_view job_map_json);
  // The embedded bank (parsed once, shared, thread-safe).
  static std::shared_ptr<const QuestionBank> builtin();

  const std::vector<BankSection>& sections() const { return sections_; }
  const BankQuestion* find_question(std::string_view id) const;  // nullptr when unknown
  const BankSection* find_section(std::string_view id) const;    // nullptr when unknown

  // The bank question closest to `turn` (an interviewer's words; each of its
  // sentences and each bank question's text, variants and follow-ups are
  // compared),
  // if its score reaches `min_score`. Thread-safe.
  std::optional<QuestionMatch> match(std::string_view turn, double min_score = 0.5) const;

 private:
  struct Doc {
    const BankQuestion* question;
    std::unordered_map<std::string, double> vec;  // stem → tf-idf, unit length
  };
  std::unordered_map<std::string, double> vector_of(std::string_view text) const;
  std::vector<BankSection> sections_;
  std::unordered_map<std::string, double> idf_;
  double unknown_idf_ = 1.0;
  std::vector<Doc> docs_;
};

// The taxonomy categories a persona attribute name feeds ("pain_points" →
// pain_point, "buying_behavior.trigger" → trigger); a category key maps to
// itself. Unknown names map to nothing.
std::vector<std::string> categories_for_attribute(std::string_view attribute);

void to_json(nlohmann::json& out, const BankQuestion& question);
void to_json(nlohmann::json& out, const BankSection& section);
void to_json(nlohmann::json& out, const QuestionBank& bank);  // {"sections":[…]}

}  // namespace grounded::tagger
