// Static files of the browser UI. httplib has already percent-decoded
// req.path, so "%2e%2e%2f" arrives as "../"; every segment is checked
// ("..", ".", hidden files, backslashes, NUL) and the resolved path must stay
// inside the web folder. Directories are never listed: "/" serves
// index.html, any other directory is a 404. Files are revalidated
// (Cache-Control: no-cache + ETag) since the UI has no build step to give
// them hashed names.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "server/http_errors.hpp"
#include "server/route_context.hpp"

namespace grounded::server {
namespace {

namespace fs = std::filesystem;

std::string content_type_for(const fs::path& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},  {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"},                       {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                    {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto found = types.find(path.extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

// The relative path of a request, or "" when the request path is unsafe.
std::string safe_relative_path(const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/') return "";
  std::string relative = request_path.substr(1);
  if (relative.empty()) return "index.html";
  if (relative.find('\\') != std::string::npos || relative.find('\0') != std::string::npos) return "";
  std::stringstream segments(relative);
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment.empty() || segment[0] == '.') return "";  // "..", ".", "//", hidden files
    if (segment.find(':') != std::string::npos) return "";
  }
  if (relative.back() == '/') return "";
  return relative;
}

}  // namespace

void register_static_routes(httplib::Server& http, RouteContext& context) {
  std::error_code error;
  fs::path root = fs::canonical(context.options().web_dir, error);
  http.Get(R"(/.*)", [root](const httplib::Request& req, httplib::Response& res) {
    if (req.path.starts_with("/api/")) throw not_found("no API route " + req.path);
    std::string relative = safe_relative_path(req.path);
    if (relative.empty()) throw not_found("no such file");
    std::error_code error;
    fs::path file = fs::weakly_canonical(root / relative, error);
    if (error) throw not_found("no such file");
    auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (root_end != root.end() || !fs::is_regular_file(file, error)) throw not_found("no such file");

    auto size = fs::file_size(file, error);
    auto modified = fs::last_write_time(file, error).time_since_epoch().count();
    std::ostringstream etag;
    etag << "\"" << std::hex << size << "-" << modified << "\"";
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag.str());
    if (req.get_header_value("If-None-Match") == etag.str()) {
      res.status = 304;
      return;
    }
    std::ifstream in(file, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    res.set_content(std::move(body), content_type_for(file).c_str());
  });
  // Other methods on non-API paths: not found (the API routes answer their own).
}

}  // namespace grounded::server
