// The ICP scoring matrix and account scores over HTTP (logic in src/icp/;
// this file only reads requests and writes JSON). Scores are computed on
// read, so they follow every change to accounts, tags and the matrix.
//
//   GET /api/v1/icp/matrix                 the matrix in force {version, created_by, created_at, note, matrix}
//   GET /api/v1/icp/matrix/default         the built-in default (version 0)
//   GET /api/v1/icp/matrix/versions        every saved version, newest first, the default last
//   GET /api/v1/icp/matrix/versions/{n}    one version
//   PUT /api/v1/icp/matrix                 {"matrix": {...}, "note"?: "why"} → the new version;
//                                          400 naming every problem when it does not validate
//   GET /api/v1/icp/scores[?tier=KEY]      {matrix_version, attributes, distribution, total, items (compact rows)}
//   GET /api/v1/icp/scores/{account_id}    one account's full breakdown: rules, facts, cited excerpts
//   GET /api/v1/icp/export?format=csv|md   the score table to paste into a document (attachment)
#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/icp.hpp"
#include "server/route_context.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

json attribute_list(const icp::Matrix& matrix) {
  json out = json::array();
  for (const auto& a : matrix.attributes)
    out.push_back({{"key", a.key}, {"label", a.label}, {"weight", a.weight}, {"kind", icp::to_string(a.kind)}});
  return out;
}

json tier_list(const icp::Matrix& matrix) {
  json out = json::array();
  for (const auto& t : matrix.tiers) out.push_back({{"key", t.key}, {"label", t.label}, {"min", t.min}});
  out.push_back({{"key", matrix.below.key}, {"label", matrix.below.label}, {"min", nullptr}});
  return out;
}

std::string note_of(const json& body) {
  if (!body.contains("note") || body["note"].is_null()) return "";
  if (!body["note"].is_string()) throw invalid_input("'note' must be text");
  return body["note"].get<std::string>();
}

void register_matrix_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/icp/matrix", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, icp::current_matrix_version(context.db()));
  });
  http.Get("/api/v1/icp/matrix/default", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, icp::get_matrix_version(context.db(), 0));
  });
  http.Get("/api/v1/icp/matrix/versions", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"items", icp::list_matrix_versions(context.db())}});
  });
  http.Get(R"(/api/v1/icp/matrix/versions/(\d+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = req.matches[1] == "0" ? 0 : path_id(req, 1, "matrix version");
    send_json(res, icp::get_matrix_version(context.db(), id));
  });
  http.Put("/api/v1/icp/matrix", [&context](const httplib::Request& req, httplib::Response& res) {
    json body = parse_json_body(req);
    for (const auto& [key, value] : body.items())
      if (key != "matrix" && key != "note" && key != "who") throw invalid_input("unknown field '" + key + "'");
    if (!body.contains("matrix")) throw invalid_input("'matrix' (the ICP matrix as a JSON object) is required");
    icp::MatrixVersion saved =
        icp::save_matrix(context.db(), body["matrix"], acting_user(req, &body, "researcher"), note_of(body));
    send_json(res, saved);
  });
}

void register_score_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/icp/scores", [&context](const httplib::Request& req, httplib::Response& res) {
    icp::ScoreBoard board = icp::score_accounts(context.db());
    std::optional<std::string> tier = query_param(req, "tier");
    json items = json::array();
    for (const auto& score : board.scores)
      if (!tier || score.tier == *tier) items.push_back(icp::score_row(score));
    send_json(res, {{"matrix_version", board.version.id},
                    {"matrix_name", board.matrix.name},
                    {"attributes", attribute_list(board.matrix)},
                    {"tiers", tier_list(board.matrix)},
                    {"distribution", board.distribution},
                    {"total", board.scores.size()},
                    {"items", items}});
  });
  http.Get(R"(/api/v1/icp/scores/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    icp::ScoreBoard board = icp::score_accounts(context.db(), path_id(req, 1, "account"));
    json out = board.scores.front();
    out["matrix_version"] = board.version.id;
    send_json(res, out);
  });
  http.Get("/api/v1/icp/export", [&context](const httplib::Request& req, httplib::Response& res) {
    icp::ExportFormat format = icp::parse_export_format(query_param(req, "format").value_or("csv"));
    icp::ScoreBoard board = icp::score_accounts(context.db());
    bool csv = format == icp::ExportFormat::csv;
    std::string body = csv ? icp::scores_csv(board.matrix, board.scores) : icp::scores_markdown(board.matrix, board.scores);
    res.set_header("Content-Disposition", std::string("attachment; filename=\"icp-scores.") + (csv ? "csv" : "md") + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, csv ? "text/csv; charset=utf-8" : "text/markdown; charset=utf-8");
  });
}

}  // namespace

void register_icp_routes(httplib::Server& http, RouteContext& context) {
  register_matrix_routes(http, context);
  register_score_routes(http, context);
}

}  // namespace grounded::server
