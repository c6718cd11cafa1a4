#include "segments/event_formats.hpp"

#include "core/error.hpp"
#include "segments/calendar.hpp"
#include "text/strings.hpp"

namespace grounded::segments {
namespace {

// The paths each JSON-lines format reads, in a fixed order per format.
const std::vector<std::string>& paths(ExportFormat format) {
  static const std::vector<std::string> mixpanel = {"event", "properties.time", "properties.distinct_id",
                                                    "properties.$insert_id", "properties.$email",
                                                    "properties.$groups.*"};
  static const std::vector<std::string> amplitude = {"event_type", "event_time", "user_id", "amplitude_id",
                                                     "$insert_id", "insert_id", "groups.*", "user_properties.email"};
  static const std::vector<std::string> segment = {"type", "event", "userId", "anonymousId", "timestamp",
                                                   "messageId", "context.groupId", "groupId",
                                                   "traits.email", "context.traits.email", "name"};
  switch (format) {
    case ExportFormat::mixpanel: return mixpanel;
    case ExportFormat::amplitude: return amplitude;
    case ExportFormat::segment: return segment;
    case ExportFormat::posthog_csv: break;
  }
  static const std::vector<std::string> none;
  return none;
}

std::string read_time(std::string_view value, std::int64_t& out, const char* field) {
  auto t = parse_timestamp(value);
  if (!t) return std::string("unreadable time in ") + field + " ('" + text::shorten(value, 40) + "')";
  out = *t;
  return "";
}

}  // namespace

std::string_view to_string(ExportFormat format) {
  switch (format) {
    case ExportFormat::mixpanel: return "mixpanel";
    case ExportFormat::amplitude: return "amplitude";
    case ExportFormat::segment: return "segment";
    case ExportFormat::posthog_csv: return "posthog_csv";
  }
  return "mixpanel";
}

std::optional<ExportFormat> detect_export_format(std::string_view line, std::string& why) {
  std::size_t start = line.find_first_not_of(" \t\r\xEF\xBB\xBF");
  if (start == std::string_view::npos) {
    why = "the file is empty";
    return std::nullopt;
  }
  line.remove_prefix(start);
  if (line.front() == '[') {
    why = "it is one JSON array, not JSON lines (one event object per line): export as JSON lines";
    return std::nullopt;
  }
  if (line.front() == '{') {
    FieldScanner probe({"event_type", "type", "userId", "anonymousId", "messageId", "event", "properties.time",
                        "properties.distinct_id"});
    std::string error = probe.scan(line);
    if (!error.empty()) {
      why = "its first line is not JSON (" + error + ")";
      return std::nullopt;
    }
    if (probe.found(0)) return ExportFormat::amplitude;
    if (probe.found(1) && (probe.found(2) || probe.found(3) || probe.found(4))) return ExportFormat::segment;
    if (probe.found(5) && (probe.found(6) || probe.found(7))) return ExportFormat::mixpanel;
    why = "its first line has none of Mixpanel's event/properties.time, Amplitude's event_type or Segment's type/userId";
    return std::nullopt;
  }
  std::string lowered = text::lower(line.substr(0, std::min<std::size_t>(line.size(), 2000)));
  if (lowered.find("event") != std::string::npos && lowered.find("distinct_id") != std::string::npos &&
      lowered.find("timestamp") != std::string::npos)
    return ExportFormat::posthog_csv;
  why = "it is neither JSON lines (Mixpanel, Amplitude, Segment) nor a PostHog CSV (event, distinct_id, timestamp columns)";
  return std::nullopt;
}

JsonLineReader::JsonLineReader(ExportFormat format) : format_(format), scanner_(paths(format)) {}

std::string JsonLineReader::read(std::string_view line, EventRecord& out) {
  std::string error = scanner_.scan(line);
  if (!error.empty()) return error;
  const FieldScanner& s = scanner_;
  out.clear();
  auto get = [&](std::size_t i) -> const std::string& { return s.value(i); };
  switch (format_) {
    case ExportFormat::mixpanel:
      if (!s.found(0)) return "no event name (event)";
      if (!s.found(1)) return "no time (properties.time)";
      if (!s.found(2) || get(2).empty()) return "no user id (properties.distinct_id)";
      out.name = get(0);
      out.user_id = get(2);
      if (s.found(3)) out.insert_id = get(3);
      if (s.found(4)) out.email = get(4);
      if (s.found(5)) out.group_id = get(5);
      return read_time(get(1), out.time, "properties.time");
    case ExportFormat::amplitude:
      if (!s.found(0)) return "no event name (event_type)";
      if (!s.found(1)) return "no time (event_time)";
      if (s.found(2) && !get(2).empty()) out.user_id = get(2);
      else if (s.found(3) && !get(3).empty()) out.user_id = "amplitude:" + get(3);
      else return "no user id (user_id or amplitude_id)";
      out.name = get(0);
      if (s.found(4)) out.insert_id = get(4);
      else if (s.found(5)) out.insert_id = get(5);
      if (s.found(6)) out.group_id = get(6);
      if (s.found(7)) out.email = get(7);
      return read_time(get(1), out.time, "event_time");
    case ExportFormat::segment: {
      if (!s.found(0)) return "no type";
      const std::string& type = get(0);
      if (s.found(2) && !get(2).empty()) out.user_id = get(2);
      else if (s.found(3) && !get(3).empty()) out.user_id = "anonymous:" + get(3);
      else return "no user id (userId or anonymousId)";
      if (s.found(5)) out.insert_id = get(5);
      if (s.found(6)) out.group_id = get(6);
      else if (s.found(7)) out.group_id = get(7);
      if (s.found(8)) out.email = get(8);
      else if (s.found(9)) out.email = get(9);
      if (type == "track") {
        if (!s.found(1) || get(1).empty()) return "a track call without an event name (event)";
        out.name = get(1);
      } else if (type == "page" || type == "screen") {
        out.name = type + (s.found(10) && !get(10).empty() ? ": " + get(10) : "");
      } else if (type == "group") {
        out.kind = EventRecord::Kind::group;
      } else if (type == "identify") {
        out.kind = EventRecord::Kind::identify;
      } else {
        out.kind = EventRecord::Kind::skip;
      }
      if (!s.found(4)) return "no time (timestamp)";
      return read_time(get(4), out.time, "timestamp");
    }
    case ExportFormat::posthog_csv: break;
  }
  return "not a JSON-lines format";
}

PosthogRowReader::PosthogRowReader(const std::vector<std::string>& header)
    : properties_scanner_({"$insert_id", "$groups.*", "$set.email", "email"}) {
  std::optional<std::size_t> event, user, time;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name = text::lower(text::trim(header[i]));
    if (name == "event" && !event) event = i;
    else if (name == "distinct_id" && !user) user = i;
    else if (name == "timestamp" && !time) time = i;
    else if (name == "properties" && !properties_) properties_ = i;
    else if (name == "uuid" && !uuid_) uuid_ = i;
  }
  std::string missing;
  if (!event) missing += " event";
  if (!user) missing += " distinct_id";
  if (!time) missing += " timestamp";
  if (!missing.empty()) throw invalid_input("the PostHog CSV header lacks the column(s):" + missing);
  event_ = *event;
  user_ = *user;
  time_ = *time;
}

std::string PosthogRowReader::read(const std::vector<std::string>& row, EventRecord& out) {
  out.clear();
  auto cell = [&](std::size_t i) -> std::string_view { return i < row.size() ? std::string_view(row[i]) : ""; };
  if (cell(event_).empty()) return "no event name (event)";
  if (cell(user_).empty()) return "no user id (distinct_id)";
  out.name = cell(event_);
  out.user_id = cell(user_);
  if (uuid_) out.insert_id = cell(*uuid_);
  if (properties_ && !cell(*properties_).empty()) {
    std::string error = properties_scanner_.scan(cell(*properties_));
    if (!error.empty()) return "properties is not a JSON object (" + error + ")";
    if (out.insert_id.empty() && properties_scanner_.found(0)) out.insert_id = properties_scanner_.value(0);
    if (properties_scanner_.found(1)) out.group_id = properties_scanner_.value(1);
    if (properties_scanner_.found(2)) out.email = properties_scanner_.value(2);
    else if (properties_scanner_.found(3)) out.email = properties_scanner_.value(3);
  }
  return read_time(cell(time_), out.time, "timestamp");
}

}  // namespace grounded::segments
