// Theme clustering (internal to synth): TF-IDF vectors over stemmed,
// stop-word-free terms, grouped by single-pass centroid ("leader")
// clustering with an inverted index of centroid terms. Each document is
// compared with a bounded number of candidate centroids, so clustering n
// documents is O(n) comparisons after an O(n log n) sort — unlike
// agglomerative clustering's O(n²) pairs, which would take minutes at 100k.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/analyzer.hpp"

namespace grounded::synth {

using SparseVector = std::vector<std::pair<std::uint32_t, float>>;  // sorted by term id, L2-normalised

// Turns text into term ids; remembers each stem's most frequent surface form
// so key phrases read as words ("approvals", not "approv").
class TermSpace {
 public:
  TermSpace();
  // Appends the term ids of `text` (stop words and 1-letter words dropped).
  void terms(std::string_view text, std::vector<std::uint32_t>& out);
  // The same, keeping word order: a dropped word becomes `gap`, so phrases
  // never span a stop word.
  void sequence(std::string_view text, std::vector<std::uint32_t>& out);
  static constexpr std::uint32_t gap = 0xFFFFFFFFu;
  std::string surface(std::uint32_t term) const;
  std::size_t size() const { return stems_.size(); }

 private:
  void run(std::string_view text, std::vector<std::uint32_t>& out, bool keep_gaps);
  text::Analyzer analyzer_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> stems_;
  std::vector<std::unordered_map<std::string, int>> surfaces_;
};

// TF-IDF over a set of documents given as term-id lists (sub-linear tf,
// smoothed idf); returns one normalised vector per document.
std::vector<SparseVector> tfidf_vectors(const std::vector<std::vector<std::uint32_t>>& documents);

double cosine(const SparseVector& a, const SparseVector& b);

struct ClusterOptions {
  double threshold = 0.3;          // cosine to a centroid needed to join it
  std::size_t query_terms = 6;     // a document's heaviest terms used to find candidates
  std::size_t posting_scan = 512;  // newest posting entries scanned per term
  std::size_t candidates = 24;     // centroids compared exactly per document
};

struct Cluster {
  std::vector<std::size_t> members;            // document indexes, in input order
  std::unordered_map<std::uint32_t, float> sum;  // sum of member vectors
  double norm2 = 0;
  std::unordered_set<std::uint32_t> indexed;  // terms already in the inverted index for it
};

// Clusters documents in their given order (callers sort for determinism).
std::vector<Cluster> leader_cluster(const std::vector<SparseVector>& documents, const ClusterOptions& options);

// Second pass: clusters whose centroids are alike (cosine ≥ threshold) are
// merged, by leader-clustering the centroids themselves (largest first), so
// the pass is as bounded as the first. Members come back in input order.
std::vector<Cluster> merge_clusters(std::vector<Cluster> clusters, const std::vector<SparseVector>& documents,
                                    const ClusterOptions& options);

// Cosine between a document and a cluster centroid.
double centroid_similarity(const Cluster& cluster, const SparseVector& document);

}  // namespace grounded::synth
