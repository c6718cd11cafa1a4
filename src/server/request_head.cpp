#include "server/request_head.hpp"

#include <charconv>
#include <optional>
#include <string>

namespace grounded::server {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Framing {
  bool malformed = false;  // the worker answers it (400) without reading a body
  std::optional<std::size_t> content_length;
  bool chunked = false;
  bool expects_continue = false;
};

Framing framing_of(std::string_view head) {
  Framing framing;
  std::size_t line_end = head.find("\r\n");  // skip the request line
  while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (equals_ignoring_case(name, "Content-Length")) {
      std::size_t length = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error != std::errc() || end != value.data() + value.size() ||
          (framing.content_length && *framing.content_length != length))
        framing.malformed = true;
      framing.content_length = length;
    } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
      framing.chunked = !equals_ignoring_case(value, "identity");
    } else if (equals_ignoring_case(name, "Expect")) {
      framing.expects_continue = equals_ignoring_case(value, "100-continue");
    }
  }
  return framing;
}

}  // namespace

RequestReadiness assess_request(std::string_view received, const ConnectionLimits& limits) {
  std::size_t head_end = received.find("\r\n\r\n");
  if (head_end == std::string_view::npos)
    return received.size() >= limits.max_head_bytes ? RequestReadiness::head_too_long : RequestReadiness::incomplete;
  if (head_end + 4 > limits.max_head_bytes) return RequestReadiness::head_too_long;
  Framing framing = framing_of(received.substr(0, head_end + 2));
  std::string_view body = received.substr(head_end + 4);
  if (framing.malformed) return RequestReadiness::ready;
  if (framing.chunked) {
    // The last chunk ("0" CRLF CRLF, no trailers) already here: a small body.
    if (body.starts_with("0\r\n\r\n") || body.find("\r\n0\r\n\r\n") != std::string_view::npos)
      return RequestReadiness::ready;
    if (framing.expects_continue) return RequestReadiness::ready_large;
    return body.size() >= limits.front_body_bytes ? RequestReadiness::ready_large : RequestReadiness::incomplete;
  }
  std::size_t length = framing.content_length.value_or(0);
  if (length == 0 || length > limits.max_body_bytes) return RequestReadiness::ready;  // 413 unread
  if (body.size() >= length) return RequestReadiness::ready;
  // The client waits for "100 Continue" before its body: only a worker can
  // send it, and a body that then stalls holds that worker, so it takes a slot.
  if (framing.expects_continue) return RequestReadiness::ready_large;
  if (length <= limits.front_body_bytes) return RequestReadiness::incomplete;
  return body.size() >= limits.front_body_bytes ? RequestReadiness::ready_large : RequestReadiness::incomplete;
}

}  // namespace grounded::server
