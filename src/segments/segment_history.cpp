#include "segments/segment_history.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/assignment.hpp"
#include "segments/feature_list.hpp"

namespace grounded::segments {
namespace {

struct UsageUser {
  Id id = 0;
  std::string external_id, group_id;
  std::optional<Id> participant_id, account_id;
  std::string account_name;
  DayNumber first_seen = 0;
  std::vector<DayUsage> days;
};

std::vector<UsageUser> load_users(store::Database& db) {
  std::vector<UsageUser> users;
  std::map<Id, std::size_t> index;
  store::Statement q = db.prepare(
      "SELECT u.id, u.external_id, u.group_id, u.participant_id, u.account_id, COALESCE(a.name, ''), u.first_seen"
      " FROM usage_users u LEFT JOIN accounts a ON a.id = u.account_id ORDER BY u.id");
  while (q.step()) {
    UsageUser u;
    u.id = q.int64(0);
    u.external_id = q.text(1);
    u.group_id = q.text(2);
    u.participant_id = q.optional_int64(3);
    u.account_id = q.optional_int64(4);
    u.account_name = q.text(5);
    u.first_seen = parse_day(q.text_view(6)).value_or(0);
    index[u.id] = users.size();
    users.push_back(std::move(u));
  }
  store::Statement days = db.prepare("SELECT user_id, day, events, sessions, features FROM usage_daily ORDER BY user_id, day");
  while (days.step()) {
    auto it = index.find(days.int64(0));
    auto day = parse_day(days.text_view(1));
    if (it == index.end() || !day) continue;
    users[it->second].days.push_back({*day, days.int64(2), days.int64(3), split_feature_ids(days.text_view(4))});
  }
  return users;
}

struct Unit {
  std::string unit, key, external_id;
  std::optional<Id> user_id, account_id, participant_id;
  DayNumber first_seen = 0;
  std::vector<DayUsage> days;
};

}  // namespace

RecomputeReport recompute_segments(store::Database& db, const SegmentRules& rules) {
  RecomputeReport report;
  db.exec("DELETE FROM segment_history");
  std::vector<UsageUser> users = load_users(db);
  std::vector<Unit> units;
  DayNumber first = 0, last = 0;
  bool any = false;
  for (const UsageUser& u : users) {
    if (u.days.empty()) continue;
    if (!any || u.first_seen < first) first = u.first_seen;
    if (!any || u.days.back().day > last) last = u.days.back().day;
    any = true;
    units.push_back({"user", "user:" + std::to_string(u.id), u.external_id, u.id, u.account_id, u.participant_id,
                     u.first_seen, u.days});
    ++report.users;
  }
  if (!any) return report;
  // Accounts: the repository's account when mapped, else the export's group.
  std::map<std::string, std::vector<const UsageUser*>> members;
  for (const UsageUser& u : users) {
    if (u.days.empty()) continue;
    if (u.account_id) members["account:" + std::to_string(*u.account_id)].push_back(&u);
    else if (!u.group_id.empty()) members["group:" + u.group_id].push_back(&u);
  }
  for (const auto& [key, list] : members) {
    Unit unit{"account", key, "", std::nullopt, list.front()->account_id, std::nullopt, list.front()->first_seen, {}};
    std::vector<const std::vector<DayUsage>*> days;
    for (const UsageUser* u : list) {
      days.push_back(&u->days);
      unit.first_seen = std::min(unit.first_seen, u->first_seen);
      if (unit.external_id.empty() && !u->group_id.empty()) unit.external_id = u->group_id;
    }
    if (unit.external_id.empty()) unit.external_id = list.front()->account_name;
    unit.days = merge_days(days);
    units.push_back(std::move(unit));
    ++report.accounts;
  }
  store::Statement insert = db.prepare(
      "INSERT INTO segment_history (period_kind, period, unit, unit_key, external_id, user_id, account_id,"
      " participant_id, segment, metrics) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  for (PeriodKind kind : {PeriodKind::week, PeriodKind::month}) {
    std::vector<std::pair<std::string, DayNumber>> periods;  // label, as-of day
    for (DayNumber day = first; day <= last; day = period_end(kind, day) + 1)
      periods.push_back({period_label(kind, day), std::min(period_end(kind, day), last)});
    for (const Unit& unit : units)
      for (const auto& [label, as_of] : periods) {
        if (as_of < unit.first_seen) continue;
        UsageSummary summary = summarize_usage(unit.days, unit.first_seen, as_of, rules);
        Segment segment = assign_segment(summary, rules);
        insert.bind(1, std::string(to_string(kind))).bind(2, label).bind(3, unit.unit).bind(4, unit.key);
        insert.bind(5, unit.external_id).bind(6, unit.user_id).bind(7, unit.account_id).bind(8, unit.participant_id);
        insert.bind(9, std::string(to_string(segment))).bind(10, dump_json(to_json(summary))).run();
        insert.reset();
        ++report.rows;
      }
  }
  return report;
}

std::vector<std::string> list_periods(store::Database& db, PeriodKind kind) {
  store::Statement q = db.prepare("SELECT DISTINCT period FROM segment_history WHERE period_kind = ?1 ORDER BY period");
  q.bind(1, std::string(to_string(kind)));
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void to_json(nlohmann::json& out, const SegmentMember& m) {
  out = {{"unit", m.unit},
         {"external_id", m.external_id},
         {"user_id", m.user_id ? nlohmann::json(*m.user_id) : nlohmann::json(nullptr)},
         {"account_id", m.account_id ? nlohmann::json(*m.account_id) : nlohmann::json(nullptr)},
         {"participant_id", m.participant_id ? nlohmann::json(*m.participant_id) : nlohmann::json(nullptr)},
         {"participant", m.participant},
         {"account", m.account},
         {"segment", m.segment},
         {"previous_segment", m.previous_segment},
         {"moved", !m.previous_segment.empty() && m.previous_segment != m.segment},
         {"metrics", m.metrics}};
}

void to_json(nlohmann::json& out, const PeriodSegments& v) {
  out = {{"period_kind", v.kind}, {"period", v.period}, {"previous_period", v.previous_period},
         {"users", v.users}, {"accounts", v.accounts}};
}

PeriodSegments segments_for_period(store::Database& db, PeriodKind kind, const std::string& period) {
  std::vector<std::string> periods = list_periods(db, kind);
  PeriodSegments view;
  view.kind = std::string(to_string(kind));
  if (periods.empty()) {
    if (!period.empty()) throw not_found("no segment history for " + view.kind + " " + period);
    return view;
  }
  auto it = period.empty() ? periods.end() - 1 : std::find(periods.begin(), periods.end(), period);
  if (it == periods.end())
    throw not_found("no segment history for " + view.kind + " '" + period + "' (periods run from " + periods.front() +
                    " to " + periods.back() + ")");
  view.period = *it;
  if (it != periods.begin()) view.previous_period = *(it - 1);
  store::Statement q = db.prepare(
      "SELECT h.unit, h.external_id, h.user_id, h.account_id, h.participant_id, COALESCE(p.label, ''),"
      "       COALESCE(a.name, ''), h.segment, COALESCE(prev.segment, ''), h.metrics"
      " FROM segment_history h"
      " LEFT JOIN participants p ON p.id = h.participant_id"
      " LEFT JOIN accounts a ON a.id = h.account_id"
      " LEFT JOIN segment_history prev ON prev.period_kind = h.period_kind AND prev.period = ?3"
      "      AND prev.unit = h.unit AND prev.unit_key = h.unit_key"
      " WHERE h.period_kind = ?1 AND h.period = ?2 ORDER BY h.unit, h.external_id");
  q.bind(1, view.kind).bind(2, view.period).bind(3, view.previous_period);
  while (q.step()) {
    SegmentMember m;
    m.unit = q.text(0);
    m.external_id = q.text(1);
    m.user_id = q.optional_int64(2);
    m.account_id = q.optional_int64(3);
    m.participant_id = q.optional_int64(4);
    m.participant = q.text(5);
    m.account = q.text(6);
    m.segment = q.text(7);
    m.previous_segment = q.text(8);
    m.metrics = parse_stored_json(q.text(9));
    (m.unit == "user" ? view.users : view.accounts).push_back(std::move(m));
  }
  return view;
}

nlohmann::json segment_sizes(store::Database& db, PeriodKind kind) {
  store::Statement q = db.prepare(
      "SELECT period, unit, segment, COUNT(*) FROM segment_history WHERE period_kind = ?1"
      " GROUP BY period, unit, segment ORDER BY period");
  q.bind(1, std::string(to_string(kind)));
  nlohmann::json out = nlohmann::json::array();
  auto empty_counts = [] { return nlohmann::json{{"power", 0}, {"regular", 0}, {"at-risk", 0}, {"new", 0}}; };
  while (q.step()) {
    std::string period = q.text(0);
    if (out.empty() || out.back()["period"] != period)
      out.push_back({{"period", period}, {"users", empty_counts()}, {"accounts", empty_counts()}});
    out.back()[q.text(1) == "user" ? "users" : "accounts"][q.text(2)] = q.int64(3);
  }
  return out;
}

CurrentSegments current_segments(store::Database& db) {
  CurrentSegments current;
  store::Statement q = db.prepare(
      "SELECT unit, participant_id, account_id, segment FROM segment_history"
      " WHERE period_kind = 'week' AND period = (SELECT MAX(period) FROM segment_history WHERE period_kind = 'week')"
      " ORDER BY unit_key");
  while (q.step()) {
    if (q.text_view(0) == "user") {
      if (auto p = q.optional_int64(1)) current.participants[*p] = q.text(3);
    } else if (auto a = q.optional_int64(2)) {
      current.accounts[*a] = q.text(3);
    }
  }
  return current;
}

}  // namespace grounded::segments
