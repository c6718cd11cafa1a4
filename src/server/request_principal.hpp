// Who is making the request this thread is serving, on a team-mode server:
// the signed-in user of the session cookie, or the API token (a script).
//
// The access guard sets it before any route runs (and clears it first on
// every request, so nothing carries over between requests on a keep-alive
// worker); handlers read it through acting_user() (route_context.hpp), so
// the audit log names the session's user and never a name a request
// claims in a header or field. cpp-httplib runs the guard, the handler and
// the post-routing hook of one request on one worker thread.
#pragma once

#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/users.hpp"

namespace grounded::server {

struct Principal {
  std::string name;             // the user's name, or "api-token"
  store::Role role = store::Role::viewer;
  std::optional<Id> user_id;    // nullopt for the API token
  std::string csrf_token;       // the session's; empty for the API token
};

// The API token acts as an admin: whoever can read the 0600 token file
// beside the database can already read and change the database itself.
inline constexpr const char* kTokenPrincipal = "api-token";

// The principal of this thread's current request, or nullptr (loopback
// mode, or nobody signed in).
const Principal* current_principal();
void set_current_principal(std::optional<Principal> principal);

}  // namespace grounded::server
