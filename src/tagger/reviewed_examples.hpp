// What the researcher taught the tagger in this repository: labeled rows
// imported from another tool (`grounded tagger train --labeled FILE.csv`)
// and the excerpts whose tags people accepted, rejected, edited or added.
// Both become training rows that weigh more than the shipped seed set, so a
// repository's model leans toward its own kind of text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "tagger/training.hpp"

namespace grounded::tagger {

// The text as compared for duplicates: its NFKC case-folded words joined by
// single spaces ("Great app!!" and "great  APP" are one text). "" when the
// text has no words.
std::string normalized_text(std::string_view text);

// One row of an import that was not stored, and why.
struct ImportIssue {
  int line = 0;
  std::string reason;
};

struct ImportReport {
  std::string origin;                // the file name the rows came from
  std::int64_t rows = 0;             // data rows read
  std::int64_t imported = 0;
  std::vector<ImportIssue> skipped;  // duplicates of an earlier line or of an already imported text
  std::vector<ImportIssue> invalid;  // unknown label, empty labels cell, no words in the text
};

// Imports a `text,labels` CSV (as `tagger eval --gold` reads) into
// reviewed_examples, deduplicated on normalized_text, in one transaction with
// one audit entry ("tagger.import", entity "reviewed_examples"). Good rows
// are imported and bad ones reported, unless `strict`: then any invalid row
// stores nothing and throws Error(invalid_input) naming every bad line.
// Throws Error(invalid_input) for a file that is not such a CSV at all.
ImportReport import_labeled(store::Database& db, std::string_view csv, const std::string& origin,
                            const std::string& who, bool strict = false);

// How much a reviewed row weighs against a seed row by default
// (src/tagger/data/learning.json, "reviewed_weight").
double default_reviewed_weight();

struct ReviewedRows {
  std::vector<TrainingRow> rows;
  std::int64_t imported = 0;          // rows from reviewed_examples
  std::int64_t reviewed_excerpts = 0; // rows from excerpts with accepted or rejected tags
  std::int64_t accepted_tags = 0;
  std::int64_t rejected_tags = 0;
};

// Every reviewed row of the repository with weight `weight`: imported rows
// fully labeled; a reviewed excerpt labels only the categories reviewed on it
// (accepted, edited or added → 1; rejected → 0, a negative; others unknown).
ReviewedRows reviewed_rows(store::Database& db, double weight);

void to_json(nlohmann::json& out, const ImportIssue& issue);
void to_json(nlohmann::json& out, const ImportReport& report);

}  // namespace grounded::tagger
