// The analytics export shapes `grounded events import` reads, recognised by
// the first record's shape:
//   mixpanel     JSON lines: event, properties.time (unix s or ms),
//                properties.distinct_id, properties.$insert_id
//   amplitude    JSON lines: event_type, event_time, user_id (else
//                amplitude_id), $insert_id or insert_id, groups.*
//   segment      JSON lines: type (track, page and screen count as events;
//                group ties userId to groupId; identify gives traits.email),
//                event, userId (else anonymousId), timestamp, messageId,
//                context.groupId or groupId
//   posthog_csv  CSV: event, distinct_id, timestamp, properties (JSON with
//                $insert_id, $groups), uuid
// One line of an export becomes an EventRecord; internal to segments/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "segments/field_scanner.hpp"

namespace grounded::segments {

enum class ExportFormat { mixpanel, amplitude, segment, posthog_csv };
std::string_view to_string(ExportFormat format);

// What one record says. kind: an event to count, a user→group tie (Segment
// group), or identity only (Segment identify); skip: something else
// (Segment alias), read but not counted.
struct EventRecord {
  enum class Kind { event, group, identify, skip } kind = Kind::event;
  std::string name;
  std::string user_id;
  std::string group_id;
  std::string insert_id;  // "" when the export gave none
  std::string email;
  std::int64_t time = 0;  // unix seconds

  // Back to an empty event, keeping the strings' memory for the next line
  // (one record is reused for millions of lines).
  void clear() {
    kind = Kind::event;
    for (std::string* field : {&name, &user_id, &group_id, &insert_id, &email}) field->clear();
    time = 0;
  }
};

// Recognises the format from the first non-blank line. nullopt when it is
// none of the four; `why` then says what the line looked like.
std::optional<ExportFormat> detect_export_format(std::string_view first_line, std::string& why);

// Reads one JSON line of a JSON-lines format into `out`. Returns "" or the
// problem ("no user id (properties.distinct_id)", "unterminated string at byte 41").
class JsonLineReader {
 public:
  explicit JsonLineReader(ExportFormat format);
  std::string read(std::string_view line, EventRecord& out);

 private:
  ExportFormat format_;
  FieldScanner scanner_;
};

// Reads PostHog CSV rows given the header's column positions.
class PosthogRowReader {
 public:
  // Error(invalid_input) naming the missing columns when the header lacks
  // event, distinct_id or timestamp.
  explicit PosthogRowReader(const std::vector<std::string>& header);
  std::string read(const std::vector<std::string>& row, EventRecord& out);

 private:
  std::size_t event_, user_, time_;
  std::optional<std::size_t> properties_, uuid_;
  FieldScanner properties_scanner_;
};

}  // namespace grounded::segments
