// Who may call which route on a team-mode server: the table in
// src/server/data/route_roles.tsv (embedded in the binary), one line per
// route with the least role allowed. Data, not checks scattered through the
// handlers: team_gate.cpp asks this table once per request.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "store/users.hpp"

namespace grounded::server {

struct RouteRule {
  std::string method;               // GET, POST, ...
  std::string pattern;              // as registered in routes_*.cpp
  std::optional<store::Role> role;  // nullopt = public (no sign-in)
  std::regex matcher;
};

class RouteRoles {
 public:
  // The embedded table; throws Error(internal) naming the line when it is malformed.
  static const RouteRoles& table();
  explicit RouteRoles(std::string_view tsv);

  // The first rule matching `method` and the whole `path`, or nullptr.
  const RouteRule* find(const std::string& method, const std::string& path) const;
  // What a request needs: its rule's role; with no rule, admin (fail closed).
  // nullopt = public.
  std::optional<store::Role> needed(const std::string& method, const std::string& path) const;
  const std::vector<RouteRule>& rules() const { return rules_; }

 private:
  std::vector<RouteRule> rules_;
};

}  // namespace grounded::server
