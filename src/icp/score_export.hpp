// ICP scores as a table a person pastes into a document or a spreadsheet:
// one row per account with its score, tier, completeness, each attribute's
// rating (Ideal 5 / Good 3 / Poor 1, "—" when not rated), the signals that
// moved it and what disqualified it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "icp/matrix.hpp"
#include "icp/scoring.hpp"

namespace grounded::icp {

enum class ExportFormat { csv, markdown };
// "csv", "md" or "markdown"; Error(invalid_input) naming the accepted values.
ExportFormat parse_export_format(std::string_view text);

// RFC 4180 CSV (CRLF, quoted where needed); text cells that a spreadsheet
// would run as a formula (= + - @ at the start) get a leading apostrophe.
std::string scores_csv(const Matrix& matrix, const std::vector<AccountScore>& scores);
// A Markdown heading, the matrix's weights, and a GitHub-style table;
// customer-given text is escaped (text/markdown.hpp).
std::string scores_markdown(const Matrix& matrix, const std::vector<AccountScore>& scores);

}  // namespace grounded::icp
