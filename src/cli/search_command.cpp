// grounded search — search excerpts from the command line (src/search/).
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "search/search.hpp"
#include "search/search_json.hpp"
#include "store/database.hpp"

namespace grounded::cli {
namespace {

std::string clock_time(std::int64_t ms) {
  const std::int64_t s = ms / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

// The snippet with its highlight ranges marked: ANSI bold on a terminal,
// «guillemets» when piped (so grep and files still show the match).
std::string marked(const search::SearchHit& hit, bool tty) {
  const std::string open = tty ? "\x1b[1m" : "«", close = tty ? "\x1b[0m" : "»";
  std::string out;
  std::size_t at = 0;
  for (const auto& [start, end] : hit.highlights) {
    const auto s = static_cast<std::size_t>(start), e = static_cast<std::size_t>(end);
    if (s < at || e > hit.snippet.size()) continue;
    out.append(hit.snippet, at, s - at);
    out += open;
    out.append(hit.snippet, s, e - s);
    out += close;
    at = e;
  }
  out.append(hit.snippet, at);
  // Terminal control bytes in evidence text must not reach the terminal.
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\x1b') c = ' ';
  }
  return out;
}

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const std::size_t comma = v.find(',', start);
      const std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

int run_search(const std::vector<std::string>& words) {
  Arguments args(words,
                 {"db", "kind", "role", "participant-role", "participant", "account", "source", "from", "to", "category",
                  "study", "limit", "offset"},
                 {"json", "all-speakers", "exact-count"});
  if (args.positionals().empty()) throw UsageError("give the words to search for");
  search::SearchQuery query;
  for (const auto& word : args.positionals()) query.text += (query.text.empty() ? "" : " ") + word;
  query.kinds = split_commas(args.all("kind"));
  query.speaker_roles = split_commas(args.all("role"));
  query.participant_roles = args.all("participant-role");  // job titles may hold commas
  query.tag_categories = split_commas(args.all("category"));
  query.studies = args.all("study");  // names may hold commas
  if (args.has("participant")) query.participant_id = parse_id(args.get("participant"), "--participant");
  if (args.has("account")) query.account_id = parse_id(args.get("account"), "--account");
  if (args.has("source")) query.source_id = parse_id(args.get("source"), "--source");
  query.date_from = args.get("from");
  query.date_to = args.get("to");
  query.all_speakers = args.has("all-speakers");
  query.exact_count = args.has("exact-count");
  if (auto limit = args.integer("limit")) {
    if (*limit < 1 || *limit > 200) throw invalid_input("--limit must be from 1 to 200");
    query.limit = static_cast<int>(*limit);
  }
  if (auto offset = args.integer("offset")) {
    if (*offset < 0 || *offset > 100000) throw invalid_input("--offset must be from 0 to 100000");
    query.offset = static_cast<int>(*offset);
  }

  auto db = store::Database::open(database_path_option(args.get("db")));
  const search::SearchResult result = search::search(db, query);
  if (args.has("json")) {
    std::cout << dump_json(nlohmann::json(result), 2) << "\n";
    return 0;
  }
  const bool tty = isatty(STDOUT_FILENO) != 0;
  std::cout << (result.total_exact ? "" : "at least ") << result.total << (result.total == 1 ? " result" : " results")
            << " for " << query.text;
  if (result.total > 0 && (query.offset > 0 || result.total > static_cast<std::int64_t>(result.hits.size()))) {
    std::cout << " (showing " << query.offset + 1 << "–" << query.offset + static_cast<int>(result.hits.size()) << ")";
  }
  std::cout << "\n";
  if (!result.note.empty()) std::cout << result.note << "\n";
  for (const auto& hit : result.hits) {
    std::cout << "\n[#" << hit.excerpt_id << "] " << hit.source_title << " · " << hit.study;
    if (!hit.speaker.empty()) std::cout << " — " << hit.speaker << " (" << hit.speaker_role << ")";
    if (hit.start_ms) std::cout << " " << clock_time(*hit.start_ms);
    std::cout << "\n    " << marked(hit, tty) << "\n";
  }
  return 0;
}

}  // namespace

GROUNDED_COMMAND("search", "Search excerpts (words, \"phrases\", prefix*, OR, -not, NEAR(a b, 5))",
                 "grounded search QUERY [--kind K] [--role R] [--participant-role R] [--participant ID]\n"
                 "                [--account ID] [--source ID] [--from DATE] [--to DATE] [--category C] [--study NAME]\n"
                 "                [--limit N] [--offset N] [--all-speakers] [--exact-count] [--json] [--db PATH]\n\n"
                 "QUERY: words (all must appear; pricing finds price and priced), \"exact phrases\",\n"
                 "prefix* (not stemmed), a OR b, -excluded, NEAR(a b, 5), and the filters kind:ticket,\n"
                 "role:participant, category:pain_point, study:NAME (study:\"Name with spaces\"). --study\n"
                 "repeats for several studies. --kind, --role and --category take one value\n"
                 "or a comma list and may repeat. Dates are YYYY, YYYY-MM or YYYY-MM-DD, inclusive.\n"
                 "Customer speech ranks above interviewer and agent turns; --all-speakers ranks them\n"
                 "together by relevance. Every match is ranked by relevance; for a very common query (or one\n"
                 "slow to rank) the best matches are kept after the first search, later searches rank those\n"
                 "(and anything added since) and the output says so. --exact-count counts filtered matches exactly.",
                 run_search);

}  // namespace grounded::cli
