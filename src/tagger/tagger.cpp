#include "tagger/tagger.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "tagger/signals.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"
#include "tagger/uncertainty.hpp"

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
               std::shared_ptr<const QuestionBank> bank, std::shared_ptr<const QuestionIntents> intents)
    : model_(model ? std::move(model) : seed_model()),
      rules_(rules ? std::move(rules) : CueRules::builtin()),
      bank_(bank ? std::move(bank) : QuestionBank::builtin()),
      intents_(intents ? std::move(intents) : QuestionIntents::builtin()),
      root_causes_(root_cause_model()) {
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

namespace {

// The evidence one piece of text gives one category.
struct Evidence {
  double model_z = 0;  // bias - offset + word weights
  double rule_z = 0;
  std::vector<std::string> rules;
  const RuleHit* best_hit = nullptr;
};

// The model's weights for one text's rule hits and job shape, looked up once
// and read for every category (one hash lookup per hit, not per category).
struct RuleWeights {
  std::vector<const float*> hits;  // per hit of Signals::hits; nullptr when the model never saw it
  const float* job = nullptr;
};

RuleWeights rule_weights_of(const Signals& s, const Classifier& model) {
  RuleWeights out;
  out.hits.reserve(s.hits.size());
  for (const auto& hit : s.hits) out.hits.push_back(model.weights_of((hit.counts ? "r:" : "n:") + hit.rule->name));
  if (s.job) out.job = model.weights_of("j:" + s.job->pattern);
  return out;
}

Evidence evidence_of(const Signals& s, const RuleWeights& weights, const std::vector<double>& words,
                     const Classifier& model, std::size_t m, const std::string& category) {
  Evidence e;
  e.model_z = m == npos ? -3.0 : model.bias()[m] - model.offsets()[m] + words[m];
  double best_weight = 0;
  for (std::size_t h = 0; h < s.hits.size(); ++h) {
    const RuleHit& hit = s.hits[h];
    const float* row = weights.hits[h];
    double w = m == npos || !row ? 0.0 : row[m];
    // A rule the model has not seen yet (added after training) counts with its file weight.
    if (!row && hit.counts && hit.rule->category == category) w = hit.rule->weight;
    e.rule_z += w;
    if (hit.counts && hit.rule->category == category) {
      e.rules.push_back(hit.rule->name);
      if (!e.best_hit || w > best_weight) {
        e.best_hit = &hit;
        best_weight = w;
      }
    }
  }
  if (weights.job && m != npos) e.rule_z += weights.job[m];
  return e;
}

// A longer excerpt carries a category when any one of its sentences does:
// the model learned from sentence-sized examples, and in a long review the
// praise around a complaint should not drown it. So each sentence (up to 40)
// is read and scored on its own too, and the strongest evidence wins. A
// spoken run-on sentence (transcripts often have one comma-joined sentence
// per turn) is also read clause group by clause group, for the same reason.
struct Sentence {
  int start, end;  // byte span in the whole text
  Signals signals;
  std::vector<double> words;  // the model's word weights per category
  RuleWeights rule_weights;
  bool clause_group = false;  // part of a long sentence, read besides it
};

constexpr std::size_t max_sentences = 40;
constexpr std::size_t long_sentence_words = 24;  // longer sentences are read by clause groups too
constexpr std::size_t clause_group_words = 8;    // a clause group has at least this many words

// Words [first, last] of the whole text read as one part.
Sentence read_part(std::string_view text, const Signals& whole, std::size_t first, std::size_t last,
                   const CueRules& rules, const Classifier& model, bool clause_group) {
  const auto& words = whole.words;
  int start = words[first].start, end = words[last].end;
  while (end < static_cast<int>(text.size()) && (text[static_cast<std::size_t>(end)] == '.' ||
                                                 text[static_cast<std::size_t>(end)] == '!' ||
                                                 text[static_cast<std::size_t>(end)] == '?'))
    ++end;
  std::vector<Word> part_words(words.begin() + static_cast<long>(first), words.begin() + static_cast<long>(last) + 1);
  for (auto& w : part_words) {
    w.start -= start;
    w.end -= start;
  }
  // The whole text's rule hits inside this part (negation and hypotheticals
  // are judged within a sentence, so they carry over).
  std::vector<RuleHit> part_hits;
  for (const auto& hit : whole.hits)
    if (!hit.rule->jtbd && hit.start >= start && hit.end <= end) {
      part_hits.push_back(hit);
      part_hits.back().start -= start;
      part_hits.back().end -= start;
    }
  Sentence part{start, end,
                read_signals(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)), rules,
                             std::move(part_words), &part_hits),
                {}, {}, clause_group};
  model.add_weights(part.signals.word_features, part.words);
  part.rule_weights = rule_weights_of(part.signals, model);
  return part;
}

std::vector<Sentence> read_sentences(std::string_view text, const Signals& whole, const CueRules& rules,
                                     const Classifier& model) {
  std::vector<Sentence> out;
  const auto& words = whole.words;
  const bool several = !words.empty() && words.back().sentence > 0;
  std::size_t i = 0, sentences = 0, groups = 0;
  while (i < words.size() && sentences < max_sentences) {
    std::size_t j = i;
    while (j + 1 < words.size() && words[j + 1].sentence == words[i].sentence) ++j;
    if (several) out.push_back(read_part(text, whole, i, j, rules, model, false));
    ++sentences;
    if (j - i + 1 > long_sentence_words) {
      // Clause groups of at least clause_group_words words, cut where a clause ends.
      std::size_t from = i;
      for (std::size_t k = i; k <= j && groups < max_sentences; ++k) {
        const bool clause_ends = k == j || words[k + 1].clause != words[k].clause;
        const bool rest_is_short = j - k < clause_group_words;
        if (clause_ends && k + 1 - from >= clause_group_words && (!rest_is_short || k == j)) {
          out.push_back(read_part(text, whole, from, k, rules, model, true));
          ++groups;
          from = k + 1;
        }
      }
    }
    i = j + 1;
  }
  return out;
}

// The word features of a text read sentence by sentence: the same set the
// whole text would give (bigrams, negation scope and clause openings never
// cross a sentence), sorted and unique.
std::vector<std::string> union_of_word_features(const std::vector<Sentence>& sentences) {
  std::vector<std::string> merged;
  for (const auto& sentence : sentences) {
    if (sentence.clause_group) continue;  // its sentence holds the same words
    const auto& features = sentence.signals.word_features;
    std::vector<std::string> next;
    next.reserve(merged.size() + features.size());
    std::set_union(std::make_move_iterator(merged.begin()), std::make_move_iterator(merged.end()), features.begin(),
                   features.end(), std::back_inserter(next));
    merged = std::move(next);
  }
  return merged;
}

// The most likely root cause of an objection by the root-cause model, or
// nothing when no cause reaches an even chance.
std::optional<std::string> root_cause_of(const Signals& s, const Classifier& causes) {
  if (causes.empty()) return std::nullopt;
  std::vector<double> z, rule_z;
  causes.add_weights(s.word_features, z);
  causes.add_weights(s.rule_features, rule_z);
  std::size_t best = 0;
  for (std::size_t c = 0; c < z.size(); ++c) {
    z[c] += rule_z[c] + causes.bias()[c];
    if (z[c] > z[best]) best = c;
  }
  if (sigmoid(z[best]) < 0.5) return std::nullopt;
  return causes.categories()[best];
}

// Origin: the strongest positive push among the three signals (the model's
// push measured from an even 0.5).
TagOrigin origin_of(const CategoryScore& score, double model_z) {
  double rule_push = score.rules.empty() ? 0.0 : std::max(0.0, score.rule_evidence);
  double model_push = std::max(0.0, model_z);
  if (rule_push > model_push && rule_push >= score.context_evidence) return TagOrigin::rule;
  if (score.context_evidence > model_push && score.context_evidence > rule_push) return TagOrigin::context;
  return TagOrigin::model;
}

// "rule pain.wasted_time; after 'What's the most frustrating…'; model 0.82; in '…'"
std::string rationale_of(const CategoryScore& score, const Analysis& analysis, std::string_view text,
                         const std::optional<std::pair<int, int>>& sentence_span) {
  std::string why;
  for (const auto& r : score.rules) why += (why.empty() ? "rule " : ", ") + r;
  if (analysis.question && score.context_evidence > 0)
    why += std::string(why.empty() ? "" : "; ") + "after '" + shorten(analysis.question->question->text, 48) + "'";
  else if (!analysis.intents.empty() && score.context_evidence > 0)
    why += std::string(why.empty() ? "" : "; ") + "question asks about " + analysis.intents.front().intent->name;
  if (analysis.section && score.context_evidence != 0)
    why += std::string(why.empty() ? "" : "; ") + "under '" + shorten(*analysis.section, 32) + "'";
  why += std::string(why.empty() ? "" : "; ") + "model " + format_score(score.model_probability);
  if (sentence_span)
    why += "; in '" + shorten(text.substr(static_cast<std::size_t>(sentence_span->first),
                                          static_cast<std::size_t>(sentence_span->second - sentence_span->first)),
                              40) + "'";
  return why;
}

}  // namespace

std::vector<std::pair<std::string, double>> Tagger::context_evidence_of(std::string_view question,
                                                                         const SectionContext* section,
                                                                         Analysis& out) const {
  if (section) return section->evidence;
  std::vector<std::pair<std::string, double>> evidence;
  if (question.empty()) return evidence;
  // What the question asks for, in any words; a matched bank question adds
  // the categories it informs. Each category keeps its strongest push.
  out.intents = intents_->classify(question);
  evidence = intents_->evidence(out.intents);
  out.question = bank_->match(question);
  if (out.question) {
    const double weight = rules_->context_weight() * std::min(1.0, out.question->score / 0.6);
    for (const auto& attribute : out.question->question->informs)
      for (auto& c : categories_for_attribute(attribute)) {
        auto it = std::find_if(evidence.begin(), evidence.end(), [&](const auto& e) { return e.first == c; });
        if (it == evidence.end()) evidence.emplace_back(std::move(c), weight);
        else it->second = std::max(it->second, weight);
      }
  }
  return evidence;
}

Analysis Tagger::analyze(std::string_view text, std::string_view question) const {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  Analysis out;
  // A text of several sentences, all of them read below, is read whole for
  // words and rule hits only: its word features are the union of its
  // sentences' (the same set, built once) and its job statement the first
  // sentence's (a statement is one sentence).
  std::vector<Word> all_words = analyze_words(text);
  const bool from_sentences = !all_words.empty() && all_words.back().sentence > 0 &&
                              all_words.back().sentence < static_cast<int>(max_sentences) &&
                              all_words.size() <= max_feature_words;
  Signals s = read_signals(text, *rules_, std::move(all_words), nullptr,
                           from_sentences ? Scope::sentences_separately : Scope::whole_text);
  out.job = s.job;
  const SectionContext* section = question.empty() ? nullptr : rules_->section_for(question);
  if (section) out.section = std::string(trim_section_label(question));
  const std::vector<std::pair<std::string, double>> context = context_evidence_of(question, section, out);

  std::vector<Sentence> parts = read_sentences(text, s, *rules_, *model_);
  for (const auto& part : parts)
    if (!out.job && part.signals.job) out.job = part.signals.job;
  if (from_sentences) s.word_features = union_of_word_features(parts);
  std::vector<double> words;
  model_->add_weights(s.word_features, words);
  const RuleWeights whole_weights = rule_weights_of(s, *model_);
  const auto& categories = taxonomy.categories();
  for (std::size_t k = 0; k < categories.size(); ++k) {
    const Category& category = categories[k];
    const std::size_t m = model_index_[k];
    CategoryScore score;
    score.category = category.key;
    Evidence e = evidence_of(s, whole_weights, words, *model_, m, category.key);
    const Signals* from = &s;
    int offset = 0;
    std::optional<std::pair<int, int>> sentence_span;
    for (const auto& part : parts) {
      Evidence pe = evidence_of(part.signals, part.rule_weights, part.words, *model_, m, category.key);
      // A fragment of a few words ("That was the job.") is too little for the
      // model alone; it counts only when a rule of the category fired in it.
      // A clause group of a long sentence counts only on a rule hit of its
      // own too: read alone, every clause is one more chance of a false alarm.
      if ((part.signals.words.size() < 5 || part.clause_group) && pe.rules.empty()) continue;
      if (pe.model_z + pe.rule_z > e.model_z + e.rule_z) {
        e = std::move(pe);
        from = &part.signals;
        offset = part.start;
        sentence_span = std::make_pair(part.start, part.end);
      }
    }
    score.model_probability = sigmoid(e.model_z);
    score.rule_evidence = e.rule_z;
    score.rules = e.rules;
    for (const auto& [key, weight] : context)
      if (key == category.key) score.context_evidence = weight;
    score.confidence = sigmoid(e.model_z + score.rule_evidence + score.context_evidence);

    score.origin = origin_of(score, e.model_z);

    // Sub-fields from the rules that fired (impact, root cause) or the JTBD parse.
    for (const auto& sub : category.subfields) {
      if (sub.values.empty() || sub.key == "dimension") continue;
      std::string value;
      double value_weight = -1e9;
      for (const auto& hit : from->hits) {
        if (!hit.counts || hit.rule->category != category.key || !hit.rule->subfields.contains(sub.key)) continue;
        double w = m == npos ? hit.rule->weight : model_->weight("r:" + hit.rule->name, m);
        if (w > value_weight) {
          value_weight = w;
          value = hit.rule->subfields[sub.key].get<std::string>();
        }
      }
      // A suggested objection's root cause: the root-cause model, which
      // reads the words as well as the rule hits, unless it is unsure.
      if (sub.key == "root_cause" && score.suggested())
        if (auto cause = root_cause_of(*from, *root_causes_)) value = *cause;
      score.subfields[sub.key] = value.empty() ? "other" : value;
    }
    if (category.key == "job") {
      if (from->job) score.subfields = job_subfields(*from->job);
      else if (out.job) score.subfields = job_subfields(*out.job);
      else if (score.suggested()) score.subfields["dimension"] = job_dimension(text);  // costly; shown only on a tag
    }
    // The span: in a text of several sentences, the sentence the tag rests
    // on (a reviewer reads a sentence, not a two-word rule hit); in one
    // sentence, the rule hit unless it is the whole text.
    const RuleHit* hit = e.best_hit;
    bool whole = hit && hit->start == 0 && hit->end + offset >= static_cast<int>(text.size()) && offset == 0;
    if (sentence_span) {
      score.span_start = sentence_span->first;
      score.span_end = sentence_span->second;
    } else if (hit && !whole) {
      score.span_start = hit->start + offset;
      score.span_end = hit->end + offset;
    }

    score.rationale = rationale_of(score, out, text, sentence_span);
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
  const Analysis analysis = analyze(text, question);
  std::vector<Tag> tags;
  for (const auto& s : analysis.scores) {
    if (!s.suggested()) continue;
    Tag tag;
    tag.excerpt_id = excerpt_id;
    tag.category = s.category;
    tag.subfields_json = s.subfields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    tag.confidence = std::round(s.confidence * 1000.0) / 1000.0;
    tag.uncertainty = std::round(review_uncertainty(analysis, s) * 1000.0) / 1000.0;
    tag.origin = s.origin;
    tag.status = TagStatus::suggested;
    tag.rationale = s.rationale;
    tag.span_start = s.span_start;
    tag.span_end = s.span_end;
    tag.created_by = "tagger";
    tags.push_back(std::move(tag));
  }
  std::stable_sort(tags.begin(), tags.end(), [](const Tag& a, const Tag& b) { return a.confidence > b.confidence; });
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
  out = {{"tags", tags}, {"scores", a.scores}, {"question", nullptr}, {"section", nullptr}, {"job", nullptr}};
  if (a.section) out["section"] = *a.section;
  out["intents"] = nlohmann::json::array();
  for (const auto& m : a.intents) out["intents"].push_back({{"intent", m.intent->name}, {"phrase", m.phrase}});
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
