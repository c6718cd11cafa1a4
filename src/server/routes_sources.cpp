// Sources (the library), their excerpts, and uploads.
//
//   GET    /api/v1/sources            list: kind, participant, account, study, role, q (title), sort, limit, offset
//   POST   /api/v1/sources            multipart upload (see upload.hpp)
//   GET    /api/v1/sources/{id}       the source, its people and its excerpts (body with ?body=1)
//   DELETE /api/v1/sources/{id}       the source, its excerpts, tags and citations
//   GET    /api/v1/excerpts/{id}      one excerpt with ?context=N turns around it (default 2)
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/api_json.hpp"
#include "server/route_context.hpp"
#include "server/upload.hpp"
#include "store/audit_log.hpp"
#include "store/sources.hpp"

namespace grounded::server {

void register_sources_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/sources", [&context](const httplib::Request& req, httplib::Response& res) {
    store::SourceFilter filter;
    if (auto kind = query_param(req, "kind")) filter.kind = parse_source_kind(*kind);
    filter.participant_id = query_id(req, "participant");
    filter.account_id = query_id(req, "account");
    filter.study_id = query_id(req, "study");
    filter.participant_role = query_param(req, "role").value_or("");
    filter.title_contains = query_param(req, "q").value_or("");
    if (filter.title_contains.size() > 500) throw invalid_input("the title search is longer than 500 characters");
    filter.sort = query_param(req, "sort").value_or("-occurred_at");
    filter.limit = query_int(req, "limit", 100, 1, 1000);
    filter.offset = query_int(req, "offset", 0, 0, 100000000);
    store::SourcePage page = store::list_sources(context.db(), filter);
    nlohmann::json items = nlohmann::json::array();
    for (const store::SourceSummary& summary : page.items) items.push_back(source_summary_json(summary));
    send_json(res, {{"items", std::move(items)}, {"total", page.total}, {"limit", filter.limit}, {"offset", filter.offset}});
  });

  http.Get(R"(/api/v1/sources/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    store::Database& db = context.db();
    nlohmann::json out = source_summary_json(store::get_source_summary(db, id));
    if (query_param(req, "body")) out["body"] = store::get_source(db, id).body;
    out["excerpts"] = store::excerpts_of_source(db, id);
    send_json(res, out);
  });

  http.Delete(R"(/api/v1/sources/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    store::Database& db = context.db();
    store::Transaction transaction(db);
    nlohmann::json before = source_summary_json(store::get_source_summary(db, id));
    store::delete_source(db, id);
    store::append_audit(db, {0, "local", "source.delete", "sources", id, dump_json(before), "", ""});
    transaction.commit();
    send_json(res, {{"deleted", id}});
  });

  http.Get(R"(/api/v1/excerpts/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "excerpt");
    int turns = query_int(req, "context", 2, 0, 50);
    store::ExcerptInContext found = store::excerpt_in_context(context.db(), id, turns);
    send_json(res, {{"excerpt", found.excerpt},
                    {"before", found.before},
                    {"after", found.after},
                    {"source", source_summary_json(found.source)}});
  });

  http.Post("/api/v1/sources",
            [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
              handle_upload(context, req, res, reader);
            });
}

}  // namespace grounded::server
