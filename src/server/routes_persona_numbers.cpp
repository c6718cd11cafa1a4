// The quantitative half of a persona: market size and priority tier, survey
// checks, and the review cadence (logic in synth/persona_sizing.hpp,
// synth/survey_checks.hpp, synth/review_cadence.hpp).
//
//   GET    /api/v1/personas/{id}/sizing                  accounts, users, deals, computed and manual tier
//   GET    /api/v1/personas/{id}/survey-checks           the persona's survey checks with live figures, and
//                                                        open_answers: per attribute, survey respondents whose
//                                                        open answers fall in its themes
//   POST   /api/v1/personas/{id}/survey-checks           {question, answer, attribute_id?}
//   DELETE /api/v1/personas/{id}/survey-checks/{check}
//   GET    /api/v1/personas/{id}/since-review            new evidence, themes, win/loss, quarterly steps
//   POST   /api/v1/personas/{id}/cadence-review          {rebuild?: bool}: records the review (audited)
//   GET    /api/v1/cadence[?today=YYYY-MM-DD]           every persona's next review and rebuild, overdue first
#include "core/error.hpp"
#include "core/json.hpp"
#include "server/body_fields.hpp"
#include "server/route_context.hpp"
#include "synth/synth.hpp"

namespace grounded::server {

void register_persona_numbers_routes(httplib::Server& http, RouteContext& context) {
  using nlohmann::json;

  http.Get(R"(/api/v1/personas/([^/]+)/sizing)", [&context](const httplib::Request& req, httplib::Response& res) {
    store::Database& db = context.db();
    send_json(res, json(synth::size_persona(db, synth::get_persona(db, path_id(req, 1, "persona")))));
  });

  http.Get(R"(/api/v1/personas/([^/]+)/survey-checks)", [&context](const httplib::Request& req, httplib::Response& res) {
    const Id persona = path_id(req, 1, "persona");
    auto checks = synth::survey_checks_of(context.db(), persona);
    send_json(res, {{"items", checks}, {"total", checks.size()},
                    {"open_answers", synth::open_answer_mentions(context.db(), persona)}});
  });

  http.Post(R"(/api/v1/personas/([^/]+)/survey-checks)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id persona = path_id(req, 1, "persona");
    json body = parse_json_body(req);
    reject_unknown_fields(body, {"question", "answer", "attribute_id", "who"});
    auto check = synth::add_survey_check(context.db(), persona, optional_id(body, "attribute_id"),
                                         required_string(body, "question", 2000), required_string(body, "answer", 2000),
                                         acting_user(req, &body, "local"));
    send_json(res, json(check), 201);
  });

  http.Delete(R"(/api/v1/personas/([^/]+)/survey-checks/([^/]+))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                Id persona = path_id(req, 1, "persona"), check = path_id(req, 2, "survey check");
                synth::remove_survey_check(context.db(), persona, check, acting_user(req, nullptr, "local"));
                send_json(res, {{"deleted", check}});
              });

  http.Get(R"(/api/v1/personas/([^/]+)/since-review)", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, json(synth::since_last_review(context.db(), path_id(req, 1, "persona"),
                                                 query_param(req, "today").value_or(""))));
  });

  http.Post(R"(/api/v1/personas/([^/]+)/cadence-review)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id persona = path_id(req, 1, "persona");
    json body = req.body.empty() ? json::object() : parse_json_body(req);
    reject_unknown_fields(body, {"rebuild", "who"});
    auto dates = synth::record_cadence_review(context.db(), persona, optional_bool(body, "rebuild", false),
                                              acting_user(req, &body, "local"));
    send_json(res, json(dates));
  });

  http.Get("/api/v1/cadence", [&context](const httplib::Request& req, httplib::Response& res) {
    auto schedule = synth::review_schedule(context.db(), query_param(req, "today").value_or(""));
    std::int64_t overdue = 0;
    for (const auto& d : schedule) overdue += d.review_overdue || d.rebuild_overdue;
    send_json(res, {{"items", schedule}, {"total", schedule.size()}, {"overdue", overdue}});
  });
}

}  // namespace grounded::server
