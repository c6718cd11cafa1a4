#include "synth/cohort.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/assignment.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

bool contains_ci(const std::vector<std::string>& values, const std::string& value) {
  std::string v = text::lower(value);
  return std::any_of(values.begin(), values.end(), [&](const std::string& x) { return text::lower(x) == v; });
}

std::vector<std::string> string_list(const nlohmann::json& value, const std::string& where) {
  if (!value.is_array()) throw invalid_input("cohort: " + where + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) throw invalid_input("cohort: " + where + " must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Id> id_list(const nlohmann::json& value, const std::string& where) {
  if (!value.is_array()) throw invalid_input("cohort: " + where + " must be a list of ids");
  std::vector<Id> out;
  for (const auto& item : value) {
    if (!item.is_number_integer()) throw invalid_input("cohort: " + where + " must be a list of ids");
    out.push_back(item.get<Id>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void check_keys(const nlohmann::json& object, const std::set<std::string>& allowed, const std::string& where) {
  if (!object.is_object()) throw invalid_input("cohort: " + where + " must be an object");
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key)) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      throw invalid_input("cohort: unknown key '" + key + "' in " + where + " (expected " + names + ")");
    }
}

}  // namespace

Cohort Cohort::parse(const std::string& json_text) {
  Cohort cohort;
  if (json_text.find_first_not_of(" \t\r\n") == std::string::npos) return cohort;
  nlohmann::json data = parse_untrusted_json(json_text, "the cohort", 8);
  check_keys(data, {"participants", "accounts", "source_kinds", "tags", "studies", "segments"}, "the cohort");
  if (data.contains("studies")) cohort.studies = string_list(data["studies"], "studies");
  if (data.contains("segments")) {
    cohort.behavior_segments = string_list(data["segments"], "segments");
    for (const std::string& name : cohort.behavior_segments) (void)segments::parse_segment(name);
  }
  if (data.contains("participants")) {
    const auto& p = data["participants"];
    check_keys(p, {"ids", "roles", "segments"}, "participants");
    if (p.contains("ids")) cohort.participant_ids = id_list(p["ids"], "participants.ids");
    if (p.contains("roles")) cohort.roles = string_list(p["roles"], "participants.roles");
    if (p.contains("segments")) cohort.segments = string_list(p["segments"], "participants.segments");
  }
  if (data.contains("accounts")) {
    const auto& a = data["accounts"];
    check_keys(a, {"ids", "industries", "stages"}, "accounts");
    if (a.contains("ids")) cohort.account_ids = id_list(a["ids"], "accounts.ids");
    if (a.contains("industries")) cohort.industries = string_list(a["industries"], "accounts.industries");
    if (a.contains("stages")) cohort.stages = string_list(a["stages"], "accounts.stages");
  }
  if (data.contains("source_kinds")) {
    for (const std::string& kind : string_list(data["source_kinds"], "source_kinds"))
      cohort.source_kinds.push_back(parse_source_kind(kind));
  }
  if (data.contains("tags")) {
    const auto& t = data["tags"];
    check_keys(t, {"categories", "themes"}, "tags");
    if (t.contains("categories")) cohort.tag_categories = string_list(t["categories"], "tags.categories");
    if (t.contains("themes")) cohort.tag_themes = string_list(t["themes"], "tags.themes");
  }
  return cohort;
}

nlohmann::json Cohort::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json participants = nlohmann::json::object();
  if (!participant_ids.empty()) participants["ids"] = participant_ids;
  if (!roles.empty()) participants["roles"] = roles;
  if (!segments.empty()) participants["segments"] = segments;
  if (!participants.empty()) out["participants"] = participants;
  nlohmann::json accounts = nlohmann::json::object();
  if (!account_ids.empty()) accounts["ids"] = account_ids;
  if (!industries.empty()) accounts["industries"] = industries;
  if (!stages.empty()) accounts["stages"] = stages;
  if (!accounts.empty()) out["accounts"] = accounts;
  if (!source_kinds.empty()) {
    nlohmann::json kinds = nlohmann::json::array();
    for (SourceKind kind : source_kinds) kinds.push_back(std::string(to_string(kind)));
    out["source_kinds"] = kinds;
  }
  nlohmann::json tags = nlohmann::json::object();
  if (!tag_categories.empty()) tags["categories"] = tag_categories;
  if (!tag_themes.empty()) tags["themes"] = tag_themes;
  if (!tags.empty()) out["tags"] = tags;
  if (!studies.empty()) out["studies"] = studies;
  if (!behavior_segments.empty()) out["segments"] = behavior_segments;
  return out;
}

void to_json(nlohmann::json& out, const CohortSize& size) {
  out = {{"participants", size.participants},
         {"accounts", size.accounts},
         {"sources", size.sources},
         {"excerpts", size.excerpts}};
}

bool cohort_admits(const Cohort& cohort, const EvidenceContext& c) {
  if (!cohort.source_kinds.empty() &&
      std::find(cohort.source_kinds.begin(), cohort.source_kinds.end(), c.kind) == cohort.source_kinds.end())
    return false;
  if (!cohort.behavior_segments.empty() &&
      (c.behavior_segment.empty() || !contains_ci(cohort.behavior_segments, c.behavior_segment)))
    return false;
  bool participant_filter = !cohort.participant_ids.empty() || !cohort.roles.empty() || !cohort.segments.empty();
  if (participant_filter) {
    if (!c.participant_id) return false;
    if (!cohort.participant_ids.empty() &&
        !std::binary_search(cohort.participant_ids.begin(), cohort.participant_ids.end(), *c.participant_id))
      return false;
    if (!cohort.roles.empty() && !contains_ci(cohort.roles, c.role)) return false;
    if (!cohort.segments.empty() && !contains_ci(cohort.segments, c.segment)) return false;
  }
  bool account_filter = !cohort.account_ids.empty() || !cohort.industries.empty() || !cohort.stages.empty();
  if (account_filter) {
    if (!c.account_id) return false;
    if (!cohort.account_ids.empty() &&
        !std::binary_search(cohort.account_ids.begin(), cohort.account_ids.end(), *c.account_id))
      return false;
    if (!cohort.industries.empty() && !contains_ci(cohort.industries, c.industry)) return false;
    if (!cohort.stages.empty() && !contains_ci(cohort.stages, c.stage)) return false;
  }
  return true;
}

BehaviorSegments::BehaviorSegments(store::Database& db, const Cohort& cohort)
    : active_(!cohort.behavior_segments.empty()) {
  if (active_) current_ = segments::current_segments(db);
}

void BehaviorSegments::fill(EvidenceContext& c) const {
  if (!active_) return;
  auto p = c.participant_id ? current_.participants.find(*c.participant_id) : current_.participants.end();
  auto a = c.account_id ? current_.accounts.find(*c.account_id) : current_.accounts.end();
  if (p != current_.participants.end()) c.behavior_segment = p->second;
  else if (a != current_.accounts.end()) c.behavior_segment = a->second;
}

std::optional<std::vector<Id>> excerpts_passing_tag_filter(store::Database& db, const Cohort& cohort) {
  if (cohort.tag_categories.empty() && cohort.tag_themes.empty()) return std::nullopt;
  store::Statement query = db.prepare(
      "SELECT excerpt_id, category, theme FROM tags WHERE status <> 'rejected' ORDER BY excerpt_id");
  std::vector<Id> ids;
  while (query.step()) {
    if (!cohort.tag_categories.empty() && !contains_ci(cohort.tag_categories, query.text(1))) continue;
    if (!cohort.tag_themes.empty() && !contains_ci(cohort.tag_themes, query.text(2))) continue;
    Id id = query.int64(0);
    if (ids.empty() || ids.back() != id) ids.push_back(id);
  }
  return ids;
}

std::optional<std::vector<Id>> sources_in_cohort_studies(store::Database& db, const Cohort& cohort) {
  if (cohort.studies.empty()) return std::nullopt;
  std::string names = nlohmann::json(cohort.studies).dump();
  store::Statement query = db.prepare(
      "SELECT s.id FROM sources s JOIN studies st ON st.id = s.study_id"
      " WHERE st.name IN (SELECT value FROM json_each(?1)) ORDER BY s.id");  // studies.name is NOCASE
  query.bind(1, names);
  std::vector<Id> ids;
  while (query.step()) ids.push_back(query.int64(0));
  return ids;
}

CohortMembers cohort_members(store::Database& db, const Cohort& cohort) {
  auto tag_pass = excerpts_passing_tag_filter(db, cohort);
  auto study_pass = sources_in_cohort_studies(db, cohort);
  BehaviorSegments behavior(db, cohort);
  store::Statement query = db.prepare(
      "SELECT e.excerpt_id, e.source_id, e.participant_id, COALESCE(s.account_id, p.account_id),"
      "       s.kind, p.role, p.segment, a.industry, a.stage"
      " FROM excerpt_speakers e JOIN sources s ON s.id = e.source_id"
      " LEFT JOIN participants p ON p.id = e.participant_id"
      " LEFT JOIN accounts a ON a.id = COALESCE(s.account_id, p.account_id)"
      " WHERE e.is_customer_speech");
  std::set<Id> participants, accounts, sources;
  CohortMembers size;
  while (query.step()) {
    EvidenceContext c;
    c.excerpt_id = query.int64(0);
    c.source_id = query.int64(1);
    c.participant_id = query.optional_int64(2);
    c.account_id = query.optional_int64(3);
    c.kind = parse_source_kind(query.text_view(4));
    c.role = query.text(5);
    c.segment = query.text(6);
    c.industry = query.text(7);
    c.stage = query.text(8);
    behavior.fill(c);
    if (!cohort_admits(cohort, c)) continue;
    if (tag_pass && !std::binary_search(tag_pass->begin(), tag_pass->end(), c.excerpt_id)) continue;
    if (study_pass && !std::binary_search(study_pass->begin(), study_pass->end(), c.source_id)) continue;
    ++size.excerpts;
    sources.insert(c.source_id);
    if (c.participant_id) participants.insert(*c.participant_id);
    if (c.account_id) accounts.insert(*c.account_id);
  }
  size.participants.assign(participants.begin(), participants.end());
  size.accounts.assign(accounts.begin(), accounts.end());
  size.sources.assign(sources.begin(), sources.end());
  return size;
}

CohortSize cohort_size(store::Database& db, const Cohort& cohort) {
  CohortMembers members = cohort_members(db, cohort);
  return {static_cast<std::int64_t>(members.participants.size()), static_cast<std::int64_t>(members.accounts.size()),
          static_cast<std::int64_t>(members.sources.size()), members.excerpts};
}

}  // namespace grounded::synth
