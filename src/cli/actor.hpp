// Who acts, for the audit log, from the shell.
#pragma once

#include <string>

namespace grounded::cli {

// `given` (a --who value) when set, else $USER, else "cli".
std::string cli_actor(const std::string& given = "");

}  // namespace grounded::cli
