#include "cli/column_map_option.hpp"

#include "core/error.hpp"

namespace grounded::cli {

std::map<std::string, std::string> parse_column_map(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    std::size_t comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw invalid_input("--map expects key=Column pairs separated by commas, e.g. body=Description; got '" + item + "'");
    out[item.substr(0, eq)] = item.substr(eq + 1);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace grounded::cli
