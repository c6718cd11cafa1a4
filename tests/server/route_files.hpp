// Every route registered in src/server/routes_*.cpp, read from the source
// files themselves, so a route added later is covered by the access tests
// (access_test.cpp, role_matrix_test.cpp) without editing them.
#pragma once

#include <httplib.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace grounded::test {

struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // as registered: an ECMAScript regex over the path
  std::string path;     // a sample path: each capture group filled in (see below)
};

// Reads the http.Get/Post/Put/Patch/Delete registrations. Capture groups
// become a sample value: an alternation of words its first word, else "1".
// The static-file catch-all (`/.*`) is left out.
inline std::vector<Route> registered_routes() {
  std::vector<Route> routes;
  std::regex registration(R"re(http\.(Get|Post|Put|Patch|Delete)\((?:R"\(([^"]*)\)"|"([^"]*)"))re");
  std::regex group(R"(\(([^()]*)\))");
  for (const auto& entry : std::filesystem::directory_iterator("src/server")) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("routes_")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), registration), end; it != end; ++it) {
      std::string pattern = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
      if (pattern == "/.*") continue;
      std::string path;
      std::smatch match;
      std::string rest = pattern;
      while (std::regex_search(rest, match, group)) {
        std::string inside = match[1].str();
        bool words = std::regex_match(inside, std::regex(R"([a-z_]+(\|[a-z_]+)*)"));
        path += match.prefix().str() + (words ? inside.substr(0, inside.find('|')) : "1");
        rest = match.suffix().str();
      }
      path += rest;
      std::string method = (*it)[1].str();
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.push_back({method, pattern, path});
    }
  }
  return routes;
}

// The registered routes that change data (every method but GET).
inline std::vector<Route> mutating_routes() {
  std::vector<Route> routes;
  for (Route& route : registered_routes())
    if (route.method != "GET") routes.push_back(std::move(route));
  return routes;
}

// Sends `route` (any method) with these headers and body.
inline httplib::Result send_route(httplib::Client& client, const Route& route, const httplib::Headers& headers,
                                  const std::string& body = "{}", const std::string& type = "application/json") {
  if (route.method == "GET") return client.Get(route.path.c_str(), headers);
  if (route.method == "POST") return client.Post(route.path.c_str(), headers, body, type.c_str());
  if (route.method == "PUT") return client.Put(route.path.c_str(), headers, body, type.c_str());
  if (route.method == "PATCH") return client.Patch(route.path.c_str(), headers, body, type.c_str());
  return client.Delete(route.path.c_str(), headers, body, type.c_str());
}

}  // namespace grounded::test
