#include "synth/evidence_sentences.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

struct Phrases {
  std::vector<std::string> starts_with, ends_with;
  std::set<std::string> whole;
};

const Phrases& phrases() {
  static const Phrases loaded = [] {
    auto text = find_embedded_file("src/synth/data/not_evidence.json");
    if (!text) throw Error(ErrorKind::internal, "not_evidence.json is not embedded");
    try {
      auto data = nlohmann::json::parse(*text);
      Phrases p;
      p.starts_with = data.at("starts_with").get<std::vector<std::string>>();
      p.ends_with = data.value("ends_with", std::vector<std::string>{});
      for (const auto& w : data.at("whole")) p.whole.insert(w.get<std::string>());
      return p;
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorKind::internal, std::string("not_evidence.json is malformed: ") + e.what());
    }
  }();
  return loaded;
}

std::string folded(std::string_view sentence) {
  const std::string s = text::lower(text::unquote(sentence));
  const std::string_view curly = "’";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::string_view(s).substr(i, curly.size()) == curly) {
      out += '\'';
      i += curly.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace

bool is_evidence_sentence(std::string_view sentence) {
  std::string s = folded(sentence);
  if (s.empty() || s.back() == '?') return false;
  std::string bare = s;
  while (!bare.empty() && (bare.back() == '.' || bare.back() == '!' || bare.back() == ',')) bare.pop_back();
  if (phrases().whole.count(bare)) return false;
  for (const std::string& p : phrases().starts_with)
    if (s.starts_with(p)) return false;
  return !announces(sentence);
}

bool announces(std::string_view sentence) {
  std::string bare = folded(sentence);
  while (!bare.empty() && (bare.back() == '.' || bare.back() == '!' || bare.back() == ',' || bare.back() == ':'))
    bare.pop_back();
  for (const std::string& p : phrases().ends_with) {
    // "…three things" at the end, or "Two things, and the first…" at the start.
    if (bare.ends_with(p) && (bare.size() == p.size() || bare[bare.size() - p.size() - 1] == ' ')) return true;
    if (bare.starts_with(p) && bare.size() > p.size() && (bare[p.size()] == ',' || bare[p.size()] == ':')) return true;
  }
  return false;
}

}  // namespace grounded::synth
