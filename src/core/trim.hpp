// Trimming user-typed names and fields.
#pragma once

#include <string>
#include <string_view>

namespace grounded {

// `text` without leading and trailing ASCII whitespace (space, tab, CR, LF,
// FF, VT). Only ASCII bytes are removed, so a multi-byte UTF-8 character is
// never cut.
std::string trim_space(std::string_view text);

}  // namespace grounded
