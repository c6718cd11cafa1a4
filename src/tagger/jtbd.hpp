// Jobs-to-be-done statements: "When …, I want to …, so I can …" and its
// paraphrases ("whenever I have to X I end up Y so that Z", "as a … I want …
// so that …") parsed into situation, motivation and outcome. The shapes are
// data (src/tagger/data/jtbd.json).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace grounded::tagger {

struct JobStatement {
  std::string pattern;     // which shape matched, e.g. "when_want_so"
  std::string situation;   // "" when the text gives none
  std::string motivation;  // never empty
  std::string outcome;     // "" when the text gives none
  std::string role;        // for "as a …" stories: the role
  std::string dimension;   // functional | emotional | social
};

// The job statement in `text`, or nullopt when none of the shapes match.
// Parts are trimmed of surrounding spaces and punctuation. Thread-safe.
std::optional<JobStatement> parse_job_statement(std::string_view text);

// The job dimension suggested by `text` (emotional / social cues, else
// functional).
std::string job_dimension(std::string_view text);

// {"situation":…, "motivation":…, "outcome":…, "dimension":…}: only the
// non-empty parts, in the shape of job tags' sub-fields.
nlohmann::json job_subfields(const JobStatement& job);

}  // namespace grounded::tagger
