// The UTF-8-aware string helpers (text/strings.hpp) on non-ASCII text.
#include <doctest/doctest.h>

#include <string>

#include "text/strings.hpp"
#include "text/utf8.hpp"

namespace t = grounded::text;

TEST_CASE("trim and unquote remove whole characters, never single bytes") {
  CHECK(t::trim("  \t résumé \n") == "résumé");
  CHECK(t::trim("\u00A0\u3000日本語\u3000") == "日本語");  // no-break and ideographic spaces
  CHECK(t::trim("   ") == "");
  CHECK(t::unquote("“We rely on it”") == "We rely on it");
  CHECK(t::unquote("«Ça marche»") == "Ça marche");
  CHECK(t::unquote("\"plain\"") == "plain");
  // Characters sharing bytes with “ ” (E2 80 9C / 9D) survive whole.
  CHECK(t::unquote("…so we paid €40 — twice’") == "…so we paid €40 — twice’");
  CHECK(t::unquote("“\xA6We rely") == "\uFFFDWe rely");  // invalid input comes back valid
  CHECK(t::is_valid_utf8(t::unquote("“…”")));
}

TEST_CASE("lower and capitalise follow Unicode case rules") {
  CHECK(t::lower("NetSuite") == "netsuite");
  CHECK(t::lower("ÉTÉ À PARIS") == "été à paris");
  CHECK(t::lower("ПРИВЕТ") == "привет");
  CHECK(t::lower("日本語") == "日本語");
  CHECK(t::capitalise("été") == "Été");
  CHECK(t::capitalise("щука") == "Щука");
  CHECK(t::capitalise("manual re-keying") == "Manual re-keying");
  CHECK(t::capitalise("") == "");
}

TEST_CASE("shorten counts characters and never cuts one in half") {
  CHECK(t::shorten("short", 10) == "short");
  CHECK(t::shorten("one two three four five", 12) == "one two…");
  // Cyrillic: 2 bytes a letter; the limit is in characters.
  CHECK(t::shorten("счёт фактура оплачена", 12) == "счёт фактура…");
  CHECK(t::char_count(t::shorten("счётфактураоплачена", 5)) == 6);
  // CJK has no spaces: cut at a character boundary.
  CHECK(t::shorten("請求書の処理に時間がかかる", 4) == "請求書の…");
  // An emoji family (ZWJ sequence) at the cut point is kept whole or dropped whole.
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  const std::string s = t::shorten("ab" + family + "cd", 4);
  CHECK(t::is_valid_utf8(s));
  CHECK((s == "ab…" || s == "ab" + family + "…"));
  // An accent written as a combining mark stays with its letter.
  CHECK(t::shorten("cafe\u0301s", 4) == "caf…");
  for (const char* sample : {"…—’€ЖЖЖ", "“quoted”", "😀😀😀😀😀😀"})
    for (std::size_t n = 0; n < 8; ++n) CHECK(t::is_valid_utf8(t::shorten(sample, n)));
}

TEST_CASE("grapheme boundaries") {
  const std::string e = "e\u0301x";  // e + combining acute, then x
  CHECK(t::grapheme_floor(e, 1) == 0);
  CHECK(t::grapheme_ceil(e, 1) == 3);
  CHECK(t::grapheme_floor(e, 3) == 3);
  CHECK(t::grapheme_floor("日本", 4) == 3);
  CHECK(t::grapheme_ceil("日本", 4) == 6);
  CHECK(t::grapheme_floor("abc", 99) == 3);
}

TEST_CASE("slug keeps letters of any script and counts characters") {
  CHECK(t::slug("Re-keying “invoices” — NetSuite") == "re-keying-invoices-netsuite");
  CHECK(t::slug("Überweisung  für Rechnungen") == "überweisung-für-rechnungen");
  CHECK(t::slug("请求书 处理") == "请求书-处理");
  CHECK(t::slug("customers’ invoices!") == "customers-invoices");
  CHECK(t::slug("  ...  ") == "");
  std::string long_cyrillic;
  for (int i = 0; i < 100; ++i) long_cyrillic += "ж";
  CHECK(t::slug(long_cyrillic).size() == 160);  // 80 characters of 2 bytes
  CHECK(t::char_count(t::slug("a b c d e f", 4)) <= 4);
  CHECK(t::slug("a b c d e f", 4).back() != '-');
}
