// Lenient readers for vendor JSON: a field may be missing, null, a number
// or a numeric string. Internal to ingest/.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace grounded::ingest {

// The value at `key` as text ("" when missing or null; numbers and bools printed).
std::string json_string(const nlohmann::json& obj, const char* key);
// The value at `key` as a number (numeric strings accepted).
std::optional<double> json_number(const nlohmann::json& obj, const char* key);
// A nested object or nullptr.
const nlohmann::json* json_object(const nlohmann::json& obj, const char* key);
// "2024-03-12T14:00:00Z".
std::string iso_from_epoch_seconds(double seconds);

}  // namespace grounded::ingest
