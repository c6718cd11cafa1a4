#include "store/users.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "store/password_hash.hpp"
#include "text/strings.hpp"
#include "text/utf8.hpp"

namespace grounded::store {
namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"viewer", "reviewer", "researcher", "admin"};

void check_username(const std::string& username) {
  if (!text::is_valid_utf8(username)) throw invalid_input("the user name is not valid UTF-8 text");
  std::size_t chars = text::char_count(username);
  if (chars == 0) throw invalid_input("the user name is empty");
  if (chars > 64) throw invalid_input("the user name is longer than 64 characters");
  // White space or a control character anywhere (ASCII or Unicode: U+00A0,
  // U+3000, …) makes a name that reads like another in a list: refuse it.
  const auto* bytes = reinterpret_cast<const uint8_t*>(username.data());
  int32_t at = 0, length = static_cast<int32_t>(username.size());
  while (at < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c < 0 || u_isUWhiteSpace(c) || u_iscntrl(c) || u_charType(c) == U_FORMAT_CHAR)
      throw invalid_input("the user name '" + text::one_line(username) +
                          "' has white space or an invisible character in it");
  }
}

User read_user(Statement& row) {
  return {row.int64(0), row.text(1), parse_role(row.text_view(2)), row.text(3), row.text(4)};
}

constexpr const char* kUserColumns = "SELECT id, username, role, created_at, password_changed_at FROM users";

std::string audit_view(const User& user) {
  return dump_json(nlohmann::json{{"username", user.username}, {"role", to_string(user.role)}});
}

void audit(Database& db, const std::string& actor, const std::string& action, const User& user,
           const std::string& before, const std::string& after) {
  append_audit(db, {0, actor, action, "users", user.id, before, after, ""});
}

}  // namespace

std::string_view to_string(Role role) { return kRoleNames.at(static_cast<std::size_t>(role)); }

Role parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i)
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  throw invalid_input("unknown role '" + text::shorten(name, 40) + "': use admin, researcher, reviewer or viewer");
}

void to_json(nlohmann::json& out, const User& user) {
  out = {{"id", user.id},
         {"username", user.username},
         {"role", to_string(user.role)},
         {"created_at", user.created_at},
         {"password_changed_at", user.password_changed_at}};
}

std::string username_key(std::string_view username) { return text::lower(username); }

User add_user(Database& db, const std::string& username, const std::string& password, Role role,
              const std::string& actor) {
  check_username(username);
  check_password_rules(password);
  std::string hash = hash_password(password);  // slow: outside the write lock
  Transaction transaction(db);
  if (find_user(db, username)) throw conflict("there is already a user named '" + username + "'");
  Statement insert = db.prepare("INSERT INTO users (username, username_key, role, password_hash) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, username).bind(2, username_key(username)).bind(3, to_string(role)).bind(4, hash);
  insert.run();
  User user = get_user(db, db.last_insert_id());
  audit(db, actor, "user.add", user, "", audit_view(user));
  transaction.commit();
  return user;
}

std::vector<User> list_users(Database& db) {
  Statement query = db.prepare(std::string(kUserColumns) + " ORDER BY username_key");
  std::vector<User> users;
  while (query.step()) users.push_back(read_user(query));
  return users;
}

std::optional<User> find_user(Database& db, std::string_view username) {
  Statement query = db.prepare(std::string(kUserColumns) + " WHERE username_key = ?1");
  query.bind(1, username_key(username));
  if (!query.step()) return std::nullopt;
  return read_user(query);
}

User get_user(Database& db, Id id) {
  Statement query = db.prepare(std::string(kUserColumns) + " WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no user with id " + std::to_string(id));
  return read_user(query);
}

User require_user(Database& db, std::string_view username) {
  if (auto user = find_user(db, username)) return *user;
  throw not_found("no user named '" + text::shorten(username, 64) + "' (see `grounded users list`)");
}

std::int64_t count_admins(Database& db) {
  Statement query = db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin'");
  query.step();
  return query.int64(0);
}

void set_password(Database& db, Id id, const std::string& password, const std::string& actor) {
  check_password_rules(password);
  std::string hash = hash_password(password);
  Transaction transaction(db);
  User user = get_user(db, id);
  Statement update = db.prepare(
      "UPDATE users SET password_hash = ?2, password_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
  update.bind(1, id).bind(2, hash);
  update.run();
  Statement end_sessions = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
  end_sessions.bind(1, id);
  end_sessions.run();
  audit(db, actor, "user.password", user, "", audit_view(user));
  transaction.commit();
}

void set_role(Database& db, Id id, Role role, const std::string& actor) {
  Transaction transaction(db);
  User user = get_user(db, id);
  if (user.role == role) return;
  if (user.role == Role::admin && count_admins(db) <= 1)
    throw conflict("'" + user.username + "' is the last admin: make another user admin first");
  Statement update = db.prepare("UPDATE users SET role = ?2 WHERE id = ?1");
  update.bind(1, id).bind(2, to_string(role));
  update.run();
  User after = user;
  after.role = role;
  audit(db, actor, "user.role", user, audit_view(user), audit_view(after));
  transaction.commit();
}

void remove_user(Database& db, Id id, const std::string& actor) {
  Transaction transaction(db);
  User user = get_user(db, id);
  if (user.role == Role::admin && count_admins(db) <= 1)
    throw conflict("'" + user.username + "' is the last admin and cannot be removed: make another user admin first");
  Statement remove = db.prepare("DELETE FROM users WHERE id = ?1");  // sessions go by ON DELETE CASCADE
  remove.bind(1, id);
  remove.run();
  audit(db, actor, "user.remove", user, audit_view(user), "");
  transaction.commit();
}

std::string password_hash_of(Database& db, Id id) {
  Statement query = db.prepare("SELECT password_hash FROM users WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no user with id " + std::to_string(id));
  return query.text(0);
}

}  // namespace grounded::store
