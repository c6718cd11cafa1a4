// Interview guides drafted from the question bank, and coverage: which bank
// questions an interview actually asked (its interviewer turns matched to
// the bank), with the excerpts that asked them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "tagger/question_bank.hpp"

namespace grounded::tagger {

struct GuideRequest {
  // Persona attributes ("goals", "pain_points", "buying_behavior.trigger"),
  // a prefix of them ("buying_behavior"), or taxonomy categories ("pain_point").
  std::vector<std::string> attributes;
  int minutes = 45;
  bool job_map = false;  // add the job-map stages (define … conclude)
};

struct GuideSection {
  std::string id;
  std::string title;
  int minutes = 0;
  std::vector<const BankQuestion*> questions;
};

struct Guide {
  std::vector<std::string> attributes;
  int minutes = 0;  // == the sum of the sections' minutes
  std::vector<GuideSection> sections;
};

// Picks the sections that inform the attributes, opens with role and context
// and closes with the wrap-up when the bank has them and time allows, splits
// `minutes` in proportion to each section's default budget (whole minutes
// that sum exactly to `minutes`), and keeps about one question per two
// minutes, the ones informing the asked attributes first. Throws
// Error(invalid_input) for minutes outside 5..240, no attributes, or
// attributes no section informs (naming them).
Guide draft_guide(const QuestionBank& bank, const GuideRequest& request);

std::string render_markdown(const Guide& guide);
void to_json(nlohmann::json& out, const Guide& guide);

// Coverage of one interview.
struct AskedQuestion {
  const BankQuestion* question = nullptr;
  double score = 0;              // best match score
  std::vector<Id> excerpt_ids;   // the interviewer turns that asked it
};

struct Coverage {
  Id source_id = 0;
  std::int64_t interviewer_turns = 0;
  std::int64_t matched_turns = 0;
  std::vector<AskedQuestion> asked;            // in the order first asked
  std::vector<std::string> attributes_covered; // union of the asked questions' informs
};

// Matches each interviewer turn (speaker_role interviewer) to the bank.
Coverage coverage_of_excerpts(const QuestionBank& bank, Id source_id, const std::vector<Excerpt>& excerpts);
// The same for a stored source. Error(not_found) for an unknown id.
Coverage coverage_of_source(store::Database& db, Id source_id);

void to_json(nlohmann::json& out, const Coverage& coverage);
std::string render_markdown(const Coverage& coverage);

// Coverage of a whole study: which bank questions its interviews asked, and
// in how many of them.
struct StudyCoverage {
  Id study_id = 0;
  std::string study_name;
  std::int64_t sources = 0;            // sources with at least one interviewer turn
  std::int64_t interviewer_turns = 0;
  std::int64_t matched_turns = 0;
  struct Asked {
    const BankQuestion* question = nullptr;
    std::vector<Id> source_ids;        // the interviews that asked it
  };
  std::vector<Asked> asked;            // most widely asked first
  std::vector<std::string> attributes_covered;
};
// Error(not_found) for an unknown study.
StudyCoverage coverage_of_study(store::Database& db, Id study_id);
void to_json(nlohmann::json& out, const StudyCoverage& coverage);
std::string render_markdown(const StudyCoverage& coverage);

}  // namespace grounded::tagger
