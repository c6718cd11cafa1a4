// The files of a multipart/form-data request, streamed to a private temp
// folder as they arrive (never held in memory whole), and its small text
// fields. Shared by the uploads that take files: sources (upload.hpp) and
// product-analytics exports (routes_events.cpp).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grounded::server {

// A private folder under the system temp dir, removed with everything in it.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ReceivedFile {
  std::string part;              // the form part's name ("files", "id_map", ...)
  std::string name;              // as sent (may hold a folder path from a folder upload)
  std::filesystem::path path;    // temp copy, named like the original so formats detect by extension
  std::uint64_t bytes = 0;
};

struct ReceivedFiles {
  std::shared_ptr<TempFolder> folder = std::make_shared<TempFolder>();  // lives as long as any copy
  std::vector<ReceivedFile> files;
  std::map<std::string, std::string> fields;
};

// Reads the whole body. Error(unsupported_format) when it is not multipart,
// Error(too_large) naming `limit` when the body is over it, Error(invalid_input)
// for an interrupted body, too many files or fields (each field ≤ 64 KB, all
// ≤ 4 MB), or no file at all.
ReceivedFiles receive_multipart_files(const httplib::Request& req, httplib::Response& res,
                                      const httplib::ContentReader& reader, std::size_t limit);

}  // namespace grounded::server
