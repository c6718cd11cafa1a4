#include "ingest/cues.hpp"

#include <cctype>

#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

struct Cue {
  std::int64_t start = 0, end = 0;
  std::string speaker;
  bool has_speaker = false;
  std::string text;
  int line = 0;
};

bool parse_timing(std::string_view line, std::int64_t& start, std::int64_t& end) {
  std::size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return false;
  std::string_view a = trim(line.substr(0, arrow));
  std::string_view b = trim(line.substr(arrow + 3));
  // Cue settings may follow the end time ("align:start position:10%").
  std::size_t sp = b.find_first_of(" \t");
  if (sp != std::string_view::npos) b = b.substr(0, sp);
  auto s = parse_timestamp(a);
  auto e = parse_timestamp(b);
  if (!s || !e) return false;
  start = *s;
  end = *e;
  return true;
}

// "<v Name>text</v>" → speaker, and every other tag removed.
void read_voice(std::string_view raw, Cue& cue, std::string& out) {
  std::string text;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '<') {
      text += raw[i];
      continue;
    }
    std::size_t close = raw.find('>', i);
    if (close == std::string_view::npos) {
      text += raw.substr(i);
      break;
    }
    std::string_view tag = raw.substr(i + 1, close - i - 1);
    if (!tag.empty() && tag[0] == 'v' && (tag.size() == 1 || tag[1] == ' ' || tag[1] == '.')) {
      std::size_t sp = tag.find(' ');
      if (sp != std::string_view::npos && !cue.has_speaker) {
        cue.speaker = decode_entities(trim(tag.substr(sp + 1)));
        cue.has_speaker = true;
      }
    }
    i = close;
  }
  out = decode_entities(text);
}

std::vector<Turn> merge_cues(std::vector<Cue>& cues) {
  std::vector<Turn> turns;
  const Cue* prev = nullptr;
  for (Cue& c : cues) {
    if (trim(c.text).empty()) continue;
    bool continues = false;
    if (prev && !turns.empty()) {
      if (c.has_speaker) {
        continues = c.speaker == turns.back().speaker;
      } else {
        // An unprefixed cue continues the previous turn when the previous cue
        // stopped mid-sentence or this one starts in lower case (SRT wraps);
        // otherwise it is an unidentified speaker (Zoom's bare "Yeah.").
        std::string_view p = trim(prev->text);
        char last = p.empty() ? '.' : p.back();
        unsigned char first = static_cast<unsigned char>(trim(c.text)[0]);
        bool mid_sentence = !(last == '.' || last == '?' || last == '!' || last == '"' || last == ')');
        continues = mid_sentence || std::islower(first);
        if (continues) c.speaker = turns.back().speaker;
      }
    }
    if (continues) {
      Turn& t = turns.back();
      t.text += ' ';
      t.text += trim(c.text);
      t.end_ms = c.end;
    } else {
      Turn t;
      t.speaker = c.has_speaker ? c.speaker : std::string();
      t.text = std::string(trim(c.text));
      t.start_ms = c.start;
      t.end_ms = c.end;
      t.line = c.line;
      turns.push_back(std::move(t));
    }
    prev = &c;
  }
  return turns;
}

// Both formats: blocks separated by blank lines; `vtt` decides header,
// NOTE blocks and voice tags.
ParsedFile parse_cues(std::string_view text, bool vtt) {
  auto lines = split_lines(text);
  std::vector<Cue> cues;
  std::vector<std::string> warnings;
  std::size_t i = 0;
  if (vtt) {
    if (lines.empty() || trim(lines[0]).substr(0, 6) != "WEBVTT")
      throw invalid_input("line 1: a WebVTT file must start with `WEBVTT`");
    // Skip the header block.
    while (i < lines.size() && !is_blank(lines[i])) ++i;
  }
  while (i < lines.size()) {
    while (i < lines.size() && is_blank(lines[i])) ++i;
    if (i >= lines.size()) break;
    std::size_t block_start = i;
    std::size_t block_end = i;
    while (block_end < lines.size() && !is_blank(lines[block_end])) ++block_end;
    const bool last_block = block_end >= lines.size() ||
                            [&] {
                              for (std::size_t k = block_end; k < lines.size(); ++k)
                                if (!is_blank(lines[k])) return false;
                              return true;
                            }();
    i = block_end;
    std::string_view first = trim(lines[block_start]);
    if (vtt && (first.substr(0, 4) == "NOTE" || first == "STYLE" || first == "REGION")) continue;
    // The timing line is the first or (after a cue id) the second line.
    std::size_t timing = block_start;
    if (first.find("-->") == std::string_view::npos) timing = block_start + 1;
    Cue cue;
    cue.line = static_cast<int>(timing + 1);
    if (timing >= block_end || !parse_timing(lines[timing], cue.start, cue.end)) {
      int bad_line = static_cast<int>(std::min(timing, block_end - 1) + 1);
      if (last_block) {
        warnings.push_back("line " + std::to_string(bad_line) +
                           ": the file ends inside an incomplete cue (truncated?); the cues before it were kept");
        break;
      }
      throw invalid_input("line " + std::to_string(bad_line) + ": expected a cue timing like `00:00:01.000 --> 00:00:04.000`, found `" +
                          std::string(trim(lines[std::min(timing, block_end - 1)]).substr(0, 60)) + "`");
    }
    std::string joined;
    for (std::size_t k = timing + 1; k < block_end; ++k) {
      if (!joined.empty()) joined += ' ';
      joined += trim(lines[k]);
    }
    if (joined.empty()) {
      if (last_block) warnings.push_back("line " + std::to_string(cue.line) + ": the last cue has no text (truncated?)");
      continue;
    }
    std::string plain;
    read_voice(joined, cue, plain);
    if (!cue.has_speaker) {
      // Zoom style "Name: text": split at the first ": ".
      std::size_t colon = plain.find(": ");
      if (colon != std::string::npos && looks_like_speaker(std::string_view(plain).substr(0, colon))) {
        cue.speaker = plain.substr(0, colon);
        cue.has_speaker = true;
        plain = plain.substr(colon + 2);
      }
    }
    cue.text = std::string(trim(plain));
    cues.push_back(std::move(cue));
  }
  ParsedFile file;
  ParsedSource src;
  src.kind = SourceKind::interview;
  src.turns = merge_cues(cues);
  if (src.turns.empty())
    throw invalid_input(vtt ? "the WebVTT file has no cues with text" : "the SRT file has no cues with text");
  bool any_voice = text.find("<v ") != std::string_view::npos;
  file.format = vtt ? (any_voice ? "webvtt_teams" : "webvtt") : "srt";
  file.warnings = std::move(warnings);
  if (!file.warnings.empty()) src.meta["warnings"] = file.warnings;
  file.sources.push_back(std::move(src));
  return file;
}

}  // namespace

ParsedFile parse_webvtt(std::string_view text) { return parse_cues(text, true); }
ParsedFile parse_srt(std::string_view text) { return parse_cues(text, false); }

bool looks_like_srt(std::string_view text) {
  auto lines = split_lines(text.substr(0, 2000));
  std::size_t i = 0;
  while (i < lines.size() && is_blank(lines[i])) ++i;
  if (i + 1 >= lines.size()) return false;
  std::string_view n = trim(lines[i]);
  if (n.empty()) return false;
  for (char c : n)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  std::int64_t a, b;
  return parse_timing(lines[i + 1], a, b);
}

}  // namespace grounded::ingest
