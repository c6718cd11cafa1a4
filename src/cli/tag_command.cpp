// Tagging verbs: `grounded tag` (suggest), `grounded tags` (list and review),
// `grounded tagger train|eval`. Thin: parse arguments, call src/tagger, print.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/study_option.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "tagger/evaluation.hpp"
#include "tagger/keyword_baseline.hpp"
#include "tagger/model_store.hpp"
#include "tagger/reviewed_examples.hpp"
#include "tagger/signals.hpp"
#include "tagger/tag_runner.hpp"
#include "tagger/tag_store.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::cli {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid_input("cannot read '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string who() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "cli";
}

// Per model category, the whole text's features that push it most either
// way ("w:crash": 1.9): what --explain shows to see why the model decides.
nlohmann::json strongest_features(const tagger::Tagger& tagger, std::string_view text) {
  tagger::Signals s = tagger::read_signals(text, tagger.rules());
  std::vector<std::string> features = s.word_features;
  features.insert(features.end(), s.rule_features.begin(), s.rule_features.end());
  const auto& categories = tagger.model().categories();
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t c = 0; c < categories.size(); ++c) {
    std::vector<std::pair<double, std::string>> pushes;
    for (const auto& f : features)
      if (const float* w = tagger.model().weights_of(f)) pushes.emplace_back(w[c], f);
    std::sort(pushes.begin(), pushes.end(), [](const auto& a, const auto& b) { return std::abs(a.first) > std::abs(b.first); });
    nlohmann::json top = nlohmann::json::object();
    for (std::size_t i = 0; i < pushes.size() && i < 6; ++i) top[pushes[i].second] = std::round(pushes[i].first * 100) / 100;
    out[categories[c]] = top;
  }
  return out;
}

// `grounded tag --stdin [--json] [--db PATH]`: one text per line; with --db,
// scored by that repository's model (its trained one, or the seed model it
// stores on first use), else by the seed model without touching a database.
int tag_stdin(const Arguments& args) {
  std::unique_ptr<tagger::Tagger> repository;
  if (args.has("db")) {
    auto db = store::Database::open(args.get("db"));
    repository = std::make_unique<tagger::Tagger>(tagger::model_for(db));
  }
  const tagger::Tagger& tagger = repository ? *repository : tagger::Tagger::builtin();
  const bool json = args.has("json");
  std::string question = args.get("question");
  std::string line;
  std::ios::sync_with_stdio(false);
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (args.has("explain")) {  // every category's score and signals, for tuning
      nlohmann::json analysis = tagger.analyze(line, question);
      analysis["text"] = line;
      analysis["features"] = strongest_features(tagger, line);
      std::cout << dump_json(analysis) << "\n";
      continue;
    }
    auto suggestions = tagger.suggest(line, question);
    if (json) {
      nlohmann::json tags = nlohmann::json::array();
      for (const auto& s : suggestions) tags.push_back(s);
      std::cout << dump_json({{"text", line}, {"tags", tags}}) << "\n";
    } else {
      std::string cats;
      for (const auto& s : suggestions) cats += (cats.empty() ? "" : "|") + s.category;
      std::cout << (cats.empty() ? "none" : cats) << "\t" << line << "\n";
    }
  }
  return 0;
}

int run_tag(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "source", "question", "study"}, {"stdin", "json", "all", "explain"});
  if (args.has("stdin")) return tag_stdin(args);
  if (!args.has("source") && !args.has("all")) throw UsageError("give --stdin, --source ID or --all");
  auto db = store::Database::open(database_path_option(args.get("db")));
  auto progress = [](std::int64_t done, std::int64_t total) {
    std::cerr << "\rtagging " << done << "/" << total << std::flush;
    return true;
  };
  tagger::TagRunResult result;
  if (args.has("all")) {
    std::optional<Id> study_id;
    if (args.has("study")) study_id = find_study_option(db, args.get("study")).id;
    result = tagger::tag_all(db, progress, {}, nullptr, study_id);
  } else {
    result = tagger::tag_source(db, parse_id(args.get("source"), "--source"));
  }
  std::cerr << "\n";
  if (args.has("json")) std::cout << dump_json(nlohmann::json(result)) << "\n";
  else
    std::cout << "tagged " << result.excerpts << " excerpts: " << result.suggested << " new suggestions ("
              << result.skipped_rejected << " skipped as rejected before, " << result.skipped_existing
              << " already there)\n";
  return 0;
}

void print_tags(const std::vector<Tag>& tags, bool json) {
  for (const auto& t : tags) {
    if (json) {
      std::cout << dump_json(nlohmann::json(t)) << "\n";
    } else {
      std::printf("%6lld  excerpt %-6lld %-18s %-9s %.2f  %-7s %s  %s\n", static_cast<long long>(t.id),
                  static_cast<long long>(t.excerpt_id), t.category.c_str(), std::string(to_string(t.status)).c_str(),
                  t.confidence, std::string(to_string(t.origin)).c_str(), t.subfields_json.c_str(), t.rationale.c_str());
    }
  }
}

int run_tags(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "source", "category", "status", "limit", "offset", "order", "study"}, {"json"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  tagger::TagFilter filter;
  if (args.has("study")) filter.study_id = find_study_option(db, args.get("study")).id;
  if (args.has("source")) filter.source_id = parse_id(args.get("source"), "--source");
  if (args.has("category")) filter.categories.push_back(tagger::Taxonomy::builtin().require(args.get("category")).key);
  if (args.has("status")) filter.statuses.push_back(parse_tag_status(args.get("status")));
  if (args.has("limit")) filter.limit = static_cast<int>(*args.integer("limit"));
  if (args.has("offset")) filter.offset = static_cast<int>(*args.integer("offset"));
  filter.order = args.get("order", "id");
  print_tags(tagger::list_tags(db, filter), args.has("json"));
  return 0;
}

int run_tags_review(const std::vector<std::string>& words, bool accept) {
  Arguments args(words, {"db"}, {"json"});
  if (args.positionals().size() != 1) throw UsageError("give one tag id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  Id id = parse_id(args.positionals()[0], "tag id");
  if (accept) tagger::accept_tag(db, id, who());
  else tagger::reject_tag(db, id, who());
  print_tags({tagger::get_tag(db, id)}, args.has("json"));
  return 0;
}

int run_tags_edit(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "category", "subfields"}, {"json"});
  if (args.positionals().size() != 1) throw UsageError("give one tag id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  Id id = parse_id(args.positionals()[0], "tag id");
  Tag current = tagger::get_tag(db, id);
  tagger::edit_tag(db, id, args.get("category", current.category), args.get("subfields", ""), who());
  print_tags({tagger::get_tag(db, id)}, args.has("json"));
  return 0;
}

int run_tags_add(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "category", "subfields", "span", "theme"}, {"json"});
  if (args.positionals().size() != 1) throw UsageError("give one excerpt id");
  if (!args.has("category")) throw UsageError("--category is required");
  auto db = store::Database::open(database_path_option(args.get("db")));
  tagger::HumanTag request;
  request.excerpt_id = parse_id(args.positionals()[0], "excerpt id");
  request.category = args.get("category");
  request.subfields_json = args.get("subfields", "{}");
  request.theme = args.get("theme");
  if (args.has("span")) {
    std::string span = args.get("span");
    auto colon = span.find(':');
    if (colon == std::string::npos) throw invalid_input("--span must be START:END (byte offsets in the excerpt)");
    request.span_start = parse_id(span.substr(0, colon), "span start");
    request.span_end = parse_id(span.substr(colon + 1), "span end");
  }
  Tag tag = tagger::add_human_tag(db, request, who());
  print_tags({tag}, args.has("json"));
  return 0;
}

void print_import(const tagger::ImportReport& report) {
  std::cerr << report.origin << ": " << report.rows << " rows, " << report.imported << " imported, "
            << report.skipped.size() << " skipped, " << report.invalid.size() << " invalid\n";
  for (const auto& issue : report.skipped) std::cerr << "  skipped line " << issue.line << ": " << issue.reason << "\n";
  for (const auto& issue : report.invalid) std::cerr << "  invalid line " << issue.line << ": " << issue.reason << "\n";
}

double weight_option(const Arguments& args) {
  if (!args.has("weight")) return 0;  // the default of learning.json
  const std::string text = args.get("weight");
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value > 0 && value <= 1000))
    throw invalid_input("--weight must be a number above 0 (at most 1000), not '" + text + "'");
  return value;
}

int run_tagger_train(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "labeled", "weight"}, {"json", "strict"});
  const double weight = weight_option(args);
  auto db = store::Database::open(database_path_option(args.get("db")));
  nlohmann::json out = nlohmann::json::object();
  if (args.has("labeled")) {
    const std::string path = args.get("labeled");
    auto report = tagger::import_labeled(db, read_file(path), path, who(), args.has("strict"));
    print_import(report);
    out["import"] = report;
  }
  auto stored = tagger::train_from_database(db, weight);
  out["model"] = stored;
  if (args.has("json")) std::cout << dump_json(out) << "\n";
  else
    std::cout << "trained model " << stored.id << " (" << stored.name << ") at " << stored.trained_at << "\n"
              << dump_json(stored.metrics, 2) << "\n";
  return 0;
}

int run_tagger_eval(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "gold"}, {"json", "baseline", "seed"});
  if (!args.has("gold")) throw UsageError("--gold FILE.csv is required (columns text,labels)");
  auto gold = tagger::parse_labeled_csv(read_file(args.get("gold")));
  tagger::EvalReport report;
  if (args.has("baseline")) {
    const auto& baseline = tagger::KeywordBaseline::builtin();
    report = tagger::evaluate(gold, tagger::Predictor([&](std::string_view text) { return baseline.predict(text); }),
                              "keyword baseline");
  } else {
    // The seed model unless --db names a database with a trained model.
    std::shared_ptr<const tagger::Classifier> model;
    std::string name = "tagger (seed model)";
    if (args.has("db") && !args.has("seed")) {
      auto db = store::Database::open(args.get("db"));
      if (auto stored = tagger::latest_model(db)) {
        model = stored->classifier;
        name = "tagger (model " + std::to_string(stored->id) + ")";
      }
    }
    tagger::Tagger tagger(model);
    // A gold file's `question` column is read as the interviewer's question.
    report = tagger::evaluate(
        gold,
        tagger::ContextPredictor([&](std::string_view text, std::string_view question) {
          std::vector<std::string> labels;
          for (const auto& s : tagger.suggest(text, question)) labels.push_back(s.category);
          return labels;
        }),
        name);
  }
  if (args.has("json")) std::cout << dump_json(nlohmann::json(report), 2) << "\n";
  else std::cout << tagger::render_report(report);
  return 0;
}

}  // namespace

GROUNDED_COMMAND("tag", "Suggest tags for text (--stdin) or excerpts in the database",
                 "grounded tag --stdin [--json|--explain] [--question TEXT] [--db PATH]\n"
                 "grounded tag --source ID [--db PATH] [--json]\n"
                 "grounded tag --all [--study NAME] [--db PATH] [--json]\n"
                 "  --question: the interviewer's question every line answers, or the review\n"
                 "  section label every line sits under (\"Dislikes\", \"Cons\")\n"
                 "  --explain: one JSON analysis per line (every category's score, the rules,\n"
                 "  question match and intents) instead of the suggestions",
                 run_tag);
GROUNDED_COMMAND("tags", "List tags",
                 "grounded tags [--source ID] [--study NAME] [--category C] [--status S] [--limit N] [--offset N]\n"
                 "              [--order id|confidence|uncertainty] [--json]\n"
                 "  --order confidence: lowest confidence first; uncertainty: the suggestions the tagger is\n"
                 "  least sure of first, so each review teaches it most (then: grounded tagger train)",
                 run_tags);
GROUNDED_COMMAND("tags accept", "Accept a suggested tag", "grounded tags accept TAG_ID [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_tags_review(w, true); });
GROUNDED_COMMAND("tags reject", "Reject a suggested tag (it is never suggested again)",
                 "grounded tags reject TAG_ID [--db PATH]",
                 [](const std::vector<std::string>& w) { return run_tags_review(w, false); });
GROUNDED_COMMAND("tags edit", "Change a tag's category or sub-fields (marks it accepted)",
                 "grounded tags edit TAG_ID [--category C] [--subfields JSON] [--db PATH]", run_tags_edit);
GROUNDED_COMMAND("tags add", "Tag an excerpt (or a span of it) by hand",
                 "grounded tags add EXCERPT_ID --category C [--span START:END] [--subfields JSON] [--theme T]",
                 run_tags_add);
GROUNDED_COMMAND("tagger train", "Adapt the tagger's seed model to this repository's reviews",
                 "grounded tagger train [--labeled FILE.csv [--strict]] [--weight W] [--db PATH] [--json]\n"
                 "  --labeled: first import FILE.csv (columns text,labels as for `tagger eval`; labels\n"
                 "  joined by '|', or 'none') as reviewed examples of this repository, skipping texts\n"
                 "  already imported; bad rows are named by line and left out (--strict: import nothing)\n"
                 "  --weight: how much one reviewed row counts against a seed row (the rows also get\n"
                 "  their own copy of every feature, so they can overrule the shipped rules for\n"
                 "  their kind of text; default: learning.json). Per category, the seed model, that\n"
                 "  model and one of the rows alone are blended as far as the rows show it helps on\n"
                 "  rows held out from them (cross-validation); a category they cannot show stays\n"
                 "  as shipped. Takes seconds per few hundred rows.\n"
                 "  --json prints {\"import\":{…},\"model\":{…}}",
                 run_tagger_train);
GROUNDED_COMMAND("tagger eval", "Score the tagger (or the keyword baseline) against a gold CSV",
                 "grounded tagger eval --gold FILE.csv [--json] [--baseline] [--db PATH]\n"
                 "  FILE.csv has columns text,labels (labels joined by '|', or 'none')",
                 run_tagger_eval);

}  // namespace grounded::cli
