// The feature ids of one user-day as stored in usage_daily.feature_ids:
// comma-separated decimal ids ("3,17,42"). Written by the import, read by the
// import (to merge a re-imported day) and by segment history.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::segments {

std::string join_feature_ids(const std::vector<std::uint32_t>& ids);
// Anything but digits separates ids; empty text gives none.
std::vector<std::uint32_t> split_feature_ids(std::string_view text);

}  // namespace grounded::segments
