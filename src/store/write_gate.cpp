#include "store/write_gate.hpp"

#include <map>

#include "core/error.hpp"

namespace grounded::store {

std::shared_ptr<WriteGate> WriteGate::for_database(const std::string& identity) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<WriteGate>> gates;
  std::lock_guard lock(mutex);
  std::weak_ptr<WriteGate>& slot = gates[identity];
  std::shared_ptr<WriteGate> gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriteGate>();
    slot = gate;
  }
  // Forget gates nobody holds any more (databases of finished tests).
  for (auto it = gates.begin(); it != gates.end();) it = it->second.expired() ? gates.erase(it) : std::next(it);
  return gate;
}

WriteGate::Hold WriteGate::acquire() {
  if (owner_.load() == std::this_thread::get_id()) return Hold();
  if (!mutex_.try_lock_for(kMaxWait))
    throw Error(ErrorKind::internal, "another write to the database has been running for more than 5 minutes; "
                                     "try again when it has finished");
  owner_.store(std::this_thread::get_id());
  return Hold(this);
}

WriteGate::Hold& WriteGate::Hold::operator=(Hold&& other) noexcept {
  if (this != &other) {
    release();
    gate_ = other.gate_;
    other.gate_ = nullptr;
  }
  return *this;
}

void WriteGate::Hold::release() {
  if (!gate_) return;
  gate_->owner_.store(std::thread::id());
  gate_->mutex_.unlock();
  gate_ = nullptr;
}

}  // namespace grounded::store
