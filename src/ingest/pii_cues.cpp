#include "ingest/pii_cues.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <map>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

struct CueLists {
  std::map<std::string, std::vector<std::string>, std::less<>> raw;
  std::map<std::string, std::vector<std::string>, std::less<>> windows;  // each entry as word_window_of shows it
};

const CueLists& lists() {
  static const CueLists loaded = [] {
    auto text = find_embedded_file("src/ingest/data/pii_cues.json");
    if (!text) throw Error(ErrorKind::internal, "pii_cues.json was not embedded");
    const nlohmann::json doc = nlohmann::json::parse(*text);
    CueLists out;
    for (const auto& [name, entries] : doc.items()) {
      if (name.rfind('_', 0) == 0) continue;  // "_comment"
      auto& raw = out.raw[name];
      auto& windows = out.windows[name];
      for (const auto& entry : entries) {
        raw.push_back(entry.get<std::string>());
        windows.push_back(word_window_of(raw.back()));
      }
    }
    return out;
  }();
  return loaded;
}

template <class Map>
const std::vector<std::string>& named(const Map& map, std::string_view name) {
  auto it = map.find(name);
  if (it == map.end()) throw Error(ErrorKind::internal, "pii_cues.json has no list '" + std::string(name) + "'");
  return it->second;
}

}  // namespace

const std::vector<std::string>& pii_cue_list(std::string_view name) { return named(lists().raw, name); }

std::string pii_cue_alternation(std::string_view name) {
  std::string group = "(?:";
  const auto& entries = pii_cue_list(name);
  for (std::size_t i = 0; i < entries.size(); ++i) group += (i ? "|" : "") + entries[i];
  return group + ")";
}

bool window_has_cue(const std::string& window, std::string_view name) {
  for (const std::string& cue : named(lists().windows, name))
    if (window.find(cue) != std::string::npos) return true;
  return false;
}

std::string word_window_of(std::string_view text) {
  std::string window = " " + to_lower_ascii(text) + " ";
  for (char& c : window)
    if (!std::isalpha(static_cast<unsigned char>(c))) c = ' ';
  return window;
}

}  // namespace grounded::ingest
