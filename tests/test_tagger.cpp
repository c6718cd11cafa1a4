// Tagger tests: taxonomy, cue rules (negation, hypotheticals), JTBD parsing,
// interview context, the classifier round trip, model storage, review
// actions with audit, evaluation metrics, guides and coverage. Never reads
// ../shared (the public data is for bench/tagger_eval.sh only).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/jobs.hpp"
#include "store/sources.hpp"
#include "tagger/classifier.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/evaluation.hpp"
#include "tagger/guide.hpp"
#include "tagger/jtbd.hpp"
#include "tagger/keyword_baseline.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/model_store.hpp"
#include "tagger/tag_runner.hpp"
#include "tagger/tag_store.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/signals.hpp"
#include "tagger/text_features.hpp"
#include "tagger/training.hpp"

using namespace grounded;
using namespace grounded::tagger;

namespace {

bool fired(const std::vector<RuleHit>& hits, const std::string& name) {
  return std::any_of(hits.begin(), hits.end(), [&](const RuleHit& h) { return h.rule->name == name && h.counts; });
}

bool has_category(const std::vector<CategoryScore>& scores, const std::string& category) {
  return std::any_of(scores.begin(), scores.end(), [&](const CategoryScore& s) { return s.category == category; });
}

const CategoryScore& score_of(const Analysis& a, const std::string& category) {
  for (const auto& s : a.scores)
    if (s.category == category) return s;
  throw std::runtime_error("no score for " + category);
}

// One part of a stored source: the text before it in the body (a review's
// "Dislikes: " label, a newline), who said it, and what.
struct Part {
  std::string lead;
  SpeakerRole role;
  std::string text;
};

Id store_parts(store::Database& db, SourceKind kind, const std::vector<Part>& parts) {
  Source source;
  source.kind = kind;
  source.title = "Source";
  source.origin = "test.txt";
  source.format = "text";
  std::vector<Excerpt> excerpts;
  for (const auto& part : parts) {
    source.body += part.lead;
    Excerpt e;
    e.speaker = part.role == SpeakerRole::interviewer ? "Interviewer" : "P1";
    e.speaker_role = part.role;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += part.text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    e.text = part.text;
    excerpts.push_back(e);
  }
  store::Transaction tx(db);
  store::insert_source(db, source, excerpts);
  tx.commit();
  return source.id;
}

// An interview of question/answer turns, stored.
Id store_interview(store::Database& db, const std::vector<std::pair<SpeakerRole, std::string>>& turns) {
  std::vector<Part> parts;
  for (const auto& [role, text] : turns) parts.push_back({parts.empty() ? "" : "\n", role, text});
  return store_parts(db, SourceKind::interview, parts);
}

// Context (a question, a section label) raises `category` for `text`, says
// so in the rationale with `marker`, and leaves unrelated categories alone.
void check_context_raises(const Analysis& plain, const Analysis& with_context, const std::string& category,
                          const std::string& marker) {
  CHECK(score_of(with_context, category).context_evidence > 0);
  CHECK(score_of(with_context, category).confidence > score_of(plain, category).confidence);
  CHECK(score_of(with_context, category).rationale.find(marker) != std::string::npos);
  CHECK(score_of(with_context, "tool").context_evidence == 0);
}

}  // namespace

TEST_CASE("the taxonomy loads with its categories and sub-fields") {
  const Taxonomy& t = Taxonomy::builtin();
  for (const char* key : {"goal", "pain_point", "objection", "job", "trigger", "decision_criterion", "tool",
                          "info_source", "influencer"})
    CHECK(t.has(key));
  const Category& pain = t.require("pain_point");
  REQUIRE(pain.subfields.size() == 1);
  CHECK(pain.subfields[0].values == std::vector<std::string>{"time", "money", "reputation", "other"});
  CHECK(t.require("objection").subfields[0].values.size() == 7);
  CHECK_FALSE(t.require("job").persona_sections.empty());
  CHECK_THROWS_AS(t.require("mood"), Error);
  CHECK_NOTHROW(t.validate_subfields("pain_point", {{"impact", "money"}}));
  CHECK_THROWS_AS(t.validate_subfields("pain_point", {{"impact", "mood"}}), Error);
  CHECK_THROWS_AS(t.validate_subfields("goal", {{"impact", "time"}}), Error);
  nlohmann::json j = t;
  CHECK(j["categories"].size() == 9);
}

TEST_CASE("cue rules fire by name and respect negation") {
  auto rules = CueRules::builtin();
  CHECK(fired(rules->match("We waste hours every week re-keying invoices."), "pain.wasted_time"));
  CHECK(fired(rules->match("This is so frustrating."), "pain.frustration"));
  CHECK_FALSE(fired(rules->match("It's not frustrating at all."), "pain.frustration"));
  CHECK_FALSE(fired(rules->match("I wouldn't call it frustrating."), "pain.frustration"));
  // A named tool is capitalised even though patterns match case-insensitively.
  CHECK(fired(rules->match("They switched to Xero in March."), "tool.named_stack"));
  CHECK_FALSE(fired(rules->match("They moved to a new office in March."), "tool.named_stack"));
  auto hits = rules->match("It's not frustrating at all.");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].negated);
}

TEST_CASE("contractions typed without an apostrophe or split by a lossy export read as one word") {
  auto folded = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& w : analyze_words(text)) out.push_back(w.folded);
    return out;
  };
  CHECK(folded("I can't log in") == std::vector<std::string>{"i", "can't", "log", "in"});
  CHECK(folded("I can  t log in") == folded("I can't log in"));
  CHECK(folded("i cant log in") == folded("I can't log in"));
  CHECK(folded("It  s fine, I dont mind") == std::vector<std::string>{"it's", "fine", "i", "don't", "mind"});
  // The merged word spans both parts, so rule spans still point at the text.
  auto words = analyze_words("I can  t log in");
  CHECK(words[1].start == 2);
  CHECK(words[1].end == 8);
  // Only real contraction pairs merge: "Plan B t shirts" stays three words.
  CHECK(folded("plan b t shirts").size() == 4);
  // And the negation they carry now scopes a pain cue.
  CHECK_FALSE(fired(CueRules::builtin()->match("It isnt frustrating at all."), "pain.frustration"));
  CHECK_FALSE(fired(CueRules::builtin()->match("It isn  t frustrating at all."), "pain.frustration"));
}

TEST_CASE("words in a negation's scope are features of their own") {
  auto rules = CueRules::builtin();
  auto has = [](const Signals& s, const std::string& f) {
    return std::find(s.word_features.begin(), s.word_features.end(), f) != s.word_features.end();
  };
  Signals plain = read_signals("It crashes on my tablet.", *rules);
  Signals negated = read_signals("It never crashes on my tablet.", *rules);
  CHECK(has(plain, "w:crash"));
  CHECK_FALSE(has(negated, "w:crash"));
  CHECK(has(negated, "w:!crash"));
  // The scope ends with the clause.
  Signals later = read_signals("Not fancy, but it crashes.", *rules);
  CHECK(has(later, "w:crash"));
}

TEST_CASE("a pattern hit's span is a byte span of the UTF-8 text, ASCII or not") {
  auto span_of = [](const std::string& text) {
    for (const auto& hit : CueRules::builtin()->match(text))
      if (hit.rule->name == "pain.broken")
        return text.substr(static_cast<std::size_t>(hit.start), static_cast<std::size_t>(hit.end - hit.start));
    return std::string("(no hit)");
  };
  CHECK(span_of("Since Monday we can't export the report.") == "can't export");
  CHECK(span_of("Depuis lundi — café, naïve résumé — we can't export the report.") == "can't export");
  auto job = parse_job_statement("When I close the books at month-end in Zürich, I want to match payments, so I can go home.");
  REQUIRE(job);
  CHECK(job->situation == "I close the books at month-end in Zürich");
}

TEST_CASE("hypotheticals: a conditional price is an objection and a wish is a goal or job") {
  const Tagger& tagger = Tagger::builtin();
  auto hits = CueRules::builtin()->match("If it were cheaper we'd switch tomorrow.");
  CHECK(fired(hits, "objection.price"));
  auto price = tagger.suggest("If it were cheaper we'd switch tomorrow.");
  REQUIRE(has_category(price, "objection"));
  for (const auto& s : price)
    if (s.category == "objection") CHECK(s.subfields["root_cause"] == "price");
  auto wish = tagger.suggest("We'd love to get the month-end close down to two days.");
  CHECK((has_category(wish, "goal") || has_category(wish, "job")));
  // An emotional pain word in a hypothetical is no pain point.
  CHECK_FALSE(fired(CueRules::builtin()->match("If it were frustrating we would tell you."), "pain.frustration"));
}

TEST_CASE("JTBD statements parse into situation, motivation and outcome") {
  auto a = parse_job_statement("When I close the books at month end, I want to match payments automatically, so I can go home on time.");
  REQUIRE(a);
  CHECK(a->situation == "I close the books at month end");
  CHECK(a->motivation == "match payments automatically");
  CHECK(a->outcome == "I can go home on time");
  auto b = parse_job_statement("Whenever I have to onboard a client I end up copying their details by hand so that nothing is lost.");
  REQUIRE(b);
  CHECK(b->situation == "I have to onboard a client");
  CHECK(b->motivation == "copying their details by hand");
  CHECK(b->outcome == "nothing is lost");
  auto c = parse_job_statement("As a camp administrator, I want to keep camper records, so that I feel confident at audits.");
  REQUIRE(c);
  CHECK(c->role == "camp administrator");
  CHECK(c->motivation == "keep camper records");
  CHECK(c->outcome == "I feel confident at audits");
  CHECK(c->dimension == "emotional");
  CHECK_FALSE(parse_job_statement("The weather was nice on Tuesday."));
  auto tags = Tagger::builtin().suggest(
      "When I'm on a site visit, I want to pull up the client's history on my phone, so I can answer on the spot.");
  REQUIRE(has_category(tags, "job"));
  for (const auto& s : tags)
    if (s.category == "job") CHECK(s.subfields["situation"] == "I'm on a site visit");
}

TEST_CASE("the interviewer's question raises the prior of what it informs") {
  const Tagger& tagger = Tagger::builtin();
  std::string answer = "Honestly the reconciliation at the end of every month.";
  Analysis plain = tagger.analyze(answer);
  Analysis asked = tagger.analyze(answer, "So what's the hardest part about doing the close today?");
  REQUIRE(asked.question);
  CHECK(asked.question->question->id.rfind("pain_points.", 0) == 0);
  check_context_raises(plain, asked, "pain_point", "after '");
}

TEST_CASE("a review part is read under its section label") {
  const Tagger& tagger = Tagger::builtin();
  std::string text = "Matter numbers are only picked up when they sit in one spot on the invoice.";
  Analysis plain = tagger.analyze(text);
  Analysis under = tagger.analyze(text, "\n\nDislikes: ");
  REQUIRE(under.section);
  CHECK(*under.section == "Dislikes");
  CHECK_FALSE(under.question);
  check_context_raises(plain, under, "pain_point", "under 'Dislikes'");
  CHECK_FALSE(tagger.analyze(text, "Likes:").section);  // no label of section_context

  // Tagging a stored review finds the label in the source body.
  auto db = store::Database::open(":memory:");
  Id review = store_parts(db, SourceKind::review,
                          {{"Likes: ", SpeakerRole::author, "Fast capture and good approvals on the phone."},
                           {"\n\nDislikes: ", SpeakerRole::author, text}});
  tag_source(db, review, &tagger);
  bool found = false;
  for (const auto& tag : tags_of_source(db, review))
    if (tag.category == "pain_point") found = found || tag.rationale.find("under 'Dislikes'") != std::string::npos;
  CHECK(found);
}

TEST_CASE("the classifier trains, predicts and survives a JSON round trip") {
  std::vector<std::string> cats{"a", "b"};
  std::vector<Example> examples;
  for (int i = 0; i < 40; ++i) {
    examples.push_back({{"w:apple", "w:red"}, {1, 0}});
    examples.push_back({{"w:banana", "w:yellow"}, {0, 1}});
    examples.push_back({{"w:stone"}, {0, 0}});
  }
  Classifier m = Classifier::train(cats, examples);
  std::vector<double> z;
  m.add_weights({"w:apple"}, z);
  CHECK(sigmoid(m.bias()[0] + z[0]) > 0.8);
  CHECK(sigmoid(m.bias()[1] + z[1]) < 0.2);
  Classifier back = Classifier::from_json(nlohmann::json::parse(m.to_json().dump()));
  std::vector<double> z2;
  back.add_weights({"w:apple"}, z2);
  CHECK(std::abs(z2[0] - z[0]) < 1e-3);
  CHECK_THROWS_AS(Classifier::from_json({{"format", "other"}}), Error);
  // Unknown labels (-1) do not train that category.
  std::vector<Example> partial{{{"w:x"}, {1, -1}}, {{"w:y"}, {0, -1}}};
  CHECK_NOTHROW(Classifier::train(cats, partial));
}

TEST_CASE("a correction trained on a base model's log-odds adds to it as one model") {
  std::vector<std::string> cats{"a", "b"};
  std::vector<Example> examples;
  for (int i = 0; i < 40; ++i) {
    examples.push_back({{"w:apple", "w:red"}, {1, 0}});
    examples.push_back({{"w:stone"}, {0, 0}});
  }
  Classifier base = Classifier::train(cats, examples);
  base.offsets() = {0.25, -0.5};
  // New data where a green apple is no "a": the correction starts from the
  // base model's log-odds and learns only the difference.
  std::vector<Example> reviewed;
  std::vector<double> z;
  for (int i = 0; i < 20; ++i) {
    Example e{{"w:apple", "w:green"}, {0, -1}};
    base.add_weights(e.features, z);
    e.base = {base.bias()[0] + z[0], base.bias()[1] + z[1]};
    reviewed.push_back(e);
  }
  TrainOptions options;
  options.learning_rate = 0.3;
  Classifier sum = Classifier::sum(base, Classifier::train(cats, reviewed, options));
  CHECK(sum.offsets() == base.offsets());  // the base's decision offsets are kept
  auto p_a = [](const Classifier& m, const std::vector<std::string>& features) {
    std::vector<double> w;
    m.add_weights(features, w);
    return sigmoid(m.bias()[0] + w[0]);
  };
  CHECK(p_a(base, {"w:apple", "w:green"}) > 0.6);
  CHECK(p_a(sum, {"w:apple", "w:green"}) < 0.5);
  CHECK(p_a(sum, {"w:apple", "w:red"}) > p_a(sum, {"w:apple", "w:green"}) + 0.2);  // the base still tells them apart
  CHECK(sum.weight("w:green", 0) < 0);
  CHECK(sum.bias()[1] == doctest::Approx(base.bias()[1]));  // an unknown label trains nothing for "b"
  Classifier other = Classifier::train({"x"}, {{{"w:a"}, {1}}});
  CHECK_THROWS_AS(Classifier::sum(base, other), Error);
  Example wrong{{"w:a"}, {1, 0}};
  wrong.base = {0.0};
  CHECK_THROWS_AS(Classifier::train(cats, {wrong}), Error);
}

TEST_CASE("the seed model tags typical excerpts with a readable rationale") {
  const Tagger& tagger = Tagger::builtin();
  auto pain = tagger.suggest("We waste about four hours every week copying orders into the spreadsheet by hand.");
  REQUIRE(has_category(pain, "pain_point"));
  for (const auto& s : pain)
    if (s.category == "pain_point") {
      CHECK(s.subfields["impact"] == "time");
      CHECK(s.rationale.find("rule pain.wasted_time") != std::string::npos);
      CHECK(s.rationale.find("model ") != std::string::npos);
    }
  CHECK(tagger.suggest("This happened on Tuesday around 3pm.").empty());
  CHECK(has_category(tagger.suggest("Our CFO has to sign off on anything over ten thousand."), "influencer"));
  CHECK(has_category(tagger.suggest("I mostly hear about new tools on a couple of podcasts and in a Slack community."),
                     "info_source"));
  CHECK(tagger.suggest("").empty());
  CHECK_NOTHROW(tagger.suggest(std::string("bad \xff\xfe utf8")));
}

TEST_CASE("models are stored, reloaded and retrained from reviews") {
  auto db = store::Database::open(":memory:");
  CHECK_FALSE(latest_model(db));
  Id id = save_model(db, "test", *seed_model(), {{"note", "x"}});
  auto stored = latest_model(db);
  REQUIRE(stored);
  CHECK(stored->id == id);
  CHECK(stored->classifier->feature_count() > 100);
  Tagger reloaded(stored->classifier);
  auto a = reloaded.analyze("We waste hours every week re-keying invoices.");
  auto b = Tagger::builtin().analyze("We waste hours every week re-keying invoices.");
  CHECK(std::abs(score_of(a, "pain_point").confidence - score_of(b, "pain_point").confidence) < 1e-3);

  Id source = store_interview(db, {{SpeakerRole::participant, "We track everything in a shared notebook."}});
  auto tags = tags_of_source(db, source);
  HumanTag human;
  human.excerpt_id = store::excerpts_of_source(db, source)[0].id;
  human.category = "tool";
  add_human_tag(db, human, "tester");
  StoredModel trained = train_from_database(db);
  CHECK(trained.id > id);
  CHECK(trained.metrics["reviewed_excerpts"] == 1);
  CHECK(latest_model(db)->id == trained.id);
}

TEST_CASE("the seed model is stored on first use, and models of other features are never loaded") {
  auto db = store::Database::open(":memory:");
  auto count = [&] {
    auto st = db.prepare("SELECT count(*) FROM tagger_models");
    st.step();
    return st.int64(0);
  };
  // A model stored by a Grounded that built its features differently.
  db.exec("INSERT INTO tagger_models (name, model, metrics) VALUES ('old', '{}', '{\"feature_version\":1}')");
  CHECK_FALSE(latest_model(db));
  auto first = model_for(db);
  CHECK(first == seed_model());
  CHECK(count() == 2);
  auto stored = latest_model(db);
  REQUIRE(stored);
  CHECK(stored->name == "seed");
  CHECK(stored->metrics["seed_data"] == seed_fingerprint());
  CHECK(stored->metrics["feature_version"] == feature_version);
  model_for(db);  // loaded, not stored again
  CHECK(count() == 2);
  // A stored seed model of other seed data is replaced.
  db.exec("UPDATE tagger_models SET metrics = json_set(metrics, '$.seed_data', 'v0-old') WHERE name = 'seed'");
  model_for(db);
  CHECK(count() == 2);  // the stale copy was replaced, the old-version model kept
  CHECK(latest_model(db)->metrics["seed_data"] == seed_fingerprint());
}

TEST_CASE("review actions are audited and rejected suggestions never come back") {
  auto db = store::Database::open(":memory:");
  Id source = store_interview(db, {{SpeakerRole::interviewer, "So what's the hardest part about doing the close today?"},
                                   {SpeakerRole::participant, "We waste hours every week re-keying invoices by hand."},
                                   {SpeakerRole::interviewer, "Which tools do you use for this today?"},
                                   {SpeakerRole::participant, "We use QuickBooks and a big Excel spreadsheet."}});
  TagRunResult first = tag_source(db, source);
  CHECK(first.excerpts == 4);
  CHECK(first.suggested >= 2);
  auto tags = tags_of_source(db, source);
  auto pain = std::find_if(tags.begin(), tags.end(), [](const Tag& t) { return t.category == "pain_point"; });
  REQUIRE(pain != tags.end());
  CHECK(pain->status == TagStatus::suggested);
  CHECK(pain->rationale.find("after '") != std::string::npos);
  // Interviewer turns are questions, not evidence.
  auto excerpts = store::excerpts_of_source(db, source);
  CHECK(tags_of_excerpt(db, excerpts[0].id).empty());

  reject_tag(db, pain->id, "alice");
  CHECK(get_tag(db, pain->id).status == TagStatus::rejected);
  auto audit = store::audit_for(db, "tags", pain->id);
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "tag.reject");
  CHECK(audit[0].actor == "alice");
  CHECK(audit[0].before.find("\"suggested\"") != std::string::npos);
  CHECK(audit[0].after.find("\"rejected\"") != std::string::npos);

  TagRunResult again = tag_source(db, source);
  CHECK(again.suggested == 0);
  CHECK(again.skipped_rejected >= 1);
  Tag copy = *pain;
  copy.status = TagStatus::suggested;
  CHECK_FALSE(insert_tag(db, copy));

  auto tool = std::find_if(tags.begin(), tags.end(), [](const Tag& t) { return t.category == "tool"; });
  REQUIRE(tool != tags.end());
  accept_tag(db, tool->id, "bob");
  CHECK(get_tag(db, tool->id).status == TagStatus::accepted);
  edit_tag(db, tool->id, "decision_criterion", "", "bob");
  Tag edited = get_tag(db, tool->id);
  CHECK(edited.category == "decision_criterion");
  CHECK(edited.status == TagStatus::accepted);
  CHECK(was_rejected(db, tool->excerpt_id, "tool"));
  CHECK(store::audit_for(db, "tags", tool->id).size() == 2);
  CHECK_THROWS_AS(edit_tag(db, tool->id, "pain_point", R"({"impact":"mood"})", "bob"), Error);
  CHECK_THROWS_AS(reject_tag(db, 999999, "bob"), Error);

  HumanTag human;
  human.excerpt_id = excerpts[1].id;
  human.category = "pain_point";
  human.subfields_json = R"({"impact":"time"})";
  human.span_start = 3;
  human.span_end = 15;
  Tag added = add_human_tag(db, human, "carol");
  CHECK(added.origin == TagOrigin::human);
  CHECK(added.status == TagStatus::accepted);
  CHECK(*added.span_end == 15);
  CHECK(store::audit_for(db, "tags", added.id)[0].action == "tag.add");
  human.span_end = 10000;
  CHECK_THROWS_AS(add_human_tag(db, human, "carol"), Error);
  human.span_end = 15;
  human.excerpt_id = 999999;
  CHECK_THROWS_AS(add_human_tag(db, human, "carol"), Error);

  TagFilter filter;
  filter.statuses = {TagStatus::accepted};
  CHECK(count_tags(db, filter) == 2);
  filter.statuses.clear();
  filter.categories = {"pain_point"};
  filter.source_id = source;
  CHECK(count_tags(db, filter) == 2);
  auto queue = list_tags(db, TagFilter{});
  for (std::size_t i = 1; i < queue.size(); ++i) CHECK(queue[i - 1].confidence <= queue[i].confidence);
}

TEST_CASE("tag_all reports progress through the jobs table") {
  auto db = store::Database::open(":memory:");
  store_interview(db, {{SpeakerRole::participant, "It keeps crashing when I export."}});
  store_interview(db, {{SpeakerRole::participant, "Our CFO signs off on every purchase."}});
  std::int64_t last_done = 0;
  TagRunResult r = tag_all(db, [&](std::int64_t done, std::int64_t total) {
    last_done = done;
    CHECK(total == 2);
    return true;
  });
  CHECK(r.excerpts == 2);
  CHECK(last_done == 2);
  auto job = store::get_job(db, r.job_id);
  CHECK(job.status == "done");
  CHECK(job.done == 2);
}

TEST_CASE("evaluation metrics match a hand-computed gold set") {
  std::vector<LabeledText> gold{{"a", {"pain_point"}}, {"b", {"pain_point", "job"}}, {"c", {}}, {"d", {"job"}}};
  std::vector<std::vector<std::string>> predicted{{"pain_point"}, {"job"}, {"pain_point"}, {}};
  EvalReport r = score_predictions(gold, predicted, "test");
  const CategoryMetrics* pain = nullptr;
  const CategoryMetrics* job = nullptr;
  for (const auto& m : r.categories) {
    if (m.category == "pain_point") pain = &m;
    if (m.category == "job") job = &m;
  }
  REQUIRE(pain);
  REQUIRE(job);
  // pain: tp 1 (a), fp 1 (c), fn 1 (b) → P 0.5 R 0.5 F1 0.5
  CHECK(pain->support == 2);
  CHECK(pain->precision == doctest::Approx(0.5));
  CHECK(pain->recall == doctest::Approx(0.5));
  CHECK(pain->f1 == doctest::Approx(0.5));
  // job: tp 1 (b), fp 0, fn 1 (d) → P 1 R 0.5 F1 2/3
  CHECK(job->precision == doctest::Approx(1.0));
  CHECK(job->recall == doctest::Approx(0.5));
  CHECK(job->f1 == doctest::Approx(2.0 / 3));
  CHECK(r.macro_f1 == doctest::Approx((0.5 + 2.0 / 3) / 2));
  // micro: tp 2, fp 1, fn 2 → P 2/3 R 1/2 → F1 4/7
  CHECK(r.micro_f1 == doctest::Approx(4.0 / 7));
  CHECK(r.confusion["none"]["pain_point"] == 1);
  CHECK(r.confusion["job"]["none"] == 1);
  CHECK(r.confusion["pain_point"]["job"] == 1);
  CHECK_THROWS_AS(score_predictions(gold, {}, "x"), Error);

  auto parsed = parse_labeled_csv("text,labels\n\"Hello, \"\"world\"\"\",pain_point|job\nbye,none\n");
  REQUIRE(parsed.size() == 2);
  CHECK(parsed[0].text == "Hello, \"world\"");
  CHECK(parsed[0].labels == std::vector<std::string>{"pain_point", "job"});
  CHECK(parsed[1].labels.empty());
  CHECK_THROWS_AS(parse_labeled_csv("text,labels\nx,mood\n"), Error);
  CHECK_THROWS_AS(parse_labeled_csv("body\nx\n"), Error);
  CHECK(KeywordBaseline::builtin().predict("This is so frustrating") == std::vector<std::string>{"pain_point"});
}

TEST_CASE("a drafted guide's time budget sums to the requested minutes") {
  auto bank = QuestionBank::builtin();
  for (int minutes : {20, 30, 45, 60, 90}) {
    Guide g = draft_guide(*bank, {{"goals", "pain_points"}, minutes, false});
    int sum = 0;
    for (const auto& s : g.sections) {
      sum += s.minutes;
      CHECK(s.minutes >= 1);
      CHECK_FALSE(s.questions.empty());
    }
    CHECK(sum == minutes);
    CHECK(g.minutes == minutes);
  }
  Guide g = draft_guide(*bank, {{"goals", "pain_points"}, 45, false});
  bool has_pain = std::any_of(g.sections.begin(), g.sections.end(), [](auto& s) { return s.id == "pain_points"; });
  CHECK(has_pain);
  std::string md = render_markdown(g);
  CHECK(md.find("# Interview guide (45 minutes)") != std::string::npos);
  Guide jobs = draft_guide(*bank, {{"jobs"}, 60, true});
  CHECK(std::any_of(jobs.sections.begin(), jobs.sections.end(), [](auto& s) { return s.id == "execute"; }));
  CHECK_THROWS_AS(draft_guide(*bank, {{"horoscope"}, 45, false}), Error);
  CHECK_THROWS_AS(draft_guide(*bank, {{"goals"}, 1, false}), Error);
}

TEST_CASE("coverage matches interviewer turns to bank questions") {
  auto bank = QuestionBank::builtin();
  // Pick a real bank question and ask it in an interviewer's own words around it.
  const BankQuestion* q = bank->find_question(bank->sections()[2].questions[0].id);
  REQUIRE(q);
  std::vector<Excerpt> excerpts(3);
  excerpts[0].id = 10;
  excerpts[0].speaker_role = SpeakerRole::interviewer;
  excerpts[0].text = "Great, thanks. " + q->text;
  excerpts[1].id = 11;
  excerpts[1].speaker_role = SpeakerRole::participant;
  excerpts[1].text = q->text;  // a participant's words never count as asking
  excerpts[2].id = 12;
  excerpts[2].speaker_role = SpeakerRole::interviewer;
  excerpts[2].text = "Okay.";
  Coverage c = coverage_of_excerpts(*bank, 7, excerpts);
  CHECK(c.interviewer_turns == 2);
  CHECK(c.matched_turns == 1);
  REQUIRE(c.asked.size() == 1);
  CHECK(c.asked[0].question == q);
  CHECK(c.asked[0].excerpt_ids == std::vector<Id>{10});
  CHECK_FALSE(c.attributes_covered.empty());
}

TEST_CASE("an interviewer's own wording of a bank question is recognised, small talk is not") {
  auto bank = QuestionBank::builtin();
  // The bank's text says "hardest part"; people ask "most frustrating part".
  auto m = bank->match("What's the most frustrating part of it still?");
  REQUIRE(m);
  CHECK(m->question->id == "pain_points.hardest");
  auto who = bank->match("Were you involved in picking the tool?");
  REQUIRE(who);
  CHECK(who->question->id == "buying_behavior.influencers");
  // One rare word in common is chance: greetings and thanks match nothing.
  CHECK_FALSE(bank->match("Thanks for making the time. Can you hear me okay?"));
  CHECK_FALSE(bank->match("Perfect. Thank you so much, this was great."));
  // Variants are for recognising questions only; guides print the bank text.
  const BankQuestion* hardest = bank->find_question("pain_points.hardest");
  REQUIRE(hardest);
  CHECK_FALSE(hardest->variants.empty());
}
