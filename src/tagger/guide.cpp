#include "tagger/guide.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {
namespace {

// Does a bank `informs` entry answer one of the requested attributes?
bool informs_any(const std::vector<std::string>& informs, const std::vector<std::string>& wanted) {
  for (const auto& have : informs)
    for (const auto& want : wanted) {
      if (have == want) return true;
      if (have.size() > want.size() && have.compare(0, want.size(), want) == 0 && have[want.size()] == '.') return true;
      for (const auto& category : categories_for_attribute(have))
        if (category == want) return true;
    }
  return false;
}

}  // namespace

Guide draft_guide(const QuestionBank& bank, const GuideRequest& request) {
  if (request.minutes < 5 || request.minutes > 240) throw invalid_input("minutes must be between 5 and 240");
  if (request.attributes.empty()) throw invalid_input("name at least one attribute (e.g. goals,pain_points)");
  for (const auto& a : request.attributes) {
    bool found = false;
    for (const auto& s : bank.sections())
      if ((s.bank == "discovery" || request.job_map) && informs_any(s.informs, {a})) found = true;
    for (const auto& s : bank.sections())
      for (const auto& q : s.questions)
        if (informs_any(q.informs, {a})) found = true;
    if (!found) throw invalid_input("no question in the bank informs '" + a + "'");
  }
  // Sections: opener, the informing ones in bank order, closer.
  std::vector<const BankSection*> chosen;
  const BankSection* opener = bank.find_section("role_context");
  const BankSection* closer = bank.find_section("wrap_up");
  for (const auto& s : bank.sections()) {
    if (&s == opener || &s == closer) continue;
    if (s.bank == "job_map" && !request.job_map) continue;
    bool section_informs = informs_any(s.informs, request.attributes);
    bool question_informs = std::any_of(s.questions.begin(), s.questions.end(),
                                        [&](const BankQuestion& q) { return informs_any(q.informs, request.attributes); });
    if (section_informs || (s.bank == "discovery" && question_informs)) chosen.push_back(&s);
  }
  // Opener and closer only when each chosen section still gets 3+ minutes.
  if (opener && request.minutes >= 15 + 3 * static_cast<int>(chosen.size())) chosen.insert(chosen.begin(), opener);
  if (closer && request.minutes >= 25 + 3 * static_cast<int>(chosen.size())) chosen.push_back(closer);
  // Too many sections for the time: keep the first ones (1 minute minimum each).
  while (static_cast<int>(chosen.size()) > request.minutes) chosen.pop_back();

  // Largest-remainder split of the minutes in proportion to default budgets.
  int total_default = 0;
  for (auto* s : chosen) total_default += std::max(1, s->default_minutes);
  std::vector<int> minutes(chosen.size(), 1);
  int spare = request.minutes - static_cast<int>(chosen.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  int given = 0;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    double share = double(spare) * std::max(1, chosen[i]->default_minutes) / total_default;
    int whole = static_cast<int>(std::floor(share));
    minutes[i] += whole;
    given += whole;
    remainders.emplace_back(share - whole, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (int k = 0; k < spare - given; ++k) ++minutes[remainders[static_cast<std::size_t>(k) % remainders.size()].second];

  Guide guide;
  guide.attributes = request.attributes;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    GuideSection section{chosen[i]->id, chosen[i]->title, minutes[i], {}};
    std::vector<const BankQuestion*> questions;
    for (const auto& q : chosen[i]->questions)
      if (informs_any(q.informs, request.attributes)) questions.push_back(&q);
    for (const auto& q : chosen[i]->questions)
      if (!informs_any(q.informs, request.attributes)) questions.push_back(&q);
    // About two minutes per question with its follow-ups.
    std::size_t keep = std::max<std::size_t>(1, static_cast<std::size_t>(minutes[i] / 2));
    if (questions.size() > keep) questions.resize(keep);
    // Back in bank order: the bank's order is the conversation's order.
    std::sort(questions.begin(), questions.end());
    section.questions = std::move(questions);
    guide.minutes += section.minutes;
    guide.sections.push_back(std::move(section));
  }
  return guide;
}

std::string render_markdown(const Guide& guide) {
  std::string out = "# Interview guide (" + std::to_string(guide.minutes) + " minutes)\n\nInforms: ";
  for (std::size_t i = 0; i < guide.attributes.size(); ++i) out += (i ? ", " : "") + guide.attributes[i];
  out += "\n";
  int clock = 0;
  for (const auto& s : guide.sections) {
    out += "\n## " + s.title + " — " + std::to_string(s.minutes) + " min (" + std::to_string(clock) + "–" +
           std::to_string(clock + s.minutes) + ")\n\n";
    clock += s.minutes;
    int n = 0;
    for (const auto* q : s.questions) {
      out += std::to_string(++n) + ". " + q->text + "\n";
      for (const auto& f : q->follow_ups) out += "   - Follow-up: " + f + "\n";
      if (!q->probe.empty()) out += "   - _Note: " + q->probe + "_\n";
    }
  }
  return out;
}

void to_json(nlohmann::json& out, const Guide& guide) {
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : guide.sections) {
    nlohmann::json questions = nlohmann::json::array();
    for (const auto* q : s.questions) questions.push_back(*q);
    sections.push_back({{"id", s.id}, {"title", s.title}, {"minutes", s.minutes}, {"questions", questions}});
  }
  out = {{"attributes", guide.attributes}, {"minutes", guide.minutes}, {"sections", sections}};
}

Coverage coverage_of_excerpts(const QuestionBank& bank, Id source_id, const std::vector<Excerpt>& excerpts) {
  Coverage coverage;
  coverage.source_id = source_id;
  std::set<std::string> attributes;
  for (const auto& e : excerpts) {
    if (e.speaker_role != SpeakerRole::interviewer) continue;
    ++coverage.interviewer_turns;
    auto match = bank.match(e.text);
    if (!match) continue;
    ++coverage.matched_turns;
    auto it = std::find_if(coverage.asked.begin(), coverage.asked.end(),
                           [&](const AskedQuestion& a) { return a.question == match->question; });
    if (it == coverage.asked.end()) {
      coverage.asked.push_back(AskedQuestion{match->question, match->score, {e.id}});
    } else {
      it->excerpt_ids.push_back(e.id);
      it->score = std::max(it->score, match->score);
    }
    for (const auto& a : match->question->informs) attributes.insert(a);
  }
  coverage.attributes_covered.assign(attributes.begin(), attributes.end());
  return coverage;
}

Coverage coverage_of_source(store::Database& db, Id source_id) {
  store::get_source_summary(db, source_id);  // Error(not_found) for an unknown id
  return coverage_of_excerpts(*QuestionBank::builtin(), source_id, store::excerpts_of_source(db, source_id));
}

void to_json(nlohmann::json& out, const Coverage& c) {
  nlohmann::json asked = nlohmann::json::array();
  for (const auto& a : c.asked)
    asked.push_back({{"question_id", a.question->id},
                     {"section", a.question->section_id},
                     {"text", a.question->text},
                     {"informs", a.question->informs},
                     {"score", std::round(a.score * 1000.0) / 1000.0},
                     {"excerpt_ids", a.excerpt_ids}});
  out = {{"source_id", c.source_id},
         {"interviewer_turns", c.interviewer_turns},
         {"matched_turns", c.matched_turns},
         {"asked", asked},
         {"attributes_covered", c.attributes_covered}};
}

std::string render_markdown(const Coverage& c) {
  std::string out = "# Coverage of source " + std::to_string(c.source_id) + "\n\n" +
                    std::to_string(c.matched_turns) + " of " + std::to_string(c.interviewer_turns) +
                    " interviewer turns matched a bank question.\n\n";
  for (const auto& a : c.asked) {
    out += "- `" + a.question->id + "` " + a.question->text + " (excerpts";
    for (auto id : a.excerpt_ids) out += " " + std::to_string(id);
    out += ")\n";
  }
  out += "\nAttributes covered: ";
  for (std::size_t i = 0; i < c.attributes_covered.size(); ++i) out += (i ? ", " : "") + c.attributes_covered[i];
  return out + "\n";
}

StudyCoverage coverage_of_study(store::Database& db, Id study_id) {
  StudyCoverage out;
  store::Study study = store::get_study(db, study_id);  // Error(not_found) for an unknown id
  out.study_id = study.id;
  out.study_name = study.name;
  const QuestionBank& bank = *QuestionBank::builtin();
  std::set<std::string> attributes;
  auto sources = db.prepare(
      "SELECT DISTINCT s.id FROM sources s JOIN excerpts e ON e.source_id = s.id"
      " WHERE s.study_id = ?1 AND e.speaker_role = 'interviewer' ORDER BY s.id");
  sources.bind(1, study_id);
  while (sources.step()) {
    const Id source_id = sources.int64(0);
    Coverage one = coverage_of_excerpts(bank, source_id, store::excerpts_of_source(db, source_id));
    ++out.sources;
    out.interviewer_turns += one.interviewer_turns;
    out.matched_turns += one.matched_turns;
    for (const AskedQuestion& a : one.asked) {
      auto it = std::find_if(out.asked.begin(), out.asked.end(),
                             [&](const StudyCoverage::Asked& x) { return x.question == a.question; });
      if (it == out.asked.end()) out.asked.push_back({a.question, {source_id}});
      else it->source_ids.push_back(source_id);
    }
    attributes.insert(one.attributes_covered.begin(), one.attributes_covered.end());
  }
  std::stable_sort(out.asked.begin(), out.asked.end(), [](const StudyCoverage::Asked& a, const StudyCoverage::Asked& b) {
    return a.source_ids.size() > b.source_ids.size();
  });
  out.attributes_covered.assign(attributes.begin(), attributes.end());
  return out;
}

void to_json(nlohmann::json& out, const StudyCoverage& c) {
  nlohmann::json asked = nlohmann::json::array();
  for (const auto& a : c.asked)
    asked.push_back({{"question_id", a.question->id},
                     {"section", a.question->section_id},
                     {"text", a.question->text},
                     {"informs", a.question->informs},
                     {"source_ids", a.source_ids}});
  out = {{"study_id", c.study_id},
         {"study", c.study_name},
         {"sources", c.sources},
         {"interviewer_turns", c.interviewer_turns},
         {"matched_turns", c.matched_turns},
         {"asked", asked},
         {"attributes_covered", c.attributes_covered}};
}

std::string render_markdown(const StudyCoverage& c) {
  std::string out = "# Coverage of study " + c.study_name + "\n\n" + std::to_string(c.sources) +
                    " interviews; " + std::to_string(c.matched_turns) + " of " + std::to_string(c.interviewer_turns) +
                    " interviewer turns matched a bank question.\n\n";
  for (const auto& a : c.asked)
    out += "- `" + a.question->id + "` " + a.question->text + " (asked in " + std::to_string(a.source_ids.size()) +
           " of " + std::to_string(c.sources) + ")\n";
  out += "\nAttributes covered: ";
  for (std::size_t i = 0; i < c.attributes_covered.size(); ++i) out += (i ? ", " : "") + c.attributes_covered[i];
  return out + "\n";
}

}  // namespace grounded::tagger
