// The keyword-only baseline: one phrase list per category
// (src/tagger/data/keyword_baseline.json), matched as whole words without
// negation or context. It exists to be measured against, not used.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grounded::tagger {

class KeywordBaseline {
 public:
  // Throws Error(invalid_input) on malformed JSON or an unknown category.
  static KeywordBaseline parse(std::string_view json_text);
  static const KeywordBaseline& builtin();  // the embedded file, parsed once

  // The categories with at least one phrase in `text`, in taxonomy order.
  std::vector<std::string> predict(std::string_view text) const;

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> phrases_;  // category → lower-case phrases
};

}  // namespace grounded::tagger
