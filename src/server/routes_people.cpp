// Participants and accounts: list, get one, edit (PATCH or PUT with the
// fields to change; unknown fields and wrong types are a 400).
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "store/audit_log.hpp"
#include "store/people.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

std::string text_field(const json& body, const std::string& name) {
  const json& value = body.at(name);
  if (!value.is_string()) throw invalid_input("'" + name + "' must be a string");
  if (value.get_ref<const std::string&>().size() > 1000) throw invalid_input("'" + name + "' is longer than 1000 characters");
  return value.get<std::string>();
}

template <typename T>
std::optional<T> optional_number(const json& body, const std::string& name) {
  const json& value = body.at(name);
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw invalid_input("'" + name + "' must be a number or null");
  if constexpr (std::is_integral_v<T>) {
    if (!value.is_number_integer()) throw invalid_input("'" + name + "' must be a whole number or null");
  }
  return value.get<T>();
}

void reject_unknown(const json& body, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known && key != "id") throw invalid_input("unknown field '" + key + "'");
  }
}

void audit(store::Database& db, const std::string& action, const std::string& entity, Id id, const json& before,
           const json& after) {
  store::append_audit(db, {0, "local", action, entity, id, dump_json(before), dump_json(after), ""});
}

}  // namespace

void register_people_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/participants", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"items", store::list_participants(context.db())}});
  });
  http.Get(R"(/api/v1/participants/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, store::get_participant(context.db(), path_id(req, 1, "participant")));
  });
  auto edit_participant = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "participant");
    json body = parse_json_body(req);
    reject_unknown(body, {"label", "role", "seniority", "segment", "account_id"});
    store::Database& db = context.db();
    store::Transaction transaction(db);
    Participant participant = store::get_participant(db, id);
    json before = participant;
    if (body.contains("label")) participant.label = text_field(body, "label");
    if (participant.label.empty()) throw invalid_input("'label' cannot be empty");
    if (body.contains("role")) participant.role = text_field(body, "role");
    if (body.contains("seniority")) participant.seniority = text_field(body, "seniority");
    if (body.contains("segment")) participant.segment = text_field(body, "segment");
    if (body.contains("account_id")) {
      participant.account_id = optional_number<Id>(body, "account_id");
      if (participant.account_id) store::get_account(db, *participant.account_id);  // 404 for an unknown account
    }
    store::update_participant(db, participant);
    audit(db, "participant.edit", "participants", id, before, participant);
    transaction.commit();
    send_json(res, participant);
  };
  http.Patch(R"(/api/v1/participants/([^/]+))", edit_participant);
  http.Put(R"(/api/v1/participants/([^/]+))", edit_participant);

  http.Get("/api/v1/accounts", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"items", store::list_accounts(context.db())}});
  });
  http.Get(R"(/api/v1/accounts/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, store::get_account(context.db(), path_id(req, 1, "account")));
  });
  auto edit_account = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "account");
    json body = parse_json_body(req);
    reject_unknown(body, {"name", "industry", "employees", "revenue", "region", "stage", "stack"});
    store::Database& db = context.db();
    store::Transaction transaction(db);
    Account account = store::get_account(db, id);
    json before = account;
    if (body.contains("name")) account.name = text_field(body, "name");
    if (account.name.empty()) throw invalid_input("'name' cannot be empty");
    if (body.contains("industry")) account.industry = text_field(body, "industry");
    if (body.contains("employees")) account.employees = optional_number<std::int64_t>(body, "employees");
    if (body.contains("revenue")) account.revenue = optional_number<double>(body, "revenue");
    if (body.contains("region")) account.region = text_field(body, "region");
    if (body.contains("stage")) account.stage = text_field(body, "stage");
    if (body.contains("stack")) account.stack = text_field(body, "stack");
    store::update_account(db, account);
    audit(db, "account.edit", "accounts", id, before, account);
    transaction.commit();
    send_json(res, account);
  };
  http.Patch(R"(/api/v1/accounts/([^/]+))", edit_account);
  http.Put(R"(/api/v1/accounts/([^/]+))", edit_account);
}

}  // namespace grounded::server
