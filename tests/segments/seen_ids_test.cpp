// The insert-id set: ids stored by earlier imports (sorted array with a
// bucket index) and this import's new ids (a lazily paged table) answer as
// one set, and write back as their sorted union.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "segments/seen_ids.hpp"

using grounded::segments::hash_insert_id;
using grounded::segments::SeenIds;

namespace {

std::uint64_t next(std::uint64_t& state) {  // splitmix64
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) | 1;
}

}  // namespace

TEST_CASE("seen ids: earlier ids (unsorted, repeated, at the range's ends) and new ids are one set") {
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> earlier = {top, 1, 77, 77, 5};
  std::uint64_t state = 42;
  for (int i = 0; i < 50000; ++i) earlier.push_back(next(state));
  SeenIds seen;
  seen.set_earlier(earlier);
  seen.reserve(100);  // grows past this

  for (std::uint64_t h : earlier) CHECK_FALSE(seen.insert(h));
  CHECK(seen.new_count() == 0);

  std::vector<std::uint64_t> fresh = {2, top - 1, hash_insert_id("user\x1f" "ins-1")};
  for (int i = 0; i < 30000; ++i) fresh.push_back(next(state));
  for (std::uint64_t h : fresh) CHECK(seen.insert(h));
  for (std::uint64_t h : fresh) CHECK_FALSE(seen.insert(h));
  CHECK(seen.new_count() == fresh.size());

  std::set<std::uint64_t> expected(earlier.begin(), earlier.end());
  expected.insert(fresh.begin(), fresh.end());
  std::vector<std::uint64_t> written;
  seen.for_each_sorted([&](std::uint64_t h) { written.push_back(h); });
  CHECK(written == std::vector<std::uint64_t>(expected.begin(), expected.end()));
}

TEST_CASE("seen ids: with nothing earlier the table alone de-duplicates") {
  SeenIds seen;
  seen.set_earlier({});
  CHECK(seen.insert(hash_insert_id("a")));
  CHECK(seen.insert(hash_insert_id("b")));
  CHECK_FALSE(seen.insert(hash_insert_id("a")));
  std::vector<std::uint64_t> written;
  seen.for_each_sorted([&](std::uint64_t h) { written.push_back(h); });
  CHECK(written.size() == 2);
  CHECK(std::is_sorted(written.begin(), written.end()));
}
