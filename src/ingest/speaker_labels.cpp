#include "ingest/speaker_labels.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

struct LabelWords {
  std::set<std::string> interviewer, participant, generic, unidentified, recurring_only, not_speakers;
};

const LabelWords& words() {
  static const LabelWords w = [] {
    auto text = find_embedded_file("src/ingest/data/speaker_labels.json");
    if (!text) throw Error(ErrorKind::internal, "speaker_labels.json was not embedded");
    auto doc = nlohmann::json::parse(*text);
    LabelWords out;
    auto read = [&](const char* key, std::set<std::string>& into) {
      for (const auto& word : doc.at(key)) into.insert(word.get<std::string>());
    };
    read("interviewer", out.interviewer);
    read("participant", out.participant);
    read("generic", out.generic);
    read("unidentified", out.unidentified);
    read("recurring_only", out.recurring_only);
    read("not_speakers", out.not_speakers);
    return out;
  }();
  return w;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == ' ' || c == '#' || c == '-' || c == '_' || c == '.'; }

}  // namespace

std::string label_stem(std::string_view label) {
  std::string s = to_lower_ascii(trim(label));
  // "speaker 12", "respondent-3", "speaker1", "speaker #2": digits, then the separator.
  std::size_t end = s.size();
  while (end > 0 && is_digit(s[end - 1])) --end;
  if (end == s.size() && end >= 2 && s[end - 2] == ' ' && s[end - 1] >= 'a' && s[end - 1] <= 'z') --end;  // "speaker b"
  if (end < s.size()) {
    while (end > 0 && is_separator(s[end - 1])) --end;
    if (end > 0) s.resize(end);
  }
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s;
}

SpeakerRole role_of_label(std::string_view label) {
  std::string stem = label_stem(label);
  if (words().interviewer.count(stem)) return SpeakerRole::interviewer;
  if (words().participant.count(stem)) return SpeakerRole::participant;
  // "Interviewer Sam", "Moderator (Priya)": a role word then a name. Only
  // whole words of four letters or more, so "A Smith" stays a name.
  std::size_t space = stem.find_first_of(" (");
  if (space != std::string::npos && space >= 4) {
    std::string first = stem.substr(0, space);
    if (words().interviewer.count(first)) return SpeakerRole::interviewer;
    if (words().participant.count(first)) return SpeakerRole::participant;
  }
  return SpeakerRole::unknown;
}

bool is_generic_label(std::string_view label) { return words().generic.count(label_stem(label)) > 0; }

bool is_unidentified_label(std::string_view label) { return words().unidentified.count(label_stem(label)) > 0; }

bool is_role_label(std::string_view label) {
  std::string stem = label_stem(label);
  if (words().recurring_only.count(stem)) return false;
  return words().interviewer.count(stem) || words().participant.count(stem) || words().generic.count(stem);
}

bool is_prose_heading(std::string_view label) { return words().not_speakers.count(label_stem(label)) > 0; }

std::string generic_participant_name(std::string_view label, std::string_view origin) {
  std::string stem = label_stem(label);
  std::string name = stem == "a" || stem == "answer" || stem == "resp" ? std::string("Participant") : std::string(trim(label));
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name + " (" + std::string(origin) + ")";
}

}  // namespace grounded::ingest
