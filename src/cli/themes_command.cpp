// grounded themes … — reviewable themes (src/synth/themes.hpp). Thin: parse
// the words, call the module, print text or the module's JSON form.
#include <cstdio>
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/study_option.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "synth/themes.hpp"

namespace grounded::cli {
namespace {

std::string actor(const Arguments& args) {
  std::string who = args.get("who");
  if (!who.empty()) return who;
  const char* user = std::getenv("USER");
  return user && *user ? user : "cli";
}

Id nth_id(const Arguments& args, std::size_t n, std::size_t count, const std::string& what) {
  if (args.positionals().size() != count) throw UsageError("give " + what);
  return parse_id(args.positionals()[n], "theme or tag id");
}

void print_theme_line(const synth::Theme& t) {
  std::printf("%6lld  %-18s %-9s %3lld voices %4lld excerpts  %s\n", static_cast<long long>(t.id), t.category.c_str(),
              std::string(synth::to_string(t.status)).c_str(), static_cast<long long>(t.participants),
              static_cast<long long>(t.excerpts), t.name.c_str());
}

void print_theme(const synth::Theme& t, bool json) {
  if (json) {
    std::cout << dump_json(nlohmann::json(t), 2) << "\n";
    return;
  }
  print_theme_line(t);
  if (!t.claim.empty()) std::cout << "        claim: " << t.claim << "\n";
  for (const auto& m : t.members)
    std::cout << "        tag " << m.tag_id << " (" << (m.participant_label.empty() ? m.source_title : m.participant_label)
              << (m.origin == "manual" ? ", placed by hand" : "") << "): " << m.evidence << "\n";
}

int run_propose(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "category", "min-confidence", "who", "study"}, {"json", "include-suggested"});
  synth::ProposeOptions options;
  options.categories = args.all("category");
  options.include_suggested = args.has("include-suggested");
  if (args.has("min-confidence")) {
    std::string text = args.get("min-confidence");
    char* end = nullptr;
    options.min_confidence = std::strtod(text.c_str(), &end);
    if (text.empty() || *end) throw invalid_input("--min-confidence must be a number from 0 to 1, not '" + text + "'");
  }
  options.who = actor(args);
  auto db = store::Database::open(database_path_option(args.get("db")));
  if (args.has("study")) options.study_id = find_study_option(db, args.get("study")).id;
  synth::ProposeReport report = synth::propose_themes(db, options);
  if (args.has("json")) {
    std::cout << dump_json(nlohmann::json(report), 2) << "\n";
    return 0;
  }
  std::cerr << report.lexicon << "\n";
  std::cout << "read " << report.tags_read << " tags: " << report.themes_created << " themes created, "
            << report.themes_updated << " updated, " << report.themes_removed << " removed; " << report.members
            << " tags placed (" << report.added_to_reviewed << " into confirmed or dismissed themes), "
            << report.unthemed << " without a noun phrase to group by, " << report.no_evidence
            << " only questions or filler";
  if (report.supporting) std::cout << "; " << report.supporting << " suggestions below the cut back a theme";
  std::cout << "\n";
  return 0;
}

int run_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "category", "status", "study"}, {"json"});
  synth::ThemeFilter filter;
  filter.category = args.get("category");
  if (args.has("status")) filter.status = synth::parse_theme_status(args.get("status"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  if (args.has("study")) filter.study_id = find_study_option(db, args.get("study")).id;
  auto themes = synth::list_themes(db, filter);
  if (args.has("json")) {
    std::cout << dump_json(nlohmann::json{{"items", themes}}, 2) << "\n";
    return 0;
  }
  for (const auto& t : themes) print_theme_line(t);
  return 0;
}

int run_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  Id id = nth_id(args, 0, 1, "one theme id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  print_theme(synth::get_theme(db, id), args.has("json"));
  return 0;
}

// rename / claim: THEME_ID TEXT
int run_text(const std::vector<std::string>& words, bool claim) {
  Arguments args(words, {"db", "who"}, {"json"});
  if (args.positionals().size() != 2) throw UsageError(claim ? "give a theme id and the claim" : "give a theme id and the new name");
  Id id = parse_id(args.positionals()[0], "theme id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  const std::string& text = args.positionals()[1];
  print_theme(claim ? synth::set_theme_claim(db, id, text, actor(args)) : synth::rename_theme(db, id, text, actor(args)),
              args.has("json"));
  return 0;
}

int run_status(const std::vector<std::string>& words, bool confirm) {
  Arguments args(words, {"db", "who"}, {"json"});
  Id id = nth_id(args, 0, 1, "one theme id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  print_theme(confirm ? synth::confirm_theme(db, id, actor(args)) : synth::dismiss_theme(db, id, actor(args)),
              args.has("json"));
  return 0;
}

int run_merge(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "who"}, {"json"});
  if (args.positionals().size() != 2) throw UsageError("give the theme to keep and the theme to merge into it");
  Id into = parse_id(args.positionals()[0], "theme id");
  Id from = parse_id(args.positionals()[1], "theme id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  print_theme(synth::merge_themes(db, into, from, actor(args)), args.has("json"));
  return 0;
}

int run_split(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "who", "tag", "name"}, {"json"});
  Id id = nth_id(args, 0, 1, "one theme id (and --tag ID for each tag to split off)");
  std::vector<Id> tags;
  for (const std::string& t : args.all("tag")) tags.push_back(parse_id(t, "--tag"));
  if (tags.empty()) throw UsageError("give --tag ID for each tag to split off");
  auto db = store::Database::open(database_path_option(args.get("db")));
  print_theme(synth::split_theme(db, id, tags, args.get("name"), actor(args)), args.has("json"));
  return 0;
}

int run_move(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "who", "to", "from"}, {"json"});
  Id tag = nth_id(args, 0, 1, "one tag id and --to THEME_ID");
  if (!args.has("to")) throw UsageError("--to THEME_ID is required");
  std::optional<Id> from;
  if (args.has("from")) from = parse_id(args.get("from"), "--from");
  auto db = store::Database::open(database_path_option(args.get("db")));
  print_theme(synth::move_tag(db, tag, parse_id(args.get("to"), "--to"), actor(args), from), args.has("json"));
  return 0;
}

}  // namespace

GROUNDED_COMMAND("themes propose", "Group tags into themes by what their evidence says",
                 "grounded themes propose [--study NAME] [--category C]... [--include-suggested] [--min-confidence X] [--json] [--db PATH]\n"
                 "  Keeps confirmed and dismissed themes, renames, claims and tags placed by hand.\n"
                 "  --study: only that study's tags; its themes belong to the study.",
                 run_propose);
GROUNDED_COMMAND("themes list", "List themes with participant and excerpt counts",
                 "grounded themes list [--study NAME] [--category C] [--status proposed|confirmed|dismissed] [--json] [--db PATH]\n"
                 "  --study: themes holding evidence from that study (counts are the whole theme's).",
                 run_list);
GROUNDED_COMMAND("themes show", "Show a theme, its claim and its evidence", "grounded themes show THEME_ID [--json] [--db PATH]",
                 run_show);
GROUNDED_COMMAND("themes rename", "Rename a theme (re-proposing keeps the name)",
                 "grounded themes rename THEME_ID \"NEW NAME\" [--json] [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_text(w, false); });
GROUNDED_COMMAND("themes claim", "Re-word a theme's claim (re-proposing keeps it)",
                 "grounded themes claim THEME_ID \"ONE PLAIN SENTENCE\" [--json] [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_text(w, true); });
GROUNDED_COMMAND("themes merge", "Merge the second theme into the first",
                 "grounded themes merge KEEP_ID MERGED_ID [--json] [--db PATH]", run_merge);
GROUNDED_COMMAND("themes split", "Split tags off a theme into a new theme",
                 "grounded themes split THEME_ID --tag TAG_ID [--tag TAG_ID]... [--name NAME] [--json] [--db PATH]",
                 run_split);
GROUNDED_COMMAND("themes move", "Move a tag into another theme",
                 "grounded themes move TAG_ID --to THEME_ID [--from THEME_ID] [--json] [--db PATH]\n"
                 "  Takes the tag out of --from only; a tag backing several themes keeps the others.\n"
                 "  --from is needed when the tag backs more than one other theme.",
                 run_move);
GROUNDED_COMMAND("themes confirm", "Confirm a theme", "grounded themes confirm THEME_ID [--json] [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_status(w, true); });
GROUNDED_COMMAND("themes dismiss", "Dismiss a theme (it stays dismissed when re-proposing)",
                 "grounded themes dismiss THEME_ID [--json] [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_status(w, false); });

}  // namespace grounded::cli
