// grounded participants list|show|edit|merge|split and accounts
// list|show|edit — the people behind the evidence, from the shell. The
// changes go through store/people_edits.hpp, so they are audited exactly as
// in the browser (the actor is $USER).
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "store/people_edits.hpp"
#include "store/people_json.hpp"
#include "store/people_summary.hpp"
#include "store/studies.hpp"

namespace grounded::cli {
namespace {

using nlohmann::json;

std::string actor() {
  const char* user = std::getenv("USER");
  return user && *user ? std::string(user) : "cli";
}

void print_json(const json& value) { std::cout << dump_json(value, 2) << "\n"; }

Id one_id(const Arguments& args, const std::string& usage, const std::string& what) {
  if (args.positionals().size() != 1) throw UsageError("usage: " + usage);
  return parse_id(args.positionals()[0], what);
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

// "1 source", "3 sources"
std::string count(std::int64_t n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

void print_participant_row(const store::ParticipantSummary& p) {
  std::cout << p.participant.id << "\t" << p.participant.label << "\t" << or_dash(p.participant.role) << "\t"
            << or_dash(p.participant.seniority) << "\t" << or_dash(p.participant.segment) << "\t"
            << or_dash(p.account_name) << "\t" << count(p.source_count, "source") << "\t" << count(p.excerpt_count, "excerpt");
  for (std::size_t i = 0; i < p.studies.size(); ++i) std::cout << (i ? ", " : "\t") << p.studies[i];
  std::cout << "\n";
}

void print_history(const std::vector<store::AuditEntry>& history) {
  if (history.empty()) return;
  std::cout << "history:\n";
  for (const auto& entry : history) std::cout << "  " << entry.at << "  " << entry.action << " by " << entry.actor << "\n";
}

// --- participants ---------------------------------------------------------------

constexpr const char* kListUsage =
    "grounded participants list [--study NAME] [--account NAME] [--json] [--db PATH]";

int run_participants_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "account", "study"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("usage: " + std::string(kListUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::PeopleFilter filter;
  if (args.has("account")) filter.account_id = store::get_account_by_name(db, args.get("account")).id;
  if (args.has("study")) filter.study_id = store::get_study_by_name(db, args.get("study")).id;
  auto people = store::list_participant_summaries(db, filter);
  if (args.has("json")) {
    print_json({{"items", people}});
    return 0;
  }
  for (const auto& p : people) print_participant_row(p);
  std::cout << people.size() << (people.size() == 1 ? " participant\n" : " participants\n");
  return 0;
}

constexpr const char* kShowUsage = "grounded participants show ID [--json] [--db PATH]";

int run_participants_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  Id id = one_id(args, kShowUsage, "participant id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto summary = store::get_participant_summary(db, id);
  auto sources = store::sources_of_participant(db, id);
  auto history = store::audit_for(db, "participants", id);
  if (args.has("json")) {
    json out = summary;
    out["sources"] = sources;
    out["history"] = history;
    print_json(out);
    return 0;
  }
  print_participant_row(summary);
  for (const auto& s : sources)
    std::cout << "  source " << s.source_id << "\t" << s.kind << "\t" << or_dash(s.occurred_at) << "\t" << s.title << "\t"
              << count(s.excerpt_count, "excerpt") << (s.attributed ? "" : " (speaks in it)") << "\n";
  print_history(history);
  return 0;
}

constexpr const char* kEditUsage =
    "grounded participants edit ID [--label NAME] [--role R] [--seniority S] [--segment S] [--account NAME|\"\"] "
    "[--json] [--db PATH]";

int run_participants_edit(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "label", "role", "seniority", "segment", "account"}, {"json"});
  Id id = one_id(args, kEditUsage, "participant id");
  store::ParticipantChanges changes;
  auto set = [&](const char* name, std::optional<std::string>& field) {
    if (args.has(name)) field = args.get(name);
  };
  set("label", changes.label);
  set("role", changes.role);
  set("seniority", changes.seniority);
  set("segment", changes.segment);
  set("account", changes.account_name);
  if (!changes.label && !changes.role && !changes.seniority && !changes.segment && !changes.account_name)
    throw UsageError("nothing to change: give --label, --role, --seniority, --segment or --account");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::edit_participant(db, id, changes, actor());
  auto summary = store::get_participant_summary(db, id);
  if (args.has("json")) print_json(summary);
  else print_participant_row(summary);
  return 0;
}

constexpr const char* kMergeUsage = "grounded participants merge FROM_ID INTO_ID [--json] [--db PATH]";

int run_participants_merge(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  if (args.positionals().size() != 2) throw UsageError("usage: " + std::string(kMergeUsage));
  Id from = parse_id(args.positionals()[0], "FROM_ID");
  Id into = parse_id(args.positionals()[1], "INTO_ID");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::MergeOutcome outcome = store::merge_participants(db, from, into, actor());
  if (args.has("json")) {
    print_json(outcome);
    return 0;
  }
  std::cout << "merged participant " << from << " into " << outcome.participant.label << " (" << into << "): "
            << count(static_cast<std::int64_t>(outcome.source_ids.size()), "source") << " and "
            << count(outcome.excerpts_moved, "excerpt") << " moved";
  if (!outcome.persona_ids.empty())
    std::cout << ", " << count(static_cast<std::int64_t>(outcome.persona_ids.size()), "persona cohort") << " updated";
  std::cout << "\n";
  return 0;
}

constexpr const char* kSplitUsage =
    "grounded participants split ID --sources ID,ID,... --label NAME [--role R] [--json] [--db PATH]";

int run_participants_split(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "sources", "label", "role"}, {"json"});
  Id id = one_id(args, kSplitUsage, "participant id");
  if (!args.has("sources") || !args.has("label")) throw UsageError("usage: " + std::string(kSplitUsage));
  std::vector<Id> sources;
  std::stringstream list(args.get("sources"));
  for (std::string item; std::getline(list, item, ',');)
    if (!item.empty()) sources.push_back(parse_id(item, "a source id in --sources"));
  Participant fresh;
  fresh.label = args.get("label");
  fresh.role = args.get("role");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::SplitOutcome outcome = store::split_participant(db, id, sources, fresh, actor());
  if (args.has("json")) {
    print_json(outcome);
    return 0;
  }
  std::cout << "moved " << count(static_cast<std::int64_t>(outcome.source_ids.size()), "source") << " and "
            << count(outcome.excerpts_moved, "excerpt") << " to new participant " << outcome.created.label << " (" << outcome.created.id << ")\n";
  return 0;
}

// --- accounts -----------------------------------------------------------------

void print_account_row(const store::AccountSummary& a) {
  std::cout << a.account.id << "\t" << a.account.name << "\t" << or_dash(a.account.industry) << "\t"
            << (a.account.employees ? std::to_string(*a.account.employees) : "-") << " employees\t"
            << or_dash(a.account.region) << "\t" << or_dash(a.account.stage) << "\t"
            << count(a.participant_count, "participant") << "\t" << count(a.source_count, "source") << "\t"
            << count(a.excerpt_count, "excerpt") << "\n";
}

constexpr const char* kAccountListUsage = "grounded accounts list [--study NAME] [--json] [--db PATH]";

int run_accounts_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "study"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("usage: " + std::string(kAccountListUsage));
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::PeopleFilter filter;
  if (args.has("study")) filter.study_id = store::get_study_by_name(db, args.get("study")).id;
  auto accounts = store::list_account_summaries(db, filter);
  if (args.has("json")) {
    print_json({{"items", accounts}});
    return 0;
  }
  for (const auto& a : accounts) print_account_row(a);
  std::cout << accounts.size() << (accounts.size() == 1 ? " account\n" : " accounts\n");
  return 0;
}

int run_accounts_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  Id id = one_id(args, "grounded accounts show ID [--json] [--db PATH]", "account id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto summary = store::get_account_summary(db, id);
  auto people = store::list_participant_summaries(db, {id, std::nullopt});
  auto history = store::audit_for(db, "accounts", id);
  if (args.has("json")) {
    json out = summary;
    out["participants"] = people;
    out["history"] = history;
    print_json(out);
    return 0;
  }
  print_account_row(summary);
  for (const auto& p : people) {
    std::cout << "  ";
    print_participant_row(p);
  }
  print_history(history);
  return 0;
}

constexpr const char* kAccountEditUsage =
    "grounded accounts edit ID [--name N] [--industry I] [--employees N|\"\"] [--revenue N|\"\"] [--region R] "
    "[--stage S] [--json] [--db PATH]";

std::optional<double> number_option(const Arguments& args, const std::string& name) {
  std::string text = args.get(name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) throw invalid_input("--" + name + " must be a number, not '" + text + "'");
  return value;
}

int run_accounts_edit(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "name", "industry", "employees", "revenue", "region", "stage"}, {"json"});
  Id id = one_id(args, kAccountEditUsage, "account id");
  store::AccountChanges changes;
  if (args.has("name")) changes.name = args.get("name");
  if (args.has("industry")) changes.industry = args.get("industry");
  if (args.has("region")) changes.region = args.get("region");
  if (args.has("stage")) changes.stage = args.get("stage");
  if (args.has("employees")) {
    std::optional<std::int64_t> employees;
    if (!args.get("employees").empty()) employees = args.integer("employees");
    changes.employees = employees;
  }
  if (args.has("revenue")) changes.revenue = number_option(args, "revenue");
  if (!changes.name && !changes.industry && !changes.region && !changes.stage && !changes.employees && !changes.revenue)
    throw UsageError("nothing to change: give --name, --industry, --employees, --revenue, --region or --stage");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::edit_account(db, id, changes, actor());
  auto summary = store::get_account_summary(db, id);
  if (args.has("json")) print_json(summary);
  else print_account_row(summary);
  return 0;
}

}  // namespace

GROUNDED_COMMAND("participants list", "List participants with their source and excerpt counts", kListUsage,
                 run_participants_list);
GROUNDED_COMMAND("participants show", "Show a participant, their sources and the history of changes", kShowUsage,
                 run_participants_show);
GROUNDED_COMMAND("participants edit", "Change a participant's name, role, seniority, segment or account", kEditUsage,
                 run_participants_edit);
GROUNDED_COMMAND("participants merge", "Merge one participant into another (their sources and excerpts move)",
                 kMergeUsage, run_participants_merge);
GROUNDED_COMMAND("participants split", "Move some of a participant's sources to a new participant", kSplitUsage,
                 run_participants_split);
GROUNDED_COMMAND("accounts list", "List accounts with participant, source and excerpt counts", kAccountListUsage,
                 run_accounts_list);
GROUNDED_COMMAND("accounts show", "Show an account, its participants and the history of changes",
                 "grounded accounts show ID [--json] [--db PATH]", run_accounts_show);
GROUNDED_COMMAND("accounts edit", "Change an account's name, industry, size, revenue, region or stage",
                 kAccountEditUsage, run_accounts_edit);

}  // namespace grounded::cli
