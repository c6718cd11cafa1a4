// The persona as people read it: attributes with their citations in context,
// evidence strength, flags, review progress and the persona evidence score.
// Every route, CLI verb and export reads this one view.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/cohort.hpp"
#include "synth/persona_sizing.hpp"
#include "synth/persona_store.hpp"

namespace grounded::synth {

struct EvidenceOptions {
  int stale_after_days = 180;  // newest evidence older than this: stale
  int review_every_days = 90;  // persona not reviewed for this long: stale (quarterly review)
  std::string now;             // ISO date "now" (tests); empty = the clock
};

struct CitationView {
  StoredCitation stored;
  Excerpt excerpt;  // text, speaker, offsets
  std::string source_title;
  SourceKind source_kind = SourceKind::interview;
  std::string occurred_at;
  std::optional<Id> participant_id;
  std::string participant_label;
  std::string participant_role;
  std::string account_name;
};

// Counted from the citations a reviewer has not rejected: a citation judged
// does_not_support is no evidence for the attribute.
struct EvidenceStrength {
  std::int64_t participants = 0;  // distinct known participants
  std::int64_t voices = 0;        // participants + sources without a known participant
  std::int64_t supporting_voices = 0;  // voices among citations judged "supports"
  std::int64_t sources = 0;
  std::vector<std::string> source_kinds;  // sorted, distinct: triangulation
  std::string newest;                     // newest occurred_at of the cited sources
  std::int64_t supporting = 0;            // citations judged "supports"
  std::int64_t contradicting = 0;         // citations judged "does_not_support"
  std::int64_t unreviewed = 0;
};

// Flags: opinion_based, thin, contradicted, stale, edited_since_review,
// suggested_evidence (cites tags nobody accepted yet).
struct AttributeView {
  StoredAttribute stored;
  std::string section_title;
  std::vector<CitationView> citations;
  EvidenceStrength evidence;
  std::vector<std::string> flags;
  // ≥ 1 citation judged "supports" and none judged "does_not_support". Never
  // true for cohort-basis attributes: they are computed from records, not
  // verified evidence (their basis says so).
  bool verified = false;
  // "main" or "also_mentioned": per section, drafted attributes in order of
  // position fill the template's main body (SectionTemplate::main); in a
  // section where any attribute has 2 or more participants, and in every
  // section once the cohort has 5 or more, a main-body attribute needs 2.
  // Manual and cohort attributes are always main.
  std::string tier = "main";
};

struct ReviewProgress {
  std::int64_t citations_total = 0;
  std::int64_t citations_checked = 0;
  std::int64_t attributes_total = 0;
  std::int64_t attributes_verified = 0;
  bool verified = false;  // every attribute verified (and there is at least one)
  std::string summary;    // "14 of 37 citations checked"
};

struct PersonaView {
  Persona persona;
  std::string kind_title;
  CohortSize size;          // the evidence the cohort holds
  PersonaSizing sizing;     // the market it stands for (CRM accounts, users, deals) and its priority tier
  std::vector<AttributeView> attributes;  // in template section order, then position
  std::vector<std::string> flags;         // persona-level: stale (not reviewed for a quarter)
  // Share of evidence attributes whose supporting citations come from ≥ 2
  // voices, with no contradiction and nothing stale or opinion-based.
  double evidence_score = 0.0;
  double cited_share = 0.0;  // share of evidence attributes with ≥ 1 citation not judged does_not_support
  ReviewProgress progress;
};

// Error(not_found) for an unknown persona.
PersonaView load_persona_view(store::Database& db, Id persona_id, const EvidenceOptions& options = {});
ReviewProgress review_progress(store::Database& db, Id persona_id);

// Themes × participants: how many cited excerpts each participant gives each
// attribute, for the UI's evidence chart.
struct EvidenceMatrix {
  struct Row {
    Id attribute_id = 0;
    std::string section;
    std::string label;  // the attribute's theme key or text, short
    std::vector<std::string> flags;
  };
  struct Column {
    Id participant_id = 0;  // 0: evidence without a known participant
    std::string label;
    std::string role;
  };
  std::vector<Row> rows;
  std::vector<Column> columns;
  std::vector<std::vector<int>> cells;  // cells[row][column] = cited excerpts
};
EvidenceMatrix evidence_matrix(const PersonaView& view);

void to_json(nlohmann::json& out, const CitationView& citation);
void to_json(nlohmann::json& out, const EvidenceStrength& strength);
void to_json(nlohmann::json& out, const AttributeView& attribute);
void to_json(nlohmann::json& out, const ReviewProgress& progress);
void to_json(nlohmann::json& out, const PersonaView& view);  // the full evidence graph
void to_json(nlohmann::json& out, const EvidenceMatrix& matrix);

// Days between two ISO dates/date-times (b - a), or nullopt when either is unparseable.
std::optional<long> days_between(const std::string& a, const std::string& b);

}  // namespace grounded::synth
