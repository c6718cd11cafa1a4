// grounded sources / show / excerpt / delete — reading the evidence store.
#include <cstdio>
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/study_option.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

namespace grounded::cli {
namespace {

std::string clock(std::optional<std::int64_t> ms) {
  if (!ms) return "";
  std::int64_t s = *ms / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

nlohmann::json summary_json(const store::SourceSummary& s) {
  nlohmann::json j = s.source;
  j["participant_label"] = s.participant_label;
  j["participant_role"] = s.participant_role;
  j["account_name"] = s.account_name;
  j["excerpt_count"] = s.excerpt_count;
  j["study_name"] = s.study_name;
  return j;
}

void print_excerpt(const Excerpt& e, const char* mark = "") {
  std::cout << mark << (e.speaker.empty() ? "(unknown)" : e.speaker) << " (" << to_string(e.speaker_role) << ")";
  if (e.start_ms) std::cout << " " << clock(e.start_ms) << (e.end_ms ? "–" + clock(e.end_ms) : "");
  std::cout << " [excerpt " << e.id << " @" << e.start_byte << "-" << e.end_byte << "]\n  " << e.text << "\n";
}

std::string dump(const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); }

int run_sources(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "kind", "participant-role", "account", "study", "limit", "offset"}, {"json"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::SourceFilter filter;
  if (args.has("study")) filter.study_id = find_study_option(db, args.get("study")).id;
  if (args.has("kind")) filter.kind = parse_source_kind(args.get("kind"));
  filter.participant_role = args.get("participant-role");
  if (args.has("account")) {
    bool found = false;
    for (const auto& a : store::list_accounts(db))
      if (a.name == args.get("account")) {
        filter.account_id = a.id;
        found = true;
      }
    if (!found) throw not_found("no account named '" + args.get("account") + "'");
  }
  if (auto limit = args.integer("limit")) filter.limit = static_cast<int>(*limit);
  if (auto offset = args.integer("offset")) filter.offset = static_cast<int>(*offset);
  auto page = store::list_sources(db, filter);
  if (args.has("json")) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : page.items) items.push_back(summary_json(s));
    std::cout << dump({{"items", items}, {"total", page.total}}) << "\n";
    return 0;
  }
  for (const auto& s : page.items) {
    std::cout << s.source.id << "\t" << to_string(s.source.kind) << "\t" << s.source.occurred_at << "\t" << s.source.title
              << "\t" << s.participant_label << (s.participant_role.empty() ? "" : " (" + s.participant_role + ")") << "\t"
              << s.account_name << "\t" << s.excerpt_count << " excerpts\t" << s.study_name << "\n";
  }
  std::cout << page.items.size() << " of " << page.total << " sources\n";
  return 0;
}

int run_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  if (args.positionals().size() != 1) throw UsageError("usage: grounded show SOURCE_ID [--json]");
  Id id = parse_id(args.positionals()[0], "source id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto summary = store::get_source_summary(db, id);
  Source source = store::get_source(db, id);
  auto excerpts = store::excerpts_of_source(db, id);
  if (args.has("json")) {
    nlohmann::json j = summary_json(summary);
    j["body"] = source.body;
    j["excerpts"] = excerpts;
    std::cout << dump(j) << "\n";
    return 0;
  }
  std::cout << "#" << source.id << " " << source.title << " (" << to_string(source.kind) << ", " << source.format << ")\n"
            << "origin: " << source.origin << (source.occurred_at.empty() ? "" : "  date: " + source.occurred_at) << "\n";
  if (!summary.participant_label.empty())
    std::cout << "participant: " << summary.participant_label
              << (summary.participant_role.empty() ? "" : " (" + summary.participant_role + ")") << "\n";
  if (!summary.account_name.empty()) std::cout << "account: " << summary.account_name << "\n";
  std::cout << "study: " << summary.study_name << "\n";
  std::cout << "\n";
  for (const auto& e : excerpts) print_excerpt(e);
  return 0;
}

int run_excerpt(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "context"}, {"json"});
  if (args.positionals().size() != 1) throw UsageError("usage: grounded excerpt ID [--context N] [--json]");
  Id id = parse_id(args.positionals()[0], "excerpt id");
  int context = static_cast<int>(args.integer("context").value_or(0));
  if (context < 0 || context > 50) throw invalid_input("--context must be from 0 to 50");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto in = store::excerpt_in_context(db, id, context);
  if (args.has("json")) {
    std::cout << dump({{"excerpt", in.excerpt}, {"before", in.before}, {"after", in.after}, {"source", summary_json(in.source)}})
              << "\n";
    return 0;
  }
  std::cout << "#" << in.source.source.id << " " << in.source.source.title << " (" << in.source.source.origin << ")\n\n";
  for (const auto& e : in.before) print_excerpt(e, "  ");
  print_excerpt(in.excerpt, "> ");
  for (const auto& e : in.after) print_excerpt(e, "  ");
  return 0;
}

int run_delete(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {});
  if (args.positionals().size() != 1) throw UsageError("usage: grounded delete SOURCE_ID");
  Id id = parse_id(args.positionals()[0], "source id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::Transaction tx(db);
  store::delete_source(db, id);
  tx.commit();
  std::cout << "deleted source " << id << "\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("sources", "List ingested sources",
                 "grounded sources [--study NAME] [--kind K] [--participant-role R] [--account A] [--limit N] [--offset N]\n"
                 "                 [--json] [--db PATH]",
                 run_sources);
GROUNDED_COMMAND("show", "Show a source with its speakers, roles, times and excerpt offsets",
                 "grounded show SOURCE_ID [--json] [--db PATH]", run_show);
GROUNDED_COMMAND("excerpt", "Show an excerpt with N excerpts of context before and after",
                 "grounded excerpt ID [--context N] [--json] [--db PATH]", run_excerpt);
GROUNDED_COMMAND("delete", "Delete a source, its excerpts and their tags and citations",
                 "grounded delete SOURCE_ID [--db PATH]", run_delete);

}  // namespace grounded::cli
