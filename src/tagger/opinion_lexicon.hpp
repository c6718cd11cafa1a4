// Opinion words (src/tagger/data/opinion_words.json): whether a word judges
// something badly ("grainy", "flimsy") or well ("sturdy"), by stem. The
// tagger turns them into two features per sentence (signals.hpp), so a
// complaint about a product in words no training row used still reads as a
// negative judgement, which is what a consumer's pain point mostly is.
#pragma once

#include <string>

namespace grounded::tagger {

enum class Polarity { neutral, negative, positive };

// The polarity of a stemmed word (Word::stem); neutral when unknown. The
// embedded list is parsed once, on first use. Thread-safe.
Polarity polarity_of(const std::string& stem);

}  // namespace grounded::tagger
