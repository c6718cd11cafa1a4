#include "core/error.hpp"

namespace grounded {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::unsupported_format: return "unsupported_format";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

}  // namespace grounded
