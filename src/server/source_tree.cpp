#include "server/server.hpp"

namespace grounded::server {

// GROUNDED_SOURCE_DIR is defined for this file alone (see CMakeLists.txt).
std::string source_tree_path(const std::string& relative) { return std::string(GROUNDED_SOURCE_DIR) + "/" + relative; }

}  // namespace grounded::server
