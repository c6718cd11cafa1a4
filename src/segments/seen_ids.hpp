// The set of insert ids already counted, as 64-bit hashes in one flat
// open-addressing table (8 bytes a slot, at most 70% full): 10 million ids
// take 128 MB. Two different ids share a hash with odds of about 1 in 4·10^11
// per pair at that size, which would drop one event. Internal to segments/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace grounded::segments {

// 64-bit hash of an insert id (never 0).
std::uint64_t hash_insert_id(std::string_view id);

class SeenIds {
 public:
  // Sizes the table for `count` ids up front, so growing (old and new
  // tables side by side) never doubles the peak memory mid-import.
  void reserve(std::size_t count);
  // True when `hash` was not in the set (it is now).
  bool insert(std::uint64_t hash);
  std::size_t size() const { return size_; }
  // Calls f(hash) for every member, in table order.
  template <typename F>
  void for_each(F&& f) const {
    for (std::uint64_t h : slots_)
      if (h) f(h);
  }

 private:
  void rehash(std::size_t slots);
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace grounded::segments
