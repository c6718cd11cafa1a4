// Behavioral segment assignment: power / regular / at-risk / new, from one
// unit's (a user's or an account's) daily usage. Pure functions: no
// database, so the thresholds' edges are testable directly.
//
// As of day T, over the window (T − 7·window_weeks, T]:
//   new      T − first_seen < new.first_seen_within_days
//   at-risk  T − last active day ≥ at_risk.inactive_days, or the trend fell:
//            the earlier weeks of the window had ≥ min_previous_active_days
//            active days and the last recent_weeks' active-day rate is
//            ≤ max_recent_to_previous_ratio × the earlier weeks' rate
//   power    active days/week ≥ min_active_days_per_week, sessions/week ≥
//            min_sessions_per_week and distinct features ≥ min_features
//   regular  everyone else
// checked in that order. Per-week rates divide by the weeks the unit could
// have been active: the window, or the time since first seen if shorter.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "segments/calendar.hpp"
#include "segments/segment_rules.hpp"

namespace grounded::segments {

enum class Segment { power, regular, at_risk, fresh };
std::string_view to_string(Segment segment);  // "power", "regular", "at-risk", "new"
Segment parse_segment(std::string_view text);  // Error(invalid_input) naming the accepted values

// One unit's usage on one UTC day (features: sorted distinct usage_features
// ids, 32-bit: an import interns at most 2,048 names).
struct DayUsage {
  DayNumber day = 0;
  std::int64_t events = 0;
  std::int64_t sessions = 0;
  std::vector<std::uint32_t> features;
};

// What a segment is decided on, as of one day.
struct UsageSummary {
  DayNumber as_of = 0;
  std::int64_t days_since_first_seen = 0;
  std::int64_t days_since_last_active = 0;  // since the last active day at or before as_of
  double weeks_observed = 0;                // the window, or less for a unit first seen inside it
  std::int64_t active_days = 0;             // in the window
  std::int64_t sessions = 0;
  std::int64_t events = 0;
  std::int64_t features = 0;                // distinct, in the window
  std::int64_t recent_active_days = 0;      // in the last recent_weeks
  std::int64_t previous_active_days = 0;    // in the window's earlier weeks
  double active_days_per_week = 0;
  double sessions_per_week = 0;
  double trend = 1;                         // recent rate / earlier rate (1 when the earlier weeks were empty)
};
nlohmann::json to_json(const UsageSummary& summary);
// As segment_history.metrics stores it: the same values as a JSON array in
// a fixed order (the history has a row per unit and period; the keys would
// be two thirds of it). summary_from_stored turns it back into to_json's
// object, and passes an object through as it is.
std::string stored_summary(const UsageSummary& summary);
nlohmann::json summary_from_stored(const nlohmann::json& stored);

// Summarises `days` (sorted by day; days after as_of are ignored) as of
// `as_of` for a unit first seen on `first_seen` (≤ as_of).
UsageSummary summarize_usage(const std::vector<DayUsage>& days, DayNumber first_seen, DayNumber as_of,
                             const SegmentRules& rules);

Segment assign_segment(const UsageSummary& summary, const SegmentRules& rules);

// Merges several users' days into their account's: a day is active when any
// user was; events and sessions add up; features are united. Sorted by day.
std::vector<DayUsage> merge_days(const std::vector<const std::vector<DayUsage>*>& users);
// The same one user at a time: adds `days` into `merged` (keyed by day).
void merge_into(std::map<DayNumber, DayUsage>& merged, const std::vector<DayUsage>& days);

}  // namespace grounded::segments
