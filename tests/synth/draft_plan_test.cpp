// Planning a draft on plain values: no database, non-ASCII evidence.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "synth/synth.hpp"
#include "text/utf8.hpp"

using namespace grounded;
using namespace grounded::synth;

namespace {

Evidence said(Id excerpt, Id participant, std::string text, std::string category, std::string theme,
              nlohmann::json subfields = nlohmann::json::object()) {
  Evidence e;
  e.context.excerpt_id = excerpt;
  e.context.source_id = excerpt;
  e.context.participant_id = participant;
  e.text = std::move(text);
  EvidenceTag tag;
  tag.category = std::move(category);
  tag.theme = std::move(theme);
  tag.subfields = std::move(subfields);
  tag.accepted = true;
  e.tags.push_back(std::move(tag));
  return e;
}

const DraftedAttribute* in_section(const DraftPlan& plan, const std::string& section, int index = 0) {
  for (const DraftedAttribute& a : plan.attributes)
    if (a.section == section && index-- == 0) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("planning drafts cited attributes from plain evidence") {
  std::vector<Evidence> evidence = {
      said(1, 1, "We spend hours re-keying invoices into NetSuite every week.", "pain_point", "manual re-keying",
           {{"impact", "time"}}),
      said(2, 2, "Re-keying invoice data by hand takes two full days every month.", "pain_point", "manual re-keying",
           {{"impact", "time"}}),
      said(3, 3, "Our goal is a faster month-end close with fewer late nights.", "goal", "faster close"),
  };
  CohortRecords records;
  records.people = {{"Controller", "senior", "mid-market", "Logistics"}, {"Controller", "senior", "", ""},
                    {"AP Specialist", "", "", ""}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, records);
  const DraftedAttribute* pain = in_section(plan, "pain_points");
  REQUIRE(pain);
  CHECK(pain->text.find("Manual re-keying (impact: time) — “") == 0);
  CHECK(pain->citations == std::vector<std::pair<Id, std::string>>{{1, "accepted_tag"}, {2, "accepted_tag"}});
  const DraftedAttribute* demo = in_section(plan, "demographics");
  REQUIRE(demo);
  CHECK(demo->basis == "cohort");
  CHECK(demo->citations.empty());
  CHECK(demo->text == "Role: Controller (2 of 3 participants), AP Specialist (1 of 3 participants)");
  CHECK(std::find(plan.sections_without_evidence.begin(), plan.sections_without_evidence.end(), "objections") !=
        plan.sections_without_evidence.end());
  // Deterministic.
  DraftPlan again = plan_draft(persona_template(PersonaKind::buyer), evidence, records);
  REQUIRE(again.attributes.size() == plan.attributes.size());
  for (std::size_t i = 0; i < plan.attributes.size(); ++i) CHECK(again.attributes[i].text == plan.attributes[i].text);
}

TEST_CASE("planning keeps non-ASCII evidence whole: accents, CJK, curly quotes, emoji") {
  std::string long_tail;
  for (int i = 0; i < 60; ++i) long_tail += "😀";
  std::vector<Evidence> evidence = {
      said(1, 1, "“Nous ressaisissons chaque facture à la main — ça coûte 40 € par semaine…”", "pain_point",
           "ressaisie des factures"),
      said(2, 2, "Ressaisie des factures: l’équipe y passe deux jours, c’est épuisant.", "pain_point",
           "ressaisie des factures"),
      said(3, 3, "請求書の手入力に毎週何時間もかかっています。とても大変です。", "pain_point", "請求書 手入力"),
      said(4, 4, "Счёт-фактуры мы вводим вручную, и это отнимает целый день каждую неделю без исключения. " + long_tail,
           "goal", "Ручной ввод"),
  };
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {});
  REQUIRE(!plan.attributes.empty());
  for (const DraftedAttribute& a : plan.attributes) {
    CHECK_MESSAGE(text::is_valid_utf8(a.text), a.text);
    CHECK_MESSAGE(text::is_valid_utf8(a.theme_key), a.theme_key);
    CHECK(a.text.find("\xE2\x80\x9C\xE2\x80\x9C") == std::string::npos);  // never ““ (the quote's own marks doubled)
  }
  const DraftedAttribute* first = in_section(plan, "pain_points");
  REQUIRE(first);
  CHECK(first->theme_key == "ressaisie-des-factures");
  CHECK(first->text.find("Ressaisie des factures — “") == 0);
  const DraftedAttribute* cjk = in_section(plan, "pain_points", 1);
  REQUIRE(cjk);
  CHECK(cjk->theme_key == "請求書-手入力");
  CHECK(cjk->text.find("請求書の手入力に毎週何時間もかかっています") != std::string::npos);
  const DraftedAttribute* goal = in_section(plan, "goals");
  REQUIRE(goal);
  CHECK(goal->theme_key == "ручной-ввод");
  CHECK(goal->text.find("Ручной ввод — “") == 0);
}

TEST_CASE("an unknown section style is an error when templates load") {
  const std::string bad = R"({"kinds": {"buyer": {"title": "Buyer", "sections": [
      {"key": "goals", "title": "Goals", "style": "statment"}]}}})";
  try {
    parse_persona_templates(bad);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(std::string(e.what()).find("section 'goals'") != std::string::npos);
    CHECK(std::string(e.what()).find("unknown section style 'statment'") != std::string::npos);
  }
  CHECK(parse_persona_templates(R"({"kinds": {"user": {"title": "U", "sections": [{"key": "g", "title": "G"}]}}})")
            .front()
            .sections.front()
            .style == SectionStyle::statement);
}

TEST_CASE("with themes an attribute is one theme seen through the cohort, placed by the question asked") {
  auto tagged = [](Id excerpt, Id tag, Id participant, std::string text, std::string category, std::string question) {
    Evidence e = said(excerpt, participant, std::move(text), std::move(category), "");
    e.tags.front().tag_id = tag;
    e.question = std::move(question);
    return e;
  };
  std::vector<Evidence> evidence = {
      tagged(1, 11, 1, "We paid a carrier invoice twice. Let me see.", "pain_point", ""),
      tagged(2, 12, 2, "We paid a structural engineer twice because the sync duplicated the bill.", "pain_point", ""),
      // "I want …" tagged as a goal, but it answers the frustration question: a pain point.
      tagged(3, 13, 3, "I want to know which field failed when the sync breaks.", "goal",
             "What's the most frustrating part of that for you?"),
      tagged(4, 14, 4, "Does that answer your question?", "pain_point", ""),
  };
  std::vector<PlanTheme> themes = {
      {7, "pain_point", "Duplicate payments", "Invoices get paid twice", false, {11, 12, 99}},  // 99: outside the cohort
      {8, "goal", "Vague sync errors", "Sync errors don't say what failed", false, {13}},
      {9, "pain_point", "Filler", "", false, {14}},
  };
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  const DraftedAttribute* first = in_section(plan, "pain_points", 0);
  const DraftedAttribute* second = in_section(plan, "pain_points", 1);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->theme_key == "theme:7");
  // The claim is nobody's words in this cohort and no person wrote it: the name heads the attribute.
  CHECK(first->text.find("Duplicate payments — “We paid") == 0);
  CHECK(first->citations == std::vector<std::pair<Id, std::string>>{{1, "accepted_tag"}, {2, "accepted_tag"}});
  CHECK(second->theme_key == "theme:8");  // placed by the question, not by "want"
  CHECK(second->citations.size() == 1);
  CHECK_FALSE(in_section(plan, "goals"));
  // A theme whose only evidence is a question has no quote; filler never becomes one.
  for (const DraftedAttribute& a : plan.attributes) {
    CHECK(a.text.find("Let me see") == std::string::npos);
    CHECK(a.text.find("Does that answer") == std::string::npos);
  }
  // Messaging waits for themes a person reviewed.
  CHECK_FALSE(in_section(plan, "messaging.value_proposition"));
  themes[0].reviewed = themes[1].reviewed = true;
  themes[1].category = "goal";
  DraftPlan reviewed = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  // A claim a person wrote or confirmed heads it.
  REQUIRE(in_section(reviewed, "pain_points"));
  CHECK(in_section(reviewed, "pain_points")->text.find("Invoices get paid twice — “We paid") == 0);
  const DraftedAttribute* value = in_section(reviewed, "messaging.value_proposition");
  REQUIRE(value);
  CHECK(value->text == "Helps with “vague sync errors” by removing “duplicate payments”");
}

TEST_CASE("a buyer persona has no jobs section: what a job says the speaker wants is a goal") {
  auto job = [](Id excerpt, Id tag, Id participant, std::string text, nlohmann::json subfields, std::string question) {
    Evidence e = said(excerpt, participant, std::move(text), "job", "", std::move(subfields));
    e.tags.front().tag_id = tag;
    e.question = std::move(question);
    return e;
  };
  std::vector<Evidence> evidence = {
      job(1, 11, 1, "When I close the month, I want every supplier invoice approved and posted, so I can close by day five.",
          {{"situation", "I close the month"}, {"motivation", "every supplier invoice approved and posted"},
           {"outcome", "close by day five"}}, ""),
      job(2, 12, 2, "I want invoices approved and posted without anyone chasing them.",
          {{"motivation", "invoices approved and posted without anyone chasing them"}}, ""),
      // A recurring practice with no stated want, asked about nothing in particular: not a goal.
      job(3, 13, 3, "Every Friday I export the aging report for the CFO.", nlohmann::json::object(), ""),
  };
  std::vector<PlanTheme> themes = {
      {7, "job", "Approved and posted invoices", "Invoices approved and posted without chasing", false, {11, 12}},
      {8, "job", "Aging report", "", false, {13}},
  };
  DraftPlan buyer = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  const DraftedAttribute* goal = in_section(buyer, "goals");
  REQUIRE(goal);
  CHECK(goal->theme_key == "theme:7");
  CHECK(goal->citations.size() == 2);
  for (const DraftedAttribute& a : buyer.attributes) CHECK(a.theme_key != "theme:8");
  // A user persona has a jobs section: the same themes stay jobs there.
  DraftPlan user = plan_draft(persona_template(PersonaKind::user), evidence, {}, {}, themes);
  CHECK_FALSE(in_section(user, "goals"));
}

TEST_CASE("a view said as a job statement is placed as a job, whatever its tag says") {
  auto tagged = [](Id excerpt, Id tag, Id participant, std::string text, std::string category) {
    Evidence e = said(excerpt, participant, std::move(text), std::move(category), "");
    e.tags.front().tag_id = tag;
    return e;
  };
  std::vector<Evidence> evidence = {
      tagged(1, 11, 1, "When a credit note arrives, I need it matched to the original bill so I never pay the difference twice.",
             "pain_point"),
      tagged(2, 12, 2, "The scanner mangles every credit note we feed it.", "pain_point"),
  };
  std::vector<PlanTheme> themes = {
      {7, "pain_point", "Unmatched credit notes", "", false, {11}},
      {8, "pain_point", "Mangled credit notes", "", false, {12}},
  };
  DraftPlan user = plan_draft(persona_template(PersonaKind::user), evidence, {}, {}, themes);
  const DraftedAttribute* job = in_section(user, "jobs.functional");
  REQUIRE(job);
  CHECK(job->theme_key == "theme:7");
  const DraftedAttribute* pain = in_section(user, "frustrations");
  REQUIRE(pain);
  CHECK(pain->theme_key == "theme:8");
  // A buyer persona has no jobs section: what they need done is a goal.
  DraftPlan buyer = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  REQUIRE(in_section(buyer, "goals"));
  CHECK(in_section(buyer, "goals")->theme_key == "theme:7");
}

TEST_CASE("a lone-word theme name never heads an attribute when the claim is the quote") {
  Evidence e = said(1, 1, "When I sign off on the financials, I want proof every payment was approved.", "goal", "");
  e.tags.front().tag_id = 11;
  Evidence f = said(2, 2, "I need to prove every payment was approved by the right person.", "goal", "");
  f.tags.front().tag_id = 12;
  std::vector<PlanTheme> themes = {
      {7, "goal", "Financials", "I want proof every payment was approved", false, {11, 12}}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), {e, f}, {}, {}, themes);
  const DraftedAttribute* goal = in_section(plan, "goals");
  REQUIRE(goal);
  CHECK(goal->text.find("Financials") == std::string::npos);
  CHECK(goal->text.find("proof every payment was approved") != std::string::npos);
}

TEST_CASE("a proposed claim heads an attribute only when the cohort's own evidence says it") {
  auto pain = [](Id excerpt, Id tag, Id participant, std::string text) {
    Evidence e = said(excerpt, participant, std::move(text), "pain_point", "");
    e.tags.front().tag_id = tag;
    return e;
  };
  // Tag 13 (another cohort's excerpt) is where the proposal took the claim from.
  std::vector<Evidence> evidence = {
      pain(1, 11, 1, "The sync duplicated a vendor bill and we paid it twice."),
      pain(2, 12, 2, "Duplicate vendor bills keep slipping through the sync."),
  };
  std::vector<PlanTheme> themes = {
      {7, "pain_point", "Duplicate vendor bills", "Our accountant had to unpick the duplicates in the VAT return", false,
       {11, 12, 13}}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  const DraftedAttribute* a = in_section(plan, "pain_points");
  REQUIRE(a);
  CHECK(a->text.find("accountant") == std::string::npos);
  CHECK(a->text.find("Duplicate vendor bills — “") == 0);
  // Said inside the cohort (case and a trailing ellipsis aside): it heads the attribute.
  themes[0].claim = "Duplicate vendor bills keep slipping through…";
  DraftPlan own = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  REQUIRE(in_section(own, "pain_points"));
  CHECK(in_section(own, "pain_points")->text.find("Duplicate vendor bills keep slipping through…") == 0);
}

TEST_CASE("the quote under a theme's name says the name when the cohort's evidence does") {
  auto pain = [](Id excerpt, Id tag, Id participant, std::string text) {
    Evidence e = said(excerpt, participant, std::move(text), "pain_point", "");
    e.tags.front().tag_id = tag;
    return e;
  };
  // The wording most excerpts share is about the supplier and the invoice;
  // only one sentence says the theme's name.
  std::vector<Evidence> evidence = {
      pain(1, 11, 1, "The supplier sent the invoice again and the supplier invoice sat with the supplier team."),
      pain(2, 12, 2, "The supplier invoice from the supplier café waits. We paid “late fees” of 40 € in März."),
      pain(3, 13, 3, "The supplier invoice went to the supplier inbox, the supplier said."),
  };
  std::vector<PlanTheme> themes = {{7, "pain_point", "Late fees", "", false, {11, 12, 13}}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  const DraftedAttribute* a = in_section(plan, "pain_points");
  REQUIRE(a);
  CHECK(a->text.find("Late fees — “") == 0);
  CHECK(a->text.find("late fees") != std::string::npos);
  CHECK(text::is_valid_utf8(a->text));
}

TEST_CASE("a tag below the confidence cut is cited only beside a confident tag of the same theme") {
  auto pain = [](Id excerpt, Id tag, Id participant, std::string text, bool confident) {
    Evidence e = said(excerpt, participant, std::move(text), "pain_point", "");
    e.tags.front().tag_id = tag;
    e.tags.front().accepted = false;
    if (!confident) {
      e.supporting = std::move(e.tags);
      e.tags.clear();
    }
    return e;
  };
  std::vector<Evidence> evidence = {
      pain(1, 11, 1, "We paid late fees because a bill sat on someone's desk.", true),
      pain(2, 12, 2, "About three thousand dollars in late fees last quarter.", false),
      pain(3, 13, 3, "The scanner jams every single morning.", false),
      pain(4, 14, 4, "The scanner jams again, the scanner is slow.", false),
  };
  std::vector<PlanTheme> themes = {{7, "pain_point", "Late fees", "", false, {11, 12}},
                                   {8, "pain_point", "Scanner jams", "", false, {13, 14}}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  const DraftedAttribute* fees = in_section(plan, "pain_points");
  REQUIRE(fees);
  CHECK(fees->text.find("Late fees") == 0);
  CHECK(fees->citations == std::vector<std::pair<Id, std::string>>{{1, "suggested_tag"}, {2, "suggested_tag"}});
  CHECK_FALSE(in_section(plan, "pain_points", 1));  // the scanner theme has no confident tag
}

TEST_CASE("a theme one attribute above already cites is not repeated; evidence spread over several stays") {
  auto influencer = [](Id excerpt, Id tag, Id participant, std::string text) {
    Evidence e = said(excerpt, participant, std::move(text), "influencer", "");
    e.tags.front().tag_id = tag;
    return e;
  };
  std::vector<Evidence> evidence = {
      influencer(1, 11, 1, "Mark, our CFO, signed. Our IT guy reviewed the security questionnaire."),
      influencer(2, 12, 2, "The CFO signs. Our auditors wanted to see the approval history."),
      influencer(3, 13, 3, "Our head of IT did the review. The auditors asked about approvals."),
  };
  std::vector<PlanTheme> themes = {{1, "influencer", "IT", "", false, {11, 13}},
                                   {2, "influencer", "Auditors", "", false, {12, 13}},
                                   {3, "influencer", "CFO", "", false, {11, 12}},
                                   {4, "influencer", "IT team", "", false, {13}}};
  DraftPlan plan = plan_draft(persona_template(PersonaKind::buyer), evidence, {}, {}, themes);
  std::vector<std::string> heads;
  for (const DraftedAttribute& a : plan.attributes)
    if (a.section == "buying_behavior.influencers") heads.push_back(a.text);
  CAPTURE(heads.size());
  CHECK(heads.size() == 3);  // IT, auditors and the CFO; "IT team" only repeats a quote cited above
  CHECK(std::any_of(heads.begin(), heads.end(), [](const std::string& h) { return h.find("CFO") != std::string::npos; }));
}
