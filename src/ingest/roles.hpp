// Who is the interviewer: label words first (see speaker_labels.hpp: Interviewer, Moderator,
// Researcher, Host …; Interviewee, Participant, Guest …), otherwise the
// speaker who asks most of the questions (turns with a `?`).
#pragma once

#include <string>

#include "ingest/parsed.hpp"

namespace grounded::ingest {

// Sets Turn::role on every turn of an interview whose role is unknown.
// `interviewer` (from --interviewer), when not empty, names the interviewer
// (case-insensitive, full label or first name) and everyone else named is a
// participant. Unidentified speakers ("", "Unknown Speaker") stay unknown.
void assign_interview_roles(ParsedSource& source, const std::string& interviewer);

}  // namespace grounded::ingest
