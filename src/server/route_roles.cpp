#include "server/route_roles.hpp"

#include <sstream>

#include "core/embedded_files.hpp"
#include "core/error.hpp"

namespace grounded::server {

const RouteRoles& RouteRoles::table() {
  static const RouteRoles roles([] {
    auto file = find_embedded_file("src/server/data/route_roles.tsv");
    if (!file) throw Error(ErrorKind::internal, "src/server/data/route_roles.tsv is not embedded");
    return *file;
  }());
  return roles;
}

RouteRoles::RouteRoles(std::string_view tsv) {
  std::istringstream lines{std::string(tsv)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string method, pattern, role;
    if (!std::getline(fields, method, '\t') || !std::getline(fields, pattern, '\t') || !std::getline(fields, role))
      throw Error(ErrorKind::internal, "route_roles.tsv line " + std::to_string(number) + ": needs METHOD, PATTERN, ROLE");
    std::optional<store::Role> needed;
    if (role != "public") needed = store::parse_role(role);
    rules_.push_back({method, pattern, needed, std::regex(pattern, std::regex::ECMAScript | std::regex::optimize)});
  }
}

const RouteRule* RouteRoles::find(const std::string& method, const std::string& path) const {
  for (const RouteRule& rule : rules_)
    if (rule.method == method && std::regex_match(path, rule.matcher)) return &rule;
  return nullptr;
}

std::optional<store::Role> RouteRoles::needed(const std::string& method, const std::string& path) const {
  const RouteRule* rule = find(method, path);
  return rule ? rule->role : std::optional<store::Role>(store::Role::admin);
}

}  // namespace grounded::server
