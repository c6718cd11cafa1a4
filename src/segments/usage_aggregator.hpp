// Turns a stream of (user, event name, time) into usage per user and UTC
// day — events, sessions, distinct features — in bounded memory: per event
// two packed 32-bit words (day-key and minute, day-key and feature), sorted
// once at the end. Limits per import: 2,097,151 user-days (else
// Error(invalid_input) asking to split the export by date) and 2,047 event
// names (later names count as the feature "(other events)").
// Internal to segments/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
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

  void add_event(std::string_view user, std::string_view event, std::int64_t unix_seconds);
  void note_group(std::string_view user, std::string_view group);
  void note_email(std::string_view user, std::string_view email);

  // Sorts what was added and calls `each` once per user-day, in no
  // particular order; the aggregator is empty of events afterwards.
  void finish(const std::function<void(const Day&)>& each);

  const std::vector<User>& users() const { return users_; }
  const std::vector<std::string>& feature_names() const { return features_; }
  std::size_t user_days() const { return key_user_.size(); }

 private:
  std::uint32_t user_index(std::string_view user);
  std::uint32_t feature_index(std::string_view name);

  int gap_;
  std::vector<User> users_;
  std::unordered_map<std::string, std::uint32_t> user_ids_;
  std::vector<std::string> features_;
  std::unordered_map<std::string, std::uint32_t> feature_ids_;
  std::unordered_map<std::uint64_t, std::uint32_t> keys_;  // user << 32 | day → day-key
  std::vector<std::uint32_t> key_user_;
  std::vector<DayNumber> key_day_;
  std::vector<std::uint32_t> user_last_key_;  // a cache: exports come roughly in time order
  std::vector<std::uint32_t> minutes_;        // day-key << 11 | minute of day
  std::vector<std::uint32_t> feature_uses_;   // day-key << 11 | feature
  std::string lookup_;
};

}  // namespace grounded::segments
