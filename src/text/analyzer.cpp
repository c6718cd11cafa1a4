#include "text/analyzer.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <cstdint>

#include "core/error.hpp"

namespace grounded::text {

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  UText* utext = nullptr;
  sb_stemmer* stemmer = nullptr;
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  std::string folded;  // reused per word: avoids an allocation per token
  icu::UnicodeString u1, u2, u3;

  ~Impl() {
    if (utext) utext_close(utext);
    if (stemmer) sb_stemmer_delete(stemmer);
  }

  void fold_non_ascii(const char* p, int n);
  int run(std::string_view text, bool stem, Sink sink, void* context);
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl_->words) {
    throw Error(ErrorKind::internal, std::string("ICU word break iterator unavailable: ") + u_errorName(status));
  }
  impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  impl_->nfd = icu::Normalizer2::getNFDInstance(status);
  impl_->nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    throw Error(ErrorKind::internal, std::string("ICU normalizer unavailable: ") + u_errorName(status));
  }
  impl_->stemmer = sb_stemmer_new("english", "UTF_8");
  if (!impl_->stemmer) throw Error(ErrorKind::internal, "Snowball English stemmer unavailable");
}

Analyzer::~Analyzer() = default;

int Analyzer::run(std::string_view utf8, bool stem, Sink sink, void* context) {
  return impl_->run(utf8, stem, sink, context);
}

namespace {

bool strips_marks(UScriptCode script) {
  // Diacritics are noise for search only in alphabets where people routinely
  // type without them (résumé/resume). In Indic scripts or Japanese kana the
  // marks are part of the letter; removing them would merge unrelated words.
  switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_CYRILLIC:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return true;
    default:
      return false;
  }
}

}  // namespace

void Analyzer::Impl::fold_non_ascii(const char* p, int n) {
  UErrorCode status = U_ZERO_ERROR;
  u1 = icu::UnicodeString::fromUTF8(icu::StringPiece(p, n));
  nfkc_cf->normalize(u1, u2, status);
  nfd->normalize(u2, u1, status);
  u3.remove();
  bool strip = true;
  for (int32_t i = 0; i < u1.length();) {
    const UChar32 c = u1.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (strip) continue;
    } else {
      UErrorCode sc = U_ZERO_ERROR;
      strip = strips_marks(uscript_getScript(c, &sc));
    }
    // Typographic apostrophes fold to ASCII so "don’t" and "don't" agree.
    u3.append((c == 0x2019 || c == 0x2018 || c == 0x02BC) ? UChar32('\'') : c);
  }
  nfc->normalize(u3, u1, status);
  folded.clear();
  if (U_SUCCESS(status)) u1.toUTF8String(folded);
}

int Analyzer::Impl::run(std::string_view text, bool stem, Sink sink, void* context) {
  if (text.empty()) return 0;
  UErrorCode status = U_ZERO_ERROR;
  // UTF-8 UText: the iterator reports native indexes, i.e. byte offsets into
  // the original input, which is exactly what FTS5 needs for highlight().
  utext = utext_openUTF8(utext, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return 0;
  words->setText(utext, status);
  if (U_FAILURE(status)) return 0;

  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // space, punctuation, emoji
    const int n = end - start;
    if (n > max_word_bytes) continue;
    const char* p = text.data() + start;
    bool ascii = true;
    bool has_alpha = false;
    for (int i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(p[i]);
      if (c >= 0x80) { ascii = false; break; }
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') has_alpha = true;
    }
    if (ascii) {
      folded.resize(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        const char c = p[i];
        folded[static_cast<std::size_t>(i)] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      }
    } else {
      fold_non_ascii(p, n);
      if (folded.empty()) continue;
      has_alpha = true;
      for (unsigned char c : folded) {
        if (c >= 0x80) { has_alpha = false; break; }  // stem only what became Latin ASCII
      }
    }
    std::string_view term = folded;
    if (stem && has_alpha) {
      const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                                           static_cast<int>(folded.size()));
      if (s) term = std::string_view(reinterpret_cast<const char*>(s), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
    }
    if (term.empty()) continue;
    if (const int rc = sink(context, term, folded, start, end)) return rc;
  }
  return 0;
}

}  // namespace grounded::text
