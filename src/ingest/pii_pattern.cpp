#include "ingest/pii_pattern.hpp"

#include <unicode/utext.h>

#include <algorithm>
#include <cctype>

namespace grounded::ingest {

Pattern::Pattern(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  pattern_.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(utf8), 0, status));
  if (U_FAILURE(status)) pattern_.reset();
}

Pattern::Matching::Matching(const Pattern& p, std::string_view s) : size_(s.size()) {
  if (!p.pattern_ || s.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  text_ = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  matcher_.reset(p.pattern_->matcher(status));
  if (U_FAILURE(status) || !matcher_) {
    matcher_.reset();
    return;
  }
  matcher_->reset(text_);
}

Pattern::Matching::~Matching() {
  matcher_.reset();
  if (text_) utext_close(text_);
}

// No time limit: ICU counts it over one whole find(), so a long turn would
// stop matching part-way and leak what follows. The patterns have no nested
// ambiguous repeats, so the work stays near-linear.
bool Pattern::Matching::find() {
  if (!matcher_ || from_ >= static_cast<int64_t>(size_)) return false;
  UErrorCode status = U_ZERO_ERROR;
  return matcher_->find(from_, status) && U_SUCCESS(status);
}

bool Pattern::Matching::looking_at(std::size_t byte) {
  if (!matcher_ || byte >= size_) return false;
  UErrorCode status = U_ZERO_ERROR;
  return matcher_->lookingAt(static_cast<int64_t>(byte), status) && U_SUCCESS(status);
}

std::vector<std::size_t> starts_of(std::string_view lower, const std::vector<std::string>& heads) {
  std::vector<std::size_t> starts;
  for (const std::string& head : heads)
    for (std::size_t at = lower.find(head); at != std::string_view::npos; at = lower.find(head, at + 1))
      starts.push_back(at);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

void Pattern::Matching::resume_at(std::size_t byte) {
  UErrorCode status = U_ZERO_ERROR;
  from_ = std::max<int64_t>(static_cast<int64_t>(byte), matcher_->start64(status) + 1);
}

std::size_t start_of(const icu::RegexMatcher& m, int group) {
  UErrorCode st = U_ZERO_ERROR;
  return static_cast<std::size_t>(m.start64(group, st));
}

std::size_t end_of(const icu::RegexMatcher& m, int group) {
  UErrorCode st = U_ZERO_ERROR;
  return static_cast<std::size_t>(m.end64(group, st));
}

bool group_matched(const icu::RegexMatcher& m, int group) {
  UErrorCode st = U_ZERO_ERROR;
  return m.start64(group, st) >= 0;
}

std::string_view group_text(std::string_view s, const icu::RegexMatcher& m, int group) {
  if (!group_matched(m, group)) return {};
  return s.substr(start_of(m, group), end_of(m, group) - start_of(m, group));
}

bool contains_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string digits_of(std::string_view s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

int longest_digit_cluster(std::string_view s) {
  int best = 0, run = 0;
  bool separated = false;  // one separator seen since the last digit
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      best = std::max(best, ++run);
      separated = false;
    } else if (!separated && run > 0 && (c == ' ' || c == '.' || c == '-' || c == '/')) {
      separated = true;
    } else {
      run = 0;
      separated = false;
    }
  }
  return best;
}

std::string compact_upper(std::string_view s) {
  std::string id;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) id += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return id;
}

}  // namespace grounded::ingest
