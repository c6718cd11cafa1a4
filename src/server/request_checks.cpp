#include "server/request_checks.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json.hpp"

namespace grounded::server {

std::string ascii_lower(std::string text) {
  // Host names are ASCII (IDNs arrive punycoded), so a byte-wise fold is right here.
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return text;
}

void refuse(httplib::Response& res, int status, const std::string& kind, const std::string& message) {
  res.status = status;
  nlohmann::json body = {{"error", {{"kind", kind}, {"message", message}}}};
  res.set_content(dump_json(body), "application/json; charset=utf-8");
}

bool changes_data(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  std::string cookies = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < cookies.size()) {
    std::size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::size_t start = cookies.find_first_not_of(' ', at);
    if (start < end && cookies.compare(start, name.size() + 1, name + "=") == 0)
      return cookies.substr(start + name.size() + 1, end - start - name.size() - 1);
    at = end + 1;
  }
  return "";
}

bool acceptable_body(const httplib::Request& req) {
  if (req.body.empty() && !req.has_header("Content-Type")) return true;
  std::string type = ascii_lower(req.get_header_value("Content-Type"));
  return type.starts_with("application/json") || type.starts_with("multipart/form-data");
}

bool from_our_page(const httplib::Request& req, bool https) {
  std::string own_origin = (https ? "https://" : "http://") + ascii_lower(req.get_header_value("Host"));
  if (req.has_header("Origin")) return ascii_lower(req.get_header_value("Origin")) == own_origin;
  return req.get_header_value("Sec-Fetch-Site") == "same-origin";
}

}  // namespace grounded::server
