// The sample study scored against its gold personas: ingest samples/, run
// the tagger, propose themes, draft each gold persona from its cohort (with the tagger's
// confident suggestions, as nobody has reviewed the tags) and score the
// draft (synth/gold_score.hpp). Shared by tests/test_synth_gold.cpp and
// bench/synth_gold_bench.cpp so both measure exactly the same thing.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/ingest.hpp"
#include "store/database.hpp"
#include "synth/gold_score.hpp"
#include "synth/synth.hpp"
#include "synth/themes.hpp"
#include "tagger/tag_runner.hpp"
#include "text/utf8.hpp"

namespace grounded::gold {

struct PersonaResult {
  std::string name;
  synth::GoldScore score;
  std::string markdown;
};

inline nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

// `root` is the repository (samples/ and tests/fixtures/ below it).
inline std::vector<PersonaResult> run_gold_study(const std::filesystem::path& root) {
  store::Database db = store::Database::open(":memory:");
  ingest::ingest_path(db, root / "samples", {});
  tagger::tag_all(db);
  synth::ProposeOptions propose;
  propose.include_suggested = true;  // nobody has reviewed the sample's tags
  synth::propose_themes(db, propose);
  nlohmann::json gold = read_json(root / "tests/fixtures/synth/gold_personas.json");
  std::vector<PersonaResult> out;
  for (const auto& g : gold.at("personas")) {
    synth::NewPersona p;
    p.name = g.at("name").get<std::string>();
    p.kind = parse_persona_kind(g.at("kind").get<std::string>());
    p.cohort_json = g.at("cohort").dump();
    Id id = synth::create_persona(db, p, "gold").id;
    synth::DraftOptions options;
    options.include_suggested = true;
    synth::draft_persona(db, id, options);
    synth::PersonaView view = synth::load_persona_view(db, id);
    out.push_back({p.name, synth::score_against_gold(view, synth::resolve_gold_themes(db, g)),
                   synth::export_persona(db, id, synth::ExportFormat::markdown)});
  }
  return out;
}

}  // namespace grounded::gold
