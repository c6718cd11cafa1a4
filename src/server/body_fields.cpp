#include "server/body_fields.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace grounded::server {

void reject_unknown_fields(const nlohmann::json& body, std::initializer_list<const char*> allowed) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // a named variable: clang 14 cannot capture a structured binding
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* name) { return key == name; }))
      throw invalid_input("unknown field '" + key + "'");
  }
}

std::string required_string(const nlohmann::json& body, const std::string& name, std::size_t max) {
  if (!body.contains(name)) throw invalid_input("'" + name + "' is required");
  const nlohmann::json& value = body[name];
  if (!value.is_string()) throw invalid_input("'" + name + "' must be a string");
  if (value.get_ref<const std::string&>().size() > max)
    throw invalid_input("'" + name + "' is longer than " + std::to_string(max) + " characters");
  return value.get<std::string>();
}

std::optional<Id> optional_id(const nlohmann::json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  const nlohmann::json& value = body[name];
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0)
    throw invalid_input("'" + name + "' must be an id (a positive whole number)");
  return value.get<Id>();
}

bool optional_bool(const nlohmann::json& body, const std::string& name, bool fallback) {
  if (!body.contains(name)) return fallback;
  if (!body[name].is_boolean()) throw invalid_input("'" + name + "' must be true or false");
  return body[name].get<bool>();
}

}  // namespace grounded::server
