#include "server/multipart_files.hpp"

#include <stdlib.h>

#include <fstream>

#include "core/error.hpp"

namespace grounded::server {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFieldBytes = 64 * 1024;
constexpr std::size_t kMaxFiles = 2000;
// The upload-wide fields plus a handful per file (files[N].participant, …).
constexpr std::size_t kPerFileFields = 5;
constexpr std::size_t kMaxFields = 50 + kPerFileFields * kMaxFiles;
constexpr std::size_t kMaxAllFieldBytes = 4 * 1024 * 1024;

// The last path component of a client-supplied name, safe as a file name.
std::string safe_file_name(const std::string& name) {
  std::string base = name;
  if (auto slash = base.find_last_of("/\\"); slash != std::string::npos) base = base.substr(slash + 1);
  std::string out;
  for (char c : base) out += (c == '\0' || c == ':') ? '_' : c;
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.empty()) out = "upload";
  if (out.size() > 200) out = out.substr(out.size() - 200);
  return out;
}

}  // namespace

ReceivedFiles receive_multipart_files(const httplib::Request& req, httplib::Response& res,
                                      const httplib::ContentReader& reader, std::size_t limit) {
  if (!req.is_multipart_form_data())
    throw Error(ErrorKind::unsupported_format, "send files as multipart/form-data (one 'files' part per file)");
  ReceivedFiles received;
  std::ofstream out;
  std::string* field = nullptr;
  std::size_t field_bytes = 0;
  std::string failure;
  bool ok = reader(
      [&](const httplib::MultipartFormData& part) {
        if (out.is_open()) out.close();
        field = nullptr;
        if (part.filename.empty()) {
          if (received.fields.size() >= kMaxFields) {
            failure = "more than " + std::to_string(kMaxFields) + " form fields in one upload";
            return false;
          }
          field = &received.fields[part.name];
          field->clear();
          return true;
        }
        if (received.files.size() >= kMaxFiles) {
          failure = "more than " + std::to_string(kMaxFiles) + " files in one upload";
          return false;
        }
        fs::path dir = received.folder->path() / std::to_string(received.files.size());
        fs::create_directory(dir);
        received.files.push_back({part.name, part.filename, dir / safe_file_name(part.filename), 0});
        out.open(received.files.back().path, std::ios::binary);
        if (!out) {
          failure = "cannot write the upload to a temporary file";
          return false;
        }
        return true;
      },
      [&](const char* data, std::size_t length) {
        if (field) {
          if (field->size() + length > kMaxFieldBytes) {
            failure = "a form field is longer than 64 KB";
            return false;
          }
          field_bytes += length;
          if (field_bytes > kMaxAllFieldBytes) {
            failure = "the form fields add up to more than 4 MB";
            return false;
          }
          field->append(data, length);
          return true;
        }
        if (!out.is_open()) return true;
        out.write(data, static_cast<std::streamsize>(length));
        received.files.back().bytes += length;
        return static_cast<bool>(out);
      });
  if (out.is_open()) out.close();
  if (!ok || res.status == 413) {
    if (res.status == 413 || req.get_header_value<std::uint64_t>("Content-Length") > limit) {
      std::string mb = limit % (1024 * 1024) == 0 ? std::to_string(limit / (1024 * 1024)) + " MB"
                                                   : std::to_string(limit) + " bytes";
      throw Error(ErrorKind::too_large, "the upload is larger than the limit of " + mb +
                                            "; upload fewer or smaller files at a time");
    }
    throw invalid_input(failure.empty() ? "the upload was interrupted or is not well-formed multipart data" : failure);
  }
  if (received.files.empty()) throw invalid_input("the upload holds no files (send them as 'files' parts)");
  return received;
}

TempFolder::TempFolder() {
  std::string pattern = (fs::temp_directory_path() / "grounded-upload-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw Error(ErrorKind::internal, "cannot create a temporary folder for the upload");
  path_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code error;
  fs::remove_all(path_, error);
}

}  // namespace grounded::server
