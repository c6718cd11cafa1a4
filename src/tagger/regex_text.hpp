// A text prepared for ICU regular expressions whose match offsets must be
// UTF-8 byte offsets. ICU matches a UTF-16 UnicodeString much faster than a
// UTF-8 UText (no per-character access through the UText callbacks), and in
// ASCII text (most excerpts) UTF-16 indexes and byte offsets are the same
// numbers; any other text goes through a UTF-8 UText, whose native indexes
// are byte offsets.
#pragma once

#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <string_view>

namespace grounded::tagger {

class RegexText {
 public:
  explicit RegexText(std::string_view utf8);
  ~RegexText();
  RegexText(const RegexText&) = delete;
  RegexText& operator=(const RegexText&) = delete;

  bool ok() const { return ascii_ || utext_ != nullptr; }
  // Points `matcher` at the text (valid while this object lives); its
  // start64()/end64() are then byte offsets into the UTF-8 text.
  void attach(icu::RegexMatcher& matcher) const;

 private:
  bool ascii_ = true;
  icu::UnicodeString wide_;
  UText* utext_ = nullptr;
};

}  // namespace grounded::tagger
