// grounded icp matrix show|edit|versions, icp score, icp export — the ICP
// scoring matrix and the account scores from the shell (src/icp/icp.hpp).
// A matrix that does not validate is bad input: exit 2 with every problem.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/icp.hpp"
#include "icp/number_text.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "text/strings.hpp"

namespace grounded::cli {
namespace {

using nlohmann::json;

constexpr std::uintmax_t kMaxMatrixBytes = 1024 * 1024;

std::string actor() {
  const char* user = std::getenv("USER");
  return user && *user ? std::string(user) : "cli";
}

void print_json(const json& value) { std::cout << dump_json(value, 2) << "\n"; }

void no_positionals(const Arguments& args, const char* usage) {
  if (!args.positionals().empty()) throw UsageError(std::string("usage: ") + usage);
}

json read_matrix_file(const std::string& path) {
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) throw invalid_input("cannot read " + path + ": " + error.message());
  if (size > kMaxMatrixBytes) throw invalid_input(path + " is larger than 1 MB; an ICP matrix is a small JSON file");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return parse_untrusted_json(text.str(), path, 32);
}

// A version number: 0 is the built-in default.
Id parse_id_or_zero(const std::string& text) { return text == "0" ? 0 : parse_id(text, "--version"); }

std::string weights_line(const icp::Matrix& matrix) {
  std::string out;
  for (const auto& a : matrix.attributes) out += (out.empty() ? "" : ", ") + a.label + " " + icp::format_number(a.weight) + "%";
  return out;
}

void print_version_line(const icp::MatrixVersion& v) {
  std::cout << "version " << v.id << (v.id == 0 ? " (built-in default)" : "") << (v.created_at.empty() ? "" : "  " + v.created_at)
            << (v.created_by.empty() ? "" : "  by " + v.created_by) << (v.note.empty() ? "" : "  — " + v.note) << "\n";
}

void print_matrix(const icp::MatrixVersion& version, const icp::Matrix& matrix) {
  print_version_line(version);
  std::cout << matrix.name << "\n\nAttributes (weights total 100%):\n";
  for (const auto& a : matrix.attributes) {
    std::cout << "  " << a.label << " (" << a.key << ", " << to_string(a.kind) << ") " << icp::format_number(a.weight) << "%\n"
              << "    Ideal (5): " << icp::describe(a.ideal) << "\n";
    if (a.good) std::cout << "    Good (3):  " << icp::describe(*a.good) << "\n";
    std::cout << "    Poor (1):  anything else; not rated when the data is missing\n";
  }
  if (!matrix.disqualifiers.empty()) std::cout << "\nDisqualifiers:\n";
  for (const auto& r : matrix.disqualifiers) std::cout << "  " << r.label << ": " << icp::describe(r.when) << "\n";
  if (!matrix.signals.empty()) std::cout << "\nSignals:\n";
  for (const auto& r : matrix.signals)
    std::cout << "  " << (r.adjust > 0 ? "+" : "") << icp::format_number(r.adjust) << "  " << r.label << ": "
              << icp::describe(r.when) << "\n";
  std::cout << "\nTiers:";
  for (const auto& t : matrix.tiers) std::cout << "  " << t.label << " ≥ " << icp::format_number(t.min) << ";";
  std::cout << "  below: " << matrix.below.label << "\n";
}

constexpr const char* kShowUsage = "grounded icp matrix show [--version N] [--json] [--db PATH]";

int run_matrix_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "version"}, {"json"});
  no_positionals(args, kShowUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  icp::MatrixVersion version = args.has("version") ? icp::get_matrix_version(db, parse_id_or_zero(args.get("version")))
                                                   : icp::current_matrix_version(db);
  if (args.has("json")) {
    print_json(version);
    return 0;
  }
  print_matrix(version, icp::parse_matrix(version.document));
  return 0;
}

constexpr const char* kEditUsage =
    "grounded icp matrix edit --file MATRIX.json [--note TEXT] [--json] [--db PATH]\n"
    "  MATRIX.json: a matrix (see src/icp/data/icp_matrix.json) or what `icp matrix show --json` prints";

int run_matrix_edit(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "file", "note"}, {"json"});
  no_positionals(args, kEditUsage);
  if (!args.has("file")) throw UsageError(std::string("usage: ") + kEditUsage);
  json document = read_matrix_file(args.get("file"));
  // What `icp matrix show --json` prints (a version: {version, …, matrix}) works as is.
  if (document.is_object() && document.contains("version") && document.contains("matrix") && document["matrix"].is_object())
    document = json(document["matrix"]);
  auto db = store::Database::open(database_path_option(args.get("db")));
  icp::MatrixVersion saved = icp::save_matrix(db, document, actor(), args.get("note"));
  if (args.has("json")) {
    print_json(saved);
    return 0;
  }
  icp::Matrix matrix = icp::parse_matrix(saved.document);
  std::cout << "saved ICP matrix version " << saved.id << ": " << weights_line(matrix) << "\n";
  return 0;
}

constexpr const char* kVersionsUsage = "grounded icp matrix versions [--json] [--db PATH]";

int run_matrix_versions(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  no_positionals(args, kVersionsUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto versions = icp::list_matrix_versions(db);
  if (args.has("json")) {
    print_json({{"items", versions}});
    return 0;
  }
  for (const auto& v : versions) print_version_line(v);
  return 0;
}

std::string score_text(const icp::AccountScore& s) { return s.score ? icp::format_score(*s.score) : "—"; }

void print_score_row(const icp::AccountScore& s) {
  std::cout << std::left << std::setw(6) << score_text(s) << std::setw(16) << s.tier_label << s.account_name << "\t";
  for (std::size_t i = 0; i < s.attributes.size(); ++i) {
    const auto& a = s.attributes[i];
    std::cout << (i ? ", " : "") << a.label << " " << (a.rating ? std::to_string(*a.rating) : "—");
  }
  if (!s.complete) {
    std::cout << "\tincomplete: no ";
    for (std::size_t i = 0; i < s.missing.size(); ++i) std::cout << (i ? ", " : "") << s.missing[i];
  }
  for (const auto& d : s.disqualified_by) std::cout << "\tdisqualified: " << d.label << " (" << d.fact << ")";
  std::cout << "\n";
}

void print_citations(const std::vector<icp::CitedExcerpt>& citations, const std::string& indent) {
  for (const auto& c : citations) {
    const auto& e = c.excerpt;
    std::string who = e.participant_label.empty() ? e.speaker : e.participant_label;
    std::cout << indent << "“" << text::shorten(text::one_line(e.quote), 160) << "” — " << (who.empty() ? "unknown" : who)
              << ", " << e.source_title << (e.occurred_at.empty() ? "" : " (" + e.occurred_at.substr(0, 10) + ")")
              << " [excerpt " << e.excerpt_id << ", source " << e.source_id << "]\n";
  }
}

void print_breakdown(const icp::AccountScore& s) {
  print_score_row(s);
  if (s.weighted && s.score && *s.weighted != *s.score)
    std::cout << "  weighted " << icp::format_score(*s.weighted) << ", signals move it to " << score_text(s) << "\n";
  for (const auto& a : s.attributes) {
    std::cout << "  " << a.label << " (" << icp::format_number(a.weight) << "%"
              << (a.rating && a.effective_weight != a.weight ? ", counts " + icp::format_number(a.effective_weight) + "%" : "")
              << "): " << (a.rating ? std::to_string(*a.rating) + " " + a.level : std::string("not rated")) << "\n"
              << "    " << a.rule << "\n    " << a.fact << "\n";
    print_citations(a.citations, "      ");
  }
  for (const auto& hit : s.signals) {
    std::cout << "  signal " << (hit.adjust > 0 ? "+" : "") << icp::format_number(hit.adjust) << " " << hit.label << ": "
              << hit.fact << "\n";
    print_citations(hit.citations, "      ");
  }
  for (const auto& hit : s.disqualified_by) std::cout << "  disqualified: " << hit.label << ": " << hit.fact << "\n";
  for (const auto& u : s.unchecked) std::cout << "  not checked: " << u << "\n";
}

constexpr const char* kScoreUsage = "grounded icp score [--account NAME] [--today YYYY-MM-DD] [--json] [--db PATH]";

int run_score(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "account", "today"}, {"json"});
  no_positionals(args, kScoreUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::optional<Id> account;
  if (args.has("account")) account = store::get_account_by_name(db, args.get("account")).id;
  icp::ScoreBoard board = icp::score_accounts(db, account, args.get("today"));
  if (args.has("json")) {
    json out = {{"matrix_version", board.version.id}, {"distribution", board.distribution}};
    if (account) out["account"] = board.scores.front();
    else {
      json items = json::array();
      for (const auto& s : board.scores) items.push_back(s);
      out["items"] = items;
    }
    print_json(out);
    return 0;
  }
  if (account) {
    print_breakdown(board.scores.front());
    return 0;
  }
  for (const auto& s : board.scores) print_score_row(s);
  std::cout << board.scores.size() << (board.scores.size() == 1 ? " account" : " accounts") << " scored with matrix version "
            << board.version.id << ":";
  for (const auto& t : board.distribution)
    if (t.accounts) std::cout << "  " << t.label << " " << t.accounts;
  std::cout << "\n";
  return 0;
}

constexpr const char* kExportUsage = "grounded icp export [--format csv|md] [--out FILE] [--today YYYY-MM-DD] [--db PATH]";

int run_export(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "format", "out", "today"}, {});
  no_positionals(args, kExportUsage);
  icp::ExportFormat format = icp::parse_export_format(args.get("format", "csv"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  icp::ScoreBoard board = icp::score_accounts(db, std::nullopt, args.get("today"));
  std::string text = format == icp::ExportFormat::csv ? icp::scores_csv(board.matrix, board.scores)
                                                      : icp::scores_markdown(board.matrix, board.scores);
  if (!args.has("out")) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(args.get("out"), std::ios::binary);
  if (!out) throw invalid_input("cannot write " + args.get("out"));
  out << text;
  if (!out.flush()) throw invalid_input("could not finish writing " + args.get("out"));
  std::cerr << "wrote " << board.scores.size() << " accounts to " << args.get("out") << "\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("icp matrix show", "Show the ICP scoring matrix in force (or --version N)", kShowUsage, run_matrix_show);
GROUNDED_COMMAND("icp matrix edit", "Validate and save an ICP matrix from a JSON file as a new version", kEditUsage,
                 run_matrix_edit);
GROUNDED_COMMAND("icp matrix versions", "List the saved versions of the ICP matrix", kVersionsUsage, run_matrix_versions);
GROUNDED_COMMAND("icp score", "Score every account against the ICP matrix (or one, with its evidence)", kScoreUsage,
                 run_score);
GROUNDED_COMMAND("icp export", "Export the ICP scores as CSV or Markdown", kExportUsage, run_export);

}  // namespace grounded::cli
