// Themes seen through the cohort (internal to planning): each theme's
// evidence inside the cohort as a WordingTheme (so quotes and job
// statements are found the same way), and the template section it belongs
// in, from its tags' category and sub-fields and the interviewer's question.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "synth/draft_plan.hpp"
#include "synth/wording_themes.hpp"

namespace grounded::synth {

struct PlacedTheme {
  const PlanTheme* group = nullptr;
  std::string section;  // template section key
  WordingTheme evidence;  // its members in the cohort: docs (by excerpt id), voices
  std::int64_t participants = 0;
};

class ThemePlacement {
 public:
  ThemePlacement(const PersonaTemplate& persona_template, const std::vector<Evidence>& evidence,
                 const std::vector<PlanTheme>& themes);
  // The themes placed in `section_key`, most participants first, then most excerpts.
  std::vector<const PlacedTheme*> in_section(const std::string& section_key) const;
  // Every placed theme of a tag category, most participants first.
  std::vector<const PlacedTheme*> of_category(const std::string& category) const;

 private:
  std::string section_of(const EvidenceTag& tag, const Evidence& evidence);
  // The section of a job said with no job tag (see says_a_job), or "".
  std::string job_section() const;
  // The views (goal, pain_point …) the interviewer's question asks for, by the question bank.
  std::vector<std::string> asked_views(const std::string& question);
  // The template's evidence section for `category` without sub-field conditions, or "".
  std::string general_section_for(const std::string& category) const;
  const PersonaTemplate& template_;
  std::vector<std::unique_ptr<std::vector<SectionDoc>>> docs_;
  std::vector<PlacedTheme> placed_;
  std::map<std::string, std::vector<std::string>> informs_;  // question → bank question's informs (cache)
};

}  // namespace grounded::synth
