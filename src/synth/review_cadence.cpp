#include "synth/review_cadence.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "synth/cohort.hpp"
#include "synth/persona_sizing.hpp"
#include "synth/persona_store.hpp"

namespace grounded::synth {
namespace {

using nlohmann::json;
namespace chr = std::chrono;

const json& cadence_rules() {
  static const json rules = [] {
    auto text = find_embedded_file("src/synth/data/quarterly_review.json");
    if (!text) throw Error(ErrorKind::internal, "src/synth/data/quarterly_review.json is not embedded");
    return json::parse(*text);
  }();
  return rules;
}

std::optional<chr::sys_days> day_of(const std::string& iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return chr::sys_days{ymd};
}

std::string iso_of(chr::sys_days day) {
  chr::year_month_day ymd{day};
  char out[24];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return out;
}

std::string today_or(const std::string& today) { return (today.empty() ? store::utc_now() : today).substr(0, 10); }

std::string plus_days(const std::string& date, long days) {
  auto d = day_of(date);
  return d ? iso_of(*d + chr::days{days}) : std::string();
}

long days_from(const std::string& a, const std::string& b) {
  auto x = day_of(a), y = day_of(b);
  return x && y ? static_cast<long>((*y - *x).count()) : 0;
}

ReviewDates dates_from_row(store::Statement& row, const std::string& today) {
  const json& rules = cadence_rules();
  ReviewDates r;
  r.persona_id = row.int64(0);
  r.persona_name = row.text(1);
  const std::string created = row.text(2).substr(0, 10);
  const std::string reviewed = row.text(3), rebuilt = row.text(4);
  r.reviewed_ever = !reviewed.empty();
  r.last_review = reviewed.empty() ? created : reviewed.substr(0, 10);
  r.last_rebuild = rebuilt.empty() ? created : rebuilt.substr(0, 10);
  r.next_review = plus_days(r.last_review, rules["review_every_days"].get<long>());
  r.next_rebuild = plus_days(r.last_rebuild, rules["rebuild_every_days"].get<long>());
  r.days_to_review = days_from(today, r.next_review);
  r.review_overdue = r.days_to_review < 0;
  r.rebuild_overdue = days_from(today, r.next_rebuild) < 0;
  return r;
}

constexpr const char* kDatesSelect = "SELECT id, name, created_at, quarterly_reviewed_at, rebuilt_at FROM personas";

// Tag counts per (category, theme) in the cohort's sources, before and since `since`.
std::vector<ThemeChange> theme_changes(store::Database& db, const std::set<Id>& sources, const std::string& since) {
  std::map<std::pair<std::string, std::string>, ThemeChange> counts;
  auto st = db.prepare(
      "SELECT s.id, s.created_at >= ?1, t.category, CASE WHEN t.theme = '' THEN t.category ELSE t.theme END"
      " FROM tags t JOIN excerpts e ON e.id = t.excerpt_id JOIN sources s ON s.id = e.source_id"
      " WHERE t.status <> 'rejected'");
  st.bind(1, since);
  while (st.step()) {
    if (!sources.count(st.int64(0))) continue;
    ThemeChange& c = counts[{st.text(2), st.text(3)}];
    c.category = st.text(2);
    c.theme = st.text(3);
    (st.int64(1) ? c.since : c.before)++;
  }
  std::vector<ThemeChange> out;
  for (auto& [key, c] : counts) {
    if (c.since == 0) continue;
    if (c.before == 0) c.change = "new";
    else if (c.since >= 2 && c.since * 4 >= c.before) c.change = "grown";
    else continue;
    out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(), [](const ThemeChange& a, const ThemeChange& b) {
    if (a.change != b.change) return a.change == "new";
    return a.since > b.since;
  });
  return out;
}

// The persona's units among every unit whose weekly segment moved since the review.
void add_segment_moves(store::Database& db, const CohortMembers& members, const std::set<Id>& accounts, SinceReview& v) {
  segments::SegmentMoves all = segments::segment_moves_since(db, v.since);
  v.segments_from = all.from_period;
  v.segments_to = all.to_period;
  const std::set<Id> participants(members.participants.begin(), members.participants.end());
  for (segments::SegmentMove& m : all.moves) {
    const bool account_of_persona = m.account_id && accounts.count(*m.account_id);
    const bool participant_of_persona = m.participant_id && participants.count(*m.participant_id);
    if (!account_of_persona && !(m.unit == "user" && participant_of_persona)) continue;
    ++v.moved_to[m.to];
    v.segment_moves.push_back(std::move(m));
  }
}

}  // namespace

void to_json(json& out, const ReviewDates& r) {
  out = {{"persona_id", r.persona_id},       {"persona", r.persona_name},         {"last_review", r.last_review},
         {"next_review", r.next_review},     {"last_rebuild", r.last_rebuild},    {"next_rebuild", r.next_rebuild},
         {"reviewed_ever", r.reviewed_ever}, {"review_overdue", r.review_overdue}, {"rebuild_overdue", r.rebuild_overdue},
         {"days_to_review", r.days_to_review}};
}

void to_json(json& out, const SinceReview& v) {
  json themes = json::array();
  for (const ThemeChange& t : v.themes)
    themes.push_back({{"category", t.category}, {"theme", t.theme}, {"before", t.before}, {"since", t.since},
                      {"change", t.change}});
  json steps = json::array();
  for (const ReviewStep& s : v.steps) steps.push_back({{"key", s.key}, {"title", s.title}});
  out = {{"dates", v.dates},           {"since", v.since},   {"new_sources", v.new_sources},
         {"new_excerpts", v.new_excerpts}, {"new_source_ids", v.new_source_ids}, {"themes", themes},
         {"deals", v.deals},           {"won", v.won},       {"lost", v.lost},
         {"segments", {{"from_period", v.segments_from}, {"to_period", v.segments_to},
                       {"moves", v.segment_moves}, {"moved_to", v.moved_to}}},
         {"steps", steps}};
}

ReviewDates review_dates(store::Database& db, Id persona_id, const std::string& today) {
  auto st = db.prepare(std::string(kDatesSelect) + " WHERE id = ?1");
  st.bind(1, persona_id);
  if (!st.step()) throw not_found("no persona with id " + std::to_string(persona_id));
  return dates_from_row(st, today_or(today));
}

std::vector<ReviewDates> review_schedule(store::Database& db, const std::string& today) {
  auto st = db.prepare(std::string(kDatesSelect) + " ORDER BY id");
  std::vector<ReviewDates> out;
  while (st.step()) out.push_back(dates_from_row(st, today_or(today)));
  std::stable_sort(out.begin(), out.end(), [](const ReviewDates& a, const ReviewDates& b) {
    const bool ao = a.review_overdue || a.rebuild_overdue, bo = b.review_overdue || b.rebuild_overdue;
    if (ao != bo) return ao;
    return a.next_review < b.next_review;
  });
  return out;
}

SinceReview since_last_review(store::Database& db, Id persona_id, const std::string& today) {
  SinceReview v;
  v.dates = review_dates(db, persona_id, today);
  v.since = v.dates.last_review;
  const Persona persona = get_persona(db, persona_id);
  const CohortMembers members = cohort_members(db, Cohort::parse(persona.cohort_json));
  const std::set<Id> sources(members.sources.begin(), members.sources.end());
  auto added = db.prepare("SELECT id, (SELECT count(*) FROM excerpts WHERE source_id = sources.id) FROM sources"
                          " WHERE created_at >= ?1 ORDER BY created_at DESC, id DESC");
  added.bind(1, v.since);
  while (added.step()) {
    if (!sources.count(added.int64(0))) continue;
    ++v.new_sources;
    v.new_excerpts += added.int64(1);
    if (v.new_source_ids.size() < 50) v.new_source_ids.push_back(added.int64(0));
  }
  v.themes = theme_changes(db, sources, v.since);
  const PersonaSizing sizing = size_persona(db, persona);
  const std::set<Id> accounts(sizing.account_ids.begin(), sizing.account_ids.end());
  for (store::Deal& d : store::deals_closed_since(db, v.since)) {
    if (!d.account_id || !accounts.count(*d.account_id) || d.outcome == "open") continue;
    (d.outcome == "won" ? v.won : v.lost)++;
    v.deals.push_back(std::move(d));
  }
  add_segment_moves(db, members, accounts, v);
  for (const auto& s : cadence_rules()["steps"]) v.steps.push_back({s["key"], s["title"]});
  return v;
}

ReviewDates record_cadence_review(store::Database& db, Id persona_id, bool rebuild, const std::string& who,
                                  const std::string& today) {
  store::Transaction tx(db);
  const ReviewDates before = review_dates(db, persona_id, today);
  const std::string day = today_or(today);
  auto update = db.prepare(
      "UPDATE personas SET quarterly_reviewed_at = ?2, rebuilt_at = CASE WHEN ?3 THEN ?2 ELSE rebuilt_at END WHERE id = ?1");
  update.bind(1, persona_id).bind(2, day).bind(3, rebuild ? 1 : 0).run();
  const ReviewDates after = review_dates(db, persona_id, today);
  store::append_audit(db, {0, who, rebuild ? "persona.rebuild" : "persona.cadence_review", "personas", persona_id,
                           dump_json(json(before)), dump_json(json(after)), ""});
  tx.commit();
  return after;
}

}  // namespace grounded::synth
