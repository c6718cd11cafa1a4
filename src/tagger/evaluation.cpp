#include "tagger/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/error.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {

EvalReport score_predictions(const std::vector<LabeledText>& gold, const std::vector<std::vector<std::string>>& predicted,
                             const std::string& name) {
  if (gold.size() != predicted.size()) throw invalid_input("evaluation: predictions do not match the gold rows");
  EvalReport report;
  report.name = name;
  report.texts = gold.size();
  for (const auto& key : Taxonomy::builtin().keys()) report.categories.push_back(CategoryMetrics{key});
  int tp_all = 0, fp_all = 0, fn_all = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    std::set<std::string> g(gold[i].labels.begin(), gold[i].labels.end());
    std::set<std::string> p(predicted[i].begin(), predicted[i].end());
    for (auto& m : report.categories) {
      bool in_g = g.count(m.category) > 0, in_p = p.count(m.category) > 0;
      m.support += in_g;
      m.true_positives += in_g && in_p;
      m.false_positives += !in_g && in_p;
      m.false_negatives += in_g && !in_p;
    }
    std::vector<std::string> gl(g.begin(), g.end()), pl(p.begin(), p.end());
    if (gl.empty()) gl.push_back("none");
    if (pl.empty()) pl.push_back("none");
    for (const auto& a : gl)
      for (const auto& b : pl) ++report.confusion[a][b];
  }
  int with_support = 0;
  for (auto& m : report.categories) {
    m.precision = m.true_positives + m.false_positives ? double(m.true_positives) / (m.true_positives + m.false_positives) : 0;
    m.recall = m.true_positives + m.false_negatives ? double(m.true_positives) / (m.true_positives + m.false_negatives) : 0;
    m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
    tp_all += m.true_positives;
    fp_all += m.false_positives;
    fn_all += m.false_negatives;
    if (m.support > 0) {
      report.macro_f1 += m.f1;
      ++with_support;
    }
  }
  if (with_support) report.macro_f1 /= with_support;
  double p = tp_all + fp_all ? double(tp_all) / (tp_all + fp_all) : 0, r = tp_all + fn_all ? double(tp_all) / (tp_all + fn_all) : 0;
  report.micro_f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
  return report;
}

EvalReport evaluate(const std::vector<LabeledText>& gold, const Predictor& predict, const std::string& name) {
  return evaluate(gold, [&](std::string_view text, std::string_view) { return predict(text); }, name);
}

EvalReport evaluate(const std::vector<LabeledText>& gold, const ContextPredictor& predict, const std::string& name) {
  std::vector<std::vector<std::string>> predicted;
  predicted.reserve(gold.size());
  for (const auto& row : gold) predicted.push_back(predict(row.text, row.question));
  return score_predictions(gold, predicted, name);
}

std::string render_report(const EvalReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%s on %zu texts\n\n%-20s %9s %9s %9s %8s\n", r.name.c_str(), r.texts, "category",
                "precision", "recall", "f1", "support");
  out += line;
  for (const auto& m : r.categories) {
    std::snprintf(line, sizeof line, "%-20s %9.3f %9.3f %9.3f %8d\n", m.category.c_str(), m.precision, m.recall, m.f1,
                  m.support);
    out += line;
  }
  std::snprintf(line, sizeof line, "\nmacro-F1 %.3f (over categories with support)   micro-F1 %.3f\n", r.macro_f1,
                r.micro_f1);
  out += line;
  // Confusion table: rows gold, columns predicted.
  std::vector<std::string> cols;
  for (const auto& m : r.categories) cols.push_back(m.category);
  cols.push_back("none");
  auto abbrev = [](const std::string& s) { return s.substr(0, 7); };
  out += "\nconfusion (rows gold, columns predicted)\n" + std::string(20, ' ');
  for (const auto& c : cols) {
    std::snprintf(line, sizeof line, " %7s", abbrev(c).c_str());
    out += line;
  }
  out += "\n";
  for (const auto& g : cols) {
    auto row = r.confusion.find(g);
    if (row == r.confusion.end()) continue;
    std::snprintf(line, sizeof line, "%-20s", g.c_str());
    out += line;
    for (const auto& c : cols) {
      auto cell = row->second.find(c);
      std::snprintf(line, sizeof line, " %7d", cell == row->second.end() ? 0 : cell->second);
      out += line;
    }
    out += "\n";
  }
  return out;
}

void to_json(nlohmann::json& out, const EvalReport& r) {
  auto r4 = [](double v) { return std::round(v * 10000.0) / 10000.0; };
  nlohmann::json cats = nlohmann::json::array();
  for (const auto& m : r.categories)
    cats.push_back({{"category", m.category},
                    {"precision", r4(m.precision)},
                    {"recall", r4(m.recall)},
                    {"f1", r4(m.f1)},
                    {"support", m.support},
                    {"true_positives", m.true_positives},
                    {"false_positives", m.false_positives},
                    {"false_negatives", m.false_negatives}});
  out = {{"name", r.name}, {"texts", r.texts}, {"categories", cats}, {"macro_f1", r4(r.macro_f1)},
         {"micro_f1", r4(r.micro_f1)}, {"confusion", r.confusion}};
}

}  // namespace grounded::tagger
