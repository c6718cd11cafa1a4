// What every route file gets: the options, a per-thread database
// connection, a background job runner, and the helpers that translate
// between HTTP and module calls.
//
// ADDING ROUTES (tagger, synth, ...): write src/server/routes_<name>.cpp with
//
//   namespace grounded::server {
//   void register_<name>_routes(httplib::Server& http, RouteContext& context) {
//     http.Get(R"(/api/v1/tags/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
//       send_json(res, nlohmann::json(store::get_tag(context.db(), path_id(req, 1, "tag"))));
//     });
//   }
//   }
//
// and add one line `GROUNDED_ROUTES(<name>)` to src/server/route_list.inc.
// grounded_server is a static library, so self-registering static objects
// would be dropped by the linker; the explicit list keeps every route file
// referenced. Handlers may throw grounded::Error: one place
// (http_errors.cpp) maps its kind to the status and the
// {"error":{"kind","message"}} body. Register API routes only under /api/v1/;
// the static-file handler is registered after every route set.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "server/server.hpp"
#include "store/database.hpp"

namespace grounded::server {

class JobRunner;

class RouteContext {
 public:
  RouteContext(ServerOptions options, JobRunner& runner);

  const ServerOptions& options() const { return options_; }

  // This thread's connection to options().db_path, opened lazily (WAL,
  // busy timeout and migrations come from store::Database::open) and closed
  // when the thread ends. Never share the reference across threads.
  store::Database& db();

  // Runs `work` on the server's single background thread (jobs run one at a
  // time, in order, so ingests never compete for the write lock). `work`
  // gets this thread's connection. stop() waits for queued work to finish.
  void run_in_background(std::function<void(store::Database&)> work);
  // The same, waiting for `work`'s answer (rethrows what it threw): a request
  // that answers with the outcome still writes only through the background
  // thread, queued behind earlier jobs, never from the request thread.
  nlohmann::json run_in_background_and_wait(std::function<nlohmann::json(store::Database&)> work);

 private:
  ServerOptions options_;
  JobRunner& runner_;
};

// Declares a route set: see the comment at the top and route_list.inc.
#define GROUNDED_ROUTES(name) void register_##name##_routes(httplib::Server& http, RouteContext& context);
#include "server/route_list.inc"
#undef GROUNDED_ROUTES

// Registers every route set of route_list.inc, then the static files.
void register_all_routes(httplib::Server& http, RouteContext& context);
// Static files from options().web_dir (registered last; see static_files.cpp).
void register_static_routes(httplib::Server& http, RouteContext& context);

// --- Helpers for handlers ----------------------------------------------------

// Sets a JSON body (dump_json: never throws on invalid UTF-8) and the status.
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
// The request body as JSON; Error(invalid_input) when it is not valid JSON
// or (when `object` is true) not a JSON object.
nlohmann::json parse_json_body(const httplib::Request& req, bool object = true);
// The id in regex group `group` of the route; Error(invalid_input) naming
// `what` when it is not a positive whole number.
Id path_id(const httplib::Request& req, int group, std::string_view what);
// A query parameter, or nullopt when absent or empty.
std::optional<std::string> query_param(const httplib::Request& req, const std::string& name);
// An integer query parameter within [min, max]; Error(invalid_input) naming it otherwise.
int query_int(const httplib::Request& req, const std::string& name, int fallback, int min, int max);
// An id query parameter; Error(invalid_input) naming it when malformed.
std::optional<Id> query_id(const httplib::Request& req, const std::string& name);
// A list query parameter: repeatable and/or comma-separated (kind=a,b&kind=c).
std::vector<std::string> list_param(const httplib::Request& req, const std::string& name);
// Who is acting, for the audit log. On a team-mode server: the signed-in
// user of the session (or "api-token"), whatever the request claims. On a
// loopback server (one person at the keyboard, like the CLI's --who): a
// "reviewer" or "who" string field of `body` (may be null), else `fallback`.
// No header ever names the actor. Error(invalid_input) when the field is not
// a string or the name is over 200 characters.
std::string acting_user(const httplib::Request& req, const nlohmann::json* body, const std::string& fallback);

}  // namespace grounded::server
