#include "server/http_errors.hpp"

#include <iostream>

#include "core/json.hpp"

namespace grounded::server {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return 400;
    case ErrorKind::unauthorized: return 401;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::too_large: return 413;
    case ErrorKind::unsupported_format: return 415;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

ErrorKind error_kind_for_status(int status) {
  switch (status) {
    case 401: return ErrorKind::unauthorized;
    case 404: return ErrorKind::not_found;
    case 409: return ErrorKind::conflict;
    case 413: return ErrorKind::too_large;
    case 415: return ErrorKind::unsupported_format;
    default: return status >= 500 ? ErrorKind::internal : ErrorKind::invalid_input;
  }
}

nlohmann::json error_body(ErrorKind kind, const std::string& message) {
  return {{"error", {{"kind", to_string(kind)}, {"message", message}}}};
}

void send_error(httplib::Response& res, ErrorKind kind, const std::string& message) {
  res.status = http_status(kind);
  res.set_content(dump_json(error_body(kind, message)), "application/json; charset=utf-8");
}

namespace {

std::string megabytes(std::size_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MB";
  return std::to_string(bytes) + " bytes";
}

std::string default_message(int status, std::size_t max_upload_bytes) {
  switch (status) {
    // cpp-httplib answers 400 itself, before any handler, when a POST or
    // PUT carries neither Content-Length nor chunked encoding (`curl -X POST`).
    case 400: return "bad request: the HTTP request could not be read (a POST needs a body, even an empty one)";
    case 404: return "no such page or API route";
    case 405: return "method not allowed";
    case 413: return "the request is larger than the limit of " + megabytes(max_upload_bytes);
    case 414: return "the request URI is too long";
    case 416: return "the requested range cannot be satisfied";
    default: return status >= 500 ? "internal error" : "bad request";
  }
}

}  // namespace

void install_error_handlers(httplib::Server& http, std::size_t max_upload_bytes) {
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::internal) std::cerr << "grounded serve: " << req.method << " " << req.path << ": " << e.what() << "\n";
      send_error(res, e.kind(), e.what());
    } catch (const std::exception& e) {
      std::cerr << "grounded serve: " << req.method << " " << req.path << ": internal error: " << e.what() << "\n";
      send_error(res, ErrorKind::internal, "internal error (see the server log)");
    } catch (...) {
      send_error(res, ErrorKind::internal, "internal error (see the server log)");
    }
  });
  http.set_error_handler(httplib::Server::HandlerWithResponse([max_upload_bytes](const httplib::Request&, httplib::Response& res) {
    // httplib calls this for every status >= 400, including ones a handler
    // already answered with a JSON error: keep those.
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    int status = res.status;
    send_error(res, error_kind_for_status(status), default_message(status, max_upload_bytes));
    res.status = status;
    return httplib::Server::HandlerResponse::Handled;
  }));
}

}  // namespace grounded::server
