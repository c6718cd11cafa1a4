// Sessions of a team-mode server: what a signed-in browser's cookie stands for.
//
// The cookie value is 32 random bytes (hex); the database keeps only its
// SHA-256, so reading the database (or a backup) signs nobody in. Each
// session also has a CSRF token the page sends back in a header on every
// change. A session ends on sign-out, on a password change or removal of its
// user, after `idle_seconds` without a request, and `max_seconds` after
// sign-in whatever the activity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/users.hpp"

namespace grounded::store {

struct SessionLimits {
  std::int64_t idle_seconds = 8 * 3600;      // a working day without a request
  std::int64_t max_seconds = 7 * 24 * 3600;  // a week after sign-in, active or not
};

struct NewSession {
  std::string token;       // the cookie value (never stored)
  std::string csrf_token;  // the page sends it as X-CSRF-Token
};

struct ActiveSession {
  User user;
  std::string csrf_token;
  std::int64_t created_at = 0;  // Unix seconds
};

// Unix seconds now (UTC).
std::int64_t unix_now();

// Starts a session for `user_id` from `remote_addr` at `now` (audited as
// "user.sign_in"). Error(not_found) for an unknown user.
NewSession create_session(Database& db, Id user_id, const std::string& remote_addr, std::int64_t now);

// The live session the cookie value `token` stands for at `now`, or nullopt
// (unknown, ended or expired: an expired row is deleted). Notes the request
// as activity, writing at most once a minute per session.
std::optional<ActiveSession> find_session(Database& db, const std::string& token, std::int64_t now,
                                          const SessionLimits& limits);

// Deletes the sessions that have expired by `now` (those nobody came back
// to are otherwise kept until someone signs in); returns how many.
int prune_sessions(Database& db, std::int64_t now, const SessionLimits& limits);

// Ends the session `token` stands for (audited as "user.sign_out"; no-op
// when there is none).
void end_session(Database& db, const std::string& token);

}  // namespace grounded::store
