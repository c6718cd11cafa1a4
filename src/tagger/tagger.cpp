#include "tagger/tagger.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tagger/signals.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"

namespace grounded::tagger {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return std::string(text.substr(0, cut)) + "…";
}

std::string format_score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

Tagger::Tagger(std::shared_ptr<const Classifier> model, std::shared_ptr<const CueRules> rules,
               std::shared_ptr<const QuestionBank> bank)
    : model_(model ? std::move(model) : seed_model()),
      rules_(rules ? std::move(rules) : CueRules::builtin()),
      bank_(bank ? std::move(bank) : QuestionBank::builtin()) {
  for (const auto& key : Taxonomy::builtin().keys()) {
    const auto& cats = model_->categories();
    auto it = std::find(cats.begin(), cats.end(), key);
    model_index_.push_back(it == cats.end() ? npos : static_cast<std::size_t>(it - cats.begin()));
  }
}

const Tagger& Tagger::builtin() {
  static const Tagger tagger;
  return tagger;
}

Analysis Tagger::analyze(std::string_view text, std::string_view question) const {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  Analysis out;
  Signals s = read_signals(text, *rules_);
  out.job = s.job;
  std::vector<std::string> context_categories;
  if (!question.empty()) {
    out.question = bank_->match(question);
    if (out.question)
      for (const auto& attribute : out.question->question->informs)
        for (auto& c : categories_for_attribute(attribute)) context_categories.push_back(std::move(c));
  }
  std::vector<double> words;
  model_->add_weights(s.word_features, words);

  const auto& categories = taxonomy.categories();
  for (std::size_t k = 0; k < categories.size(); ++k) {
    const Category& category = categories[k];
    const std::size_t m = model_index_[k];
    CategoryScore score;
    score.category = category.key;
    double bias = m == npos ? -3.0 : model_->bias()[m] - model_->offsets()[m];
    double word_z = m == npos ? 0.0 : words[m];
    score.model_probability = sigmoid(bias + word_z);

    // Rules: the model's learned weight for each hit feature (which may be
    // negative for other categories), or the file's weight for an unseen rule.
    const RuleHit* best_hit = nullptr;
    double best_hit_weight = 0;
    for (const auto& hit : s.hits) {
      std::string feature = (hit.counts ? "r:" : "n:") + hit.rule->name;
      bool known = false;
      double w = m == npos ? 0.0 : model_->weight(feature, m, &known);
      if (!known && hit.counts && hit.rule->category == category.key) w = hit.rule->weight;
      score.rule_evidence += w;
      if (hit.counts && hit.rule->category == category.key) {
        score.rules.push_back(hit.rule->name);
        if (!best_hit || w > best_hit_weight) {
          best_hit = &hit;
          best_hit_weight = w;
        }
      }
    }
    if (s.job) {
      bool known = false;
      double w = m == npos ? 0.0 : model_->weight("j:" + s.job->pattern, m, &known);
      score.rule_evidence += w;
    }
    if (std::find(context_categories.begin(), context_categories.end(), category.key) != context_categories.end())
      score.context_evidence = rules_->context_weight() * std::min(1.0, out.question->score / 0.6);
    score.confidence = sigmoid(bias + word_z + score.rule_evidence + score.context_evidence);

    // Origin: the strongest positive push among the three signals.
    double rule_push = score.rules.empty() ? 0.0 : std::max(0.0, score.rule_evidence);
    double model_push = std::max(0.0, word_z);
    score.origin = TagOrigin::model;
    if (rule_push > model_push && rule_push >= score.context_evidence) score.origin = TagOrigin::rule;
    else if (score.context_evidence > model_push && score.context_evidence > rule_push) score.origin = TagOrigin::context;

    // Sub-fields from the rules that fired (impact, root cause) or the JTBD parse.
    for (const auto& sub : category.subfields) {
      if (sub.values.empty() || sub.key == "dimension") continue;
      std::string value;
      double value_weight = -1e9;
      for (const auto& hit : s.hits) {
        if (!hit.counts || hit.rule->category != category.key || !hit.rule->subfields.contains(sub.key)) continue;
        double w = m == npos ? hit.rule->weight : model_->weight("r:" + hit.rule->name, m);
        if (w > value_weight) {
          value_weight = w;
          value = hit.rule->subfields[sub.key].get<std::string>();
        }
      }
      score.subfields[sub.key] = value.empty() ? "other" : value;
    }
    if (category.key == "job") {
      if (s.job) score.subfields = job_subfields(*s.job);
      else score.subfields["dimension"] = job_dimension(text);
    }
    if (best_hit && !(best_hit->start == 0 && best_hit->end == static_cast<int>(text.size()))) {
      score.span_start = best_hit->start;
      score.span_end = best_hit->end;
    }

    std::string why;
    for (const auto& r : score.rules) why += (why.empty() ? "rule " : ", ") + r;
    if (out.question && score.context_evidence > 0)
      why += std::string(why.empty() ? "" : "; ") + "after '" + shorten(out.question->question->text, 48) + "'";
    why += std::string(why.empty() ? "" : "; ") + "model " + format_score(score.model_probability);
    score.rationale = why;
    out.scores.push_back(std::move(score));
  }
  return out;
}

std::vector<CategoryScore> Tagger::suggest(std::string_view text, std::string_view question) const {
  Analysis analysis = analyze(text, question);
  std::vector<CategoryScore> out;
  for (auto& s : analysis.scores)
    if (s.suggested()) out.push_back(std::move(s));
  std::stable_sort(out.begin(), out.end(),
                   [](const CategoryScore& a, const CategoryScore& b) { return a.confidence > b.confidence; });
  return out;
}

std::vector<Tag> Tagger::suggest_tags(Id excerpt_id, std::string_view text, std::string_view question) const {
  std::vector<Tag> tags;
  for (const auto& s : suggest(text, question)) {
    Tag tag;
    tag.excerpt_id = excerpt_id;
    tag.category = s.category;
    tag.subfields_json = s.subfields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    tag.confidence = std::round(s.confidence * 1000.0) / 1000.0;
    tag.origin = s.origin;
    tag.status = TagStatus::suggested;
    tag.rationale = s.rationale;
    tag.span_start = s.span_start;
    tag.span_end = s.span_end;
    tag.created_by = "tagger";
    tags.push_back(std::move(tag));
  }
  return tags;
}

void to_json(nlohmann::json& out, const CategoryScore& s) {
  auto r3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  out = {{"category", s.category},
         {"confidence", r3(s.confidence)},
         {"model_probability", r3(s.model_probability)},
         {"rule_evidence", r3(s.rule_evidence)},
         {"context_evidence", r3(s.context_evidence)},
         {"rules", s.rules},
         {"subfields", s.subfields},
         {"origin", to_string(s.origin)},
         {"rationale", s.rationale},
         {"span", s.span_start ? nlohmann::json::array({*s.span_start, *s.span_end}) : nlohmann::json(nullptr)}};
}

void to_json(nlohmann::json& out, const Analysis& a) {
  nlohmann::json tags = nlohmann::json::array();
  std::vector<const CategoryScore*> suggested;
  for (const auto& s : a.scores)
    if (s.suggested()) suggested.push_back(&s);
  std::stable_sort(suggested.begin(), suggested.end(),
                   [](const CategoryScore* x, const CategoryScore* y) { return x->confidence > y->confidence; });
  for (const auto* s : suggested) tags.push_back(*s);
  out = {{"tags", tags}, {"scores", a.scores}, {"question", nullptr}, {"job", nullptr}};
  if (a.question)
    out["question"] = {{"id", a.question->question->id},
                       {"text", a.question->question->text},
                       {"score", std::round(a.question->score * 1000.0) / 1000.0}};
  if (a.job) {
    nlohmann::json job = job_subfields(*a.job);
    job["pattern"] = a.job->pattern;
    if (!a.job->role.empty()) job["role"] = a.job->role;
    out["job"] = job;
  }
}

}  // namespace grounded::tagger
