// Turns a stream of (user, event name, time) into usage per user and UTC
// day — events, sessions, distinct features — in bounded memory: one packed
// 64-bit word per event (user, day, minute, feature), sorted once at the
// end; 10 million events take 80 MB. Limits per import: 1,048,575 users
// (else Error(invalid_input) asking to split the export), days up to 2149,
// and 2,047 event names (later names count as the feature "(other events)").
// Internal to segments/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "segments/calendar.hpp"

namespace grounded::segments {

class UsageAggregator {
 public:
  struct User {
    std::string external_id;
    std::string group_id;  // the last group the export tied them to
    std::string email;
    DayNumber first_day = 0, last_day = 0;
    std::int64_t events = 0;
  };
  struct Day {
    std::uint32_t user = 0;  // index into users()
    DayNumber day = 0;
    std::int64_t events = 0;
    std::int64_t sessions = 0;
    std::vector<std::uint32_t> features;  // indexes into feature_names(), sorted
  };

  explicit UsageAggregator(int session_gap_minutes) : gap_(session_gap_minutes) {}

  // Room for `events` events up front, so growing never holds two copies.
  void reserve(std::size_t events) { uses_.reserve(events); }
  // Counts one event. Returns false (nothing counted) for a time after 2149.
  bool add_event(std::string_view user, std::string_view event, std::int64_t unix_seconds);
  void note_group(std::string_view user, std::string_view group);
  void note_email(std::string_view user, std::string_view email);

  // Sorts what was added and calls `each` once per user-day, by user and
  // day; the aggregator holds no events afterwards.
  void finish(const std::function<void(const Day&)>& each);

  const std::vector<User>& users() const { return users_; }
  const std::vector<std::string>& feature_names() const { return features_; }

 private:
  std::uint32_t user_index(std::string_view user);
  std::uint32_t feature_index(std::string_view name);

  // Names → their index, looked up once per event: an open-addressing table
  // of (hash, index) pairs, flat in memory, probed without copying the name.
  class NameIndex {
   public:
    // The index of `name` among `names`, or `names.size()` after adding it
    // to the table (the caller then appends it to `names`).
    std::uint32_t find_or_add(std::string_view name, const std::vector<std::string>& names);
    // The index of `name` among `names`, without adding it.
    std::optional<std::uint32_t> find(std::string_view name, const std::vector<std::string>& names) const;

   private:
    struct Slot {
      std::uint64_t hash = 0;  // 0: empty
      std::uint32_t index = 0;
    };
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
  };

  int gap_;
  std::vector<User> users_;
  std::vector<std::string> user_names_;  // users_[i].external_id, where user_ids_ compares names
  NameIndex user_ids_;
  std::vector<std::string> features_;
  NameIndex feature_ids_;
  std::vector<std::uint64_t> uses_;  // user << 38 | day << 22 | minute << 11 | feature
};

}  // namespace grounded::segments
