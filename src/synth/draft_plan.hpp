// Planning a draft: from the cohort's tagged evidence, given as plain
// values, to the attributes the persona should hold. No database: draft.cpp
// loads the inputs and persona_store reconciles the result with what is
// stored, so planning is tested and timed on its own.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "synth/cohort.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {

// One tag on an excerpt, as drafting reads it.
struct EvidenceTag {
  Id tag_id = 0;
  std::string category;
  nlohmann::json subfields = nlohmann::json::object();
  std::string theme;                                 // the tagger's or reviewer's theme label
  bool accepted = false;                             // else suggested
  std::optional<std::int64_t> span_start, span_end;  // byte offsets into the excerpt text
};

// One customer excerpt of the cohort with its tags (interviewer and agent
// turns never reach planning).
struct Evidence {
  EvidenceContext context;
  std::string text;
  std::string question;  // the interviewer's turn just before, "" when none
  std::vector<EvidenceTag> tags;
  // Suggested tags below the confidence cut (DraftOptions::support_confidence):
  // they back a reviewable theme that a confident tag of the cohort also
  // backs, and are read nowhere else.
  std::vector<EvidenceTag> supporting;
};

// The cohort's participant and account records, for the sections computed
// from them (demographics, firmographics, stack).
struct CohortRecords {
  struct Person {
    std::string role, seniority, segment, industry;
  };
  struct Company {
    std::string industry, region, stage, stack;
    std::optional<std::int64_t> employees;
  };
  std::vector<Person> people;
  std::vector<Company> companies;
};

// An attribute as drafting proposes it.
struct DraftedAttribute {
  std::string section;
  std::string text;
  std::string theme_key;        // (section, theme_key) matches it to the stored attribute on a re-draft
  std::string basis = "evidence";  // evidence | cohort (computed from records, cites nothing)
  int position = 0;
  std::vector<std::pair<Id, std::string>> citations;  // excerpt id, origin (accepted_tag | suggested_tag), by id
};

// A reviewable theme (themes.hpp) as planning reads it: a claim a person
// can sign, and the tags (of any cohort) that say it.
struct PlanTheme {
  Id id = 0;
  std::string category;
  std::string name;   // a noun phrase: "Duplicate vendor bills"
  std::string claim;  // one sentence in the persona's voice ("" when nobody wrote one)
  bool reviewed = false;  // confirmed, or its name or claim written by a person
  std::vector<Id> tag_ids;
};

struct PlanOptions {
  double similarity_threshold = 0.3;  // cosine to a theme's centroid needed to join it
  double merge_threshold = 0.2;       // second pass: themes whose centroids are this alike merge
};

struct DraftPlan {
  std::vector<DraftedAttribute> attributes;            // in template order, then position
  std::int64_t themes = 0;                              // themes found in the evidence sections
  std::vector<std::string> sections_drafted;           // sections that got ≥ 1 attribute
  std::vector<std::string> sections_without_evidence;  // evidence sections nothing fed
};

// Plans every drafted section of `persona_template`. Deterministic for the
// same input (evidence in excerpt-id order). Manual sections get nothing.
//
// With `themes`, an evidence attribute is one theme seen through the cohort:
// its claim, a representative quote from its own evidence and citations of
// that evidence only. A theme's section comes from its tags' category and
// sub-fields together with the interviewer's question (a goal-tagged answer
// to "what is the most frustrating part…" is a pain point); sections hold
// the best-supported themes first (most participants), at most section.max;
// a section no theme fits stays empty. Without themes (none proposed yet)
// the evidence is grouped by wording, as a first look.
DraftPlan plan_draft(const PersonaTemplate& persona_template, const std::vector<Evidence>& evidence,
                     const CohortRecords& records, const PlanOptions& options = {},
                     const std::vector<PlanTheme>& themes = {});

}  // namespace grounded::synth
