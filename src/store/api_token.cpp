#include "store/api_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace grounded::store {

std::string random_hex_token(std::size_t bytes) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  if (!urandom.read(raw.data(), static_cast<std::streamsize>(bytes)))
    throw Error(ErrorKind::internal, "cannot read /dev/urandom to make an API token");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

namespace {

// Writes through a temp file created 0600 and renamed into place, so the
// token is never readable by others, not even for a moment.
void write_token(const std::string& path, const std::string& token) {
  std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw invalid_input("cannot write the API token file '" + temp + "'");
  std::string line = token + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::fchmod(fd, 0600);
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw invalid_input("cannot write the API token file '" + path + "'");
  }
}

}  // namespace

std::string api_token_path(const std::string& db_path) { return db_path + ".token"; }

std::string load_or_create_api_token(const std::string& db_path) {
  std::string path = api_token_path(db_path);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    std::string token = random_hex_token(32);
    write_token(path, token);
    return token;
  }
  if (info.st_mode & (S_IRWXG | S_IRWXO))
    throw invalid_input("the API token file '" + path +
                        "' is readable by other users; run `chmod 600` on it or `grounded token --rotate`");
  std::ifstream in(path);
  std::string token;
  std::getline(in, token);
  if (token.size() < 32) throw invalid_input("the API token file '" + path + "' is empty or damaged; run `grounded token --rotate`");
  return token;
}

std::string rotate_api_token(const std::string& db_path) {
  std::string token = random_hex_token(32);
  write_token(api_token_path(db_path), token);
  return token;
}

bool tokens_equal(const std::string& given, const std::string& expected) {
  unsigned difference = given.size() == expected.size() ? 0u : 1u;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(i < given.size() ? given[i] : 0) ^ static_cast<unsigned char>(expected[i]);
  return difference == 0;
}

}  // namespace grounded::store
