// Deals and survey questions: the CRM and survey facts beside the evidence
// (imports go through the upload, POST /api/v1/sources, which recognises CRM
// exports; see ingest/crm_import.hpp).
//
//   GET /api/v1/deals[?account=ID]       deals, newest close date first, with outcome won|lost|open
//   GET /api/v1/survey/questions         closed survey questions with each answer's count
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "store/deals.hpp"
#include "synth/survey_checks.hpp"

namespace grounded::server {

void register_crm_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/deals", [&context](const httplib::Request& req, httplib::Response& res) {
    auto deals = store::list_deals(context.db(), query_id(req, "account"));
    send_json(res, {{"items", deals}, {"total", deals.size()}});
  });

  http.Get("/api/v1/survey/questions", [&context](const httplib::Request&, httplib::Response& res) {
    auto questions = synth::survey_questions(context.db());
    send_json(res, {{"items", questions}, {"total", questions.size()}});
  });
}

}  // namespace grounded::server
