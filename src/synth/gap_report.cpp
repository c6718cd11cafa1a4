#include "synth/gap_report.hpp"

#include <algorithm>
#include <sstream>

#include "synth/templates.hpp"
#include "tagger/question_bank.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

bool drafts_evidence(SectionStyle style) {
  return style == SectionStyle::statement || style == SectionStyle::ranked || style == SectionStyle::job;
}

// Bank questions that inform the section: by its key, or by a category it drafts from.
std::vector<GapQuestion> questions_for(const SectionTemplate& section) {
  std::vector<GapQuestion> out;
  const auto bank = tagger::QuestionBank::builtin();
  auto informs = [&](const tagger::BankQuestion& q) {
    for (const std::string& attribute : q.informs) {
      if (attribute == section.key) return true;
      for (const std::string& category : tagger::categories_for_attribute(attribute))
        if (std::find(section.categories.begin(), section.categories.end(), category) != section.categories.end())
          return true;
    }
    return false;
  };
  for (const auto& s : bank->sections())
    for (const auto& q : s.questions)
      if (out.size() < 3 && informs(q)) out.push_back({q.id, q.text, q.probe});
  return out;
}

}  // namespace

void to_json(nlohmann::json& out, const GapQuestion& q) {
  out = {{"id", q.id}, {"text", q.text}, {"probe", q.probe}};
}
void to_json(nlohmann::json& out, const SectionGap& g) {
  out = {{"section", g.section},       {"title", g.title}, {"status", g.status}, {"attributes", g.attributes},
         {"most_participants", g.most_participants}, {"questions", g.questions}};
}
void to_json(nlohmann::json& out, const GapReport& r) {
  out = {{"persona_id", r.persona_id}, {"persona_name", r.persona_name}, {"participants", r.participants},
         {"gaps", r.gaps}, {"advice", r.advice}};
}

GapReport persona_gaps(const PersonaView& view) {
  GapReport r;
  r.persona_id = view.persona.id;
  r.persona_name = view.persona.name;
  r.participants = view.size.participants;
  for (const SectionTemplate& s : persona_template(view.persona.kind).sections) {
    if (!drafts_evidence(s.style)) continue;
    SectionGap gap{s.key, s.title, "", 0, 0, {}};
    for (const AttributeView& a : view.attributes) {
      if (a.stored.attribute.section != s.key || a.stored.basis != "evidence" || a.evidence.voices == 0) continue;
      ++gap.attributes;
      gap.most_participants = std::max(gap.most_participants, a.evidence.participants);
    }
    if (gap.attributes == 0) gap.status = "empty";
    else if (gap.most_participants < 2) gap.status = "thin";
    else continue;
    gap.questions = questions_for(s);
    r.gaps.push_back(std::move(gap));
  }
  r.advice = r.gaps.empty()
                 ? "Every drafted section has evidence from two or more participants."
                 : "Interview 3–5 recent customers of this persona and ask the questions below; then tag the new "
                   "transcripts and re-draft.";
  return r;
}

GapReport persona_gaps(store::Database& db, Id persona_id) { return persona_gaps(load_persona_view(db, persona_id)); }

std::string gaps_markdown(const GapReport& r) {
  std::ostringstream md;
  md << "# Interview guide: evidence gaps of " << text::one_line(r.persona_name) << "\n\n" << r.advice << "\n\n";
  for (const SectionGap& g : r.gaps) {
    md << "## " << g.title << " — "
       << (g.status == "empty" ? "no evidence yet" : "thin: no attribute said by two participants") << "\n\n";
    if (g.questions.empty()) md << "_No bank question covers this section; write one._\n";
    for (const GapQuestion& q : g.questions) {
      md << "- " << text::one_line(q.text);
      if (!q.probe.empty()) md << " _(probe: " << text::one_line(q.probe) << ")_";
      md << "\n";
    }
    md << "\n";
  }
  return md.str();
}

}  // namespace grounded::synth
