// Themes: the grouping by meaning (pure), names and claims, and the store's
// actions and re-proposal on real SQLite.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "synth/evidence_sentences.hpp"
#include "synth/fixture.hpp"
#include "synth/phrases.hpp"
#include "synth/role_words.hpp"
#include "synth/theme_proposal.hpp"
#include "synth/themes.hpp"
#include "synth/verb_names.hpp"
#include "text/strings.hpp"
#include "text/utf8.hpp"

using namespace grounded;
using namespace grounded::synth;
using grounded::synth::testing::Study;

namespace {

TagEvidence said(Id id, const std::string& text, const std::string& category = "pain_point") {
  TagEvidence e;
  e.tag_id = id;
  e.category = category;
  e.excerpt_text = text;
  return e;
}

// The group holding input index `i`, or nullptr.
const ThemeGroup* group_of(const GroupingResult& r, std::size_t i) {
  for (const ThemeGroup& g : r.groups)
    if (std::find(g.members.begin(), g.members.end(), i) != g.members.end()) return &g;
  return nullptr;
}

bool together(const GroupingResult& r, std::size_t a, std::size_t b) {
  const ThemeGroup* g = group_of(r, a);
  return g && g == group_of(r, b);
}

PhraseFinder& finder() {
  static PhraseFinder f;
  return f;
}

}  // namespace

TEST_CASE("the lexicon is WordNet from wordnet-base") {
  const Lexicon& lexicon = Lexicon::system();
  REQUIRE_MESSAGE(lexicon.available(), lexicon.status());
  CHECK(lexicon.noun_lemma("bills") == "bill");
  CHECK(lexicon.noun_lemma("data") == "data");
  CHECK(lexicon.noun_lemma("mice") == "mouse");
  CHECK(lexicon.verb_only("predict"));
  CHECK(lexicon.verb_only("predicted"));
  CHECK_FALSE(lexicon.verb_only("prediction"));
  auto bill = lexicon.noun_synonym_sets("bill"), invoice = lexicon.noun_synonym_sets("invoice");
  CHECK(std::find_first_of(bill.begin(), bill.end(), invoice.begin(), invoice.end()) != bill.end());
  auto bug = lexicon.noun_synonym_sets("bug"), error = lexicon.noun_synonym_sets("error");
  CHECK(std::find_first_of(bug.begin(), bug.end(), error.begin(), error.end()) == bug.end());
  Lexicon missing = Lexicon::load("/nonexistent/wordnet");
  CHECK_FALSE(missing.available());
  CHECK(missing.status().find("wordnet-base") != std::string::npos);
}

TEST_CASE("noun phrases end in a noun and never take in a verb, pronoun or filler") {
  auto phrases = finder().find("Let me see, we want to predict churn from the duplicate vendor bills.");
  std::vector<std::string> texts;
  for (const auto& p : phrases) texts.push_back(p.text);
  CHECK(std::find(texts.begin(), texts.end(), "duplicate vendor bills") != texts.end());
  for (const auto& t : texts) {
    CHECK(t.find("Let") == std::string::npos);
    CHECK(t.find("want") == std::string::npos);
    CHECK(t.find("predict ") == std::string::npos);
    CHECK(t != "we");
  }
  CHECK(reads_as_noun_phrase("Duplicate vendor bills", finder()));
  CHECK(reads_as_noun_phrase("Silent upstream data changes", finder()));
  for (const char* bad : {"Let", "Like", "Yeah", "We", "It", "Predict", "Time", "want prediction"})
    CHECK_MESSAGE(!reads_as_noun_phrase(bad, finder()), bad);
}

TEST_CASE("questions, filler and meta-talk never become evidence") {
  CHECK(is_filler_or_question("Let me see, let me see."));
  CHECK(is_filler_or_question("Does that answer your question?"));
  CHECK(is_filler_or_question("Yeah, yeah, I mean, you know."));
  CHECK(is_filler_or_question("What tools do you use for labelling?"));
  CHECK_FALSE(is_filler_or_question("Labelling the training data takes us weeks."));
  // A tag's evidence is the sentence its span rests on, not the whole turn.
  std::string turn = "Let me see. The vendor portal double-posts our bills every month. Does that make sense?";
  auto start = static_cast<std::int64_t>(turn.find("vendor"));
  auto sentences = evidence_sentences(turn, start, start + 6);
  REQUIRE(sentences.size() == 1);
  CHECK(sentences[0].text == "The vendor portal double-posts our bills every month.");
  // Without a span: every sentence but the filler and the question.
  auto all = evidence_sentences(turn, std::nullopt, std::nullopt);
  REQUIRE(all.size() == 1);
  CHECK(all[0].text == sentences[0].text);
}

TEST_CASE("announcements and views reported to be rejected never become a theme's evidence") {
  // Curly apostrophes and an announcement whose content follows.
  std::string turn = "For a tool like this, I care about three things. It’s not that the sync is slow. "
                     "Single sign-on with SCIM comes first for us.";
  auto sentences = evidence_sentences(turn, std::nullopt, std::nullopt);
  REQUIRE(sentences.size() == 1);
  CHECK(sentences[0].text == "Single sign-on with SCIM comes first for us.");
  // "things" inside a sentence that says something is evidence.
  auto kept = evidence_sentences("Those three things broke our close twice last quarter.", std::nullopt, std::nullopt);
  CHECK(kept.size() == 1);
  // A span that rests only on the announcement leaves no evidence: the tag is never grouped on it.
  auto start = static_cast<std::int64_t>(turn.find("care"));
  CHECK(evidence_sentences(turn, start, start + 4).empty());
}

TEST_CASE("a lone-word theme name takes the complement its members say it with") {
  std::vector<TagEvidence> in = {
      said(1, "The price per invoice is too high for a firm our size.", "objection"),
      said(2, "Honestly the price per invoice made us walk away.", "objection"),
      said(3, "Price was the last thing we argued about.", "objection"),
  };
  GroupingResult r = group_evidence(in, finder());
  REQUIRE(together(r, 0, 1));
  CHECK(group_of(r, 0)->name == "Price per invoice");
  // A product name keeps its own name.
  std::vector<TagEvidence> tools = {
      said(1, "We moved to Ledgerline for the approvals.", "tool"),
      said(2, "Ledgerline of course syncs with NetSuite.", "tool"),
  };
  GroupingResult t = group_evidence(tools, finder());
  for (const ThemeGroup& g : t.groups) CHECK(g.name.find(" of ") == std::string::npos);
}

TEST_CASE("a compiler bug and forecasting errors that share the word prediction are different themes") {
  std::vector<TagEvidence> in = {
      said(1, "The compiler has a branch prediction bug that crashes our nightly builds."),
      said(2, "We hit another branch prediction bug in the compiler last week and lost the release."),
      said(3, "Our demand prediction errors cost us a fortune in unsold stock."),
      said(4, "Every quarter the sales prediction errors get bigger and nobody trusts the numbers."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK(together(r, 2, 3));
  CHECK_FALSE(together(r, 0, 2));
  CHECK_FALSE(together(r, 1, 3));
  // Neither theme is named after the shared modifier alone.
  for (const ThemeGroup& g : r.groups) CHECK_MESSAGE(g.name != "Prediction", g.name);
}

TEST_CASE("one finding said as 'duplicates', 'duplicate bills' and 'duplicate payments' is one theme") {
  // Each is the greedy cover's own theme (their phrases share no key), but
  // "duplicate" also describes (an adjective in WordNet): the bills and
  // payments are the duplicates the others speak of, so the voices meet.
  std::vector<TagEvidence> in = {
      said(1, "We found two duplicates in the March payment run."),
      said(2, "Another duplicate slipped through before the audit."),
      said(3, "Duplicate bills from the same carrier got paid twice."),
      said(4, "We approved duplicate bills from one supplier in May."),
      said(5, "Duplicate payments went out to our biggest landlord."),
      said(6, "The warehouse scanners lose their charge before lunch."),
      said(7, "The warehouse scanners need a new charger every month."),
  };
  GroupingResult r = group_evidence(in, finder());
  for (std::size_t i = 1; i < 5; ++i) CHECK_MESSAGE(together(r, 0, i), i);
  CHECK_FALSE(together(r, 0, 5));
  CHECK(together(r, 5, 6));
  const ThemeGroup* g = group_of(r, 0);
  REQUIRE(g);
  CHECK(g->key == "h:duplic");
  CHECK(g->folded_keys.size() >= 2);
  // Named by the phrase most members say in more than one word.
  CHECK(g->name == "Duplicate bills");
  CHECK_FALSE(g->claim.empty());

  // A noun-only modifier makes a compound: a branch prediction bug is no
  // prediction, so it never folds into the lone word's theme.
  std::vector<TagEvidence> compound = {
      said(1, "Our predictions were wrong again this quarter."),
      said(2, "The predictions from the new model were wrong too."),
      said(3, "The compiler has a branch prediction bug that crashes our nightly builds."),
      said(4, "We hit another branch prediction bug in the compiler last week."),
  };
  GroupingResult c = group_evidence(compound, finder());
  CHECK(together(c, 0, 1));
  CHECK(together(c, 2, 3));
  CHECK_FALSE(together(c, 0, 2));

  GroupingOptions unfolded;
  unfolded.fold_describing = false;
  GroupingResult u = group_evidence(in, finder(), unfolded);
  CHECK_FALSE(together(u, 0, 2));
}

TEST_CASE("a verb that shares its stem with a noun joins that noun's theme") {
  std::vector<TagEvidence> in = {
      said(1, "We found two duplicates in the March payment run."),
      said(2, "Another duplicate slipped through before the audit."),
      said(3, "The new sync started duplicating bills overnight."),
      said(4, "We migrated to NetSuite in the spring."),
      said(5, "Doing two migrations at once is too much for a small team."),
      said(6, "The last migration took the whole summer."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK(together(r, 0, 2));
  CHECK(together(r, 4, 5));
  CHECK(together(r, 3, 4));
  CHECK_FALSE(together(r, 0, 3));
  // The theme is named and claimed from the members that say the noun.
  for (const ThemeGroup& g : r.groups) {
    CHECK_MESSAGE(reads_as_noun_phrase(g.name, finder()), g.name);
    CHECK_MESSAGE(g.name.find("Duplicating") == std::string::npos, g.name);
  }
}

TEST_CASE("a verb alone never makes a theme") {
  // Both approve something, and nobody speaks of an approval: nothing they
  // say as a noun is shared, so they stay apart.
  std::vector<TagEvidence> in = {
      said(1, "Dana approved the new budget on Friday."),
      said(2, "Tom approved three leases this morning."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK_FALSE(together(r, 0, 1));
  for (const ThemeGroup& g : r.groups) CHECK_MESSAGE(g.key != "h:approv", g.name);
}

TEST_CASE("an -ing verb after a noun that takes an object is no part of the phrase") {
  auto texts = [](const std::string& sentence) {
    std::vector<std::string> out;
    for (const NounPhrase& p : finder().find(sentence)) out.push_back(p.text);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& t) { return std::find(v.begin(), v.end(), t) != v.end(); };
  auto a = texts("I spend an hour finding the one bill that did not post.");
  CHECK_FALSE(has(a, "hour finding"));
  CHECK(has(a, "hour"));
  auto b = texts("Vendors call and email asking when they will be paid.");
  for (const std::string& t : b) CHECK_MESSAGE(t.find("asking") == std::string::npos, t);
  // A compound whose head is an -ing noun stays one phrase.
  CHECK(has(texts("Invoice processing is slow in March."), "Invoice processing"));
  CHECK(has(texts("Production scheduling, the packaging line and maintenance are mine."), "Production scheduling"));
  // Accents and curly quotes around it change nothing.
  auto c = texts("“Our café spends an hour finding the right reçu.”");
  CHECK_FALSE(has(c, "hour finding"));
}

TEST_CASE("a lone word said as the object of an -ing verb is named with it") {
  std::vector<TagEvidence> in = {
      said(1, "Chasing managers for approvals that sit in their inbox for days."),
      said(2, "I spend Mondays chasing managers who ignore the reminders."),
      said(3, "Honestly, chasing managers is half my job — every week."),
  };
  GroupingResult r = group_evidence(in, finder());
  REQUIRE(together(r, 0, 1));
  REQUIRE(together(r, 0, 2));
  CHECK(group_of(r, 0)->name == "Chasing managers");
  CHECK(reads_as_noun_phrase("Chasing managers", finder()));
}

TEST_CASE("a vague noun with a word describing it never groups or names a theme") {
  std::vector<TagEvidence> in = {
      said(1, "The main reason we left was the price per invoice."),
      said(2, "That wasn't the main reason, but the scanner app crashed daily."),
      said(3, "We need an answer the same day, not next week."),
      said(4, "Support replies the same day when you are in Europe."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK_FALSE(together(r, 0, 1));
  CHECK_FALSE(together(r, 2, 3));
  for (const ThemeGroup& g : r.groups) {
    CHECK_MESSAGE(g.name != "Main reason", g.name);
    CHECK_MESSAGE(g.name != "Same day", g.name);
  }
}

TEST_CASE("a number joined to a phrase by a hyphen stays in its name") {
  std::vector<TagEvidence> in = {
      said(1, "We're down to a 4-day close since the spring.", "goal"),
      said(2, "A 4-day close is what the CFO asked for.", "goal"),
  };
  GroupingResult r = group_evidence(in, finder());
  REQUIRE(together(r, 0, 1));
  CHECK(group_of(r, 0)->name == "4-day close");
}

TEST_CASE("a verb after an object pronoun, a gerund after a preposition or a verb after a name is no noun") {
  auto texts = [](const char* sentence) {
    std::vector<std::string> out;
    for (const auto& p : finder().find(sentence)) out.push_back(text::lower(p.text));
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& t) { return std::find(v.begin(), v.end(), t) != v.end(); };
  auto set = texts("Just let me set a default warehouse for each supplier.");
  CHECK_FALSE(has(set, "set"));
  CHECK(has(set, "default warehouse"));
  auto building = texts("I want to pay the freight bills without building a spreadsheet every week.");
  CHECK_FALSE(has(building, "building"));
  CHECK(has(building, "spreadsheet"));
  CHECK(has(texts("The office building has no loading dock."), "office building"));
  auto read = texts("Paybridge read the credit note as a new charge.");
  CHECK_FALSE(has(read, "paybridge read"));
  CHECK(has(read, "credit note"));
  // A name after a common noun and before a verb starts a clause ("a webinar Paybridge ran").
  auto webinar = texts("I watched a webinar Paybridge did with an accounting firm.");
  CHECK_FALSE(has(webinar, "webinar paybridge"));
  CHECK(has(webinar, "webinar"));
  CHECK(has(texts("We moved the Xero connector to a nightly run."), "xero connector"));
  auto project = texts("The Paybridge project is eating my whole quarter.");
  CHECK_MESSAGE(has(project, "paybridge project"), std::string(project.size() ? project[0] : std::string()));
}

TEST_CASE("in a statement category a lone noun groups only members that say a second thing together") {
  // Both pairs speak of carriers, but only the first pair says the same thing.
  std::vector<TagEvidence> in = {
      said(1, "Our carriers keep phoning to ask about their remittance."),
      said(2, "Half my morning goes to carriers phoning about a remittance."),
      said(3, "One carrier sent its rate sheet as a photo of a whiteboard."),
      said(4, "A carrier changed its bank details and we found out after the payment bounced."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK_FALSE(together(r, 0, 2));
  CHECK_FALSE(together(r, 0, 3));
  CHECK_FALSE(together(r, 2, 3));
  // For a tool or an influencer the thing named is the finding: the lone noun groups.
  std::vector<TagEvidence> people = {
      said(1, "Our treasurer has the final say on anything above ten thousand.", "influencer"),
      said(2, "In the end the treasurer decided.", "influencer"),
  };
  CHECK(together(group_evidence(people, finder()), 0, 1));
  // A lone tag that starts a theme on a bare noun never gathers the later
  // tags that merely say that noun (the repository's topic, here "invoice").
  std::vector<TagEvidence> topic = {
      said(1, "Every invoice is late."),
      said(2, "The invoice portal times out every Monday."),
      said(3, "An invoice from our Lisbon office arrived in the wrong currency."),
      said(4, "The scanner rotates each invoice upside down."),
  };
  GroupingOptions small;
  small.topic_minimum = 2;
  small.topic_share = 0.3;
  for (const GroupingOptions& o : {small, GroupingOptions{}}) {
    GroupingResult t = group_evidence(topic, finder(), o);
    for (const ThemeGroup& g : t.groups) CHECK_MESSAGE(g.members.size() == 1, g.name);
  }
  // The rule can be switched off per category.
  GroupingOptions loose;
  loose.statement_categories.clear();
  GroupingResult l = group_evidence(in, finder(), loose);
  CHECK(together(l, 0, 2));
}

TEST_CASE("members that share no key phrase or synonym are split") {
  std::vector<TagEvidence> in = {
      said(1, "The login page keeps timing out on the hotel wifi."),
      said(2, "Our invoices arrive in the wrong currency from the Swiss office."),
      said(3, "Exports to Excel drop the leading zeros of account numbers."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK_FALSE(together(r, 0, 1));
  CHECK_FALSE(together(r, 0, 2));
  CHECK_FALSE(together(r, 1, 2));
  // Every theme is built on a key all its members share.
  for (const ThemeGroup& g : r.groups) CHECK(g.members.size() == 1);
}

TEST_CASE("a head the whole repository talks about groups nothing on its own") {
  // Every tag mentions invoices, each about something else: "invoice" is the
  // study's topic, not a finding, so no theme is built on it alone.
  const char* subjects[] = {"scanner", "warehouse", "courier", "printer", "auditor", "tablet", "canteen", "garage"};
  const char* qualities[] = {"yellow", "wooden", "frozen", "noisy", "foreign", "tiny"};
  std::vector<TagEvidence> in;
  for (int i = 0; i < 48; ++i)
    in.push_back(said(i + 1, std::string("The ") + qualities[i % 6] + " " + subjects[i % 8] + " invoice " +
                                 (i % 2 ? "arrived." : "vanished.")));
  // Two that say the same thing still meet on their phrase.
  in.push_back(said(100, "Duplicate invoices slip through every month."));
  in.push_back(said(101, "We keep paying duplicate invoices twice."));
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 48, 49));
  for (const ThemeGroup& g : r.groups) {
    if (g.members.size() < 2) continue;
    CHECK_MESSAGE(g.key.rfind("h:", 0) != 0, g.key);
    CHECK_MESSAGE(g.name != "Invoice", g.name);
    CHECK_MESSAGE(g.name != "Invoices", g.name);
  }
}

TEST_CASE("synonyms from WordNet group evidence worded differently") {
  std::vector<TagEvidence> in = {
      said(1, "We keep paying duplicate vendor bills because nobody sees them twice."),
      said(2, "Duplicate vendor invoices slip through every month."),
      said(3, "The warehouse scanners lose their charge before lunch."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK_FALSE(together(r, 0, 2));
  const ThemeGroup* g = group_of(r, 0);
  REQUIRE(g);
  CHECK(g->name.find("Duplicate vendor") == 0);
  CHECK(reads_as_noun_phrase(g->name, finder()));
  CHECK_FALSE(g->claim.empty());
  CHECK(g->claim.back() == '.');
}

TEST_CASE("names are noun phrases and claims plain sentences, never a filler, verb or pronoun") {
  std::vector<TagEvidence> in = {
      said(1, "Let me see, let me see. Most of our training data is unlabelled, so we cannot train anything."),
      said(2, "Yeah, so the unlabelled training data is the real blocker for us."),
      said(3, "We want to predict a binary target but the unlabelled training data makes it impossible."),
      said(4, "Let me see, let me see."),
      said(5, "Does that answer your question?"),
      said(6, "Like, yeah, the upstream team changes the data schema silently."),
      said(7, "Silent upstream schema changes break our pipelines twice a month."),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK(together(r, 1, 2));
  CHECK(std::find(r.no_evidence.begin(), r.no_evidence.end(), 3u) != r.no_evidence.end());
  CHECK(std::find(r.no_evidence.begin(), r.no_evidence.end(), 4u) != r.no_evidence.end());
  const ThemeGroup* data = group_of(r, 0);
  REQUIRE(data);
  CHECK(data->name == "Unlabelled training data");
  CHECK(data->claim.find("Yeah") != 0);
  CHECK(data->claim.find("Let me see") == std::string::npos);
  // Trailing filler goes too.
  std::vector<TagEvidence> tail = {said(1, "The approval emails pile up in the managers' inboxes, so, you know."),
                                   said(2, "Approval emails get ignored by half the managers.")};
  GroupingResult t = group_evidence(tail, finder());
  REQUIRE(!t.groups.empty());
  CHECK(t.groups[0].claim.find("you know") == std::string::npos);
  CHECK(t.groups[0].claim.back() == '.');
  for (const ThemeGroup& g : r.groups) {
    CHECK_MESSAGE(reads_as_noun_phrase(g.name, finder()), g.name);
    std::string lower = g.name;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (const char* bad : {"let", "like", "yeah", "we", "it", "want"}) CHECK_MESSAGE(lower != bad, g.name);
    CHECK(g.claim.find('?') == std::string::npos);
  }
}

TEST_CASE("UTF-8 evidence: accents, CJK and curly quotes stay whole") {
  std::vector<TagEvidence> in = {
      said(1, "“Duplicate vendor bills” — that’s what costs us most, every month."),
      said(2, "We found duplicate vendor bills from the café supplier again."),
      said(3, "Les factures fournisseurs en double nous coûtent très cher."),
      said(4, "Les factures fournisseurs arrivent toujours en retard."),
      said(5, "数据标注 太贵了。"),
      said(6, "我们的 数据标注 总是延迟。"),
  };
  GroupingResult r = group_evidence(in, finder());
  CHECK(together(r, 0, 1));
  CHECK(together(r, 2, 3));
  CHECK_FALSE(together(r, 0, 2));
  for (const ThemeGroup& g : r.groups) {
    CHECK(text::is_valid_utf8(g.name));
    CHECK(text::is_valid_utf8(g.claim));
    CHECK(g.name.find("“") == std::string::npos);
  }
  const ThemeGroup* bills = group_of(r, 0);
  REQUIRE(bills);
  CHECK(bills->name == "Duplicate vendor bills");
}

// --- the store ---------------------------------------------------------------

namespace {

std::map<std::string, Theme> by_name(Study& s, const std::string& category) {
  std::map<std::string, Theme> out;
  ThemeFilter f;
  f.category = category;
  for (Theme& t : list_themes(s.db, f)) out.emplace(t.name, std::move(t));
  return out;
}

std::set<Id> member_tags(Study& s, Id theme) {
  std::set<Id> out;
  for (const ThemeMember& m : get_theme(s.db, theme).members) out.insert(m.tag_id);
  return out;
}

Id last_tag(Study& s) {
  auto st = s.db.prepare("SELECT max(id) FROM tags");
  st.step();
  return st.int64(0);
}

std::int64_t audits(Study& s, const std::string& action) {
  auto st = s.db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'themes' AND action = ?1");
  st.bind(1, action);
  st.step();
  return st.int64(0);
}

}  // namespace

TEST_CASE("propose stores themes with counts, and proposing again changes nothing") {
  Study s;
  ProposeOptions o;
  o.who = "tester";
  ProposeReport first = propose_themes(s.db, o);
  CHECK(first.themes_created > 0);
  CHECK(first.lexicon.find("WordNet") == 0);
  auto pains = by_name(s, "pain_point");
  REQUIRE(pains.count("Manual re-keying"));
  const Theme& rekeying = pains["Manual re-keying"];
  CHECK(rekeying.excerpts == 3);
  CHECK(rekeying.participants == 3);
  CHECK(rekeying.status == ThemeStatus::proposed);
  Theme shown = get_theme(s.db, rekeying.id);
  REQUIRE(shown.members.size() == 3);
  for (const ThemeMember& m : shown.members) CHECK(m.origin == "proposed");
  CHECK_FALSE(shown.claim.empty());

  ProposeReport again = propose_themes(s.db, o);
  CHECK(again.themes_created == 0);
  CHECK(again.themes_removed == 0);
  CHECK(by_name(s, "pain_point")["Manual re-keying"].id == rekeying.id);
  CHECK(audits(s, "themes.propose") == 2);
}

TEST_CASE("re-proposing keeps renames, claims, confirmed and dismissed themes, moves and merges") {
  Study s;
  ProposeOptions o;
  propose_themes(s.db, o);
  auto pains = by_name(s, "pain_point");
  REQUIRE(pains.count("Manual re-keying"));
  REQUIRE(pains.count("Approval delays"));
  Id rekeying = pains["Manual re-keying"].id, approvals = pains["Approval delays"].id;

  rename_theme(s.db, rekeying, "Re-keying invoices by hand", "ana");
  set_theme_claim(s.db, rekeying, "We type every invoice into NetSuite twice.", "ana");
  // Move one approval tag into the re-keying theme by hand.
  Id moved = *member_tags(s, approvals).begin();
  move_tag(s.db, moved, rekeying, "ana");
  confirm_theme(s.db, rekeying, "ana");

  // New evidence arrives and the repository is re-proposed.
  Id e = s.say(s.p2, SourceKind::interview, "Interview P2z", "2026-10-09", "Approvals wait for days when the CFO travels.");
  s.tag(e, "pain_point", "approval delays");
  propose_themes(s.db, o);

  Theme kept = get_theme(s.db, rekeying);
  CHECK(kept.name == "Re-keying invoices by hand");
  CHECK(kept.claim == "We type every invoice into NetSuite twice.");
  CHECK(kept.status == ThemeStatus::confirmed);
  CHECK(member_tags(s, rekeying).count(moved));
  CHECK_FALSE(member_tags(s, approvals).count(moved));
  CHECK(member_tags(s, approvals).count(last_tag(s)));  // the new tag joined by its key

  // Dismissed stays dismissed, and its tags are not proposed elsewhere.
  dismiss_theme(s.db, approvals, "ana");
  propose_themes(s.db, o);
  CHECK(get_theme(s.db, approvals).status == ThemeStatus::dismissed);
  CHECK(by_name(s, "pain_point").count("Approval delays") == 1);

  // A merged theme is not proposed again: its keys belong to the survivor.
  auto criteria = by_name(s, "decision_criterion");
  REQUIRE(criteria.count("Netsuite integration"));
  REQUIRE(criteria.count("Price per invoice"));
  Id keep = criteria["Netsuite integration"].id, gone = criteria["Price per invoice"].id;
  Theme merged = merge_themes(s.db, keep, gone, "ana");
  CHECK(merged.members.size() == 4);
  CHECK_THROWS_AS(get_theme(s.db, gone), Error);
  propose_themes(s.db, o);
  CHECK(by_name(s, "decision_criterion").size() == 1);
  CHECK(member_tags(s, keep).size() == 4);
  for (const char* action : {"theme.rename", "theme.claim", "theme.move", "theme.confirm", "theme.dismiss", "theme.merge"})
    CHECK_MESSAGE(audits(s, action) >= 1, action);
}

TEST_CASE("a theme owns the keys folded into it: evidence said only the folded way finds it again") {
  Study s;
  // "duplicates" alone twice, and "duplicate bills" twice: one theme on the
  // lone word with the phrase's key folded in.
  s.tag(s.say(s.p1, SourceKind::interview, "Dup 1", "2026-10-01", "We found two duplicates in the March run."), "pain_point", "");
  s.tag(s.say(s.p4, SourceKind::interview, "Dup 1b", "2026-10-01", "Another duplicate slipped through before the audit."),
        "pain_point", "");
  s.tag(s.say(s.p2, SourceKind::interview, "Dup 2", "2026-10-02", "Duplicate bills from the same carrier got paid twice."),
        "pain_point", "");
  s.tag(s.say(s.p3, SourceKind::interview, "Dup 3", "2026-10-03", "We approved duplicate bills from one supplier in May."),
        "pain_point", "");
  propose_themes(s.db, {});
  auto keys_of = [&](Id theme) {
    std::set<std::string> out;
    auto st = s.db.prepare("SELECT key FROM theme_keys WHERE theme_id = ?1");
    st.bind(1, theme);
    while (st.step()) out.insert(st.text(0));
    return out;
  };
  Id dup = 0;
  for (const auto& [name, theme] : by_name(s, "pain_point"))
    if (keys_of(theme.id).count("h:duplic")) dup = theme.id;
  REQUIRE(dup != 0);
  CHECK(keys_of(dup).count("p:duplic bill"));
  CHECK(member_tags(s, dup).size() == 4);
  confirm_theme(s.db, dup, "ana");
  // A new voice says only "duplicate bills": it joins the confirmed theme
  // rather than starting a new one.
  s.tag(s.say(s.p1, SourceKind::interview, "Dup 4", "2026-10-04", "Duplicate bills came in again from the fuel supplier."),
        "pain_point", "");
  ProposeReport again = propose_themes(s.db, {});
  CHECK(again.added_to_reviewed >= 1);
  CHECK(member_tags(s, dup).count(last_tag(s)));
}

TEST_CASE("split and bad input") {
  Study s;
  propose_themes(s.db, {});
  auto criteria = by_name(s, "decision_criterion");
  REQUIRE(criteria.count("Netsuite integration"));
  Id id = criteria["Netsuite integration"].id;
  std::set<Id> tags = member_tags(s, id);
  REQUIRE(tags.size() == 3);
  Id off = *tags.begin();
  Theme split = split_theme(s.db, id, {off}, "Two-way sync", "ana");
  CHECK(split.name == "Two-way sync");
  CHECK(split.members.size() == 1);
  CHECK(split.members[0].origin == "manual");
  CHECK(member_tags(s, id).size() == 2);
  propose_themes(s.db, {});
  CHECK(member_tags(s, split.id) == std::set<Id>{off});  // a split is a person's placement

  std::set<Id> remaining = member_tags(s, id);
  CHECK_THROWS_WITH_AS(split_theme(s.db, id, std::vector<Id>(remaining.begin(), remaining.end()), "", "ana"),
                       doctest::Contains("empty"), Error);
  CHECK_THROWS_WITH_AS(split_theme(s.db, id, {off}, "", "ana"), doctest::Contains("not in theme"), Error);
  CHECK_THROWS_WITH_AS(rename_theme(s.db, id, "   ", "ana"), doctest::Contains("must not be empty"), Error);
  CHECK_THROWS_WITH_AS(rename_theme(s.db, id, std::string(200, 'x'), "ana"), doctest::Contains("at most 120"), Error);
  CHECK_THROWS_WITH_AS(merge_themes(s.db, id, id, "ana"), doctest::Contains("itself"), Error);
  auto pains = by_name(s, "pain_point");
  REQUIRE(!pains.empty());
  CHECK_THROWS_WITH_AS(merge_themes(s.db, id, pains.begin()->second.id, "ana"), doctest::Contains("one category"), Error);
  Id pain_tag = *member_tags(s, pains.begin()->second.id).begin();
  CHECK_THROWS_WITH_AS(move_tag(s.db, pain_tag, id, "ana"), doctest::Contains("pain_point tag"), Error);
  try {
    get_theme(s.db, 99999);
    FAIL("expected not_found");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::not_found);
  }
  ProposeOptions unknown_category;
  unknown_category.categories = {"no_such_category"};
  CHECK_THROWS_AS(propose_themes(s.db, unknown_category), Error);
}

TEST_CASE("themes_for_cohort counts only the cohort's evidence") {
  Study s;
  propose_themes(s.db, {});
  auto everyone = themes_for_cohort(s.db, "pain_point", Cohort::parse("{}"));
  REQUIRE(!everyone.empty());
  CHECK(everyone.front().theme.name == "Manual re-keying");
  CHECK(everyone.front().voices == 3);
  CHECK(everyone.front().participant_ids.size() == 3);
  CHECK(everyone.front().excerpt_ids.size() == 3);
  auto ap = themes_for_cohort(s.db, "pain_point", Cohort::parse(R"({"participants":{"roles":["AP Specialist"]}})"));
  REQUIRE(ap.size() == 1);
  CHECK(ap[0].theme.name == "Approval delays");
  CHECK(ap[0].participant_ids == std::vector<Id>{s.p4});
  // Only confirmed ones when asked.
  CHECK(themes_for_cohort(s.db, "pain_point", Cohort::parse("{}"), false).empty());
}

TEST_CASE("without WordNet the grouping still works, on shared phrases alone") {
  Lexicon none = Lexicon::load("/nonexistent/wordnet");
  PhraseFinder plain(none);
  std::vector<TagEvidence> in = {
      said(1, "We keep paying duplicate vendor bills every month."),
      said(2, "Duplicate vendor bills slip through our approvals."),
      said(3, "The scanner app loses receipt photos."),
  };
  GroupingResult r = group_evidence(in, plain);
  CHECK(together(r, 0, 1));
  CHECK_FALSE(together(r, 0, 2));
  const ThemeGroup* g = group_of(r, 0);
  REQUIRE(g);
  CHECK(g->name.find("endor") != std::string::npos);  // a pair of the words they share
}

// --- one piece of evidence backing several themes ----------------------------

TEST_CASE("evidence that says two things backs both themes, and only on words it says") {
  std::vector<TagEvidence> in = {
      said(1, "Duplicate bills got paid twice in March."),
      said(2, "We found duplicate bills again after the Xero sync."),
      said(3, "Late fees piled up because the bills sat on desks."),
      said(4, "The late fees cost us three thousand dollars last year."),
      said(5, "Duplicate bills and late fees both hit us this quarter."),
      said(6, "Our quarter ended with a strong month for the team."),  // shares only common words
  };
  GroupingResult r = group_evidence(in, finder());
  auto holding = [&](std::size_t i) {
    std::vector<const ThemeGroup*> out;
    for (const ThemeGroup& g : r.groups)
      if (std::count(g.members.begin(), g.members.end(), i) || std::count(g.shared_members.begin(), g.shared_members.end(), i))
        out.push_back(&g);
    return out;
  };
  REQUIRE(holding(4).size() == 2);
  std::set<std::string> names;
  for (const ThemeGroup* g : holding(4)) names.insert(g->name);
  CHECK(names == std::set<std::string>{"Duplicate bills", "Late fees"});
  CHECK(together(r, 0, 1));
  CHECK(together(r, 2, 3));
  // A member shared in never names the theme, and nothing joins on "quarter" or "month" alone.
  CHECK(holding(5).size() <= 1);
  for (const ThemeGroup* g : holding(5)) CHECK(g->members == std::vector<std::size_t>{5});

  GroupingOptions apart;
  apart.share = false;
  GroupingResult one = group_evidence(in, finder(), apart);
  std::size_t groups_of_5 = 0;
  for (const ThemeGroup& g : one.groups) {
    groups_of_5 += std::count(g.members.begin(), g.members.end(), std::size_t{4});
    CHECK(g.shared_members.empty());
  }
  CHECK(groups_of_5 == 1);
}

namespace {

// Two findings and a tag whose evidence says both: "duplicate bills" and "late fees".
struct SharedStudy {
  Study s;
  Id shared = 0;  // the tag saying both
  Id duplicates = 0, late = 0;
  SharedStudy() {
    s.tag(s.say(s.p1, SourceKind::interview, "Shared 1", "2026-10-01", "Duplicate bills got paid twice in March."), "pain_point", "");
    s.tag(s.say(s.p2, SourceKind::interview, "Shared 2", "2026-10-02", "We found duplicate bills again after the Xero sync."),
          "pain_point", "");
    s.tag(s.say(s.p3, SourceKind::interview, "Shared 3", "2026-10-03", "Late fees piled up because the bills sat on desks."),
          "pain_point", "");
    s.tag(s.say(s.p4, SourceKind::interview, "Shared 4", "2026-10-04", "The late fees cost us three thousand dollars last year."),
          "pain_point", "");
    s.tag(s.say(s.p1, SourceKind::interview, "Shared 5", "2026-10-05", "Duplicate bills and late fees both hit us this quarter."),
          "pain_point", "");
    shared = last_tag(s);
    propose_themes(s.db, {});
    auto pains = by_name(s, "pain_point");
    REQUIRE(pains.count("Duplicate bills"));
    REQUIRE(pains.count("Late fees"));
    duplicates = pains["Duplicate bills"].id;
    late = pains["Late fees"].id;
  }
  std::int64_t memberships(Id theme, Id tag) {
    auto st = s.db.prepare("SELECT count(*) FROM theme_members WHERE theme_id = ?1 AND tag_id = ?2");
    st.bind(1, theme).bind(2, tag);
    st.step();
    return st.int64(0);
  }
  Id other_pain_theme() {
    for (const auto& [name, theme] : by_name(s, "pain_point"))
      if (theme.id != duplicates && theme.id != late) return theme.id;
    FAIL("no third pain point theme");
    return 0;
  }
};

}  // namespace

TEST_CASE("a shared member is listed under each theme it backs, with its counts") {
  SharedStudy t;
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
  CHECK(member_tags(t.s, t.late).count(t.shared));
  CHECK(get_theme(t.s.db, t.duplicates).excerpts == 3);
  CHECK(get_theme(t.s.db, t.late).excerpts == 3);
  // Re-proposing finds the same two memberships, once each.
  propose_themes(t.s.db, {});
  CHECK(t.memberships(t.duplicates, t.shared) == 1);
  CHECK(t.memberships(t.late, t.shared) == 1);
}

TEST_CASE("moving a shared tag takes it out of the theme it moves from only") {
  SharedStudy t;
  Id third = t.other_pain_theme();
  // Two other themes hold it: the source must be named.
  CHECK_THROWS_WITH_AS(move_tag(t.s.db, t.shared, third, "ana"), doctest::Contains("say which one"), Error);
  CHECK_THROWS_WITH_AS(move_tag(t.s.db, t.shared, third, "ana", third), doctest::Contains("not in theme"), Error);
  Theme moved = move_tag(t.s.db, t.shared, third, "ana", t.late);
  CHECK(member_tags(t.s, third).count(t.shared));
  CHECK_FALSE(member_tags(t.s, t.late).count(t.shared));
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));  // the other finding keeps it
  for (const ThemeMember& m : moved.members)
    if (m.tag_id == t.shared) CHECK(m.origin == "manual");
  // Re-proposing puts it back nowhere a person took it out of, and keeps its other place.
  propose_themes(t.s.db, {});
  CHECK_FALSE(member_tags(t.s, t.late).count(t.shared));
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
  CHECK(member_tags(t.s, third).count(t.shared));
  CHECK(audits(t.s, "theme.move_out") == 1);
}

TEST_CASE("merging two themes that share a member keeps one membership") {
  SharedStudy t;
  Theme merged = merge_themes(t.s.db, t.duplicates, t.late, "ana");
  CHECK(t.memberships(t.duplicates, t.shared) == 1);
  CHECK(merged.members.size() == 5);  // 2 + 2 + the shared one, once
  CHECK(merged.excerpts == 5);
  propose_themes(t.s.db, {});
  CHECK(t.memberships(t.duplicates, t.shared) == 1);
  CHECK(member_tags(t.s, t.duplicates).size() == 5);
  CHECK(by_name(t.s, "pain_point").count("Late fees") == 0);  // its keys belong to the survivor
}

TEST_CASE("splitting a shared tag off one theme leaves it in the others") {
  SharedStudy t;
  Theme split = split_theme(t.s.db, t.late, {t.shared}, "Two problems at once", "ana");
  CHECK(member_tags(t.s, split.id) == std::set<Id>{t.shared});
  CHECK_FALSE(member_tags(t.s, t.late).count(t.shared));
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
  propose_themes(t.s.db, {});
  CHECK_FALSE(member_tags(t.s, t.late).count(t.shared));
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
}

TEST_CASE("dismissing a theme does not drop its tags from the other themes they back") {
  SharedStudy t;
  dismiss_theme(t.s.db, t.duplicates, "ana");
  CHECK(member_tags(t.s, t.late).count(t.shared));
  propose_themes(t.s.db, {});
  CHECK(get_theme(t.s.db, t.duplicates).status == ThemeStatus::dismissed);
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
  CHECK(member_tags(t.s, t.late).count(t.shared));
  // A draft reads the late-fees theme with it, never the dismissed one.
  auto pains = themes_for_cohort(t.s.db, "pain_point", Cohort::parse("{}"));
  bool late_with_shared = false;
  for (const CohortTheme& ct : pains) {
    CHECK(ct.theme.id != t.duplicates);
    if (ct.theme.id == t.late) late_with_shared = std::count(ct.tag_ids.begin(), ct.tag_ids.end(), t.shared) == 1;
  }
  CHECK(late_with_shared);
}

TEST_CASE("re-proposing keeps confirmed themes that share members, and new evidence joins them") {
  SharedStudy t;
  confirm_theme(t.s.db, t.late, "ana");
  rename_theme(t.s.db, t.duplicates, "Bills paid twice", "ana");
  t.s.tag(t.s.say(t.s.p2, SourceKind::interview, "Shared 6", "2026-10-06", "Late fees again on the power bill, and the water bill."),
          "pain_point", "");
  Id fresh = last_tag(t.s);
  ProposeReport again = propose_themes(t.s.db, {});
  CHECK(again.added_to_reviewed >= 1);
  Theme late = get_theme(t.s.db, t.late);
  CHECK(late.status == ThemeStatus::confirmed);
  CHECK(member_tags(t.s, t.late).count(fresh));
  CHECK(member_tags(t.s, t.late).count(t.shared));
  CHECK(get_theme(t.s.db, t.duplicates).name == "Bills paid twice");
  CHECK(member_tags(t.s, t.duplicates).count(t.shared));
}

// --- names never rest on a lone verb ------------------------------------------

TEST_CASE("a word that names an action is told from a thing by WordNet's ranked senses") {
  const Lexicon& wordnet = Lexicon::system();
  for (std::string action : {"fix", "close", "pull", "pays", "call", "approving"})
    CHECK_MESSAGE(names_an_action(action, wordnet), action);
  for (std::string thing : {"price", "trust", "invoice", "duplicates", "duplicate", "approval", "QuickBooks", "Xero", ""})
    CHECK_MESSAGE(!names_an_action(thing, wordnet), thing);
  CHECK(gerund_of("chase") == "chasing");
  CHECK(gerund_of("fix") == "fixing");
  CHECK(gerund_of("stop") == "stopping");
  CHECK(gerund_of("edit") == "editing");
  CHECK(gerund_of("tie") == "tying");
  CHECK(gerund_of("see") == "seeing");
  CHECK(gerund_of("pay") == "paying");
}

TEST_CASE("a theme on a verb is named with the object its members say, never the lone verb") {
  // "fix" is mostly a verb: the theme takes the object some member says it with.
  std::vector<TagEvidence> fix = {
      said(1, "The fix took seven weeks to arrive.", "decision_criterion"),
      said(2, "We waited a month for the fix from their support.", "decision_criterion"),
      said(3, "Support promised to fix the approval workflow by Friday.", "decision_criterion"),
  };
  GroupingResult r = group_evidence(fix, finder());
  const ThemeGroup* g = group_of(r, 0);
  REQUIRE(g);
  CHECK(together(r, 0, 1));
  CHECK(g->name == "Fixing the approval workflow");
  CHECK(reads_as_noun_phrase(g->name, finder()));
  // Said only in a longer phrase, the phrase names it ("Month-end close").
  std::vector<TagEvidence> close = {
      said(1, "Our close takes twelve days.", "decision_criterion"),
      said(2, "The close is a scramble every month.", "decision_criterion"),
      said(3, "Month-end close drags on because invoices wait for approval.", "decision_criterion"),
  };
  GroupingResult c = group_evidence(close, finder());
  const ThemeGroup* closing = group_of(c, 0);
  REQUIRE(closing);
  CHECK(closing->name.find(' ') != std::string::npos);
  CHECK(closing->name == "Month-end close");
  // A thing keeps its one-word name.
  std::vector<TagEvidence> price = {said(1, "The price is fair, but it comes after fit.", "decision_criterion"),
                                    said(2, "Then price, and then ease of use.", "decision_criterion")};
  GroupingResult p = group_evidence(price, finder());
  REQUIRE(group_of(p, 0));
  CHECK(group_of(p, 0)->name == "Price");
}

// --- influencers group by role ------------------------------------------------

TEST_CASE("role words: IT guy, head of IT and our IT team are one role, from data") {
  const RoleWords& roles = RoleWords::builtin();
  for (const char* said : {"Our IT guy, Kevin, reviewed the security questionnaire.", "And our head of IT for the security review.",
                           "Our IT team set up single sign-on.", "Our IT provider raised a question about hosting."})
    CHECK_MESSAGE(roles.roles_in(said) == std::vector<std::string>{"IT"}, said);
  CHECK(roles.roles_in("It was the multi-entity, and it broke.").empty());  // the pronoun is no role
  CHECK(roles.roles_in("Our auditors will want to see it.") == std::vector<std::string>{"Auditors"});
  CHECK(roles.roles_in("Our finance manager, Sophie, with the CFO.") == std::vector<std::string>{"Finance manager", "CFO"});
  // UTF-8: accented and CJK words are whole words, never matched in part.
  CHECK(roles.roles_in("Notre contrôleur et le CFO ont signé — 財務 “IT”.") == std::vector<std::string>{"CFO", "IT"});
  CHECK(roles.roles_in("Le contrôleurs").empty());
  RoleWords mine = RoleWords::parse("# comment\n\nhead of payroll\tPayroll\nVP\tVice president\n");
  CHECK(mine.roles_in("Our head of payroll and a VP.") == std::vector<std::string>{"Payroll", "Vice president"});
  CHECK(mine.roles_in("vp") .empty());
  CHECK_THROWS_WITH_AS(RoleWords::parse("controller Controller\n"), doctest::Contains("line 1"), Error);
}

TEST_CASE("influencer evidence groups by the role it names, and a tag naming two roles backs both") {
  std::vector<TagEvidence> in = {
      said(1, "Our IT guy, Kevin, reviewed the security questionnaire and did the single sign-on setup.", "influencer"),
      said(2, "And our head of IT for the security review.", "influencer"),
      said(3, "Our IT team had to approve the SSO setup.", "influencer"),
      said(4, "The CFO decides.", "influencer"),
      said(5, "Our CFO signs, and he won't sign unless our IT provider says the hosting is fine.", "influencer"),
      said(6, "Ravi, the managing partner, made the final call.", "influencer"),
  };
  GroupingResult r = group_evidence(in, finder());
  const ThemeGroup* it = group_of(r, 0);
  REQUIRE(it);
  CHECK(it->name == "IT");
  CHECK(together(r, 0, 1));
  CHECK(together(r, 1, 2));
  const ThemeGroup* cfo = group_of(r, 3);
  REQUIRE(cfo);
  CHECK(cfo->name == "CFO");
  CHECK_FALSE(together(r, 0, 3));
  // Tag 5 names the CFO and IT: a member of one, shared into the other.
  bool in_it = together(r, 0, 4) || std::count(it->shared_members.begin(), it->shared_members.end(), std::size_t{4});
  bool in_cfo = together(r, 3, 4) || std::count(cfo->shared_members.begin(), cfo->shared_members.end(), std::size_t{4});
  CHECK(in_it);
  CHECK(in_cfo);
  REQUIRE(group_of(r, 5));
  CHECK(group_of(r, 5)->name == "Managing partner");
  // Outside the role categories, role words are ordinary words.
  GroupingOptions plain;
  plain.role_categories.clear();
  GroupingResult p = group_evidence(in, finder(), plain);
  for (const ThemeGroup& g : p.groups) CHECK(g.key.rfind("o:", 0) != 0);
}

TEST_CASE("a tag below the confidence cut backs a theme confident tags built, and never starts or names one") {
  std::vector<TagEvidence> in = {said(1, "We paid late fees on utilities because a bill sat on a desk."),
                                 said(2, "The late fees come out of our management fee."),
                                 said(3, "About three thousand dollars in late fees last quarter."),
                                 said(4, "The scanner jams every single morning."),
                                 said(5, "The scanner jams and the printer too."),
                                 said(6, "Another late payment, that is all.")};
  in[2].supporting = true;  // says the theme's phrase: backs it
  in[3].supporting = true;  // says its own thing with another low one: no theme of its own
  in[4].supporting = true;
  in[5].supporting = true;  // "late payment" is no theme's key phrase
  GroupingResult r = group_evidence(in, finder());
  const ThemeGroup* fees = group_of(r, 0);
  REQUIRE(fees);
  CHECK(together(r, 0, 1));
  CHECK(fees->supporting_members == std::vector<std::size_t>{2});
  CHECK(std::count(fees->members.begin(), fees->members.end(), std::size_t{2}) == 0);  // never names or words it
  CHECK(text::lower(fees->name).find("late fee") != std::string::npos);
  for (const ThemeGroup& g : r.groups) {
    for (std::size_t m : g.members) CHECK_FALSE(in[m].supporting);
    for (std::size_t m : {3u, 4u, 5u})
      CHECK(std::count(g.supporting_members.begin(), g.supporting_members.end(), std::size_t{m}) == 0);
  }
  CHECK(r.supporting_left == std::vector<std::size_t>{3, 4, 5});
}

TEST_CASE("a turn naming several roles or sources backs each theme, a statement's other sentences never do") {
  auto spanned = [](Id id, const std::string& text, const std::string& span, const std::string& category) {
    TagEvidence e = said(id, text, category);
    e.span_start = static_cast<std::int64_t>(text.find(span));
    e.span_end = *e.span_start + static_cast<std::int64_t>(span.size());
    return e;
  };
  const std::string turn = "Mark signed. Our IT guy, Kevin, reviewed the security questionnaire. The auditors saw a screenshot.";
  std::vector<TagEvidence> in = {
      spanned(1, turn, "Our IT guy", "influencer"),
      said(2, "Our CFO signs everything over ten thousand.", "influencer"),
      said(3, "Our auditors want to see the approval history.", "influencer"),
      said(4, "The auditors asked how approvals are controlled.", "influencer"),
      said(5, "Our head of IT did the security review.", "influencer"),
      // A pain point's span is its claim; the phone calls are no pain here.
      spanned(6, "We paid a carrier invoice twice. It took a lot of awkward phone calls.", "paid a carrier", "pain_point"),
      said(7, "Awkward phone calls with vendors every week.", "pain_point"),
      said(8, "More awkward phone calls about late payments.", "pain_point"),
  };
  GroupingResult r = group_evidence(in, finder());
  const ThemeGroup* auditors = group_of(r, 2);
  REQUIRE(auditors);
  CHECK(together(r, 2, 3));
  CHECK(together(r, 0, 4));  // its span names IT
  CHECK(std::count(auditors->shared_members.begin(), auditors->shared_members.end(), std::size_t{0}) == 1);
  const ThemeGroup* calls = group_of(r, 6);
  REQUIRE(calls);
  CHECK(together(r, 6, 7));
  CHECK_FALSE(together(r, 5, 6));
  CHECK(std::count(calls->shared_members.begin(), calls->shared_members.end(), std::size_t{5}) == 0);
}

TEST_CASE("a tag resting on an announcement rests on the sentence after it") {
  const std::string turn =
      "Two things, and the first one is the one that really broke my trust. In the spring the Xero sync started "
      "duplicating bills. We paid one twice.";
  auto first = evidence_sentences(turn, 20, 30);  // inside the announcement
  REQUIRE(first.size() == 1);
  CHECK(first[0].text == "In the spring the Xero sync started duplicating bills.");
  CHECK(announces("For a tool like Ledgerline, I care about three things."));
  CHECK(announces("Three reasons: price, support and the sync."));
  CHECK_FALSE(announces("We care about price more than three things on that list, honestly."));
  CHECK_FALSE(is_evidence_sentence("Two things, and the first one is the one that really broke my trust."));
}
