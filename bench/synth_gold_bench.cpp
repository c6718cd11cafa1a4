// Drafting quality on the sample study against its gold personas
// (tests/fixtures/synth/gold_personas.json): theme recall, citation
// precision, section accuracy and the share of main-body attributes two or
// more participants say, per persona, with each attribute's match.
//
//   build/synth_gold_bench [--markdown]     (run from the repository root)
// Targets (issue 11): recall ≥ 0.8, precision ≥ 0.9, section ≥ 0.9, multi ≥ 0.7.
#include <iostream>
#include <string>

#include "gold_study.hpp"

int main(int argc, char** argv) {
  bool markdown = argc > 1 && std::string(argv[1]) == "--markdown";
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : grounded::gold::run_gold_study(std::filesystem::current_path())) {
    runs.push_back({{"persona", r.name}, {"score", r.score}});
    if (markdown) std::cerr << r.markdown << "\n";
  }
  nlohmann::json targets = {{"theme_recall", 0.8}, {"citation_precision", 0.9}, {"section_accuracy", 0.9},
                            {"multi_participant_share", 0.7}};
  std::cout << nlohmann::json({{"benchmark", "synth_gold"}, {"targets", targets}, {"runs", runs}})
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return 0;
}
