#include "server/client_origin.hpp"

#include "text/strings.hpp"

namespace grounded::server {
namespace {

bool from_trusted_proxy(const httplib::Request& req, const TransportSettings& transport) {
  return !transport.trusted_proxy.empty() && req.remote_addr == transport.trusted_proxy;
}

}  // namespace

std::string client_address(const httplib::Request& req, const TransportSettings& transport) {
  if (!from_trusted_proxy(req, transport) || !req.has_header("X-Forwarded-For")) return req.remote_addr;
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  std::size_t comma = forwarded.rfind(',');
  std::string last = text::trim(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
  return last.empty() || last.size() > 64 ? req.remote_addr : last;
}

bool client_uses_https(const httplib::Request& req, const TransportSettings& transport) {
  if (transport.tls) return true;
  return from_trusted_proxy(req, transport) && text::lower(req.get_header_value("X-Forwarded-Proto")) == "https";
}

}  // namespace grounded::server
