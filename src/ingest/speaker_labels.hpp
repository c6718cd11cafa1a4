// What a speaker label says about who is speaking, read from
// src/ingest/data/speaker_labels.json: whether it names the interviewer or a
// participant ("Interviewer 1", "interviewee", "Q", "A"), whether it names a
// person at all ("Speaker 2" and "Interviewee" do not; "Dana Reyes" and "P3"
// do), and which words are prose headings ("Note:", "Step 1:") rather than
// speakers. Matching ignores case and a trailing number or id. Internal to ingest/.
#pragma once

#include <string>
#include <string_view>

#include "core/types.hpp"

namespace grounded::ingest {

// The label lower-cased with a trailing number or id dropped:
// "Interviewer 1" → "interviewer", "Speaker #2" → "speaker", "R-12" → "r".
std::string label_stem(std::string_view label);

// interviewer for interviewer words, participant for participant words,
// unknown for names and anything else.
SpeakerRole role_of_label(std::string_view label);

// True when the label names no particular person (Interviewee, Participant,
// Respondent, Customer, Guest, User, Speaker N, Person N, A, Unknown Speaker …).
bool is_generic_label(std::string_view label);

// True when a transcription tool wrote that it could not tell who spoke
// ("Unknown Speaker", "Unknown", "Unidentified Speaker 2"): a voice, but no
// one in particular. Such turns are stored with their label and role unknown
// and belong to nobody (schema/0012_people_unidentified.sql), so they never
// become a participant or count as one's words.
bool is_unidentified_label(std::string_view label);

// True for labels that mark a role on their own and count as a turn even once
// ("Interviewer:", "Interviewee:", "Speaker 2:"); false for names and for the
// short ones that must recur to count ("Q:", "A:").
bool is_role_label(std::string_view label);

// True for prose headings that are never speakers ("Note", "Step 1", "Summary").
bool is_prose_heading(std::string_view label);

// "Interviewee (Interview 10.txt)": the readable name of the generic
// participant of one file. "A" and "Answer" read as "Participant".
std::string generic_participant_name(std::string_view label, std::string_view origin);

}  // namespace grounded::ingest
