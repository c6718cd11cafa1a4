#include "synth/role_words.hpp"

#include <algorithm>
#include <sstream>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

// The words of `text`: runs of letters and digits (ICU's u_isalnum, code
// point by code point, so "contrôleur" is one word and curly quotes or
// dashes around "IT" are not part of it). Invalid bytes end a word.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  int32_t i = 0, start = -1;
  while (i < length) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    bool letter = c >= 0 && u_isalnum(c);
    if (letter && start < 0) start = at;
    if (!letter && start >= 0) {
      out.emplace_back(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(at - start)));
      start = -1;
    }
  }
  if (start >= 0) out.emplace_back(text.substr(static_cast<std::size_t>(start)));
  return out;
}

bool has_capital(const std::string& word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

RoleWords RoleWords::parse(std::string_view text) {
  RoleWords out;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size())
      throw invalid_input("role words line " + std::to_string(number) + ": expected '<words>\\t<role name>'");
    Term t;
    t.words = words_of(line.substr(0, tab));
    t.exact = has_capital(line.substr(0, tab));
    t.role = line.substr(tab + 1);
    if (t.words.empty()) throw invalid_input("role words line " + std::to_string(number) + ": no words before the tab");
    if (!t.exact)
      for (std::string& w : t.words) w = text::lower(w);
    out.terms_.push_back(std::move(t));
  }
  std::stable_sort(out.terms_.begin(), out.terms_.end(),
                   [](const Term& a, const Term& b) { return a.words.size() > b.words.size(); });
  return out;
}

const RoleWords& RoleWords::builtin() {
  static const RoleWords words = [] {
    auto text = find_embedded_file("src/synth/data/role_heads.txt");
    return parse(text ? *text : std::string_view());
  }();
  return words;
}

std::vector<std::string> RoleWords::roles_in(std::string_view sentence) const {
  std::vector<std::string> said = words_of(sentence);
  std::vector<std::string> lower;
  lower.reserve(said.size());
  for (const std::string& w : said) lower.push_back(text::lower(w));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < said.size();) {
    std::size_t matched = 0;
    for (const Term& t : terms_) {
      if (i + t.words.size() > said.size()) continue;
      bool all = true;
      for (std::size_t k = 0; k < t.words.size() && all; ++k) {
        const std::string& w = t.exact ? said[i + k] : lower[i + k];
        bool last = k + 1 == t.words.size();
        all = w == t.words[k] || (last && w == t.words[k] + "s");
      }
      if (!all) continue;
      if (std::find(out.begin(), out.end(), t.role) == out.end()) out.push_back(t.role);
      matched = t.words.size();
      break;
    }
    i += matched ? matched : 1;
  }
  return out;
}

}  // namespace grounded::synth
