// Survey response exports (Typeform, Google Forms, SurveyMonkey, Qualtrics;
// layouts in survey_layout.hpp). One source of kind survey per respondent
// with at least one open answer: each open answer is a turn under its
// question, which is a turn of its own with the interviewer's role — so the
// tagger reads the question as the context of the answer (question intent)
// and the question bank can match it, exactly as for an interview. Closed
// answers (choices, scales, and respondent attributes such as role or
// company size) go to the source's meta and to ParsedFile::survey_answers,
// one row per chosen option, so they can be counted. Respondents who gave
// only closed answers are counted there without a source; empty and partial
// responses without an open answer are skipped rows. Internal to ingest/.
#pragma once

#include <map>
#include <set>
#include <string>

#include "ingest/csv_reader.hpp"
#include "ingest/parsed.hpp"

namespace grounded::ingest {

int survey_score(const CsvTable& table);

// Throws Error(invalid_input) for an export without question columns.
ParsedFile parse_survey_csv(const CsvTable& table);

// Drops from `file` the respondents whose response id is in `known`: an
// export downloaded again holds every earlier response besides the new
// ones, and a respondent must count once. Their sources and answers go;
// rows without a response id ("row N", e.g. Google Forms) are never dropped.
// Returns how many respondents were dropped.
std::size_t drop_known_respondents(ParsedFile& file, const std::set<std::string>& known);

}  // namespace grounded::ingest
