// The `grounded` binary: dispatches to the verbs registered in *_command.cpp
// and maps errors to exit codes in this one place.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "store/database.hpp"

namespace grounded::cli {

std::map<std::string, Command>& command_registry() {
  static std::map<std::string, Command> commands;
  return commands;
}

CommandRegistration::CommandRegistration(Command command) {
  std::string name = command.name;
  command_registry().emplace(std::move(name), std::move(command));
}

std::string database_path_option(const std::string& given) {
  return given.empty() ? store::default_database_path() : given;
}

namespace {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::not_found: return 3;
    case ErrorKind::internal: return 4;
    default: return 2;
  }
}

void print_help() {
  std::cout << "Grounded " GROUNDED_VERSION " — customer evidence behind every persona attribute.\n\n"
               "Usage: grounded VERB [options]   (grounded VERB --help for details)\n\n";
  for (const auto& [name, command] : command_registry()) {
    std::string padded = name;
    padded.resize(std::max<std::size_t>(padded.size() + 2, 26), ' ');
    std::cout << "  " << padded << command.summary << "\n";
  }
  std::cout << "\nEvery verb takes --db PATH (default: $GROUNDED_DB or ~/.local/share/grounded/grounded.db).\n";
}

// Finds the longest registered verb matching the leading words ("persona
// draft" before "persona"); returns how many words it used, or 0.
std::size_t match_verb(const std::vector<std::string>& words, const Command** found) {
  for (std::size_t take = std::min<std::size_t>(words.size(), 3); take > 0; --take) {
    std::string name;
    for (std::size_t i = 0; i < take; ++i) name += (i ? " " : "") + words[i];
    auto it = command_registry().find(name);
    if (it != command_registry().end()) {
      *found = &it->second;
      return take;
    }
  }
  return 0;
}

}  // namespace
}  // namespace grounded::cli

int main(int argc, char** argv) {
  using namespace grounded;
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    cli::print_help();
    return words.empty() ? 1 : 0;
  }
  if (words[0] == "--version") {
    std::cout << "grounded " GROUNDED_VERSION "\n";
    return 0;
  }
  const cli::Command* command = nullptr;
  std::size_t used = cli::match_verb(words, &command);
  if (!command) {
    std::cerr << "grounded: unknown verb '" << words[0] << "' (see grounded --help)\n";
    return 1;
  }
  std::vector<std::string> rest(words.begin() + static_cast<long>(used), words.end());
  for (const std::string& word : rest)
    if (word == "--help" || word == "-h") {
      std::cout << command->summary << "\n\n" << command->usage << "\n";
      return 0;
    }
  try {
    return command->run(rest);
  } catch (const cli::UsageError& e) {
    std::cerr << "grounded " << command->name << ": " << e.what() << "\nusage: " << command->usage << "\n";
    return 1;
  } catch (const Error& e) {
    std::cerr << "grounded " << command->name << ": " << e.what() << "\n";
    return cli::exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "grounded " << command->name << ": internal error: " << e.what() << "\n";
    return 4;
  }
}
