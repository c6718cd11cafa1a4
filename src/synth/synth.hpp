// grounded::synth — evidence-cited personas.
//
// The public surface of the synthesizer, one include for routes and verbs:
//   persona_store.hpp  create/list personas, add/edit attributes, attach
//                      citations, record verdicts and sign-offs
//   cohort.hpp         the cohort filter and its size
//   draft.hpp          draft_persona: tags → themes → cited attributes
//   draft_plan.hpp     plan_draft: the same planning on plain values, no database
//   persona_view.hpp   load_persona_view: attributes, citations in context,
//                      evidence strength, flags, score, review progress;
//                      evidence_matrix for the chart
//   checklist.hpp      validation checklist and anti-pattern warnings
//   export.hpp         Markdown, JSON and HTML exports
//   gap_report.hpp     sections with no or thin evidence, with bank questions to fill them
// Every result type has a to_json, so a route is
//   res = dump_json(nlohmann::json(synth::load_persona_view(db, id)));
#pragma once

#include "synth/checklist.hpp"
#include "synth/cohort.hpp"
#include "synth/draft.hpp"
#include "synth/draft_plan.hpp"
#include "synth/export.hpp"
#include "synth/gap_report.hpp"
#include "synth/persona_sizing.hpp"
#include "synth/persona_store.hpp"
#include "synth/persona_view.hpp"
#include "synth/review_cadence.hpp"
#include "synth/survey_checks.hpp"
#include "synth/templates.hpp"
