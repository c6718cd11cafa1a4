#include "icp/score_export.hpp"

#include <sstream>

#include "core/error.hpp"
#include "icp/number_text.hpp"
#include "text/markdown.hpp"
#include "text/strings.hpp"

namespace grounded::icp {
namespace {

std::string csv_cell(const std::string& text) {
  std::string cell = text;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) cell = "'" + cell;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string rating_text(const AttributeScore& a) { return a.rating ? std::to_string(*a.rating) : "—"; }

std::string score_text(const AccountScore& s) { return s.score ? format_score(*s.score) : "—"; }

std::string signal_text(const AccountScore& s) {
  std::string out;
  for (const auto& hit : s.signals)
    out += (out.empty() ? "" : "; ") + hit.label + " (" + (hit.adjust > 0 ? "+" : "") + format_number(hit.adjust) + ")";
  return out;
}

std::string disqualified_text(const AccountScore& s) {
  std::string out;
  for (const auto& hit : s.disqualified_by) out += (out.empty() ? "" : "; ") + hit.label + ": " + hit.fact;
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

ExportFormat parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::csv;
  if (text == "md" || text == "markdown") return ExportFormat::markdown;
  throw invalid_input("unknown export format '" + std::string(text) + "' (csv, md)");
}

std::string scores_csv(const Matrix& matrix, const std::vector<AccountScore>& scores) {
  std::ostringstream out;
  out << "Account,Score,Tier,Complete,Missing";
  for (const auto& a : matrix.attributes) out << "," << csv_cell(a.label + " (" + format_number(a.weight) + "%)");
  out << ",Signals,Disqualified by\r\n";
  for (const auto& s : scores) {
    out << csv_cell(s.account_name) << "," << (s.score ? format_score(*s.score) : "") << "," << csv_cell(s.tier_label)
        << "," << (s.complete ? "yes" : "no") << "," << csv_cell(joined(s.missing));
    for (const auto& a : s.attributes) out << "," << (a.rating ? std::to_string(*a.rating) : "");
    out << "," << csv_cell(signal_text(s)) << "," << csv_cell(disqualified_text(s)) << "\r\n";
  }
  return out.str();
}

std::string scores_markdown(const Matrix& matrix, const std::vector<AccountScore>& scores) {
  std::ostringstream out;
  out << "# ICP scores — " << text::markdown_inline(matrix.name) << "\n\n";
  out << "Weights: ";
  for (std::size_t i = 0; i < matrix.attributes.size(); ++i)
    out << (i ? ", " : "") << text::markdown_inline(matrix.attributes[i].label) << " "
        << format_number(matrix.attributes[i].weight) << "%";
  out << ". Ratings: Ideal 5, Good 3, Poor 1, — not rated (missing data; the score is over the rest).\n\n";
  out << "| Account | Score | Tier |";
  for (const auto& a : matrix.attributes) out << " " << text::markdown_inline(a.label) << " |";
  out << " Notes |\n|---|---:|---|";
  for (std::size_t i = 0; i < matrix.attributes.size(); ++i) out << "---:|";
  out << "---|\n";
  for (const auto& s : scores) {
    out << "| " << text::markdown_inline(s.account_name) << " | " << score_text(s) << " | "
        << text::markdown_inline(s.tier_label) << " |";
    for (const auto& a : s.attributes) out << " " << rating_text(a) << " |";
    std::vector<std::string> notes;
    if (!s.complete) notes.push_back("incomplete: no " + joined(s.missing));
    if (!s.signals.empty()) notes.push_back(signal_text(s));
    if (!s.disqualified_by.empty()) notes.push_back("disqualified: " + disqualified_text(s));
    std::string note_text;
    for (const auto& n : notes) note_text += (note_text.empty() ? "" : "; ") + n;
    out << " " << text::markdown_inline(note_text) << " |\n";
  }
  out << "\n" << scores.size() << (scores.size() == 1 ? " account" : " accounts") << ".\n";
  return out.str();
}

}  // namespace grounded::icp
