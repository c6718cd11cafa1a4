#include "synth/clustering.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/embedded_files.hpp"

namespace grounded::synth {
namespace {

const std::unordered_map<std::string, bool>& stopwords() {
  static const auto words = [] {
    std::unordered_map<std::string, bool> out;
    auto text = find_embedded_file("src/synth/data/stopwords.txt");
    if (text) {
      std::istringstream in{std::string(*text)};
      std::string word;
      while (in >> word) out[word] = true;
    }
    return out;
  }();
  return words;
}

struct SinkContext {
  TermSpace* space;
  std::vector<std::pair<std::string, std::string>>* words;
};

int collect(void* context, std::string_view term, std::string_view unstemmed, int, int) {
  auto* c = static_cast<SinkContext*>(context);
  c->words->emplace_back(std::string(term), std::string(unstemmed));
  return 0;
}

}  // namespace

TermSpace::TermSpace() = default;

void TermSpace::terms(std::string_view text, std::vector<std::uint32_t>& out) { run(text, out, false); }
void TermSpace::sequence(std::string_view text, std::vector<std::uint32_t>& out) { run(text, out, true); }

void TermSpace::run(std::string_view text, std::vector<std::uint32_t>& out, bool keep_gaps) {
  std::vector<std::pair<std::string, std::string>> words;
  SinkContext context{this, &words};
  analyzer_.run(text, true, collect, &context);
  const auto& stop = stopwords();
  for (auto& [stem, surface] : words) {
    bool dropped = surface.size() < 2 || stop.count(surface) ||
                   std::all_of(surface.begin(), surface.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (dropped) {
      if (keep_gaps) out.push_back(gap);
      continue;
    }
    auto [it, inserted] = ids_.emplace(stem, static_cast<std::uint32_t>(stems_.size()));
    if (inserted) {
      stems_.push_back(stem);
      surfaces_.emplace_back();
    }
    ++surfaces_[it->second][surface];
    out.push_back(it->second);
  }
}

std::string TermSpace::surface(std::uint32_t term) const {
  const auto& forms = surfaces_.at(term);
  std::string best;
  int count = -1;
  for (const auto& [form, n] : forms)  // most frequent, then alphabetical: deterministic
    if (n > count || (n == count && form < best)) {
      best = form;
      count = n;
    }
  return best;
}

std::vector<SparseVector> tfidf_vectors(const std::vector<std::vector<std::uint32_t>>& documents) {
  std::unordered_map<std::uint32_t, std::uint32_t> df;
  std::vector<SparseVector> counts(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    std::vector<std::uint32_t> sorted = documents[i];
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t j = 0; j < sorted.size();) {
      std::size_t k = j;
      while (k < sorted.size() && sorted[k] == sorted[j]) ++k;
      counts[i].emplace_back(sorted[j], static_cast<float>(k - j));
      ++df[sorted[j]];
      j = k;
    }
  }
  double n = static_cast<double>(documents.size());
  for (auto& vector : counts) {
    double norm2 = 0;
    for (auto& [term, value] : vector) {
      double w = (1.0 + std::log(value)) * (std::log((n + 1.0) / (df[term] + 1.0)) + 1.0);
      value = static_cast<float>(w);
      norm2 += w * w;
    }
    double norm = std::sqrt(norm2);
    if (norm > 0)
      for (auto& entry : vector) entry.second = static_cast<float>(entry.second / norm);
  }
  return counts;
}

double cosine(const SparseVector& a, const SparseVector& b) {
  double dot = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first == b[j].first) dot += static_cast<double>(a[i++].second) * b[j++].second;
    else if (a[i].first < b[j].first) ++i;
    else ++j;
  }
  return dot;
}

double centroid_similarity(const Cluster& cluster, const SparseVector& document) {
  if (cluster.norm2 <= 0) return 0;
  double dot = 0;
  for (const auto& [term, weight] : document) {
    auto it = cluster.sum.find(term);
    if (it != cluster.sum.end()) dot += static_cast<double>(weight) * it->second;
  }
  return dot / std::sqrt(cluster.norm2);
}

std::vector<Cluster> leader_cluster(const std::vector<SparseVector>& documents, const ClusterOptions& options) {
  std::vector<Cluster> clusters;
  // term -> clusters whose members carry it among their heaviest terms.
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> postings;
  std::vector<std::pair<std::uint32_t, float>> heavy;
  std::unordered_map<std::uint32_t, int> votes;
  std::vector<std::pair<int, std::uint32_t>> ranked;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    const SparseVector& doc = documents[d];
    heavy.assign(doc.begin(), doc.end());
    std::size_t q = std::min(options.query_terms, heavy.size());
    std::partial_sort(heavy.begin(), heavy.begin() + static_cast<long>(q), heavy.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); });
    heavy.resize(q);
    // Candidate centroids: those sharing the most heavy terms (bounded scan).
    votes.clear();
    for (const auto& [term, weight] : heavy) {
      auto it = postings.find(term);
      if (it == postings.end()) continue;
      const auto& list = it->second;
      std::size_t start = list.size() > options.posting_scan ? list.size() - options.posting_scan : 0;
      for (std::size_t k = start; k < list.size(); ++k) ++votes[list[k]];
    }
    ranked.clear();
    for (const auto& [cluster, count] : votes) ranked.emplace_back(count, cluster);
    std::size_t c = std::min(options.candidates, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(c), ranked.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    double best = -1;
    std::uint32_t best_cluster = 0;
    for (std::size_t k = 0; k < c; ++k) {
      double s = centroid_similarity(clusters[ranked[k].second], doc);
      if (s > best || (s == best && ranked[k].second < best_cluster)) {
        best = s;
        best_cluster = ranked[k].second;
      }
    }
    std::uint32_t target;
    if (best >= options.threshold) {
      target = best_cluster;
    } else {
      target = static_cast<std::uint32_t>(clusters.size());
      clusters.emplace_back();
    }
    Cluster& cluster = clusters[target];
    // |s + d|² = |s|² + 2 s·d + |d|²
    double dot = 0, self = 0;
    for (const auto& [term, weight] : doc) {
      float& slot = cluster.sum[term];
      dot += static_cast<double>(slot) * weight;
      self += static_cast<double>(weight) * weight;
      slot += weight;
    }
    cluster.norm2 += 2 * dot + self;
    cluster.members.push_back(d);
    for (const auto& [term, weight] : heavy) {
      if (cluster.indexed.size() < 32 && cluster.indexed.insert(term).second) postings[term].push_back(target);
    }
  }
  return clusters;
}

std::vector<Cluster> merge_clusters(std::vector<Cluster> clusters, const std::vector<SparseVector>& documents,
                                    const ClusterOptions& options) {
  if (clusters.size() < 2) return clusters;
  // Largest clusters lead; ties by first member: deterministic.
  std::vector<std::size_t> order(clusters.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (clusters[a].members.size() != clusters[b].members.size())
      return clusters[a].members.size() > clusters[b].members.size();
    return clusters[a].members.front() < clusters[b].members.front();
  });
  std::vector<SparseVector> centroids;
  centroids.reserve(order.size());
  for (std::size_t i : order) {
    const Cluster& c = clusters[i];
    SparseVector v(c.sum.begin(), c.sum.end());
    std::sort(v.begin(), v.end());
    double norm = std::sqrt(c.norm2);
    if (norm > 0)
      for (auto& entry : v) entry.second = static_cast<float>(entry.second / norm);
    centroids.push_back(std::move(v));
  }
  std::vector<Cluster> groups = leader_cluster(centroids, options);
  std::vector<Cluster> out;
  out.reserve(groups.size());
  for (const Cluster& group : groups) {
    Cluster merged;
    for (std::size_t g : group.members) {
      const Cluster& c = clusters[order[g]];
      merged.members.insert(merged.members.end(), c.members.begin(), c.members.end());
    }
    std::sort(merged.members.begin(), merged.members.end());
    for (std::size_t m : merged.members) {
      double dot = 0, self = 0;
      for (const auto& [term, weight] : documents[m]) {
        float& slot = merged.sum[term];
        dot += static_cast<double>(slot) * weight;
        self += static_cast<double>(weight) * weight;
        slot += weight;
      }
      merged.norm2 += 2 * dot + self;
    }
    out.push_back(std::move(merged));
  }
  // Back in the order of each group's first member, like the first pass.
  std::sort(out.begin(), out.end(), [](const Cluster& a, const Cluster& b) { return a.members.front() < b.members.front(); });
  return out;
}

}  // namespace grounded::synth
