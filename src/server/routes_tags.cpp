// The tagger over HTTP: taxonomy, the review queue and review actions,
// background tagging and training, interview guides and coverage.
//
//   GET   /api/v1/taxonomy                 categories, sub-fields, colours
//   GET   /api/v1/tags                     category, status (repeatable or comma-separated), source_id, study (id),
//                                          min_confidence, order (confidence|uncertainty|id), limit, offset
//                                          → {items (tag + excerpt + source), total, counts}
//                                          The review queue is ?status=suggested&order=confidence, or
//                                          order=uncertainty: least sure first, so each review teaches most.
//   GET   /api/v1/excerpts/{id}/tags       the tags of one excerpt
//   GET   /api/v1/sources/{id}/tags        the tags of every excerpt of a source
//   POST  /api/v1/tags/{id}/accept         mark accepted          (who: acting_user)
//   POST  /api/v1/tags/{id}/reject         mark rejected (never suggested again for that excerpt)
//   PATCH /api/v1/tags/{id}                {"category"?, "subfields"?} — edit and accept
//   POST  /api/v1/tags                     {"excerpt_id", "category", "span_start"?, "span_end"?, "subfields"?, "theme"?}
//   GET   /api/v1/tags/{id}/history        the audit log of the tag
//   POST  /api/v1/tagger/run               tag everything, {"study_id": N} or {"source_id": N}: 202 {"job_id", "job"}
//   POST  /api/v1/tagger/train             retrain from the seed set and reviews: 202 {"job_id", "job"}
//   GET   /api/v1/guide                    ?attributes=goals,pain_points&minutes=45[&job_map=1][&format=md]
//   GET   /api/v1/question-bank            the bank's sections and questions
//   GET   /api/v1/sources/{id}/coverage    which bank questions an interview asked (?format=md)
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/api_json.hpp"
#include "server/route_context.hpp"
#include "store/audit_log.hpp"
#include "store/jobs.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"
#include "tagger/guide.hpp"
#include "tagger/model_store.hpp"
#include "tagger/question_bank.hpp"
#include "tagger/tag_runner.hpp"
#include "tagger/tag_store.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::server {
namespace {
// An optional JSON body: empty means {}.
nlohmann::json optional_body(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  return parse_json_body(req);
}

// Tags with the excerpt text, speaker and source title the review UI shows.
nlohmann::json tags_with_context(store::Database& db, const std::vector<Tag>& tags) {
  std::vector<Id> ids;
  for (const Tag& tag : tags) ids.push_back(tag.excerpt_id);
  std::map<Id, Excerpt> excerpts;
  for (Excerpt& excerpt : store::get_excerpts(db, ids)) excerpts.emplace(excerpt.id, std::move(excerpt));
  std::map<Id, nlohmann::json> sources;
  nlohmann::json items = nlohmann::json::array();
  for (const Tag& tag : tags) {
    nlohmann::json item = tag;
    auto found = excerpts.find(tag.excerpt_id);
    if (found != excerpts.end()) {
      const Excerpt& excerpt = found->second;
      item["excerpt"] = excerpt;
      auto source = sources.find(excerpt.source_id);
      if (source == sources.end()) {
        store::SourceSummary summary = store::get_source_summary(db, excerpt.source_id);
        source = sources
                     .emplace(excerpt.source_id, nlohmann::json{{"id", summary.source.id},
                                                                {"title", summary.source.title},
                                                                {"kind", to_string(summary.source.kind)},
                                                                {"participant_label", summary.participant_label},
                                                                {"participant_role", summary.participant_role},
                                                                {"study", summary.study_name}})
                     .first;
      }
      item["source"] = source->second;
    }
    items.push_back(std::move(item));
  }
  return items;
}

double parse_confidence(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value >= 0.0 && value <= 1.0))
    throw invalid_input("min_confidence must be a number from 0 to 1, not '" + text + "'");
  return value;
}

std::optional<std::int64_t> optional_int(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_number_integer()) throw invalid_input(std::string("'") + name + "' must be a whole number");
  return body[name].get<std::int64_t>();
}

std::string subfields_text(const nlohmann::json& body) {
  if (!body.contains("subfields") || body["subfields"].is_null()) return "";
  if (!body["subfields"].is_object()) throw invalid_input("'subfields' must be a JSON object");
  return dump_json(body["subfields"]);
}

void send_job(httplib::Response& res, store::Database& db, Id job) {
  send_json(res, {{"job_id", job}, {"job", job_json(store::get_job(db, job))}}, 202);
}

}  // namespace

void register_tags_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/taxonomy", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, nlohmann::json(tagger::Taxonomy::builtin()));
  });

  http.Get("/api/v1/tags", [&context](const httplib::Request& req, httplib::Response& res) {
    tagger::TagFilter filter;
    for (const std::string& category : list_param(req, "category"))
      filter.categories.push_back(tagger::Taxonomy::builtin().require(category).key);
    for (const std::string& status : list_param(req, "status")) filter.statuses.push_back(parse_tag_status(status));
    filter.source_id = query_id(req, "source_id");
    if (!filter.source_id) filter.source_id = query_id(req, "source");
    filter.study_id = query_id(req, "study");
    if (auto min = query_param(req, "min_confidence")) filter.min_confidence = parse_confidence(*min);
    filter.order = query_param(req, "order").value_or("confidence");  // list_tags names the orders there are
    filter.limit = query_int(req, "limit", 50, 1, 500);
    filter.offset = query_int(req, "offset", 0, 0, 100000000);
    store::Database& db = context.db();
    if (filter.source_id) store::get_source_summary(db, *filter.source_id);  // 404 for an unknown source
    if (filter.study_id) store::get_study(db, *filter.study_id);             // 404 for an unknown study
    nlohmann::json out = {{"items", tags_with_context(db, tagger::list_tags(db, filter))},
                          {"total", tagger::count_tags(db, filter)},
                          {"limit", filter.limit},
                          {"offset", filter.offset}};
    // Review progress over the same filter, every status.
    tagger::TagFilter all = filter;
    nlohmann::json counts = nlohmann::json::object();
    for (TagStatus status : {TagStatus::suggested, TagStatus::accepted, TagStatus::rejected}) {
      all.statuses = {status};
      counts[std::string(to_string(status))] = tagger::count_tags(db, all);
    }
    out["counts"] = std::move(counts);
    send_json(res, out);
  });

  http.Get(R"(/api/v1/excerpts/([^/]+)/tags)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "excerpt");
    store::Database& db = context.db();
    store::get_excerpt(db, id);  // 404 for an unknown excerpt
    send_json(res, {{"items", tagger::tags_of_excerpt(db, id)}});
  });

  http.Get(R"(/api/v1/sources/([^/]+)/tags)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    store::Database& db = context.db();
    store::get_source_summary(db, id);
    send_json(res, {{"items", tagger::tags_of_source(db, id)}});
  });

  http.Post(R"(/api/v1/tags/([^/]+)/(accept|reject))", [&context](const httplib::Request& req,
                                                                   httplib::Response& res) {
    Id id = path_id(req, 1, "tag");
    const nlohmann::json body = optional_body(req);
    std::string who = acting_user(req, &body, "researcher");
    store::Database& db = context.db();
    if (req.matches[2] == "accept") tagger::accept_tag(db, id, who);
    else tagger::reject_tag(db, id, who);
    send_json(res, nlohmann::json(tagger::get_tag(db, id)));
  });

  http.Patch(R"(/api/v1/tags/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "tag");
    nlohmann::json body = parse_json_body(req);
    if (!body.contains("category") && !body.contains("subfields"))
      throw invalid_input("give 'category' and/or 'subfields' to change");
    store::Database& db = context.db();
    Tag current = tagger::get_tag(db, id);
    std::string category = current.category;
    if (body.contains("category")) {
      if (!body["category"].is_string()) throw invalid_input("'category' must be a string");
      category = body["category"].get<std::string>();
    }
    tagger::edit_tag(db, id, category, subfields_text(body), acting_user(req, &body, "researcher"));
    send_json(res, nlohmann::json(tagger::get_tag(db, id)));
  });

  http.Post("/api/v1/tags", [&context](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = parse_json_body(req);
    tagger::HumanTag request;
    auto excerpt_id = optional_int(body, "excerpt_id");
    if (!excerpt_id || *excerpt_id <= 0) throw invalid_input("'excerpt_id' (a positive whole number) is required");
    request.excerpt_id = *excerpt_id;
    if (!body.contains("category") || !body["category"].is_string())
      throw invalid_input("'category' (a string) is required");
    request.category = body["category"].get<std::string>();
    std::string subfields = subfields_text(body);
    request.subfields_json = subfields.empty() ? "{}" : subfields;
    if (body.contains("theme")) {
      if (!body["theme"].is_string()) throw invalid_input("'theme' must be a string");
      request.theme = body["theme"].get<std::string>();
    }
    request.span_start = optional_int(body, "span_start");
    request.span_end = optional_int(body, "span_end");
    if (request.span_start.has_value() != request.span_end.has_value())
      throw invalid_input("give both 'span_start' and 'span_end', or neither");
    Tag tag = tagger::add_human_tag(context.db(), request, acting_user(req, &body, "researcher"));
    send_json(res, nlohmann::json(tag), 201);
  });

  http.Get(R"(/api/v1/tags/([^/]+)/history)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "tag");
    store::Database& db = context.db();
    nlohmann::json out = {{"tag", tagger::get_tag(db, id)}};
    nlohmann::json entries = nlohmann::json::array();
    for (const store::AuditEntry& entry : store::audit_for(db, "tags", id)) {
      // The tags history has always called the actor "who"; the rest of the form is the shared one.
      nlohmann::json item = entry;
      item["who"] = item["actor"];
      item.erase("actor");
      entries.push_back(std::move(item));
    }
    out["items"] = std::move(entries);
    send_json(res, out);
  });

  http.Get(R"(/api/v1/tags/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, nlohmann::json(tagger::get_tag(context.db(), path_id(req, 1, "tag"))));
  });

  http.Post("/api/v1/tagger/run", [&context](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = optional_body(req);
    std::optional<std::int64_t> source_id = optional_int(body, "source_id");
    store::Database& db = context.db();
    if (source_id) {
      Id id = *source_id;
      store::SourceSummary summary = store::get_source_summary(db, id);  // 404 before queueing
      Id job = store::queue_job(db, "tag_source", summary.excerpt_count, store::kQueuedBehindEarlierJobs);
      context.run_in_background([id, job](store::Database& connection) {
        store::run_job(connection, job, "tagging failed: ", [&] {
          tagger::TagRunResult result = tagger::tag_source(connection, id);
          store::update_job(connection, job, result.excerpts, result.excerpts);
          return store::JobOutcome{"Tagged " + std::to_string(result.excerpts) + " excerpts: " +
                                       std::to_string(result.suggested) + " new suggestions",
                                   dump_json(nlohmann::json(result))};
        });
      });
      send_job(res, db, job);
      return;
    }
    std::optional<Id> study_id = optional_int(body, "study_id");
    if (study_id) store::get_study(db, *study_id);  // 404 before queueing
    std::int64_t total = tagger::excerpts_to_tag(db, study_id);
    Id job = store::queue_job(db, "tag_all", total, store::kQueuedBehindEarlierJobs);
    // tag_all closes its job itself, failed with the reason if it throws.
    context.run_in_background([job, study_id](store::Database& connection) {
      tagger::tag_all(connection, {}, job, nullptr, study_id);
    });
    send_job(res, db, job);
  });

  http.Post("/api/v1/tagger/train", [&context](const httplib::Request&, httplib::Response& res) {
    store::Database& db = context.db();
    Id job = store::queue_job(db, "tagger_train", 1, store::kQueuedBehindEarlierJobs);
    context.run_in_background([job](store::Database& connection) {
      store::run_job(connection, job, "training failed: ", [&] {
        tagger::StoredModel model = tagger::train_from_database(connection);
        store::update_job(connection, job, 1, 1);
        return store::JobOutcome{"Trained model " + model.name, dump_json(nlohmann::json(model))};
      });
    });
    send_job(res, db, job);
  });

  http.Get("/api/v1/question-bank", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, nlohmann::json(*tagger::QuestionBank::builtin()));
  });

  http.Get("/api/v1/guide", [](const httplib::Request& req, httplib::Response& res) {
    tagger::GuideRequest request;
    request.attributes = list_param(req, "attributes");
    request.minutes = query_int(req, "minutes", 45, 5, 240);
    auto job_map = query_param(req, "job_map");
    request.job_map = job_map && *job_map != "0" && *job_map != "false";
    std::string format = query_param(req, "format").value_or("json");
    if (format != "json" && format != "md") throw invalid_input("format must be 'json' or 'md'");
    tagger::Guide guide = tagger::draft_guide(*tagger::QuestionBank::builtin(), request);
    if (format == "md") {
      res.set_content(tagger::render_markdown(guide), "text/markdown; charset=utf-8");
      return;
    }
    nlohmann::json out = guide;
    out["markdown"] = tagger::render_markdown(guide);
    send_json(res, out);
  });

  http.Get(R"(/api/v1/sources/([^/]+)/coverage)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "source");
    tagger::Coverage coverage = tagger::coverage_of_source(context.db(), id);
    if (query_param(req, "format").value_or("json") == "md") {
      res.set_content(tagger::render_markdown(coverage), "text/markdown; charset=utf-8");
      return;
    }
    send_json(res, nlohmann::json(coverage));
  });
}

}  // namespace grounded::server
