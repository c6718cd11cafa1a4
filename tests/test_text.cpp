// Tests of src/text: the analyzer, the "grounded" FTS5 tokenizer on a real
// SQLite FTS5 table, and the UTF-8 helpers.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "text/analyzer.hpp"
#include "text/fts_tokenizer.hpp"
#include "text/index_terms.hpp"
#include "text/utf8.hpp"

using grounded::text::folded_terms;
using grounded::text::index_terms;
using Terms = std::vector<std::string>;

namespace {

// A private in-memory FTS5 table using the tokenizer, fed rows in order
// (rowid 1, 2, ...).
class FtsTable {
 public:
  explicit FtsTable(const std::vector<std::string>& rows) {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    grounded::text::register_fts_tokenizer(db_);
    exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='grounded')");
    for (const auto& row : rows) {
      sqlite3_stmt* st = nullptr;
      REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO t(text) VALUES (?1)", -1, &st, nullptr) == SQLITE_OK);
      sqlite3_bind_text(st, 1, row.data(), static_cast<int>(row.size()), SQLITE_TRANSIENT);
      REQUIRE(sqlite3_step(st) == SQLITE_DONE);
      sqlite3_finalize(st);
    }
  }
  ~FtsTable() { sqlite3_close(db_); }

  void exec(const char* sql) { REQUIRE(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }

  std::vector<long long> match(const std::string& expr) {
    std::vector<long long> ids;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(st, 0));
    CHECK(rc == SQLITE_DONE);
    sqlite3_finalize(st);
    return ids;
  }

  std::string highlight(const std::string& expr) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct Word {
  std::string term;
  int start, end;
};

std::vector<Word> analyze(std::string_view text, bool stem = true, bool fast_path = true) {
  grounded::text::Analyzer analyzer;
  analyzer.set_ascii_fast_path(fast_path);
  std::vector<Word> words;
  analyzer.run(text, stem,
               [](void* ctx, std::string_view term, std::string_view, int start, int end) {
                 static_cast<std::vector<Word>*>(ctx)->push_back({std::string(term), start, end});
                 return 0;
               },
               &words);
  return words;
}

}  // namespace

TEST_CASE("english words are folded and stemmed") {
  CHECK(index_terms("Pricing is PRICED by the price") == Terms{"price", "is", "price", "by", "the", "price"});
  CHECK(folded_terms("Pricing, priced!") == Terms{"pricing", "priced"});
  CHECK(index_terms("don't") == index_terms("don\u2019t"));
  CHECK(index_terms("...   --- !!!").empty());
  CHECK(index_terms("").empty());
  CHECK(index_terms("2024 costs $3.50") == Terms{"2024", "cost", "3.50"});
}

TEST_CASE("diacritics and compatibility forms fold away") {
  CHECK(index_terms("résumé") == index_terms("resume"));
  CHECK(index_terms("RÉSUMÉ") == index_terms("resume"));
  CHECK(index_terms("re\u0301sume\u0301") == index_terms("resume"));  // decomposed input
  CHECK(folded_terms("ﬁnance Ｆｕｌｌ") == Terms{"finance", "full"});
  CHECK(folded_terms("Straße") == Terms{"strasse"});
  CHECK(folded_terms("Ελληνικά") == Terms{"ελληνικα"});
  // Japanese voiced kana keep their mark: が and か are different sounds.
  CHECK(folded_terms("が") != folded_terms("か"));
}

TEST_CASE("CJK text is split into dictionary words") {
  const Terms terms = folded_terms("日本語のテキスト");
  CHECK(terms.size() >= 3);
  CHECK(std::find(terms.begin(), terms.end(), "日本語") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "テキスト") != terms.end());
  CHECK(folded_terms("我们的价格太高了").size() >= 3);
}

TEST_CASE("emoji are not terms") {
  CHECK(index_terms("love it 😀👍🏽 👨‍👩‍👧") == Terms{"love", "it"});
  CHECK(index_terms("😀").empty());
}

TEST_CASE("offsets point into the original multi-byte input") {
  const std::string text = "Le résumé — 日本語 OK";
  const auto words = analyze(text);
  REQUIRE(words.size() >= 4);
  for (const auto& w : words) {
    const std::string original = text.substr(static_cast<std::size_t>(w.start), static_cast<std::size_t>(w.end - w.start));
    CHECK(folded_terms(original).size() == 1);
  }
  CHECK(text.substr(static_cast<std::size_t>(words[1].start), static_cast<std::size_t>(words[1].end - words[1].start)) ==
        "résumé");
  CHECK(words.back().term == "ok");
  CHECK(words.back().start == static_cast<int>(text.size()) - 2);
}

TEST_CASE("invalid UTF-8 and long words do not crash the analyzer") {
  CHECK(index_terms(std::string("ab\xff\xfe cd", 7)) == Terms{"ab", "cd"});
  CHECK(index_terms(std::string(10000, 'a')).empty());
  CHECK(index_terms(std::string("a\0b", 3)).size() == 2);
}

TEST_CASE("the FTS5 tokenizer finds stems, folded accents and CJK words") {
  FtsTable t({"We discussed pricing at length", "The price was too high", "My résumé is attached",
              "Résumé of the call", "日本語のテキストです", "Nothing relevant 😀", "They priced it per seat"});
  CHECK(t.match("price") == std::vector<long long>{1, 2, 7});
  CHECK(t.match("pricing") == std::vector<long long>{1, 2, 7});
  CHECK(t.match("resume") == std::vector<long long>{3, 4});
  CHECK(t.match("RÉSUMÉ") == std::vector<long long>{3, 4});
  CHECK(t.match("日本語") == std::vector<long long>{5});
  CHECK(t.match("テキスト") == std::vector<long long>{5});
  CHECK(t.match("\"per seats\"") == std::vector<long long>{7});
  CHECK(t.highlight("resume") == "My [résumé] is attached");
  CHECK(t.highlight("日本語") == "[日本語]のテキストです");
}

TEST_CASE("prefix queries are not stemmed") {
  FtsTable t({"pricing model", "priced out", "the price", "prickly pear", "pricey"});
  // `pric*` is compared with unstemmed words too: stemming it would ask for
  // "pric" and the same; but `pricing*` must find "pricing" although the
  // indexed stem is "price".
  CHECK(t.match("pric*") == std::vector<long long>{1, 2, 3, 4, 5});
  CHECK(t.match("pricing*") == std::vector<long long>{1});
  CHECK(t.match("priced*") == std::vector<long long>{2});
  // Unstemmed, "prices" is not a prefix of anything indexed here.
  CHECK(t.match("prices*").empty());
  CHECK(t.match("prices") == std::vector<long long>{1, 2, 3});
}

TEST_CASE("unknown tokenizer options are refused") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  grounded::text::register_fts_tokenizer(db);
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='grounded nonsense')", nullptr, nullptr,
                     nullptr) != SQLITE_OK);
  sqlite3_close(db);
}

TEST_CASE("UTF-8 validation and repair") {
  using grounded::text::is_valid_utf8;
  using grounded::text::repair_utf8;
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("résumé 日本語 😀"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("abc\xE2\x82"));       // truncated
  CHECK(repair_utf8("résumé") == "résumé");
  CHECK(repair_utf8("a\xFF" "b") == "a\uFFFD" "b");
  CHECK(repair_utf8("abc\xE2\x82") == "abc\uFFFD");        // one maximal subpart
  CHECK(repair_utf8("\xE2\x82" "x") == "\uFFFD" "x");
  CHECK(repair_utf8("\xC0\xAF") == "\uFFFD\uFFFD");
  CHECK(is_valid_utf8(repair_utf8("\x80\x81\xF0\x9F\x98")));
}

TEST_CASE("the ASCII fast path splits words exactly like ICU") {
  const std::vector<std::string> samples = {
      "Hello, world! It's 3.50 or 1,000,000; e.g. a:b c.d. x_y __ _a a_ 1_2 'quoted' don't ...",
      "text:foo ^x +y -z a--b a..b 1..2 1.a a1.b a.1 3;4 a;b a'b' ''a'' :a: 12:30 v1.2.3 Q&A",
      "tab\there\nnew line\r\n end.", "_", "___", "a", "9", "'", "a'", "'a", "a.", ".a", "", "  "};
  for (const auto& text : samples) {
    const auto fast = analyze(text, true, true), icu = analyze(text, true, false);
    REQUIRE_MESSAGE(fast.size() == icu.size(), text);
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK_MESSAGE(fast[i].term == icu[i].term, text);
      CHECK(fast[i].start == icu[i].start);
      CHECK(fast[i].end == icu[i].end);
    }
  }
  // Random strings over the characters whose rules differ.
  const std::string alphabet = "aZk09_:.',; -!\n\"(";
  std::uint64_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = 1 + static_cast<int>(round % 24);
    for (int i = 0; i < length; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(state >> 33) % alphabet.size()];
    }
    const auto fast = analyze(text, false, true), icu = analyze(text, false, false);
    bool same = fast.size() == icu.size();
    for (std::size_t i = 0; same && i < fast.size(); ++i) {
      same = fast[i].term == icu[i].term && fast[i].start == icu[i].start && fast[i].end == icu[i].end;
    }
    CHECK_MESSAGE(same, "differs on: [" << text << "]");
    if (!same) break;
  }
}
