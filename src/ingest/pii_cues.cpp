#include "ingest/pii_cues.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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
  std::map<std::string, std::vector<std::string>, std::less<>> stems;    // empty when an entry has none
  std::map<std::string, std::vector<std::string>, std::less<>> heads;    // empty when an entry has none
};

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The plain letters an entry starts with (a leading "\\b" skipped), lower
// case; a letter made optional by a quantifier after it is not part of it.
std::string head_of(std::string_view fragment) {
  if (fragment.rfind("\\b", 0) == 0) fragment.remove_prefix(2);
  // A word that starts outside ASCII (注文番号, ärende, आधार): its first
  // character, as is. Matching is exact there, so a list that needs the
  // capital too ("Ärende") spells it as an entry of its own.
  if (!fragment.empty() && static_cast<unsigned char>(fragment[0]) >= 0x80) {
    std::size_t n = 1;
    while (n < fragment.size() && (static_cast<unsigned char>(fragment[n]) & 0xC0) == 0x80) ++n;
    return std::string(fragment.substr(0, n));
  }
  std::string head;
  for (std::size_t i = 0; i < fragment.size(); ++i) {
    const char c = fragment[i];
    if (!ascii_letter(c) && c != '\'' && c != ' ' && c != '/' && c != '-') break;
    const char next = i + 1 < fragment.size() ? fragment[i + 1] : '\0';
    if (next == '?' || next == '*' || next == '{') break;
    head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return head;
}

// The longest run of ASCII letters that every match of the regex fragment
// must contain: letters at the top level (not inside a group, which may be
// optional or an alternation, nor a class), not escaped ("\s") and not
// made optional by a quantifier after them ("e?"). Lower case.
std::string stem_of(std::string_view fragment) {
  std::string best, run;
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < fragment.size(); ++i) {
    const char c = fragment[i];
    const char next = i + 1 < fragment.size() ? fragment[i + 1] : '\0';
    const bool quantified = next == '?' || next == '*' || next == '{';
    const bool plain = depth == 0 && !in_class && ascii_letter(c) && !quantified;
    if (plain) {
      run += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (run.size() > best.size()) best = run;
      continue;
    }
    run.clear();
    if (c == '\\') {  // an escape: "\s", "\.", "\p{L}", "\x{201C}" — no letter of the text
      ++i;
      if (i + 1 < fragment.size() && fragment[i + 1] == '{') i = fragment.find('}', i);
      if (i == std::string_view::npos) return best;
    }
    else if (c == '[') in_class = true;
    else if (c == ']') in_class = false;
    else if (c == '(' && !in_class) ++depth;
    else if (c == ')' && !in_class) --depth;
    else if (c == '|' && depth == 0 && !in_class) return "";  // a top-level alternative: no single stem
  }
  return best;
}

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
        out.stems[name].push_back(stem_of(raw.back()));
        out.heads[name].push_back(head_of(raw.back()));
      }
      auto& heads = out.heads[name];
      if (std::any_of(heads.begin(), heads.end(), [](const std::string& h) { return h.empty(); })) heads.clear();
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

const std::vector<std::string>& pii_cue_heads(std::string_view name) { return named(lists().heads, name); }

std::vector<std::string> pii_cue_heads_of(std::initializer_list<std::string_view> names) {
  std::vector<std::string> all;
  for (std::string_view name : names) {
    const auto& heads = pii_cue_heads(name);
    if (heads.empty()) return {};
    all.insert(all.end(), heads.begin(), heads.end());
  }
  return all;
}

bool may_hold_cue(std::string_view lower, std::string_view name) {
  // (?i) also folds the Kelvin sign and the long s into k and s.
  if (lower.find("\xE2\x84\xAA") != std::string_view::npos || lower.find("\xC5\xBF") != std::string_view::npos) return true;
  for (const std::string& stem : named(lists().stems, name))
    if (stem.empty() || lower.find(stem) != std::string_view::npos) return true;
  return false;
}

std::string word_window_of(std::string_view text) {
  std::string window = " " + to_lower_ascii(text) + " ";
  for (char& c : window)
    if (!std::isalpha(static_cast<unsigned char>(c))) c = ' ';
  return window;
}

}  // namespace grounded::ingest
