// grounded persona due|since-review|reviewed|size|tier|survey-check and
// grounded survey questions — the quantitative half of a persona: its
// market size and priority tier (synth/persona_sizing.hpp), survey checks
// (synth/survey_checks.hpp) and the review cadence (synth/review_cadence.hpp).
#include <iostream>

#include "cli/actor.hpp"
#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "synth/synth.hpp"

namespace grounded::cli {
namespace {

using nlohmann::json;

std::string who(const Arguments& args) { return cli_actor(args.get("who")); }

Id the_persona(const Arguments& args, const char* usage) {
  if (args.positionals().size() != 1) throw UsageError(std::string("usage: ") + usage);
  return parse_id(args.positionals()[0], "persona id");
}

void print_json(const json& value) { std::cout << dump_json(value, 2) << "\n"; }

std::string money(double amount) { return std::to_string(static_cast<long long>(amount)); }

constexpr const char* kDueUsage = "grounded persona due [--all] [--today YYYY-MM-DD] [--json] [--db PATH]";

int run_due(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "today"}, {"json", "all"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::vector<synth::ReviewDates> due;
  for (auto& d : synth::review_schedule(db, args.get("today")))
    if (args.has("all") || d.review_overdue || d.rebuild_overdue) due.push_back(std::move(d));
  if (args.has("json")) {
    print_json({{"items", due}});
    return 0;
  }
  for (const auto& d : due)
    std::cout << d.persona_id << "\t" << d.persona_name << "\tquarterly review " << d.next_review
              << (d.review_overdue ? " (overdue)" : "") << "\trebuild " << d.next_rebuild
              << (d.rebuild_overdue ? " (overdue)" : "") << "\n";
  std::cout << due.size() << (args.has("all") ? " personas\n" : " personas due\n");
  return 0;
}

constexpr const char* kSinceUsage = "grounded persona since-review ID [--today YYYY-MM-DD] [--json] [--db PATH]";

int run_since(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "today"}, {"json"});
  Id id = the_persona(args, kSinceUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::SinceReview v = synth::since_last_review(db, id, args.get("today"));
  if (args.has("json")) {
    print_json(v);
    return 0;
  }
  std::cout << "Since " << v.since << (v.dates.reviewed_ever ? " (last quarterly review)" : " (created; never reviewed)")
            << "; next review " << v.dates.next_review << (v.dates.review_overdue ? " — overdue" : "") << "\n";
  std::cout << "New evidence: " << v.new_sources << " sources, " << v.new_excerpts << " excerpts\n";
  for (const auto& t : v.themes)
    std::cout << "  " << t.change << "\t" << t.category << "\t" << t.theme << "\t" << t.before << " → +" << t.since << "\n";
  std::cout << "Win/loss: " << v.won << " won, " << v.lost << " lost\n";
  for (const auto& d : v.deals)
    std::cout << "  " << d.outcome << "\t" << d.close_date << "\t" << d.name
              << (d.lost_reason.empty() ? "" : "\t" + d.lost_reason) << "\n";
  if (!v.segments_from.empty() && v.segments_from != v.segments_to) {
    std::cout << "Segment shifts " << v.segments_from << " → " << v.segments_to << ":";
    if (v.moved_to.empty()) std::cout << " none";
    for (const auto& [segment, n] : v.moved_to) std::cout << " " << n << " moved to " << segment << ";";
    std::cout << "\n";
    for (const auto& m : v.segment_moves)
      std::cout << "  " << m.unit << "\t" << (m.unit == "account" && !m.account.empty() ? m.account : m.external_id)
                << (m.participant.empty() ? "" : " (" + m.participant + ")") << "\t" << m.from << " → " << m.to << "\n";
  }
  std::cout << "Quarterly steps:\n";
  for (const auto& s : v.steps) std::cout << "  [ ] " << s.title << "\n";
  return 0;
}

constexpr const char* kReviewedUsage = "grounded persona reviewed ID [--rebuild] [--who NAME] [--json] [--db PATH]";

int run_reviewed(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "who", "today"}, {"json", "rebuild"});
  Id id = the_persona(args, kReviewedUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto d = synth::record_cadence_review(db, id, args.has("rebuild"), who(args), args.get("today"));
  if (args.has("json")) print_json(d);
  else std::cout << "persona " << id << " reviewed; next quarterly review " << d.next_review << ", rebuild " << d.next_rebuild << "\n";
  return 0;
}

constexpr const char* kSizeUsage = "grounded persona size ID [--json] [--db PATH]";

int run_size(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  Id id = the_persona(args, kSizeUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::PersonaSizing s = synth::size_persona(db, synth::get_persona(db, id));
  if (args.has("json")) {
    print_json(s);
    return 0;
  }
  std::cout << s.accounts << " of " << s.all_accounts << " accounts, " << s.users << " users (" << s.survey_respondents
            << " survey respondents)\n"
            << "deals: " << s.won_deals << " won (" << money(s.won_amount) << "), " << s.open_deals << " open ("
            << money(s.open_amount) << "), " << s.lost_deals << " lost\n"
            << "tier: " << (s.tier.empty() ? "-" : s.tier) << " — " << s.basis << "\n";
  return 0;
}

constexpr const char* kTierUsage = "grounded persona tier ID --tier 1|2|3|\"\" [--who NAME] [--json] [--db PATH]";

int run_tier(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "tier", "who"}, {"json"});
  Id id = the_persona(args, kTierUsage);
  if (!args.has("tier")) throw UsageError(std::string("usage: ") + kTierUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  Persona p = synth::get_persona(db, id);
  p.priority_tier = args.get("tier");
  synth::update_persona(db, p, who(args));  // audited as persona.update
  synth::PersonaSizing s = synth::size_persona(db, synth::get_persona(db, id));
  if (args.has("json")) print_json(s);
  else std::cout << "persona " << id << ": tier " << (s.tier.empty() ? "-" : s.tier) << " (" << s.basis << ")\n";
  return 0;
}

constexpr const char* kCheckUsage =
    "grounded persona survey-check ID --question Q --answer A [--attribute ID] [--who NAME] [--json] [--db PATH]\n"
    "grounded persona survey-check ID --remove CHECK_ID\n"
    "grounded persona survey-check ID            (lists the persona's checks, and per attribute the survey\n"
    "                                             respondents whose open answers fall in its themes)";

int run_check(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "question", "answer", "attribute", "who", "remove"}, {"json"});
  Id id = the_persona(args, kCheckUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  if (args.has("remove")) synth::remove_survey_check(db, id, parse_id(args.get("remove"), "check id"), who(args));
  else if (args.has("question") || args.has("answer")) {
    if (!args.has("question") || !args.has("answer")) throw UsageError(std::string("usage: ") + kCheckUsage);
    std::optional<Id> attribute;
    if (args.has("attribute")) attribute = parse_id(args.get("attribute"), "attribute id");
    synth::add_survey_check(db, id, attribute, args.get("question"), args.get("answer"), who(args));
  }
  auto checks = synth::survey_checks_of(db, id);
  auto open_answers = synth::open_answer_mentions(db, id);
  if (args.has("json")) {
    print_json({{"items", checks}, {"open_answers", open_answers}});
    return 0;
  }
  for (const auto& c : checks) std::cout << c.id << "\t" << c.figure.sentence << "\n";
  std::cout << checks.size() << (checks.size() == 1 ? " survey check\n" : " survey checks\n");
  for (const auto& m : open_answers) std::cout << "attribute " << m.attribute_id << "\t" << m.sentence << "\n";
  return 0;
}

constexpr const char* kQuestionsUsage = "grounded survey questions [--json] [--db PATH]";

int run_questions(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto questions = synth::survey_questions(db);
  if (args.has("json")) {
    print_json({{"items", questions}});
    return 0;
  }
  for (const auto& q : questions) {
    std::cout << q.question << " (" << q.respondents << " respondents)\n";
    for (const auto& [answer, n] : q.answers) std::cout << "  " << n << "\t" << answer << "\n";
  }
  return 0;
}

}  // namespace

GROUNDED_COMMAND("persona due", "Personas whose quarterly review or annual rebuild is overdue", kDueUsage, run_due);
GROUNDED_COMMAND("persona since-review", "New evidence, themes and win/loss since a persona's last review", kSinceUsage,
                 run_since);
GROUNDED_COMMAND("persona reviewed", "Record a persona's quarterly review (or --rebuild)", kReviewedUsage, run_reviewed);
GROUNDED_COMMAND("persona size", "A persona's market: CRM accounts, users, deals and priority tier", kSizeUsage, run_size);
GROUNDED_COMMAND("persona tier", "Set (or clear with \"\") a persona's priority tier by hand; audited", kTierUsage, run_tier);
GROUNDED_COMMAND("persona survey-check", "Check a persona against a closed survey answer", kCheckUsage, run_check);
GROUNDED_COMMAND("survey questions", "Closed survey questions with each answer's count", kQuestionsUsage, run_questions);

}  // namespace grounded::cli
