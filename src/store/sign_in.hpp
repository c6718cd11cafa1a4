// Sign-in for team mode: password check, rate limiting and lock-out.
//
// The answer never tells whether a name exists: an unknown name is checked
// against a decoy hash (same time), gets the same "wrong name or password",
// and is locked out after the same number of failures. Every attempt is
// recorded in login_attempts.
//   - Lock-out: `max_failures` failed attempts in a row for one name (since
//     its last success, within `lock_seconds`) lock that name for
//     `lock_seconds` after the last failure, even with the right password.
//   - Attempts older than 30 days are deleted as new ones come in.
//   - Rate limit: more than `max_per_address` attempts from one address in
//     `address_window_seconds` are refused before any password is checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/users.hpp"

namespace grounded::store {

struct SignInPolicy {
  int max_failures = 5;
  std::int64_t lock_seconds = 15 * 60;
  int max_per_address = 30;
  std::int64_t address_window_seconds = 5 * 60;
};

enum class SignInOutcome { signed_in, wrong_credentials, locked_out, rate_limited };

struct SignInResult {
  SignInOutcome outcome = SignInOutcome::wrong_credentials;
  std::optional<User> user;        // set when signed_in
  std::int64_t retry_after = 0;    // Unix seconds: when locked_out / rate_limited ends
};

// Checks `username` and `password` from `remote_addr` at `now`.
SignInResult sign_in(Database& db, const std::string& username, const std::string& password,
                     const std::string& remote_addr, std::int64_t now, const SignInPolicy& policy);

}  // namespace grounded::store
