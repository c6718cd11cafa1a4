// The set of insert ids already counted, as 64-bit hashes, in two parts:
//
//  - the ids earlier imports stored: one sorted array (8 bytes an id, exactly)
//    with a bucket index on the top bits, so a look-up touches two cache
//    lines; 10 million earlier ids take 84 MB;
//  - this import's new ids: a flat open-addressing table (8 bytes a slot, at
//    most 70% full) in anonymous memory whose pages the kernel gives only as
//    slots are written, so a table sized for a whole file costs nothing while
//    every event is a duplicate (a re-import).
//
// Two different ids share a hash with odds of about 1 in 4·10^11 per pair at
// 10 million ids, which would drop one event. Internal to segments/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace grounded::segments {

// 64-bit hash of an insert id (never 0).
std::uint64_t hash_insert_id(std::string_view id);

// Memory from the kernel, zeroed, paid for a page at a time as it is written.
class ZeroedSlots {
 public:
  ZeroedSlots() = default;
  explicit ZeroedSlots(std::size_t count);
  ~ZeroedSlots();
  ZeroedSlots(ZeroedSlots&& other) noexcept;
  ZeroedSlots& operator=(ZeroedSlots&& other) noexcept;
  std::uint64_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::uint64_t* data_ = nullptr;
  std::size_t size_ = 0;
};

class SeenIds {
 public:
  // The hashes earlier imports stored (any order; sorted here).
  void set_earlier(std::vector<std::uint64_t> hashes);
  // Sizes the new ids' table for `count` ids up front, so growing (old and
  // new tables side by side) never doubles the peak memory mid-import.
  void reserve(std::size_t count);
  // True when `hash` was neither stored earlier nor new (it is new now).
  bool insert(std::uint64_t hash);
  std::size_t new_count() const { return size_; }
  // Calls f(hash) for every member, earlier and new, in ascending order.
  // Sorts the new ids inside their table: no insert() after this.
  template <typename F>
  void for_each_sorted(F&& f) {
    const std::size_t n = compact_and_sort_new();
    const std::uint64_t* fresh = slots_.data();
    std::size_t i = 0, j = 0;
    while (i < earlier_.size() || j < n) {
      if (j == n || (i < earlier_.size() && earlier_[i] < fresh[j])) f(earlier_[i++]);
      else f(fresh[j++]);
    }
  }

 private:
  bool stored_earlier(std::uint64_t hash) const;
  void rehash(std::size_t slots);
  std::size_t compact_and_sort_new();

  std::vector<std::uint64_t> earlier_;   // sorted
  std::vector<std::uint32_t> buckets_;   // earlier_ index of the first hash with each top-bits prefix
  int bucket_shift_ = 64;
  ZeroedSlots slots_;
  std::size_t size_ = 0;
  bool sorted_ = false;
};

}  // namespace grounded::segments
