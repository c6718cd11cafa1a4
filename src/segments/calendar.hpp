// UTC calendar arithmetic for usage data: days as integers (days since
// 1970-01-01), their labels, ISO weeks and months, and the timestamps the
// analytics exports write. Pure functions, no time zones: every export's
// time is read as UTC (an explicit offset is applied).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grounded::segments {

using DayNumber = std::int64_t;  // days since 1970-01-01 (UTC)

DayNumber day_from_civil(int year, int month, int day);
std::string day_label(DayNumber day);                      // "2026-11-27"
std::optional<DayNumber> parse_day(std::string_view text);  // "2026-11-27" → day; nullopt otherwise

// Unix seconds from an export's timestamp: a number of seconds (or of
// milliseconds when above 10^11, as newer Mixpanel and Amplitude write),
// or ISO-8601 text "2026-11-27T10:22:31.123Z", "2026-11-27 10:22:31.123456",
// with an optional "+02:00"/"-0500" offset (none = UTC). nullopt for anything
// else, and for years outside 1970–9999.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

inline DayNumber day_of(std::int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
}

// Periods that segment history is kept for.
enum class PeriodKind { week, month };
std::string_view to_string(PeriodKind kind);
PeriodKind parse_period_kind(std::string_view text);  // "week" | "month"; Error(invalid_input) otherwise

// The ISO week ("2026-W48", weeks start on Monday) or month ("2026-11") holding `day`.
std::string period_label(PeriodKind kind, DayNumber day);
// The last day of the period holding `day` (Sunday; the month's last day).
DayNumber period_end(PeriodKind kind, DayNumber day);

}  // namespace grounded::segments
