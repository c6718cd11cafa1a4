#include "store/password_hash.hpp"

#include <sodium.h>

#include "core/error.hpp"
#include "store/api_token.hpp"
#include "text/strings.hpp"
#include "text/utf8.hpp"

namespace grounded::store {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::internal, "cannot initialise libsodium");
}

}  // namespace

std::string hash_password(const std::string& password) {
  ensure_sodium();
  char stored[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(stored, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw Error(ErrorKind::internal, "cannot hash the password (out of memory?)");
  return stored;
}

bool verify_password(const std::string& password, const std::string& stored) {
  ensure_sodium();
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

const std::string& decoy_password_hash() {
  static const std::string decoy = hash_password(random_hex_token(32));
  return decoy;
}

void check_password_rules(const std::string& password) {
  if (!text::is_valid_utf8(password)) throw invalid_input("the password is not valid UTF-8 text");
  if (password.size() > 1024) throw invalid_input("the password is longer than 1024 bytes");
  if (text::char_count(password) < 10) throw invalid_input("the password must have at least 10 characters");
}

std::string sha256_hex(const std::string& text) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace grounded::store
