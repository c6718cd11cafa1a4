#include "text/utf8.hpp"

#include <cstddef>
#include <cstdint>

namespace grounded::text {
namespace {

// Length of the valid sequence at `i`, or 0 when the bytes there are not a
// valid sequence. `bad` receives the length of the maximal invalid subpart
// (at least 1) so repair can skip exactly that much.
std::size_t valid_sequence(std::string_view s, std::size_t i, std::size_t& bad) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t c = b(i);
  bad = 1;
  if (c < 0x80) return 1;
  std::size_t need;
  std::uint8_t lo = 0x80, hi = 0xBF;  // bounds for the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;       // no overlongs
    if (c == 0xED) hi = 0x9F;       // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;       // no overlongs
    if (c == 0xF4) hi = 0x8F;       // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= s.size()) return 0;
    const std::uint8_t t = b(i + k);
    const bool ok = (k == 1) ? (t >= lo && t <= hi) : (t >= 0x80 && t <= 0xBF);
    if (!ok) return 0;
    bad = k + 1;  // the prefix so far is a maximal subpart if the next byte fails
  }
  return need;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0, bad = 0;
  while (i < bytes.size()) {
    if (static_cast<std::uint8_t>(bytes[i]) < 0x80) { ++i; continue; }
    const std::size_t n = valid_sequence(bytes, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  std::size_t i = 0, bad = 0;
  while (i < bytes.size()) {
    const std::size_t n = valid_sequence(bytes, i, bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace grounded::text
