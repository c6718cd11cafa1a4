// Planning: each drafted section of the template, by its style.
#include "synth/draft_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "synth/cohort_facts.hpp"
#include "synth/job_statement.hpp"
#include "synth/theme_placement.hpp"
#include "synth/wording_themes.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

std::string most_common_subfield(const WordingTheme& theme, const std::string& field) {
  std::map<std::string, int> counts;
  for (const SectionDoc* d : theme.docs)
    for (const auto* tag : d->tags) {
      std::string v = subfield(tag->subfields, field);
      if (!v.empty()) ++counts[text::lower(v)];
    }
  std::string best;
  int n = 0;
  for (const auto& [value, count] : counts)
    if (count > n) {
      best = value;
      n = count;
    }
  return best;
}

std::string in_quotes(const std::string& sentence) { return "“" + sentence + "”"; }

std::string with_quote(const std::string& head, const std::string& sentence) {
  return sentence.empty() ? head : head + " — " + in_quotes(sentence);
}

void draft_evidence_section(WordingThemes& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out,
                            std::int64_t& theme_count) {
  std::vector<WordingTheme> themes = drafter.themes(section);
  theme_count += static_cast<std::int64_t>(themes.size());
  int position = 0;
  for (std::size_t i = 0; i < themes.size() && static_cast<int>(i) < section.max; ++i) {
    const WordingTheme& theme = themes[i];
    DraftedAttribute a;
    a.section = section.key;
    a.theme_key = theme.theme_key;
    a.position = position++;
    a.citations = citations_of(theme);
    std::string head = text::capitalise(theme.key_phrase);
    if (!section.detail.empty()) {
      std::string detail = most_common_subfield(theme, section.detail);
      if (!detail.empty() && detail != "other") {
        std::string name = section.detail;
        std::replace(name.begin(), name.end(), '_', ' ');
        head += " (" + name + ": " + detail + ")";
      }
    }
    if (section.style == SectionStyle::job) {
      std::string job = job_statement(theme);
      a.text = job.empty() ? with_quote(head, drafter.representative_sentence(theme)) : job;
    } else {
      a.text = with_quote(head, drafter.representative_sentence(theme));
    }
    out.push_back(std::move(a));
  }
}

void draft_quote(WordingThemes& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out) {
  std::vector<WordingTheme> themes = drafter.themes(section);
  if (themes.empty()) return;
  // The best-supported theme; within it, the most central excerpt of a quotable length.
  const WordingTheme& theme = themes.front();
  const SectionDoc* chosen = theme.docs.front();
  for (const SectionDoc* d : theme.docs)
    if (text::char_count(d->evidence->text) >= 40 && text::char_count(d->evidence->text) <= 400) {
      chosen = d;
      break;
    }
  DraftedAttribute a;
  a.section = section.key;
  a.theme_key = "quote:" + theme.theme_key;
  a.text = in_quotes(text::shorten(text::unquote(chosen->evidence->text), 400));
  a.citations = {{chosen->evidence->context.excerpt_id, chosen->accepted ? "accepted_tag" : "suggested_tag"}};
  out.push_back(std::move(a));
}

// "Helps with <goal> by removing <pain>": drafted only when both the top goal
// and the top pain theme carry a readable name (a theme label a person or the
// tagger gave), else left for a person to write: words picked from the text
// ("Helps with 'sync error' by removing 'uk'") are not messaging.
void draft_value_proposition(WordingThemes& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out) {
  SectionTemplate pains = section, goals = section;
  pains.categories = {"pain_point"};
  goals.categories = {"goal"};
  std::vector<WordingTheme> pain_themes = drafter.themes(pains);
  std::vector<WordingTheme> goal_themes = drafter.themes(goals);
  if (pain_themes.empty() || goal_themes.empty()) return;
  const WordingTheme& pain = pain_themes.front();
  const WordingTheme& goal = goal_themes.front();
  if (!pain.named_by_label || !goal.named_by_label) return;
  DraftedAttribute a;
  a.section = section.key;
  a.theme_key = "value:" + pain.theme_key;
  a.text = "Helps with “" + goal.key_phrase + "” by removing “" + pain.key_phrase + "”";
  a.citations = citations_of(pain);
  auto more = citations_of(goal);
  a.citations.insert(a.citations.end(), more.begin(), more.end());
  std::sort(a.citations.begin(), a.citations.end());
  a.citations.erase(std::unique(a.citations.begin(), a.citations.end(),
                                [](const auto& x, const auto& y) { return x.first == y.first; }),
                    a.citations.end());
  out.push_back(std::move(a));
}
// The theme's proposed claim is a sentence from one of its members, maybe
// from another cohort: it heads this persona's attribute only when one of
// the cohort's own excerpts says it (or a person wrote or confirmed it), so
// a title never says something its citations do not. "" otherwise.
std::string claim_said_in_cohort(const PlanTheme& group, const WordingTheme& evidence) {
  std::string claim = text::trim(group.claim);
  while (!claim.empty() && (claim.back() == '.' || claim.back() == ' ')) claim.pop_back();
  if (claim.empty() || group.reviewed) return claim;
  std::string core = claim;
  if (core.ends_with("…")) core.resize(core.size() - std::string_view("…").size());
  core = text::lower(core);
  for (const SectionDoc* d : evidence.docs)
    if (text::lower(d->evidence->text).find(core) != std::string::npos) return claim;
  return "";
}

// One attribute per theme placed in the section: its claim (or name), the
// detail sub-field most of its tags carry, and a quote from its own evidence.
void draft_theme_section(WordingThemes& drafter, const ThemePlacement& placement, const SectionTemplate& section,
                         std::vector<DraftedAttribute>& out, std::int64_t& theme_count) {
  std::vector<const PlacedTheme*> themes = placement.in_section(section.key);
  theme_count += static_cast<std::int64_t>(themes.size());
  int position = 0;
  std::vector<std::set<Id>> cited;  // the excerpts each attribute above cites
  for (const PlacedTheme* theme : themes) {
    if (position >= section.max) break;
    const PlanTheme& group = *theme->group;
    // A tag may back several themes (themes.hpp); a theme whose evidence in
    // the cohort one attribute above already cites would repeat its quotes
    // under another title. A turn naming the CFO, IT and the auditors backs
    // three findings, so evidence spread over several attributes stays.
    auto citations = citations_of(theme->evidence);
    bool cited_above = std::any_of(cited.begin(), cited.end(), [&](const std::set<Id>& above) {
      return !citations.empty() && std::all_of(citations.begin(), citations.end(),
                                               [&](const auto& c) { return above.count(c.first) > 0; });
    });
    if (cited_above) continue;
    std::string job = section.style == SectionStyle::job ? job_statement(theme->evidence) : "";
    std::string quote = job.empty() ? drafter.representative_sentence(theme->evidence, group.name) : "";
    // The claim, unless it only repeats the quote: then the theme's name
    // heads it, or, when the name is a lone word ("Financials", "Email")
    // that tells a reader nothing, the claim stands alone as the sentence.
    std::string claim = claim_said_in_cohort(group, theme->evidence);
    bool repeats = !claim.empty() && !quote.empty() && text::lower(quote).find(text::lower(claim)) != std::string::npos;
    bool lone_word = text::trim(group.name).find(' ') == std::string::npos;
    if (repeats && lone_word) quote.clear();
    std::string head = text::capitalise(text::trim(claim.empty() || (repeats && !lone_word) ? group.name : claim));
    // No claim of its own here and a name that says nothing: the cohort's
    // own evidence sentence is the attribute.
    if (claim.empty() && lone_word && !quote.empty()) {
      head = text::capitalise(quote);
      quote.clear();
    }
    if (head.empty()) continue;  // nothing a reader can sign
    if (!section.detail.empty()) {
      std::string detail = most_common_subfield(theme->evidence, section.detail);
      if (!detail.empty() && detail != "other") {
        std::string name = section.detail;
        std::replace(name.begin(), name.end(), '_', ' ');
        head += " (" + name + ": " + detail + ")";
      }
    }
    DraftedAttribute a;
    a.section = section.key;
    a.theme_key = theme->evidence.theme_key;
    a.position = position++;
    cited.emplace_back();
    for (const auto& c : citations) cited.back().insert(c.first);
    a.citations = std::move(citations);
    a.text = !job.empty() ? job : quote.empty() ? head : head + " — " + in_quotes(quote);
    out.push_back(std::move(a));
  }
}

// The quote of the best-supported pain point (else goal, job, objection) theme.
void draft_theme_quote(WordingThemes& drafter, const ThemePlacement& placement, const SectionTemplate& section,
                       std::vector<DraftedAttribute>& out) {
  for (const std::string& category : section.categories) {
    std::vector<const PlacedTheme*> themes = placement.of_category(category);
    if (themes.empty()) continue;
    const PlacedTheme& theme = *themes.front();
    std::string sentence = drafter.representative_sentence(theme.evidence);
    if (sentence.empty()) continue;
    DraftedAttribute a;
    a.section = section.key;
    a.theme_key = "quote:" + theme.evidence.theme_key;
    a.text = in_quotes(sentence);
    // Cite the excerpt the sentence comes from.
    for (const SectionDoc* d : theme.evidence.docs)
      if (d->evidence->text.find(sentence.substr(0, sentence.find("…"))) != std::string::npos) {
        a.citations = {{d->evidence->context.excerpt_id, d->accepted ? "accepted_tag" : "suggested_tag"}};
        break;
      }
    if (a.citations.empty()) continue;
    out.push_back(std::move(a));
    return;
  }
}

// "Helps with <goal theme> by removing <pain theme>", from the names of the
// best-supported goal and pain themes, citing both, when a person has
// reviewed both (confirmed them or wrote their words); else left to a person.
void draft_theme_value_proposition(const ThemePlacement& placement, const SectionTemplate& section,
                                   std::vector<DraftedAttribute>& out) {
  auto goals = placement.of_category("goal");
  auto pains = placement.of_category("pain_point");
  if (goals.empty() || pains.empty()) return;
  const PlacedTheme& goal = *goals.front();
  const PlacedTheme& pain = *pains.front();
  if (!goal.group->reviewed || !pain.group->reviewed) return;
  if (text::trim(goal.group->name).empty() || text::trim(pain.group->name).empty()) return;
  DraftedAttribute a;
  a.section = section.key;
  a.theme_key = "value:" + pain.evidence.theme_key;
  a.text = "Helps with “" + text::lower(goal.group->name) + "” by removing “" + text::lower(pain.group->name) + "”";
  a.citations = citations_of(pain.evidence);
  auto more = citations_of(goal.evidence);
  a.citations.insert(a.citations.end(), more.begin(), more.end());
  std::sort(a.citations.begin(), a.citations.end());
  a.citations.erase(std::unique(a.citations.begin(), a.citations.end(),
                                [](const auto& x, const auto& y) { return x.first == y.first; }),
                    a.citations.end());
  out.push_back(std::move(a));
}

}  // namespace

DraftPlan plan_draft(const PersonaTemplate& persona_template, const std::vector<Evidence>& evidence,
                     const CohortRecords& records, const PlanOptions& options,
                     const std::vector<PlanTheme>& themes) {
  DraftPlan plan;
  WordingThemes drafter(evidence, options);
  const bool by_theme = !themes.empty();
  ThemePlacement placement(persona_template, evidence, themes);
  auto evidence_section = [&](const SectionTemplate& section, std::vector<DraftedAttribute>& out) {
    if (by_theme) draft_theme_section(drafter, placement, section, out, plan.themes);
    else draft_evidence_section(drafter, section, out, plan.themes);
  };
  std::vector<DraftedAttribute>& drafted = plan.attributes;
  for (const SectionTemplate& section : persona_template.sections) {
    std::size_t before = drafted.size();
    switch (section.style) {
      case SectionStyle::manual:
        continue;
      case SectionStyle::cohort_people:
      case SectionStyle::cohort_accounts:
        draft_cohort_facts(records, section, drafted);
        break;
      case SectionStyle::cohort_stack: {
        draft_cohort_facts(records, section, drafted);
        // Tool mentions join the stack facts in the same section, after them.
        int facts = static_cast<int>(drafted.size() - before);
        SectionTemplate tools = section;
        tools.max = std::max(0, section.max - facts);
        std::vector<DraftedAttribute> tool_attributes;
        evidence_section(tools, tool_attributes);
        for (auto& a : tool_attributes) {
          a.position += facts;
          drafted.push_back(std::move(a));
        }
        break;
      }
      case SectionStyle::quote:
        if (by_theme) draft_theme_quote(drafter, placement, section, drafted);
        else draft_quote(drafter, section, drafted);
        break;
      case SectionStyle::value_proposition:
        if (by_theme) draft_theme_value_proposition(placement, section, drafted);
        else draft_value_proposition(drafter, section, drafted);
        break;
      case SectionStyle::statement:
      case SectionStyle::ranked:
      case SectionStyle::job:
        evidence_section(section, drafted);
        break;
    }
    if (drafted.size() > before) plan.sections_drafted.push_back(section.key);
    else if (!section.categories.empty()) plan.sections_without_evidence.push_back(section.key);
  }
  return plan;
}

}  // namespace grounded::synth
