// Scoring a tagger against a gold set: per-category precision, recall, F1
// and support, macro-F1, and a confusion table, for `grounded tagger eval`.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tagger/labeled_csv.hpp"

namespace grounded::tagger {

struct CategoryMetrics {
  std::string category;
  int true_positives = 0, false_positives = 0, false_negatives = 0;
  int support = 0;  // gold texts with this category
  double precision = 0, recall = 0, f1 = 0;  // 0 when undefined
};

struct EvalReport {
  std::string name;  // e.g. "tagger" or "keyword baseline"
  std::size_t texts = 0;
  std::vector<CategoryMetrics> categories;  // every taxonomy category, taxonomy order
  double macro_f1 = 0;  // mean F1 over the categories with support > 0
  double micro_f1 = 0;
  // gold label (or "none") → predicted label (or "none") → count; a text with
  // gold {a,b} predicted {c} adds a→c and b→c.
  std::map<std::string, std::map<std::string, int>> confusion;
};

// Scores predicted label lists (one per gold row, same order). Throws
// Error(invalid_input) when the sizes differ.
EvalReport score_predictions(const std::vector<LabeledText>& gold, const std::vector<std::vector<std::string>>& predicted,
                             const std::string& name);

using Predictor = std::function<std::vector<std::string>(std::string_view text)>;
// Runs `predict` on every gold text and scores it.
EvalReport evaluate(const std::vector<LabeledText>& gold, const Predictor& predict, const std::string& name);
// The same for a predictor that reads the question a text answers too.
using ContextPredictor = std::function<std::vector<std::string>(std::string_view text, std::string_view question)>;
EvalReport evaluate(const std::vector<LabeledText>& gold, const ContextPredictor& predict, const std::string& name);

// A plain-text table: per category P/R/F1/support, macro-F1, confusion.
std::string render_report(const EvalReport& report);
void to_json(nlohmann::json& out, const EvalReport& report);

}  // namespace grounded::tagger
