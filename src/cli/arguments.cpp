#include "cli/arguments.hpp"

#include <charconv>

#include "cli/command.hpp"
#include "core/error.hpp"

namespace grounded::cli {
namespace {

// The whole text as a base-10 integer; nullopt for anything else ("2.5", "lots", "").
std::optional<long long> whole_number(const std::string& text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Arguments::Arguments(const std::vector<std::string>& words, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--") {
      positionals_.insert(positionals_.end(), words.begin() + static_cast<long>(i) + 1, words.end());
      break;
    }
    if (!word.starts_with("--") || word.size() == 2) {
      positionals_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> value;
    if (auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    if (flags.count(name)) {
      if (value) throw UsageError("--" + name + " takes no value");
      options_.emplace(name, "true");
    } else if (valued.count(name)) {
      if (!value) {
        if (i + 1 >= words.size()) throw UsageError("--" + name + " needs a value");
        value = words[++i];
      }
      options_.emplace(name, *value);
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

bool Arguments::has(const std::string& name) const { return options_.count(name) > 0; }

std::string Arguments::get(const std::string& name, const std::string& fallback) const {
  auto range = options_.equal_range(name);
  if (range.first == range.second) return fallback;
  return std::prev(range.second)->second;  // the last one wins
}

std::vector<std::string> Arguments::all(const std::string& name) const {
  std::vector<std::string> values;
  for (auto [it, end] = options_.equal_range(name); it != end; ++it) values.push_back(it->second);
  return values;
}

std::optional<long long> Arguments::integer(const std::string& name) const {
  if (!has(name)) return std::nullopt;
  // A value that is not a number is bad input (exit 2) naming the option, not
  // a misuse of the command line (exit 1, usage): the option itself was right.
  const std::string text = get(name);
  if (auto value = whole_number(text)) return value;
  throw invalid_input("--" + name + " must be a whole number, not '" + text + "'");
}

long long parse_id(const std::string& text, const std::string& what) {
  if (auto value = whole_number(text)) return *value;
  throw UsageError(what + " must be a whole number, not '" + text + "'");
}

}  // namespace grounded::cli
