#include "ingest/roles.hpp"

#include <map>

#include "ingest/speaker_labels.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

bool same_person(std::string_view label, std::string_view given) {
  if (iequals(trim(label), trim(given))) return true;
  std::string_view first = label.substr(0, label.find(' '));
  return !first.empty() && iequals(first, trim(given));
}

}  // namespace

void assign_interview_roles(ParsedSource& source, const std::string& interviewer) {
  std::map<std::string, SpeakerRole> roles;
  std::map<std::string, int> questions;
  std::vector<std::string> order;
  for (const Turn& t : source.turns) {
    if (t.speaker.empty() || is_unidentified_label(t.speaker)) continue;  // nobody: stays unknown
    if (!roles.count(t.speaker)) {
      roles[t.speaker] = SpeakerRole::unknown;
      order.push_back(t.speaker);
    }
    if (t.text.find('?') != std::string::npos) ++questions[t.speaker];
  }
  if (!trim(interviewer).empty()) {
    for (auto& [name, role] : roles) role = same_person(name, interviewer) ? SpeakerRole::interviewer : SpeakerRole::participant;
  } else {
    bool labelled = false;
    for (auto& [name, role] : roles) {
      role = role_of_label(name);
      labelled |= role == SpeakerRole::interviewer;
    }
    if (!labelled) {
      // Whoever asks most of the questions runs the interview; with no
      // questions at all, the one who speaks first usually does.
      std::string best;
      int most = 0;
      for (const auto& name : order)
        if (roles[name] == SpeakerRole::unknown && questions[name] > most) {
          most = questions[name];
          best = name;
        }
      if (best.empty() && order.size() >= 2) best = order.front();
      if (!best.empty()) roles[best] = SpeakerRole::interviewer;
    }
    for (auto& [name, role] : roles)
      if (role == SpeakerRole::unknown) role = SpeakerRole::participant;
  }
  for (Turn& t : source.turns)
    if (t.role == SpeakerRole::unknown && roles.count(t.speaker)) t.role = roles[t.speaker];
}

}  // namespace grounded::ingest
