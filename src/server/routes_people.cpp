// Participants and accounts (logic in store/people_edits.hpp; this file only
// reads requests and writes JSON). Unknown fields and wrong types are a 400.
//
//   GET   /api/v1/participants[?account=ID][&study=ID]   list with source and excerpt counts and studies
//   GET   /api/v1/participants/{id}           one, with its sources and its audit history
//   PATCH /api/v1/participants/{id}           {label, role, seniority, segment, account_id | account (a name)}
//   POST  /api/v1/participants/merge          {"from": ID, "into": ID}: from's evidence moves to into
//   POST  /api/v1/participants/{id}/split     {"source_ids": [...], "participant": {label, role, ...}}
//   GET   /api/v1/accounts[?study=ID]         list with participant, source and excerpt counts
//   GET   /api/v1/accounts/{id}               one, with its participants and audit history
//   PATCH /api/v1/accounts/{id}               {name, industry, employees, revenue, region, stage, stack}
//   PUT   /api/v1/sources/{id}/participant    {"participant_id": ID | null} or {"label": "a name"} (found or created)
//   PUT   /api/v1/sources/{id}/speaker-role   {"speaker": "Interviewee", "role": "participant"}
// PUT is accepted wherever PATCH is (both change only the fields given).
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "store/audit_log.hpp"
#include "store/people.hpp"
#include "store/people_edits.hpp"
#include "store/people_json.hpp"
#include "store/people_summary.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

std::string text_field(const json& body, const std::string& name) {
  const json& value = body.at(name);
  if (!value.is_string()) throw invalid_input("'" + name + "' must be a string");
  if (value.get_ref<const std::string&>().size() > 1000) throw invalid_input("'" + name + "' is longer than 1000 characters");
  return value.get<std::string>();
}

std::optional<std::string> optional_text(const json& body, const std::string& name) {
  if (!body.contains(name)) return std::nullopt;
  return text_field(body, name);
}

template <typename T>
std::optional<T> nullable_number(const json& body, const std::string& name) {
  const json& value = body.at(name);
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw invalid_input("'" + name + "' must be a number or null");
  if constexpr (std::is_integral_v<T>) {
    if (!value.is_number_integer()) throw invalid_input("'" + name + "' must be a whole number or null");
  }
  return value.get<T>();
}

Id id_field(const json& body, const std::string& name) {
  if (!body.contains(name)) throw invalid_input("'" + name + "' is required");
  std::optional<Id> id = nullable_number<Id>(body, name);
  if (!id || *id <= 0) throw invalid_input("'" + name + "' must be a participant id");
  return *id;
}

void reject_unknown(const json& body, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = key == "id" || key == "who" || key == "reviewer";
    for (const char* name : allowed) known = known || key == name;
    if (!known) throw invalid_input("unknown field '" + key + "'");
  }
}

store::ParticipantChanges participant_changes(const json& body) {
  reject_unknown(body, {"label", "role", "seniority", "segment", "account_id", "account"});
  store::ParticipantChanges changes;
  changes.label = optional_text(body, "label");
  changes.role = optional_text(body, "role");
  changes.seniority = optional_text(body, "seniority");
  changes.segment = optional_text(body, "segment");
  if (body.contains("account_id")) changes.account_id = nullable_number<Id>(body, "account_id");
  changes.account_name = optional_text(body, "account");
  return changes;
}

store::AccountChanges account_changes(const json& body) {
  reject_unknown(body, {"name", "industry", "employees", "revenue", "region", "stage", "stack"});
  store::AccountChanges changes;
  changes.name = optional_text(body, "name");
  changes.industry = optional_text(body, "industry");
  changes.region = optional_text(body, "region");
  changes.stage = optional_text(body, "stage");
  changes.stack = optional_text(body, "stack");
  if (body.contains("employees")) changes.employees = nullable_number<std::int64_t>(body, "employees");
  if (body.contains("revenue")) changes.revenue = nullable_number<double>(body, "revenue");
  return changes;
}

std::vector<Id> id_list(const json& body, const std::string& name) {
  if (!body.contains(name) || !body[name].is_array()) throw invalid_input("'" + name + "' must be a list of source ids");
  if (body[name].size() > 10000) throw invalid_input("'" + name + "' holds more than 10000 ids");
  std::vector<Id> ids;
  for (const json& value : body[name]) {
    if (!value.is_number_integer() || value.get<Id>() <= 0) throw invalid_input("'" + name + "' must hold source ids");
    ids.push_back(value.get<Id>());
  }
  return ids;
}

json participant_detail(store::Database& db, Id id) {
  json out = store::get_participant_summary(db, id);
  out["sources"] = store::sources_of_participant(db, id);
  out["history"] = store::audit_for(db, "participants", id);
  return out;
}

json account_detail(store::Database& db, Id id) {
  json out = store::get_account_summary(db, id);
  out["participants"] = store::list_participant_summaries(db, {id, std::nullopt});
  out["history"] = store::audit_for(db, "accounts", id);
  return out;
}

void register_participant_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/participants", [&context](const httplib::Request& req, httplib::Response& res) {
    store::PeopleFilter filter{query_id(req, "account"), query_id(req, "study")};
    send_json(res, {{"items", store::list_participant_summaries(context.db(), filter)}});
  });
  http.Get(R"(/api/v1/participants/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, participant_detail(context.db(), path_id(req, 1, "participant")));
  });
  auto edit = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "participant");
    json body = parse_json_body(req);
    store::ParticipantChanges changes = participant_changes(body);
    store::edit_participant(context.db(), id, changes, acting_user(req, &body, "local"));
    send_json(res, participant_detail(context.db(), id));
  };
  http.Patch(R"(/api/v1/participants/([^/]+))", edit);
  http.Put(R"(/api/v1/participants/([^/]+))", edit);

  http.Post("/api/v1/participants/merge", [&context](const httplib::Request& req, httplib::Response& res) {
    json body = parse_json_body(req);
    reject_unknown(body, {"from", "into"});
    Id from = id_field(body, "from");
    Id into = id_field(body, "into");
    store::MergeOutcome outcome = store::merge_participants(context.db(), from, into, acting_user(req, &body, "local"));
    json out = outcome;
    out["participant"] = participant_detail(context.db(), into);
    send_json(res, out);
  });
  http.Post(R"(/api/v1/participants/([^/]+)/split)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "participant");
    json body = parse_json_body(req);
    reject_unknown(body, {"source_ids", "participant"});
    std::vector<Id> source_ids = id_list(body, "source_ids");
    if (!body.contains("participant") || !body["participant"].is_object())
      throw invalid_input("'participant' must be an object with at least a 'label'");
    const json& fields = body["participant"];
    reject_unknown(fields, {"label", "role", "seniority", "segment", "account_id"});
    Participant fresh;
    fresh.label = optional_text(fields, "label").value_or("");
    fresh.role = optional_text(fields, "role").value_or("");
    fresh.seniority = optional_text(fields, "seniority").value_or("");
    fresh.segment = optional_text(fields, "segment").value_or("");
    if (fields.contains("account_id")) fresh.account_id = nullable_number<Id>(fields, "account_id");
    store::SplitOutcome outcome =
        store::split_participant(context.db(), id, source_ids, fresh, acting_user(req, &body, "local"));
    json out = outcome;
    out["participant"] = participant_detail(context.db(), outcome.created.id);
    out["from"] = participant_detail(context.db(), id);
    send_json(res, out, 201);
  });
}

void register_account_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/accounts", [&context](const httplib::Request& req, httplib::Response& res) {
    store::PeopleFilter filter{std::nullopt, query_id(req, "study")};
    send_json(res, {{"items", store::list_account_summaries(context.db(), filter)}});
  });
  http.Get(R"(/api/v1/accounts/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, account_detail(context.db(), path_id(req, 1, "account")));
  });
  auto edit = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "account");
    json body = parse_json_body(req);
    store::AccountChanges changes = account_changes(body);
    store::edit_account(context.db(), id, changes, acting_user(req, &body, "local"));
    send_json(res, account_detail(context.db(), id));
  };
  http.Patch(R"(/api/v1/accounts/([^/]+))", edit);
  http.Put(R"(/api/v1/accounts/([^/]+))", edit);
}

void register_source_people_routes(httplib::Server& http, RouteContext& context) {
  http.Put(R"(/api/v1/sources/([^/]+)/participant)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    json body = parse_json_body(req);
    reject_unknown(body, {"participant_id", "label"});
    store::ParticipantChoice choice;
    if (body.contains("participant_id")) choice.id = nullable_number<Id>(body, "participant_id");
    choice.label = optional_text(body, "label").value_or("");
    if (!body.contains("participant_id") && !body.contains("label"))
      throw invalid_input("give 'participant_id' (an id, or null for nobody) or 'label' (a name)");
    std::optional<Id> chosen = store::set_source_participant(context.db(), id, choice, acting_user(req, &body, "local"));
    send_json(res, {{"source_id", id},
                    {"participant", chosen ? participant_detail(context.db(), *chosen) : json(nullptr)}});
  });
  http.Put(R"(/api/v1/sources/([^/]+)/speaker-role)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    json body = parse_json_body(req);
    reject_unknown(body, {"speaker", "role"});
    if (!body.contains("speaker")) throw invalid_input("'speaker' is required (the label as it appears in the source)");
    if (!body.contains("role")) throw invalid_input("'role' is required: interviewer, participant, agent or customer");
    std::string speaker = text_field(body, "speaker");
    SpeakerRole role = parse_speaker_role(text_field(body, "role"));
    std::int64_t changed = store::set_speaker_role(context.db(), id, speaker, role, acting_user(req, &body, "local"));
    send_json(res, {{"source_id", id}, {"speaker", speaker}, {"role", to_string(role)}, {"excerpts", changed}});
  });
}

}  // namespace

void register_people_routes(httplib::Server& http, RouteContext& context) {
  register_participant_routes(http, context);
  register_account_routes(http, context);
  register_source_people_routes(http, context);
}

}  // namespace grounded::server
