#include "synth/job_statement.hpp"

#include <vector>

#include "text/strings.hpp"

namespace grounded::synth {
namespace {

std::string strip_prefix(std::string text, const std::vector<std::string>& prefixes) {
  text = text::unquote(text);
  for (const std::string& p : prefixes)
    if (text::lower(text.substr(0, p.size())) == p) return text::unquote(text.substr(p.size()));
  return text;
}

std::string strip_end_punctuation(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ',' || text.back() == ';')) text.pop_back();
  return text;
}

}  // namespace

std::string subfield(const nlohmann::json& subfields, const std::string& key) {
  if (subfields.is_object() && subfields.contains(key) && subfields[key].is_string())
    return text::unquote(subfields[key].get<std::string>());
  return "";
}


// "When …, I want to …, so I can …" from the job tags' sub-fields; the parts
// come from one tag (the most complete, most central) so they belong together.
std::string job_statement(const WordingTheme& theme) {
  const EvidenceTag* best = nullptr;
  int best_parts = 0;
  for (const SectionDoc* d : theme.docs)
    for (const auto* tag : d->tags) {
      int parts = !subfield(tag->subfields, "situation").empty() + !subfield(tag->subfields, "motivation").empty() +
                  !subfield(tag->subfields, "outcome").empty();
      if (parts > best_parts) {
        best = tag;
        best_parts = parts;
      }
    }
  if (!best || subfield(best->subfields, "motivation").empty()) return "";
  // The tagger's parts may or may not keep their lead words ("to …", "I can
  // …") and an outcome may run on past its sentence: normalise both.
  auto first_sentence = [](std::string text) {
    auto end = text.find_first_of(".!?");
    return end == std::string::npos ? text : text.substr(0, end);
  };
  std::string situation = strip_end_punctuation(first_sentence(strip_prefix(subfield(best->subfields, "situation"), {"when ", "whenever "})));
  std::string raw_motivation = strip_prefix(subfield(best->subfields, "motivation"), {"i want ", "i'd like ", "we want "});
  bool infinitive = text::lower(raw_motivation).starts_with("to ");
  std::string motivation = strip_end_punctuation(first_sentence(strip_prefix(raw_motivation, {"to "})));
  std::string outcome = strip_end_punctuation(first_sentence(
      strip_prefix(subfield(best->subfields, "outcome"), {"so that i can ", "so that we can ", "so i can ", "so we can ", "so that ", "i can ", "we can ", "so "})));
  // "it approved automatically" reads "I want it …"; a verb reads "I want to …".
  bool object_first = false;
  for (const char* lead : {"it ", "the ", "a ", "an ", "my ", "our ", "them ", "this ", "that ", "all ", "every ", "each "})
    object_first = object_first || text::lower(motivation).starts_with(lead);
  // "digging through Xero …" (from "Whenever …, I end up digging through …")
  // is what they are stuck doing, not what they want: "I want to digging"
  // says neither. No statement then; the attribute quotes the evidence.
  std::string first_word = text::lower(motivation.substr(0, motivation.find(' ')));
  if (!object_first && first_word.size() > 4 && first_word.ends_with("ing")) return "";
  std::string want = infinitive || !object_first ? "I want to " : "I want ";
  std::string out;
  if (!situation.empty()) out = "When " + situation + ", " + want + motivation;
  else out = want + motivation;
  // An outcome with its own subject ("the supplier gets paid") reads "so that …".
  bool own_subject = false;
  for (const char* lead : {"the ", "a ", "an ", "my ", "our ", "their ", "his ", "her ", "its ", "it ", "they ", "we ",
                           "he ", "she ", "you ", "i ", "everyone ", "nobody ", "every ", "each ", "all ", "this ",
                           "that ", "these ", "those "})
    own_subject = own_subject || text::lower(outcome).starts_with(lead);
  if (!outcome.empty()) out += (own_subject ? ", so that " : ", so I can ") + outcome;
  return out + ".";
}

}  // namespace grounded::synth
