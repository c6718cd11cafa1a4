#include "ingest/segmenter.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {

Segmenter::Segmenter(std::size_t target_bytes, std::size_t max_bytes) : target_(target_bytes), max_(max_bytes) {
  UErrorCode status = U_ZERO_ERROR;
  sentences_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw Error(ErrorKind::internal, "ICU sentence break iterator unavailable");
}

Segmenter::~Segmenter() = default;

std::vector<std::size_t> Segmenter::sentence_bounds(const std::string& text) {
  std::vector<std::size_t> bounds;
  UErrorCode status = U_ZERO_ERROR;
  // UTF-8 UText: the iterator's indexes are byte offsets into `text`.
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return {0, text.size()};
  sentences_->setText(ut, status);
  if (U_SUCCESS(status)) {
    for (int32_t b = sentences_->first(); b != icu::BreakIterator::DONE; b = sentences_->next())
      bounds.push_back(static_cast<std::size_t>(b));
  }
  // Detach before closing the UText the iterator points at.
  icu::UnicodeString empty;
  sentences_->setText(empty);
  utext_close(ut);
  if (bounds.empty() || bounds.front() != 0) bounds.insert(bounds.begin(), 0);
  if (bounds.back() != text.size()) bounds.push_back(text.size());
  return bounds;
}

Segmented Segmenter::segment(const ParsedSource& source) {
  Segmented out;
  const auto& turns = source.turns;
  int ordinal = 0;
  for (std::size_t ti = 0; ti < turns.size(); ++ti) {
    const Turn& t = turns[ti];
    std::string text(trim(t.text));
    if (text.empty()) continue;
    std::string heading = t.heading.empty() ? t.speaker : t.heading;
    if (!heading.empty()) out.body += heading + ": ";
    const std::size_t text_at = out.body.size();
    out.body += text;
    out.body += "\n\n";

    std::optional<std::int64_t> start = t.start_ms, end = t.end_ms;
    if (start && !end) {
      for (std::size_t k = ti + 1; k < turns.size() && !end; ++k) end = turns[k].start_ms;
    }
    if (start && end && *end < *start) end = start;

    // Pieces [a, b) of `text`.
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    if (text.size() <= max_) {
      pieces.emplace_back(0, text.size());
    } else {
      auto bounds = sentence_bounds(text);
      std::size_t piece_start = 0;
      for (std::size_t k = 1; k < bounds.size(); ++k) {
        std::size_t len_with = bounds[k] - piece_start;
        std::size_t len_now = bounds[k - 1] - piece_start;
        if (len_with > max_ && len_now >= target_) {
          pieces.emplace_back(piece_start, bounds[k - 1]);
          piece_start = bounds[k - 1];
        }
      }
      // Fold a short tail into the previous piece rather than leave a crumb.
      if (text.size() - piece_start < target_ / 2 && !pieces.empty()) pieces.back().second = text.size();
      else pieces.emplace_back(piece_start, text.size());
    }
    for (auto [a, b] : pieces) {
      std::string_view piece = std::string_view(text).substr(a, b - a);
      std::string_view trimmed = trim(piece);
      if (trimmed.empty()) continue;
      std::size_t ta = a + static_cast<std::size_t>(trimmed.data() - piece.data());
      std::size_t tb = ta + trimmed.size();
      Excerpt e;
      e.ordinal = ordinal++;
      e.speaker = t.speaker;
      e.speaker_role = t.role;
      e.start_byte = static_cast<std::int64_t>(text_at + ta);
      e.end_byte = static_cast<std::int64_t>(text_at + tb);
      e.text = std::string(trimmed);
      if (start) {
        if (end && pieces.size() > 1) {
          double span = static_cast<double>(*end - *start);
          e.start_ms = *start + static_cast<std::int64_t>(span * ta / text.size());
          e.end_ms = *start + static_cast<std::int64_t>(span * tb / text.size());
        } else {
          e.start_ms = start;
          e.end_ms = end;
        }
      }
      out.excerpts.push_back(std::move(e));
      out.turn_of.push_back(ti);
    }
  }
  return out;
}

}  // namespace grounded::ingest
