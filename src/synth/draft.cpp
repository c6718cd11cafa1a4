// Drafting: load the cohort's evidence and records, plan, merge with what
// is stored. The planning itself is in draft_plan.cpp; the writes in
// persona_store.cpp.
#include "synth/draft.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "core/json.hpp"
#include "synth/cohort.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {
namespace {

// Everything drafting reads, in one pass over the tags table.
std::vector<Evidence> load_evidence(store::Database& db, const Cohort& cohort, const DraftOptions& options) {
  auto tag_pass = excerpts_passing_tag_filter(db, cohort);
  auto study_pass = sources_in_cohort_studies(db, cohort);
  BehaviorSegments behavior(db, cohort);
  store::Statement q = db.prepare(
      "SELECT t.excerpt_id, t.category, t.subfields, t.theme, t.status, t.span_start, t.span_end,"
      "       e.text, e.source_id, sp.participant_id, COALESCE(s.account_id, p.account_id),"
      "       s.kind, s.occurred_at, p.role, p.segment, a.industry, a.stage, t.id, COALESCE(q.text, ''),"
      "       t.status = 'suggested' AND t.confidence < ?2"
      " FROM tags t JOIN excerpts e ON e.id = t.excerpt_id JOIN excerpt_speakers sp ON sp.excerpt_id = e.id"
      " JOIN sources s ON s.id = e.source_id"
      " LEFT JOIN participants p ON p.id = sp.participant_id"
      " LEFT JOIN accounts a ON a.id = COALESCE(s.account_id, p.account_id)"
      " LEFT JOIN excerpts q ON q.source_id = e.source_id AND q.ordinal = e.ordinal - 1 AND q.speaker_role = 'interviewer'"
      " WHERE (t.status = 'accepted' OR (?1 = 1 AND t.status = 'suggested' AND t.confidence >= MIN(?2, ?3)))"
      "   AND sp.is_customer_speech"
      " ORDER BY t.excerpt_id, t.id");
  q.bind(1, options.include_suggested ? 1 : 0).bind(2, options.min_suggested_confidence).bind(3, options.support_confidence);
  std::vector<Evidence> out;
  while (q.step()) {
    Id excerpt_id = q.int64(0);
    if (out.empty() || out.back().context.excerpt_id != excerpt_id) {
      EvidenceContext c;
      c.excerpt_id = excerpt_id;
      c.source_id = q.int64(8);
      c.participant_id = q.optional_int64(9);
      c.account_id = q.optional_int64(10);
      c.kind = parse_source_kind(q.text_view(11));
      c.occurred_at = q.text(12);
      c.role = q.text(13);
      c.segment = q.text(14);
      c.industry = q.text(15);
      c.stage = q.text(16);
      behavior.fill(c);
      // Survey answers corroborate, they do not draft: one templated form answered by hundreds
      // would outvote the few people interviewed at length. Their figures sit beside each
      // attribute instead (survey_checks.hpp); a cohort that names "survey" in its
      // source_kinds drafts from them on purpose.
      const bool survey_corroborates = c.kind == SourceKind::survey && cohort.source_kinds.empty();
      bool admitted = !survey_corroborates && cohort_admits(cohort, c) &&
                      (!tag_pass || std::binary_search(tag_pass->begin(), tag_pass->end(), excerpt_id)) &&
                      (!study_pass || std::binary_search(study_pass->begin(), study_pass->end(), c.source_id));
      if (!admitted) {
        // Keep a marker so the following tags of this excerpt are skipped too.
        Evidence skip;
        skip.context.excerpt_id = excerpt_id;
        skip.context.source_id = -1;
        out.push_back(std::move(skip));
        continue;
      }
      Evidence t;
      t.context = std::move(c);
      t.text = q.text(7);
      t.question = q.text(18);
      out.push_back(std::move(t));
    }
    Evidence& current = out.back();
    if (current.context.source_id < 0) continue;
    EvidenceTag part;
    part.tag_id = q.int64(17);
    part.category = q.text(1);
    part.subfields = parse_stored_json(q.text(2));
    part.theme = q.text(3);
    part.accepted = q.text_view(4) == "accepted";
    part.span_start = q.optional_int64(5);
    part.span_end = q.optional_int64(6);
    (q.int64(19) != 0 ? current.supporting : current.tags).push_back(std::move(part));
  }
  std::erase_if(out, [](const Evidence& t) { return t.context.source_id < 0; });
  return out;
}

// The participant and account records of the cohort's members.
CohortRecords load_cohort_records(store::Database& db, const Cohort& cohort) {
  CohortMembers members = cohort_members(db, cohort);
  CohortRecords records;
  store::Statement people = db.prepare(
      "SELECT p.role, p.seniority, p.segment, COALESCE(a.industry, '') FROM participants p"
      " LEFT JOIN accounts a ON a.id = p.account_id WHERE p.id = ?1");
  for (Id id : members.participants) {
    people.reset();
    people.bind(1, id);
    if (people.step()) records.people.push_back({people.text(0), people.text(1), people.text(2), people.text(3)});
  }
  store::Statement companies = db.prepare("SELECT industry, region, stage, stack, employees FROM accounts WHERE id = ?1");
  for (Id id : members.accounts) {
    companies.reset();
    companies.bind(1, id);
    if (companies.step())
      records.companies.push_back({companies.text(0), companies.text(1), companies.text(2), companies.text(3),
                                   companies.optional_int64(4)});
  }
  return records;
}

// The themes people review (themes.hpp), confirmed and proposed, of every
// category a template section drafts from, each with its member tags that
// are in `evidence` (the cohort's usable tags, already filtered by cohort,
// study and tag status): one read of the membership table, never a
// per-category join over every tag in the repository. None when nobody
// proposed any.
std::vector<PlanTheme> load_theme_groups(store::Database& db, const PersonaTemplate& persona_template,
                                         const std::vector<Evidence>& evidence) {
  std::set<std::string> categories;
  for (const SectionTemplate& s : persona_template.sections)
    categories.insert(s.categories.begin(), s.categories.end());
  std::unordered_set<Id> usable;
  for (const Evidence& e : evidence) {
    for (const EvidenceTag& t : e.tags) usable.insert(t.tag_id);
    for (const EvidenceTag& t : e.supporting) usable.insert(t.tag_id);
  }
  store::Statement q = db.prepare(
      "SELECT th.id, th.category, th.name, th.claim, th.status, th.name_origin, th.claim_origin, m.tag_id"
      " FROM themes th JOIN theme_members m ON m.theme_id = th.id"
      " WHERE th.status IN ('confirmed', 'proposed') ORDER BY th.id, m.tag_id");
  std::vector<PlanTheme> out;
  while (q.step()) {
    if (!usable.count(q.int64(7))) continue;
    Id id = q.int64(0);
    if (out.empty() || out.back().id != id) {
      std::string category = q.text(1);
      if (!categories.count(category)) continue;
      bool reviewed = q.text_view(4) == "confirmed" || q.text_view(5) == "manual" || q.text_view(6) == "manual";
      out.push_back({id, std::move(category), q.text(2), q.text(3), reviewed, {}});
    }
    out.back().tag_ids.push_back(q.int64(7));
  }
  return out;
}

}  // namespace

void to_json(nlohmann::json& out, const DraftReport& r) {
  out = {{"persona_id", r.persona_id},
         {"added", r.added},
         {"updated", r.updated},
         {"removed", r.removed},
         {"kept", r.kept},
         {"unchanged", r.unchanged},
         {"tags_used", r.tags_used},
         {"themes", r.themes},
         {"sections_drafted", r.sections_drafted},
         {"sections_without_evidence", r.sections_without_evidence},
         {"changes", r.changes}};
}

DraftReport draft_persona(store::Database& db, Id persona_id, const DraftOptions& options) {
  // The tags, evidence and attributes are read in the transaction that writes
  // the draft: a tag accepted or a persona edited meanwhile cannot slip
  // between what the draft was built from and what it replaces.
  store::Transaction tx(db);
  Persona persona = get_persona(db, persona_id);
  Cohort cohort = Cohort::parse(persona.cohort_json);
  std::vector<Evidence> evidence = load_evidence(db, cohort, options);
  CohortRecords records = load_cohort_records(db, cohort);

  PlanOptions plan_options;
  plan_options.similarity_threshold = options.similarity_threshold;
  plan_options.merge_threshold = options.merge_threshold;
  const PersonaTemplate& tmpl = persona_template(persona.kind);
  DraftPlan plan = plan_draft(tmpl, evidence, records, plan_options, load_theme_groups(db, tmpl, evidence));

  DraftReport report;
  report.persona_id = persona_id;
  for (const auto& e : evidence) report.tags_used += static_cast<std::int64_t>(e.tags.size());
  report.themes = plan.themes;
  report.sections_drafted = std::move(plan.sections_drafted);
  report.sections_without_evidence = std::move(plan.sections_without_evidence);
  DraftMerge merge = merge_drafted_attributes(
      db, persona_id, plan.attributes, options.who,
      {{"tags_used", report.tags_used}, {"include_suggested", options.include_suggested}});
  report.changes = std::move(merge.changes);
  report.added = merge.added;
  report.updated = merge.updated;
  report.removed = merge.removed;
  report.kept = merge.kept;
  report.unchanged = merge.unchanged;
  tx.commit();
  return report;
}

}  // namespace grounded::synth
