#include "text/strings.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>

#include "core/error.hpp"
#include "text/utf8.hpp"

namespace grounded::text {
namespace {

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Calls f(code_point, start, end) for each code point of valid UTF-8.
template <typename F>
void each_code_point(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < n) {
    std::int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (!f(c, static_cast<std::size_t>(start), static_cast<std::size_t>(i))) return;
  }
}

bool is_double_quote(UChar32 c) {
  switch (c) {
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0xFF02:
      return true;
    default:
      return false;
  }
}

template <typename Strip>
std::string trim_if(std::string_view input, Strip strip) {
  std::string valid = repair_utf8(input);
  std::string_view text = valid;
  std::size_t begin = text.size(), end = 0;
  each_code_point(text, [&](UChar32 c, std::size_t start, std::size_t stop) {
    if (!strip(c)) {
      if (begin == text.size()) begin = start;
      end = stop;
    }
    return true;
  });
  if (begin >= end) return "";
  return std::string(text.substr(begin, end - begin));
}

// One grapheme iterator per thread: ICU break iterators are costly to create
// and not thread-safe.
struct Graphemes {
  std::unique_ptr<icu::BreakIterator> it;
  UText* utext = nullptr;
  Graphemes() {
    UErrorCode status = U_ZERO_ERROR;
    it.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it)
      throw Error(ErrorKind::internal, std::string("ICU character break iterator unavailable: ") + u_errorName(status));
  }
  ~Graphemes() {
    if (utext) utext_close(utext);
  }
  icu::BreakIterator& over(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    utext = utext_openUTF8(utext, text.data(), static_cast<int64_t>(text.size()), &status);
    it->setText(utext, status);
    return *it;
  }
};

Graphemes& graphemes() {
  thread_local Graphemes g;
  return g;
}

}  // namespace

std::string trim(std::string_view text) {
  return trim_if(text, [](UChar32 c) { return u_isUWhiteSpace(c) != 0; });
}

std::string unquote(std::string_view text) {
  return trim_if(text, [](UChar32 c) { return u_isUWhiteSpace(c) || is_double_quote(c); });
}

std::string lower(std::string_view text) {
  std::string out;
  if (is_ascii(text)) {
    out.assign(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.toLower(icu::Locale::getRoot());
  u.toUTF8String(out);
  return out;
}

std::string capitalise(std::string_view input) {
  std::string text = repair_utf8(input);
  if (text.empty()) return text;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  std::int32_t i = 0;
  UChar32 c;
  U8_NEXT(s, i, static_cast<std::int32_t>(text.size()), c);
  UChar32 title = u_totitle(c);
  if (title == c) return text;
  std::string out;
  icu::UnicodeString(title).toUTF8String(out);
  out.append(text, static_cast<std::size_t>(i), std::string::npos);
  return out;
}

std::size_t char_count(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

bool is_continuation(std::string_view text, std::size_t i) {
  return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
}

}  // namespace

std::size_t grapheme_floor(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return text.size();
  while (offset > 0 && is_continuation(text, offset)) --offset;  // ICU snaps inside a character itself, the wrong way
  if (offset == 0) return 0;
  icu::BreakIterator& it = graphemes().over(text);
  auto at = static_cast<int32_t>(offset);
  if (it.isBoundary(at)) return offset;
  int32_t before = it.preceding(at);
  return before == icu::BreakIterator::DONE ? 0 : static_cast<std::size_t>(before);
}

std::size_t grapheme_ceil(std::string_view text, std::size_t offset) {
  while (offset < text.size() && is_continuation(text, offset)) ++offset;
  if (offset >= text.size()) return text.size();
  if (offset == 0) return 0;
  icu::BreakIterator& it = graphemes().over(text);
  auto at = static_cast<int32_t>(offset);
  if (it.isBoundary(at)) return offset;
  int32_t after = it.following(at);
  return after == icu::BreakIterator::DONE ? text.size() : static_cast<std::size_t>(after);
}

std::string shorten(std::string_view input, std::size_t max_chars) {
  std::string valid = repair_utf8(input);
  std::string_view text = valid;
  if (char_count(text) <= max_chars) return valid;
  // Byte offsets of code point number max_chars (the hard limit) and of the
  // last white space at or before it, when that lies in the second half.
  std::size_t hard = text.size(), space = std::string::npos, index = 0;
  each_code_point(text, [&](UChar32 c, std::size_t start, std::size_t) {
    if (index > max_chars) return false;
    if (index == max_chars) {
      hard = start;
    }
    if (u_isUWhiteSpace(c) && index >= max_chars / 2) space = start;
    ++index;
    return index <= max_chars;
  });
  std::size_t cut = space != std::string::npos ? space : grapheme_floor(text, hard);
  return std::string(text.substr(0, cut)) + "…";
}

std::string slug(std::string_view input, std::size_t max_chars) {
  std::string text = lower(repair_utf8(input));
  std::string out;
  std::size_t chars = 0;
  bool pending_dash = false;
  each_code_point(text, [&](UChar32 c, std::size_t start, std::size_t stop) {
    const bool mark = u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK;
    if (!u_isalnum(c) && !(mark && !out.empty() && !pending_dash)) {
      pending_dash = !out.empty();
      return true;
    }
    if (pending_dash) {
      if (chars + 1 >= max_chars) return false;
      out += '-';
      ++chars;
      pending_dash = false;
    }
    if (chars >= max_chars) return false;
    out.append(text, start, stop - start);
    ++chars;
    return true;
  });
  return out;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

}  // namespace grounded::text
