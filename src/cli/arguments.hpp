// Command-line arguments of one verb: `--name value`, `--name=value`,
// boolean `--flag`, and positionals. Which names take a value is declared by
// the verb, so `--json` never swallows the next word.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace grounded::cli {

class Arguments {
 public:
  // Parses argv-style words. `valued` lists the options that take a value,
  // `flags` the boolean ones; any other --option throws UsageError naming it
  // (exit code 1, with the usage).
  Arguments(const std::vector<std::string>& words, const std::set<std::string>& valued,
            const std::set<std::string>& flags);

  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  // All values of a repeated option (`--cite 3 --cite 4`).
  std::vector<std::string> all(const std::string& name) const;
  // Parses an integer option; a value that is not a whole number throws
  // Error(invalid_input) naming the option (exit code 2: bad input, never 4).
  std::optional<long long> integer(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::multimap<std::string, std::string> options_;
  std::vector<std::string> positionals_;
};

// Parses a whole-number id given on the command line ("source id", "12").
long long parse_id(const std::string& text, const std::string& what);

}  // namespace grounded::cli
