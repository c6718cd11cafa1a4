// Quantitative validation: a persona claim checked against closed survey
// answers — "41% of 312 respondents chose 'Manual re-keying of invoices'
// (What is your biggest problem with accounts payable today?)", and, where
// the question has an opposite answer, how many chose it ("…; 12% chose the
// opposite ('Disagree', 'Strongly disagree')"). A check is
// stored on the persona (optionally on one attribute) and its figures are
// counted live from survey_answers (ingest/surveys.hpp), so a new survey
// import updates them. When the persona's cohort names roles, the figure is
// also given among respondents who answered a role question with one of them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::synth {

struct SurveyFigure {
  std::string question;
  std::string answer;
  std::int64_t chosen = 0;       // respondents who chose the answer
  std::int64_t respondents = 0;  // respondents who answered the question
  double share = 0;
  std::vector<std::string> roles;        // the cohort's roles ("" = no role filter)
  std::int64_t cohort_chosen = 0;
  std::int64_t cohort_respondents = 0;
  // Respondents who chose the opposite (survey_opposites.hpp): the other half
  // of a numeric scale, "Disagree" for "Agree", "No" for "Yes". `opposite`
  // says which answers those are; "" when the question has no opposite for
  // this answer, and then both counts stay 0.
  std::string opposite;
  std::int64_t contradicting = 0;
  std::int64_t cohort_contradicting = 0;
  std::string sentence;          // the figure in words, for the persona view and exports
};

struct SurveyCheck {
  Id id = 0;
  Id persona_id = 0;
  std::optional<Id> attribute_id;
  SurveyFigure figure;
  std::string created_by;
  std::string created_at;
};

// A closed question of the survey imports, with each answer's count.
struct SurveyQuestionSummary {
  std::string question;
  std::int64_t respondents = 0;
  std::vector<std::pair<std::string, std::int64_t>> answers;  // most chosen first
};

void to_json(nlohmann::json& out, const SurveyFigure& figure);
void to_json(nlohmann::json& out, const SurveyCheck& check);
void to_json(nlohmann::json& out, const SurveyQuestionSummary& summary);

// Counts one answer. `roles` narrows the cohort figure (empty: none).
SurveyFigure survey_figure(store::Database& db, const std::string& question, const std::string& answer,
                           const std::vector<std::string>& roles = {});

// Closed questions (choices, scales, attributes), most answered first.
std::vector<SurveyQuestionSummary> survey_questions(store::Database& db);

// Stores a check (audited as persona.survey_check). Error(not_found) for an
// unknown persona or an attribute of another persona; Error(invalid_input)
// when no respondent gave that answer to that question (the message lists
// the question's answers); Error(conflict) for the same check twice.
SurveyCheck add_survey_check(store::Database& db, Id persona_id, std::optional<Id> attribute_id,
                             const std::string& question, const std::string& answer, const std::string& who);
// Error(not_found) for an unknown check of this persona. Audited.
void remove_survey_check(store::Database& db, Id persona_id, Id check_id, const std::string& who);
std::vector<SurveyCheck> survey_checks_of(store::Database& db, Id persona_id);
std::int64_t count_survey_checks(store::Database& db, Id persona_id);

// Open survey answers on an attribute's themes: how many survey respondents
// wrote an open answer tagged (not rejected) into one of the themes the
// attribute's citations carry — "12 of 40 survey respondents mention
// 'Duplicate vendor bills' in an open answer". Counted live, like the closed
// checks; survey answers corroborate a claim drafted from what people said
// at length, beside its citations rather than as them.
struct OpenAnswerMentions {
  Id attribute_id = 0;
  std::vector<std::string> themes;    // the attribute's themes' names
  std::int64_t mentioning = 0;        // respondents with an open answer in those themes
  std::int64_t respondents = 0;       // respondents with any open answer
  std::vector<Id> excerpt_ids;        // up to 3 of the mentioning answers, for citation chips
  std::string sentence;
};
void to_json(nlohmann::json& out, const OpenAnswerMentions& mentions);

// One entry per attribute of the persona that has themed citations, in
// attribute order; none when there are no open survey answers.
std::vector<OpenAnswerMentions> open_answer_mentions(store::Database& db, Id persona_id);

}  // namespace grounded::synth
