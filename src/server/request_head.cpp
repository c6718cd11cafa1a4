#include "server/request_head.hpp"

#include <charconv>
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

// Reads the framing headers of `head` (without its blank line) into `extent`.
void read_framing(std::string_view head, RequestExtent& extent) {
  std::optional<std::size_t> content_length;
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
      if (error != std::errc() || end != value.data() + value.size() || (content_length && *content_length != length))
        extent.malformed = true;
      content_length = length;
    } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
      extent.chunked = !equals_ignoring_case(value, "identity");
    } else if (equals_ignoring_case(name, "Expect")) {
      extent.expects_continue = equals_ignoring_case(value, "100-continue");
    }
  }
  if (!extent.chunked) extent.body_bytes = content_length.value_or(0);
}

// The length of the chunked body at the start of `body` when its last chunk
// (and the blank line after it) has arrived; nullopt while it has not, or
// when the chunk sizes cannot be read (the worker's httplib then answers 400).
std::optional<std::size_t> chunked_length(std::string_view body) {
  std::size_t at = 0;
  for (;;) {
    std::size_t line_end = body.find("\r\n", at);
    if (line_end == std::string_view::npos) return std::nullopt;
    std::string_view size_text = body.substr(at, line_end - at);
    size_text = trim(size_text.substr(0, size_text.find(';')));  // chunk extensions
    std::size_t size = 0;
    auto [end, error] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (error != std::errc() || end != size_text.data() + size_text.size()) return std::nullopt;
    at = line_end + 2;
    if (size == 0) {
      // Trailer lines, if any, then a blank line.
      std::size_t blank = body.substr(at, 2) == "\r\n" ? at : body.find("\r\n\r\n", at);
      if (blank == std::string_view::npos) return std::nullopt;
      return blank == at ? at + 2 : blank + 4;
    }
    if (body.size() - at < size + 2) return std::nullopt;
    at += size + 2;
  }
}

}  // namespace

RequestExtent measure_request(std::string_view received) {
  RequestExtent extent;
  std::size_t head_end = received.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return extent;
  extent.head_bytes = head_end + 4;
  read_framing(received.substr(0, head_end + 2), extent);
  if (extent.chunked && !extent.malformed) extent.body_bytes = chunked_length(received.substr(extent.head_bytes));
  return extent;
}

RequestReadiness assess_request(std::string_view received, const ConnectionLimits& limits) {
  RequestExtent extent = measure_request(received);
  if (extent.head_bytes == 0)
    return received.size() >= limits.max_head_bytes ? RequestReadiness::head_too_long : RequestReadiness::incomplete;
  if (extent.head_bytes > limits.max_head_bytes) return RequestReadiness::head_too_long;
  if (extent.malformed) return RequestReadiness::ready;
  std::size_t arrived = received.size() - extent.head_bytes;
  if (extent.chunked) {
    if (extent.body_bytes) return RequestReadiness::ready;  // the last chunk is here: a small body
    if (extent.expects_continue) return RequestReadiness::ready_large;
    return arrived >= limits.front_body_bytes ? RequestReadiness::ready_large : RequestReadiness::incomplete;
  }
  std::size_t length = *extent.body_bytes;
  if (length == 0 || length > limits.max_body_bytes) return RequestReadiness::ready;  // 413 unread
  if (arrived >= length) return RequestReadiness::ready;
  // The client waits for "100 Continue" before its body: only a worker can
  // send it, and a body that then stalls holds that worker, so it takes a slot.
  if (extent.expects_continue) return RequestReadiness::ready_large;
  if (length <= limits.front_body_bytes) return RequestReadiness::incomplete;
  return arrived >= limits.front_body_bytes ? RequestReadiness::ready_large : RequestReadiness::incomplete;
}

}  // namespace grounded::server
