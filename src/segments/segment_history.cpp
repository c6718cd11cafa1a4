#include "segments/segment_history.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/assignment.hpp"
#include "segments/feature_list.hpp"

namespace grounded::segments {
namespace {

// One user's row in usage_users (its days are read one user at a time).
struct UsageUser {
  Id id = 0;
  std::string key, external_id, group_id;
  std::optional<Id> participant_id, account_id;
  std::string account_name;
  DayNumber first_seen = 0;
};

// Users in the order of their unit_key ("user:10" sorts before "user:9"),
// which is segment_history's key order: rows then land at the end of each
// period's range instead of all over the table.
std::vector<UsageUser> load_users(store::Database& db) {
  std::vector<UsageUser> users;
  store::Statement q = db.prepare(
      "SELECT u.id, u.external_id, u.group_id, u.participant_id, u.account_id, COALESCE(a.name, ''), u.first_seen"
      " FROM usage_users u LEFT JOIN accounts a ON a.id = u.account_id");
  while (q.step()) {
    UsageUser u;
    u.id = q.int64(0);
    u.key = "user:" + std::to_string(u.id);
    u.external_id = q.text(1);
    u.group_id = q.text(2);
    u.participant_id = q.optional_int64(3);
    u.account_id = q.optional_int64(4);
    u.account_name = q.text(5);
    u.first_seen = parse_day(q.text_view(6)).value_or(0);
    users.push_back(std::move(u));
  }
  std::sort(users.begin(), users.end(), [](const UsageUser& a, const UsageUser& b) { return a.key < b.key; });
  return users;
}

// An account's usage: its users' days merged as they are read.
struct AccountUsage {
  std::optional<Id> account_id;
  std::string group_id, account_name;  // the first member's that has one
  DayNumber first_seen = 0;
  bool any = false;
  std::map<DayNumber, DayUsage> days;

  // As the export named it: a group id, else the repository account's name.
  const std::string& external_id() const { return group_id.empty() ? account_name : group_id; }

  void add(const UsageUser& user, const std::vector<DayUsage>& user_days) {
    if (!any) account_id = user.account_id;
    first_seen = any ? std::min(first_seen, user.first_seen) : user.first_seen;
    any = true;
    if (group_id.empty()) group_id = user.group_id;
    if (account_name.empty()) account_name = user.account_name;
    merge_into(days, user_days);
  }
};

// Writes one unit's segment at the end of every period it was seen in.
class HistoryWriter {
 public:
  HistoryWriter(store::Database& db, const SegmentRules& rules, DayNumber first, DayNumber last)
      : rules_(rules),
        insert_(db.prepare("INSERT INTO segment_history (period_kind, period, unit, unit_key, external_id, user_id,"
                           " account_id, participant_id, segment, metrics) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")) {
    for (PeriodKind kind : {PeriodKind::week, PeriodKind::month})
      for (DayNumber day = first; day <= last; day = period_end(kind, day) + 1)
        periods_.push_back({std::string(to_string(kind)), period_label(kind, day), std::min(period_end(kind, day), last)});
  }

  std::int64_t write(const char* unit, const std::string& key, const std::string& external_id, std::optional<Id> user_id,
                     std::optional<Id> account_id, std::optional<Id> participant_id, DayNumber first_seen,
                     const std::vector<DayUsage>& days) {
    std::int64_t rows = 0;
    for (const Period& p : periods_) {
      if (p.as_of < first_seen) continue;
      UsageSummary summary = summarize_usage(days, first_seen, p.as_of, rules_);
      Segment segment = assign_segment(summary, rules_);
      insert_.bind(1, p.kind).bind(2, p.label).bind(3, std::string(unit)).bind(4, key).bind(5, external_id);
      insert_.bind(6, user_id).bind(7, account_id).bind(8, participant_id);
      insert_.bind(9, std::string(to_string(segment))).bind(10, stored_summary(summary)).run();
      insert_.reset();
      ++rows;
    }
    return rows;
  }

 private:
  struct Period {
    std::string kind, label;
    DayNumber as_of;
  };
  const SegmentRules& rules_;
  store::Statement insert_;
  std::vector<Period> periods_;
};

}  // namespace

// Streams users one at a time (their days are never all in memory together,
// nor copied), folding each into its account's merged days.
RecomputeReport recompute_segments(store::Database& db, const SegmentRules& rules) {
  RecomputeReport report;
  db.exec("DELETE FROM segment_history");
  store::Statement range = db.prepare(
      "SELECT MIN(first_seen), MAX(last_seen) FROM usage_users u"
      " WHERE EXISTS (SELECT 1 FROM usage_daily d WHERE d.user_id = u.id)");
  if (!range.step() || range.is_null(0)) return report;
  DayNumber first = parse_day(range.text_view(0)).value_or(0), last = parse_day(range.text_view(1)).value_or(0);
  HistoryWriter history(db, rules, first, last);
  store::Statement read_days = db.prepare("SELECT day, events, sessions, features FROM usage_daily WHERE user_id = ?1 ORDER BY day");
  // Accounts: the repository's account when mapped, else the export's group.
  std::map<std::string, AccountUsage> accounts;
  std::vector<DayUsage> days;
  for (const UsageUser& u : load_users(db)) {
    days.clear();
    read_days.bind(1, u.id);
    while (read_days.step())
      if (auto day = parse_day(read_days.text_view(0)))
        days.push_back({*day, read_days.int64(1), read_days.int64(2), split_feature_ids(read_days.text_view(3))});
    read_days.reset();
    if (days.empty()) continue;
    report.rows += history.write("user", u.key, u.external_id, u.id, u.account_id, u.participant_id, u.first_seen, days);
    ++report.users;
    std::string account_key = u.account_id ? "account:" + std::to_string(*u.account_id)
                              : u.group_id.empty() ? "" : "group:" + u.group_id;
    if (account_key.empty()) continue;
    accounts[account_key].add(u, days);
  }
  for (auto& [key, account] : accounts) {
    days.clear();
    for (auto& [day, usage] : account.days) days.push_back(std::move(usage));
    report.rows += history.write("account", key, account.external_id(), std::nullopt, account.account_id, std::nullopt,
                                 account.first_seen, days);
    ++report.accounts;
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
    m.metrics = summary_from_stored(parse_stored_json(q.text(9)));
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

void to_json(nlohmann::json& out, const SegmentMove& m) {
  auto id = [](const std::optional<Id>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  out = {{"unit", m.unit},         {"external_id", m.external_id}, {"user_id", id(m.user_id)},
         {"account_id", id(m.account_id)}, {"participant_id", id(m.participant_id)},
         {"participant", m.participant}, {"account", m.account}, {"from", m.from}, {"to", m.to}};
}

SegmentMoves segment_moves_since(store::Database& db, const std::string& since) {
  SegmentMoves out;
  auto day = parse_day(std::string_view(since).substr(0, 10));
  std::vector<std::string> weeks = list_periods(db, PeriodKind::week);
  if (!day || weeks.empty()) return out;
  const std::string then = period_label(PeriodKind::week, *day);
  auto after = std::upper_bound(weeks.begin(), weeks.end(), then);  // ISO week labels sort as text
  out.from_period = after == weeks.begin() ? weeks.front() : *(after - 1);
  out.to_period = weeks.back();
  if (out.from_period == out.to_period) return out;
  store::Statement q = db.prepare(
      "SELECT n.unit, n.external_id, n.user_id, n.account_id, n.participant_id, COALESCE(p.label, ''),"
      "       COALESCE(a.name, ''), o.segment, n.segment"
      " FROM segment_history n"
      " JOIN segment_history o ON o.period_kind = 'week' AND o.period = ?1 AND o.unit = n.unit AND o.unit_key = n.unit_key"
      " LEFT JOIN participants p ON p.id = n.participant_id"
      " LEFT JOIN accounts a ON a.id = n.account_id"
      " WHERE n.period_kind = 'week' AND n.period = ?2 AND o.segment <> n.segment ORDER BY n.unit, n.external_id");
  q.bind(1, out.from_period).bind(2, out.to_period);
  while (q.step())
    out.moves.push_back({q.text(0), q.text(1), q.optional_int64(2), q.optional_int64(3), q.optional_int64(4), q.text(5),
                         q.text(6), q.text(7), q.text(8)});
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
