// Studies: the researcher's unit of work (src/store/studies.hpp).
//
//   GET    /api/v1/studies                  every study with its counts (?archived=0 leaves archived ones out)
//                                           → {"items": [study + sources, participants, excerpts], "total"}
//   POST   /api/v1/studies                  {"name", "description"?, "started_at"?, "ended_at"?, "owner"?} → 201
//   GET    /api/v1/studies/{id}             one study with its counts
//   PATCH  /api/v1/studies/{id}             {"name"?, "description"?, "started_at"?, "ended_at"?, "owner"?,
//                                           "archived"?} — rename, describe, date, archive or unarchive
//   DELETE /api/v1/studies/{id}?confirm=NAME the study with all its sources, excerpts, tags and citations;
//                                           `confirm` (query or {"confirm"} body) must repeat the study's
//                                           name → {"deleted": study, "sources", "excerpts", "tags", ...}
//   GET    /api/v1/studies/{id}/coverage    which bank questions the study's interviews asked (?format=md)
// Every change is audited with who did it (acting_user: the signed-in user in team mode, else "local").
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "store/studies.hpp"
#include "tagger/guide.hpp"

namespace grounded::server {
namespace {

// The fields of a create or patch body; unknown keys and wrong types are
// errors naming them.
store::StudyChanges changes_of(const nlohmann::json& body, bool archived_allowed) {
  std::set<std::string> allowed{"name", "description", "started_at", "ended_at", "owner", "who", "reviewer"};
  if (archived_allowed) allowed.insert("archived");
  for (const auto& [key, value] : body.items()) {
    if (!allowed.count(key)) {
      std::string names;
      for (const auto& a : allowed)
        if (a != "who" && a != "reviewer") names += (names.empty() ? "" : ", ") + a;
      throw invalid_input("unknown study field '" + key + "' (expected " + names + ")");
    }
  }
  store::StudyChanges changes;
  auto text = [&](const char* key, std::optional<std::string>& field) {
    if (!body.contains(key)) return;
    if (!body[key].is_string()) throw invalid_input(std::string("study field '") + key + "' must be text");
    field = body[key].get<std::string>();
  };
  text("name", changes.name);
  text("description", changes.description);
  text("started_at", changes.started_at);
  text("ended_at", changes.ended_at);
  text("owner", changes.owner);
  if (body.contains("archived")) {
    if (!body["archived"].is_boolean()) throw invalid_input("study field 'archived' must be true or false");
    changes.archived = body["archived"].get<bool>();
  }
  return changes;
}

// The name the caller typed to confirm a deletion: ?confirm=, else {"confirm"}.
std::string confirmation(const httplib::Request& req) {
  if (auto given = query_param(req, "confirm")) return *given;
  if (req.body.empty()) return "";
  nlohmann::json body = parse_json_body(req);
  if (!body.contains("confirm")) return "";
  if (!body["confirm"].is_string()) throw invalid_input("'confirm' must be the study's name");
  return body["confirm"].get<std::string>();
}

}  // namespace

void register_studies_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/studies", [&context](const httplib::Request& req, httplib::Response& res) {
    auto archived = query_param(req, "archived");
    bool include_archived = !archived || (*archived != "0" && *archived != "false");
    nlohmann::json items = nlohmann::json::array();
    for (const store::StudySummary& s : store::list_studies(context.db(), include_archived))
      items.push_back(nlohmann::json(s));
    send_json(res, {{"items", items}, {"total", items.size()}});
  });

  http.Post("/api/v1/studies", [&context](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = parse_json_body(req);
    store::StudyChanges fields = changes_of(body, false);
    if (!fields.name) throw invalid_input("a study needs a name");
    store::Study study;
    study.name = *fields.name;
    study.description = fields.description.value_or("");
    study.started_at = fields.started_at.value_or("");
    study.ended_at = fields.ended_at.value_or("");
    study.owner = fields.owner.value_or("");
    store::Database& db = context.db();
    store::Study created = store::create_study(db, study, acting_user(req, &body, "local"));
    send_json(res, nlohmann::json(store::get_study_summary(db, created.id)), 201);
  });

  http.Get(R"(/api/v1/studies/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, nlohmann::json(store::get_study_summary(context.db(), path_id(req, 1, "study"))));
  });

  http.Patch(R"(/api/v1/studies/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "study");
    nlohmann::json body = parse_json_body(req);
    store::Database& db = context.db();
    store::update_study(db, id, changes_of(body, true), acting_user(req, &body, "local"));
    send_json(res, nlohmann::json(store::get_study_summary(db, id)));
  });

  http.Delete(R"(/api/v1/studies/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "study");
    store::Database& db = context.db();
    store::StudySummary summary = store::get_study_summary(db, id);  // 404 first
    std::string confirm = confirmation(req);
    if (!store::find_study(db, confirm) || store::find_study(db, confirm)->id != id)
      throw invalid_input("deleting study '" + summary.study.name + "' removes its " + std::to_string(summary.sources) +
                          " sources and " + std::to_string(summary.excerpts) +
                          " excerpts for good: confirm by repeating its name (?confirm=NAME)");
    store::StudyDeletion gone = store::delete_study(db, id, acting_user(req, nullptr, "local"));
    send_json(res, {{"deleted", gone.study},
                    {"sources", gone.sources},
                    {"excerpts", gone.excerpts},
                    {"tags", gone.tags},
                    {"citations", gone.citations},
                    {"participants", gone.participants},
                    {"accounts", gone.accounts},
                    {"imports", gone.imports}});
  });

  http.Get(R"(/api/v1/studies/([^/]+)/coverage)", [&context](const httplib::Request& req, httplib::Response& res) {
    tagger::StudyCoverage coverage = tagger::coverage_of_study(context.db(), path_id(req, 1, "study"));
    if (query_param(req, "format").value_or("json") == "md") {
      res.set_content(tagger::render_markdown(coverage), "text/markdown; charset=utf-8");
      return;
    }
    send_json(res, nlohmann::json(coverage));
  });
}

}  // namespace grounded::server
