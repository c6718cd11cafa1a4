// Drafting. Per section: the cohort's tags → one document per excerpt →
// TF-IDF + centroid clustering → themes ranked by distinct voices → one
// extractive attribute per theme citing every excerpt in it.
#include "synth/draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "synth/clustering.hpp"
#include "synth/cohort.hpp"
#include "synth/persona_store.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {
namespace {

struct TaggedExcerpt {
  EvidenceContext context;
  std::string text;
  // Per tag on this excerpt: category, sub-fields, theme label, accepted?
  struct TagPart {
    std::string category;
    nlohmann::json subfields;
    std::string theme;
    bool accepted = false;
    std::optional<std::int64_t> span_start, span_end;  // byte offsets in the excerpt text
  };
  std::vector<TagPart> tags;
};

// Everything drafting reads, in one pass over the tags table.
std::vector<TaggedExcerpt> load_tagged(store::Database& db, const Cohort& cohort, const DraftOptions& options) {
  auto tag_pass = excerpts_passing_tag_filter(db, cohort);
  store::Statement q = db.prepare(
      "SELECT t.excerpt_id, t.category, t.subfields, t.theme, t.status, t.span_start, t.span_end,"
      "       e.text, e.source_id, COALESCE(e.participant_id, s.participant_id), COALESCE(s.account_id, p.account_id),"
      "       s.kind, s.occurred_at, p.role, p.segment, a.industry, a.stage"
      " FROM tags t JOIN excerpts e ON e.id = t.excerpt_id JOIN sources s ON s.id = e.source_id"
      " LEFT JOIN participants p ON p.id = COALESCE(e.participant_id, s.participant_id)"
      " LEFT JOIN accounts a ON a.id = COALESCE(s.account_id, p.account_id)"
      " WHERE (t.status = 'accepted' OR (?1 = 1 AND t.status = 'suggested' AND t.confidence >= ?2))"
      "   AND e.speaker_role NOT IN ('interviewer', 'agent')"
      " ORDER BY t.excerpt_id, t.id");
  q.bind(1, options.include_suggested ? 1 : 0).bind(2, options.min_suggested_confidence);
  std::vector<TaggedExcerpt> out;
  while (q.step()) {
    Id excerpt_id = q.int64(0);
    if (out.empty() || out.back().context.excerpt_id != excerpt_id) {
      EvidenceContext c;
      c.excerpt_id = excerpt_id;
      c.source_id = q.int64(8);
      c.participant_id = q.optional_int64(9);
      c.account_id = q.optional_int64(10);
      c.kind = parse_source_kind(q.text_view(11));
      c.occurred_at = q.text(12);
      c.role = q.text(13);
      c.segment = q.text(14);
      c.industry = q.text(15);
      c.stage = q.text(16);
      bool admitted = cohort_admits(cohort, c) &&
                      (!tag_pass || std::binary_search(tag_pass->begin(), tag_pass->end(), excerpt_id));
      if (!admitted) {
        // Keep a marker so the following tags of this excerpt are skipped too.
        TaggedExcerpt skip;
        skip.context.excerpt_id = excerpt_id;
        skip.context.source_id = -1;
        out.push_back(std::move(skip));
        continue;
      }
      TaggedExcerpt t;
      t.context = std::move(c);
      t.text = q.text(7);
      out.push_back(std::move(t));
    }
    TaggedExcerpt& current = out.back();
    if (current.context.source_id < 0) continue;
    TaggedExcerpt::TagPart part;
    part.category = q.text(1);
    part.subfields = parse_stored_json(q.text(2));
    part.theme = q.text(3);
    part.accepted = q.text_view(4) == "accepted";
    part.span_start = q.optional_int64(5);
    part.span_end = q.optional_int64(6);
    current.tags.push_back(std::move(part));
  }
  std::erase_if(out, [](const TaggedExcerpt& t) { return t.context.source_id < 0; });
  return out;
}

// One excerpt as evidence for one section.
struct Doc {
  const TaggedExcerpt* excerpt = nullptr;
  std::vector<const TaggedExcerpt::TagPart*> tags;  // the tags feeding this section
  std::string label;                               // smallest theme label among them ("" if none)
  bool accepted = false;                           // at least one accepted tag
};

struct Theme {
  std::vector<const Doc*> docs;  // sorted by similarity to the centroid, best first
  std::vector<double> similarity;
  std::int64_t voices = 0;
  std::string key_phrase;
  std::string theme_key;
};

struct DraftedAttribute {
  std::string section;
  std::string text;
  std::string theme_key;
  std::string basis = "evidence";
  int position = 0;
  std::vector<std::pair<Id, std::string>> citations;  // excerpt id, origin (sorted by id)
};

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string capitalise(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string trim(const std::string& text) {
  auto b = text.find_first_not_of(" \t\r\n\"“”");
  if (b == std::string::npos) return "";
  auto e = text.find_last_not_of(" \t\r\n\"“”");
  return text.substr(b, e - b + 1);
}

// Cuts at a space (ASCII, so never inside a UTF-8 sequence) and marks the cut.
std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  auto cut = text.rfind(' ', limit);
  if (cut == std::string::npos || cut < limit / 2) cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

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
    std::string s = trim(text.substr(begin, stop - begin));
    if (!s.empty()) out.push_back({s, begin, stop});
    begin = stop;
  }
  return out;
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : lower(text)) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
    if (word) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 80);
}

std::string subfield(const nlohmann::json& subfields, const std::string& key) {
  if (subfields.is_object() && subfields.contains(key) && subfields[key].is_string())
    return trim(subfields[key].get<std::string>());
  return "";
}

std::int64_t voices_of(const std::vector<const Doc*>& docs) {
  std::set<Id> participants, anonymous_sources;
  for (const Doc* d : docs) {
    if (d->excerpt->context.participant_id) participants.insert(*d->excerpt->context.participant_id);
    else anonymous_sources.insert(d->excerpt->context.source_id);
  }
  return static_cast<std::int64_t>(participants.size() + anonymous_sources.size());
}

class Drafter {
 public:
  Drafter(const std::vector<TaggedExcerpt>& evidence, const DraftOptions& options)
      : evidence_(evidence), options_(options) {}

  // Themes of the evidence feeding `section`, best supported first.
  std::vector<Theme> themes(const SectionTemplate& section) {
    std::vector<Doc> docs;
    for (const TaggedExcerpt& e : evidence_) {
      Doc doc;
      doc.excerpt = &e;
      for (const auto& tag : e.tags) {
        if (std::find(section.categories.begin(), section.categories.end(), tag.category) == section.categories.end())
          continue;
        if (!subfields_match(section, tag.subfields)) continue;
        doc.tags.push_back(&tag);
        doc.accepted = doc.accepted || tag.accepted;
        std::string label = lower(trim(tag.theme));
        if (!label.empty() && (doc.label.empty() || label < doc.label)) doc.label = label;
      }
      if (!doc.tags.empty()) docs.push_back(std::move(doc));
    }
    // Same tagger theme label together, then by excerpt id: a deterministic
    // order in which the label acts as the seed of a cluster.
    std::stable_sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) {
      return a.label != b.label ? a.label < b.label : a.excerpt->context.excerpt_id < b.excerpt->context.excerpt_id;
    });
    std::vector<std::vector<std::uint32_t>> terms(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
      space_.terms(docs[i].excerpt->text, terms[i]);
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
    runs_.push_back(std::make_unique<std::vector<Doc>>(std::move(docs)));
    std::vector<Doc>& docs_ = *runs_.back();
    std::vector<Theme> themes;
    for (const Cluster& cluster : clusters) {
      Theme theme;
      std::vector<std::pair<double, std::size_t>> scored;
      for (std::size_t m : cluster.members) scored.emplace_back(centroid_similarity(cluster, vectors_[m]), m);
      std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first
                                  : docs_[a.second].excerpt->context.excerpt_id < docs_[b.second].excerpt->context.excerpt_id;
      });
      for (const auto& [s, m] : scored) {
        theme.docs.push_back(&docs_[m]);
        theme.similarity.push_back(s);
      }
      theme.voices = voices_of(theme.docs);
      theme.key_phrase = key_phrase(cluster, theme);
      themes.push_back(std::move(theme));
    }
    std::sort(themes.begin(), themes.end(), [](const Theme& a, const Theme& b) {
      if (a.voices != b.voices) return a.voices > b.voices;
      if (a.docs.size() != b.docs.size()) return a.docs.size() > b.docs.size();
      if (a.key_phrase != b.key_phrase) return a.key_phrase < b.key_phrase;
      return a.docs.front()->excerpt->context.excerpt_id < b.docs.front()->excerpt->context.excerpt_id;
    });
    std::map<std::string, int> used;
    for (Theme& theme : themes) {
      std::string key = slug(theme.key_phrase);
      if (key.empty()) key = "theme";
      int n = ++used[key];
      theme.theme_key = n == 1 ? key : key + "-" + std::to_string(n);
    }
    return themes;
  }

  // The sentence of the theme closest to its centroid, among its most central excerpts.
  std::string representative_sentence(const Theme& theme) {
    std::vector<std::uint32_t> theme_terms;
    std::unordered_map<std::uint32_t, double> centroid;
    std::size_t limit = std::min<std::size_t>(theme.docs.size(), 12);
    for (std::size_t i = 0; i < theme.docs.size() && i < 200; ++i) {
      theme_terms.clear();
      space_.terms(theme.docs[i]->excerpt->text, theme_terms);
      for (auto t : theme_terms) centroid[t] += 1.0;
    }
    std::string best;
    double best_score = -1;
    std::vector<std::uint32_t> sentence_terms;
    for (std::size_t i = 0; i < limit; ++i) {
      // Where the tagger marked a span, the sentence holding it is the one
      // that carries the claim: only those compete for this excerpt.
      std::vector<std::pair<std::int64_t, std::int64_t>> spans;
      for (const auto* tag : theme.docs[i]->tags)
        if (tag->span_start && tag->span_end) spans.emplace_back(*tag->span_start, *tag->span_end);
      const std::string& body = theme.docs[i]->excerpt->text;
      std::vector<Sentence> all = sentences(body);
      std::vector<Sentence> candidates;
      for (std::size_t k = 0; k < all.size(); ++k) {
        bool marked = std::any_of(spans.begin(), spans.end(), [&](const auto& span) {
          return span.first < static_cast<std::int64_t>(all[k].end) && span.second > static_cast<std::int64_t>(all[k].start);
        });
        // Unmarked sentences of a marked excerpt compete too, at a discount,
        // so a fragment never wins over a full sentence by being marked.
        candidates.push_back(all[k]);
        candidates.back().marked = marked;
        // A short marked sentence ("That was the trigger, yeah.") leans on the
        // one before it: offer the two together, as they stand in the excerpt.
        if (marked && all[k].text.size() < 40 && k > 0) {
          candidates.push_back({trim(body.substr(all[k - 1].start, all[k].end - all[k - 1].start)), all[k - 1].start, all[k].end});
          candidates.back().marked = true;
        }
      }
      for (const Sentence& candidate : candidates) {
        const std::string& s = candidate.text;
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
        if (!spans.empty() && !candidate.marked) score *= 0.6;  // unmarked: a fallback to a weak marked one
        if (score > best_score) {
          best_score = score;
          best = s;
        }
      }
    }
    if (best.empty()) best = trim(theme.docs.front()->excerpt->text);
    return shorten(best, 240);
  }

 private:
  std::string key_phrase(const Cluster& cluster, const Theme& theme) {
    std::map<std::string, int> labels;
    for (const Doc* d : theme.docs)
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
      space_.sequence(theme.docs[i]->excerpt->text, seq);
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

  const std::vector<TaggedExcerpt>& evidence_;
  DraftOptions options_;
  TermSpace space_;
  std::vector<std::unique_ptr<std::vector<Doc>>> runs_;
  std::vector<SparseVector> vectors_;
};

std::vector<std::pair<Id, std::string>> citations_of(const Theme& theme) {
  std::vector<std::pair<Id, std::string>> out;
  for (const Doc* d : theme.docs)
    out.emplace_back(d->excerpt->context.excerpt_id, d->accepted ? "accepted_tag" : "suggested_tag");
  std::sort(out.begin(), out.end());
  return out;
}

std::string most_common_subfield(const Theme& theme, const std::string& field) {
  std::map<std::string, int> counts;
  for (const Doc* d : theme.docs)
    for (const auto* tag : d->tags) {
      std::string v = subfield(tag->subfields, field);
      if (!v.empty()) ++counts[lower(v)];
    }
  std::string best;
  int n = 0;
  for (const auto& [value, count] : counts)
    if (count > n) {
      best = value;
      n = count;
    }
  return best;
}

std::string strip_prefix(std::string text, const std::vector<std::string>& prefixes) {
  text = trim(text);
  for (const std::string& p : prefixes)
    if (lower(text.substr(0, p.size())) == p) return trim(text.substr(p.size()));
  return text;
}

std::string strip_end_punctuation(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ',' || text.back() == ';')) text.pop_back();
  return text;
}

// "When …, I want to …, so I can …" from the job tags' sub-fields; the parts
// come from one tag (the most complete, most central) so they belong together.
std::string job_statement(const Theme& theme) {
  const TaggedExcerpt::TagPart* best = nullptr;
  int best_parts = 0;
  for (const Doc* d : theme.docs)
    for (const auto* tag : d->tags) {
      int parts = !subfield(tag->subfields, "situation").empty() + !subfield(tag->subfields, "motivation").empty() +
                  !subfield(tag->subfields, "outcome").empty();
      if (parts > best_parts) {
        best = tag;
        best_parts = parts;
      }
    }
  if (!best || subfield(best->subfields, "motivation").empty()) return "";
  // The tagger's parts may or may not keep their lead words ("to …", "I can
  // …") and an outcome may run on past its sentence: normalise both.
  auto first_sentence = [](std::string text) {
    auto end = text.find_first_of(".!?");
    return end == std::string::npos ? text : text.substr(0, end);
  };
  std::string situation = strip_end_punctuation(first_sentence(strip_prefix(subfield(best->subfields, "situation"), {"when ", "whenever "})));
  std::string raw_motivation = strip_prefix(subfield(best->subfields, "motivation"), {"i want ", "i'd like ", "we want "});
  bool infinitive = lower(raw_motivation).starts_with("to ");
  std::string motivation = strip_end_punctuation(first_sentence(strip_prefix(raw_motivation, {"to "})));
  std::string outcome = strip_end_punctuation(first_sentence(
      strip_prefix(subfield(best->subfields, "outcome"), {"so that i can ", "so that we can ", "so i can ", "so we can ", "so that ", "i can ", "we can ", "so "})));
  // "it approved automatically" reads "I want it …"; a verb reads "I want to …".
  bool object_first = false;
  for (const char* lead : {"it ", "the ", "a ", "an ", "my ", "our ", "them ", "this ", "that ", "all ", "every ", "each "})
    object_first = object_first || lower(motivation).starts_with(lead);
  std::string want = infinitive || !object_first ? "I want to " : "I want ";
  std::string out;
  if (!situation.empty()) out = "When " + situation + ", " + want + motivation;
  else out = want + motivation;
  if (!outcome.empty()) out += ", so I can " + outcome;
  return out + ".";
}

std::string quoted(const std::string& sentence) { return "“" + sentence + "”"; }

void draft_evidence_section(Drafter& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out,
                            std::int64_t& theme_count) {
  std::vector<Theme> themes = drafter.themes(section);
  theme_count += static_cast<std::int64_t>(themes.size());
  int position = 0;
  for (std::size_t i = 0; i < themes.size() && static_cast<int>(i) < section.max; ++i) {
    const Theme& theme = themes[i];
    DraftedAttribute a;
    a.section = section.key;
    a.theme_key = theme.theme_key;
    a.position = position++;
    a.citations = citations_of(theme);
    std::string head = capitalise(theme.key_phrase);
    if (!section.detail.empty()) {
      std::string detail = most_common_subfield(theme, section.detail);
      if (!detail.empty() && detail != "other") {
        std::string name = section.detail;
        std::replace(name.begin(), name.end(), '_', ' ');
        head += " (" + name + ": " + detail + ")";
      }
    }
    if (section.style == "job") {
      std::string job = job_statement(theme);
      a.text = job.empty() ? head + " — " + quoted(drafter.representative_sentence(theme)) : job;
    } else {
      a.text = head + " — " + quoted(drafter.representative_sentence(theme));
    }
    out.push_back(std::move(a));
  }
}

void draft_quote(Drafter& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out) {
  std::vector<Theme> themes = drafter.themes(section);
  if (themes.empty()) return;
  // The best-supported theme; within it, the most central excerpt of a quotable length.
  const Theme& theme = themes.front();
  const Doc* chosen = theme.docs.front();
  for (const Doc* d : theme.docs)
    if (d->excerpt->text.size() >= 40 && d->excerpt->text.size() <= 400) {
      chosen = d;
      break;
    }
  DraftedAttribute a;
  a.section = section.key;
  a.theme_key = "quote:" + theme.theme_key;
  a.text = quoted(shorten(trim(chosen->excerpt->text), 400));
  a.citations = {{chosen->excerpt->context.excerpt_id, chosen->accepted ? "accepted_tag" : "suggested_tag"}};
  out.push_back(std::move(a));
}

// "Helps <goal> by removing <pain>": the persona's words, arranged; tied to
// the top pain point so messaging never ignores what hurts.
void draft_value_proposition(Drafter& drafter, const SectionTemplate& section, std::vector<DraftedAttribute>& out) {
  SectionTemplate pains = section, goals = section;
  pains.categories = {"pain_point"};
  goals.categories = {"goal"};
  std::vector<Theme> pain_themes = drafter.themes(pains);
  if (pain_themes.empty()) return;
  std::vector<Theme> goal_themes = drafter.themes(goals);
  DraftedAttribute a;
  a.section = section.key;
  a.theme_key = "value:" + pain_themes.front().theme_key;
  a.citations = citations_of(pain_themes.front());
  if (!goal_themes.empty()) {
    a.text = "Helps with “" + goal_themes.front().key_phrase + "” by removing “" + pain_themes.front().key_phrase + "”";
    auto more = citations_of(goal_themes.front());
    a.citations.insert(a.citations.end(), more.begin(), more.end());
    std::sort(a.citations.begin(), a.citations.end());
    a.citations.erase(std::unique(a.citations.begin(), a.citations.end(),
                                  [](const auto& x, const auto& y) { return x.first == y.first; }),
                      a.citations.end());
  } else {
    a.text = "Removes “" + pain_themes.front().key_phrase + "”";
  }
  out.push_back(std::move(a));
}

// Facts computed from participant and account records of the cohort.
void draft_cohort_section(store::Database& db, const Cohort& cohort, const SectionTemplate& section,
                          std::vector<DraftedAttribute>& out) {
  CohortMembers members = cohort_members(db, cohort);
  std::vector<std::pair<std::string, std::map<std::string, int>>> facts;  // label -> value -> count
  std::int64_t denominator = 0;
  std::string unit;
  std::vector<std::int64_t> employees;
  if (section.style == "cohort_people") {
    std::map<std::string, int> roles, seniority, segments, industries;
    store::Statement q = db.prepare(
        "SELECT p.role, p.seniority, p.segment, COALESCE(a.industry, '') FROM participants p"
        " LEFT JOIN accounts a ON a.id = p.account_id WHERE p.id = ?1");
    for (Id id : members.participants) {
      q.reset();
      q.bind(1, id);
      if (!q.step()) continue;
      if (!q.text(0).empty()) ++roles[q.text(0)];
      if (!q.text(1).empty()) ++seniority[q.text(1)];
      if (!q.text(2).empty()) ++segments[q.text(2)];
      if (!q.text(3).empty()) ++industries[q.text(3)];
    }
    facts = {{"Role", roles}, {"Seniority", seniority}, {"Segment", segments}, {"Industry", industries}};
    denominator = static_cast<std::int64_t>(members.participants.size());
    unit = "participants";
  } else {
    std::map<std::string, int> industries, regions, stages, stack;
    store::Statement q = db.prepare("SELECT industry, region, stage, stack, employees FROM accounts WHERE id = ?1");
    for (Id id : members.accounts) {
      q.reset();
      q.bind(1, id);
      if (!q.step()) continue;
      if (section.style == "cohort_stack") {
        std::string items = q.text(3);
        std::size_t start = 0;
        while (start <= items.size()) {
          std::size_t end = items.find_first_of(",;", start);
          if (end == std::string::npos) end = items.size();
          std::string item = trim(items.substr(start, end - start));
          if (!item.empty()) ++stack[item];
          start = end + 1;
        }
        continue;
      }
      if (!q.text(0).empty()) ++industries[q.text(0)];
      if (!q.text(1).empty()) ++regions[q.text(1)];
      if (!q.text(2).empty()) ++stages[q.text(2)];
      if (auto e = q.optional_int64(4)) employees.push_back(*e);
    }
    if (section.style == "cohort_stack") facts = {{"Stack", stack}};
    else facts = {{"Industry", industries}, {"Region", regions}, {"Stage", stages}};
    denominator = static_cast<std::int64_t>(members.accounts.size());
    unit = "accounts";
  }
  int position = 0;
  for (const auto& [label, values] : facts) {
    if (values.empty() || position >= section.max) continue;
    std::vector<std::pair<int, std::string>> ranked;
    for (const auto& [value, count] : values) ranked.emplace_back(-count, value);
    std::sort(ranked.begin(), ranked.end());
    std::string text = label + ": ";
    for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
      text += (i ? ", " : "") + ranked[i].second + " (" + std::to_string(-ranked[i].first) + " of " +
              std::to_string(denominator) + " " + unit + ")";
    DraftedAttribute a;
    a.section = section.key;
    a.basis = "cohort";
    a.theme_key = "cohort:" + slug(label);
    a.text = text;
    a.position = position++;
    out.push_back(std::move(a));
  }
  if (!employees.empty() && position < section.max) {
    std::sort(employees.begin(), employees.end());
    DraftedAttribute a;
    a.section = section.key;
    a.basis = "cohort";
    a.theme_key = "cohort:company-size";
    a.text = "Company size: " + std::to_string(employees.front()) + "–" + std::to_string(employees.back()) +
             " employees (median " + std::to_string(employees[employees.size() / 2]) + ", " +
             std::to_string(employees.size()) + " accounts)";
    a.position = position++;
    out.push_back(std::move(a));
  }
}

std::vector<std::pair<Id, std::string>> stored_citation_keys(const std::vector<StoredCitation>& citations) {
  std::vector<std::pair<Id, std::string>> out;
  for (const auto& c : citations) out.emplace_back(c.citation.excerpt_id, c.origin);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void to_json(nlohmann::json& out, const DraftChange& c) {
  out = {{"change", c.change}, {"attribute_id", c.attribute_id}, {"section", c.section}, {"text", c.text},
         {"theme_key", c.theme_key}};
}

void to_json(nlohmann::json& out, const DraftReport& r) {
  out = {{"persona_id", r.persona_id},
         {"added", r.added},
         {"updated", r.updated},
         {"removed", r.removed},
         {"kept", r.kept},
         {"unchanged", r.unchanged},
         {"tags_used", r.tags_used},
         {"themes", r.themes},
         {"sections_drafted", r.sections_drafted},
         {"sections_without_evidence", r.sections_without_evidence},
         {"changes", r.changes}};
}

DraftReport draft_persona(store::Database& db, Id persona_id, const DraftOptions& options) {
  Persona persona = get_persona(db, persona_id);
  Cohort cohort = Cohort::parse(persona.cohort_json);
  const PersonaTemplate& tmpl = persona_template(persona.kind);

  std::vector<TaggedExcerpt> evidence = load_tagged(db, cohort, options);
  DraftReport report;
  report.persona_id = persona_id;
  for (const auto& e : evidence) report.tags_used += static_cast<std::int64_t>(e.tags.size());

  Drafter drafter(evidence, options);
  std::vector<DraftedAttribute> drafted;
  for (const SectionTemplate& section : tmpl.sections) {
    std::size_t before = drafted.size();
    if (section.style == "manual") continue;
    if (section.style.starts_with("cohort_")) draft_cohort_section(db, cohort, section, drafted);
    if (section.style == "cohort_stack") {
      // Tool mentions join the stack facts in the same section, after them.
      std::size_t facts = drafted.size() - before;
      SectionTemplate tools = section;
      tools.max = std::max(0, section.max - static_cast<int>(facts));
      std::vector<DraftedAttribute> tool_attributes;
      draft_evidence_section(drafter, tools, tool_attributes, report.themes);
      for (auto& a : tool_attributes) {
        a.position += static_cast<int>(facts);
        drafted.push_back(std::move(a));
      }
    } else if (section.style == "quote") {
      draft_quote(drafter, section, drafted);
    } else if (section.style == "value_proposition") {
      draft_value_proposition(drafter, section, drafted);
    } else if (!section.style.starts_with("cohort_")) {
      draft_evidence_section(drafter, section, drafted, report.themes);
    }
    if (drafted.size() > before) report.sections_drafted.push_back(section.key);
    else if (!section.categories.empty()) report.sections_without_evidence.push_back(section.key);
  }

  // Merge with what is stored, in one transaction.
  store::Transaction tx(db);
  std::vector<StoredAttribute> existing = attributes_of(db, persona_id);
  std::vector<StoredCitation> all_citations = citations_of_persona(db, persona_id);
  std::map<Id, std::vector<StoredCitation>> citations_by_attribute;
  for (auto& c : all_citations) citations_by_attribute[c.citation.attribute_id].push_back(c);

  std::set<std::pair<std::string, std::string>> protected_keys;  // (section, theme_key) a person owns
  std::map<std::pair<std::string, std::string>, const StoredAttribute*> replaceable;
  for (const StoredAttribute& a : existing) {
    bool person_owned = a.attribute.origin == AttributeOrigin::manual || !a.attribute.edited_at.empty();
    if (person_owned) {
      if (!a.attribute.theme_key.empty()) protected_keys.insert({a.attribute.section, a.attribute.theme_key});
      report.changes.push_back({"kept", a.attribute.id, a.attribute.section, a.attribute.text, a.attribute.theme_key});
      ++report.kept;
    } else {
      replaceable[{a.attribute.section, a.attribute.theme_key}] = &a;
    }
  }

  store::Statement insert_attribute = db.prepare(
      "INSERT INTO attributes (persona_id, section, text, origin, position, theme_key, basis)"
      " VALUES (?1, ?2, ?3, 'drafted', ?4, ?5, ?6)");
  store::Statement update_attribute = db.prepare("UPDATE attributes SET text = ?2, position = ?3, basis = ?4 WHERE id = ?1");
  store::Statement insert_citation =
      db.prepare("INSERT INTO citations (attribute_id, excerpt_id, origin) VALUES (?1, ?2, ?3)");
  store::Statement update_citation_origin = db.prepare("UPDATE citations SET origin = ?2 WHERE id = ?1");
  store::Statement delete_citation = db.prepare("DELETE FROM citations WHERE id = ?1");
  store::Statement delete_attribute = db.prepare("DELETE FROM attributes WHERE id = ?1");

  std::set<Id> matched;
  for (const DraftedAttribute& a : drafted) {
    std::pair<std::string, std::string> key{a.section, a.theme_key};
    if (protected_keys.count(key)) continue;  // the person's version of this theme wins
    auto it = replaceable.find(key);
    if (it != replaceable.end() && !matched.count(it->second->attribute.id)) {
      const StoredAttribute& old = *it->second;
      matched.insert(old.attribute.id);
      auto& old_citations = citations_by_attribute[old.attribute.id];
      bool changed = old.attribute.text != a.text || old.attribute.position != a.position || old.basis != a.basis ||
                     stored_citation_keys(old_citations) != a.citations;
      if (changed) {
        update_attribute.reset();
        update_attribute.bind(1, old.attribute.id).bind(2, a.text).bind(3, a.position).bind(4, a.basis).run();
        // Keep citation rows (and their verdicts) that are still evidence.
        std::map<Id, std::string> wanted(a.citations.begin(), a.citations.end());
        for (const auto& c : old_citations) {
          auto w = wanted.find(c.citation.excerpt_id);
          if (w == wanted.end()) {
            if (c.origin == "manual") continue;  // a person attached it: not ours to drop
            delete_citation.reset();
            delete_citation.bind(1, c.citation.id).run();
          } else {
            if (w->second != c.origin && c.origin != "manual") {
              update_citation_origin.reset();
              update_citation_origin.bind(1, c.citation.id).bind(2, w->second).run();
            }
            wanted.erase(w);
          }
        }
        for (const auto& [excerpt, origin] : wanted) {
          insert_citation.reset();
          insert_citation.bind(1, old.attribute.id).bind(2, excerpt).bind(3, origin).run();
        }
        report.changes.push_back({"updated", old.attribute.id, a.section, a.text, a.theme_key});
        ++report.updated;
      } else {
        report.changes.push_back({"unchanged", old.attribute.id, a.section, a.text, a.theme_key});
        ++report.unchanged;
      }
      continue;
    }
    insert_attribute.reset();
    insert_attribute.bind(1, persona_id).bind(2, a.section).bind(3, a.text).bind(4, a.position).bind(5, a.theme_key);
    insert_attribute.bind(6, a.basis).run();
    Id id = db.last_insert_id();
    for (const auto& [excerpt, origin] : a.citations) {
      insert_citation.reset();
      insert_citation.bind(1, id).bind(2, excerpt).bind(3, origin).run();
    }
    report.changes.push_back({"added", id, a.section, a.text, a.theme_key});
    ++report.added;
  }
  for (const auto& [key, attribute] : replaceable) {
    if (matched.count(attribute->attribute.id)) continue;
    delete_attribute.reset();
    delete_attribute.bind(1, attribute->attribute.id).run();
    report.changes.push_back({"removed", attribute->attribute.id, attribute->attribute.section, attribute->attribute.text,
                              attribute->attribute.theme_key});
    ++report.removed;
  }
  std::string now = store::utc_now();
  store::Statement stamp = db.prepare("UPDATE personas SET drafted_at = ?2, updated_at = ?2 WHERE id = ?1");
  stamp.bind(1, persona_id).bind(2, now).run();
  nlohmann::json summary = {{"added", report.added}, {"updated", report.updated}, {"removed", report.removed},
                            {"kept", report.kept}, {"unchanged", report.unchanged}, {"tags_used", report.tags_used},
                            {"include_suggested", options.include_suggested}};
  store::append_audit(db, {0, options.who, "persona.draft", "personas", persona_id, "", dump_json(summary), ""});
  tx.commit();
  return report;
}

}  // namespace grounded::synth
