#include "tagger/correction_fit.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

#include "core/error.hpp"

namespace grounded::tagger {
namespace {

// One category's problem: rows as feature indices, their base log-odds,
// labels and weights. Parameters: one weight per feature, then the bias.
struct Problem {
  std::vector<const std::vector<std::uint32_t>*> rows;
  std::vector<double> base, label, weight;
  std::size_t features = 0;
  double l2 = 1, bias_l2 = 1;

  double value_and_gradient(const std::vector<double>& theta, std::vector<double>& grad) const {
    grad.assign(theta.size(), 0.0);
    const double bias = theta[features];
    double loss = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      double z = base[i] + bias;
      for (auto f : *rows[i]) z += theta[f];
      // log(1 + e^z) - y z, computed without overflow
      const double softplus = z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
      loss += weight[i] * (softplus - label[i] * z);
      const double g = weight[i] * (sigmoid(z) - label[i]);
      for (auto f : *rows[i]) grad[f] += g;
      grad[features] += g;
    }
    for (std::size_t f = 0; f < features; ++f) {
      loss += 0.5 * l2 * theta[f] * theta[f];
      grad[f] += l2 * theta[f];
    }
    loss += 0.5 * bias_l2 * bias * bias;
    grad[features] += bias_l2 * bias;
    return loss;
  }
};

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// L-BFGS (8 pairs of history) with a backtracking Armijo line search. The
// problem is smooth and strictly convex (l2 > 0), so this finds its minimum.
std::vector<double> minimise(const Problem& problem, int max_iterations) {
  const std::size_t n = problem.features + 1;
  std::vector<double> x(n, 0.0), g, x_next(n), g_next, direction(n);
  double fx = problem.value_and_gradient(x, g);
  std::deque<std::vector<double>> s_history, y_history;
  std::deque<double> rho_history;
  constexpr std::size_t memory = 8;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    double largest = 0;
    for (double v : g) largest = std::max(largest, std::fabs(v));
    if (largest < 1e-6) break;
    // Two-loop recursion: direction = -H g.
    direction = g;
    std::vector<double> alpha(s_history.size());
    for (std::size_t k = s_history.size(); k-- > 0;) {
      alpha[k] = rho_history[k] * dot(s_history[k], direction);
      for (std::size_t i = 0; i < n; ++i) direction[i] -= alpha[k] * y_history[k][i];
    }
    const double gamma = s_history.empty() ? 1.0 / std::max(1.0, largest)
                                           : dot(s_history.back(), y_history.back()) /
                                                 dot(y_history.back(), y_history.back());
    for (double& d : direction) d *= gamma;
    for (std::size_t k = 0; k < s_history.size(); ++k) {
      const double beta = rho_history[k] * dot(y_history[k], direction);
      for (std::size_t i = 0; i < n; ++i) direction[i] += (alpha[k] - beta) * s_history[k][i];
    }
    for (double& d : direction) d = -d;
    double slope = dot(g, direction);
    if (slope >= 0) {  // not a descent direction: restart from the gradient
      s_history.clear();
      y_history.clear();
      rho_history.clear();
      for (std::size_t i = 0; i < n; ++i) direction[i] = -g[i] / std::max(1.0, largest);
      slope = dot(g, direction);
    }
    double step = 1.0, f_next = 0;
    bool moved = false;
    for (int tries = 0; tries < 40; ++tries, step *= 0.5) {
      for (std::size_t i = 0; i < n; ++i) x_next[i] = x[i] + step * direction[i];
      f_next = problem.value_and_gradient(x_next, g_next);
      if (f_next <= fx + 1e-4 * step * slope) {
        moved = true;
        break;
      }
    }
    if (!moved) break;
    std::vector<double> s(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = x_next[i] - x[i];
      y[i] = g_next[i] - g[i];
    }
    const double sy = dot(s, y);
    if (sy > 1e-12) {
      s_history.push_back(std::move(s));
      y_history.push_back(std::move(y));
      rho_history.push_back(1.0 / sy);
      if (s_history.size() > memory) {
        s_history.pop_front();
        y_history.pop_front();
        rho_history.pop_front();
      }
    }
    const bool converged = fx - f_next < 1e-10 * std::max(1.0, std::fabs(fx));
    x.swap(x_next);
    g.swap(g_next);
    fx = f_next;
    if (converged) break;
  }
  return x;
}

}  // namespace

Classifier fit_correction(const std::vector<std::string>& categories, const std::vector<Example>& examples,
                          const CorrectionPenalty& penalty) {
  if (categories.empty()) throw invalid_input("correction: no categories");
  if (examples.empty()) throw invalid_input("correction: no examples");
  const std::size_t C = categories.size();
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> names;
  std::vector<std::vector<std::uint32_t>> rows(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    const Example& e = examples[i];
    if (e.labels.size() != C || e.base.size() != C)
      throw invalid_input("correction: an example's labels or base log-odds do not match the categories");
    for (const auto& f : e.features) {
      auto [it, added] = index.emplace(f, static_cast<std::uint32_t>(names.size()));
      if (added) names.push_back(f);
      rows[i].push_back(it->second);
    }
    std::sort(rows[i].begin(), rows[i].end());
    rows[i].erase(std::unique(rows[i].begin(), rows[i].end()), rows[i].end());
  }
  const std::size_t F = names.size();
  std::vector<float> weights(F * C, 0.0f);
  std::vector<double> bias(C, 0.0);
  for (std::size_t c = 0; c < C; ++c) {
    Problem problem;
    problem.features = F;
    problem.l2 = penalty.l2;
    problem.bias_l2 = penalty.bias_l2;
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (examples[i].labels[c] < 0) continue;
      problem.rows.push_back(&rows[i]);
      problem.base.push_back(examples[i].base[c]);
      problem.label.push_back(examples[i].labels[c]);
      problem.weight.push_back(examples[i].weight);
    }
    if (problem.rows.empty()) continue;
    if (penalty.keep_rate) {
      double pos = 0, neg = 0, predicted = 0, total = 0;
      for (std::size_t i = 0; i < problem.rows.size(); ++i) {
        (problem.label[i] > 0 ? pos : neg) += problem.weight[i];
        predicted += problem.weight[i] * sigmoid(problem.base[i]);
        total += problem.weight[i];
      }
      if (pos > 0 && neg > 0) {
        const double wanted = predicted / std::max(1e-9, total - predicted);  // odds
        const double scale = wanted / (pos / neg);
        for (std::size_t i = 0; i < problem.rows.size(); ++i)
          if (problem.label[i] > 0) problem.weight[i] *= scale;
      }
    }
    const std::vector<double> theta = minimise(problem, penalty.max_iterations);
    for (std::size_t f = 0; f < F; ++f) weights[f * C + c] = static_cast<float>(theta[f]);
    bias[c] = theta[F];
  }
  return Classifier::from_parts(categories, names, std::move(weights), std::move(bias));
}

}  // namespace grounded::tagger
