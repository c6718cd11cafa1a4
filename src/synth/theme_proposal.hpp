// Theme proposal: tags of one category grouped by what their evidence says.
// Pure: no database (themes.hpp loads the tags and stores the result).
//
// Each tag's evidence is the sentence(s) its span rests on (phrases.hpp:
// questions and filler never count). Its grouping keys, from most to least
// specific:
//   l:  the theme label a person gave the tag
//   o:  in a category of people (GroupingOptions::role_categories), each
//       role its evidence names ("our IT guy", "head of IT" → o:IT; the
//       role words are data: src/synth/data/role_heads.txt), named by the role
//   p:  a noun phrase's head with the modifier before it ("vendor bill")
//   q:  the same with the head as a WordNet synonym set ("vendor invoice")
//   h:  the head noun alone, and s: its synonym sets (not for vague nouns
//       such as "time" or "problem", nor heads found in most of the category;
//       in statement categories only with a second shared word, see
//       GroupingOptions::statement_categories)
//   r:  the objection's root cause
//   v:  last, a verb and a noun of the same stem ("so I can close by day
//       six", "a 4-day close"; "migrated", "migration"): a verb only joins
//       a noun some member still says, never makes a theme alone
// Job situation and outcome sub-fields add their noun phrases too. Keys are
// taken greedily, most specific tier first and the most shared key first in
// a tier, so every theme is built on a key all its members share: members
// sharing no key phrase or synonym never end up together. A modifier never
// groups on its own ("prediction" in "branch prediction bug" and in "demand
// prediction errors" is not the thing either speaks about). Tags left alone
// become one-tag themes; tags whose evidence holds no noun phrase are left
// unthemed.
//
// One exception folds themes: when a word is said alone as a noun
// ("duplicates") and WordNet also lists it as an adjective, the themes built
// on phrases it describes ("duplicate bills", "duplicate payments") fold
// into the lone word's theme, named by the phrase most members say in more
// than one word; every member then says that word. A lone word most members
// say as the object of an -ing verb is named with it ("Chasing managers"). A noun-only modifier
// ("branch prediction bug") never folds: the compound names another thing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "synth/phrases.hpp"

namespace grounded::synth {

// One tag as the proposal reads it.
struct TagEvidence {
  Id tag_id = 0;
  std::string category;
  std::string excerpt_text;
  std::optional<std::int64_t> span_start, span_end;  // byte span in the excerpt text
  nlohmann::json subfields = nlohmann::json::object();
  std::string label;  // the tag's theme label, if a person gave one
  // A suggestion below the confidence cut: it may back a theme that
  // confident tags built (joining on a key its own words say: a label, a
  // role, a phrase or a head noun, never a synonym, root cause or verb), but
  // it never starts, names or words one.
  bool supporting = false;
};

struct ThemeGroup {
  std::string category;
  std::string key;                   // the grouping key every member shares ("p:vendor bill")
  std::string name;                  // a noun phrase ("Duplicate vendor bills")
  std::string claim;                 // one plain sentence from the evidence, in the speaker's words:
                                     // leading filler dropped, the clause holding the key phrase kept
  std::vector<std::size_t> members;  // indexes into the input, ascending
  std::vector<std::string> folded_keys;  // keys of themes folded into this one ("p:duplic bill" into "h:duplic")
  // Tags grouped elsewhere whose evidence also says this theme's key phrase
  // (GroupingOptions::share), ascending; they back it too but never name it.
  std::vector<std::size_t> shared_members;
  // Supporting tags (TagEvidence::supporting) that say the theme's key, ascending.
  std::vector<std::size_t> supporting_members;
};

struct GroupingResult {
  std::vector<ThemeGroup> groups;       // by category, then largest first
  std::vector<std::size_t> unthemed;    // evidence left without any noun phrase
  std::vector<std::size_t> no_evidence; // only questions or filler: never evidence
  std::vector<std::size_t> supporting_left;  // supporting tags that joined no theme: not evidence
};

struct GroupingOptions {
  double broad_share = 0.15;       // a head in more than this share of a category's tags is too broad to group by alone…
  std::size_t broad_minimum = 10;  // …once the category has at least this many tags
  // A head in more than this share of all tags is the repository's topic
  // ("invoice" in an AP study, "data" in ML interviews), not a finding: it
  // groups only inside a longer phrase ("duplicate invoices").
  double topic_share = 0.05;
  std::size_t topic_minimum = 40;  // …once there are at least this many tags
  bool singletons = true;          // tags sharing no key with another become one-tag themes
  // Themes on "duplicate bills", "duplicate problem" fold into the theme on
  // the lone word "duplicates" when that word also describes (an adjective
  // in WordNet); see fold_describing_phrases in theme_proposal.cpp.
  bool fold_describing = true;
  // Last, tags left apart meet on a verb and a noun of the same stem ("so I
  // can close by day six", "a 4-day close"), when a member says the noun.
  bool relate_verbs = true;
  // One tag's evidence may say several things: it also backs each other
  // theme of its category whose phrase or head noun it says in another
  // phrase than its own theme's (never a synonym, a verb or a shared common
  // word; see KeyCover::share in theme_proposal.cpp). In a category whose
  // findings are things named (not statement_categories), the tag's turn
  // outside its span shares too, on a phrase or role it says ("Mark signed.
  // Our IT guy reviewed it." backs the IT theme and a CFO one).
  bool share = true;
  // In these categories a finding is who weighs in: tags naming one role
  // ("our IT guy", "the head of IT", "our IT team") group as that role
  // (role_words.hpp) before anything else their sentences say.
  std::vector<std::string> role_categories = {"influencer"};
  // In these categories a finding is a statement, and a lone noun is mostly
  // who or what it is about ("vendors", "practice"), not what is said: a
  // theme built on a head alone holds only the members that also share a
  // second noun or verb ("vendors … email", "vendors … paid"); the others
  // stay apart. A head that also describes ("duplicates", "late") and the
  // categories whose finding is the thing named (tool, influencer, source,
  // criterion) group on the head alone.
  std::vector<std::string> statement_categories = {"pain_point", "job", "goal", "objection", "trigger"};
};

// Groups `evidence` per category. Deterministic for the same input order.
GroupingResult group_evidence(const std::vector<TagEvidence>& evidence, PhraseFinder& finder,
                              const GroupingOptions& options = {});

}  // namespace grounded::synth
