#include "segments/segment_rules.hpp"

#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"

namespace grounded::segments {
namespace {

using nlohmann::json;

void check_keys(const json& object, const std::set<std::string>& allowed, const std::string& where,
                const std::string& what) {
  if (!object.is_object()) throw invalid_input(what + ": " + where + " must be an object");
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key) && key != "_comment")
      throw invalid_input(what + ": unknown key '" + key + "' in " + where);
}

double number(const json& object, const std::string& key, double low, double high, const std::string& where,
              const std::string& what, double fallback) {
  if (!object.contains(key)) return fallback;
  const json& value = object.at(key);
  std::string name = where.empty() ? key : where + "." + key;
  if (!value.is_number()) throw invalid_input(what + ": " + name + " must be a number");
  double v = value.get<double>();
  if (v < low || v > high)
    throw invalid_input(what + ": " + name + " must be between " + dump_json(low) + " and " + dump_json(high));
  return v;
}

int whole(const json& object, const std::string& key, int low, int high, const std::string& where,
          const std::string& what, int fallback) {
  if (object.contains(key) && !object.at(key).is_number_integer())
    throw invalid_input(what + ": " + (where.empty() ? key : where + "." + key) + " must be a whole number");
  return static_cast<int>(number(object, key, low, high, where, what, fallback));
}

const json& part(const json& data, const std::string& key, const std::set<std::string>& allowed, const std::string& what) {
  static const json empty = json::object();
  if (!data.contains(key)) return empty;
  check_keys(data.at(key), allowed, key, what);
  return data.at(key);
}

}  // namespace

SegmentRules parse_segment_rules(const std::string& json_text, const std::string& what) {
  json data = parse_untrusted_json(json_text, what, 8);
  check_keys(data, {"window_weeks", "session_gap_minutes", "new", "at_risk", "power"}, "the rules", what);
  SegmentRules r;
  r.window_weeks = whole(data, "window_weeks", 1, 52, "", what, r.window_weeks);
  r.session_gap_minutes = whole(data, "session_gap_minutes", 1, 1440, "", what, r.session_gap_minutes);
  const json& fresh = part(data, "new", {"first_seen_within_days"}, what);
  r.new_within_days = whole(fresh, "first_seen_within_days", 0, 3650, "new", what, r.new_within_days);
  const json& risk = part(data, "at_risk",
                          {"inactive_days", "recent_weeks", "min_previous_active_days", "max_recent_to_previous_ratio"}, what);
  r.inactive_days = whole(risk, "inactive_days", 1, 3650, "at_risk", what, r.inactive_days);
  r.recent_weeks = whole(risk, "recent_weeks", 1, 51, "at_risk", what, r.recent_weeks);
  r.min_previous_active_days = whole(risk, "min_previous_active_days", 0, 366, "at_risk", what, r.min_previous_active_days);
  r.max_recent_to_previous_ratio =
      number(risk, "max_recent_to_previous_ratio", 0, 1, "at_risk", what, r.max_recent_to_previous_ratio);
  const json& power = part(data, "power", {"min_active_days_per_week", "min_sessions_per_week", "min_features"}, what);
  r.power_active_days_per_week = number(power, "min_active_days_per_week", 0, 7, "power", what, r.power_active_days_per_week);
  r.power_sessions_per_week = number(power, "min_sessions_per_week", 0, 10000, "power", what, r.power_sessions_per_week);
  r.power_features = whole(power, "min_features", 0, 100000, "power", what, r.power_features);
  if (r.recent_weeks >= r.window_weeks)
    throw invalid_input(what + ": at_risk.recent_weeks (" + std::to_string(r.recent_weeks) +
                        ") must be below window_weeks (" + std::to_string(r.window_weeks) + ")");
  return r;
}

json to_json(const SegmentRules& r) {
  return {{"window_weeks", r.window_weeks},
          {"session_gap_minutes", r.session_gap_minutes},
          {"new", {{"first_seen_within_days", r.new_within_days}}},
          {"at_risk",
           {{"inactive_days", r.inactive_days},
            {"recent_weeks", r.recent_weeks},
            {"min_previous_active_days", r.min_previous_active_days},
            {"max_recent_to_previous_ratio", r.max_recent_to_previous_ratio}}},
          {"power",
           {{"min_active_days_per_week", r.power_active_days_per_week},
            {"min_sessions_per_week", r.power_sessions_per_week},
            {"min_features", r.power_features}}}};
}

SegmentRules default_segment_rules() {
  auto file = find_embedded_file("src/segments/data/segment_rules.json");
  if (!file) throw Error(ErrorKind::internal, "segment_rules.json is not embedded");
  return parse_segment_rules(std::string(*file), "src/segments/data/segment_rules.json");
}

SegmentRules current_segment_rules(store::Database& db) {
  store::Statement query = db.prepare("SELECT rules FROM segment_rules ORDER BY id DESC LIMIT 1");
  if (query.step()) return parse_segment_rules(query.text(0), "the stored segment rules");
  return default_segment_rules();
}

SegmentRules store_segment_rules(store::Database& db, const std::string& json_text, const std::string& who) {
  SegmentRules rules = parse_segment_rules(json_text, "the segment rules");
  std::string before = dump_json(to_json(current_segment_rules(db)));
  std::string after = dump_json(to_json(rules));
  db.prepare("INSERT INTO segment_rules (rules, created_by) VALUES (?1, ?2)").bind(1, after).bind(2, who).run();
  store::append_audit(db, {0, who, "segment_rules.edit", "segment_rules", db.last_insert_id(), before, after, ""});
  return rules;
}

}  // namespace grounded::segments
