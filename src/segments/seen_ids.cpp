#include "segments/seen_ids.hpp"

namespace grounded::segments {

std::uint64_t hash_insert_id(std::string_view id) {
  // FNV-1a, then a murmur finaliser so the low bits (the table index) mix well.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h ? h : 1;
}

bool SeenIds::insert(std::uint64_t hash) {
  if ((size_ + 1) * 10 > slots_.size() * 7) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i] == hash) return false;
    if (slots_[i] == 0) {
      slots_[i] = hash;
      ++size_;
      return true;
    }
  }
}

void SeenIds::reserve(std::size_t count) {
  std::size_t slots = 1024;
  while (slots * 7 < count * 10) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

void SeenIds::rehash(std::size_t slots) {
  std::vector<std::uint64_t> old;
  old.swap(slots_);
  slots_.assign(slots, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint64_t h : old) {
    if (!h) continue;
    std::size_t i = h & mask;
    while (slots_[i]) i = (i + 1) & mask;
    slots_[i] = h;
  }
}

}  // namespace grounded::segments
