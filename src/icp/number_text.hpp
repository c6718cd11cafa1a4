// Numbers as people read them in rules and facts: "1,000", "0.25", "38,000,000".
#pragma once

#include <string>

namespace grounded::icp {

// Whole numbers with thousands separators; others with up to two decimals
// (trailing zeros dropped). Non-finite values read "n/a".
std::string format_number(double value);

// A score as shown everywhere: two decimals ("4.00", "3.67").
std::string format_score(double score);

}  // namespace grounded::icp
