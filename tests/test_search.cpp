// Tests of src/search on a real SQLite database filled through the store API.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "search/kept_rankings.hpp"
#include "search/match_attributes.hpp"
#include "search/search.hpp"
#include "search/search_json.hpp"
#include "search/snippet.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"
#include "text/utf8.hpp"

using namespace grounded;
using search::SearchQuery;
using search::to_fts_expression;

namespace {

struct Turn {
  std::string speaker;
  SpeakerRole role;
  std::string text;
};

Id add_source(store::Database& db, SourceKind kind, const std::string& title, std::optional<Id> participant,
              std::optional<Id> account, const std::string& date, const std::vector<Turn>& turns) {
  Source source;
  source.kind = kind;
  source.title = title;
  source.participant_id = participant;
  source.account_id = account;
  source.occurred_at = date;
  source.origin = title + ".txt";
  source.format = "plain";
  std::vector<Excerpt> excerpts;
  std::int64_t ms = 0;
  for (const auto& t : turns) {
    Excerpt e;
    e.speaker = t.speaker;
    e.speaker_role = t.role;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += t.text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    source.body += "\n";
    e.start_ms = ms;
    ms += 62000;
    e.text = t.text;
    excerpts.push_back(std::move(e));
  }
  store::Transaction tx(db);
  store::insert_source(db, source, excerpts);
  tx.commit();
  return source.id;
}

void add_tag(store::Database& db, Id excerpt_id, const std::string& category, const std::string& status) {
  auto st = db.prepare("INSERT INTO tags (excerpt_id, category, origin, status) VALUES (?1, ?2, 'human', ?3)");
  st.bind(1, excerpt_id).bind(2, category).bind(3, status).run();
}

// `turn` counts from 1; stored ordinals from 0.
Id excerpt_id_of(store::Database& db, Id source_id, int turn) {
  auto st = db.prepare("SELECT id FROM excerpts WHERE source_id = ?1 AND ordinal = ?2");
  st.bind(1, source_id).bind(2, turn - 1);
  REQUIRE(st.step());
  return st.int64(0);
}

// A small research database: two interviews, a ticket, a review.
struct Fixture {
  store::Database db = store::Database::open(":memory:");
  Id finance_account = 0, dana = 0, ravi = 0;
  Id interview_dana = 0, interview_ravi = 0, ticket = 0, review = 0;

  Fixture() {
    finance_account = store::upsert_account(db, Account{0, "Acme Finance", "fintech", 200, {}, "EU", "", "", ""});
    dana = store::upsert_participant(db, Participant{0, "P1 Dana", "Finance lead", "senior", "", finance_account});
    ravi = store::upsert_participant(db, Participant{0, "P2 Ravi", "Product manager", "mid", "", {}});
    interview_dana = add_source(
        db, SourceKind::interview, "Interview with Dana", dana, finance_account, "2024-03-05",
        {{"Interviewer", SpeakerRole::interviewer, "How do you think about pricing today?"},
         {"Dana", SpeakerRole::participant,
          "Honestly the price is the main problem. We priced three vendors and the budget approval took two months."},
         {"Interviewer", SpeakerRole::interviewer, "What happens at month end?"},
         {"Dana", SpeakerRole::participant,
          "We copy numbers from the spreadsheet into the invoice tool by hand, and mistakes slip through every month."},
         {"Dana", SpeakerRole::participant, "Mon résumé du problème: trop de saisie manuelle."}});
    interview_ravi = add_source(
        db, SourceKind::interview, "Interview with Ravi", ravi, {}, "2024-07-20",
        {{"Interviewer", SpeakerRole::interviewer, "Tell me about onboarding."},
         {"Ravi", SpeakerRole::participant, "Onboarding was slow, and the pricing page confused our finance team."},
         {"Ravi", SpeakerRole::participant, "日本語のテキストも使っています。"}});
    ticket = add_source(db, SourceKind::ticket, "Ticket #4411", {}, {}, "2025-01-10",
                        {{"Customer", SpeakerRole::customer, "The export to spreadsheet fails with an error 500."},
                         {"Agent", SpeakerRole::agent, "Sorry about the export error, a fix ships this week."}});
    review = add_source(db, SourceKind::review, "Review by a controller", {}, {}, "2025-02-01",
                        {{"Author", SpeakerRole::author, "Great tool 😀 but the price went up twice. Too expensive now."}});
    add_tag(db, excerpt_id_of(db, interview_dana, 2), "pain_point", "accepted");
    add_tag(db, excerpt_id_of(db, interview_dana, 4), "pain_point", "suggested");
    add_tag(db, excerpt_id_of(db, review, 1), "pain_point", "rejected");
    add_tag(db, excerpt_id_of(db, review, 1), "objection", "suggested");
  }

  search::SearchResult run(SearchQuery q) { return search::search(db, q); }
  search::SearchResult run(const std::string& text) {
    SearchQuery q;
    q.text = text;
    return search::search(db, q);
  }
  std::set<Id> sources_of(const search::SearchResult& r) {
    std::set<Id> ids;
    for (const auto& h : r.hits) ids.insert(h.source_id);
    return ids;
  }
};

void check_invalid(const std::string& query, const std::string& message_part) {
  try {
    to_fts_expression(query);
    FAIL("no error for: " << query);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK_MESSAGE(std::string(e.what()).find(message_part) != std::string::npos, e.what());
  }
}

}  // namespace

TEST_CASE("user syntax becomes a quoted FTS5 expression") {
  CHECK(to_fts_expression("price") == "\"price\"");
  CHECK(to_fts_expression("price budget") == "\"price\" AND \"budget\"");
  CHECK(to_fts_expression("\"budget approval\"") == "\"budget approval\"");
  CHECK(to_fts_expression("pric*") == "\"pric\"*");
  CHECK(to_fts_expression("price OR cost") == "(\"price\" OR \"cost\")");
  CHECK(to_fts_expression("a b OR c d") == "\"a\" AND (\"b\" OR \"c\") AND \"d\"");
  CHECK(to_fts_expression("price -export") == "(\"price\") NOT \"export\"");
  CHECK(to_fts_expression("price -\"pricing page\"") == "(\"price\") NOT \"pricing page\"");
  CHECK(to_fts_expression("NEAR(price budget, 5)") == "NEAR(\"price\" \"budget\", 5)");
  CHECK(to_fts_expression("NEAR(price budget)") == "NEAR(\"price\" \"budget\", 10)");
  CHECK(to_fts_expression("NEAR(price") == "\"price\"");
}

TEST_CASE("FTS5 syntax typed by a user is just words") {
  CHECK(to_fts_expression("text:foo") == "\"text:foo\"");
  CHECK(to_fts_expression("^x") == "\"^x\"");
  CHECK(to_fts_expression("+x") == "\"+x\"");
  CHECK(to_fts_expression("a AND b") == "\"a\" AND \"AND\" AND \"b\"");
  CHECK(to_fts_expression("NOT x") == "\"NOT\" AND \"x\"");
  CHECK(to_fts_expression("NEAR x") == "\"NEAR\" AND \"x\"");
  CHECK(to_fts_expression("say \"hi") == "\"say\" AND \"hi\"");                       // unbalanced quote closed
  CHECK(to_fts_expression("a\"b") == "\"a\" AND \"b\"");
  CHECK(to_fts_expression("'; DROP TABLE excerpts; --") == "\"DROP\" AND \"TABLE\" AND \"excerpts;\"");
  CHECK(to_fts_expression("a OR") == "\"a\"");
  CHECK(to_fts_expression("OR a") == "\"a\"");
  CHECK(to_fts_expression("(((a)))") == "\"a\"");
  CHECK(to_fts_expression("quote\"\"inside") == "\"quote\" AND \"inside\"");
  CHECK(to_fts_expression(std::string("a\0b", 3)) == "\"a\" AND \"b\"");
}

TEST_CASE("queries with nothing to search for are clear errors") {
  check_invalid("", "empty");
  check_invalid("   ", "empty");
  check_invalid("-price", "at least one word");
  check_invalid("-price -cost", "at least one word");
  check_invalid("\"", "empty");
  check_invalid("*", "empty");
  check_invalid("-", "empty");
  check_invalid("NEAR(", "empty");
  check_invalid("(((", "empty");
  check_invalid("😀", "no letters or digits");
  check_invalid("!!! ???", "no letters or digits");
  check_invalid(std::string(10000, 'a'), "too long");
  check_invalid("kind:ticket", "besides");
  check_invalid("kind:nonsense price", "interview");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  check_invalid(many, "too many terms");
}

TEST_CASE("words stems and accents find excerpts") {
  Fixture f;
  auto r = f.run("price");
  // "pricing", "price", "priced" all stem to "price".
  CHECK(r.total == 4);
  CHECK(f.sources_of(r) == std::set<Id>{f.interview_dana, f.interview_ravi, f.review});
  CHECK(f.run("resume").total == 1);
  CHECK(f.run("RÉSUMÉ").total == 1);
  CHECK(f.run("テキスト").total == 1);
  CHECK(f.run("nothingmatchesthis").total == 0);
  CHECK(f.run("nothingmatchesthis").hits.empty());
}

TEST_CASE("phrases NEAR OR exclusion and prefixes") {
  Fixture f;
  CHECK(f.run("\"budget approval\"").total == 1);
  CHECK(f.run("\"approval budget\"").total == 0);
  CHECK(f.run("NEAR(price budget, 10)").total == 1);
  CHECK(f.run("NEAR(onboarding finance, 2)").total == 0);
  CHECK(f.run("NEAR(onboarding finance, 12)").total == 1);
  CHECK(f.run("export OR onboarding").total == 4);
  CHECK(f.run("export -error").total == 0);
  CHECK(f.run("spreadsheet -export").total == 1);
  CHECK(f.run("pricing*").total == 2);  // "pricing" itself, not "price"
  CHECK(f.run("spread*").total == 2);
}

TEST_CASE("hostile strings never raise SQL errors") {
  Fixture f;
  const std::vector<std::string> hostile = {
      "\"", "*", "-", "NEAR(", "a OR", "(((", "'; DROP TABLE excerpts; --", "text:foo", "^x", "price\"", "\"\"\"",
      "a -", "OR OR OR", "NEAR(a b, 99999999999999999999)", "NEAR(a, b, c", ") price (", "price*****", "-\"",
      "rowid:1", "excerpts_fts:price", "{text}: price", "😀 price 👍", std::string("pri\0ce", 6), "\xff\xfe price",
      std::string(1999, 'x'), "a\"b\"c\"d", "price AND", "NOT", "AND OR NOT", "price -", "-- price", "price -*"};
  for (const auto& q : hostile) {
    try {
      auto r = f.run(q);
      CHECK(r.total >= 0);
      nlohmann::json j = r;  // and serialisable
      CHECK(j.contains("hits"));
    } catch (const Error& e) {
      CHECK_MESSAGE(e.kind() == ErrorKind::invalid_input, q << " → " << e.what());
    }
  }
  CHECK(f.run("'; DROP TABLE excerpts; --").total == 0);
  CHECK(f.run("price").total == 4);  // the table is still there
}

TEST_CASE("filters narrow the hits") {
  Fixture f;
  SearchQuery q;
  q.text = "price OR export";
  CHECK(f.run(q).total == 6);
  q.kinds = {"ticket"};
  CHECK(f.run(q).total == 2);
  q.kinds = {"ticket", "review"};
  CHECK(f.run(q).total == 3);
  q.kinds.clear();
  q.speaker_roles = {"agent"};
  CHECK(f.run(q).total == 1);
  q.speaker_roles.clear();
  q.participant_roles = {"finance LEAD"};
  CHECK(f.run(q).total == 1);
  q.participant_roles.clear();
  q.participant_id = f.ravi;
  CHECK(f.run(q).total == 1);
  q.participant_id.reset();
  q.account_id = f.finance_account;  // the whole conversation with the account, questions too
  CHECK(f.run(q).total == 2);
  q.account_id.reset();
  q.source_id = f.ticket;
  CHECK(f.run(q).total == 2);
  q.source_id.reset();
  q.date_from = "2025";
  CHECK(f.run(q).total == 3);
  q.date_to = "2025-01";
  CHECK(f.run(q).total == 2);
  q.date_from = "2024-03-05";
  q.date_to = "2024-03-05";
  CHECK(f.run(q).total == 2);
  q.date_from = "yesterday";
  CHECK_THROWS_AS(f.run(q), Error);
  q.date_from.clear();
  q.date_to.clear();
  q.kinds = {"podcast"};
  CHECK_THROWS_AS(f.run(q), Error);
  q.kinds.clear();
  // Tag categories: rejected tags do not count.
  q.tag_categories = {"pain_point"};
  CHECK(f.run(q).total == 1);
  q.tag_categories = {"objection"};
  CHECK(f.run(q).total == 1);
  // Filter tokens inside the query text.
  CHECK(f.run("price OR export kind:ticket").total == 2);
  CHECK(f.run("price OR export role:author").total == 1);
  CHECK(f.run("price OR export category:pain_point").total == 1);
}

TEST_CASE("facets count the matching set") {
  Fixture f;
  auto r = f.run("price OR export OR spreadsheet");
  CHECK(r.total == 7);
  CHECK(r.facets_kind == std::map<std::string, std::int64_t>{{"interview", 4}, {"review", 1}, {"ticket", 2}});
  CHECK(r.facets_role["participant"] == 3);
  CHECK(r.facets_role["interviewer"] == 1);
  CHECK(r.facets_category == std::map<std::string, std::int64_t>{{"objection", 1}, {"pain_point", 2}});
}

TEST_CASE("pagination walks every hit once in rank order") {
  Fixture f;
  SearchQuery q;
  q.text = "price OR export OR spreadsheet";
  q.limit = 3;
  std::vector<Id> seen;
  double previous = 1e300;
  bool customer = true;  // customer speech first, then interviewer and agent turns, each by rank
  for (q.offset = 0; q.offset < 10; q.offset += 3) {
    auto r = f.run(q);
    CHECK(r.total == 7);
    for (const auto& h : r.hits) {
      seen.push_back(h.excerpt_id);
      CHECK((customer || !h.customer_speech));
      if (customer && !h.customer_speech) previous = 1e300;
      customer = h.customer_speech;
      CHECK(h.rank <= previous);
      previous = h.rank;
    }
  }
  CHECK(!customer);  // the fixture's interviewer question came last
  CHECK(seen.size() == 7);
  CHECK(std::set<Id>(seen.begin(), seen.end()).size() == 7);
  q.limit = 0;
  CHECK_THROWS_AS(f.run(q), Error);
  q.limit = 20;
  q.offset = -1;
  CHECK_THROWS_AS(f.run(q), Error);
}

TEST_CASE("hits carry source speaker time and a highlighted snippet") {
  Fixture f;
  auto r = f.run("\"budget approval\"");
  REQUIRE(r.hits.size() == 1);
  const auto& h = r.hits[0];
  CHECK(h.source_title == "Interview with Dana");
  CHECK(h.source_kind == "interview");
  CHECK(h.speaker == "Dana");
  CHECK(h.speaker_role == "participant");
  CHECK(h.participant_label == "P1 Dana");
  CHECK(h.participant_role == "Finance lead");
  CHECK(h.occurred_at == "2024-03-05");
  CHECK(h.start_ms == 62000);
  CHECK(h.rank > 0);
  REQUIRE(h.highlights.size() == 1);
  CHECK(h.snippet.substr(static_cast<std::size_t>(h.highlights[0].first),
                         static_cast<std::size_t>(h.highlights[0].second - h.highlights[0].first)) == "budget approval");
  auto accents = f.run("resume");
  REQUIRE(accents.hits.size() == 1);
  const auto& a = accents.hits[0];
  REQUIRE(a.highlights.size() == 1);
  CHECK(a.snippet.substr(static_cast<std::size_t>(a.highlights[0].first),
                         static_cast<std::size_t>(a.highlights[0].second - a.highlights[0].first)) == "résumé");
}

TEST_CASE("snippets cut long text around the first match") {
  std::string text;
  int needle = 0;
  for (int i = 0; i < 100; ++i) {
    if (i) text += " ";
    if (i == 70) needle = static_cast<int>(text.size());
    text += i == 70 ? "needle" : "word" + std::to_string(i);
  }
  auto s = search::make_snippet(text, {{needle, needle + 6}});
  CHECK(s.text.rfind("… ", 0) == 0);
  CHECK(s.text.size() < text.size());
  REQUIRE(s.highlights.size() == 1);
  CHECK(s.text.substr(static_cast<std::size_t>(s.highlights[0].first), 6) == "needle");
  // CJK without spaces is cut by bytes on character boundaries.
  std::string cjk;
  for (int i = 0; i < 300; ++i) cjk += "日本";
  auto c = search::make_snippet(cjk, {});
  CHECK(c.text.size() < 420);
  CHECK(c.text.find("\xe6\x97") != std::string::npos);
  CHECK(grounded::text::is_valid_utf8(c.text));  // cut on character boundaries
  auto short_text = search::make_snippet("short text", {{6, 10}});
  CHECK(short_text.text == "short text");
  CHECK(short_text.highlights == std::vector<std::pair<int, int>>{{6, 10}});
}

TEST_CASE("highlights use the index analyzer") {
  using search::HighlightTerm;
  const std::string text = "Pricing: the PRICE, priced résumé and Résumés, budget  approval";
  auto ranges = search::find_highlights(text, {{"price", false}});
  REQUIRE(ranges.size() == 3);
  CHECK(text.substr(static_cast<std::size_t>(ranges[0].first), static_cast<std::size_t>(ranges[0].second - ranges[0].first)) == "Pricing");
  ranges = search::find_highlights(text, {{"resum", false}});
  CHECK(ranges.size() == 2);
  ranges = search::find_highlights(text, {{"pric", true}});
  CHECK(ranges.size() == 3);
  ranges = search::find_highlights(text, {{"budget", false}, {"approv", false}});
  REQUIRE(ranges.size() == 1);  // neighbours merge
  CHECK(text.substr(static_cast<std::size_t>(ranges[0].first)) == "budget  approval");
  CHECK(search::find_highlights(text, {{"nothing", false}}).empty());
}

// Notes whose texts are given; returns the excerpt ids in order.
std::vector<Id> add_notes(store::Database& db, const std::string& title, const std::vector<std::string>& texts) {
  Source source;
  source.kind = SourceKind::note;
  source.title = title;
  source.origin = title + ".txt";
  source.format = "plain";
  std::vector<Excerpt> excerpts;
  for (const std::string& text : texts) {
    Excerpt e;
    e.text = text;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += e.text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    source.body += "\n";
    excerpts.push_back(std::move(e));
  }
  store::Transaction tx(db);
  store::insert_source(db, source, excerpts);
  tx.commit();
  std::vector<Id> ids;
  for (const auto& e : excerpts) ids.push_back(e.id);
  return ids;
}

// 50 matches of "common": the oldest are the most relevant (short, the
// word repeated), the newest the least.
std::vector<Id> add_common_notes(store::Database& db) {
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i)
    texts.push_back(i < 3 ? "common common common" : "common word number " + std::to_string(i) + (i % 2 ? " odd" : " even") +
                                                           " with a few more words so it ranks lower");
  return add_notes(db, "Notes", texts);
}

struct TempDb {
  std::string path;
  TempDb() {
    path = (std::filesystem::temp_directory_path() /
            ("grounded-search-" + std::to_string(::getpid()) + "-" + std::to_string(rand()) + ".db"))
               .string();
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
};

std::vector<Id> hit_ids(const search::SearchResult& r) {
  std::vector<Id> ids;
  for (const auto& h : r.hits) ids.push_back(h.excerpt_id);
  return ids;
}

TEST_CASE("every match is ranked: the best old matches win over newer ones") {
  store::Database db = store::Database::open(":memory:");
  std::vector<Id> ids = add_common_notes(db);
  SearchQuery q;
  q.text = "common";
  q.limit = 3;
  auto r = search::search(db, q);
  CHECK(r.matches == 50);
  CHECK(r.matches_exact);
  CHECK(r.total == 50);
  CHECK(r.total_exact);
  CHECK_FALSE(r.ranked_subset);
  CHECK(r.note.empty());
  CHECK(hit_ids(r) == std::vector<Id>{ids[2], ids[1], ids[0]});  // equal ranks: newest first
  q.text = "common odd";
  q.limit = 50;
  r = search::search(db, q);
  CHECK(r.total == 24);  // the odd numbers from 3 to 49
  CHECK(r.hits.size() == 24);
}

TEST_CASE("a very common query keeps its best matches, says so, and stays exact") {
  TempDb temp;
  store::Database db = store::Database::open(temp.path);
  std::vector<Id> ids = add_common_notes(db);
  SearchQuery q;
  q.text = "common";
  q.limit = 3;
  q.keep_above = 10;
  q.kept_per_group = 5;
  auto exhaustive = search::search(db, q);
  CHECK_FALSE(exhaustive.ranked_subset);
  CHECK(exhaustive.ranked == 50);

  // The second search ranks the kept best five, with the same answer.
  auto kept = search::search(db, q);
  CHECK(kept.ranked_subset);
  CHECK(kept.ranked == 5);
  CHECK(hit_ids(kept) == hit_ids(exhaustive));
  CHECK(kept.matches == 50);
  CHECK(kept.total == 50);
  CHECK(kept.total_exact);
  CHECK(kept.facets_kind["note"] == 50);
  CHECK(kept.note.find("A very common search: ranked among the best 5 of 50 matches") != std::string::npos);

  // An excerpt added since is ranked too.
  Id added = add_notes(db, "Later", {"common common common common"})[0];
  auto later = search::search(db, q);
  CHECK(later.ranked_subset);
  CHECK(later.matches == 51);
  REQUIRE(!later.hits.empty());
  CHECK(later.hits[0].excerpt_id == added);

  // A page past the kept matches is ranked over every match again.
  q.offset = 6;
  auto deep = search::search(db, q);
  CHECK_FALSE(deep.ranked_subset);
  CHECK(deep.ranked == 51);
  q.offset = 0;

  // A filter: a page found among the kept matches is exact; the count is a
  // lower bound, said in the note, unless an exact count is asked for.
  q.kinds = {"note"};
  auto filtered = search::search(db, q);
  CHECK(filtered.ranked_subset);
  CHECK(hit_ids(filtered) == hit_ids(later));
  CHECK_FALSE(filtered.total_exact);
  CHECK(filtered.note.find("At least") != std::string::npos);
  q.exact_count = true;
  auto counted = search::search(db, q);
  CHECK_FALSE(counted.ranked_subset);
  CHECK(counted.total == 51);
  CHECK(counted.total_exact);
  q.exact_count = false;
  // A filter that few kept matches pass is answered over every match.
  q.kinds = {"interview"};
  auto none = search::search(db, q);
  CHECK_FALSE(none.ranked_subset);
  CHECK(none.total == 0);
  q.kinds.clear();

  // Deleting an excerpt drops the kept ranking.
  store::delete_source(db, store::get_excerpt(db, added).source_id);
  auto after_delete = search::search(db, q);
  CHECK_FALSE(after_delete.ranked_subset);
  CHECK(after_delete.matches == 50);
  CHECK(hit_ids(after_delete) == hit_ids(exhaustive));
  (void)ids;
}

TEST_CASE("excerpt_search follows edits of sources and excerpts") {
  Fixture f;
  SearchQuery q;
  q.text = "spreadsheet";
  q.kinds = {"ticket"};
  CHECK(f.run(q).total == 1);
  f.db.exec("UPDATE sources SET kind = 'review' WHERE title = 'Ticket #4411'");
  CHECK(f.run(q).total == 0);
  q.kinds = {"review"};
  CHECK(f.run(q).total == 1);
  q.kinds.clear();
  q.speaker_roles = {"agent"};
  q.text = "export";
  CHECK(f.run(q).total == 1);
  f.db.exec("UPDATE excerpts SET speaker_role = 'customer' WHERE speaker = 'Agent'");
  CHECK(f.run(q).total == 0);
}

TEST_CASE("JSON output has the documented fields") {
  Fixture f;
  nlohmann::json j = f.run("price 😀");
  CHECK(j["total"] == 4);
  CHECK(j["ranked_subset"] == false);
  CHECK(j["total_exact"] == true);
  CHECK(j["facets"]["kind"]["interview"] == 3);
  CHECK(j["hits"][0].contains("snippet"));
  CHECK(j["hits"][0]["highlights"].is_array());
  CHECK(j["fts_expression"] == "\"price\"");
  CHECK(j["note"].get<std::string>().find("Ignored") != std::string::npos);
  CHECK_NOTHROW(j.dump());
}

TEST_CASE("customer speech ranks above interviewer turns unless all speakers are asked for") {
  store::Database db = store::Database::open(":memory:");
  Participant p;
  p.label = "Dana Reyes";
  Id dana = store::upsert_participant(db, p);
  // The interviewer's question says "data drift" twice: by BM25 alone it is the best match.
  Id src = add_source(db, SourceKind::interview, "Drift call", dana, std::nullopt, "2024-05-01",
                      {{"Interviewer 1", SpeakerRole::interviewer, "Tell me about data drift: when does data drift hurt?"},
                       {"Dana Reyes", SpeakerRole::participant, "Data drift breaks our monthly model, so we retrain by hand."},
                       {"Agent Kim", SpeakerRole::agent, "Data drift data drift: see our help article."}});
  SearchQuery q;
  q.text = "\"data drift\"";
  auto ranked = search::search(db, q);
  REQUIRE(ranked.hits.size() == 3);
  CHECK(ranked.hits[0].speaker == "Dana Reyes");
  CHECK(ranked.hits[0].customer_speech);
  CHECK(ranked.hits[0].participant_id == dana);
  CHECK(!ranked.hits[1].customer_speech);
  CHECK(!ranked.hits[2].customer_speech);
  CHECK(!ranked.hits[1].participant_id);  // the interviewer's words are not Dana's
  CHECK(ranked.hits[1].participant_label.empty());
  q.all_speakers = true;
  auto all = search::search(db, q);
  REQUIRE(all.hits.size() == 3);
  CHECK(all.hits[0].speaker != "Dana Reyes");  // by relevance alone a question or the agent's reply wins
  for (std::size_t i = 1; i < all.hits.size(); ++i) CHECK(all.hits[i].rank <= all.hits[i - 1].rank);
  // Who said it is the same with either order, and filters agree.
  SearchQuery by_dana = q;
  by_dana.participant_id = dana;
  auto hers = search::search(db, by_dana);
  REQUIRE(hers.hits.size() == 1);
  CHECK(hers.hits[0].excerpt_id == excerpt_id_of(db, src, 2));
  nlohmann::json j = ranked.hits[1];
  CHECK(j["customer_speech"] == false);
  CHECK(j["participant_id"].is_null());
}

namespace {

// The same search answered through the in-memory attribute table
// (unfiltered) and through the joined excerpt_search rows (a filter that
// every excerpt passes): the same hits in the same order, counts and facets.
void check_same_as_joined(store::Database& db, const std::string& text) {
  SearchQuery q;
  q.text = text;
  q.limit = 50;
  const auto fast = search::search(db, q);
  q.kinds = {"interview", "ticket", "review", "survey", "note"};
  const auto joined = search::search(db, q);
  INFO(text);
  CHECK(hit_ids(fast) == hit_ids(joined));
  CHECK(fast.total == joined.total);
  CHECK(fast.matches == joined.matches);
  CHECK(fast.facets_kind == joined.facets_kind);
  CHECK(fast.facets_role == joined.facets_role);
  CHECK(fast.facets_study == joined.facets_study);
  for (std::size_t i = 0; i < fast.hits.size() && i < joined.hits.size(); ++i)
    CHECK(fast.hits[i].customer_speech == joined.hits[i].customer_speech);
}

}  // namespace

TEST_CASE("unfiltered search reads match attributes from memory and agrees with the joined rows") {
  TempDb temp;
  store::Database db = store::Database::open(temp.path);
  const Id interview = add_source(
      db, SourceKind::interview, "Interview", {}, {}, "2024-03-05",
      {{"Interviewer", SpeakerRole::interviewer, "How is the price for you?"},
       {"Dana", SpeakerRole::participant, "The price is the main problem, and the résumé export fails."},
       {"Dana", SpeakerRole::participant, "日本語のテキストも使っています。価格 price"}});
  add_source(db, SourceKind::ticket, "Ticket", {}, {}, "2025-01-10",
             {{"Customer", SpeakerRole::customer, "The price went up and the export broke."},
              {"Agent", SpeakerRole::agent, "Sorry about the price change."}});
  for (const char* text : {"price", "résumé", "resume", "日本語", "export", "price -export", "pri*"})
    check_same_as_joined(db, text);

  SearchQuery q;
  q.text = "price";
  CHECK(search::search(db, q).facets_kind.at("ticket") == 2);
  // A changed kind is seen at once (search_generation drops the table).
  db.exec("UPDATE sources SET kind = 'review' WHERE title = 'Ticket'");
  auto changed = search::search(db, q);
  CHECK(changed.facets_kind.count("ticket") == 0);
  CHECK(changed.facets_kind.at("review") == 2);
  check_same_as_joined(db, "price");
  // An excerpt added since is appended, and counted.
  add_source(db, SourceKind::note, "Note", {}, {}, "2025-02-01", {{"", SpeakerRole::author, "price price price"}});
  auto added = search::search(db, q);
  CHECK(added.total == changed.total + 1);
  CHECK(added.facets_kind.at("note") == 1);
  REQUIRE(!added.hits.empty());
  CHECK(added.hits[0].source_title == "Note");
  check_same_as_joined(db, "price");
  // A deleted source is gone from hits, counts and facets.
  store::delete_source(db, interview);
  auto deleted = search::search(db, q);
  CHECK(deleted.total == added.total - 3);
  CHECK(deleted.facets_kind.count("interview") == 0);
  check_same_as_joined(db, "price");
}

TEST_CASE("on a database file every match is ranked too: the best old matches win over newer ones") {
  TempDb temp;
  store::Database db = store::Database::open(temp.path);
  std::vector<Id> ids = add_common_notes(db);
  add_notes(db, "Newer", std::vector<std::string>(30, "a newer and much longer note that says common once among many words"));
  SearchQuery q;
  q.text = "common";
  q.limit = 3;
  auto r = search::search(db, q);
  CHECK(r.matches == 80);
  CHECK(r.total_exact);
  CHECK(hit_ids(r) == std::vector<Id>{ids[2], ids[1], ids[0]});
}

TEST_CASE("a query slow to rank is kept like a very common one, with the same answer") {
  TempDb temp;
  store::Database db = store::Database::open(temp.path);
  add_common_notes(db);
  SearchQuery q;
  q.text = "common";
  q.limit = 3;  // the three best score above the rest, which tie
  q.kept_per_group = 10;
  q.keep_after_ms = 1e-6;  // every ranking counts as slow
  auto first = search::search(db, q);
  CHECK_FALSE(first.ranked_subset);
  auto second = search::search(db, q);
  CHECK(second.ranked_subset);
  CHECK(second.ranked == 10);
  CHECK(hit_ids(second) == hit_ids(first));
  CHECK(second.total == 50);
  CHECK(second.total_exact);
  // Few matches (no more than are kept) are never kept: nothing to save.
  q.text = "odd";
  q.kept_per_group = 1000;
  search::search(db, q);
  CHECK_FALSE(search::search(db, q).ranked_subset);
  q.keep_after_ms = 0;
  CHECK_THROWS_AS(search::search(db, q), Error);
}

TEST_CASE("warm_up reads the attribute table once; later searches reuse it until something changes") {
  TempDb temp;
  store::Database db = store::Database::open(temp.path);
  std::vector<Id> ids = add_common_notes(db);
  search::warm_up(db);
  const std::string key = search::kept_rankings_key(db);
  auto table = search::attribute_table(db, key, search::search_generation(db));
  REQUIRE(table);
  CHECK(table->watermark == ids.back());
  CHECK(search::attribute_table(db, key, search::search_generation(db)) == table);  // not read again
  REQUIRE(table->find(ids[0]));
  CHECK(table->kinds.at(table->find(ids[0])->kind) == "note");
  CHECK_FALSE(table->find(ids.back() + 1));
  std::vector<Id> more = add_notes(db, "More", {"common again"});
  auto appended = search::attribute_table(db, key, search::search_generation(db));
  REQUIRE(appended);
  CHECK(appended != table);
  CHECK(appended->watermark == more[0]);
  CHECK(appended->find(ids[0]));
}
