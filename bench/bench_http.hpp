// What the HTTP benches (server_bench, load_bench, scale_bench) share to talk
// to a real `grounded serve`.
#pragma once

#include <cctype>
#include <string>

namespace grounded::bench {

// Percent-encodes everything but RFC 3986's unreserved characters, for a
// query-string value.
inline std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace grounded::bench
