// Which sentences may be evidence (internal to synth): never questions,
// filler, pleasantries, meta-talk ("let me see", "does that answer your
// question") or views the speaker reports in order to reject ("it's not
// that the sync is slow, it's fast"). The phrases are data:
// src/synth/data/not_evidence.json.
#pragma once

#include <string_view>

namespace grounded::synth {

// True when `sentence` (one sentence, trimmed) can back a claim or be quoted.
bool is_evidence_sentence(std::string_view sentence);

// True when `sentence` announces what the next sentences say ("I care about
// three things", "Two things, and the first one is the one that broke my
// trust"): it is no evidence itself, and a tag resting on it rests on the
// sentence after it.
bool announces(std::string_view sentence);

}  // namespace grounded::synth
