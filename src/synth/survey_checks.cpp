#include "synth/survey_checks.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "synth/cohort.hpp"
#include "synth/persona_store.hpp"
#include "synth/survey_opposites.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

using nlohmann::json;

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + "%"; }

// Respondents (import, respondent) who answered a role question with one of `roles`.
std::set<std::pair<Id, std::string>> respondents_in_roles(store::Database& db, const std::vector<std::string>& roles) {
  std::set<std::string> wanted;
  for (const auto& r : roles) wanted.insert(text::lower(r));
  std::set<std::pair<Id, std::string>> out;
  auto st = db.prepare("SELECT import_id, respondent, answer FROM survey_answers WHERE kind = 'attribute'");
  while (st.step())
    if (wanted.count(text::lower(st.text(2)))) out.insert({st.int64(0), st.text(1)});
  return out;
}

// Every distinct answer given to the question.
std::vector<std::string> answers_given(store::Database& db, const std::string& question) {
  auto st = db.prepare("SELECT DISTINCT answer FROM survey_answers WHERE question = ?1");
  st.bind(1, question);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

struct Counts {
  std::int64_t chosen = 0, respondents = 0, contradicting = 0;
};

// Respondents of the question (within `only` when given) who chose the
// answer, and who chose one of `opposite` without choosing it.
Counts count_answers(store::Database& db, const SurveyFigure& f, const std::set<std::string>& opposite,
                     const std::set<std::pair<Id, std::string>>* only) {
  std::set<std::pair<Id, std::string>> answered, picked, opposed;
  auto st = db.prepare("SELECT import_id, respondent, answer FROM survey_answers WHERE question = ?1");
  st.bind(1, f.question);
  const std::string want = text::lower(f.answer);
  while (st.step()) {
    std::pair<Id, std::string> who{st.int64(0), st.text(1)};
    if (only && !only->count(who)) continue;
    answered.insert(who);
    if (text::lower(st.text(2)) == want) picked.insert(who);
    else if (opposite.count(st.text(2))) opposed.insert(who);
  }
  std::int64_t contradicting = 0;
  for (const auto& who : opposed) contradicting += picked.count(who) ? 0 : 1;
  return {static_cast<std::int64_t>(picked.size()), static_cast<std::int64_t>(answered.size()), contradicting};
}

SurveyCheck read_check(store::Database& db, store::Statement& row, const std::vector<std::string>& roles) {
  SurveyCheck c;
  c.id = row.int64(0);
  c.persona_id = row.int64(1);
  c.attribute_id = row.optional_int64(2);
  c.figure = survey_figure(db, row.text(3), row.text(4), roles);
  c.created_by = row.text(5);
  c.created_at = row.text(6);
  return c;
}

constexpr const char* kCheckColumns = "id, persona_id, attribute_id, question, answer, created_by, created_at";

}  // namespace

void to_json(json& out, const SurveyFigure& f) {
  out = {{"question", f.question},       {"answer", f.answer},   {"chosen", f.chosen},
         {"respondents", f.respondents}, {"share", f.share},     {"roles", f.roles},
         {"cohort_chosen", f.cohort_chosen}, {"cohort_respondents", f.cohort_respondents},
         {"opposite", f.opposite}, {"contradicting", f.contradicting},
         {"cohort_contradicting", f.cohort_contradicting}, {"sentence", f.sentence}};
}

void to_json(json& out, const SurveyCheck& c) {
  out = {{"id", c.id},
         {"persona_id", c.persona_id},
         {"attribute_id", c.attribute_id ? json(*c.attribute_id) : json(nullptr)},
         {"figure", c.figure},
         {"created_by", c.created_by},
         {"created_at", c.created_at}};
}

void to_json(json& out, const SurveyQuestionSummary& s) {
  json answers = json::array();
  for (const auto& [answer, n] : s.answers) answers.push_back({{"answer", answer}, {"count", n}});
  out = {{"question", s.question}, {"respondents", s.respondents}, {"answers", answers}};
}

SurveyFigure survey_figure(store::Database& db, const std::string& question, const std::string& answer,
                           const std::vector<std::string>& roles) {
  SurveyFigure f;
  f.question = question;
  f.answer = answer;
  f.roles = roles;
  const OppositeAnswers opposite = opposite_answers(answers_given(db, question), answer);
  f.opposite = opposite.description;
  const Counts all = count_answers(db, f, opposite.answers, nullptr);
  f.chosen = all.chosen;
  f.respondents = all.respondents;
  f.contradicting = all.contradicting;
  f.share = f.respondents > 0 ? static_cast<double>(f.chosen) / static_cast<double>(f.respondents) : 0;
  auto share_of = [](std::int64_t n, std::int64_t of) { return of > 0 ? static_cast<double>(n) / static_cast<double>(of) : 0.0; };
  f.sentence = percent(f.share) + " of " + std::to_string(f.respondents) + " respondents chose '" + answer + "' (" +
               question + ")";
  if (!f.opposite.empty())
    f.sentence += "; " + percent(share_of(f.contradicting, f.respondents)) + " (" + std::to_string(f.contradicting) +
                  ") chose the opposite (" + f.opposite + ")";
  if (!roles.empty()) {
    auto in_roles = respondents_in_roles(db, roles);
    const Counts cohort = count_answers(db, f, opposite.answers, &in_roles);
    f.cohort_chosen = cohort.chosen;
    f.cohort_respondents = cohort.respondents;
    f.cohort_contradicting = cohort.contradicting;
    std::string names;
    for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r;
    if (f.cohort_respondents > 0) {
      f.sentence += "; among " + names + ": " + percent(share_of(f.cohort_chosen, f.cohort_respondents)) + " of " +
                    std::to_string(f.cohort_respondents);
      if (!f.opposite.empty())
        f.sentence += ", " + percent(share_of(f.cohort_contradicting, f.cohort_respondents)) + " the opposite";
    }
  }
  return f;
}

std::vector<SurveyQuestionSummary> survey_questions(store::Database& db) {
  std::vector<SurveyQuestionSummary> out;
  auto questions = db.prepare(
      "SELECT question, count(DISTINCT import_id || ':' || respondent) AS n FROM survey_answers"
      " WHERE kind <> 'open' GROUP BY question ORDER BY n DESC, question");
  auto answers = db.prepare(
      "SELECT answer, count(DISTINCT import_id || ':' || respondent) AS n FROM survey_answers"
      " WHERE question = ?1 AND kind <> 'open' GROUP BY answer ORDER BY n DESC, answer LIMIT 50");
  while (questions.step()) {
    SurveyQuestionSummary s;
    s.question = questions.text(0);
    s.respondents = questions.int64(1);
    answers.reset();
    answers.bind(1, s.question);
    while (answers.step()) s.answers.emplace_back(answers.text(0), answers.int64(1));
    out.push_back(std::move(s));
  }
  return out;
}

SurveyCheck add_survey_check(store::Database& db, Id persona_id, std::optional<Id> attribute_id,
                             const std::string& question, const std::string& answer, const std::string& who) {
  store::Transaction tx(db);
  Persona persona = get_persona(db, persona_id);
  if (attribute_id && get_attribute(db, *attribute_id).attribute.persona_id != persona_id)
    throw not_found("attribute " + std::to_string(*attribute_id) + " is not an attribute of persona " +
                    std::to_string(persona_id));
  SurveyFigure f = survey_figure(db, question, answer);
  if (f.chosen == 0) {
    std::string known;
    for (const SurveyQuestionSummary& s : survey_questions(db))
      if (s.question == question)
        for (const auto& [a, n] : s.answers) known += (known.empty() ? "" : ", ") + ("'" + a + "'");
    throw invalid_input(f.respondents == 0 ? "no survey respondent answered '" + question + "'"
                                           : "no respondent chose '" + answer + "' for '" + question +
                                                 "'; the answers are " + known);
  }
  auto same = db.prepare(
      "SELECT 1 FROM persona_survey_checks WHERE persona_id = ?1 AND attribute_id IS ?2 AND question = ?3 AND answer = ?4");
  same.bind(1, persona_id).bind(2, attribute_id).bind(3, question).bind(4, answer);
  if (same.step()) throw conflict("the persona already has this survey check");
  auto insert = db.prepare(
      "INSERT INTO persona_survey_checks (persona_id, attribute_id, question, answer, created_by) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, persona_id).bind(2, attribute_id).bind(3, question).bind(4, answer).bind(5, who);
  try {
    insert.run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict) throw conflict("the persona already has this survey check");
    throw;
  }
  const Id id = db.last_insert_id();
  json after = {{"attribute_id", attribute_id ? json(*attribute_id) : json(nullptr)}, {"question", question},
                {"answer", answer}, {"figure", f.sentence}};
  store::append_audit(db, {0, who, "persona.survey_check", "personas", persona_id, "", dump_json(after), ""});
  tx.commit();
  for (SurveyCheck& c : survey_checks_of(db, persona_id))
    if (c.id == id) return c;
  throw Error(ErrorKind::internal, "the survey check just stored is missing");
}

void remove_survey_check(store::Database& db, Id persona_id, Id check_id, const std::string& who) {
  store::Transaction tx(db);
  auto find = db.prepare("SELECT question, answer FROM persona_survey_checks WHERE id = ?1 AND persona_id = ?2");
  find.bind(1, check_id).bind(2, persona_id);
  if (!find.step()) throw not_found("persona " + std::to_string(persona_id) + " has no survey check " + std::to_string(check_id));
  json before = {{"question", find.text(0)}, {"answer", find.text(1)}};
  auto remove = db.prepare("DELETE FROM persona_survey_checks WHERE id = ?1");
  remove.bind(1, check_id).run();
  store::append_audit(db, {0, who, "persona.survey_check_remove", "personas", persona_id, dump_json(before), "", ""});
  tx.commit();
}

std::vector<SurveyCheck> survey_checks_of(store::Database& db, Id persona_id) {
  const std::vector<std::string> roles = Cohort::parse(get_persona(db, persona_id).cohort_json).roles;
  auto st = db.prepare(std::string("SELECT ") + kCheckColumns +
                       " FROM persona_survey_checks WHERE persona_id = ?1 ORDER BY id");
  st.bind(1, persona_id);
  std::vector<SurveyCheck> out;
  while (st.step()) out.push_back(read_check(db, st, roles));
  return out;
}

std::int64_t count_survey_checks(store::Database& db, Id persona_id) {
  auto st = db.prepare("SELECT count(*) FROM persona_survey_checks WHERE persona_id = ?1");
  st.bind(1, persona_id);
  st.step();
  return st.int64(0);
}

void to_json(json& out, const OpenAnswerMentions& m) {
  out = {{"attribute_id", m.attribute_id}, {"themes", m.themes},           {"mentioning", m.mentioning},
         {"respondents", m.respondents},   {"excerpt_ids", m.excerpt_ids}, {"sentence", m.sentence}};
}

std::vector<OpenAnswerMentions> open_answer_mentions(store::Database& db, Id persona_id) {
  std::vector<OpenAnswerMentions> out;
  std::int64_t respondents = 0;
  {
    auto total = db.prepare(
        "SELECT COUNT(*) FROM sources s WHERE s.kind = 'survey' AND EXISTS (SELECT 1 FROM excerpts e WHERE e.source_id = s.id)");
    if (total.step()) respondents = total.int64(0);
  }
  if (respondents == 0) return out;
  auto attributes = db.prepare("SELECT id FROM attributes WHERE persona_id = ?1 ORDER BY section, position, id");
  attributes.bind(1, persona_id);
  auto themes = db.prepare(
      "SELECT DISTINCT th.id, th.name FROM citations c JOIN tags t ON t.excerpt_id = c.excerpt_id"
      " JOIN theme_members tm ON tm.tag_id = t.id JOIN themes th ON th.id = tm.theme_id"
      " WHERE c.attribute_id = ?1 AND t.status <> 'rejected' AND th.status <> 'dismissed' ORDER BY th.id");
  auto answers = db.prepare(
      "SELECT e.source_id, MIN(e.id) FROM theme_members tm JOIN tags t ON t.id = tm.tag_id"
      " JOIN excerpts e ON e.id = t.excerpt_id JOIN sources s ON s.id = e.source_id"
      " WHERE tm.theme_id = ?1 AND t.status <> 'rejected' AND s.kind = 'survey' GROUP BY e.source_id");
  while (attributes.step()) {
    OpenAnswerMentions m;
    m.attribute_id = attributes.int64(0);
    m.respondents = respondents;
    std::set<Id> sources;
    themes.bind(1, m.attribute_id);
    while (themes.step()) {
      if (std::find(m.themes.begin(), m.themes.end(), themes.text(1)) == m.themes.end()) m.themes.push_back(themes.text(1));
      answers.bind(1, themes.int64(0));
      while (answers.step())
        if (sources.insert(answers.int64(0)).second && m.excerpt_ids.size() < 3) m.excerpt_ids.push_back(answers.int64(1));
      answers.reset();
    }
    themes.reset();
    if (m.themes.empty()) continue;
    m.mentioning = static_cast<std::int64_t>(sources.size());
    std::string names;
    for (std::size_t i = 0; i < m.themes.size(); ++i)
      names += (i == 0 ? "'" : i + 1 == m.themes.size() ? "' or '" : "', '") + m.themes[i];
    names += "'";
    m.sentence = std::to_string(m.mentioning) + " of " + std::to_string(respondents) + " survey respondents mention " +
                 names + " in an open answer";
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace grounded::synth
