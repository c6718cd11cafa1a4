// Themes found by wording (internal to planning): the evidence feeding one
// section → one document per excerpt → TF-IDF + centroid clustering →
// themes ranked by distinct voices, each named by its tag label or its most
// characteristic phrase and quoted by its most central sentence.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "synth/clustering.hpp"
#include "synth/draft_plan.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {

// One excerpt as evidence for one section.
struct SectionDoc {
  const Evidence* evidence = nullptr;
  std::vector<const EvidenceTag*> tags;  // the tags feeding this section
  // Tags below the confidence cut backing the same theme (Evidence::supporting):
  // their spans mark the sentences to quote; they add no sub-fields.
  std::vector<const EvidenceTag*> supporting;
  std::string label;                     // smallest theme label among them ("" if none)
  bool accepted = false;                 // at least one accepted tag
};

struct WordingTheme {
  std::vector<const SectionDoc*> docs;  // by similarity to the centroid, best first
  std::vector<double> similarity;
  std::int64_t voices = 0;
  std::string key_phrase;
  bool named_by_label = false;  // the key phrase is a tag's theme label, not words picked from the text
  std::string theme_key;  // slug of the key phrase, unique within the section
};

// Distinct voices: participants, and sources whose speaker is not known.
std::int64_t voices_of(const std::vector<const SectionDoc*>& docs);

// Citations of every excerpt in the theme, by excerpt id.
std::vector<std::pair<Id, std::string>> citations_of(const WordingTheme& theme);

class WordingThemes {
 public:
  WordingThemes(const std::vector<Evidence>& evidence, const PlanOptions& options)
      : evidence_(evidence), options_(options) {}

  // Themes of the evidence feeding `section`, best supported first. They
  // point into this object: keep it alive while using them.
  std::vector<WordingTheme> themes(const SectionTemplate& section);

  // The sentence of the theme closest to its centroid, among its most
  // central excerpts (a tagged span's sentence preferred; an excerpt only
  // tags below the confidence cut back is quoted only when no other is), at most 240
  // characters; "" when no sentence may be evidence (is_evidence_sentence).
  // With `about` (a theme's name), a sentence saying the name's words wins
  // over one that only shares the theme's wording, so the quote under a
  // title says what the title says whenever the evidence holds such a sentence.
  std::string representative_sentence(const WordingTheme& theme, const std::string& about = "");

 private:
  std::string key_phrase(const Cluster& cluster, const WordingTheme& theme);

  const std::vector<Evidence>& evidence_;
  PlanOptions options_;
  TermSpace space_;
  std::vector<std::unique_ptr<std::vector<SectionDoc>>> runs_;
  std::vector<SparseVector> vectors_;
};

}  // namespace grounded::synth
