// Product reviews: G2 (CSV with the question texts as headers, and the G2
// API JSON), Capterra JSON, App Store Connect JSON, Google Play CSV (UTF-16),
// and generic review CSVs. One source per review; each answer/pros/cons
// part is a turn with role author; rating, reviewer role, company size,
// industry and date go to meta. Rows without any text are counted in
// skipped_rows, not rejected.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "ingest/csv_reader.hpp"
#include "ingest/parsed.hpp"

namespace grounded::ingest {

int review_header_score(const CsvTable& table);
// Throws Error(invalid_input) when no review text column is found.
ParsedFile parse_review_csv(const CsvTable& table, const std::map<std::string, std::string>& column_map);

bool looks_like_review_json(const nlohmann::json& doc);
ParsedFile parse_review_json(const nlohmann::json& doc);

// The first `words` words of text, with an ellipsis when cut (titles).
std::string title_from_text(std::string_view text, int words = 8);

}  // namespace grounded::ingest
