#include "server/route_context.hpp"

#include <charconv>
#include <future>
#include <map>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/job_runner.hpp"
#include "server/request_principal.hpp"
#include "text/strings.hpp"

namespace grounded::server {

RouteContext::RouteContext(ServerOptions options, JobRunner& runner) : options_(std::move(options)), runner_(runner) {}

store::Database& RouteContext::db() {
  // Keyed by path so one thread can serve several servers (tests); closed
  // when the worker thread ends (httplib joins its pool on stop).
  thread_local std::map<std::string, store::Database> connections;
  auto found = connections.find(options_.db_path);
  if (found == connections.end())
    found = connections.emplace(options_.db_path, store::Database::open(options_.db_path)).first;
  return found->second;
}

void RouteContext::run_in_background(std::function<void(store::Database&)> work) { runner_.post(std::move(work)); }

nlohmann::json RouteContext::run_in_background_and_wait(std::function<nlohmann::json(store::Database&)> work) {
  auto outcome = std::make_shared<std::promise<nlohmann::json>>();
  std::future<nlohmann::json> finished = outcome->get_future();
  run_in_background([work = std::move(work), outcome](store::Database& connection) {
    try {
      outcome->set_value(work(connection));
    } catch (...) {
      outcome->set_exception(std::current_exception());
    }
  });
  return finished.get();
}

void register_all_routes(httplib::Server& http, RouteContext& context) {
#define GROUNDED_ROUTES(name) register_##name##_routes(http, context);
#include "server/route_list.inc"
#undef GROUNDED_ROUTES
  register_static_routes(http, context);
}

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(dump_json(body), "application/json; charset=utf-8");
}

nlohmann::json parse_json_body(const httplib::Request& req, bool object) {
  nlohmann::json body = parse_untrusted_json(req.body, "the request body");
  if (object && !body.is_object()) throw invalid_input("the request body must be a JSON object");
  return body;
}

namespace {

std::optional<Id> parse_positive_id(std::string_view text) {
  Id value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

Id path_id(const httplib::Request& req, int group, std::string_view what) {
  std::string text = req.matches.size() > static_cast<std::size_t>(group) ? req.matches[group].str() : "";
  if (auto id = parse_positive_id(text)) return *id;
  throw invalid_input("'" + grounded::text::shorten(text, 40) + "' is not a valid " + std::string(what) + " id (a positive whole number)");
}

std::optional<std::string> query_param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str())) return std::nullopt;
  std::string value = req.get_param_value(name.c_str());
  if (value.empty()) return std::nullopt;
  return value;
}

int query_int(const httplib::Request& req, const std::string& name, int fallback, int min, int max) {
  auto text = query_param(req, name);
  if (!text) return fallback;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max)
    throw invalid_input("'" + name + "' must be a whole number from " + std::to_string(min) + " to " +
                        std::to_string(max));
  return value;
}

std::optional<Id> query_id(const httplib::Request& req, const std::string& name) {
  auto text = query_param(req, name);
  if (!text) return std::nullopt;
  if (auto id = parse_positive_id(*text)) return id;
  throw invalid_input("'" + name + "' must be an id (a positive whole number), not '" + grounded::text::shorten(*text, 40) + "'");
}

std::vector<std::string> list_param(const httplib::Request& req, const std::string& name) {
  std::vector<std::string> values;
  for (std::size_t i = 0, n = req.get_param_value_count(name.c_str()); i < n; ++i) {
    std::stringstream parts(req.get_param_value(name.c_str(), i));
    std::string part;
    while (std::getline(parts, part, ','))
      if (!part.empty()) values.push_back(part);
  }
  return values;
}

std::string acting_user(const httplib::Request&, const nlohmann::json* body, const std::string& fallback) {
  // Team mode: always the session's user (or the API token), whatever the request says.
  if (const Principal* principal = current_principal()) return principal->name;
  std::string who;
  if (body && body->is_object()) {
    for (const char* field : {"reviewer", "who"}) {
      if (!body->contains(field)) continue;
      if (!(*body)[field].is_string()) throw invalid_input(std::string("'") + field + "' must be a string");
      who = (*body)[field].get<std::string>();
      if (!who.empty()) break;
    }
  }
  if (who.empty()) return fallback;
  if (who.size() > 200) throw invalid_input("the reviewer's name is longer than 200 characters");
  return who;
}

}  // namespace grounded::server
