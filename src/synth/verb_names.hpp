// Theme names never rest on a lone verb ("Fix", "Close", "Call", "Pull"):
// a reader cannot tell what was fixed or closed. These helpers say when a
// one-word name is a verb more than a thing, and spell the gerund that names
// an action with its object ("Chasing approvals", "Fixing the sync").
#pragma once

#include <string>
#include <string_view>

#include "synth/lexicon.hpp"

namespace grounded::synth {

// True when the lower-case `word` names an action more than a thing: a
// verb form WordNet knows (in any inflection) that is no noun, or whose
// verb has two or more frequency-ranked senses and more than its noun
// ("fix" 9 to 1, "close" 6 to 1, "pays" 9 to 1; "price" 1 to 5, "trust" 5
// to 5 and "duplicate" 1 to 0 are things). A plural of a word that also describes ("duplicates") is a
// thing. Words WordNet does not know, and words kept in capitals (names,
// acronyms), are never verbs here.
bool names_an_action(std::string_view word, const Lexicon& lexicon);

// The -ing form of a verb's base form: "chase" → "chasing", "fix" →
// "fixing", "stop" → "stopping", "tie" → "tying", "see" → "seeing".
std::string gerund_of(std::string_view base);

}  // namespace grounded::synth
