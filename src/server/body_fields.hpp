// Reading the fields of a JSON request body: each reader throws
// Error(invalid_input) naming the field, so a bad body is a 400 that says
// what to fix. (Older route files keep local copies of these; new ones use this.)
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/types.hpp"

namespace grounded::server {

// Error(invalid_input) "unknown field 'x'" for a key not in `allowed`.
void reject_unknown_fields(const nlohmann::json& body, std::initializer_list<const char*> allowed);
// The string field `name` (required), at most `max` bytes.
std::string required_string(const nlohmann::json& body, const std::string& name, std::size_t max = 10000);
// The id field `name` when present and not null (a positive whole number).
std::optional<Id> optional_id(const nlohmann::json& body, const std::string& name);
// The boolean field `name`, `fallback` when absent.
bool optional_bool(const nlohmann::json& body, const std::string& name, bool fallback);

}  // namespace grounded::server
