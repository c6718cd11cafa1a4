#include "ingest/transcript_text.hpp"

#include <cctype>
#include <map>

#include "core/error.hpp"
#include "ingest/speaker_labels.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

struct LineTurn {
  std::string name;
  std::optional<std::int64_t> ts;
  std::string text;
  bool header_only = false;  // the text follows on the next lines
};

// A label as people type it: like a name (looks_like_speaker), or in any case
// with digits and punctuation ("interviewee", "speaker 2", "r-12", "dr. smith").
// Whether such a label is really a speaker is decided over the whole file.
bool label_shaped(std::string_view s) {
  s = trim(s);
  if (looks_like_speaker(s)) return true;
  if (s.empty() || s.size() > 40) return false;
  unsigned char first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || first >= 0x80)) return false;
  int words = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ') {
      if (++words > 4 || s[i + 1] == ' ') return false;
    } else if (!(std::isalnum(c) || c >= 0x80 || c == '.' || c == '-' || c == '\'' || c == '&' || c == '#')) {
      return false;
    }
  }
  return true;
}

// Splits at runs of two or more spaces or at tabs.
std::vector<std::string_view> split_wide(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t i = 0, start = 0;
  while (i < s.size()) {
    bool wide = s[i] == '\t' || (s[i] == ' ' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t'));
    if (wide) {
      if (i > start) parts.push_back(s.substr(start, i - start));
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < s.size()) parts.push_back(s.substr(start));
  return parts;
}

// Removes a leading [ts], (ts) or bare "ts " and returns it.
std::optional<std::int64_t> take_leading_ts(std::string_view& s) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '[' || s[0] == '(') {
    char close = s[0] == '[' ? ']' : ')';
    std::size_t end = s.find(close);
    if (end != std::string_view::npos) {
      if (auto ts = parse_timestamp(s.substr(1, end - 1))) {
        s = trim(s.substr(end + 1));
        return ts;
      }
    }
    return std::nullopt;
  }
  std::size_t sp = s.find(' ');
  if (sp != std::string_view::npos && std::isdigit(static_cast<unsigned char>(s[0]))) {
    if (auto ts = parse_timestamp(s.substr(0, sp))) {
      s = trim(s.substr(sp + 1));
      return ts;
    }
  }
  return std::nullopt;
}

// "Name (00:12)" → name and ts.
bool split_name_paren_ts(std::string_view s, std::string& name, std::optional<std::int64_t>& ts) {
  s = trim(s);
  if (s.empty() || s.back() != ')') return false;
  std::size_t open = s.rfind('(');
  if (open == std::string_view::npos) return false;
  auto t = parse_timestamp(s.substr(open + 1, s.size() - open - 2));
  if (!t) return false;
  std::string_view n = trim(s.substr(0, open));
  if (!looks_like_speaker(n)) return false;
  name = std::string(n);
  ts = t;
  return true;
}

// Header lines: Otter "Name  0:02  ", Teams docx "Name   0:04",
// Rev web "Speaker 1 (00:00):", and Otter's bare "0:52  ".
std::optional<LineTurn> parse_header(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return std::nullopt;
  LineTurn t;
  t.header_only = true;
  std::string_view no_colon = s.back() == ':' ? s.substr(0, s.size() - 1) : s;
  if (split_name_paren_ts(no_colon, t.name, t.ts)) return t;
  auto parts = split_wide(s);
  if (parts.size() == 2 && looks_like_speaker(parts[0])) {
    if (auto ts = parse_timestamp(parts[1])) {
      t.name = std::string(parts[0]);
      t.ts = ts;
      return t;
    }
  }
  return std::nullopt;
}

std::string strip_markdown_name(std::string_view s, std::string_view& rest) {
  // **Name:** text | **Name**: text | __Name:__ text | *Name:* text
  for (std::string_view mark : {"**", "__", "*", "_"}) {
    if (s.substr(0, mark.size()) != mark) continue;
    std::size_t close = s.find(mark, mark.size());
    if (close == std::string_view::npos) continue;
    std::string_view inner = trim(s.substr(mark.size(), close - mark.size()));
    std::string_view after = trim(s.substr(close + mark.size()));
    if (!inner.empty() && inner.back() == ':') {
      inner.remove_suffix(1);
      rest = after;
      return std::string(trim(inner));
    }
    if (!after.empty() && after[0] == ':') {
      rest = trim(after.substr(1));
      return std::string(inner);
    }
  }
  return {};
}

// Inline turns: "Name: text", "[00:01:02] Name: text", "**Name:** text",
// "Name (00:12): text", "Name: [00:00:00] text", Rev AI "Speaker 0    00:00:00    text".
std::optional<LineTurn> parse_inline(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return std::nullopt;
  LineTurn t;
  auto wide = split_wide(s);
  if (wide.size() >= 3 && looks_like_speaker(wide[0])) {
    if (auto ts = parse_timestamp(wide[1])) {
      t.name = std::string(wide[0]);
      t.ts = ts;
      std::size_t text_at = static_cast<std::size_t>(wide[2].data() - s.data());
      t.text = std::string(trim(s.substr(text_at)));
      return t;
    }
  }
  std::string_view rest = s;
  t.ts = take_leading_ts(rest);
  std::string_view text;
  std::string md = strip_markdown_name(rest, text);
  if (!md.empty()) {
    std::string n2;
    std::optional<std::int64_t> ts2;
    if (split_name_paren_ts(md, n2, ts2)) {
      md = n2;
      t.ts = ts2;
    }
    if (!label_shaped(md)) return std::nullopt;
    t.name = md;
  } else {
    std::size_t colon = rest.find(": ");
    if (colon == std::string_view::npos) {
      if (!rest.empty() && rest.back() == ':') colon = rest.size() - 1;
      else return std::nullopt;
    }
    std::string_view name = trim(rest.substr(0, colon));
    text = colon + 1 < rest.size() ? trim(rest.substr(colon + 1)) : std::string_view{};
    std::string n2;
    std::optional<std::int64_t> ts2;
    if (split_name_paren_ts(name, n2, ts2)) {
      t.name = n2;
      t.ts = ts2;
    } else {
      if (!label_shaped(name) || parse_timestamp(name)) return std::nullopt;
      t.name = std::string(name);
    }
  }
  if (!t.ts) {
    if (auto ts = take_leading_ts(text)) t.ts = ts;
  }
  t.text = std::string(text);
  if (t.text.empty()) t.header_only = true;
  return t;
}

bool is_footer(std::string_view s) {
  return starts_with_icase(s, "Transcribed by ") || starts_with_icase(s, "Transcription ended after") ||
         starts_with_icase(s, "This editable transcript was computer generated") ||
         (s.size() < 80 && (contains_icase(s, " started transcription") || contains_icase(s, " stopped transcription"))) ||
         starts_with_icase(s, "Meeting ended after");
}

bool is_month_date(std::string_view s, std::string& iso) {
  // "Mar 12, 2024" (Google Meet's first line).
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  s = trim(s);
  if (s.size() < 10 || s.size() > 20) return false;
  for (int m = 0; m < 12; ++m) {
    if (!starts_with_icase(s, months[m])) continue;
    std::size_t sp = s.find(' ');
    std::size_t comma = s.find(',');
    if (sp == std::string_view::npos || comma == std::string_view::npos || comma < sp) return false;
    std::string day(trim(s.substr(sp + 1, comma - sp - 1)));
    std::string year(trim(s.substr(comma + 1)));
    if (day.empty() || day.size() > 2 || year.size() != 4) return false;
    for (char c : day + year)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", year.c_str(), m + 1, std::stoi(day));
    iso = buf;
    return true;
  }
  return false;
}

// Which `Label: text` line starts are speaker turns, decided over the whole
// file: a one-off `Word: text` inside speech ("The problem: …", "Step 1: …")
// is not a turn. Real speakers carry a role word ("interviewer:", "Speaker 2:"),
// a timestamp, or recur: a capitalised name from its second line on, a
// lower-case label ("dana:", "q:") when at least two labels recur (a dialogue).
// In a file of at most three such lines, a capitalised name counts once.
// Prose headings ("Note", "Step 1") never count.
// Labels are compared ignoring case; a speaker keeps its first spelling.
class LabelCensus {
 public:
  void count(const LineTurn& t) {
    Seen& seen = labels_[to_lower_ascii(t.name)];
    if (seen.count++ == 0) seen.spelling = t.name;
    if (seen.count == 2) ++recurring_;
    ++lines_;
  }

  bool accepts(const LineTurn& t) const {
    auto it = labels_.find(to_lower_ascii(t.name));
    if (it == labels_.end() || is_prose_heading(t.name)) return false;
    if (t.ts || is_role_label(t.name)) return true;
    if (it->second.count < 2) return lines_ <= 3 && looks_like_speaker(t.name);  // a tiny file: "Ana: Why?\nBo: Because."
    return looks_like_speaker(t.name) || recurring_ >= 2;
  }

  // The spelling the label had on its first line.
  std::string spelling(const std::string& name) const {
    auto it = labels_.find(to_lower_ascii(name));
    return it == labels_.end() ? name : it->second.spelling;
  }

  // "`Note:` (1 line), `Step 1:` (1 line)": the labels that were not read as speakers.
  std::string rejected() const {
    std::string out;
    int shown = 0;
    for (const auto& [key, seen] : labels_) {
      LineTurn probe{seen.spelling, std::nullopt, "", false};
      if (accepts(probe)) continue;
      if (++shown > 6) {
        out += ", …";
        break;
      }
      out += (out.empty() ? "`" : ", `") + seen.spelling + ":` (" + std::to_string(seen.count) +
             (seen.count == 1 ? " line)" : " lines)");
    }
    return out;
  }

 private:
  struct Seen {
    std::string spelling;
    int count = 0;
  };
  std::map<std::string, Seen> labels_;
  int recurring_ = 0;
  int lines_ = 0;
};

// The rejection of a file with no speaker turns: what was found, what to do.
std::string no_turns_message(const std::vector<std::string_view>& lines, const LabelCensus& census) {
  std::string first;
  int shown = 0, non_empty = 0;
  for (auto line : lines) {
    std::string_view s = trim(line);
    if (s.empty()) continue;
    ++non_empty;
    if (shown < 2) first += (shown++ ? " / " : "") + std::string("\"") + clip_utf8(s, 60) + "\"";
  }
  std::string found = census.rejected();
  std::string msg = "no speaker turns found in " + std::to_string(non_empty) + " lines of text";
  msg += found.empty() ? " (no line starts with a `Label:`)" : " (labels seen once or read as prose: " + found + ")";
  if (!first.empty()) msg += "; it begins " + first;
  msg +=
      ". Start each turn with its speaker and use the same label every time (`Interviewer: …` / `Interviewee: …`, "
      "`Q: …` / `A: …`, `[00:01:02] Name: text`, or an Otter/Rev header such as `Name  0:02`), or store the text as "
      "one unlabelled participant's words (ingest --unlabelled; in the upload result, \"Store without speakers\")";
  return msg;
}

// A file without speaker labels, read as one participant's words: one turn
// per paragraph, no speaker name, role participant.
ParsedSource unlabelled_source(const std::vector<std::string_view>& lines, bool markdown) {
  ParsedSource src;
  src.kind = SourceKind::interview;
  src.meta["unlabelled"] = true;
  Turn current;
  int line_no = 0;
  auto flush = [&] {
    if (!current.text.empty()) src.turns.push_back(std::move(current));
    current = Turn{};
  };
  for (auto raw : lines) {
    ++line_no;
    std::string_view s = trim(raw);
    if (s.empty() || is_footer(s)) {
      flush();
      continue;
    }
    if (markdown && s[0] == '#') {
      flush();
      if (src.turns.empty() && src.title.empty()) src.title = std::string(trim(s.substr(s.find_first_not_of('#'))));
      continue;
    }
    if (current.text.empty()) {
      current.role = SpeakerRole::participant;
      current.line = line_no;
    } else {
      current.text += '\n';
    }
    current.text += s;
  }
  flush();
  return src;
}

}  // namespace

bool looks_like_transcript(std::string_view text) {
  std::vector<std::string_view> head;
  for (auto line : split_lines(text)) {
    if (head.size() >= 200) break;
    head.push_back(line);
  }
  LabelCensus census;
  int headers = 0;
  for (auto line : head) {
    if (parse_header(line)) ++headers;
    else if (auto t = parse_inline(line)) census.count(*t);
  }
  if (headers >= 2) return true;
  int turns = 0;
  for (auto line : head) {
    auto t = parse_header(line) ? std::nullopt : parse_inline(line);
    if (t && census.accepts(*t) && ++turns >= 2) return true;
  }
  return false;
}

ParsedFile parse_transcript_text(std::string_view text, bool markdown, bool unlabelled) {
  auto lines = split_lines(text);
  // Pass 1: pick the style. Header-style files (Otter, Rev web, Teams docx)
  // put the text on the lines below; there a `Word: text` line is speech.
  int headers = 0, inlines = 0, rev_ai = 0, bare_ts = 0;
  LabelCensus census;
  std::vector<LineTurn> candidates;
  for (auto line : lines) {
    if (parse_header(line)) {
      ++headers;
      continue;
    }
    std::string_view t = trim(line);
    if (!t.empty() && parse_timestamp(t)) ++bare_ts;
    if (auto it = parse_inline(line)) {
      census.count(*it);
      if (split_wide(t).size() >= 3) ++rev_ai;
      candidates.push_back(std::move(*it));
    }
  }
  for (const auto& c : candidates) inlines += census.accepts(c) ? 1 : 0;
  const bool header_style = headers > 0 && headers >= inlines;

  ParsedFile file;
  ParsedSource src;
  src.kind = SourceKind::interview;
  std::optional<std::int64_t> pending_ts;
  bool in_turn = false;
  int line_no = 0;
  for (auto raw : lines) {
    ++line_no;
    std::string_view s = trim(raw);
    if (s.empty()) continue;
    if (is_footer(s)) continue;
    if (markdown && (s == "---" || s == "***")) continue;
    if (markdown && s[0] == '#') {
      std::string_view h = trim(s.substr(s.find_first_not_of('#')));
      if (src.turns.empty() && src.title.empty()) src.title = std::string(h);
      continue;
    }
    if (!in_turn) {
      std::string iso;
      if (src.occurred_at.empty() && is_month_date(s, iso)) {
        src.occurred_at = iso;
        continue;
      }
      if (src.title.empty() && s.size() > 13 && s.substr(s.size() - 13) == " - Transcript") {
        src.title = std::string(s.substr(0, s.size() - 13));
        continue;
      }
    }
    std::optional<LineTurn> turn;
    if (header_style) {
      turn = parse_header(raw);
      if (!turn && parse_timestamp(s)) {
        // Otter's nameless header: a voice it could not tell apart (speaker_labels.json "unidentified").
        turn = LineTurn{"Unknown Speaker", parse_timestamp(s), "", true};
      }
    } else {
      if (auto ts = parse_timestamp(s)) {  // Meet's marker line: time for the next turn
        pending_ts = ts;
        continue;
      }
      turn = parse_inline(raw);
      if (turn && !census.accepts(*turn)) turn.reset();
      if (turn) turn->name = census.spelling(turn->name);
    }
    if (turn) {
      Turn t;
      t.speaker = turn->name;
      t.start_ms = turn->ts ? turn->ts : pending_ts;
      pending_ts.reset();
      t.text = turn->text;
      t.line = line_no;
      src.turns.push_back(std::move(t));
      in_turn = true;
      continue;
    }
    if (!in_turn) continue;  // preamble (titles, attendee lists) before the first turn
    Turn& last = src.turns.back();
    if (!last.text.empty()) last.text += '\n';
    last.text += s;
  }
  // Drop turns that never got text (a header at the very end).
  std::vector<Turn> kept;
  for (auto& t : src.turns)
    if (!trim(t.text).empty()) kept.push_back(std::move(t));
  src.turns = std::move(kept);
  if (src.turns.empty()) {
    if (!unlabelled) throw invalid_input(no_turns_message(lines, census));
    ParsedSource plain = unlabelled_source(lines, markdown);
    if (plain.turns.empty()) throw invalid_input("the file has no text");
    file.format = markdown ? "markdown" : "text";
    file.sources.push_back(std::move(plain));
    return file;
  }

  if (header_style) {
    bool rev_web = false;
    for (auto line : lines) {
      std::string_view s = trim(line);
      if (!s.empty() && s.back() == ':' && s.find('(') != std::string_view::npos && parse_header(line)) rev_web = true;
    }
    file.format = rev_web ? "rev_txt" : "otter_txt";
  } else if (rev_ai * 2 >= inlines && rev_ai > 0) {
    file.format = "rev_ai_txt";
  } else if (bare_ts > 0 && !src.occurred_at.empty()) {
    file.format = "google_meet_txt";
  } else {
    file.format = markdown ? "markdown" : "text";
  }
  file.sources.push_back(std::move(src));
  return file;
}

}  // namespace grounded::ingest
