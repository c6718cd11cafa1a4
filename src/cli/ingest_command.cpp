// grounded ingest — files and folders into the evidence store (src/ingest/).
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/arguments.hpp"
#include "cli/column_map_option.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "ingest/ingest.hpp"
#include "store/database.hpp"

namespace grounded::cli {
namespace {

int run_ingest(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "kind", "participant", "role", "account", "interviewer", "map", "title", "occurred-at", "redact", "study"},
                 {"pseudonymize", "no-redact", "json", "unlabelled", "timings"});
  if (args.positionals().empty()) throw UsageError("name at least one file or folder to ingest");
  ingest::IngestOptions options;
  if (args.has("kind")) options.kind = parse_source_kind(args.get("kind"));
  options.participant = args.get("participant");
  options.role = args.get("role");
  options.account = args.get("account");
  options.interviewer = args.get("interviewer");
  options.title = args.get("title");
  options.occurred_at = args.get("occurred-at");
  options.study = args.get("study");
  options.redact = !args.has("no-redact");
  if (args.has("redact")) options.redact_types = ingest::parse_pii_types(args.get("redact"));
  options.pseudonymize = args.has("pseudonymize");
  options.unlabelled = args.has("unlabelled");
  if (args.has("map")) options.column_map = parse_column_map(args.get("map"));
  ingest::IngestStages stages;
  if (args.has("timings")) options.stages = &stages;
  auto db = store::Database::open(database_path_option(args.get("db")));

  bool rejected = false;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& path : args.positionals()) {
    std::vector<ingest::IngestReport> reports;
    try {
      // A file named on its own with metadata again: apply it (a folder's study.json never is).
      ingest::IngestOptions file_options = options;
      file_options.apply_to_stored = !std::filesystem::is_directory(path);
      reports = ingest::ingest_path(db, path, file_options);
    } catch (const Error& e) {
      ingest::IngestReport r;
      r.origin = path;
      r.status = "rejected";
      r.message = e.what();
      reports.push_back(r);
    }
    for (const auto& r : reports) {
      rejected |= r.status == "rejected";
      if (args.has("json")) {
        out.push_back({{"origin", r.origin}, {"status", r.status}, {"format", r.format}, {"source_ids", r.source_ids},
                       {"excerpt_count", r.excerpt_count}, {"skipped_rows", r.skipped_rows},
                       {"redactions", r.redactions}, {"message", r.message}, {"warnings", r.warnings}, {"applied", r.applied}});
      } else {
        (r.status == "rejected" ? std::cerr : std::cout) << ingest::describe(r) << "\n";
      }
    }
  }
  if (args.has("json")) std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (args.has("timings"))
    std::cerr << nlohmann::json{{"stage_seconds", {{"read", stages.read}, {"parse", stages.parse}, {"redact", stages.redact},
                                                   {"segment", stages.segment}, {"write", stages.write},
                                                   {"index", stages.index}, {"commit", stages.commit}}}}
                     .dump()
              << "\n";
  return rejected ? 2 : 0;
}

}  // namespace

GROUNDED_COMMAND("ingest", "Ingest transcripts, ticket and review exports (files or folders)",
                 "grounded ingest PATH... [--study NAME] [--kind interview|ticket|review|note] [--participant NAME] [--role ROLE]\n"
                 "                [--account NAME] [--interviewer NAME] [--map key=Column,...] [--title T]\n"
                 "                [--occurred-at DATE] [--pseudonymize] [--redact TYPES] [--no-redact] [--unlabelled] [--json] [--timings] [--db PATH]\n\n"
                 "Reads interview transcripts (.txt/.md with speaker turns, Otter, Rev, Google Meet, WebVTT\n"
                 "from Zoom or Teams, SRT, DOCX, Fireflies JSON), ticket exports (Zendesk, Freshdesk, Intercom)\n"
                 "and review exports (G2, Capterra, App Store, Google Play). The format is detected from the\n"
                 "content. Every source belongs to a study: --study NAME (created on first use), else the\n"
                 "name in the folder's study.json, else \"Unsorted\". Folders are walked in sorted order; its\n"
                 "study.json supplies the study, accounts and per-file metadata (a wrong type or an unknown\n"
                 "key rejects it, naming the field). Personal data is redacted in the text and in name fields unless --no-redact\n"
                 "(a requester known only by an e-mail or phone becomes Requester N); --redact picks the kinds:\n"
                 "email,phone,card,iban,national_id,account,address,dob,secret_url,api_key (default all);\n"
                 "--pseudonymize replaces names with P1, P2 … Each file is stored whole or not at all (files\n"
                 "are written in batches, one savepoint each, and reported stored once the batch commits); the\n"
                 "same bytes ingested twice are reported as already stored. --map names CSV columns:\n"
                 "body, subject, requester, created, organization, id, comments, rating, title, role.\n"
                 "Speaker labels may be in any case (`interviewee:`, `Interviewer 1:`, `Q:`/`A:`); a generic\n"
                 "label (Interviewee, Speaker 2, Participant …) is a different person in each file unless\n"
                 "--participant or study.json names them. --unlabelled stores a text without speaker labels\n"
                 "as one participant's words instead of rejecting it.\n"
                 "--timings prints the seconds spent per stage (read, parse, redact, segment, write, index =\n"
                 "tokenize + FTS, commit) as JSON on stderr.\n"
                 "Exit code 2 when any file was rejected.",
                 run_ingest);

}  // namespace grounded::cli
