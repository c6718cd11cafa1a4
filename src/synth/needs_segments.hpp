// Needs-based segments from evidence: participants grouped by the themes
// they share, suggested as 3–5 persona cohorts (never more), each with the
// themes that set it apart; and the personas whose cohorts overlap so much
// that they should merge.
//
// The basis is the repository's themes (proposed or confirmed, not
// dismissed; a participant holds a theme when one of its non-rejected tags is
// on their words); with no themes yet, the tags' own theme labels per category.
// Grouping is average-linkage clustering on the Jaccard similarity of
// participants' theme sets: merged down to 5 groups, then further while the
// closest two groups are similar enough (≥ 0.3) and more than 3 remain. A
// theme distinguishes a group when at least half of it voiced the theme and
// that share is at least 25 points above everyone else's.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::synth {

// Which themes each participant voiced (pure input for clustering).
struct NeedsMatrix {
  std::vector<Id> participants;
  std::vector<std::string> participant_labels;
  std::vector<std::string> themes;            // "category: name"
  std::vector<std::vector<int>> themes_of;    // per participant: sorted theme indexes
};

struct DistinguishingTheme {
  std::string theme;
  double share_inside = 0;   // of the group's participants who voiced it
  double share_outside = 0;  // of everyone else
};

struct NeedsCohort {
  std::vector<std::size_t> members;  // indexes into NeedsMatrix::participants
  std::vector<DistinguishingTheme> themes;  // at most 3, the most distinguishing first
};

// Clusters the matrix into at most `max_groups` and at least `min_groups`,
// both capped at half the participants (two voices per group at least).
// Deterministic. Pure.
std::vector<NeedsCohort> cluster_by_needs(const NeedsMatrix& matrix, std::size_t min_groups = 3,
                                          std::size_t max_groups = 5);

// Reads the matrix from the database, optionally for one study.
NeedsMatrix needs_matrix(store::Database& db, std::optional<Id> study_id, std::string* basis);

// The suggestion as JSON: {"basis": "themes"|"tags", "participants": n,
// "cohorts": [{"name", "size", "participants": [{id, label}], "themes": [...],
// "cohort": {...}}], "overlaps": [{"personas": [{id, name}, …], "shared",
// "jaccard", "message"}], "note"}.
nlohmann::json suggest_needs_segments(store::Database& db, std::optional<Id> study_id);

// Pairs of personas whose cohorts hold mostly the same participants (Jaccard
// ≥ `threshold`, both with at least 2): they should probably merge.
nlohmann::json persona_overlaps(store::Database& db, double threshold = 0.7);

}  // namespace grounded::synth
