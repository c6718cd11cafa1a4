// Where a survey export keeps its questions and answers. Four tools, one row
// per respondent and one column per question, but different headers:
//   Typeform      "#" first, the question texts (may hold HTML), hidden fields,
//                 then Response Type, Start/Stage/Submit Date (UTC), Network ID;
//   Google Forms  "Timestamp" first, then the question texts;
//   SurveyMonkey  a two-row header: the question over the first of its
//                 columns, then each column's sub-answer ("Response",
//                 "Open-Ended Response", or an option of a multi-select);
//   Qualtrics     three header rows: column ids (Q1, Q2_TEXT), the question
//                 texts, then {"ImportId": …} JSON.
// Vocabularies are data (src/ingest/data/survey_exports.json). Internal to ingest/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/csv_reader.hpp"

namespace grounded::ingest {

struct SurveyQuestion {
  std::string text;                  // plain text, HTML removed
  std::vector<std::size_t> columns;  // one, or one per option (SurveyMonkey multi-select)
  std::vector<std::string> options;  // the option of each column ("" = the cell holds the answer)
  bool open = false;                 // the export says so (SurveyMonkey/Qualtrics open-ended markers)
  std::string attribute;             // role | company_size | industry | company | seniority | ""
};

struct SurveyLayout {
  std::string tool;            // typeform | google_forms | surveymonkey | qualtrics
  std::size_t first_row = 0;   // index into CsvTable::rows of the first response
  std::optional<std::size_t> id_column;
  std::optional<std::size_t> date_column;
  std::optional<std::size_t> partial_column;
  std::string partial_value;   // a response with this value in partial_column is incomplete
  std::vector<SurveyQuestion> questions;
};

// How surely the header is a survey export: 0 = not one.
int survey_header_score(const CsvTable& table);

// The layout of a table survey_header_score accepted. Throws
// Error(invalid_input) when the export has no question column.
SurveyLayout survey_layout(const CsvTable& table);

}  // namespace grounded::ingest
