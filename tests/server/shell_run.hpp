// Running the built `grounded` binary (GROUNDED_BIN, set by CMake for
// test_server) and other commands through /bin/sh, for the CLI tests.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace grounded::test {

struct ShellOutcome {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // its standard output (append 2>&1 for errors too)
};

// Runs `command` with /bin/sh and collects its output and exit code.
inline ShellOutcome run_shell(const std::string& command) {
  ShellOutcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  for (std::size_t got; (got = fread(buffer, 1, sizeof buffer, pipe)) > 0;) outcome.output.append(buffer, got);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

// The built binary, quoted for the shell.
inline std::string grounded_bin() { return std::string("'") + GROUNDED_BIN + "'"; }

}  // namespace grounded::test
