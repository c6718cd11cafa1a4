// Replacing people's names with stable pseudonyms throughout a source:
// speaker labels, headings, title, text and meta. Full names are replaced
// first, then first names standing alone ("Dev" in "Thanks, Dev").
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

class Pseudonymizer {
 public:
  // Maps `name` (as it appears in the file) to `pseudonym`. Names of one or
  // two letters are ignored as first names (too many false matches).
  void add(const std::string& name, const std::string& pseudonym);
  bool knows(const std::string& name) const;
  // `text` with every mapped name replaced at word boundaries.
  std::string apply(std::string_view text) const;
  // `text` with every mapped full name (two or more words) replaced also
  // where an export writes it in a field or tag: any ASCII case, with '_',
  // '-' or '.' between the words ("kevin_marsh"). Used on metadata only:
  // in running text lower case "will" or "grace" are words, not names.
  std::string apply_loose(std::string_view text) const;
  // Applies to every text field of the source, including participant_name
  // (metadata with apply_loose as well).
  void apply(ParsedSource& source) const;

 private:
  std::vector<std::pair<std::string, std::string>> rules_;  // longest first
};

}  // namespace grounded::ingest
