// Team mode in the store: Argon2id password hashes (libsodium), users with
// roles, sessions with idle and absolute expiry, and sign-in with lock-out
// and a per-address rate limit that never reveals whether a name exists.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "store/password_hash.hpp"
#include "store/sessions.hpp"
#include "store/sign_in.hpp"
#include "store/users.hpp"

using namespace grounded;

namespace {

constexpr const char* kPassword = "naïve “quotes” 日本語 pass";

}  // namespace

TEST_CASE("team users: passwords are Argon2id hashes with a fresh salt, checked by code point") {
  std::string first = store::hash_password(kPassword);
  std::string second = store::hash_password(kPassword);
  CHECK(first.starts_with("$argon2id$"));
  CHECK(first != second);  // salted
  CHECK(first.find(kPassword) == std::string::npos);
  CHECK(store::verify_password(kPassword, first));
  CHECK(store::verify_password(kPassword, second));
  CHECK_FALSE(store::verify_password("naive “quotes” 日本語 pass", first));
  CHECK_FALSE(store::verify_password(kPassword, "not a hash"));
  CHECK_FALSE(store::verify_password(kPassword, ""));
  CHECK_FALSE(store::verify_password(kPassword, store::decoy_password_hash()));

  CHECK_NOTHROW(store::check_password_rules("日本語のパスワード十"));  // 10 characters, 30 bytes
  CHECK_THROWS_WITH_AS(store::check_password_rules("日本語のパスワード"), doctest::Contains("at least 10 characters"),
                       Error);
  CHECK_THROWS_WITH_AS(store::check_password_rules(std::string("abcdefghij\xff")), doctest::Contains("UTF-8"), Error);
  CHECK_THROWS_WITH_AS(store::check_password_rules(std::string(1025, 'x')), doctest::Contains("1024"), Error);
}

TEST_CASE("team users: names are unique in any case, roles are checked, the last admin stays, changes are audited") {
  auto db = store::Database::open(":memory:");
  store::User ana = store::add_user(db, "Ana", kPassword, store::Role::admin, "cli");
  CHECK(ana.role == store::Role::admin);
  CHECK_THROWS_AS(store::add_user(db, "ANA", kPassword, store::Role::viewer, "cli"), Error);
  store::User asa = store::add_user(db, "Åsa", kPassword, store::Role::reviewer, "cli");
  CHECK(store::find_user(db, "ÅSA")->id == asa.id);
  for (const char* bad : {"", "two words", "tab\there", "nbsp\u00a0name", "zero\u200bwidth", " lead"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(store::add_user(db, bad, kPassword, store::Role::viewer, "cli"), Error);
  }
  CHECK_THROWS_WITH_AS(store::parse_role("owner"), doctest::Contains("admin, researcher, reviewer or viewer"), Error);

  CHECK_THROWS_WITH_AS(store::set_role(db, ana.id, store::Role::viewer, "cli"), doctest::Contains("last admin"), Error);
  CHECK_THROWS_WITH_AS(store::remove_user(db, ana.id, "cli"), doctest::Contains("last admin"), Error);
  store::set_role(db, asa.id, store::Role::admin, "ana");
  store::remove_user(db, ana.id, "asa");
  CHECK(store::list_users(db).size() == 1);

  auto history = store::audit_for(db, "users", ana.id);
  REQUIRE(history.size() == 2);
  CHECK(history[0].action == "user.add");
  CHECK(history[1].action == "user.remove");
  CHECK(history[1].actor == "asa");
  for (const auto& entry : history) CHECK(entry.after.find("argon2") == std::string::npos);
  CHECK(store::role_allows(store::Role::researcher, store::Role::reviewer));
  CHECK_FALSE(store::role_allows(store::Role::reviewer, store::Role::researcher));
}

TEST_CASE("team users: sessions are stored hashed and end when idle, when too old, on sign-out and on a new password") {
  auto db = store::Database::open(":memory:");
  store::User ana = store::add_user(db, "ana", kPassword, store::Role::researcher, "cli");
  const store::SessionLimits limits{100, 1000};
  const std::int64_t t0 = 1'800'000'000;
  store::NewSession session = store::create_session(db, ana.id, "127.0.0.1", t0);
  CHECK(session.token.size() == 64);
  CHECK(session.csrf_token.size() == 64);
  {
    auto stored = db.prepare("SELECT token_hash FROM sessions");
    REQUIRE(stored.step());
    CHECK(stored.text(0) == store::sha256_hex(session.token));
    CHECK(stored.text(0) != session.token);
  }
  auto found = store::find_session(db, session.token, t0 + 50, limits);
  REQUIRE(found);
  CHECK(found->user.username == "ana");
  CHECK(found->csrf_token == session.csrf_token);
  CHECK_FALSE(store::find_session(db, session.token + "0", t0 + 50, limits));
  CHECK_FALSE(store::find_session(db, "", t0 + 50, limits));
  // Activity keeps it alive past the idle limit, up to the absolute limit.
  for (std::int64_t t = t0 + 90; t < t0 + 1000; t += 90) CHECK(store::find_session(db, session.token, t, limits));
  CHECK_FALSE(store::find_session(db, session.token, t0 + 1001, limits));

  store::NewSession idle = store::create_session(db, ana.id, "127.0.0.1", t0);
  CHECK_FALSE(store::find_session(db, idle.token, t0 + 101, limits));
  CHECK_FALSE(store::find_session(db, idle.token, t0 + 1, limits));  // expired rows are gone, not revived

  store::NewSession out = store::create_session(db, ana.id, "127.0.0.1", t0);
  store::end_session(db, out.token);
  CHECK_FALSE(store::find_session(db, out.token, t0 + 1, limits));

  store::NewSession stale = store::create_session(db, ana.id, "127.0.0.1", t0);
  store::NewSession fresh = store::create_session(db, ana.id, "127.0.0.1", t0 + 500);
  CHECK(store::prune_sessions(db, t0 + 550, limits) == 1);  // stale: idle since t0
  CHECK(store::find_session(db, fresh.token, t0 + 551, limits));
  CHECK_FALSE(store::find_session(db, stale.token, t0 + 551, limits));

  store::NewSession before = store::create_session(db, ana.id, "127.0.0.1", t0);
  store::set_password(db, ana.id, "an entirely new pass", "ana");
  CHECK_FALSE(store::find_session(db, before.token, t0 + 1, limits));
}

TEST_CASE("team users: sign-in locks a name after repeated failures, alike for unknown names, and throttles an address") {
  auto db = store::Database::open(":memory:");
  store::add_user(db, "ana", kPassword, store::Role::viewer, "cli");
  const store::SignInPolicy policy{3, 600, 10, 60};
  const std::int64_t t0 = 1'800'000'000;

  auto ok = store::sign_in(db, "ANA", kPassword, "10.0.0.1", t0, policy);
  CHECK(ok.outcome == store::SignInOutcome::signed_in);
  REQUIRE(ok.user);
  CHECK(ok.user->username == "ana");

  for (const char* name : {"ana", "nobody"}) {
    CAPTURE(name);
    auto first = store::sign_in(db, name, "wrong password!", "10.0.0.2", t0 + 1, policy);
    CHECK(first.outcome == store::SignInOutcome::wrong_credentials);
    store::sign_in(db, name, "wrong password!", "10.0.0.2", t0 + 2, policy);
    auto third = store::sign_in(db, name, "wrong password!", "10.0.0.2", t0 + 3, policy);
    CHECK(third.outcome == store::SignInOutcome::locked_out);
    CHECK(third.retry_after == t0 + 3 + 600);
  }
  // Locked: even the right password is refused, and trying does not extend the lock.
  auto locked = store::sign_in(db, "ana", kPassword, "10.0.0.3", t0 + 100, policy);
  CHECK(locked.outcome == store::SignInOutcome::locked_out);
  CHECK(locked.retry_after == t0 + 603);
  auto after = store::sign_in(db, "ana", kPassword, "10.0.0.3", t0 + 604, policy);
  CHECK(after.outcome == store::SignInOutcome::signed_in);

  // One address: 10 attempts a minute, then refused before any password check.
  for (int i = 0; i < 10; ++i) store::sign_in(db, "nobody" + std::to_string(i), "x", "10.0.0.9", t0 + 1000, policy);
  auto throttled = store::sign_in(db, "ana", kPassword, "10.0.0.9", t0 + 1001, policy);
  CHECK(throttled.outcome == store::SignInOutcome::rate_limited);
  CHECK(throttled.retry_after == t0 + 1060);
  CHECK(store::sign_in(db, "ana", kPassword, "10.0.0.9", t0 + 1061, policy).outcome ==
        store::SignInOutcome::signed_in);
}
