// Themes (issue 11): thin handlers over synth/themes.hpp.
//
//   GET   /api/v1/themes                  ?category=C&status=S → {items, categories (taxonomy order)}
//   GET   /api/v1/themes?study=ID         only themes holding evidence from that study
//   POST  /api/v1/themes/propose          {categories?, include_suggested?, min_confidence?, study_id?} → the report
//   GET   /api/v1/themes/{id}             the theme with its members and their evidence
//   PATCH /api/v1/themes/{id}             {name?, claim?}: rename and/or re-word the claim
//   POST  /api/v1/themes/{id}/confirm     mark confirmed
//   POST  /api/v1/themes/{id}/dismiss     mark dismissed (stays dismissed when re-proposing)
//   POST  /api/v1/themes/{id}/merge       {from: THEME_ID}: that theme joins this one
//   POST  /api/v1/themes/{id}/split       {tag_ids: [..], name?} → 201 the new theme
//   POST  /api/v1/themes/{id}/members     {tag_id, from_theme?}: move a tag into this theme, out of from_theme
//                                         only (needed when the tag backs several other themes)
//   GET   /api/v1/themes/{id}/history     the theme's audit log
//
// Who did it (acting_user): the signed-in user in team mode; on loopback a "who"
// body field, else "researcher".
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "store/audit_log.hpp"
#include "store/studies.hpp"
#include "synth/themes.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

// A body field that must be an id when present.
std::optional<Id> body_id(const json& body, const char* name) {
  if (!body.contains(name)) return std::nullopt;
  const json& v = body[name];
  if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
    throw invalid_input(std::string("'") + name + "' must be an id (a positive whole number)");
  return v.get<Id>();
}

std::optional<std::string> body_text(const json& body, const char* name) {
  if (!body.contains(name)) return std::nullopt;
  if (!body[name].is_string()) throw invalid_input(std::string("'") + name + "' must be a string");
  return body[name].get<std::string>();
}

json body_or_empty(const httplib::Request& req) {
  return req.body.empty() ? json::object() : parse_json_body(req);
}

synth::ProposeOptions propose_options(const json& body) {
  synth::ProposeOptions o;
  if (body.contains("categories")) {
    if (!body["categories"].is_array()) throw invalid_input("'categories' must be a list of category names");
    for (const json& c : body["categories"]) {
      if (!c.is_string()) throw invalid_input("'categories' must be a list of category names");
      o.categories.push_back(c.get<std::string>());
    }
  }
  if (body.contains("include_suggested")) {
    if (!body["include_suggested"].is_boolean()) throw invalid_input("'include_suggested' must be true or false");
    o.include_suggested = body["include_suggested"].get<bool>();
  }
  if (body.contains("min_confidence")) {
    if (!body["min_confidence"].is_number()) throw invalid_input("'min_confidence' must be a number from 0 to 1");
    o.min_confidence = body["min_confidence"].get<double>();
  }
  o.study_id = body_id(body, "study_id");
  return o;
}

}  // namespace

void register_themes_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/themes", [&context](const httplib::Request& req, httplib::Response& res) {
    synth::ThemeFilter filter;
    if (auto c = query_param(req, "category")) filter.category = tagger::Taxonomy::builtin().require(*c).key;
    if (auto s = query_param(req, "status")) filter.status = synth::parse_theme_status(*s);
    filter.study_id = query_id(req, "study");
    if (filter.study_id) store::get_study(context.db(), *filter.study_id);  // 404 for an unknown study
    json categories = json::array();
    for (const auto& c : tagger::Taxonomy::builtin().categories())
      categories.push_back({{"key", c.key}, {"label", c.label}, {"colour", c.colour}});
    send_json(res, {{"items", synth::list_themes(context.db(), filter)}, {"categories", categories}});
  });

  http.Post("/api/v1/themes/propose", [&context](const httplib::Request& req, httplib::Response& res) {
    json body = body_or_empty(req);
    synth::ProposeOptions options = propose_options(body);
    options.who = acting_user(req, &body, "researcher");
    send_json(res, json(synth::propose_themes(context.db(), options)));
  });

  http.Get(R"(/api/v1/themes/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, json(synth::get_theme(context.db(), path_id(req, 1, "theme"))));
  });

  http.Patch(R"(/api/v1/themes/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    json body = parse_json_body(req);
    auto name = body_text(body, "name");
    auto claim = body_text(body, "claim");
    if (!name && !claim) throw invalid_input("give 'name' and/or 'claim' to change");
    send_json(res, json(synth::edit_theme_words(context.db(), id, name, claim, acting_user(req, &body, "researcher"))));
  });

  http.Post(R"(/api/v1/themes/([^/]+)/(confirm|dismiss))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    json body = body_or_empty(req);
    std::string who = acting_user(req, &body, "researcher");
    store::Database& db = context.db();
    send_json(res, json(req.matches[2] == "confirm" ? synth::confirm_theme(db, id, who) : synth::dismiss_theme(db, id, who)));
  });

  http.Post(R"(/api/v1/themes/([^/]+)/merge)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    json body = parse_json_body(req);
    auto from = body_id(body, "from");
    if (!from) throw invalid_input("'from' (the id of the theme to merge into this one) is required");
    send_json(res, json(synth::merge_themes(context.db(), id, *from, acting_user(req, &body, "researcher"))));
  });

  http.Post(R"(/api/v1/themes/([^/]+)/split)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    json body = parse_json_body(req);
    if (!body.contains("tag_ids") || !body["tag_ids"].is_array() || body["tag_ids"].empty())
      throw invalid_input("'tag_ids' (a non-empty list of the tag ids to split off) is required");
    std::vector<Id> tags;
    for (const json& t : body["tag_ids"]) {
      if (!t.is_number_integer() || t.get<std::int64_t>() <= 0) throw invalid_input("'tag_ids' must hold tag ids");
      tags.push_back(t.get<Id>());
    }
    std::string name = body_text(body, "name").value_or("");
    send_json(res, json(synth::split_theme(context.db(), id, tags, name, acting_user(req, &body, "researcher"))), 201);
  });

  http.Post(R"(/api/v1/themes/([^/]+)/members)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    json body = parse_json_body(req);
    auto tag = body_id(body, "tag_id");
    if (!tag) throw invalid_input("'tag_id' (the tag to move into this theme) is required");
    std::optional<Id> from = body_id(body, "from_theme");
    send_json(res, json(synth::move_tag(context.db(), *tag, id, acting_user(req, &body, "researcher"), from)));
  });

  http.Get(R"(/api/v1/themes/([^/]+)/history)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "theme");
    store::Database& db = context.db();
    json out = {{"theme", synth::get_theme(db, id)}};
    json items = json::array();
    for (const store::AuditEntry& e : store::audit_for(db, "themes", id)) items.push_back(e);
    out["items"] = std::move(items);
    send_json(res, out);
  });
}

}  // namespace grounded::server
