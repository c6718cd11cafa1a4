#include "store/sign_in.hpp"

#include "store/password_hash.hpp"

namespace grounded::store {
namespace {

// When the name's lock ends, or 0 when it is not locked: the last
// `max_failures` attempts since the lock window began all failed.
std::int64_t locked_until(Database& db, const std::string& key, std::int64_t now, const SignInPolicy& policy) {
  Statement recent = db.prepare(
      "SELECT outcome = 'signed_in', at FROM login_attempts"
      " WHERE username_key = ?1 AND at > ?2 AND outcome <> 'locked' ORDER BY id DESC LIMIT ?3");
  recent.bind(1, key).bind(2, now - policy.lock_seconds).bind(3, policy.max_failures);
  int failures = 0;
  std::int64_t last_failure = 0;
  while (recent.step()) {
    if (recent.int64(0) != 0) break;
    if (failures == 0) last_failure = recent.int64(1);
    ++failures;
  }
  return failures >= policy.max_failures ? last_failure + policy.lock_seconds : 0;
}

// When the address may try again, or 0 when it is under its limit.
std::int64_t throttled_until(Database& db, const std::string& remote, std::int64_t now, const SignInPolicy& policy) {
  Statement recent = db.prepare(
      "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE remote_addr = ?1 AND at > ?2");
  recent.bind(1, remote).bind(2, now - policy.address_window_seconds);
  recent.step();
  if (recent.int64(0) < policy.max_per_address) return 0;
  return recent.int64(1) + policy.address_window_seconds;
}

void record(Database& db, const std::string& key, const std::string& remote, std::int64_t now, const char* outcome) {
  Statement insert = db.prepare(
      "INSERT INTO login_attempts (username_key, remote_addr, at, outcome) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, key).bind(2, remote).bind(3, now).bind(4, outcome);
  insert.run();
  Statement prune = db.prepare("DELETE FROM login_attempts WHERE at < ?1");
  prune.bind(1, now - 30 * 24 * 3600);
  prune.run();
}

}  // namespace

SignInResult sign_in(Database& db, const std::string& username, const std::string& password,
                     const std::string& remote_addr, std::int64_t now, const SignInPolicy& policy) {
  const std::string key = username_key(username.substr(0, 256));
  if (std::int64_t until = throttled_until(db, remote_addr, now, policy))
    return {SignInOutcome::rate_limited, std::nullopt, until};
  if (std::int64_t until = locked_until(db, key, now, policy)) {
    record(db, key, remote_addr, now, "locked");  // counts toward the address limit, never extends the lock
    return {SignInOutcome::locked_out, std::nullopt, until};
  }
  std::optional<User> user = find_user(db, username);
  const std::string stored = user ? password_hash_of(db, user->id) : decoy_password_hash();
  const bool matches = verify_password(password, stored) && user.has_value();
  record(db, key, remote_addr, now, matches ? "signed_in" : "wrong");
  if (!matches) {
    std::int64_t until = locked_until(db, key, now, policy);
    return {until ? SignInOutcome::locked_out : SignInOutcome::wrong_credentials, std::nullopt, until};
  }
  return {SignInOutcome::signed_in, user, 0};
}

}  // namespace grounded::store
