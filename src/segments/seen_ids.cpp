#include "segments/seen_ids.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>
#include <utility>

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

ZeroedSlots::ZeroedSlots(std::size_t count) : size_(count) {
  if (!count) return;
  void* p = mmap(nullptr, count * sizeof(std::uint64_t), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<std::uint64_t*>(p);
}

ZeroedSlots::~ZeroedSlots() {
  if (data_) munmap(data_, size_ * sizeof(std::uint64_t));
}

ZeroedSlots::ZeroedSlots(ZeroedSlots&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

ZeroedSlots& ZeroedSlots::operator=(ZeroedSlots&& other) noexcept {
  if (this != &other) {
    if (data_) munmap(data_, size_ * sizeof(std::uint64_t));
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SeenIds::set_earlier(std::vector<std::uint64_t> hashes) {
  if (!std::is_sorted(hashes.begin(), hashes.end())) std::sort(hashes.begin(), hashes.end());  // stored before sorting was kept
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  earlier_ = std::move(hashes);
  // About 8 hashes a bucket: the index costs half a byte an id.
  int bits = 1;
  while (bits < 32 && (std::size_t{1} << bits) * 8 < earlier_.size()) ++bits;
  bucket_shift_ = 64 - bits;
  buckets_.assign((std::size_t{1} << bits) + 1, 0);
  std::size_t at = 0;
  for (std::size_t b = 0; b < (std::size_t{1} << bits); ++b) {
    buckets_[b] = static_cast<std::uint32_t>(at);
    while (at < earlier_.size() && (earlier_[at] >> bucket_shift_) == b) ++at;
  }
  buckets_.back() = static_cast<std::uint32_t>(earlier_.size());
}

bool SeenIds::stored_earlier(std::uint64_t hash) const {
  if (earlier_.empty()) return false;
  const std::size_t b = static_cast<std::size_t>(hash >> bucket_shift_);
  auto first = earlier_.begin() + buckets_[b], last = earlier_.begin() + buckets_[b + 1];
  return std::binary_search(first, last, hash);
}

bool SeenIds::insert(std::uint64_t hash) {
  if (stored_earlier(hash)) return false;
  if ((size_ + 1) * 10 > slots_.size() * 7) rehash(slots_.size() == 0 ? 1024 : slots_.size() * 2);
  std::uint64_t* slots = slots_.data();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots[i] == hash) return false;
    if (slots[i] == 0) {
      slots[i] = hash;
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
  ZeroedSlots old = std::move(slots_);
  slots_ = ZeroedSlots(slots);
  std::uint64_t* fresh = slots_.data();
  const std::size_t mask = slots - 1;
  for (std::size_t k = 0; k < old.size(); ++k) {
    const std::uint64_t h = old.data()[k];
    if (!h) continue;
    std::size_t i = h & mask;
    while (fresh[i]) i = (i + 1) & mask;
    fresh[i] = h;
  }
}

std::size_t SeenIds::compact_and_sort_new() {
  if (!sorted_) {
    std::uint64_t* slots = slots_.data();
    std::size_t n = 0;
    for (std::size_t k = 0; k < slots_.size(); ++k)
      if (slots[k]) slots[n++] = slots[k];
    std::sort(slots, slots + n);
    sorted_ = true;
  }
  return size_;
}

}  // namespace grounded::segments
