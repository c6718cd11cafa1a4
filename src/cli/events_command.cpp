// grounded events import FILE — product-analytics exports (Mixpanel,
// Amplitude, PostHog CSV, Segment) into usage aggregates and segments
// (src/segments/usage_import.hpp). Exit 2 for a file that is not an export
// or has too many bad lines; nothing is written then.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/json.hpp"
#include "core/error.hpp"
#include "segments/sample_usage.hpp"
#include "segments/usage_import.hpp"
#include "store/database.hpp"

namespace grounded::cli {
namespace {

constexpr const char* kImportUsage =
    "grounded events import FILE [--id-map MAP.csv] [--keep-raw] [--json] [--db PATH]\n"
    "  FILE: a Mixpanel or Amplitude export (JSON lines), a Segment track/group log (JSON lines)\n"
    "        or a PostHog CSV; recognised by shape. Events are de-duplicated on their insert id,\n"
    "        so re-importing a file or an overlapping export never counts an event twice.\n"
    "  --id-map: CSV with external_id and participant (label or e-mail), email, account (name or domain), domain";

int run_events_import(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "id-map"}, {"json", "keep-raw"});
  if (args.positionals().size() != 1) throw UsageError("usage: " + std::string(kImportUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  segments::ImportOptions options;
  options.id_map = args.get("id-map");
  options.keep_raw = args.has("keep-raw");
  const char* user = std::getenv("USER");
  options.who = user && *user ? user : "cli";
  segments::ImportReport report = segments::import_events(db, args.positionals()[0], options);
  if (args.has("json")) {
    std::cout << dump_json(nlohmann::json(report), 2) << "\n";
    return 0;
  }
  std::cout << "imported " << report.origin << " (" << report.format << "): " << report.new_events << " new events of "
            << report.events << " read, " << report.duplicates << " duplicates skipped, " << report.users << " users ("
            << report.new_users << " new; " << report.users_with_participant << " matched to participants, "
            << report.users_with_account << " to accounts), " << report.user_days << " user-days\n";
  if (report.without_insert_id > 0)
    std::cout << report.without_insert_id << " events had no insert id: de-duplicated on event, user and time\n";
  if (report.bad_lines > 0) {
    std::cout << report.bad_lines << " bad lines skipped";
    std::cout << (report.bad_lines > static_cast<std::int64_t>(report.problems.size()) ? ", the first ones:\n" : ":\n");
    for (const auto& problem : report.problems) std::cout << "  " << problem << "\n";
  }
  return 0;
}

constexpr const char* kSampleUsage =
    "grounded events sample SPEC.usage.json [--out FILE]\n"
    "  writes the deterministic Segment-style export a usage spec describes (samples/analytics/),\n"
    "  the file `grounded ingest samples/` generates and imports itself";

int run_events_sample(const std::vector<std::string>& words) {
  Arguments args(words, {"out"}, {});
  if (args.positionals().size() != 1) throw UsageError("usage: " + std::string(kSampleUsage));
  std::ifstream in(args.positionals()[0], std::ios::binary);
  if (!in) throw not_found("cannot open " + args.positionals()[0]);
  std::stringstream spec;
  spec << in.rdbuf();
  std::string events = segments::generate_sample_usage(spec.str(), args.positionals()[0]);
  if (!args.has("out")) {
    std::cout << events;
    return 0;
  }
  std::ofstream out(args.get("out"), std::ios::binary);
  if (!(out << events)) throw invalid_input("cannot write " + args.get("out"));
  return 0;
}

}  // namespace

GROUNDED_COMMAND("events sample", "Write the sample study's generated analytics export", kSampleUsage, run_events_sample);
GROUNDED_COMMAND("events import", "Import product-analytics events (Mixpanel, Amplitude, PostHog, Segment)",
                 kImportUsage, run_events_import);

}  // namespace grounded::cli
