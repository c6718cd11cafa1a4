// The people who may sign in to a team-mode server (schema/0013_team_mode.sql),
// with one role each. Roles are ordered: each can do everything the one
// before it can.
//   viewer      read and export (stakeholders looking at personas)
//   reviewer    + tags, citation verdicts, sign-offs
//   researcher  + upload, edit, draft
//   admin       + users and settings
// Every change is one transaction and audited (entity "users"; the audit
// entry never holds a password or its hash).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

enum class Role { viewer = 0, reviewer = 1, researcher = 2, admin = 3 };

// "viewer", "reviewer", "researcher", "admin".
std::string_view to_string(Role role);
// The role named `name` (exact, lower case); Error(invalid_input) listing
// the four roles otherwise.
Role parse_role(std::string_view name);
// True when `have` may do what needs at least `needed`.
inline bool role_allows(Role have, Role needed) { return static_cast<int>(have) >= static_cast<int>(needed); }

struct User {
  Id id = 0;
  std::string username;
  Role role = Role::viewer;
  std::string created_at;
  std::string password_changed_at;
};
// {id, username, role, created_at, password_changed_at}: never the hash.
void to_json(nlohmann::json& out, const User& user);

// The key a name is found by: lower-cased by Unicode rules ("ÅSA" = "åsa").
std::string username_key(std::string_view username);

// Adds a user. The name: 1 to 64 characters, no white space or control
// characters (Error(invalid_input) naming the rule); taken → Error(conflict).
// The password must pass check_password_rules (password_hash.hpp).
User add_user(Database& db, const std::string& username, const std::string& password, Role role,
              const std::string& actor);

// All users, by name.
std::vector<User> list_users(Database& db);
// The user with this name (any case), or nullopt.
std::optional<User> find_user(Database& db, std::string_view username);
// The user with this id; Error(not_found) otherwise.
User get_user(Database& db, Id id);
// The user named `username`; Error(not_found) naming it otherwise.
User require_user(Database& db, std::string_view username);
// The number of admins.
std::int64_t count_admins(Database& db);

// Sets a new password (check_password_rules) and ends every session of the
// user, so a stolen session dies with the old password.
void set_password(Database& db, Id id, const std::string& password, const std::string& actor);
// Changes the role; Error(conflict) when it would leave no admin.
void set_role(Database& db, Id id, Role role, const std::string& actor);
// Removes the user and their sessions; Error(conflict) for the last admin.
void remove_user(Database& db, Id id, const std::string& actor);

// The stored Argon2id hash of a user's password (for sign-in only).
std::string password_hash_of(Database& db, Id id);

}  // namespace grounded::store
