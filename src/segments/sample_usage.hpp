// The sample study's product analytics: a deterministic Segment-style export
// (track and group calls, JSON lines) generated from a small spec file
// (samples/analytics/*.usage.json) rather than committed as megabytes of
// events. The same spec and seed always give the same events, so loading
// the sample twice counts nothing twice (insert ids are stable).
//
// Spec: {"seed": 13, "end": "2026-11-27", "days": 90,
//        "features": ["Invoice uploaded", …],
//        "users": [{"id": "dana.whitfield@harborline.example", "account": "Harborline Shipping Co",
//                   "profile": "power"}, …]}
// Profiles: power (most days, several sessions, most features), regular
// (about three days a week), declining (regular, then fading over the last
// four weeks), churned (stops three to six weeks before the end), new
// (starts in the last twelve days), occasional (about a day a week).
// Users are matched like any export's: by e-mail to participants
// ("dana.whitfield@…" → Dana Whitfield) and by their group (the account name).
#pragma once

#include <filesystem>
#include <string>

#include "segments/usage_import.hpp"
#include "store/database.hpp"

namespace grounded::segments {

// True for the file names the sample generator reads ("*.usage.json").
bool is_usage_spec(const std::filesystem::path& path);

// The export the spec describes, as Segment JSON lines. Error(invalid_input)
// naming the spec and field when it is malformed.
std::string generate_sample_usage(const std::string& spec_json, const std::string& spec_name);

// Generates and imports it (segments/usage_import.hpp) under the spec's name.
ImportReport import_sample_usage(store::Database& db, const std::filesystem::path& spec, const std::string& who);

}  // namespace grounded::segments
