// Reading a password on the command line: never from argv (other users see
// it in `ps`, and it lands in shell history).
#pragma once

#include <string>

namespace grounded::cli {

// With `from_stdin`: the first line of standard input (for scripts:
// `printf '%s\n' "$PW" | grounded users add ana --role viewer --password-stdin`).
// Otherwise asks twice on the terminal (/dev/tty) with echo off and checks the
// two answers match. Throws UsageError when there is no terminal to ask on,
// Error(invalid_input) when the answers differ or stdin is empty.
std::string read_new_password(const std::string& for_user, bool from_stdin);

}  // namespace grounded::cli
