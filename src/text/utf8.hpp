// UTF-8 validation and repair. Text enters Grounded from files, uploads and
// query strings in any state; everything stored or handed to nlohmann/json
// must be valid UTF-8 (its dump() throws otherwise).
#pragma once

#include <string>
#include <string_view>

namespace grounded::text {

// True when `bytes` is well-formed UTF-8: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. An empty
// string is valid. NUL bytes are valid (they are U+0000).
bool is_valid_utf8(std::string_view bytes);

// `bytes` with every maximal invalid subsequence replaced by U+FFFD (the
// WHATWG / Unicode "substitution of maximal subparts" practice). Valid input
// is returned unchanged.
std::string repair_utf8(std::string_view bytes);

}  // namespace grounded::text
