// The repository's API token: the credential scripts send as
// `Authorization: Bearer TOKEN` to change data through the HTTP API.
//
// It lives in a file beside the database (`DB_PATH.token`, mode 0600), not in
// the database, so a copied or shared database file never carries it and
// rotating it never touches customer data.
#pragma once

#include <cstddef>
#include <string>

namespace grounded::store {

// The token file's path for a database path.
std::string api_token_path(const std::string& db_path);

// The repository's token, created (64 hex digits from the kernel's CSPRNG,
// written with mode 0600) when the file is missing. Throws
// Error(invalid_input) when the file exists but is unreadable, empty or
// readable by others (so a leaked token is noticed rather than trusted).
std::string load_or_create_api_token(const std::string& db_path);

// Replaces the token with a new one and returns it; the old one stops
// working at the next server start.
std::string rotate_api_token(const std::string& db_path);

// `bytes` bytes from the kernel's CSPRNG as lower-case hex (also the
// server's per-launch secret). Throws Error(internal) when it cannot read them.
std::string random_hex_token(std::size_t bytes);

// Compares without early exit, so response timing says nothing about how
// much of a guessed token was right.
bool tokens_equal(const std::string& given, const std::string& expected);

}  // namespace grounded::store
