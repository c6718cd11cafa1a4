// The persona's evidence gaps as an interview guide for the next round (the
// method's quarterly "interview 3–5 recent customers"): the sections with no
// or thin evidence, each with the question-bank questions that would fill it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/persona_view.hpp"

namespace grounded::synth {

struct GapQuestion {
  std::string id;    // bank question id, e.g. "pain_points.frustrating"
  std::string text;
  std::string probe;
};

struct SectionGap {
  std::string section;
  std::string title;
  std::string status;  // empty (no evidence attribute) | thin (none said by 2 or more participants)
  std::int64_t attributes = 0;
  std::int64_t most_participants = 0;
  std::vector<GapQuestion> questions;  // at most 3, in bank order
};

struct GapReport {
  Id persona_id = 0;
  std::string persona_name;
  std::int64_t participants = 0;  // in the cohort
  std::vector<SectionGap> gaps;   // template order
  std::string advice;             // "Interview 3–5 recent customers …"
};
void to_json(nlohmann::json& out, const GapQuestion& question);
void to_json(nlohmann::json& out, const SectionGap& gap);
void to_json(nlohmann::json& out, const GapReport& report);

// Gaps of the drafted evidence sections (manual and cohort-record sections
// are not evidence gaps). Error(not_found) for an unknown persona.
GapReport persona_gaps(const PersonaView& view);
GapReport persona_gaps(store::Database& db, Id persona_id);

// The report as a Markdown interview guide.
std::string gaps_markdown(const GapReport& report);

}  // namespace grounded::synth
