// The job statement of a job theme: "When …, I want to …, so I can …",
// built from the sub-fields of one of its tags (internal to planning).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "synth/wording_themes.hpp"

namespace grounded::synth {

// A string sub-field of a tag, trimmed ("" when absent or not a string).
std::string subfield(const nlohmann::json& subfields, const std::string& key);

// The statement from the theme's most complete job tag, or "" when no tag
// names a motivation.
std::string job_statement(const WordingTheme& theme);

}  // namespace grounded::synth
