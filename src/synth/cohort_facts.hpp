// Facts computed from the cohort's participant and account records
// ("Role: Controller (3 of 4 participants)"). They carry basis "cohort":
// counted from records, not quoted evidence, and never cite an excerpt.
#pragma once

#include <vector>

#include "synth/draft_plan.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {

// Appends at most section.max facts for a cohort_* section: people (role,
// seniority, segment, industry), accounts (industry, region, stage, size)
// or stack (account stack items). Nothing for other styles.
void draft_cohort_facts(const CohortRecords& records, const SectionTemplate& section,
                        std::vector<DraftedAttribute>& out);

}  // namespace grounded::synth
