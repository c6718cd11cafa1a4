// Turning parsed turns into a source body and excerpts.
#pragma once

#include <unicode/brkiter.h>

#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "ingest/parsed.hpp"


namespace grounded::ingest {

struct Segmented {
  std::string body;               // "Heading: text\n\n" per turn
  std::vector<Excerpt> excerpts;  // offsets cover only the text part
  std::vector<std::size_t> turn_of;  // turn_of[i]: index into source.turns of excerpts[i]
};

// One excerpt per turn; turns longer than `max_bytes` are split at ICU
// sentence boundaries into excerpts of roughly `target_bytes`..`max_bytes`.
// For every excerpt body.substr(start_byte, end_byte - start_byte) == text.
// Times: a turn without an end ends where the next turn starts; split turns
// get times interpolated by byte position.
class Segmenter {
 public:
  Segmenter(std::size_t target_bytes = 200, std::size_t max_bytes = 600);
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  Segmented segment(const ParsedSource& source);

 private:
  // Sentence boundaries (byte offsets) of `text`, including 0 and size.
  std::vector<std::size_t> sentence_bounds(const std::string& text);
  std::size_t target_, max_;
  std::unique_ptr<icu::BreakIterator> sentences_;  // created once: creation is expensive
};

}  // namespace grounded::ingest
