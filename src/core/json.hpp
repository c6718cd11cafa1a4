// JSON forms of the domain types (nlohmann/json), used by the API and by
// every `--json` CLI verb so both speak the same, stable shapes. Enums are
// their lower-case names; optional fields are null when absent; `meta`,
// `subfields` and `cohort` are embedded as JSON objects, not strings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace grounded {

void to_json(nlohmann::json& out, const Account& account);
void to_json(nlohmann::json& out, const Participant& participant);
void to_json(nlohmann::json& out, const Source& source);  // includes body only when non-empty
void to_json(nlohmann::json& out, const Excerpt& excerpt);
void to_json(nlohmann::json& out, const Tag& tag);
void to_json(nlohmann::json& out, const Persona& persona);
void to_json(nlohmann::json& out, const Attribute& attribute);
void to_json(nlohmann::json& out, const Citation& citation);

// Parses a stored JSON text; malformed text becomes an empty object rather
// than an exception, since it was written by us and is only informative.
nlohmann::json parse_stored_json(const std::string& text);

// Parses JSON that came from outside: an uploaded export, a request body,
// a cohort. `what` names it in errors ("the request body", "cohort").
// Throws Error(invalid_input) for text that is not JSON (with the byte
// offset), nesting deeper than `max_depth` (nlohmann parses iteratively but
// copies, compares and dumps by recursion, so depth must be bounded before
// anything else touches the value), or a number out of range (1e999999).
nlohmann::json parse_untrusted_json(std::string_view text, const std::string& what, int max_depth = 64);

// dump() that never throws on invalid UTF-8 (replaces it), per DESIGN.md.
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace grounded
