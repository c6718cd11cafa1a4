// Files compiled into the binary (schema migrations, question bank, taxonomy,
// cue rules, seed training data): see cmake/embed.cmake. Paths are relative to
// the repository root, e.g. "schema/0001_init.sql".
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace grounded {

struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

// All embedded files, sorted by path.
const std::vector<EmbeddedFile>& embedded_files();

// The content of one embedded file, or nullopt when no such file was embedded.
std::optional<std::string_view> find_embedded_file(std::string_view path);

}  // namespace grounded
