#include "cli/actor.hpp"

#include <cstdlib>

namespace grounded::cli {

std::string cli_actor(const std::string& given) {
  if (!given.empty()) return given;
  const char* user = std::getenv("USER");
  return user && *user ? std::string(user) : "cli";
}

}  // namespace grounded::cli
