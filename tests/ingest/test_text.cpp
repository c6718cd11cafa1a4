// The building blocks: CSV reader, decoding, redaction, digests,
// segmentation, roles and pseudonyms.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/encoding.hpp"
#include "ingest/pseudonymize.hpp"
#include "ingest/redact.hpp"
#include "ingest/roles.hpp"
#include "ingest/segmenter.hpp"
#include "ingest/sha256.hpp"
#include "ingest/text_util.hpp"

using namespace grounded;
using namespace grounded::ingest;

TEST_CASE("CSV: quotes, doubled quotes, embedded newlines, CRLF, BOM, blank lines") {
  auto t = read_csv("\xEF\xBB\xBFid,text\r\n1,\"a, \"\"quoted\"\"\r\nline\"\r\n\r\n2,plain\r\n3,\n");
  REQUIRE(t.header.size() == 2);
  CHECK(t.header[0] == "id");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][1] == "a, \"quoted\"\nline");
  CHECK(t.rows[1][1] == "plain");
  CHECK(t.row_lines[1] == 5);
  CHECK(t.rows[2][1] == "");
  CHECK(t.column("TEXT") == 1u);
}

TEST_CASE("CSV: semicolon delimiter and short rows padded") {
  auto t = read_csv("a;b;c\n1;2\n");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].size() == 3);
  CHECK(t.rows[0][1] == "2");
}

TEST_CASE("CSV: an unterminated quote names the line where it opened") {
  CHECK_THROWS_WITH_AS(read_csv("id,text\n1,ok\n2,\"never closed\n3,more\n"), doctest::Contains("line 3"), Error);
  CHECK_THROWS_WITH_AS(read_csv("id,text\n1,\"closed\"junk\n"), doctest::Contains("line 2"), Error);
}

TEST_CASE("decoding: UTF-8 BOM, UTF-16 LE/BE, Windows-1252, broken UTF-8, empty") {
  CHECK(decode_text("\xEF\xBB\xBFhi\r\nthere").text == "hi\nthere");
  auto le = decode_text(std::string("\xFF\xFEh\0\xE9\0", 6));
  CHECK(le.text == "h\xC3\xA9");
  CHECK(le.encoding == "utf-16le");
  CHECK(decode_text(std::string("\xFE\xFF\0h\0i", 6)).text == "hi");
  auto latin = decode_text("Caf\xE9 cr\xE8me \x80 5");
  CHECK(latin.text == "Caf\xC3\xA9 cr\xC3\xA8me \xE2\x82\xAC 5");
  CHECK(valid_utf8(latin.text));
  // Valid UTF-8 with one broken sequence: rejected with its offset.
  CHECK_THROWS_WITH_AS(decode_text("caf\xC3\xA9 and \xC3\x28 oops"), doctest::Contains("byte offset 10"), Error);
  CHECK_THROWS_WITH_AS(decode_text(""), doctest::Contains("empty"), Error);
  // NFC: e + combining acute becomes é.
  CHECK(decode_text("e\xCC\x81").text == "\xC3\xA9");
}

TEST_CASE("sha256 matches known vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("redaction: e-mails, phones and cards") {
  RedactionCounts c;
  CHECK(redact_pii("Mail anna.k+x@mail.example.co.uk today.", &c) == "Mail [email] today.");
  CHECK(redact_pii("Call +44 20 7946 0958 or (555) 123-4567 or 555.123.4567.", &c) ==
        "Call [phone] or [phone] or [phone].");
  CHECK(redact_pii("Ring 030 1234 5678 please", &c) == "Ring [phone] please");
  CHECK(redact_pii("Card 4111 1111 1111 1111 and 5500-0000-0000-0004.", &c) == "Card [card] and [card].");
  CHECK(c[PiiType::email] == 1);
  CHECK(c[PiiType::phone] == 4);
  CHECK(c[PiiType::card] == 2);
}

TEST_CASE("redaction leaves dates, times, prices, amounts and order numbers alone") {
  for (const char* s : {"Payout 2024-03-08 shows 3,512.00 EUR", "It was 12.03.2024 at 09:12:44.",
                        "We paid $1,240 instead of 1,512.", "Order 123-456-7890 shipped", "Invoice #4111111111111111",
                        "ticket 1709367249137", "a total of 1 512 000 000 units", "between 2019 and 2024",
                        "version 4.12.0 on 03/12/2024", "4111 1111 1111 1112 fails Luhn", "INV-2024-000123",
                        "Contact ID 101000451"}) {
    CAPTURE(s);
    CHECK(redact_pii(s) == s);
  }
}

TEST_CASE("segmenter: offsets point at the text; long turns split at sentences with interpolated times") {
  ParsedSource src;
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "This is sentence number " + std::to_string(i) + " of a long answer. ";
  src.turns.push_back({"Ana", SpeakerRole::interviewer, "", "Why?", 0, {}, 1});
  src.turns.push_back({"Bo", SpeakerRole::participant, "", long_text, 10000, 70000, 2});
  src.turns.push_back({"Ana", SpeakerRole::interviewer, "", "Thanks — grüße.", 80000, {}, 3});
  Segmenter seg;
  auto out = seg.segment(src);
  REQUIRE(out.excerpts.size() > 3);
  CHECK(out.body.substr(0, 10) == "Ana: Why?\n");
  CHECK(out.excerpts[0].end_ms == 10000);  // end = next turn's start
  std::int64_t prev_end = 10000;
  for (const auto& e : out.excerpts) {
    CAPTURE(e.ordinal);
    CHECK(out.body.substr(e.start_byte, e.end_byte - e.start_byte) == e.text);
    CHECK(e.text.size() <= 600);
    if (e.speaker == "Bo") {
      CHECK(e.text.size() >= 100);
      CHECK(*e.start_ms >= prev_end - 1);
      prev_end = *e.end_ms;
    }
  }
  CHECK(prev_end <= 70000);
  CHECK(prev_end > 60000);
  CHECK(out.excerpts.back().text == "Thanks — grüße.");
}

TEST_CASE("roles: label words, question counting, --interviewer override") {
  ParsedSource a;
  a.turns = {{"Moderator", SpeakerRole::unknown, "", "Hi.", {}, {}, 1}, {"Kim", SpeakerRole::unknown, "", "Hello? Is this on?", {}, {}, 2}};
  assign_interview_roles(a, "");
  CHECK(a.turns[0].role == SpeakerRole::interviewer);
  CHECK(a.turns[1].role == SpeakerRole::participant);
  ParsedSource b;
  b.turns = {{"Kim", SpeakerRole::unknown, "", "We use Excel.", {}, {}, 1}, {"Lee", SpeakerRole::unknown, "", "Why Excel?", {}, {}, 2},
             {"Kim", SpeakerRole::unknown, "", "Habit.", {}, {}, 3}, {"Lee", SpeakerRole::unknown, "", "What breaks?", {}, {}, 4}, {"", SpeakerRole::unknown, "", "Yeah.", {}, {}, 5}};
  assign_interview_roles(b, "");
  CHECK(b.turns[0].role == SpeakerRole::participant);
  CHECK(b.turns[1].role == SpeakerRole::interviewer);
  CHECK(b.turns[4].role == SpeakerRole::unknown);
  for (auto& t : b.turns) t.role = SpeakerRole::unknown;
  assign_interview_roles(b, "kim");
  CHECK(b.turns[0].role == SpeakerRole::interviewer);
  CHECK(b.turns[1].role == SpeakerRole::participant);
}

TEST_CASE("pseudonymizer: full names, first names alone, word boundaries") {
  Pseudonymizer p;
  p.add("Dev Castellano", "P1");
  p.add("Marta Okonkwo-Lind", "I1");
  CHECK(p.apply("Thanks, Dev. Marta Okonkwo-Lind here; Devon and Development stay.") ==
        "Thanks, P1. I1 here; Devon and Development stay.");
  CHECK(p.apply("Castellano said so") == "P1 said so");
  Pseudonymizer q;
  q.add("Speaker 1", "P2");
  CHECK(q.apply("Speaker 1 and Speaker 10") == "P2 and Speaker 10");
}
