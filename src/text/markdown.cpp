#include "text/markdown.hpp"

#include "text/strings.hpp"

namespace grounded::text {

std::string markdown_inline(std::string_view text) {
  std::string line = one_line(text);
  std::string out;
  out.reserve(line.size() + line.size() / 8);
  for (char c : line) {
    if (std::string_view("\\`*_[]<>|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace grounded::text
