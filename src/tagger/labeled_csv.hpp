// Labeled texts in the `text,labels` CSV shape shared by the seed training
// set, the dev set and `grounded tagger eval --gold`: labels joined by '|',
// "none" (or empty) for no category. An optional `question` column holds the
// interviewer's question the text answers (context for the tagger), an
// optional `root_cause` column an objection's root cause (one of the
// taxonomy's values), and an optional `voice` column the kind of text it is
// ("app_review", "tweet", "interview_practitioner"). Other columns are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::tagger {

struct LabeledText {
  std::string text;
  std::vector<std::string> labels;  // taxonomy keys; empty = no category
  std::string question = {};         // the question it answers, or ""
  std::string root_cause = {};       // an objection's root cause ("price"), or ""
  std::string voice = {};            // the kind of text ("tweet"), or ""
};

// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Throws
// Error(invalid_input) when the header lacks `text` or `labels`, a quote is
// unterminated, or a label is not a taxonomy category (naming line and label).
std::vector<LabeledText> parse_labeled_csv(std::string_view csv);

// One data row of a labeled CSV as read, for imports that keep the good rows
// and name the bad ones.
struct LabeledRow {
  int line = 0;  // the file line the record starts on (the header is line 1)
  LabeledText row;
  bool labels_given = false;  // the labels cell is there and not blank
  std::string problem;        // "unknown label 'x'", or "" when every label is known
};
// Every data row with its problem, if any. Throws Error(invalid_input) only
// for what spoils the whole file: no text/labels header, an unterminated quote.
std::vector<LabeledRow> read_labeled_rows(std::string_view csv);

// The embedded training sets the model ships with: seed_training.csv (the
// project's interview/ticket/review examples) followed by every other
// src/tagger/data/training_*.csv (e.g. training_reviews.csv, short app-review
// and ticket lines). A row without a voice gets its file's name as one
// ("training_reviews.csv"): the training rows' kinds of text, which the
// decision thresholds are cross-validated across. Parsed once; thread-safe.
const std::vector<LabeledText>& seed_training_set();

}  // namespace grounded::tagger
