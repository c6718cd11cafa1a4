// Behavioral segments from product analytics (logic in src/segments/; this
// file only reads requests and writes JSON). A persona is made from a
// segment through POST /api/v1/personas with the cohort {"segments": [...]}.
//
//   GET /api/v1/segments[?period=week|month][&at=PERIOD]
//        {period_kind, period, previous_period, users: [...], accounts: [...],
//         periods: [...], sizes: [{period, users: {power, regular, at-risk, new}, accounts: {...}}]}
//        each member: {unit, external_id, segment, previous_segment, moved, participant, account, metrics, ...}
//   GET /api/v1/segments/suggestions[?study=ID]
//        needs-based cohorts from shared themes (3-5) and overlapping personas (synth/needs_segments.hpp)
//   GET /api/v1/segments/rules            the thresholds in force
//   PUT /api/v1/segments/rules            edited thresholds (validated; 400 naming the key), recomputes history
#include "core/json.hpp"
#include "segments/calendar.hpp"
#include "segments/segment_history.hpp"
#include "segments/segment_rules.hpp"
#include "server/route_context.hpp"
#include "synth/needs_segments.hpp"

namespace grounded::server {

void register_segments_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/segments", [&context](const httplib::Request& req, httplib::Response& res) {
    store::Database& db = context.db();
    auto kind = segments::parse_period_kind(query_param(req, "period").value_or("month"));
    nlohmann::json out = segments::segments_for_period(db, kind, query_param(req, "at").value_or(""));
    out["periods"] = segments::list_periods(db, kind);
    out["sizes"] = segments::segment_sizes(db, kind);
    send_json(res, out);
  });

  http.Get("/api/v1/segments/suggestions", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, synth::suggest_needs_segments(context.db(), query_id(req, "study")));
  });

  http.Get("/api/v1/segments/rules", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, segments::to_json(segments::current_segment_rules(context.db())));
  });

  http.Put("/api/v1/segments/rules", [&context](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = parse_json_body(req);
    store::Database& db = context.db();
    store::Transaction transaction(db);
    segments::SegmentRules rules = segments::store_segment_rules(db, dump_json(body), acting_user(req, nullptr, "local"));
    segments::recompute_segments(db, rules);
    transaction.commit();
    send_json(res, segments::to_json(rules));
  });
}

}  // namespace grounded::server
