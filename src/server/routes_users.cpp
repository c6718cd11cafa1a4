// The users of a team-mode server, for the admin page (#/users). Admin only
// (route_roles.tsv); the same rules as `grounded users` (store/users.hpp):
// the last admin can be neither demoted nor removed, passwords need 10
// characters, and every change is audited under the signed-in admin's name.
//
//   GET    /api/v1/users          {"items": [{id, username, role, created_at, password_changed_at}], "total"}
//   POST   /api/v1/users          {"username", "password", "role"} → 201 the user
//   PATCH  /api/v1/users/{id}     {"role"?, "password"?} → the user (a new password ends their sessions)
//   DELETE /api/v1/users/{id}     → {"removed": id}
#include "core/error.hpp"
#include "server/body_fields.hpp"
#include "server/route_context.hpp"
#include "store/password_hash.hpp"
#include "store/users.hpp"

namespace grounded::server {

void register_users_routes(httplib::Server& http, RouteContext& context) {
  using nlohmann::json;

  http.Get("/api/v1/users", [&context](const httplib::Request&, httplib::Response& res) {
    std::vector<store::User> users = store::list_users(context.db());
    send_json(res, {{"items", users}, {"total", users.size()}});
  });

  http.Post("/api/v1/users", [&context](const httplib::Request& req, httplib::Response& res) {
    json body = parse_json_body(req);
    reject_unknown_fields(body, {"username", "password", "role"});
    store::User user = store::add_user(context.db(), required_string(body, "username", 256),
                                       required_string(body, "password", 1024),
                                       store::parse_role(required_string(body, "role", 20)),
                                       acting_user(req, nullptr, "local"));
    send_json(res, user, 201);
  });

  http.Patch(R"(/api/v1/users/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "user");
    json body = parse_json_body(req);
    reject_unknown_fields(body, {"role", "password"});
    if (!body.contains("role") && !body.contains("password"))
      throw invalid_input("give the new 'role' or 'password' (or both)");
    store::Database& db = context.db();
    store::get_user(db, id);  // 404 before any change
    // Every field is checked before the first change, so a bad password never leaves a role changed.
    std::optional<store::Role> role;
    if (body.contains("role")) role = store::parse_role(required_string(body, "role", 20));
    std::optional<std::string> password;
    if (body.contains("password")) store::check_password_rules(*(password = required_string(body, "password", 1024)));
    std::string actor = acting_user(req, nullptr, "local");
    if (role) store::set_role(db, id, *role, actor);
    if (password) store::set_password(db, id, *password, actor);
    send_json(res, store::get_user(db, id));
  });

  http.Delete(R"(/api/v1/users/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "user");
    store::remove_user(context.db(), id, acting_user(req, nullptr, "local"));
    send_json(res, {{"removed", id}});
  });
}

}  // namespace grounded::server
