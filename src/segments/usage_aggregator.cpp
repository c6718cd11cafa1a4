#include "segments/usage_aggregator.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace grounded::segments {
namespace {

constexpr std::uint32_t kLowBits = 11;
constexpr std::uint32_t kLowMask = (1u << kLowBits) - 1;
constexpr std::uint32_t kMaxKeys = (1u << (32 - kLowBits)) - 1;
constexpr std::uint32_t kNoKey = 0xFFFFFFFFu;
constexpr std::uint32_t kMaxFeatures = kLowMask;  // the last id is "(other events)"

}  // namespace

std::uint32_t UsageAggregator::user_index(std::string_view user) {
  lookup_.assign(user);
  auto it = user_ids_.find(lookup_);
  if (it != user_ids_.end()) return it->second;
  auto index = static_cast<std::uint32_t>(users_.size());
  users_.push_back({lookup_, "", "", 0, 0, 0});
  user_last_key_.push_back(kNoKey);
  user_ids_.emplace(lookup_, index);
  return index;
}

std::uint32_t UsageAggregator::feature_index(std::string_view name) {
  lookup_.assign(name);
  auto it = feature_ids_.find(lookup_);
  if (it != feature_ids_.end()) return it->second;
  if (features_.size() >= kMaxFeatures) {
    if (features_.size() == kMaxFeatures) features_.push_back("(other events)");
    return kMaxFeatures;
  }
  auto index = static_cast<std::uint32_t>(features_.size());
  features_.push_back(lookup_);
  feature_ids_.emplace(lookup_, index);
  return index;
}

void UsageAggregator::add_event(std::string_view user, std::string_view event, std::int64_t unix_seconds) {
  const std::uint32_t u = user_index(user);
  const DayNumber day = day_of(unix_seconds);
  const auto minute = static_cast<std::uint32_t>((unix_seconds - day * 86400) / 60);
  std::uint32_t key = user_last_key_[u];
  if (key == kNoKey || key_day_[key] != day) {
    std::uint64_t packed = (static_cast<std::uint64_t>(u) << 32) | static_cast<std::uint32_t>(day);
    auto [it, inserted] = keys_.try_emplace(packed, static_cast<std::uint32_t>(key_user_.size()));
    if (inserted) {
      if (key_user_.size() >= kMaxKeys)
        throw invalid_input("more than " + std::to_string(kMaxKeys) +
                            " user-days in one file: split the export by date range and import the parts");
      key_user_.push_back(u);
      key_day_.push_back(day);
    }
    key = it->second;
    user_last_key_[u] = key;
  }
  User& record = users_[u];
  if (record.events == 0 || day < record.first_day) record.first_day = day;
  if (record.events == 0 || day > record.last_day) record.last_day = day;
  ++record.events;
  minutes_.push_back((key << kLowBits) | minute);
  feature_uses_.push_back((key << kLowBits) | feature_index(event));
}

void UsageAggregator::note_group(std::string_view user, std::string_view group) {
  if (!group.empty()) users_[user_index(user)].group_id.assign(group);
}

void UsageAggregator::note_email(std::string_view user, std::string_view email) {
  if (!email.empty()) users_[user_index(user)].email.assign(email);
}

void UsageAggregator::finish(const std::function<void(const Day&)>& each) {
  std::sort(minutes_.begin(), minutes_.end());
  std::sort(feature_uses_.begin(), feature_uses_.end());
  feature_uses_.erase(std::unique(feature_uses_.begin(), feature_uses_.end()), feature_uses_.end());
  std::size_t m = 0, f = 0;
  Day day;
  while (m < minutes_.size()) {
    const std::uint32_t key = minutes_[m] >> kLowBits;
    day.user = key_user_[key];
    day.day = key_day_[key];
    day.events = 0;
    day.sessions = 0;
    std::int64_t last_minute = -1;
    for (; m < minutes_.size() && (minutes_[m] >> kLowBits) == key; ++m) {
      std::int64_t minute = minutes_[m] & kLowMask;
      if (last_minute < 0 || minute - last_minute >= gap_) ++day.sessions;
      last_minute = minute;
      ++day.events;
    }
    day.features.clear();
    while (f < feature_uses_.size() && (feature_uses_[f] >> kLowBits) < key) ++f;
    for (; f < feature_uses_.size() && (feature_uses_[f] >> kLowBits) == key; ++f)
      day.features.push_back(feature_uses_[f] & kLowMask);
    each(day);
  }
  std::vector<std::uint32_t>().swap(minutes_);
  std::vector<std::uint32_t>().swap(feature_uses_);
}

}  // namespace grounded::segments
