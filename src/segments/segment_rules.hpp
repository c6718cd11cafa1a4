// The thresholds of behavioral segments, as data people tune
// (src/segments/data/segment_rules.json is the shipped default; an edited
// copy is stored in the database by `grounded segments rules --file F`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/database.hpp"

namespace grounded::segments {

struct SegmentRules {
  int window_weeks = 4;             // how much usage a period's segment looks back on
  int session_gap_minutes = 30;     // a gap this long or longer starts a new session (read at import)
  int new_within_days = 14;         // first seen this recently (inclusive) → new
  int inactive_days = 14;           // no activity for this many days (inclusive) → at-risk
  int recent_weeks = 2;             // trend: the last recent_weeks against the weeks before them in the window
  int min_previous_active_days = 2; // trend counts only when the earlier weeks had at least this much activity
  double max_recent_to_previous_ratio = 0.5;  // recent/previous active days at or below this → at-risk
  double power_active_days_per_week = 4;
  double power_sessions_per_week = 8;
  int power_features = 6;           // distinct features in the window
};

// Parses and validates rules JSON (keys as in the shipped file; "_comment"
// ignored). Unknown keys, wrong types and out-of-range values (window_weeks
// 1–52, recent_weeks below window_weeks, ratios 0–1, counts ≥ 0) throw
// Error(invalid_input) naming the key and the allowed range.
SegmentRules parse_segment_rules(const std::string& json_text, const std::string& what);
nlohmann::json to_json(const SegmentRules& rules);

// The shipped defaults (the embedded data file).
SegmentRules default_segment_rules();
// The newest rules stored in the database, else the defaults.
SegmentRules current_segment_rules(store::Database& db);
// Validates and stores edited rules (audited as segment_rules.edit by `who`).
SegmentRules store_segment_rules(store::Database& db, const std::string& json_text, const std::string& who);

}  // namespace grounded::segments
