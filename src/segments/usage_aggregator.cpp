#include "segments/usage_aggregator.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace grounded::segments {
namespace {

constexpr int kFeatureBits = 11, kMinuteBits = 11, kDayBits = 16, kUserBits = 20;
constexpr std::uint64_t kFeatureMask = (1u << kFeatureBits) - 1;
constexpr std::uint64_t kMinuteMask = (1u << kMinuteBits) - 1;
constexpr std::uint64_t kDayMask = (1u << kDayBits) - 1;
constexpr std::uint32_t kMaxUsers = (1u << kUserBits) - 1;
constexpr std::uint32_t kOther = kFeatureMask;  // the last feature id: "(other events)"

std::uint32_t user_of(std::uint64_t use) { return static_cast<std::uint32_t>(use >> (kFeatureBits + kMinuteBits + kDayBits)); }
DayNumber day_of_use(std::uint64_t use) { return static_cast<DayNumber>((use >> (kFeatureBits + kMinuteBits)) & kDayMask); }
std::int64_t minute_of(std::uint64_t use) { return static_cast<std::int64_t>((use >> kFeatureBits) & kMinuteMask); }
std::uint64_t user_day_of(std::uint64_t use) { return use >> (kFeatureBits + kMinuteBits); }

}  // namespace

std::uint32_t UsageAggregator::user_index(std::string_view user) {
  lookup_.assign(user);
  auto it = user_ids_.find(lookup_);
  if (it != user_ids_.end()) return it->second;
  if (users_.size() >= kMaxUsers)
    throw invalid_input("more than " + std::to_string(kMaxUsers) +
                        " users in one file: split the export (by user or date) and import the parts");
  auto index = static_cast<std::uint32_t>(users_.size());
  users_.push_back({lookup_, "", "", 0, 0, 0});
  user_ids_.emplace(lookup_, index);
  return index;
}

std::uint32_t UsageAggregator::feature_index(std::string_view name) {
  lookup_.assign(name);
  auto it = feature_ids_.find(lookup_);
  if (it != feature_ids_.end()) return it->second;
  if (features_.size() >= kOther) {
    if (features_.size() == kOther) features_.push_back("(other events)");
    return kOther;
  }
  auto index = static_cast<std::uint32_t>(features_.size());
  features_.push_back(lookup_);
  feature_ids_.emplace(lookup_, index);
  return index;
}

bool UsageAggregator::add_event(std::string_view user, std::string_view event, std::int64_t unix_seconds) {
  const DayNumber day = day_of(unix_seconds);
  if (day < 0 || static_cast<std::uint64_t>(day) > kDayMask) return false;
  const std::uint32_t u = user_index(user);
  const auto minute = static_cast<std::uint64_t>((unix_seconds - day * 86400) / 60);
  User& record = users_[u];
  if (record.events == 0 || day < record.first_day) record.first_day = day;
  if (record.events == 0 || day > record.last_day) record.last_day = day;
  ++record.events;
  uses_.push_back((static_cast<std::uint64_t>(u) << (kFeatureBits + kMinuteBits + kDayBits)) |
                  (static_cast<std::uint64_t>(day) << (kFeatureBits + kMinuteBits)) | (minute << kFeatureBits) |
                  feature_index(event));
  return true;
}

void UsageAggregator::note_group(std::string_view user, std::string_view group) {
  if (!group.empty()) users_[user_index(user)].group_id.assign(group);
}

void UsageAggregator::note_email(std::string_view user, std::string_view email) {
  if (!email.empty()) users_[user_index(user)].email.assign(email);
}

void UsageAggregator::finish(const std::function<void(const Day&)>& each) {
  std::sort(uses_.begin(), uses_.end());
  Day day;
  std::size_t i = 0;
  while (i < uses_.size()) {
    const std::uint64_t key = user_day_of(uses_[i]);
    day.user = user_of(uses_[i]);
    day.day = day_of_use(uses_[i]);
    day.events = 0;
    day.sessions = 0;
    day.features.clear();
    std::int64_t last_minute = -1;
    for (; i < uses_.size() && user_day_of(uses_[i]) == key; ++i) {
      const std::int64_t minute = minute_of(uses_[i]);
      if (last_minute < 0 || minute - last_minute >= gap_) ++day.sessions;
      last_minute = minute;
      ++day.events;
      day.features.push_back(static_cast<std::uint32_t>(uses_[i] & kFeatureMask));
    }
    std::sort(day.features.begin(), day.features.end());
    day.features.erase(std::unique(day.features.begin(), day.features.end()), day.features.end());
    each(day);
  }
  std::vector<std::uint64_t>().swap(uses_);
}

}  // namespace grounded::segments
