// The parsers' common output: what a file says, before redaction,
// segmentation and storage. Internal to ingest/.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace grounded::ingest {

// One speaker turn (interviews), message (tickets) or answer (reviews).
struct Turn {
  std::string speaker;   // as labelled in the file ("" when unidentified)
  SpeakerRole role = SpeakerRole::unknown;
  std::string heading;   // shown before the text in the body; defaults to speaker
  std::string text;      // UTF-8, trimmed, never empty once parsed
  std::optional<std::int64_t> start_ms;
  std::optional<std::int64_t> end_ms;
  int line = 0;          // 1-based line (or row) the turn starts on, for messages
};

// One source-to-be: an interview, a ticket, a review.
struct ParsedSource {
  SourceKind kind = SourceKind::interview;
  std::string title;
  std::string occurred_at;
  std::string origin_suffix;        // e.g. "#ticket=1042" for one row of an export
  std::vector<Turn> turns;
  nlohmann::json meta = nlohmann::json::object();
  std::string participant_name;     // requester / reviewer / interviewee
  bool participant_named = false;   // the export identifies the person (a survey's response id): never generic
  std::string participant_role;     // job role ("Finance lead")
  std::string account_name;         // organisation / company
};

// One answer of a survey respondent (one row per chosen option).
struct SurveyAnswer {
  std::string respondent;  // the export's response id, or "row N"
  int source = -1;         // index into ParsedFile::sources, -1 when no open answer made one
  std::string question;
  std::string answer;
  std::string kind;        // choice | scale | attribute | open
};

struct ParsedFile {
  std::string format;               // "webvtt", "zendesk_csv", ...
  std::vector<ParsedSource> sources;
  std::int64_t skipped_rows = 0;    // rows without text (rating-only reviews, ...)
  std::vector<std::string> warnings;
  std::vector<SurveyAnswer> survey_answers;  // survey exports only (ingest/surveys.hpp)
};

}  // namespace grounded::ingest
