// Password hashing for team mode: libsodium's Argon2id (crypto_pwhash_str),
// a memory-hard KDF with a random salt, its cost parameters stored inside
// the hash string so they can be raised later without a migration.
#pragma once

#include <string>

namespace grounded::store {

// The stored form of `password` (an "$argon2id$…" string with a fresh salt).
// Costs: libsodium's "interactive" limits (2 passes, 64 MiB), about 0.1 s
// here — meant for sign-in on a shared server. Throws Error(internal) when
// libsodium cannot be initialised or memory runs out.
std::string hash_password(const std::string& password);

// True when `password` matches `stored` (a hash_password string). A
// malformed `stored` is simply no match. Takes as long as hashing, whatever
// the answer.
bool verify_password(const std::string& password, const std::string& stored);

// A valid hash of a random password nobody knows: verified against when a
// sign-in names no user, so the answer takes as long as for a real one.
const std::string& decoy_password_hash();

// Checks a new password: at least 10 characters (code points, so "пароль-ключ"
// counts its letters, not its bytes), at most 1024 bytes, valid UTF-8.
// Throws Error(invalid_input) naming the rule broken.
void check_password_rules(const std::string& password);

// A SHA-256 of `text` as lower-case hex (session cookies are stored this way).
std::string sha256_hex(const std::string& text);

}  // namespace grounded::store
