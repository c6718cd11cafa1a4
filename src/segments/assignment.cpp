#include "segments/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <iterator>

#include "core/error.hpp"

namespace grounded::segments {

std::string_view to_string(Segment segment) {
  switch (segment) {
    case Segment::power: return "power";
    case Segment::regular: return "regular";
    case Segment::at_risk: return "at-risk";
    case Segment::fresh: return "new";
  }
  return "regular";
}

Segment parse_segment(std::string_view text) {
  for (Segment s : {Segment::power, Segment::regular, Segment::at_risk, Segment::fresh})
    if (to_string(s) == text) return s;
  throw invalid_input("unknown segment '" + std::string(text) + "' (expected power, regular, at-risk or new)");
}

namespace {
// Rates are shown, not computed on: two decimals keep each stored history row short.
double two_decimals(double x) { return std::round(x * 100.0) / 100.0; }
}  // namespace

namespace {
// The summary's fields in stored order.
constexpr const char* kSummaryFields[] = {
    "as_of", "days_since_first_seen", "days_since_last_active", "weeks_observed", "active_days", "sessions", "events",
    "features", "recent_active_days", "previous_active_days", "active_days_per_week", "sessions_per_week", "trend"};

nlohmann::json summary_values(const UsageSummary& s) {
  return nlohmann::json::array({day_label(s.as_of), s.days_since_first_seen, s.days_since_last_active,
                                two_decimals(s.weeks_observed), s.active_days, s.sessions, s.events, s.features,
                                s.recent_active_days, s.previous_active_days, two_decimals(s.active_days_per_week),
                                two_decimals(s.sessions_per_week), two_decimals(s.trend)});
}
}  // namespace

nlohmann::json to_json(const UsageSummary& s) { return summary_from_stored(summary_values(s)); }

std::string stored_summary(const UsageSummary& s) { return summary_values(s).dump(); }

nlohmann::json summary_from_stored(const nlohmann::json& stored) {
  if (!stored.is_array()) return stored;
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < stored.size() && i < std::size(kSummaryFields); ++i) out[kSummaryFields[i]] = stored[i];
  return out;
}

UsageSummary summarize_usage(const std::vector<DayUsage>& days, DayNumber first_seen, DayNumber as_of,
                             const SegmentRules& rules) {
  UsageSummary s;
  s.as_of = as_of;
  s.days_since_first_seen = as_of - first_seen;
  const DayNumber window_days = 7LL * rules.window_weeks;
  const DayNumber recent_days = 7LL * rules.recent_weeks;
  const DayNumber window_start = as_of - window_days + 1;  // inclusive
  const DayNumber recent_start = as_of - recent_days + 1;
  std::vector<std::uint32_t> features;  // of the window's days, sorted and made distinct below
  DayNumber last_active = first_seen - 1;
  bool any_active = false;
  for (const DayUsage& d : days) {
    if (d.day > as_of) break;
    if (d.events > 0) {
      last_active = d.day;
      any_active = true;
    }
    if (d.day < window_start || d.events <= 0) continue;
    ++s.active_days;
    s.sessions += d.sessions;
    s.events += d.events;
    features.insert(features.end(), d.features.begin(), d.features.end());
    if (d.day >= recent_start) ++s.recent_active_days;
    else ++s.previous_active_days;
  }
  std::sort(features.begin(), features.end());
  s.features = std::unique(features.begin(), features.end()) - features.begin();
  // Never active yet counts from first seen: a unit seen but silent is as idle as its age.
  s.days_since_last_active = any_active ? as_of - last_active : as_of - first_seen;
  const DayNumber observed = std::min<DayNumber>(window_days, as_of - first_seen + 1);
  s.weeks_observed = static_cast<double>(observed) / 7.0;
  s.active_days_per_week = static_cast<double>(s.active_days) / s.weeks_observed;
  s.sessions_per_week = static_cast<double>(s.sessions) / s.weeks_observed;
  // The trend compares rates, so a short earlier span (first seen inside it) is not held against the unit.
  const DayNumber previous_observed = std::max<DayNumber>(0, observed - recent_days);
  const DayNumber recent_observed = std::min<DayNumber>(observed, recent_days);
  if (previous_observed > 0 && s.previous_active_days > 0) {
    double previous_rate = static_cast<double>(s.previous_active_days) / static_cast<double>(previous_observed);
    double recent_rate = static_cast<double>(s.recent_active_days) / static_cast<double>(recent_observed);
    s.trend = recent_rate / previous_rate;
  }
  return s;
}

Segment assign_segment(const UsageSummary& s, const SegmentRules& r) {
  if (s.days_since_first_seen < r.new_within_days) return Segment::fresh;
  if (s.days_since_last_active >= r.inactive_days) return Segment::at_risk;
  // A small tolerance so a ratio of exactly the threshold (0.5) counts despite floating point.
  if (s.previous_active_days >= r.min_previous_active_days && s.previous_active_days > 0 &&
      s.trend <= r.max_recent_to_previous_ratio + 1e-9)
    return Segment::at_risk;
  if (s.active_days_per_week + 1e-9 >= r.power_active_days_per_week &&
      s.sessions_per_week + 1e-9 >= r.power_sessions_per_week && s.features >= r.power_features)
    return Segment::power;
  return Segment::regular;
}

void merge_into(std::map<DayNumber, DayUsage>& merged, const std::vector<DayUsage>& days) {
  std::vector<std::uint32_t> united;
  for (const DayUsage& d : days) {
    DayUsage& m = merged[d.day];
    m.day = d.day;
    m.events += d.events;
    m.sessions += d.sessions;
    united.clear();
    std::set_union(m.features.begin(), m.features.end(), d.features.begin(), d.features.end(),
                   std::back_inserter(united));
    m.features = united;
  }
}

std::vector<DayUsage> merge_days(const std::vector<const std::vector<DayUsage>*>& users) {
  std::map<DayNumber, DayUsage> merged;
  for (const auto* days : users) merge_into(merged, *days);
  std::vector<DayUsage> out;
  out.reserve(merged.size());
  for (auto& [day, d] : merged) out.push_back(std::move(d));
  return out;
}

}  // namespace grounded::segments
