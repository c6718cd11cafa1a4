// The cue words of the PII detectors, read once from the embedded data file
// src/ingest/data/pii_cues.json (its "_comment" says what each list does),
// so people can tune them without touching code. A list missing from the
// file is a build mistake: Error(internal) naming it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::ingest {

// The list as written in the file.
const std::vector<std::string>& pii_cue_list(std::string_view name);
// The list's entries (ICU regex fragments) as one group "(?:a|b|c)".
std::string pii_cue_alternation(std::string_view name);
// True when the word window (see word_window in pii_numbers.cpp: lower
// case, every byte that is not an ASCII letter a space, padded by spaces)
// holds one of the list's entries as whole words.
bool window_has_cue(const std::string& window, std::string_view name);
// False only when no entry of the list can match the text: each entry's
// longest run of plain ASCII letters outside groups and classes (its
// "stem": "sociale" for "num[ée]ro\s+de\s+s[ée]curit[ée]\s+sociale") is
// absent from `lower` (the text, ASCII lower case). A cheap check that
// spares the regex on most text; entries without a stem always pass.
bool may_hold_cue(std::string_view lower, std::string_view name);
// The first letters of each entry, ASCII lower case ("lives?\s+at" →
// "live", "geb\." → "geb"), for Pattern::each_at: a match of a pattern
// led by the list starts with one of them. An entry that starts outside
// ASCII ("ärende", "注文番号") gives its first character as it is written.
// Empty when some entry starts with no letter (a class, a group): then the
// pattern has to be tried everywhere.
const std::vector<std::string>& pii_cue_heads(std::string_view name);
// The heads of several lists together (empty when any list has none).
std::vector<std::string> pii_cue_heads_of(std::initializer_list<std::string_view> names);
// The same normalisation of any text, so a cue is compared as the window
// shows it ("atención al cliente" → " atenci  n al cliente ").
std::string word_window_of(std::string_view text);

}  // namespace grounded::ingest
