// The command registry of the `grounded` binary. Each verb lives in its own
// src/cli/*_command.cpp and registers itself:
//
//   GROUNDED_COMMAND(search, "Search excerpts", "grounded search QUERY [--kind K] ...", run_search);
//
// A verb returns its exit code; throwing grounded::Error maps to the exit
// codes in one place (main.cpp): 0 ok, 1 usage, 2 bad input, 3 not found,
// 4 internal. UsageError is the "1" case.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace grounded::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Command {
  std::string name;     // may hold a space for sub-verbs: "persona draft"
  std::string summary;  // one line for `grounded --help`
  std::string usage;    // full text for `grounded VERB --help`
  std::function<int(const std::vector<std::string>& words)> run;
};

std::map<std::string, Command>& command_registry();

struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

// The --db value of a verb's arguments, or the default database path.
std::string database_path_option(const std::string& given);

}  // namespace grounded::cli

#define GROUNDED_COMMAND_CONCAT2(a, b) a##b
#define GROUNDED_COMMAND_CONCAT(a, b) GROUNDED_COMMAND_CONCAT2(a, b)
#define GROUNDED_COMMAND(name, summary, usage, function)                                                  \
  static ::grounded::cli::CommandRegistration GROUNDED_COMMAND_CONCAT(grounded_command_, __LINE__)( \
      ::grounded::cli::Command{name, summary, usage, function})
