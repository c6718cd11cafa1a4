#include "store/sessions.hpp"

#include <algorithm>
#include <chrono>

#include "core/json.hpp"
#include "store/api_token.hpp"
#include "store/audit_log.hpp"
#include "store/password_hash.hpp"

namespace grounded::store {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

NewSession create_session(Database& db, Id user_id, const std::string& remote_addr, std::int64_t now) {
  NewSession session{random_hex_token(32), random_hex_token(32)};
  User user = get_user(db, user_id);
  Transaction transaction(db);
  Statement insert = db.prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, remote_addr)"
      " VALUES (?1, ?2, ?3, ?4, ?4, ?5)");
  insert.bind(1, sha256_hex(session.token)).bind(2, user_id).bind(3, session.csrf_token).bind(4, now);
  insert.bind(5, remote_addr);
  insert.run();
  append_audit(db, {0, user.username, "user.sign_in", "users", user.id, "", dump_json({{"from", remote_addr}}), ""});
  transaction.commit();
  return session;
}

std::optional<ActiveSession> find_session(Database& db, const std::string& token, std::int64_t now,
                                          const SessionLimits& limits) {
  if (token.empty()) return std::nullopt;
  const std::string key = sha256_hex(token);
  Statement query = db.prepare(
      "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
      " u.username, u.role, u.created_at, u.password_changed_at"
      " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
  query.bind(1, key);
  if (!query.step()) return std::nullopt;
  ActiveSession session{{query.int64(0), query.text(4), parse_role(query.text_view(5)), query.text(6), query.text(7)},
                        query.text(1),
                        query.int64(2)};
  const std::int64_t last_seen = query.int64(3);
  query.reset();
  if (now - last_seen > limits.idle_seconds || now - session.created_at > limits.max_seconds) {
    Statement expire = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    expire.bind(1, key);
    expire.run();
    return std::nullopt;
  }
  // Activity is written at most once a minute (a tenth of the idle limit
  // when that is shorter), so reads stay reads; a session may thus end up to
  // that much before `idle_seconds` of true inactivity.
  if (now - last_seen >= std::min<std::int64_t>(60, limits.idle_seconds / 10)) {
    Statement touch = db.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
    touch.bind(1, key).bind(2, now);
    touch.run();
  }
  return session;
}

int prune_sessions(Database& db, std::int64_t now, const SessionLimits& limits) {
  Statement prune = db.prepare("DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2");
  prune.bind(1, now - limits.idle_seconds).bind(2, now - limits.max_seconds);
  prune.run();
  return db.changes();
}

void end_session(Database& db, const std::string& token) {
  Transaction transaction(db);
  Statement owner = db.prepare(
      "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
  owner.bind(1, sha256_hex(token));
  if (!owner.step()) return;
  append_audit(db, {0, owner.text(1), "user.sign_out", "users", owner.int64(0), "", "", ""});
  Statement remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
  remove.bind(1, sha256_hex(token));
  remove.run();
  transaction.commit();
}

}  // namespace grounded::store
