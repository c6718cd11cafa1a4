#include "tagger/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/error.hpp"

namespace grounded::tagger {

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
double logit(double p) {
  p = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}

Classifier Classifier::train(const std::vector<std::string>& categories, const std::vector<Example>& examples,
                             const TrainOptions& options) {
  if (categories.empty()) throw invalid_input("classifier: no categories to train");
  if (examples.empty()) throw invalid_input("classifier: no training examples");
  const std::size_t C = categories.size();
  Classifier model;
  model.categories_ = categories;

  // Vocabulary: every unigram / rule feature, bigrams seen often enough.
  std::unordered_map<std::string, int> counts;
  for (const auto& e : examples) {
    if (e.labels.size() != C) throw invalid_input("classifier: an example's labels do not match the categories");
    if (!e.base.empty() && e.base.size() != C)
      throw invalid_input("classifier: an example's base log-odds do not match the categories");
    for (const auto& f : e.features) ++counts[f];
  }
  for (const auto& [name, count] : counts) {
    bool bigram = name.size() > 2 && name[0] == 'b' && name[1] == ':';
    if (!bigram || count >= options.min_bigram_count)
      model.index_.emplace(name, static_cast<std::uint32_t>(model.index_.size()));
  }
  const std::size_t F = model.index_.size();
  std::vector<std::vector<std::uint32_t>> rows(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    for (const auto& f : examples[i].features) {
      auto it = model.index_.find(f);
      if (it != model.index_.end()) rows[i].push_back(it->second);
    }
    std::sort(rows[i].begin(), rows[i].end());
    rows[i].erase(std::unique(rows[i].begin(), rows[i].end()), rows[i].end());
  }

  std::vector<double> w(F * C, 0.0), g2(F * C, 1e-8);
  std::vector<double> bias(C, 0.0), bias_g2(C, 1e-8);
  // Start each bias at the category's base rate so early steps are sane
  // (a correction of another model starts from that model: bias 0).
  const bool corrects = !examples.front().base.empty();
  for (std::size_t c = 0; c < C && !corrects; ++c) {
    double pos = 0, known = 0;
    for (const auto& e : examples)
      if (e.labels[c] >= 0) {
        known += e.weight;
        pos += e.labels[c] * e.weight;
      }
    bias[c] = known > 0 ? logit((pos + 0.5) / (known + 1.0)) : 0.0;
  }
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 rng(options.seed);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) {
      const Example& e = examples[i];
      const auto& row = rows[i];
      for (std::size_t c = 0; c < C; ++c) {
        if (e.labels[c] < 0) continue;
        double z = bias[c] + (e.base.empty() ? 0.0 : e.base[c]);
        for (auto f : row) z += w[f * C + c];
        double grad = (sigmoid(z) - e.labels[c]) * e.weight;
        if (options.fit_bias) {
          bias_g2[c] += grad * grad;
          bias[c] -= options.learning_rate * grad / (options.adagrad ? std::sqrt(bias_g2[c]) : 1.0);
        }
        for (auto f : row) {
          double& wf = w[f * C + c];
          double gf = grad + options.l2 * wf;
          double& acc = g2[f * C + c];
          acc += gf * gf;
          wf -= options.learning_rate * gf / (options.adagrad ? std::sqrt(acc) : 1.0);
        }
      }
    }
  }
  model.weights_.assign(w.begin(), w.end());
  model.bias_ = bias;
  model.offsets_.assign(C, 0.0);
  return model;
}

Classifier Classifier::from_parts(std::vector<std::string> categories, const std::vector<std::string>& features,
                                  std::vector<float> weights, std::vector<double> bias) {
  const std::size_t C = categories.size();
  if (C == 0 || bias.size() != C || weights.size() != features.size() * C)
    throw invalid_input("classifier: parts do not match the categories");
  Classifier model;
  model.categories_ = std::move(categories);
  for (const auto& f : features)
    if (!model.index_.emplace(f, static_cast<std::uint32_t>(model.index_.size())).second)
      throw invalid_input("classifier: feature '" + f + "' given twice");
  model.weights_ = std::move(weights);
  model.bias_ = std::move(bias);
  model.offsets_.assign(C, 0.0);
  return model;
}

Classifier Classifier::scaled_sum(const Classifier& a, const std::vector<double>& scale_a, const Classifier& b,
                                  const std::vector<double>& scale_b) {
  if (a.categories_ != b.categories_) throw invalid_input("classifier: combined models differ in categories");
  const std::size_t C = a.categories_.size();
  Classifier out = a;
  for (std::size_t i = 0; i < out.weights_.size(); ++i)
    out.weights_[i] = static_cast<float>(out.weights_[i] * scale_a[i % C]);
  for (std::size_t c = 0; c < C; ++c) out.bias_[c] = a.bias_[c] * scale_a[c] + b.bias_[c] * scale_b[c];
  for (const auto& [name, index] : b.index_) {
    auto [it, added] = out.index_.emplace(name, static_cast<std::uint32_t>(out.index_.size()));
    if (added) out.weights_.resize(out.weights_.size() + C, 0.0f);
    const float* from = &b.weights_[static_cast<std::size_t>(index) * C];
    float* to = &out.weights_[static_cast<std::size_t>(it->second) * C];
    for (std::size_t c = 0; c < C; ++c) to[c] += static_cast<float>(from[c] * scale_b[c]);
  }
  return out;
}

Classifier Classifier::sum(const Classifier& base, const Classifier& correction) {
  const std::vector<double> ones(base.categories_.size(), 1.0);
  return scaled_sum(base, ones, correction, ones);
}

Classifier Classifier::blend(const Classifier& a, const Classifier& b, const std::vector<double>& share) {
  const std::size_t C = a.categories_.size();
  if (share.size() != C || std::any_of(share.begin(), share.end(), [](double s) { return !(s >= 0 && s <= 1); }))
    throw invalid_input("classifier: a blend needs one share within [0, 1] per category");
  std::vector<double> rest(C);
  for (std::size_t c = 0; c < C; ++c) rest[c] = 1 - share[c];
  return weighted_sum(a, rest, b, share);
}

Classifier Classifier::weighted_sum(const Classifier& a, const std::vector<double>& scale_a, const Classifier& b,
                                    const std::vector<double>& scale_b) {
  const std::size_t C = a.categories_.size();
  auto finite = [](double s) { return std::isfinite(s); };
  if (scale_a.size() != C || scale_b.size() != C || !std::all_of(scale_a.begin(), scale_a.end(), finite) ||
      !std::all_of(scale_b.begin(), scale_b.end(), finite))
    throw invalid_input("classifier: a weighted sum needs one finite scale per category for each model");
  Classifier out = scaled_sum(a, scale_a, b, scale_b);
  out.offsets_.resize(C, 0.0);
  for (std::size_t c = 0; c < C; ++c)
    out.offsets_[c] = scale_a[c] * (c < a.offsets_.size() ? a.offsets_[c] : 0.0) +
                      scale_b[c] * (c < b.offsets_.size() ? b.offsets_[c] : 0.0);
  return out;
}

void Classifier::add_weights(const std::vector<std::string>& features, std::vector<double>& out) const {
  const std::size_t C = categories_.size();
  out.assign(C, 0.0);
  for (const auto& f : features) {
    auto it = index_.find(f);
    if (it == index_.end()) continue;
    const float* row = &weights_[static_cast<std::size_t>(it->second) * C];
    for (std::size_t c = 0; c < C; ++c) out[c] += row[c];
  }
}

const float* Classifier::weights_of(const std::string& feature) const {
  auto it = index_.find(feature);
  return it == index_.end() ? nullptr : &weights_[static_cast<std::size_t>(it->second) * categories_.size()];
}

double Classifier::weight(const std::string& feature, std::size_t category, bool* known) const {
  auto it = index_.find(feature);
  if (known) *known = it != index_.end();
  if (it == index_.end() || category >= categories_.size()) return 0.0;
  return weights_[static_cast<std::size_t>(it->second) * categories_.size() + category];
}

nlohmann::json Classifier::to_json() const {
  const std::size_t C = categories_.size();
  nlohmann::json weights = nlohmann::json::object();
  auto round4 = [](double v) { return std::round(v * 10000.0) / 10000.0; };
  for (const auto& [name, index] : index_) {
    const float* row = &weights_[static_cast<std::size_t>(index) * C];
    bool any = false;
    for (std::size_t c = 0; c < C; ++c) any = any || std::fabs(row[c]) >= 1e-3;
    if (!any) continue;
    nlohmann::json values = nlohmann::json::array();
    for (std::size_t c = 0; c < C; ++c) values.push_back(round4(row[c]));
    weights[name] = std::move(values);
  }
  nlohmann::json bias = nlohmann::json::array(), offsets = nlohmann::json::array();
  for (std::size_t c = 0; c < C; ++c) {
    bias.push_back(round4(bias_[c]));
    offsets.push_back(round4(offsets_.size() == C ? offsets_[c] : 0.0));
  }
  return {{"format", "grounded.tagger.logreg/1"}, {"categories", categories_}, {"bias", bias},
          {"offsets", offsets},                 {"weights", std::move(weights)}};
}

Classifier Classifier::from_json(const nlohmann::json& json) {
  Classifier model;
  try {
    if (json.value("format", "") != "grounded.tagger.logreg/1")
      throw invalid_input("tagger model: unknown format '" + json.value("format", "") + "'");
    model.categories_ = json.at("categories").get<std::vector<std::string>>();
    const std::size_t C = model.categories_.size();
    model.bias_ = json.at("bias").get<std::vector<double>>();
    model.offsets_ = json.value("offsets", std::vector<double>(C, 0.0));
    if (C == 0 || model.bias_.size() != C || model.offsets_.size() != C)
      throw invalid_input("tagger model: bias/offsets do not match the categories");
    const auto& weights = json.at("weights");
    model.weights_.reserve(weights.size() * C);
    for (const auto& [name, values] : weights.items()) {
      if (!values.is_array() || values.size() != C)
        throw invalid_input("tagger model: weights of '" + name + "' do not match the categories");
      model.index_.emplace(name, static_cast<std::uint32_t>(model.index_.size()));
      for (const auto& v : values) model.weights_.push_back(v.get<float>());
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("tagger model: ") + e.what());
  }
  return model;
}

}  // namespace grounded::tagger
