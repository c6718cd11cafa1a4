#include "ingest/contact_names.hpp"

#include <cctype>

namespace grounded::ingest {
namespace {

// The text with "[email]"-style placeholders and the brackets, quotes and
// separators around them removed, spaces collapsed.
std::string without_placeholders(const std::string& redacted) {
  std::string out;
  for (std::size_t i = 0; i < redacted.size();) {
    if (redacted[i] == '[') {
      std::size_t close = redacted.find(']', i);
      bool placeholder = close != std::string::npos && close - i <= 13;
      for (std::size_t k = i + 1; placeholder && k < close; ++k)
        placeholder = std::islower(static_cast<unsigned char>(redacted[k])) || redacted[k] == '_';
      if (placeholder) {
        i = close + 1;
        continue;
      }
    }
    out += redacted[i++];
  }
  std::string tidy;
  for (char c : out) {
    if (c == '<' || c == '>' || c == '(' || c == ')' || c == '"' || c == ',' || c == ';' || c == ':') c = ' ';
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  return tidy;
}

bool has_letter(const std::string& s) {
  for (unsigned char c : s)
    if (std::isalpha(c) || c >= 0x80) return true;
  return false;
}

}  // namespace

std::string ContactNameCleaner::clean(const std::string& name, const std::string& stand_in, PiiTypes types,
                                      RedactionCounts& counts) {
  if (name.empty()) return name;
  if (auto known = labels_.find(name); known != labels_.end()) return known->second;
  RedactionCounts found;
  const std::string redacted = redact_pii(name, &found, types);
  if (found.total() == 0) return labels_[name] = name;
  for (int t = 0; t < kPiiTypeCount; ++t) counts.by_type[t] += found.by_type[t];
  std::string kept = without_placeholders(redacted);
  if (!has_letter(kept)) {
    kept = stand_in + " " + std::to_string(++stand_ins_[stand_in]);
  }
  labels_[name] = kept;
  return kept;
}

}  // namespace grounded::ingest
