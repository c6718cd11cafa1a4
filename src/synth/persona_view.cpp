#include "synth/persona_view.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "synth/templates.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

// Days since 1970-01-01 of an ISO date's first 10 characters (civil calendar).
std::optional<long> day_number(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string now_of(const EvidenceOptions& options) { return options.now.empty() ? store::utc_now() : options.now; }

bool tiered(const AttributeView& av) {
  const Attribute& a = av.stored.attribute;
  return a.origin == AttributeOrigin::drafted && a.edited_at.empty() && av.stored.basis != "cohort";
}

// Main body or "Also mentioned" (see AttributeView::tier). Attributes come in
// section order, then position. A researcher trusts a finding two people
// said over one a single person said: a section holding any attribute with
// two or more participants keeps its single-voice ones under "Also
// mentioned", whatever the cohort's size; from 5 participants on that holds
// for every section, so a section of single voices has an empty main body.
void assign_tiers(PersonaView& view) {
  const bool needs_two = view.size.participants >= 5;
  std::set<std::string> multi_voice;  // sections with an attribute two or more participants say
  for (const AttributeView& av : view.attributes)
    if (tiered(av) && av.evidence.participants >= 2) multi_voice.insert(av.stored.attribute.section);
  std::map<std::string, int> filled;
  for (AttributeView& av : view.attributes) {
    if (!tiered(av)) continue;
    const Attribute& a = av.stored.attribute;
    const SectionTemplate* s = find_section(view.persona.kind, a.section);
    int& n = filled[a.section];
    bool two_needed = needs_two || multi_voice.count(a.section) > 0;
    bool main = (!s || n < s->main) && (!two_needed || av.evidence.participants >= 2);
    if (main) ++n;
    else av.tier = "also_mentioned";
  }
}

}  // namespace

std::optional<long> days_between(const std::string& a, const std::string& b) {
  auto x = day_number(a), y = day_number(b);
  if (!x || !y) return std::nullopt;
  return *y - *x;
}

PersonaView load_persona_view(store::Database& db, Id persona_id, const EvidenceOptions& options) {
  PersonaView view;
  view.persona = get_persona(db, persona_id);
  const PersonaTemplate& tmpl = persona_template(view.persona.kind);
  view.kind_title = tmpl.title;
  view.size = cohort_size(db, Cohort::parse(view.persona.cohort_json));
  view.sizing = size_persona(db, view.persona);
  std::string now = now_of(options);

  std::map<Id, std::size_t> index;
  for (StoredAttribute& a : attributes_of(db, persona_id)) {
    AttributeView av;
    const SectionTemplate* s = find_section(view.persona.kind, a.attribute.section);
    av.section_title = s ? s->title : a.attribute.section;
    av.stored = std::move(a);
    index[av.stored.attribute.id] = view.attributes.size();
    view.attributes.push_back(std::move(av));
  }

  store::Statement q = db.prepare(
      "SELECT c.id, c.attribute_id, c.excerpt_id, c.verdict, c.reviewer, c.reviewed_at, c.note, c.origin,"
      "       e.source_id, e.ordinal, e.speaker, e.speaker_role, e.start_byte, e.end_byte, e.start_ms, e.end_ms, e.text,"
      "       s.title, s.kind, s.occurred_at, sp.participant_id, p.label, p.role,"
      "       COALESCE(a2.name, '')"
      " FROM citations c JOIN attributes a ON a.id = c.attribute_id"
      " JOIN excerpts e ON e.id = c.excerpt_id JOIN sources s ON s.id = e.source_id"
      " JOIN excerpt_speakers sp ON sp.excerpt_id = e.id"
      " LEFT JOIN participants p ON p.id = sp.participant_id"
      " LEFT JOIN accounts a2 ON a2.id = COALESCE(s.account_id, p.account_id)"
      " WHERE a.persona_id = ?1 ORDER BY c.attribute_id, s.occurred_at DESC, c.excerpt_id");
  q.bind(1, persona_id);
  while (q.step()) {
    CitationView cv;
    Citation& c = cv.stored.citation;
    c.id = q.int64(0);
    c.attribute_id = q.int64(1);
    c.excerpt_id = q.int64(2);
    c.verdict = parse_citation_verdict(q.text_view(3));
    c.reviewer = q.text(4);
    c.reviewed_at = q.text(5);
    c.note = q.text(6);
    cv.stored.origin = q.text(7);
    Excerpt& e = cv.excerpt;
    e.id = c.excerpt_id;
    e.source_id = q.int64(8);
    e.ordinal = static_cast<int>(q.int64(9));
    e.speaker = q.text(10);
    e.speaker_role = parse_speaker_role(q.text_view(11));
    e.start_byte = q.int64(12);
    e.end_byte = q.int64(13);
    e.start_ms = q.optional_int64(14);
    e.end_ms = q.optional_int64(15);
    e.text = q.text(16);
    cv.source_title = q.text(17);
    cv.source_kind = parse_source_kind(q.text_view(18));
    cv.occurred_at = q.text(19);
    cv.participant_id = q.optional_int64(20);
    e.participant_id = cv.participant_id;
    cv.participant_label = q.text(21);
    cv.participant_role = q.text(22);
    cv.account_name = q.text(23);
    auto it = index.find(c.attribute_id);
    if (it != index.end()) view.attributes[it->second].citations.push_back(std::move(cv));
  }

  std::int64_t evidence_attributes = 0, cited = 0, strong = 0;
  for (AttributeView& av : view.attributes) {
    EvidenceStrength& ev = av.evidence;
    std::set<Id> participants, anonymous_sources, sources, supporting_participants, supporting_anonymous;
    std::set<std::string> kinds;
    std::string last_review;
    bool suggested = false;
    for (const CitationView& cv : av.citations) {
      const CitationVerdict verdict = cv.stored.citation.verdict;
      switch (verdict) {
        case CitationVerdict::supports: ++ev.supporting; break;
        case CitationVerdict::does_not_support: ++ev.contradicting; break;
        case CitationVerdict::unreviewed: ++ev.unreviewed; break;
      }
      if (cv.stored.citation.reviewed_at > last_review) last_review = cv.stored.citation.reviewed_at;
      if (verdict == CitationVerdict::does_not_support) continue;  // rejected: no evidence
      if (cv.participant_id) participants.insert(*cv.participant_id);
      else anonymous_sources.insert(cv.excerpt.source_id);
      if (verdict == CitationVerdict::supports) {
        if (cv.participant_id) supporting_participants.insert(*cv.participant_id);
        else supporting_anonymous.insert(cv.excerpt.source_id);
      }
      sources.insert(cv.excerpt.source_id);
      kinds.insert(std::string(to_string(cv.source_kind)));
      if (cv.occurred_at > ev.newest) ev.newest = cv.occurred_at;
      suggested = suggested || cv.stored.origin == "suggested_tag";
    }
    ev.participants = static_cast<std::int64_t>(participants.size());
    ev.voices = static_cast<std::int64_t>(participants.size() + anonymous_sources.size());
    ev.supporting_voices = static_cast<std::int64_t>(supporting_participants.size() + supporting_anonymous.size());
    ev.sources = static_cast<std::int64_t>(sources.size());
    ev.source_kinds.assign(kinds.begin(), kinds.end());

    bool is_evidence = av.stored.basis != "cohort";
    const Attribute& a = av.stored.attribute;
    if (is_evidence && ev.voices == 0) av.flags.push_back("opinion_based");
    if (ev.voices == 1) av.flags.push_back("thin");
    if (ev.contradicting > 0) av.flags.push_back("contradicted");
    if (!ev.newest.empty()) {
      auto age = days_between(ev.newest, now);
      if (age && *age > options.stale_after_days) av.flags.push_back("stale");
    }
    if (!a.edited_at.empty() && !last_review.empty() && a.edited_at > last_review)
      av.flags.push_back("edited_since_review");
    if (suggested) av.flags.push_back("suggested_evidence");
    av.verified = is_evidence && ev.supporting > 0 && ev.contradicting == 0;

    if (!is_evidence) continue;
    ++evidence_attributes;
    if (ev.voices > 0) ++cited;
    bool flagged = std::any_of(av.flags.begin(), av.flags.end(), [](const std::string& f) {
      return f == "contradicted" || f == "stale" || f == "opinion_based";
    });
    if (av.verified && ev.supporting_voices >= 2 && !flagged) ++strong;
  }
  view.evidence_score = evidence_attributes ? static_cast<double>(strong) / evidence_attributes : 0.0;
  view.cited_share = evidence_attributes ? static_cast<double>(cited) / evidence_attributes : 0.0;

  assign_tiers(view);

  // The method's quarterly review: never reviewed counts from the draft (or creation).
  std::string last = view.persona.reviewed_at;
  if (last.empty()) last = view.persona.drafted_at.empty() ? view.persona.created_at : view.persona.drafted_at;
  auto since = days_between(last, now);
  if (since && *since > options.review_every_days) view.flags.push_back("stale");
  if (view.persona.reviewed_at.empty()) view.flags.push_back("never_reviewed");

  ReviewProgress& p = view.progress;
  for (const AttributeView& av : view.attributes) {
    if (av.stored.basis == "cohort") continue;
    ++p.attributes_total;
    if (av.verified) ++p.attributes_verified;
    for (const CitationView& cv : av.citations) {
      ++p.citations_total;
      if (cv.stored.citation.verdict != CitationVerdict::unreviewed) ++p.citations_checked;
    }
  }
  p.verified = p.attributes_total > 0 && p.attributes_verified == p.attributes_total;
  p.summary = std::to_string(p.citations_checked) + " of " + std::to_string(p.citations_total) + " citations checked";
  if (p.verified) view.flags.push_back("verified");
  return view;
}

ReviewProgress review_progress(store::Database& db, Id persona_id) { return load_persona_view(db, persona_id).progress; }

EvidenceMatrix evidence_matrix(const PersonaView& view) {
  EvidenceMatrix m;
  std::map<Id, std::size_t> column_of;
  std::map<Id, EvidenceMatrix::Column> columns;
  for (const AttributeView& av : view.attributes)
    for (const CitationView& cv : av.citations) {
      Id pid = cv.participant_id.value_or(0);
      if (!columns.count(pid))
        columns[pid] = {pid, pid ? cv.participant_label : std::string("(unknown participant)"), pid ? cv.participant_role : ""};
    }
  for (const auto& [id, column] : columns) {
    column_of[id] = m.columns.size();
    m.columns.push_back(column);
  }
  for (const AttributeView& av : view.attributes) {
    if (av.stored.basis == "cohort") continue;
    const Attribute& a = av.stored.attribute;
    std::string label = a.theme_key.empty() || a.origin == AttributeOrigin::manual || !a.edited_at.empty() ? a.text : a.theme_key;
    label = text::shorten(label, 80);
    m.rows.push_back({a.id, a.section, label, av.flags});
    std::vector<int> row(m.columns.size(), 0);
    for (const CitationView& cv : av.citations) ++row[column_of[cv.participant_id.value_or(0)]];
    m.cells.push_back(std::move(row));
  }
  return m;
}

void to_json(nlohmann::json& out, const CitationView& c) {
  out = {{"id", c.stored.citation.id},
         {"attribute_id", c.stored.citation.attribute_id},
         {"excerpt_id", c.stored.citation.excerpt_id},
         {"verdict", to_string(c.stored.citation.verdict)},
         {"reviewer", c.stored.citation.reviewer},
         {"reviewed_at", c.stored.citation.reviewed_at},
         {"note", c.stored.citation.note},
         {"origin", c.stored.origin},
         {"excerpt", c.excerpt},
         {"source", {{"id", c.excerpt.source_id}, {"title", c.source_title}, {"kind", to_string(c.source_kind)},
                     {"occurred_at", c.occurred_at}}},
         {"participant", c.participant_id ? nlohmann::json{{"id", *c.participant_id}, {"label", c.participant_label},
                                                           {"role", c.participant_role}}
                                          : nlohmann::json(nullptr)},
         {"account", c.account_name}};
}

void to_json(nlohmann::json& out, const EvidenceStrength& s) {
  out = {{"participants", s.participants}, {"voices", s.voices},
         {"supporting_voices", s.supporting_voices}, {"sources", s.sources},
         {"source_kinds", s.source_kinds}, {"newest", s.newest}, {"supporting", s.supporting},
         {"contradicting", s.contradicting}, {"unreviewed", s.unreviewed}};
}

void to_json(nlohmann::json& out, const AttributeView& a) {
  out = a.stored.attribute;
  out["basis"] = a.stored.basis;
  out["tier"] = a.tier;
  out["section_title"] = a.section_title;
  out["citations"] = a.citations;
  out["evidence"] = a.evidence;
  out["flags"] = a.flags;
  out["verified"] = a.verified;
}

void to_json(nlohmann::json& out, const ReviewProgress& p) {
  out = {{"citations_total", p.citations_total}, {"citations_checked", p.citations_checked},
         {"attributes_total", p.attributes_total}, {"attributes_verified", p.attributes_verified},
         {"verified", p.verified}, {"summary", p.summary}};
}

void to_json(nlohmann::json& out, const PersonaView& v) {
  out = {{"persona", v.persona},
         {"kind_title", v.kind_title},
         {"size", v.size},
         {"sizing", v.sizing},
         {"attributes", v.attributes},
         {"flags", v.flags},
         {"evidence_score", v.evidence_score},
         {"cited_share", v.cited_share},
         {"progress", v.progress}};
  nlohmann::json sections = nlohmann::json::array();
  for (const SectionTemplate& s : persona_template(v.persona.kind).sections)
    sections.push_back({{"key", s.key}, {"title", s.title}, {"group", s.group}, {"style", to_string(s.style)}});
  out["sections"] = sections;
}

void to_json(nlohmann::json& out, const EvidenceMatrix& m) {
  nlohmann::json rows = nlohmann::json::array(), columns = nlohmann::json::array();
  for (const auto& r : m.rows)
    rows.push_back({{"attribute_id", r.attribute_id}, {"section", r.section}, {"label", r.label}, {"flags", r.flags}});
  for (const auto& c : m.columns) columns.push_back({{"participant_id", c.participant_id}, {"label", c.label}, {"role", c.role}});
  out = {{"rows", rows}, {"columns", columns}, {"cells", m.cells}};
}

}  // namespace grounded::synth
