#include "icp/number_text.hpp"

#include <cmath>
#include <cstdio>

namespace grounded::icp {

std::string format_number(double value) {
  if (!std::isfinite(value)) return "n/a";
  double rounded = std::round(value * 100) / 100;
  bool negative = rounded < 0;
  double magnitude = std::fabs(rounded);
  double whole_part = std::floor(magnitude);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0f", whole_part);
  std::string digits = buffer;
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  long cents = std::lround((magnitude - whole_part) * 100);
  if (cents == 100) return format_number((negative ? -1 : 1) * (whole_part + 1));
  if (cents) {
    std::snprintf(buffer, sizeof buffer, ".%02ld", cents);
    std::string fraction = buffer;
    if (fraction.back() == '0') fraction.pop_back();
    grouped += fraction;
  }
  return (negative && (whole_part > 0 || cents) ? "-" : "") + grouped;
}

std::string format_score(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  return buffer;
}

}  // namespace grounded::icp
