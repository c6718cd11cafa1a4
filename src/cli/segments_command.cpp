// grounded segments — behavioral segments per period (each user and account
// with its id as the export gave it), and the thresholds they are judged by.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/calendar.hpp"
#include "segments/segment_history.hpp"
#include "segments/segment_rules.hpp"
#include "store/database.hpp"
#include "store/studies.hpp"
#include "synth/needs_segments.hpp"

namespace grounded::cli {
namespace {

constexpr const char* kUsage =
    "grounded segments [--period week|month] [--at PERIOD] [--json] [--db PATH]\n"
    "  every user and account of the imported analytics with its segment (power, regular, at-risk, new)\n"
    "  in the latest period (or --at 2026-W47 / 2026-11), and where it was the period before";

std::string actor() {
  const char* user = std::getenv("USER");
  return user && *user ? std::string(user) : "cli";
}

void print_members(const char* title, const std::vector<segments::SegmentMember>& members) {
  std::cout << title << " (" << members.size() << "):\n";
  for (const auto& m : members) {
    std::cout << "  " << m.external_id << "\t" << m.segment;
    if (!m.previous_segment.empty() && m.previous_segment != m.segment) std::cout << " (was " << m.previous_segment << ")";
    if (!m.participant.empty()) std::cout << "\tparticipant: " << m.participant;
    if (!m.account.empty()) std::cout << "\taccount: " << m.account;
    std::cout << "\n";
  }
}

int run_segments(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "period", "at"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("usage: " + std::string(kUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto kind = segments::parse_period_kind(args.get("period", "month"));
  segments::PeriodSegments view = segments::segments_for_period(db, kind, args.get("at"));
  if (args.has("json")) {
    nlohmann::json out = view;
    out["sizes"] = segments::segment_sizes(db, kind);
    std::cout << dump_json(out, 2) << "\n";
    return 0;
  }
  if (view.period.empty()) {
    std::cout << "no usage data yet: import an analytics export with `grounded events import FILE`\n";
    return 0;
  }
  std::cout << view.kind << " " << view.period << (view.previous_period.empty() ? "" : " (compared with " + view.previous_period + ")") << "\n";
  print_members("users", view.users);
  print_members("accounts", view.accounts);
  return 0;
}

constexpr const char* kRulesUsage =
    "grounded segments rules [--file RULES.json] [--json] [--db PATH]\n"
    "  shows the segment thresholds; with --file, validates and stores edited ones (exit 2 when invalid)\n"
    "  and recomputes every period's segments";

int run_segments_rules(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "file"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("usage: " + std::string(kRulesUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  segments::SegmentRules rules;
  if (args.has("file")) {
    std::ifstream in(args.get("file"), std::ios::binary);
    if (!in) throw not_found("cannot open " + args.get("file"));
    std::stringstream text;
    text << in.rdbuf();
    store::Transaction transaction(db);
    rules = segments::store_segment_rules(db, text.str(), actor());
    segments::recompute_segments(db, rules);
    transaction.commit();
  } else {
    rules = segments::current_segment_rules(db);
  }
  std::cout << dump_json(segments::to_json(rules), 2) << "\n";
  return 0;
}

constexpr const char* kSuggestUsage =
    "grounded segments suggest [--study NAME] [--json] [--db PATH]\n"
    "  3-5 needs-based persona cohorts from the themes participants share, each with its distinguishing\n"
    "  themes, and the personas that overlap so much they should merge";

int run_segments_suggest(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "study"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("usage: " + std::string(kSuggestUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::optional<Id> study;
  if (args.has("study")) study = store::get_study_by_name(db, args.get("study")).id;
  nlohmann::json out = synth::suggest_needs_segments(db, study);
  if (args.has("json")) {
    std::cout << dump_json(out, 2) << "\n";
    return 0;
  }
  std::cout << out["cohorts"].size() << " needs-based cohorts from " << out["participants"].get<std::int64_t>()
            << " participants (by " << out["basis"].get<std::string>() << ")\n";
  for (const auto& c : out["cohorts"]) {
    std::cout << "- " << c["name"].get<std::string>() << " (" << c["size"].get<std::int64_t>() << "):";
    for (const auto& p : c["participants"]) std::cout << " " << p["label"].get<std::string>() << ";";
    std::cout << "\n    cohort: " << dump_json(c["cohort"]) << "\n";
  }
  for (const auto& o : out["overlaps"]) std::cout << "warning: " << o["message"].get<std::string>() << "\n";
  if (!out["note"].get<std::string>().empty()) std::cout << "note: " << out["note"].get<std::string>() << "\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("segments suggest", "Suggest 3-5 needs-based persona cohorts from shared themes", kSuggestUsage,
                 run_segments_suggest);
GROUNDED_COMMAND("segments", "Behavioral segments (power, regular, at-risk, new) per period", kUsage, run_segments);
GROUNDED_COMMAND("segments rules", "Show or edit the behavioral segment thresholds", kRulesUsage, run_segments_rules);

}  // namespace grounded::cli
