#include "text/analyzer.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <array>
#include <cstdint>
#include <vector>

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
  // Direct-mapped cache of Snowball results: word frequencies are Zipfian, so
  // most words were stemmed moments ago, and a lookup is far cheaper than the
  // stemmer (which took a quarter of indexing time). Slots reuse their
  // strings' capacity, so a warm cache allocates nothing.
  struct StemSlot {
    std::string word, stem;
  };
  static constexpr std::size_t stem_cache_size = 8192;  // power of two
  std::vector<StemSlot> stem_cache = std::vector<StemSlot>(stem_cache_size);
  std::string_view stem_of(std::string_view word);
  icu::UnicodeString u1, u2, u3;

  ~Impl() {
    if (utext) utext_close(utext);
    if (stemmer) sb_stemmer_delete(stemmer);
  }

  bool force_icu = false;  // tests compare the ASCII fast path with ICU

  void fold_non_ascii(const char* p, int n);
  int word(std::string_view text, int start, int end, bool stem, Sink sink, void* context);
  int run_ascii(std::string_view text, bool stem, Sink sink, void* context);
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

void Analyzer::set_ascii_fast_path(bool enabled) { impl_->force_icu = !enabled; }

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

namespace {

// UAX #29 word-break classes of the ASCII characters that matter. For pure
// ASCII text the rules reduce to a few cases, and scanning them by hand is
// several times faster than ICU's rule engine, which dominated indexing time.
enum AsciiClass : unsigned char { kOther, kLetter, kDigit, kExtendNumLet, kMidNumLet, kMidNum };

constexpr std::array<unsigned char, 128> ascii_classes() {
  std::array<unsigned char, 128> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kLetter;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kDigit;
  t['_'] = kExtendNumLet;
  // ICU's root rules drop ':' from MidLetter (UAX #29 has it): "a:b" is two words.
  t['.'] = kMidNumLet;
  t['\''] = kMidNumLet;
  t[','] = kMidNum;
  t[';'] = kMidNum;
  return t;
}
constexpr auto kAsciiClass = ascii_classes();

bool is_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

int Analyzer::Impl::word(std::string_view text, int start, int end, bool stem, Sink sink, void* context) {
  const int n = end - start;
  if (n > max_word_bytes) return 0;
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
    if (folded.empty()) return 0;
    has_alpha = true;
    for (unsigned char c : folded) {
      if (c >= 0x80) { has_alpha = false; break; }  // stem only what became Latin ASCII
    }
  }
  std::string_view term = folded;
  if (stem && has_alpha) term = stem_of(folded);
  if (term.empty()) return 0;
  return sink(context, term, folded, start, end);
}

std::string_view Analyzer::Impl::stem_of(std::string_view w) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : w) h = (h ^ c) * 1099511628211ULL;
  StemSlot& slot = stem_cache[h & (stem_cache_size - 1)];
  if (slot.word == w) return slot.stem;
  const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
  if (!s) return w;
  slot.word.assign(w);
  slot.stem.assign(reinterpret_cast<const char*>(s), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
  return slot.stem;
}

int Analyzer::Impl::run_ascii(std::string_view text, bool stem, Sink sink, void* context) {
  const int size = static_cast<int>(text.size());
  const auto cls = [&](int i) -> unsigned char {
    return i < size ? kAsciiClass[static_cast<unsigned char>(text[static_cast<std::size_t>(i)])] : static_cast<unsigned char>(kOther);
  };
  int i = 0;
  while (i < size) {
    const unsigned char first = cls(i);
    if (first != kLetter && first != kDigit && first != kExtendNumLet) {
      ++i;
      continue;
    }
    // Letters, digits and '_' always join (WB5, WB8-10, WB13a/b); a middle
    // character joins only between two letters ('.' '\'') or two digits
    // ('.' '\'' ',' ';') — WB6/7 and WB11/12.
    bool letters = first == kLetter, digits = first == kDigit;
    int j = i + 1;
    while (j < size) {
      const unsigned char c = cls(j);
      if (c == kLetter || c == kDigit || c == kExtendNumLet) {
        letters |= c == kLetter;
        digits |= c == kDigit;
        ++j;
        continue;
      }
      const unsigned char before = cls(j - 1), after = cls(j + 1);
      const bool join = (before == kLetter && after == kLetter && c == kMidNumLet) ||
                        (before == kDigit && after == kDigit && (c == kMidNum || c == kMidNumLet));
      if (!join) break;
      j += 2;
      letters |= after == kLetter;
      digits |= after == kDigit;
    }
    // ICU gives a lone '_' no word status, but "__" counts as a word.
    if (letters || digits || j - i >= 2) {
      if (const int rc = word(text, i, j, stem, sink, context)) return rc;
    }
    i = j;
  }
  return 0;
}

int Analyzer::Impl::run(std::string_view text, bool stem, Sink sink, void* context) {
  if (text.empty()) return 0;
  if (!force_icu && is_ascii(text)) return run_ascii(text, stem, sink, context);
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
    if (const int rc = word(text, start, end, stem, sink, context)) return rc;
  }
  return 0;
}

}  // namespace grounded::text
