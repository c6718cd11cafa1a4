#include "segments/feature_list.hpp"

namespace grounded::segments {

std::string join_feature_ids(const std::vector<std::uint32_t>& ids) {
  std::string out;
  for (std::uint32_t id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<std::uint32_t> split_feature_ids(std::string_view text) {
  std::vector<std::uint32_t> out;
  std::uint32_t value = 0;
  bool any = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
      any = true;
    } else {
      if (any) out.push_back(value);
      value = 0;
      any = false;
    }
  }
  if (any) out.push_back(value);
  return out;
}

}  // namespace grounded::segments
