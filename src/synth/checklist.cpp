#include "synth/checklist.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "synth/survey_checks.hpp"
#include "synth/templates.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + "%"; }

bool is_messaging(const std::string& section) { return section.starts_with("messaging."); }
bool is_pain(const std::string& section) { return section == "pain_points" || section == "frustrations"; }

// Content words of a text, lower-cased, for the "messaging mentions a pain" test.
std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> out;
  // Slug parts are the lower-cased letter-and-digit runs of any script.
  std::string words = text::slug(text, std::string::npos) + "-";
  std::size_t start = 0;
  for (std::size_t dash = words.find('-'); dash != std::string::npos; dash = words.find('-', start)) {
    std::string word = words.substr(start, dash - start);
    if (text::char_count(word) >= 5) out.insert(word);
    start = dash + 1;
  }
  return out;
}

}  // namespace

void to_json(nlohmann::json& out, const ChecklistItem& i) {
  out = {{"key", i.key}, {"title", i.title}, {"status", i.status}, {"detail", i.detail}, {"who", i.who}, {"at", i.at}};
}
void to_json(nlohmann::json& out, const Warning& w) { out = {{"key", w.key}, {"message", w.message}}; }
void to_json(nlohmann::json& out, const Checklist& c) {
  out = {{"persona_id", c.persona_id}, {"items", c.items}, {"warnings", c.warnings}, {"passed", c.passed},
         {"total", c.total}};
}

Checklist persona_checklist(store::Database& db, Id persona_id, const ChecklistOptions& options) {
  return persona_checklist(db, load_persona_view(db, persona_id, options.evidence), options);
}

Checklist persona_checklist(store::Database& db, const PersonaView& view, const ChecklistOptions& options) {
  Checklist c;
  c.persona_id = view.persona.id;
  auto add = [&](std::string key, std::string title, bool pass, std::string detail) {
    c.items.push_back({std::move(key), std::move(title), pass ? "pass" : "fail", std::move(detail), "", ""});
  };

  std::int64_t evidence_attributes = 0, opinion = 0;
  std::set<std::string> themes;
  std::vector<const AttributeView*> pains, messaging;
  bool non_demographic = false;
  for (const AttributeView& a : view.attributes) {
    const SectionTemplate* s = find_section(view.persona.kind, a.stored.attribute.section);
    if (!(s && s->demographic) && a.stored.attribute.section != "quote") non_demographic = true;
    if (a.stored.basis == "cohort") continue;
    ++evidence_attributes;
    if (std::find(a.flags.begin(), a.flags.end(), "opinion_based") != a.flags.end()) ++opinion;
    if (!a.stored.attribute.theme_key.empty() && !a.citations.empty()) themes.insert(a.stored.attribute.theme_key);
    if (is_pain(a.stored.attribute.section)) pains.push_back(&a);
    if (is_messaging(a.stored.attribute.section)) messaging.push_back(&a);
  }

  add("real_data", "Based on real data", evidence_attributes > 0 && view.cited_share >= options.min_cited_share,
      evidence_attributes == 0 ? "no attributes yet: draft the persona"
                               : percent(view.cited_share) + " of attributes cite customer evidence (needs " +
                                     percent(options.min_cited_share) + ")");
  // Sized by evidence (enough participants) or by numbers: CRM accounts the
  // cohort stands for, or a survey answer that checks one of its claims.
  const PersonaSizing& market = view.sizing;
  const std::int64_t survey_checks = count_survey_checks(db, view.persona.id);
  std::string sized_detail = std::to_string(view.size.participants) + " participants, " +
                             std::to_string(view.size.accounts) + " accounts, " + std::to_string(view.size.sources) +
                             " sources, " + std::to_string(view.size.excerpts) + " excerpts";
  if (market.all_accounts > 0)
    sized_detail += "; market: " + std::to_string(market.accounts) + " of " + std::to_string(market.all_accounts) +
                    " CRM accounts, " + std::to_string(market.users) + " users";
  if (survey_checks > 0) sized_detail += "; " + std::to_string(survey_checks) + " survey checks";
  add("sized", "Quantitatively sized",
      view.size.participants >= options.min_participants || market.accounts > 0 || survey_checks > 0,
      sized_detail + " (needs " + std::to_string(options.min_participants) +
          " participants, matching CRM accounts or a survey check)");

  // Differentiated: the share of this persona's cited themes another persona also cites.
  double worst = 0;
  std::string worst_name;
  std::vector<Persona> all = list_personas(db);
  store::Statement q = db.prepare(
      "SELECT DISTINCT a.theme_key FROM attributes a WHERE a.persona_id = ?1 AND a.theme_key <> ''"
      " AND a.basis <> 'cohort' AND EXISTS (SELECT 1 FROM citations c WHERE c.attribute_id = a.id)");
  for (const Persona& other : all) {
    if (other.id == view.persona.id) continue;
    q.reset();
    q.bind(1, other.id);
    std::size_t shared = 0;
    while (q.step()) shared += themes.count(q.text(0));
    double overlap = themes.empty() ? 0 : static_cast<double>(shared) / themes.size();
    if (overlap > worst) {
      worst = overlap;
      worst_name = other.name;
    }
  }
  add("differentiated", "Differentiated", !themes.empty() && worst < options.max_theme_overlap,
      themes.empty() ? "no cited themes yet"
      : worst_name.empty()
          ? "no other persona shares its themes"
          : percent(worst) + " of its cited themes also appear in \"" + worst_name + "\" (limit " +
                percent(options.max_theme_overlap) + ")");

  // Actionable: messaging exists and each messaging attribute shares evidence or words with a pain point.
  std::set<Id> pain_excerpts;
  std::set<std::string> pain_words;
  for (const AttributeView* p : pains) {
    for (const CitationView& cv : p->citations) pain_excerpts.insert(cv.stored.citation.excerpt_id);
    auto w = words_of(p->stored.attribute.text + " " + p->stored.attribute.theme_key);
    pain_words.insert(w.begin(), w.end());
  }
  std::int64_t tied = 0;
  for (const AttributeView* m : messaging) {
    bool ok = std::any_of(m->citations.begin(), m->citations.end(),
                          [&](const CitationView& cv) { return pain_excerpts.count(cv.stored.citation.excerpt_id) > 0; });
    if (!ok)
      for (const std::string& w : words_of(m->stored.attribute.text))
        if (pain_words.count(w)) ok = true;
    if (ok) ++tied;
  }
  bool has_messaging_sections = false;
  for (const SectionTemplate& s : persona_template(view.persona.kind).sections)
    if (is_messaging(s.key)) has_messaging_sections = true;
  bool messaging_ignores_pain = !messaging.empty() && tied < static_cast<std::int64_t>(messaging.size());
  if (has_messaging_sections)
    add("actionable", "Actionable", !messaging.empty() && !pains.empty() && !messaging_ignores_pain,
        messaging.empty() ? "no messaging yet"
        : pains.empty()   ? "messaging present but no pain points to tie it to"
                          : std::to_string(tied) + " of " + std::to_string(messaging.size()) +
                                " messaging attributes tied to the persona's pain points");

  add("prioritized", "Prioritized", !market.tier.empty(),
      market.tier.empty() ? "no priority tier: " + market.basis : "tier " + market.tier + " (" + market.basis + ")");
  add("verified", "Citations reviewed", view.progress.verified,
      view.progress.summary + "; " + std::to_string(view.progress.attributes_verified) + " of " +
          std::to_string(view.progress.attributes_total) + " attributes verified");

  std::map<std::string, Signoff> signed_steps;
  for (Signoff& s : signoffs_of(db, view.persona.id)) signed_steps[s.step] = s;
  for (const SignoffStep& step : signoff_steps()) {
    auto it = signed_steps.find(step.key);
    if (it == signed_steps.end()) c.items.push_back({step.key, step.title, "pending", "not signed off yet", "", ""});
    else
      c.items.push_back({step.key, step.title, "pass",
                         "signed off by " + it->second.who + (it->second.note.empty() ? "" : ": " + it->second.note),
                         it->second.who, it->second.at});
  }
  c.total = static_cast<int>(c.items.size());
  c.passed = static_cast<int>(std::count_if(c.items.begin(), c.items.end(), [](const ChecklistItem& i) { return i.status == "pass"; }));

  if (opinion > 0)
    c.warnings.push_back({"opinion_based", std::to_string(opinion) + " attribute" + (opinion == 1 ? "" : "s") +
                                               " without any customer evidence: cite excerpts or remove"});
  if (static_cast<int>(all.size()) > options.max_personas)
    c.warnings.push_back({"too_many_personas", std::to_string(all.size()) +
                                                   " personas in this workspace: teams cannot act on that many; merge or retire some"});
  if (!view.attributes.empty() && !non_demographic)
    c.warnings.push_back({"demographic_only", "only demographic attributes: add goals, pain points and behavior"});
  if (market.tier.empty())
    c.warnings.push_back({"no_priority", "no priority tier: say which persona the team serves first, or import CRM "
                                         "accounts and deals to compute one"});
  else if (market.override_differs)
    c.warnings.push_back({"priority_overridden", "tier " + market.manual_tier + " set by hand; the CRM numbers say tier " +
                                                     market.computed_tier});
  if (messaging_ignores_pain)
    c.warnings.push_back({"messaging_ignores_pain", "messaging does not address the persona's pain points"});
  if (std::find(view.flags.begin(), view.flags.end(), "stale") != view.flags.end())
    c.warnings.push_back({"static_persona", "not reviewed for more than " + std::to_string(options.evidence.review_every_days) +
                                                " days: re-draft from new evidence and review"});
  return c;
}

}  // namespace grounded::synth
