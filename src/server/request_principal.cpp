#include "server/request_principal.hpp"

namespace grounded::server {
namespace {

thread_local std::optional<Principal> current;

}  // namespace

const Principal* current_principal() { return current ? &*current : nullptr; }

void set_current_principal(std::optional<Principal> principal) { current = std::move(principal); }

}  // namespace grounded::server
