#include "tagger/stacked_blend.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace grounded::tagger {

namespace {

// The bias is held near 0 too, weakly (one row's worth), so rows that the
// models already separate perfectly do not send it off to infinity.
constexpr double bias_penalty = 1.0;
constexpr double score_limit = 15;     // log-odds beyond this say nothing more (logit clamps at ~13.8)

double clamp_score(double z) { return std::max(-score_limit, std::min(score_limit, z)); }

// Solves a * x = b (a small dense system, Gaussian elimination with partial
// pivoting); a is positive definite here (the penalty), so no pivot is zero.
std::vector<double> solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i)
      if (std::abs(a[i][k]) > std::abs(a[pivot][k])) pivot = i;
    std::swap(a[k], a[pivot]);
    std::swap(b[k], b[pivot]);
    if (std::abs(a[k][k]) < 1e-12) continue;
    for (std::size_t i = k + 1; i < n; ++i) {
      const double f = a[i][k] / a[k][k];
      for (std::size_t j = k; j < n; ++j) a[i][j] -= f * a[k][j];
      b[i] -= f * b[k];
    }
  }
  std::vector<double> x(n, 0.0);
  for (std::size_t k = n; k-- > 0;) {
    double s = b[k];
    for (std::size_t j = k + 1; j < n; ++j) s -= a[k][j] * x[j];
    x[k] = std::abs(a[k][k]) < 1e-12 ? 0.0 : s / a[k][k];
  }
  return x;
}

// Newton's method (with backtracking) on the penalised log-loss; models marked in `fixed` keep
// a weight of 0. theta[0] is the bias, theta[1 + m] model m's weight.
std::vector<double> newton(const std::vector<std::vector<double>>& scores, const std::vector<bool>& positive,
                           const std::vector<double>& weight, const std::vector<double>& prior, double penalty,
                           const std::vector<bool>& fixed) {
  const std::size_t M = prior.size(), P = M + 1;
  std::vector<double> theta(P, 0.0), target(P, 0.0), strength(P, bias_penalty);
  for (std::size_t m = 0; m < M; ++m) {
    target[1 + m] = fixed[m] ? 0.0 : prior[m];
    theta[1 + m] = target[1 + m];
    strength[1 + m] = penalty;
  }
  // The penalised log-loss at theta.
  auto loss = [&](const std::vector<double>& at) {
    double total = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      double z = at[0];
      for (std::size_t m = 0; m < M; ++m) z += fixed[m] ? 0.0 : at[1 + m] * clamp_score(scores[i][m]);
      // log(1 + e^z) - y z, computed without overflow
      const double softplus = z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
      total += weight[i] * (softplus - (positive[i] ? z : 0.0));
    }
    for (std::size_t j = 0; j < P; ++j) total += strength[j] * (at[j] - target[j]) * (at[j] - target[j]);
    return total;
  };
  double current = loss(theta);
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<std::vector<double>> hessian(P, std::vector<double>(P, 0.0));
    std::vector<double> gradient(P, 0.0);
    for (std::size_t i = 0; i < scores.size(); ++i) {
      std::vector<double> x(P, 1.0);
      for (std::size_t m = 0; m < M; ++m) x[1 + m] = fixed[m] ? 0.0 : clamp_score(scores[i][m]);
      double z = 0;
      for (std::size_t j = 0; j < P; ++j) z += theta[j] * x[j];
      const double p = 1 / (1 + std::exp(-z));
      const double residual = weight[i] * (p - (positive[i] ? 1.0 : 0.0));
      const double curvature = weight[i] * p * (1 - p);
      for (std::size_t j = 0; j < P; ++j) {
        gradient[j] += residual * x[j];
        for (std::size_t k = 0; k < P; ++k) hessian[j][k] += curvature * x[j] * x[k];
      }
    }
    for (std::size_t j = 0; j < P; ++j) {
      gradient[j] += 2 * strength[j] * (theta[j] - target[j]);
      hessian[j][j] += 2 * strength[j];
    }
    const std::vector<double> step = solve(hessian, gradient);
    // Backtracking: halve the Newton step until the loss goes down.
    bool moved = false;
    for (double scale = 1.0; scale > 1e-6 && !moved; scale /= 2) {
      std::vector<double> next = theta;
      for (std::size_t j = 0; j < P; ++j) next[j] -= scale * step[j];
      for (std::size_t m = 0; m < M; ++m)
        if (fixed[m]) next[1 + m] = 0;
      const double value = loss(next);
      if (value <= current) {
        moved = current - value > 1e-12;
        theta = std::move(next);
        current = value;
        if (!moved) break;
      }
    }
    if (!moved) break;
  }
  return theta;
}

}  // namespace

StackFit fit_stack(const std::vector<std::vector<double>>& scores, const std::vector<bool>& positive,
                   const std::vector<double>& weight, const std::vector<double>& prior, double penalty) {
  StackFit out;
  out.weights = prior;
  if (scores.empty()) return out;
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  std::vector<double> unit(weight.size(), 1.0);
  if (total > 0)
    for (std::size_t i = 0; i < weight.size(); ++i) unit[i] = weight[i] * static_cast<double>(weight.size()) / total;
  // Drop the most negative weight, refit, until none is negative.
  std::vector<bool> fixed(prior.size(), false);
  for (;;) {
    const std::vector<double> theta = newton(scores, positive, unit, prior, penalty, fixed);
    std::size_t worst = prior.size();
    for (std::size_t m = 0; m < prior.size(); ++m)
      if (!fixed[m] && theta[1 + m] < 0 && (worst == prior.size() || theta[1 + m] < theta[1 + worst])) worst = m;
    if (worst == prior.size()) {
      out.bias = theta[0];
      for (std::size_t m = 0; m < prior.size(); ++m) out.weights[m] = theta[1 + m];
      return out;
    }
    fixed[worst] = true;
  }
}

double stacked_log_odds(const StackFit& fit, const std::vector<double>& scores) {
  double z = fit.bias;
  for (std::size_t m = 0; m < fit.weights.size() && m < scores.size(); ++m) z += fit.weights[m] * clamp_score(scores[m]);
  return z;
}

}  // namespace grounded::tagger
