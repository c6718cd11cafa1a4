#include "ingest/fireflies.hpp"

#include <cmath>

#include "core/error.hpp"
#include "ingest/json_util.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

const nlohmann::json* transcript_of(const nlohmann::json& doc) {
  if (!doc.is_object()) return nullptr;
  const nlohmann::json* t = &doc;
  if (doc.contains("data") && doc["data"].is_object() && doc["data"].contains("transcript")) t = &doc["data"]["transcript"];
  if (t->is_object() && t->contains("sentences") && (*t)["sentences"].is_array()) return t;
  return nullptr;
}

}  // namespace

bool looks_like_fireflies(const nlohmann::json& doc) { return transcript_of(doc) != nullptr; }

ParsedFile parse_fireflies(const nlohmann::json& doc) {
  const nlohmann::json* t = transcript_of(doc);
  if (!t) throw invalid_input("not a Fireflies transcript: no data.transcript.sentences");
  ParsedFile file;
  file.format = "fireflies_json";
  ParsedSource src;
  src.kind = SourceKind::interview;
  src.title = json_string(*t, "title");
  if (t->contains("date")) {
    const auto& d = (*t)["date"];
    if (d.is_number()) src.occurred_at = iso_from_epoch_seconds(d.get<double>() / 1000.0);
    else if (d.is_string()) src.occurred_at = d.get<std::string>();
  }
  int index = 0;
  for (const auto& s : (*t)["sentences"]) {
    ++index;
    std::string text = json_string(s, "text");
    if (trim(text).empty()) text = json_string(s, "raw_text");
    if (trim(text).empty()) continue;
    std::string speaker = json_string(s, "speaker_name");
    auto start = json_number(s, "start_time");
    auto end = json_number(s, "end_time");
    std::optional<std::int64_t> start_ms, end_ms;
    if (start) start_ms = static_cast<std::int64_t>(std::llround(*start * 1000));
    if (end) end_ms = static_cast<std::int64_t>(std::llround(*end * 1000));
    if (!src.turns.empty() && src.turns.back().speaker == speaker) {
      src.turns.back().text += ' ';
      src.turns.back().text += trim(text);
      if (end_ms) src.turns.back().end_ms = end_ms;
      continue;
    }
    Turn turn;
    turn.speaker = speaker;
    turn.text = std::string(trim(text));
    turn.start_ms = start_ms;
    turn.end_ms = end_ms;
    turn.line = index;
    src.turns.push_back(std::move(turn));
  }
  if (src.turns.empty()) throw invalid_input("the Fireflies transcript has no sentences with text");
  file.sources.push_back(std::move(src));
  return file;
}

}  // namespace grounded::ingest
