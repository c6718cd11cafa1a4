// The one place that maps grounded::Error kinds to HTTP statuses and the
// {"error":{"kind","message"}} body.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"

namespace grounded::server {

// invalid_input 400, unauthorized 401, not_found 404, conflict 409,
// too_large 413, unsupported_format 415, internal 500.
int http_status(ErrorKind kind);
// The kind a status stands for (used for errors httplib raises itself).
ErrorKind error_kind_for_status(int status);
nlohmann::json error_body(ErrorKind kind, const std::string& message);
void send_error(httplib::Response& res, ErrorKind kind, const std::string& message);

// Installs the exception handler (Error -> its status; anything else -> 500
// with a generic message, the detail on stderr) and the error handler that
// gives bodyless 4xx/5xx responses (unknown route, 413 from the payload
// limit, ...) the JSON error body.
void install_error_handlers(httplib::Server& http, std::size_t max_upload_bytes);

}  // namespace grounded::server
