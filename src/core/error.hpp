// grounded::Error — the one exception type of the project.
//
// Every failure a user can cause (bad input, unknown id, duplicate, oversized
// upload, unsupported format) is an Error with a kind and a message that names
// the problem in words a researcher understands. server/ and cli/ map the kind
// to an HTTP status or exit code in exactly one place each.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace grounded {

enum class ErrorKind {
  invalid_input,       // malformed file, bad query, bad field value   (HTTP 400, exit 2)
  not_found,           // unknown id                                   (HTTP 404, exit 3)
  conflict,            // duplicate or state clash                     (HTTP 409, exit 2)
  unauthorized,        // sign-in needed                               (HTTP 401, exit 2)
  too_large,           // upload or field over a limit (message names it) (HTTP 413, exit 2)
  unsupported_format,  // a file whose format we cannot read           (HTTP 415, exit 2)
  internal,            // a bug or an environment failure              (HTTP 500, exit 4)
};

// "invalid_input", "not_found", ... as used in JSON error bodies.
std::string_view to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Shorthands for the common kinds.
inline Error invalid_input(const std::string& message) { return Error(ErrorKind::invalid_input, message); }
inline Error not_found(const std::string& message) { return Error(ErrorKind::not_found, message); }
inline Error conflict(const std::string& message) { return Error(ErrorKind::conflict, message); }

}  // namespace grounded
