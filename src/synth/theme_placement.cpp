#include "synth/theme_placement.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "synth/job_statement.hpp"
#include "synth/phrases.hpp"
#include "text/strings.hpp"
#include "tagger/question_bank.hpp"

namespace grounded::synth {
namespace {

bool drafts_evidence(SectionStyle style) {
  return style == SectionStyle::statement || style == SectionStyle::ranked || style == SectionStyle::job ||
         style == SectionStyle::cohort_stack;
}

bool takes(const SectionTemplate& s, const std::string& category) {
  return std::find(s.categories.begin(), s.categories.end(), category) != s.categories.end();
}

// Categories a question can re-place: a person's view of their work. A tool
// or an influencer named in any answer stays what it is.
bool is_view(const std::string& category) {
  static const std::set<std::string> views = {"goal", "pain_point", "objection", "decision_criterion", "trigger"};
  return views.count(category) > 0;
}

// A job statement in the speaker's words: "When <situation>, I want / need /
// would like <…>" in a sentence the tag rests on.
bool says_a_job(const std::string& text, std::optional<std::int64_t> start, std::optional<std::int64_t> end) {
  static const char* const wants[] = {", i want ", ", i need ", ", i'd like ", ", i would like ", ", we want ", ", we need "};
  // Cheap test first: drafting reads every tag of the cohort.
  if (text.find(", I ") == std::string::npos && text.find(", we ") == std::string::npos) return false;
  for (const EvidenceSentence& s : evidence_sentences(text, start, end)) {
    std::string lower = text::lower(s.text);
    if (!lower.starts_with("when ")) continue;
    for (const char* w : wants)
      if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

ThemePlacement::ThemePlacement(const PersonaTemplate& persona_template, const std::vector<Evidence>& evidence,
                               const std::vector<PlanTheme>& themes)
    : template_(persona_template) {
  // Tag id → (evidence, tag) for the evidence drafting may use.
  std::unordered_map<Id, std::pair<const Evidence*, const EvidenceTag*>> by_tag;
  // Tags below the cut (Evidence::supporting).
  std::unordered_map<Id, std::pair<const Evidence*, const EvidenceTag*>> supporting;
  for (const Evidence& e : evidence) {
    for (const EvidenceTag& t : e.tags) by_tag[t.tag_id] = {&e, &t};
    for (const EvidenceTag& t : e.supporting) supporting[t.tag_id] = {&e, &t};
  }
  for (const PlanTheme& group : themes) {
    std::map<Id, SectionDoc> docs;  // by excerpt id
    std::map<std::string, int> votes;
    for (Id tag_id : group.tag_ids) {
      auto it = by_tag.find(tag_id);
      if (it == by_tag.end()) {
        // A tag below the cut backs the theme only beside a confident one
        // (checked below: a theme no confident tag voted for is skipped); it
        // adds its excerpt, never a section vote or sub-fields.
        auto low = supporting.find(tag_id);
        if (low != supporting.end()) {
          SectionDoc& doc = docs[low->second.first->context.excerpt_id];
          doc.evidence = low->second.first;
          doc.supporting.push_back(low->second.second);
          doc.label = group.name;
        }
        continue;  // else outside the cohort, or not usable evidence
      }
      const auto& [e, tag] = it->second;
      SectionDoc& doc = docs[e->context.excerpt_id];
      doc.evidence = e;
      doc.tags.push_back(tag);
      doc.accepted = doc.accepted || tag->accepted;
      doc.label = group.name;
      std::string section = section_of(*tag, *e);
      if (!section.empty()) ++votes[section];
    }
    if (docs.empty() || votes.empty()) continue;
    auto& kept = *docs_.emplace_back(std::make_unique<std::vector<SectionDoc>>());
    for (auto& [id, doc] : docs) kept.push_back(std::move(doc));
    PlacedTheme p;
    p.group = &group;
    // The section most of its evidence points to; ties go to template order.
    int best = 0;
    for (const SectionTemplate& s : template_.sections) {
      auto v = votes.find(s.key);
      if (v != votes.end() && v->second > best) {
        best = v->second;
        p.section = s.key;
      }
    }
    for (const SectionDoc& d : kept) {
      p.evidence.docs.push_back(&d);
      p.evidence.similarity.push_back(1.0);
    }
    p.evidence.voices = voices_of(p.evidence.docs);
    std::set<Id> people;
    for (const SectionDoc* d : p.evidence.docs)
      if (d->evidence->context.participant_id) people.insert(*d->evidence->context.participant_id);
    p.participants = static_cast<std::int64_t>(people.size());
    p.evidence.key_phrase = group.name;
    p.evidence.named_by_label = !group.name.empty();
    p.evidence.theme_key = "theme:" + std::to_string(group.id);
    placed_.push_back(std::move(p));
  }
}

std::string ThemePlacement::section_of(const EvidenceTag& tag, const Evidence& evidence) {
  const std::string& question = evidence.question;
  // The claim decides with the category: a view said as a job statement
  // ("When an invoice doesn't match, I want to see why…") is a job, what
  // they need done, whatever its tag says (LABELS.md: a capability they say
  // they need is a job).
  if (is_view(tag.category) && says_a_job(evidence.text, tag.span_start, tag.span_end)) {
    std::string section = job_section();
    if (!section.empty()) return section;
  }
  // By category and sub-fields: a section with a matching `where` is more specific.
  const SectionTemplate* by_tag = nullptr;
  for (const SectionTemplate& s : template_.sections) {
    if (!drafts_evidence(s.style) || !takes(s, tag.category) || !subfields_match(s, tag.subfields)) continue;
    if (!by_tag || (by_tag->where.empty() && !s.where.empty())) by_tag = &s;
  }
  // A job in a persona with no jobs section (a buyer): what the speaker
  // wants done ("I want every invoice approved, coded and posted, so I can
  // close by day five") is their goal, when the job names what they want or
  // the question asked for goals.
  if (!by_tag && tag.category == "job") {
    bool wants = !subfield(tag.subfields, "motivation").empty() || !subfield(tag.subfields, "outcome").empty();
    std::vector<std::string> asked = asked_views(question);
    if (wants || std::find(asked.begin(), asked.end(), "goal") != asked.end()) return general_section_for("goal");
    return "";
  }
  if (question.empty() || !is_view(tag.category)) return by_tag ? by_tag->key : "";
  // The question asks for other views than the tag's ("what is the most
  // frustrating part…" asks for pain points): the answer is one of those.
  std::vector<std::string> asked = asked_views(question);
  if (asked.empty() || std::find(asked.begin(), asked.end(), tag.category) != asked.end())
    return by_tag ? by_tag->key : "";
  std::string section = general_section_for(asked.front());
  return !section.empty() ? section : by_tag ? by_tag->key : "";
}

std::string ThemePlacement::job_section() const {
  for (const SectionTemplate& s : template_.sections)
    if (drafts_evidence(s.style) && takes(s, "job") && subfields_match(s, nlohmann::json::object())) return s.key;
  // A persona with no jobs section (a buyer): what they want done is their goal.
  return general_section_for("goal");
}

std::vector<std::string> ThemePlacement::asked_views(const std::string& question) {
  if (question.empty()) return {};
  auto cached = informs_.find(question);
  if (cached == informs_.end()) {
    std::vector<std::string> informs;
    if (auto match = tagger::QuestionBank::builtin()->match(question)) informs = match->question->informs;
    cached = informs_.emplace(question, std::move(informs)).first;
  }
  std::vector<std::string> asked;
  for (const std::string& attribute : cached->second)
    for (const std::string& category : tagger::categories_for_attribute(attribute))
      if (is_view(category)) asked.push_back(category);
  return asked;
}

std::string ThemePlacement::general_section_for(const std::string& category) const {
  for (const SectionTemplate& s : template_.sections)
    if (drafts_evidence(s.style) && s.where.empty() && takes(s, category)) return s.key;
  return "";
}

std::vector<const PlacedTheme*> ThemePlacement::in_section(const std::string& section_key) const {
  std::vector<const PlacedTheme*> out;
  for (const PlacedTheme& p : placed_)
    if (p.section == section_key) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const PlacedTheme* a, const PlacedTheme* b) {
    if (a->evidence.voices != b->evidence.voices) return a->evidence.voices > b->evidence.voices;
    if (a->evidence.docs.size() != b->evidence.docs.size()) return a->evidence.docs.size() > b->evidence.docs.size();
    return a->group->id < b->group->id;
  });
  return out;
}

std::vector<const PlacedTheme*> ThemePlacement::of_category(const std::string& category) const {
  std::vector<const PlacedTheme*> out;
  for (const PlacedTheme& p : placed_)
    if (p.group->category == category) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const PlacedTheme* a, const PlacedTheme* b) {
    if (a->evidence.voices != b->evidence.voices) return a->evidence.voices > b->evidence.voices;
    return a->group->id < b->group->id;
  });
  return out;
}

}  // namespace grounded::synth
