// grounded studies list|show|rename|archive|unarchive|delete — the studies
// that own the evidence (src/store/studies.hpp).
#include <unistd.h>

#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/study_option.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "store/studies.hpp"

namespace grounded::cli {
namespace {

constexpr const char* kActor = "cli";

void print_json(const nlohmann::json& j) { std::cout << dump_json(j, 2) << "\n"; }

std::string dates(const store::Study& s) {
  if (s.started_at.empty() && s.ended_at.empty()) return "";
  return s.started_at + "–" + s.ended_at;
}

int run_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json", "active"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto studies = store::list_studies(db, !args.has("active"));
  if (args.has("json")) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : studies) items.push_back(s);
    print_json({{"items", items}, {"total", items.size()}});
    return 0;
  }
  for (const auto& s : studies)
    std::cout << s.study.id << "\t" << s.study.name << (s.study.archived ? " (archived)" : "") << "\t" << s.sources
              << " sources\t" << s.participants << " participants\t" << s.excerpts << " excerpts\t" << dates(s.study)
              << "\n";
  std::cout << studies.size() << (studies.size() == 1 ? " study\n" : " studies\n");
  return 0;
}

std::string one_positional(const Arguments& args, const char* usage) {
  if (args.positionals().size() != 1) throw UsageError(usage);
  return args.positionals()[0];
}

int run_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  std::string name = one_positional(args, "name one study: grounded studies show NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto s = store::get_study_summary(db, find_study_option(db, name).id);
  if (args.has("json")) {
    print_json(s);
    return 0;
  }
  std::cout << "#" << s.study.id << " " << s.study.name << (s.study.archived ? " (archived)" : "") << "\n";
  if (!s.study.description.empty()) std::cout << s.study.description << "\n";
  if (!s.study.owner.empty()) std::cout << "owner: " << s.study.owner << "\n";
  if (!dates(s.study).empty()) std::cout << "dates: " << dates(s.study) << "\n";
  std::cout << s.sources << " sources, " << s.participants << " participants, " << s.excerpts << " excerpts\n";
  return 0;
}

int run_rename(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  if (args.positionals().size() != 2) throw UsageError("give the study and its new name: grounded studies rename NAME NEW_NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::StudyChanges changes;
  changes.name = args.positionals()[1];
  store::Study study = store::update_study(db, find_study_option(db, args.positionals()[0]).id, changes, kActor);
  if (args.has("json")) print_json(study);
  else std::cout << "renamed study " << study.id << " to '" << study.name << "'\n";
  return 0;
}

int set_archived(const std::vector<std::string>& words, bool archived) {
  Arguments args(words, {"db"}, {"json"});
  std::string name = one_positional(args, archived ? "name one study: grounded studies archive NAME"
                                                   : "name one study: grounded studies unarchive NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::StudyChanges changes;
  changes.archived = archived;
  store::Study study = store::update_study(db, find_study_option(db, name).id, changes, kActor);
  if (args.has("json")) print_json(study);
  else std::cout << (archived ? "archived" : "unarchived") << " study '" << study.name << "'\n";
  return 0;
}

int run_archive(const std::vector<std::string>& words) { return set_archived(words, true); }
int run_unarchive(const std::vector<std::string>& words) { return set_archived(words, false); }

// Asks on the terminal; without one, refuses rather than guess.
void confirm_delete(const store::StudySummary& s) {
  std::string what = "study '" + s.study.name + "' with " + std::to_string(s.sources) + " sources and " +
                     std::to_string(s.excerpts) + " excerpts (and their tags and citations)";
  if (!::isatty(STDIN_FILENO))
    throw invalid_input("not deleting " + what + " without confirmation: run it in a terminal, or pass --yes");
  std::cerr << "Delete " << what << "? This cannot be undone. [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "Y" && answer != "yes" && answer != "YES")
    throw invalid_input("not deleted: the deletion of " + what + " was not confirmed");
}

int run_delete(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json", "yes"});
  std::string name = one_positional(args, "name one study: grounded studies delete NAME [--yes]");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto summary = store::get_study_summary(db, find_study_option(db, name).id);
  if (!args.has("yes")) confirm_delete(summary);
  auto gone = store::delete_study(db, summary.study.id, kActor);
  if (args.has("json")) {
    print_json({{"deleted", gone.study},
                {"sources", gone.sources},
                {"excerpts", gone.excerpts},
                {"tags", gone.tags},
                {"citations", gone.citations},
                {"participants", gone.participants},
                {"accounts", gone.accounts}});
    return 0;
  }
  std::cout << "deleted study '" << gone.study.name << "': " << gone.sources << " sources, " << gone.excerpts
            << " excerpts, " << gone.tags << " tags, " << gone.citations << " citations, " << gone.participants
            << " participants and " << gone.accounts << " accounts no other evidence refers to\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("studies", "List studies with their sources, participants and excerpts",
                 "grounded studies [list] [--active] [--json] [--db PATH]", run_list);
GROUNDED_COMMAND("studies list", "List studies with their sources, participants and excerpts",
                 "grounded studies list [--active] [--json] [--db PATH]\n\n--active leaves archived studies out.",
                 run_list);
GROUNDED_COMMAND("studies show", "Show a study and what it holds", "grounded studies show NAME [--json] [--db PATH]",
                 run_show);
GROUNDED_COMMAND("studies rename", "Rename a study", "grounded studies rename NAME NEW_NAME [--json] [--db PATH]",
                 run_rename);
GROUNDED_COMMAND("studies archive", "Archive a study (it takes no new evidence; search still finds it)",
                 "grounded studies archive NAME [--json] [--db PATH]", run_archive);
GROUNDED_COMMAND("studies unarchive", "Unarchive a study", "grounded studies unarchive NAME [--json] [--db PATH]",
                 run_unarchive);
GROUNDED_COMMAND("studies delete", "Delete a study with all its sources, excerpts, tags and citations",
                 "grounded studies delete NAME [--yes] [--json] [--db PATH]\n\n"
                 "Asks for confirmation on a terminal; --yes skips the question. Without a terminal and\n"
                 "without --yes nothing is deleted (exit code 2). Participants and accounts that no other\n"
                 "evidence refers to go too; the files can be ingested again afterwards.",
                 run_delete);

}  // namespace grounded::cli
