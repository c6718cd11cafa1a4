#include "ingest/encoding.hpp"

#include <uchardet/uchardet.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

#include "core/error.hpp"

namespace grounded::ingest {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(uchardet* d) const { uchardet_delete(d); }
};

bool icu_converts(const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  return U_SUCCESS(status);
}

std::string convert_with_icu(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) throw Error(ErrorKind::internal, std::string("ICU has no converter for ") + charset);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), status);
  if (U_FAILURE(status)) throw invalid_input(std::string("cannot decode the file as ") + charset);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// LF line endings, NFC, no NUL; the parsers and byte offsets rely on it.
std::string normalise(std::string text) {
  std::string lf;
  if (text.find('\r') == std::string::npos && text.find('\0') == std::string::npos) {
    lf = std::move(text);  // most files: nothing to change, no copy byte by byte
  } else {
    lf.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\r') {
        lf += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else if (c != '\0') {
        lf += c;
      }
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return lf;
  // Checked on the UTF-8 itself: most text is NFC already, and converting
  // it to UTF-16 only to learn that was ~1% of ingest CPU.
  if (nfc->isNormalizedUTF8(lf, status) && U_SUCCESS(status)) return lf;
  status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(lf);
  icu::UnicodeString n = nfc->normalize(u, status);
  if (U_FAILURE(status)) return lf;
  std::string out;
  n.toUTF8String(out);
  return out;
}

}  // namespace

bool valid_utf8(std::string_view s, std::size_t* bad_offset) {
  for (std::size_t i = 0; i < s.size();) {
    // Eight ASCII bytes at a time: most text is ASCII.
    std::uint64_t eight;
    if (i + 8 <= s.size() && (std::memcpy(&eight, s.data() + i, 8), (eight & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    std::size_t len = utf8_sequence(s, i);
    if (len == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

DecodedText decode_text(std::string_view bytes) {
  if (bytes.empty()) throw invalid_input("the file is empty");
  auto u8 = [](std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (bytes.size() >= 2 && u8(bytes, 0) == 0xFF && u8(bytes, 1) == 0xFE)
    return {normalise(convert_with_icu(bytes.substr(2), "UTF-16LE")), "utf-16le"};
  if (bytes.size() >= 2 && u8(bytes, 0) == 0xFE && u8(bytes, 1) == 0xFF)
    return {normalise(convert_with_icu(bytes.substr(2), "UTF-16BE")), "utf-16be"};
  std::size_t offset = 0;
  if (bytes.size() >= 3 && u8(bytes, 0) == 0xEF && u8(bytes, 1) == 0xBB && u8(bytes, 2) == 0xBF) offset = 3;
  std::string_view body = bytes.substr(offset);
  if (body.empty()) throw invalid_input("the file is empty (only a byte-order mark)");

  // NUL bytes: UTF-16 without a BOM (every other byte NUL in ASCII text), or binary.
  std::size_t nul_even = 0, nul_odd = 0, first_nul = body.find('\0');
  for (std::size_t i = first_nul; i < body.size(); ++i)
    if (body[i] == '\0') {
      (i % 2 ? nul_odd : nul_even)++;
      if (first_nul == std::string_view::npos) first_nul = i;
    }
  if (first_nul != std::string_view::npos) {
    std::size_t half = body.size() / 2;
    if (nul_odd * 10 >= half * 9 && nul_even == 0)
      return {normalise(convert_with_icu(body, "UTF-16LE")), "utf-16le"};
    if (nul_even * 10 >= half * 9 && nul_odd == 0)
      return {normalise(convert_with_icu(body, "UTF-16BE")), "utf-16be"};
    throw Error(ErrorKind::unsupported_format,
                "binary data (NUL byte at byte offset " + std::to_string(first_nul + offset) +
                    "): not a text, CSV, JSON, subtitle or DOCX file");
  }

  std::size_t bad = 0;
  if (valid_utf8(body, &bad)) return {normalise(std::string(body)), "utf-8"};

  // Invalid UTF-8. When the file also has valid multi-byte sequences it is
  // UTF-8 with damage: converting it as Latin-1 would garble the good part,
  // so reject it and say where. Otherwise it is a legacy 8-bit encoding.
  bool has_multibyte = false;
  for (std::size_t i = 0; i < body.size();) {
    std::size_t len = utf8_sequence(body, i);
    if (len > 1) {
      has_multibyte = true;
      break;
    }
    i += len ? len : 1;
  }
  if (has_multibyte || offset == 3)
    throw invalid_input("invalid UTF-8 at byte offset " + std::to_string(bad + offset) +
                        " (the file mixes UTF-8 with another encoding); re-save it as UTF-8");

  std::string charset = "windows-1252";
  std::unique_ptr<uchardet, DetectorCloser> det(uchardet_new());
  if (det && uchardet_handle_data(det.get(), body.data(), body.size()) == 0) {
    uchardet_data_end(det.get());
    std::string guess = uchardet_get_charset(det.get());
    std::string lower;
    for (char c : guess) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Trust uchardet only for single-byte families; its ASCII/UTF-8 answers
    // cannot be right here because the bytes are not valid UTF-8.
    // And only for one ICU can convert: it has no ISO-8859-16, which
    // uchardet names for some byte soups (a fuzzer found it).
    if ((lower.rfind("iso-8859", 0) == 0 || lower.rfind("windows-125", 0) == 0 || lower == "koi8-r" ||
         lower == "mac-cyrillic" || lower == "ibm852" || lower == "ibm866") &&
        icu_converts(guess.c_str()))
      charset = guess;
    if (lower == "iso-8859-1") charset = "windows-1252";  // the superset real files use
  }
  return {normalise(convert_with_icu(body, charset.c_str())), [&] { std::string l; for (char c : charset) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return l; }()};
}

}  // namespace grounded::ingest
