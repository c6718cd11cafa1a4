// grounded persona … — evidence-cited personas (src/synth/). Thin: parse the
// words, call the module, print text or the module's JSON form.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "synth/synth.hpp"

namespace grounded::cli {
namespace {

std::string actor(const Arguments& args, const std::string& option = "who") {
  std::string who = args.get(option);
  if (who.empty()) {
    const char* user = std::getenv("USER");
    who = user && *user ? user : "cli";
  }
  return who;
}

Id positional_id(const Arguments& args, const std::string& what) {
  if (args.positionals().size() != 1) throw UsageError("give exactly one " + what);
  return parse_id(args.positionals()[0], what);
}

void print_json(const nlohmann::json& value) { std::cout << dump_json(value, 2) << "\n"; }

std::string flags_text(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? " [" : ", ") + f;
  return out.empty() ? out : out + "]";
}

int run_create(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "name", "kind", "role", "cohort", "tier", "who"}, {"json"});
  if (!args.has("name")) throw UsageError("--name is required");
  synth::NewPersona input;
  input.name = args.get("name");
  input.kind = parse_persona_kind(args.get("kind", "buyer"));
  input.role = args.get("role");
  input.cohort_json = args.get("cohort", "{}");
  input.priority_tier = args.get("tier");
  auto db = store::Database::open(database_path_option(args.get("db")));
  Persona p = synth::create_persona(db, input, actor(args));
  if (args.has("json")) print_json(p);
  else std::cout << "persona " << p.id << " created: " << p.name << " (" << to_string(p.kind) << ")\n";
  return 0;
}

int run_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  auto db = store::Database::open(database_path_option(args.get("db")));
  nlohmann::json out = nlohmann::json::array();
  for (const Persona& p : synth::list_personas(db)) {
    synth::PersonaView v = synth::load_persona_view(db, p.id);
    if (args.has("json")) {
      out.push_back({{"persona", p}, {"size", v.size}, {"attributes", v.attributes.size()},
                     {"evidence_score", v.evidence_score}, {"progress", v.progress}, {"flags", v.flags}});
    } else {
      std::cout << std::setw(4) << p.id << "  " << p.name << "  (" << to_string(p.kind)
                << (p.priority_tier.empty() ? "" : ", tier " + p.priority_tier) << ")  " << v.attributes.size()
                << " attributes, " << v.size.participants << " participants, evidence "
                << static_cast<int>(v.evidence_score * 100 + 0.5) << "%, " << v.progress.summary
                << flags_text(v.flags) << "\n";
    }
  }
  if (args.has("json")) print_json(out);
  return 0;
}

int run_draft(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "min-confidence", "who"}, {"include-suggested", "json"});
  Id id = positional_id(args, "persona id");
  synth::DraftOptions options;
  options.include_suggested = args.has("include-suggested");
  if (args.has("min-confidence")) {
    try {
      options.min_suggested_confidence = std::stod(args.get("min-confidence"));
    } catch (const std::exception&) {
      throw invalid_input("--min-confidence expects a number between 0 and 1");
    }
  }
  options.who = actor(args);
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::DraftReport r = synth::draft_persona(db, id, options);
  if (args.has("json")) {
    print_json(r);
    return 0;
  }
  std::cout << "persona " << id << " drafted from " << r.tags_used << " tags in " << r.themes << " themes: " << r.added
            << " added, " << r.updated << " updated, " << r.removed << " removed, " << r.kept << " kept (edited by people), "
            << r.unchanged << " unchanged\n";
  for (const auto& c : r.changes)
    if (c.change != "unchanged") std::cout << "  " << std::left << std::setw(8) << c.change << c.section << ": " << c.text << "\n";
  if (!r.sections_without_evidence.empty()) {
    std::cout << "no evidence for:";
    for (const auto& s : r.sections_without_evidence) std::cout << " " << s;
    std::cout << "\n";
  }
  return 0;
}

int run_show(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "stale-days"}, {"json", "matrix"});
  Id id = positional_id(args, "persona id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::EvidenceOptions options;
  if (auto days = args.integer("stale-days")) options.stale_after_days = static_cast<int>(*days);
  synth::PersonaView v = synth::load_persona_view(db, id, options);
  if (args.has("json")) {
    nlohmann::json out = v;
    if (args.has("matrix")) out["matrix"] = synth::evidence_matrix(v);
    print_json(out);
    return 0;
  }
  std::cout << v.persona.name << " — " << v.kind_title << (v.persona.role.empty() ? "" : " (" + v.persona.role + ")")
            << "\ncohort: " << v.size.participants << " participants, " << v.size.accounts << " accounts, "
            << v.size.sources << " sources, " << v.size.excerpts << " excerpts\nevidence score "
            << static_cast<int>(v.evidence_score * 100 + 0.5) << "%, " << v.progress.summary << flags_text(v.flags) << "\n";
  std::string section;
  for (const auto& a : v.attributes) {
    if (a.stored.attribute.section != section) {
      section = a.stored.attribute.section;
      std::cout << "\n" << a.section_title << " (" << section << ")\n";
    }
    std::cout << "  #" << a.stored.attribute.id << " " << a.stored.attribute.text << flags_text(a.flags);
    if (!a.citations.empty())
      std::cout << "  — " << a.evidence.voices << " voices, " << a.evidence.sources << " sources, cites:";
    for (const auto& c : a.citations)
      std::cout << " " << c.excerpt.id << "(c" << c.stored.citation.id
                << (c.stored.citation.verdict == CitationVerdict::unreviewed ? ""
                    : c.stored.citation.verdict == CitationVerdict::supports ? " ✓" : " ✗")
                << ")";
    std::cout << "\n";
  }
  return 0;
}

int run_attribute_add(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "section", "text", "cite", "who"}, {"json"});
  Id id = positional_id(args, "persona id");
  if (!args.has("section") || !args.has("text")) throw UsageError("--section and --text are required");
  std::vector<Id> cites;
  for (const auto& c : args.all("cite")) cites.push_back(parse_id(c, "excerpt id"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::StoredAttribute a = synth::add_attribute(db, id, args.get("section"), args.get("text"), cites, actor(args));
  if (args.has("json")) {
    nlohmann::json out = a.attribute;
    out["basis"] = a.basis;
    print_json(out);
  } else {
    std::cout << "attribute " << a.attribute.id << " added to " << a.attribute.section
              << (cites.empty() ? " (no citations: flagged opinion-based)" : " citing " + std::to_string(cites.size()) + " excerpts")
              << "\n";
  }
  return 0;
}

int run_attribute_edit(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "text", "who"}, {"json"});
  Id id = positional_id(args, "attribute id");
  if (!args.has("text")) throw UsageError("--text is required");
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::StoredAttribute a = synth::edit_attribute(db, id, args.get("text"), actor(args));
  if (args.has("json")) print_json(a.attribute);
  else std::cout << "attribute " << id << " edited (kept on re-draft)\n";
  return 0;
}

int run_attribute_cite(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "excerpt", "who"}, {"detach", "json"});
  Id id = positional_id(args, args.has("detach") ? "citation id" : "attribute id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  if (args.has("detach")) {
    synth::detach_citation(db, id, actor(args));
    std::cout << "citation " << id << " detached\n";
    return 0;
  }
  if (!args.has("excerpt")) throw UsageError("--excerpt is required");
  synth::StoredCitation c = synth::attach_citation(db, id, parse_id(args.get("excerpt"), "excerpt id"), actor(args));
  if (args.has("json")) print_json(c.citation);
  else std::cout << "citation " << c.citation.id << " links attribute " << id << " to excerpt " << c.citation.excerpt_id << "\n";
  return 0;
}

int run_review(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "citation", "verdict", "note", "reviewer"}, {"json"});
  Id id = positional_id(args, "persona id");
  if (!args.has("citation") || !args.has("verdict")) throw UsageError("--citation and --verdict are required");
  CitationVerdict verdict = parse_citation_verdict(args.get("verdict"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::StoredCitation c = synth::record_verdict(db, id, parse_id(args.get("citation"), "citation id"), verdict,
                                                  args.get("note"), actor(args, "reviewer"));
  synth::ReviewProgress p = synth::review_progress(db, id);
  if (args.has("json")) {
    print_json({{"citation", c.citation}, {"progress", p}});
  } else {
    std::cout << "citation " << c.citation.id << ": " << to_string(c.citation.verdict) << " by " << c.citation.reviewer
              << "; " << p.summary << ", " << p.attributes_verified << " of " << p.attributes_total
              << " attributes verified" << (p.verified ? " — persona verified" : "") << "\n";
  }
  return 0;
}

int run_signoff(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "step", "who", "note"}, {"json"});
  Id id = positional_id(args, "persona id");
  if (!args.has("step") || !args.has("who")) throw UsageError("--step and --who are required");
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::Signoff s = synth::record_signoff(db, id, args.get("step"), args.get("who"), args.get("note"));
  if (args.has("json")) print_json(s);
  else std::cout << s.step << " signed off by " << s.who << " at " << s.at << "\n";
  return 0;
}

int run_gaps(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "format"}, {"json"});
  Id id = positional_id(args, "persona id");
  std::string format = args.has("json") ? "json" : args.has("format") ? args.get("format") : "text";
  if (format != "json" && format != "md" && format != "text")
    throw invalid_input("--format expects md or json, not '" + format + "'");
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::GapReport r = synth::persona_gaps(db, id);
  if (format == "json") {
    print_json(r);
    return 0;
  }
  if (format == "md") {
    std::cout << synth::gaps_markdown(r);
    return 0;
  }
  std::cout << r.advice << "\n";
  for (const auto& g : r.gaps) {
    std::cout << "  " << g.title << " (" << g.status << ")\n";
    for (const auto& q : g.questions) std::cout << "    - " << q.text << "\n";
  }
  return 0;
}

int run_checklist(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  Id id = positional_id(args, "persona id");
  auto db = store::Database::open(database_path_option(args.get("db")));
  synth::Checklist c = synth::persona_checklist(db, id);
  if (args.has("json")) {
    print_json(c);
    return 0;
  }
  std::cout << c.passed << " of " << c.total << " checks pass\n";
  for (const auto& i : c.items)
    std::cout << "  " << (i.status == "pass" ? "[x]" : i.status == "pending" ? "[ ]" : "[!]") << " " << i.title << " — "
              << i.detail << "\n";
  for (const auto& w : c.warnings) std::cout << "warning: " << w.message << "\n";
  return 0;
}

int run_export(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "format", "out"}, {});
  Id id = positional_id(args, "persona id");
  synth::ExportFormat format = synth::parse_export_format(args.get("format", "md"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::string text = synth::export_persona(db, id, format);
  if (!args.has("out")) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(args.get("out"), std::ios::binary);
  if (!out || !(out << text)) throw invalid_input("cannot write " + args.get("out"));
  std::cerr << "wrote " << args.get("out") << " (" << text.size() << " bytes)\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("persona create", "Create a persona (buyer, user or icp) over a cohort",
                 "grounded persona create --name N --kind buyer|user|icp [--role R] [--tier T]\n"
                 "                        [--cohort '{\"participants\":{\"roles\":[\"Controller\"]}}'] [--json]",
                 run_create);
GROUNDED_COMMAND("persona list", "List personas with size, evidence score and review progress",
                 "grounded persona list [--json]", run_list);
GROUNDED_COMMAND("persona draft", "Draft a persona's attributes from its cohort's tagged evidence",
                 "grounded persona draft ID [--include-suggested [--min-confidence 0.8]] [--json]", run_draft);
GROUNDED_COMMAND("persona show", "Show a persona: attributes, flags, citations",
                 "grounded persona show ID [--json [--matrix]] [--stale-days N]", run_show);
GROUNDED_COMMAND("persona attribute add", "Add an attribute by hand (cite excerpts, or it is opinion-based)",
                 "grounded persona attribute add ID --section S --text T [--cite EXCERPT_ID]... [--json]",
                 run_attribute_add);
GROUNDED_COMMAND("persona attribute edit", "Edit an attribute's text (kept on re-draft)",
                 "grounded persona attribute edit ATTRIBUTE_ID --text T [--json]", run_attribute_edit);
GROUNDED_COMMAND("persona attribute cite", "Attach an excerpt to an attribute, or detach a citation",
                 "grounded persona attribute cite ATTRIBUTE_ID --excerpt EXCERPT_ID\n"
                 "grounded persona attribute cite CITATION_ID --detach",
                 run_attribute_cite);
GROUNDED_COMMAND("persona review", "Record a verdict on one citation",
                 "grounded persona review ID --citation C --verdict supports|does_not_support [--note N] [--reviewer W]",
                 run_review);
GROUNDED_COMMAND("persona signoff", "Record a human validation step",
                 "grounded persona signoff ID --step validated_with_sales|validated_with_customer_success|"
                 "reviewed_with_product --who W [--note N]",
                 run_signoff);
GROUNDED_COMMAND("persona checklist", "Validation checklist and anti-pattern warnings",
                 "grounded persona checklist ID [--json]", run_checklist);
GROUNDED_COMMAND("persona gaps", "Sections with no or thin evidence, and the bank questions that would fill them",
                 "grounded persona gaps ID [--json | --format md]", run_gaps);
GROUNDED_COMMAND("persona export", "Export a persona as Markdown, JSON or print-friendly HTML",
                 "grounded persona export ID --format md|json|html [--out FILE]", run_export);

}  // namespace grounded::cli
