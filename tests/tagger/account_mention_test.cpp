// A text addressed to an @account (a tweet to a customer-service handle) is
// read with the t:mention feature, so a complaint told as a story with no
// problem word still reads as one; an e-mail address is no mention.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tagger/cue_rules.hpp"
#include "tagger/signals.hpp"
#include "tagger/tagger.hpp"

using namespace grounded::tagger;

namespace {

bool has_mention(std::string_view text) {
  const auto features = read_signals(text, *CueRules::builtin()).word_features;
  return std::find(features.begin(), features.end(), "t:mention") != features.end();
}

bool suggests(std::string_view text, const std::string& category) {
  auto tags = Tagger::builtin().suggest(text);
  return std::any_of(tags.begin(), tags.end(), [&](const CategoryScore& s) { return s.category == category; });
}

}  // namespace

TEST_CASE("a handle opening a word is a mention, an e-mail address is not") {
  CHECK(has_mention("@CinéPass booked two seats together and the app split us across two rows 🙄"));
  CHECK(has_mention("ugh (@AguaMadrid_Help) the water’s brown again"));
  CHECK(has_mention("はい @TrenExpress 東京行きがまた遅れています"));
  CHECK_FALSE(has_mention("write to josé@example.com about the invoice"));
  CHECK_FALSE(has_mention("the @ sign is missing from the keyboard layout"));
  CHECK_FALSE(has_mention("booked two seats together and the app split us across two rows"));
}

TEST_CASE("a complaint tweet told as a story is a pain point; thanks and questions to the account are not") {
  CHECK(suggests("@CinéPass booked two seats together, the app split us across two rows 🙄", "pain_point"));
  CHECK(suggests("@ParcelGo paid for next-day delivery, it’s day four and the tracker still says ‘label created’",
                 "pain_point"));
  CHECK_FALSE(suggests("@BakeHouseUK thank you for the birthday cake, the kids loved it!", "pain_point"));
}
