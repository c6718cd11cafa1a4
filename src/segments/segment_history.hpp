// Behavioral segments per period (segment_history): recomputed from
// usage_daily after every import and rules edit, read by the CLI, the API,
// the Segments page and cohorts ({"segments": ["at-risk"]}).
//
// Every user, and every account (the repository's account when the user is
// mapped to one, else the export's group id), gets a segment at the end of
// each ISO week and each month from its first day with data to the last; the
// current period is judged as of the last day with data. An account's usage
// is its users' usage merged (segments/assignment.hpp).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "segments/calendar.hpp"
#include "segments/segment_rules.hpp"
#include "store/database.hpp"

namespace grounded::segments {

struct RecomputeReport {
  std::int64_t users = 0;
  std::int64_t accounts = 0;
  std::int64_t rows = 0;
};
// Replaces segment_history (call inside the caller's transaction).
RecomputeReport recompute_segments(store::Database& db, const SegmentRules& rules);

// Periods with history, oldest first ("2026-W40", … or "2026-09", …).
std::vector<std::string> list_periods(store::Database& db, PeriodKind kind);

struct SegmentMember {
  std::string unit;         // "user" | "account"
  std::string external_id;  // as the export gave it (a group id, or the account's name when no group)
  std::optional<Id> user_id, account_id, participant_id;
  std::string participant, account;  // labels/names, "" when unmapped
  std::string segment;
  std::string previous_segment;  // in the period before ("" when not seen then)
  nlohmann::json metrics;        // the UsageSummary the segment was decided on
};
void to_json(nlohmann::json& out, const SegmentMember& member);

// Every user and account with its segment in `period` ("" = the latest).
// Error(not_found) naming the period when there is no history for it.
struct PeriodSegments {
  std::string kind, period, previous_period;
  std::vector<SegmentMember> users, accounts;
};
PeriodSegments segments_for_period(store::Database& db, PeriodKind kind, const std::string& period);
void to_json(nlohmann::json& out, const PeriodSegments& view);

// Sizes per period and segment: [{"period", "users": {"power": n, …}, "accounts": {…}}].
nlohmann::json segment_sizes(store::Database& db, PeriodKind kind);

// A unit whose weekly segment changed between two periods ("moved to at-risk").
struct SegmentMove {
  std::string unit;         // "user" | "account"
  std::string external_id;  // as the export gave it
  std::optional<Id> user_id, account_id, participant_id;
  std::string participant, account;  // labels/names, "" when unmapped
  std::string from, to;              // segments
};
void to_json(nlohmann::json& out, const SegmentMove& move);

// Weekly segments then and now: `from_period` is the last week at or before
// the week holding `since` (YYYY-MM-DD…), or the first week with history
// when it starts later; `to_period` the latest week. Empty periods and no
// moves without history or with a `since` that does not parse.
struct SegmentMoves {
  std::string from_period, to_period;
  std::vector<SegmentMove> moves;  // units in both periods whose segment differs, by unit and id
};
SegmentMoves segment_moves_since(store::Database& db, const std::string& since);

// The latest weekly segment of each mapped participant and of each account
// (for cohort filters).
struct CurrentSegments {
  std::map<Id, std::string> participants;
  std::map<Id, std::string> accounts;
};
CurrentSegments current_segments(store::Database& db);

}  // namespace grounded::segments
