// Drafting: the cohort's tagged evidence → themes → cited attributes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "synth/persona_store.hpp"

namespace grounded::synth {

struct DraftOptions {
  bool include_suggested = false;        // also use suggested tags at or above min_confidence (citations marked)
  double min_suggested_confidence = 0.8;
  // With include_suggested, suggested tags from this confidence up to
  // min_suggested_confidence are cited as a theme's evidence when a
  // confident tag in the cohort backs the same theme (never alone, never
  // outside themes). ≥ min_suggested_confidence turns it off.
  double support_confidence = 0.6;
  double similarity_threshold = 0.3;     // cosine to a theme's centroid needed to join it
  std::string who = "grounded";
  double merge_threshold = 0.2;          // second pass: themes whose centroids are this alike merge
};

struct DraftReport {
  Id persona_id = 0;
  std::vector<DraftChange> changes;
  std::int64_t added = 0, updated = 0, removed = 0, kept = 0, unchanged = 0;
  std::int64_t tags_used = 0;
  std::int64_t themes = 0;
  std::vector<std::string> sections_drafted;          // sections that got ≥1 drafted attribute
  std::vector<std::string> sections_without_evidence; // evidence sections nothing fed
};
void to_json(nlohmann::json& out, const DraftReport& report);

// Drafts (or re-drafts) the persona from its cohort, in one transaction.
// Deterministic for the same data. Manual attributes and attributes a person
// edited are kept as they are; drafted attributes are matched to the new
// themes by (section, theme key) so citation verdicts survive a re-draft;
// drafted attributes whose theme disappeared are removed. Error(not_found)
// for an unknown persona.
DraftReport draft_persona(store::Database& db, Id persona_id, const DraftOptions& options = {});

}  // namespace grounded::synth
