// `grounded guide` (draft an interview guide from the question bank) and
// `grounded coverage` (which bank questions an interview asked).
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/study_option.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "tagger/guide.hpp"

namespace grounded::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

int run_guide(const std::vector<std::string>& words) {
  Arguments args(words, {"attributes", "minutes", "format", "db"}, {"job-map", "json"});
  tagger::GuideRequest request;
  request.attributes = split_list(args.get("attributes", "goals,pain_points"));
  request.minutes = static_cast<int>(args.integer("minutes").value_or(45));
  request.job_map = args.has("job-map");
  std::string format = args.has("json") ? "json" : args.get("format", "md");
  if (format != "md" && format != "json") throw UsageError("--format must be md or json");
  auto guide = tagger::draft_guide(*tagger::QuestionBank::builtin(), request);
  if (format == "json") std::cout << dump_json(nlohmann::json(guide), 2) << "\n";
  else std::cout << tagger::render_markdown(guide);
  return 0;
}

int run_coverage(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "study"}, {"json"});
  if (args.has("study")) {
    if (!args.positionals().empty()) throw UsageError("give a source id or --study NAME, not both");
    auto db = store::Database::open(database_path_option(args.get("db")));
    auto coverage = tagger::coverage_of_study(db, find_study_option(db, args.get("study")).id);
    if (args.has("json")) std::cout << dump_json(nlohmann::json(coverage), 2) << "\n";
    else std::cout << tagger::render_markdown(coverage);
    return 0;
  }
  if (args.positionals().size() != 1) throw UsageError("give one source id, or --study NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto coverage = tagger::coverage_of_source(db, parse_id(args.positionals()[0], "source id"));
  if (args.has("json")) std::cout << dump_json(nlohmann::json(coverage), 2) << "\n";
  else std::cout << tagger::render_markdown(coverage);
  return 0;
}

}  // namespace

GROUNDED_COMMAND("guide", "Draft an interview guide from the question bank",
                 "grounded guide --attributes goals,pain_points [--minutes 45] [--format md|json] [--job-map]", run_guide);
GROUNDED_COMMAND("coverage", "Show which bank questions an interview asked",
                 "grounded coverage SOURCE_ID [--db PATH] [--json]\n"
                 "grounded coverage --study NAME [--db PATH] [--json]   (every interview of a study)",
                 run_coverage);

}  // namespace grounded::cli
