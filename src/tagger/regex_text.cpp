#include "tagger/regex_text.hpp"

#include <algorithm>

namespace grounded::tagger {

RegexText::RegexText(std::string_view utf8)
    : ascii_(std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
  if (ascii_) {
    wide_ = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  utext_ = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) utext_ = nullptr;
}

RegexText::~RegexText() {
  if (utext_) utext_close(utext_);
}

void RegexText::attach(icu::RegexMatcher& matcher) const {
  if (ascii_) matcher.reset(wide_);
  else matcher.reset(utext_);
}

}  // namespace grounded::tagger
