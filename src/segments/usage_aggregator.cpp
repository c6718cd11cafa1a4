#include "segments/usage_aggregator.hpp"

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "segments/seen_ids.hpp"

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

std::uint32_t UsageAggregator::NameIndex::find_or_add(std::string_view name, const std::vector<std::string>& names) {
  if ((size_ + 1) * 2 > slots_.size()) {  // at most half full
    std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& slot : old)
      if (slot.hash)
        for (std::size_t i = slot.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
          if (!slots_[i].hash) {
            slots_[i] = slot;
            break;
          }
  }
  const std::uint64_t hash = hash_insert_id(name);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (!slot.hash) {
      slot = {hash, static_cast<std::uint32_t>(names.size())};
      ++size_;
      return slot.index;
    }
    if (slot.hash == hash && names[slot.index] == name) return slot.index;
  }
}

std::optional<std::uint32_t> UsageAggregator::NameIndex::find(std::string_view name,
                                                               const std::vector<std::string>& names) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t hash = hash_insert_id(name);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask; slots_[i].hash; i = (i + 1) & mask)
    if (slots_[i].hash == hash && names[slots_[i].index] == name) return slots_[i].index;
  return std::nullopt;
}

std::uint32_t UsageAggregator::user_index(std::string_view user) {
  const std::uint32_t index = user_ids_.find_or_add(user, user_names_);
  if (index < user_names_.size()) return index;
  if (users_.size() >= kMaxUsers)
    throw invalid_input("more than " + std::to_string(kMaxUsers) +
                        " users in one file: split the export (by user or date) and import the parts");
  user_names_.emplace_back(user);
  users_.push_back({std::string(user), "", "", 0, 0, 0});
  return index;
}

std::uint32_t UsageAggregator::feature_index(std::string_view name) {
  // Once the names are full, later ones count as "(other events)": they are
  // only looked up, never added, since a slot whose index has no name
  // behind it would be read past the end of features_ the next time.
  if (features_.size() >= kOther) {
    if (std::optional<std::uint32_t> known = feature_ids_.find(name, features_)) return *known;
    if (features_.size() == kOther) features_.push_back("(other events)");
    return kOther;
  }
  const std::uint32_t index = feature_ids_.find_or_add(name, features_);
  if (index == features_.size()) features_.emplace_back(name);
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
