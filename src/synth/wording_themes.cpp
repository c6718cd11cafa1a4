#include "synth/wording_themes.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "synth/evidence_sentences.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

struct Sentence {
  std::string text;
  std::size_t start = 0, end = 0;  // byte range in the excerpt
  bool marked = false;             // holds a span the tagger marked
};

std::size_t word_count(const std::string& text) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// How quotable a sentence is, as a factor on its centrality: fragments,
// fillers ("That was the trigger, yeah.") and questions lose to complete,
// substantive sentences, but still win when nothing better exists.
double quote_quality(const std::string& sentence, std::size_t content_terms) {
  double q = 1.0;
  std::size_t words = word_count(sentence);
  if (words < 7) q *= 0.15;
  else if (words < 10) q *= 0.6;
  if (content_terms < 3) q *= 0.3;
  else if (content_terms < 5) q *= 0.7;
  if (!sentence.empty() && sentence.back() == '?') q *= 0.4;
  if (!sentence.empty() && sentence.back() != '.' && sentence.back() != '!' && sentence.back() != '?') q *= 0.8;
  return q;
}

std::vector<Sentence> sentences(const std::string& text) {
  std::vector<Sentence> out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool end = i == text.size();
    if (!end) {
      char c = text[i];
      end = c == '\n' || ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'));
    }
    if (!end) continue;
    std::size_t stop = std::min(i + 1, text.size());
    std::string s = text::unquote(text.substr(begin, stop - begin));
    if (!s.empty()) out.push_back({s, begin, stop});
    begin = stop;
  }
  return out;
}

}  // namespace

std::int64_t voices_of(const std::vector<const SectionDoc*>& docs) {
  std::set<Id> participants, anonymous_sources;
  for (const SectionDoc* d : docs) {
    if (d->evidence->context.participant_id) participants.insert(*d->evidence->context.participant_id);
    else anonymous_sources.insert(d->evidence->context.source_id);
  }
  return static_cast<std::int64_t>(participants.size() + anonymous_sources.size());
}

std::vector<std::pair<Id, std::string>> citations_of(const WordingTheme& theme) {
  std::vector<std::pair<Id, std::string>> out;
  for (const SectionDoc* d : theme.docs)
    out.emplace_back(d->evidence->context.excerpt_id, d->accepted ? "accepted_tag" : "suggested_tag");
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<WordingTheme> WordingThemes::themes(const SectionTemplate& section) {
  std::vector<SectionDoc> docs;
  for (const Evidence& e : evidence_) {
    SectionDoc doc;
    doc.evidence = &e;
    for (const auto& tag : e.tags) {
      if (std::find(section.categories.begin(), section.categories.end(), tag.category) == section.categories.end())
        continue;
      if (!subfields_match(section, tag.subfields)) continue;
      doc.tags.push_back(&tag);
      doc.accepted = doc.accepted || tag.accepted;
      std::string label = text::lower(text::unquote(tag.theme));
      if (!label.empty() && (doc.label.empty() || label < doc.label)) doc.label = label;
    }
    if (!doc.tags.empty()) docs.push_back(std::move(doc));
  }
  // Same tagger theme label together, then by excerpt id: a deterministic
  // order in which the label acts as the seed of a cluster.
  std::stable_sort(docs.begin(), docs.end(), [](const SectionDoc& a, const SectionDoc& b) {
    return a.label != b.label ? a.label < b.label : a.evidence->context.excerpt_id < b.evidence->context.excerpt_id;
  });
  std::vector<std::vector<std::uint32_t>> terms(docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    space_.terms(docs[i].evidence->text, terms[i]);
    // The label counts double: a reviewer-confirmed theme name is strong evidence of sameness.
    std::vector<std::uint32_t> label_terms;
    space_.terms(docs[i].label, label_terms);
    for (int repeat = 0; repeat < 2; ++repeat) terms[i].insert(terms[i].end(), label_terms.begin(), label_terms.end());
  }
  vectors_ = tfidf_vectors(terms);
  ClusterOptions cluster_options;
  cluster_options.threshold = options_.similarity_threshold;
  std::vector<Cluster> clusters = leader_cluster(vectors_, cluster_options);
  // Single-pass clustering leaves near-duplicate themes (one excerpt each
  // when evidence is sparse): merge those whose centroids are alike.
  if (options_.merge_threshold > 0) {
    ClusterOptions merge_options = cluster_options;
    merge_options.threshold = options_.merge_threshold;
    merge_options.query_terms = 12;
    clusters = merge_clusters(std::move(clusters), vectors_, merge_options);
  }
  // Themes point into the docs: keep every call's docs alive as long as the drafter.
  runs_.push_back(std::make_unique<std::vector<SectionDoc>>(std::move(docs)));
  std::vector<SectionDoc>& kept = *runs_.back();
  std::vector<WordingTheme> themes;
  for (const Cluster& cluster : clusters) {
    WordingTheme theme;
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t m : cluster.members) scored.emplace_back(centroid_similarity(cluster, vectors_[m]), m);
    std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first
                                : kept[a.second].evidence->context.excerpt_id < kept[b.second].evidence->context.excerpt_id;
    });
    for (const auto& [s, m] : scored) {
      theme.docs.push_back(&kept[m]);
      theme.similarity.push_back(s);
    }
    theme.voices = voices_of(theme.docs);
    theme.key_phrase = key_phrase(cluster, theme);
    theme.named_by_label = std::any_of(theme.docs.begin(), theme.docs.end(),
                                       [&](const SectionDoc* d) { return d->label == theme.key_phrase; });
    themes.push_back(std::move(theme));
  }
  std::sort(themes.begin(), themes.end(), [](const WordingTheme& a, const WordingTheme& b) {
    if (a.voices != b.voices) return a.voices > b.voices;
    if (a.docs.size() != b.docs.size()) return a.docs.size() > b.docs.size();
    if (a.key_phrase != b.key_phrase) return a.key_phrase < b.key_phrase;
    return a.docs.front()->evidence->context.excerpt_id < b.docs.front()->evidence->context.excerpt_id;
  });
  std::map<std::string, int> used;
  for (WordingTheme& theme : themes) {
    std::string key = text::slug(theme.key_phrase);
    if (key.empty()) key = "theme";
    int n = ++used[key];
    theme.theme_key = n == 1 ? key : key + "-" + std::to_string(n);
  }
  return themes;
}


std::string WordingThemes::representative_sentence(const WordingTheme& theme, const std::string& about) {
  std::vector<std::uint32_t> about_terms;
  if (!about.empty()) space_.terms(about, about_terms);
  std::set<std::uint32_t> about_set(about_terms.begin(), about_terms.end());
  std::vector<std::uint32_t> theme_terms;
  std::unordered_map<std::uint32_t, double> centroid;
  std::size_t limit = std::min<std::size_t>(theme.docs.size(), 12);
  for (std::size_t i = 0; i < theme.docs.size() && i < 200; ++i) {
    theme_terms.clear();
    space_.terms(theme.docs[i]->evidence->text, theme_terms);
    for (auto t : theme_terms) centroid[t] += 1.0;
  }
  std::string best;
  double best_score = -1;
  std::vector<std::uint32_t> sentence_terms;
  for (int pass = 0; pass < 2 && best.empty(); ++pass) {
    for (std::size_t i = 0; i < limit; ++i) {
      // First the excerpts a confident tag backs; those only a tag below the
      // cut backs are quoted when no other excerpt has a quotable sentence.
      if ((pass == 0) == theme.docs[i]->tags.empty()) continue;
      // Where the tagger marked a span, the sentence holding it is the one
      // that carries the claim: only those compete for this excerpt.
      std::vector<std::pair<std::int64_t, std::int64_t>> spans;
      for (const auto& tags : {theme.docs[i]->tags, theme.docs[i]->supporting})
        for (const auto* tag : tags)
          if (tag->span_start && tag->span_end) spans.emplace_back(*tag->span_start, *tag->span_end);
      const std::string& body = theme.docs[i]->evidence->text;
      std::vector<Sentence> all = sentences(body);
      std::vector<Sentence> candidates;
      auto in_span = [&](std::size_t k) {
        return std::any_of(spans.begin(), spans.end(), [&](const auto& span) {
          return span.first < static_cast<std::int64_t>(all[k].end) && span.second > static_cast<std::int64_t>(all[k].start);
        });
      };
      for (std::size_t k = 0; k < all.size(); ++k) {
        // A marked announcement ("Two things, and the first one…") marks the sentence after it.
        bool marked = in_span(k) || (k > 0 && in_span(k - 1) && announces(all[k - 1].text));
        // Evidence is the tagged span: in an excerpt with a span, only the
        // sentences it covers are quotable (another sentence of the same
        // turn may say something else entirely).
        if (!spans.empty() && !marked) continue;
        candidates.push_back(all[k]);
        candidates.back().marked = marked;
        // A short marked sentence ("That was the trigger, yeah.") leans on the
        // one before it: offer the two together, as they stand in the excerpt.
        if (marked && all[k].text.size() < 40 && k > 0) {
          candidates.push_back({text::unquote(body.substr(all[k - 1].start, all[k].end - all[k - 1].start)), all[k - 1].start, all[k].end});
          candidates.back().marked = true;
        }
      }
      for (const Sentence& candidate : candidates) {
        const std::string& s = candidate.text;
        if (!is_evidence_sentence(s)) continue;
        sentence_terms.clear();
        space_.terms(s, sentence_terms);
        if (sentence_terms.empty()) continue;
        std::set<std::uint32_t> distinct(sentence_terms.begin(), sentence_terms.end());
        double score = 0;
        for (auto t : distinct) {
          auto it = centroid.find(t);
          if (it != centroid.end()) score += it->second;
        }
        // Normalise by length so long rambling sentences do not win by size alone.
        score /= std::sqrt(static_cast<double>(distinct.size()) + 4.0);
        score *= quote_quality(s, distinct.size());
        // Each of the name's words the sentence says outweighs any wording score.
        if (!about_set.empty()) {
          std::size_t said = 0;
          for (auto t : about_set) said += distinct.count(t);
          score += 1e6 * static_cast<double>(said);
        }
        if (score > best_score) {
          best_score = score;
          best = s;
        }
      }
    }
  }
  if (best.empty()) return "";  // nothing quotable: no quote rather than filler
  return text::shorten(best, 240);
}

std::string WordingThemes::key_phrase(const Cluster& cluster, const WordingTheme& theme) {
  std::map<std::string, int> labels;
  for (const SectionDoc* d : theme.docs)
    if (!d->label.empty()) ++labels[d->label];
  std::string best;
  int count = 0;
  for (const auto& [label, n] : labels)
    if (n > count) {
      best = label;
      count = n;
    }
  if (!best.empty()) return best;
  // No labels: the theme's most characteristic phrase — adjacent content
  // words (never across a stop word) weighted by the centroid and by how
  // many of the central excerpts use them; two-word phrases preferred.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> scores;
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> docs_with;
  std::vector<std::uint32_t> seq;
  auto weight = [&](std::uint32_t t) {
    auto it = cluster.sum.find(t);
    return it == cluster.sum.end() ? 0.0 : static_cast<double>(it->second);
  };
  for (std::size_t i = 0; i < theme.docs.size() && i < 50; ++i) {
    seq.clear();
    space_.sequence(theme.docs[i]->evidence->text, seq);
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (std::size_t k = 0; k < seq.size(); ++k) {
      if (seq[k] == TermSpace::gap) continue;
      seen.insert({seq[k], TermSpace::gap});
      if (k + 1 < seq.size() && seq[k + 1] != TermSpace::gap && seq[k + 1] != seq[k]) seen.insert({seq[k], seq[k + 1]});
    }
    for (const auto& pair : seen) {
      scores[pair] += pair.second == TermSpace::gap ? 0.6 * weight(pair.first) : weight(pair.first) + weight(pair.second);
      ++docs_with[pair];
    }
  }
  std::pair<std::uint32_t, std::uint32_t> best_pair{TermSpace::gap, TermSpace::gap};
  double best_score = -1;
  for (auto [pair, score] : scores) {  // map order breaks ties deterministically
    // A phrase several excerpts share names the theme better than one
    // excerpt's wording.
    if (docs_with[pair] >= 2) score *= 1.0 + 0.5 * std::log2(static_cast<double>(docs_with[pair]));
    if (score > best_score) {
      best_score = score;
      best_pair = pair;
    }
  }
  std::string phrase;
  if (best_pair.first != TermSpace::gap) phrase = space_.surface(best_pair.first);
  if (best_pair.second != TermSpace::gap) phrase += " " + space_.surface(best_pair.second);
  return phrase;
}


}  // namespace grounded::synth
