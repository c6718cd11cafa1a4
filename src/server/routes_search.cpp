// GET /api/v1/search — everything `grounded search` does, facets included.
//
// Query parameters: q (the user syntax, explained in the UI), kind, role
// (speaker role), participant_role, category — each repeatable or
// comma-separated; study (a study name, repeatable, never split at commas);
// participant, account, source (ids); from, to (dates);
// limit (1..200), offset; speakers=all interleaves interviewer and agent turns
// with customer speech by relevance (by default they rank below it);
// exact=1 counts filtered matches exactly when a kept ranking answers
// (search.hpp); otherwise "total_exact": false marks an estimate.
// The Server-Timing header says where the time went (rank, facets, page, json).
#include <chrono>
#include <cstdio>

#include "core/error.hpp"
#include "search/search.hpp"
#include "search/search_json.hpp"
#include "server/route_context.hpp"

namespace grounded::server {
namespace {

// The stages of a search for the browser's network panel and the bench
// (https://www.w3.org/TR/server-timing/): milliseconds, three decimals.
std::string server_timing(const search::SearchResult::Timings& t, double json_ms) {
  char text[160];
  std::snprintf(text, sizeof text, "rank;dur=%.3f, facets;dur=%.3f, page;dur=%.3f, json;dur=%.3f", t.rank_ms,
                t.facets_ms, t.page_ms, json_ms);
  return text;
}

}  // namespace

void register_search_routes(httplib::Server& http, RouteContext& context) {
  context.run_in_background([](store::Database& db) { search::warm_up(db); });
  http.Get("/api/v1/search", [&context](const httplib::Request& req, httplib::Response& res) {
    search::SearchQuery query;
    query.text = req.get_param_value("q");
    query.kinds = list_param(req, "kind");
    query.speaker_roles = list_param(req, "role");
    query.participant_roles = list_param(req, "participant_role");
    query.tag_categories = list_param(req, "category");
    for (std::size_t i = 0; i < req.get_param_value_count("study"); ++i)  // names may hold commas: repeat, never split
      if (std::string name = req.get_param_value("study", i); !name.empty()) query.studies.push_back(name);
    query.participant_id = query_id(req, "participant");
    query.account_id = query_id(req, "account");
    query.source_id = query_id(req, "source");
    query.date_from = query_param(req, "from").value_or("");
    query.date_to = query_param(req, "to").value_or("");
    query.limit = query_int(req, "limit", 20, 1, 200);
    query.offset = query_int(req, "offset", 0, 0, 100000);
    const std::string speakers = query_param(req, "speakers").value_or("customer");
    if (speakers != "customer" && speakers != "all")
      throw invalid_input("speakers must be 'customer' (customer speech first) or 'all', not '" + speakers + "'");
    query.all_speakers = speakers == "all";
    query.exact_count = query_param(req, "exact").value_or("0") == "1";
    const search::SearchResult result = search::search(context.db(), query);
    const auto json_started = std::chrono::steady_clock::now();
    send_json(res, nlohmann::json(result));
    const double json_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - json_started).count();
    res.set_header("Server-Timing", server_timing(result.timings, json_ms));
  });
}

}  // namespace grounded::server
