#include "ingest/pseudonymize.hpp"

#include <algorithm>
#include <cctype>

#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 || c == '_'; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool name_separator(char c) { return c == ' ' || c == '_' || c == '-' || c == '.'; }

// The length of `name` written at `text[i]` the way exports write names in
// fields and tags ("kevin_marsh", "Kevin-Marsh", "KEVIN.MARSH"): ASCII case
// ignored, any separator for a space; 0 when it is not there.
std::size_t loose_match(std::string_view text, std::size_t i, std::string_view name) {
  std::size_t k = 0;
  for (char c : name) {
    if (i + k >= text.size()) return 0;
    char t = text[i + k];
    if (c == ' ' ? !name_separator(t) : lower(c) != lower(t)) return 0;
    ++k;
  }
  return k;
}

// Metadata is walked to the depth parse_untrusted_json allows (64), no deeper.
void apply_json(nlohmann::json& v, const Pseudonymizer& p) {
  if (v.is_string()) v = p.apply(p.apply_loose(v.get_ref<const std::string&>()));
  else if (v.is_array() || v.is_object())
    for (auto& c : v) apply_json(c, p);
}

}  // namespace

void Pseudonymizer::add(const std::string& name, const std::string& pseudonym) {
  std::string full(trim(name));
  if (full.empty()) return;
  auto push = [&](const std::string& from) {
    for (const auto& r : rules_)
      if (r.first == from) return;
    rules_.emplace_back(from, pseudonym);
    std::stable_sort(rules_.begin(), rules_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  };
  push(full);
  // Generic labels ("Speaker 1", "Interviewer 2") have no first name to find alone.
  if (std::isdigit(static_cast<unsigned char>(full.back()))) return;
  std::string first = full.substr(0, full.find(' '));
  if (first != full && first.size() >= 3 && std::isupper(static_cast<unsigned char>(first[0]))) push(first);
  // Last name alone too ("Ms Okonkwo-Lind"), when it is clearly a name.
  std::size_t sp = full.rfind(' ');
  if (sp != std::string::npos) {
    std::string last = full.substr(sp + 1);
    if (last.size() >= 4 && std::isupper(static_cast<unsigned char>(last[0])) && last.find('.') == std::string::npos) push(last);
  }
}

bool Pseudonymizer::knows(const std::string& name) const {
  for (const auto& r : rules_)
    if (r.first == name) return true;
  return false;
}

std::string Pseudonymizer::apply(std::string_view text) const {
  if (rules_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (i == 0 || !word_char(text[i - 1])) {
      for (const auto& [from, to] : rules_) {
        if (text.compare(i, from.size(), from) != 0) continue;
        std::size_t end = i + from.size();
        if (end < text.size() && word_char(text[end])) continue;
        out += to;
        i = end;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string Pseudonymizer::apply_loose(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  auto boundary = [&](std::size_t at) { return at >= text.size() || !std::isalnum(static_cast<unsigned char>(text[at])); };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t matched = 0;
    const std::string* to = nullptr;
    if (i == 0 || boundary(i - 1)) {
      for (const auto& [from, pseudonym] : rules_) {
        if (from.find(' ') == std::string::npos) continue;  // one word: only the exact form (apply)
        std::size_t n = loose_match(text, i, from);
        if (n && boundary(i + n)) {
          matched = n;
          to = &pseudonym;
          break;
        }
      }
    }
    if (to) {
      out += *to;
      i += matched;
    } else {
      out += text[i++];
    }
  }
  return out;
}

void Pseudonymizer::apply(ParsedSource& source) const {
  source.title = apply(source.title);
  source.participant_name = apply(source.participant_name);
  for (Turn& t : source.turns) {
    t.speaker = apply(t.speaker);
    t.heading = apply(t.heading);
    t.text = apply(t.text);
  }
  apply_json(source.meta, *this);
}

}  // namespace grounded::ingest
