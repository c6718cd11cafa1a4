// A flat scanner for one JSON object per line (analytics exports): it checks
// the whole line is well-formed JSON, iteratively and with a depth limit, and
// keeps only the scalar values at the key paths it was asked for — no DOM, so
// millions of lines cost little. Internal to segments/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::segments {

class FieldScanner {
 public:
  // `paths` are dotted key paths ("properties.distinct_id"); "*" matches any
  // key at its level ("groups.*"). Array elements take their array's path, so
  // "groups.*" also finds the first item of {"groups": {"org": ["acme"]}}.
  // The first value met for a path wins.
  explicit FieldScanner(const std::vector<std::string>& paths, int max_depth = 32);

  // Scans `text`, which must be one JSON object. Returns "" when it is, else
  // what is wrong and at which byte ("unterminated string at byte 41",
  // "nested deeper than 32 levels at byte 90").
  std::string scan(std::string_view text);

  bool found(std::size_t path) const { return found_[path]; }
  // The value: decoded text for a string, the literal text for a number,
  // true/false ("" for null, which counts as not found).
  const std::string& value(std::size_t path) const { return values_[path]; }
  bool is_string(std::size_t path) const { return strings_[path]; }

 private:
  struct Frame {
    bool object = false;
    std::string key;  // the key this container's current value sits under
  };
  void offer(std::string_view raw_or_decoded, bool is_string);
  bool matches(std::size_t path) const;

  std::vector<std::vector<std::string>> paths_;
  std::vector<bool> found_, strings_;
  std::vector<std::string> values_;
  std::vector<Frame> stack_;
  std::size_t object_depth_ = 0;
  int max_depth_;
  std::string scratch_;
};

}  // namespace grounded::segments
