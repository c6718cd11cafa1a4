// The parsers, one format at a time, through format detection (parse_file).
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "ingest/detect.hpp"
#include "ingest/tickets.hpp"
#include "ingest/text_util.hpp"
#include "fixture.hpp"

using namespace grounded;
using namespace grounded::ingest;

namespace {
ParsedFile parse(const std::string& name, std::optional<SourceKind> kind = {},
                 const std::map<std::string, std::string>& map = {}) {
  return parse_file(name, ingest_fixture(name), kind, map);
}
ParsedFile parse_text(const std::string& name, const std::string& text) { return parse_file(name, text, {}, {}); }
std::string error_of(const std::string& name, const std::string& bytes, ErrorKind* kind = nullptr) {
  try {
    parse_file(name, bytes, {}, {});
  } catch (const Error& e) {
    if (kind) *kind = e.kind();
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("Zoom WebVTT: first-colon split, merged cues, unprefixed cue") {
  auto f = parse("zoom.vtt");
  CHECK(f.format == "webvtt");
  REQUIRE(f.sources.size() == 1);
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 7);
  CHECK(t[0].speaker == "Marta Okonkwo-Lind");
  CHECK(t[0].start_ms == 2140);
  CHECK(t[3].speaker == "Dev Castellano");
  CHECK(t[3].text == "I retype the line items because the import never maps our SKUs right. That part eats maybe an hour a week.");
  CHECK(t[3].end_ms == 31050);
  CHECK(t[4].speaker == "");  // "Yeah." has no speaker
  CHECK(t[5].text.find("what happens: wrong prices?") != std::string::npos);
}

TEST_CASE("Teams WebVTT: voice spans, GUID cue ids, entities, NOTE skipped") {
  auto f = parse("teams.vtt");
  CHECK(f.format == "webvtt_teams");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 4);
  CHECK(t[0].speaker == "Hanne Solberg");
  CHECK(t[3].speaker == "Rafael Quint");
  CHECK(t[3].text == "Anything over 5,000 goes to our controller: the account manager & me. There is no trail <at all>.");
}

TEST_CASE("Teams Graph WebVTT: unpadded timestamps and multi-line cues") {
  auto f = parse("teams_graph.vtt");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 3);
  CHECK(t[0].start_ms == 0);
  CHECK(t[1].start_ms == 5320);
  CHECK(t[1].text == "Sure, sharing now. This is the draft list.");
  CHECK(t[2].start_ms == 62250);
}

TEST_CASE("truncated WebVTT keeps the complete cues and warns") {
  auto f = parse("truncated.vtt");
  REQUIRE(f.sources[0].turns.size() == 2);
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0].find("line 12") != std::string::npos);
}

TEST_CASE("a broken timing line inside a WebVTT file is an error naming the line") {
  std::string msg = error_of("broken_timing.vtt", ingest_fixture("broken_timing.vtt"));
  CHECK(msg.find("line 8") != std::string::npos);
  CHECK(error_of("x.vtt", "Hello: there\n").find("WEBVTT") != std::string::npos);
}

TEST_CASE("SRT with CRLF: prefix only on the first cue of a turn") {
  auto f = parse("speakers.srt");
  CHECK(f.format == "srt");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 4);
  CHECK(t[1].speaker == "Tomasz Wierzbicki");
  CHECK(t[1].text ==
        "The automatic reminder goes out on day seven, but the wording is so stiff that two clients asked if we were a "
        "collection agency.");
  CHECK(t[2].speaker == "");
  CHECK(t[3].start_ms == 3604480);
}

TEST_CASE("Otter text: header lines, nameless header, hour timestamps, footer dropped") {
  auto f = parse("otter.txt");
  CHECK(f.format == "otter_txt");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 5);
  CHECK(t[1].text == "Mostly I do not. The reminder is so stiff.\nWe turned it off in January.");
  CHECK(t[2].speaker == "Unknown Speaker");  // kept: a voice the tool could not name (test_speakers.cpp)
  CHECK(t[3].speaker == "Unknown Speaker");  // the nameless header: Otter could not tell who spoke
  CHECK(t[3].start_ms == 52000);
  CHECK(t[4].start_ms == 3604000);
  CHECK(t[4].text.find("otter.ai") == std::string::npos);
}

TEST_CASE("Rev AI and Rev web transcripts") {
  auto ai = parse("rev_ai.txt");
  CHECK(ai.format == "rev_ai_txt");
  REQUIRE(ai.sources[0].turns.size() == 4);
  CHECK(ai.sources[0].turns[1].speaker == "Speaker 1");
  CHECK(ai.sources[0].turns[1].start_ms == 7000);
  CHECK(ai.sources[0].turns[1].text == "Every Monday I export the payouts as CSV.");
  auto web = parse("rev_web.txt");
  CHECK(web.format == "rev_txt");
  REQUIRE(web.sources[0].turns.size() == 3);
  CHECK(web.sources[0].turns[2].start_ms == 3760000);
}

TEST_CASE("Google Meet text: BOM, CRLF, date line, markers, trailer") {
  auto f = parse("meet.txt");
  CHECK(f.format == "google_meet_txt");
  const auto& s = f.sources[0];
  CHECK(s.occurred_at == "2024-03-12");
  CHECK(s.title == "Tallyforge onboarding interview");
  REQUIRE(s.turns.size() == 4);
  CHECK(s.turns[0].speaker == "Jun Ito-Barnes");
  CHECK(s.turns[0].start_ms == 0);
  CHECK(s.turns[3].start_ms == 108000);
  for (const auto& t : s.turns) CHECK(t.text.find("computer generated") == std::string::npos);
}

TEST_CASE("Markdown with bold speakers and continuation lines") {
  auto f = parse("interview.md");
  CHECK(f.format == "markdown");
  const auto& s = f.sources[0];
  CHECK(s.title == "Interview with a bookkeeper");
  REQUIRE(s.turns.size() == 4);
  CHECK(s.turns[1].speaker == "Lena Park");
  CHECK(s.turns[1].text == "Mostly spreadsheets.\nAnd a shared inbox.");
}

TEST_CASE("plain Name: text with bracketed timestamps and colons in speech") {
  auto f = parse_text("a.txt",
                      "[00:00:05] Interviewer: What do you use?\n[00:00:09] Interviewee: Excel: the old one.\n"
                      "It crashes.\n[00:01:00] Interviewer: Why?\n");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 3);
  CHECK(t[1].speaker == "Interviewee");
  CHECK(t[1].text == "Excel: the old one.\nIt crashes.");
  CHECK(t[2].start_ms == 60000);
}

TEST_CASE("DOCX: paragraphs, soft breaks and tabs; Teams headers") {
  auto f = parse("teams.docx");
  CHECK(f.format == "docx");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 2);
  CHECK(t[0].speaker == "Hanne Solberg");
  CHECK(t[0].text == "Who approves invoices today?");
  CHECK(t[1].text == "Our controller & me.\tBy email.");
  CHECK(t[1].start_ms == 9000);
}

TEST_CASE("a DOCX that is not a zip, or a damaged zip, is a clear error") {
  CHECK(error_of("x.docx", ingest_fixture("not_a_zip.docx")).find("not a zip archive") != std::string::npos);
  CHECK(error_of("y.docx", ingest_fixture("broken.docx")).find("DOCX") != std::string::npos);
}

TEST_CASE("Fireflies JSON: sentences merged into turns") {
  auto f = parse("fireflies.json");
  CHECK(f.format == "fireflies_json");
  const auto& s = f.sources[0];
  CHECK(s.occurred_at == "2024-03-12T14:00:00Z");
  REQUIRE(s.turns.size() == 2);
  CHECK(s.turns[1].text == "A credit note can't be applied to two invoices. We split it by hand.");
  CHECK(s.turns[1].start_ms == 7050);
  CHECK(s.turns[1].end_ms == 15220);
}

TEST_CASE("empty file, whitespace, 0-turn transcript, binary") {
  ErrorKind kind{};
  CHECK(error_of("e.txt", "", &kind).find("empty") != std::string::npos);
  CHECK(kind == ErrorKind::invalid_input);
  CHECK(error_of("w.txt", "  \n \n").find("whitespace") != std::string::npos);
  CHECK(error_of("n.txt", "just a paragraph of notes with no speakers at all.\nAnother line.\n", &kind)
            .find("no speaker turns") != std::string::npos);
  CHECK(kind == ErrorKind::invalid_input);
  error_of("b.bin", std::string("\x01\x02\x00\x05\x00\x00\x07", 7), &kind);
  CHECK(kind == ErrorKind::unsupported_format);
  error_of("p.pdf", "%PDF-1.4 ...", &kind);
  CHECK(kind == ErrorKind::unsupported_format);
}

TEST_CASE("ticket CSV with a Comments cell, roles and meta") {
  auto f = parse("tickets_comments.csv");
  CHECK(f.format == "tickets_csv");
  REQUIRE(f.sources.size() == 2);
  const auto& s = f.sources[0];
  CHECK(s.kind == SourceKind::ticket);
  CHECK(s.title == "VAT missing on EU invoices");
  CHECK(s.participant_name == "Lucia Ferreira");
  CHECK(s.account_name == "Northwind Rentals");
  CHECK(s.occurred_at == "2024-03-04 09:12:44");
  CHECK(s.origin_suffix == "#T-1");
  REQUIRE(s.turns.size() == 4);
  CHECK(s.turns[0].role == SpeakerRole::customer);
  CHECK(s.turns[0].text.find("1,240 instead of 1,512") != std::string::npos);
  CHECK(s.turns[1].role == SpeakerRole::agent);
  CHECK(s.turns[1].speaker == "Kofi Mensah");
  CHECK(s.turns[2].role == SpeakerRole::customer);
  CHECK(s.turns[2].text == "Thank you. It happened again today.\nPlease hurry.");
  CHECK(s.meta["tags"] == nlohmann::json::array({"vat", "eu"}));
  CHECK(s.meta.dump().find("lucia@") == std::string::npos);  // e-mail column not kept
  CHECK(f.sources[1].title == "Import fails on \"row 212\"");
}

TEST_CASE("ticket CSV --map overrides and unknown columns") {
  std::string csv = "Num,Headline,Words,Who\n1,Slow export,The export takes an hour.,Ana\n";
  auto f = parse_file("t.csv", csv, SourceKind::ticket, {{"body", "Words"}, {"requester", "Who"}, {"subject", "Headline"}});
  REQUIRE(f.sources.size() == 1);
  CHECK(f.sources[0].turns[0].text == "The export takes an hour.");
  CHECK(f.sources[0].participant_name == "Ana");
  CHECK(f.sources[0].title == "Slow export");
  CHECK_THROWS_WITH_AS(parse_file("t.csv", csv, SourceKind::ticket, {{"body", "Nope"}}),
                       doctest::Contains("no column `Nope`"), Error);
  ErrorKind kind{};
  error_of("t.csv", csv, &kind);
  CHECK(kind == ErrorKind::unsupported_format);
}

TEST_CASE("Zendesk comments JSON leaves internal notes out") {
  auto f = parse("zendesk_comments.json");
  CHECK(f.format == "zendesk_comments_json");
  const auto& t = f.sources[0].turns;
  REQUIRE(t.size() == 2);
  CHECK(t[0].role == SpeakerRole::customer);
  CHECK(t[1].role == SpeakerRole::agent);
  for (const auto& turn : t) CHECK(turn.text.find("INTERNAL") == std::string::npos);
}

TEST_CASE("Intercom conversation: HTML stripped, notes and empty parts dropped") {
  auto f = parse("intercom.json");
  CHECK(f.format == "intercom_json");
  const auto& s = f.sources[0];
  CHECK(s.participant_name == "Sofia Marchetti");
  CHECK(s.occurred_at == "2024-03-07T09:01:52Z");
  REQUIRE(s.turns.size() == 4);
  CHECK(s.turns[0].text == "Hi! Can I pause a recurring invoice for one client & keep the schedule?");
  CHECK(s.turns[1].role == SpeakerRole::agent);
  CHECK(s.turns[1].text == "Have you tried Edit schedule > End date?");
  CHECK(s.turns[3].speaker == "Kofi Mensah");
  for (const auto& t : s.turns) CHECK(t.text.find("INTERNAL") == std::string::npos);
}

TEST_CASE("G2 review CSV: question columns, anonymous reviewer, meta") {
  auto f = parse("g2_reviews.csv");
  CHECK(f.format == "g2_csv");
  REQUIRE(f.sources.size() == 2);
  const auto& s = f.sources[0];
  CHECK(s.kind == SourceKind::review);
  CHECK(s.title == "Recurring billing finally runs itself");
  REQUIRE(s.turns.size() == 3);
  CHECK(s.turns[1].heading == "Dislikes");
  CHECK(s.turns[1].role == SpeakerRole::author);
  CHECK(s.turns[1].text == "You cannot pause a schedule.\nImport errors say \"invalid row\".");
  CHECK(s.meta["rating"] == 4.5);
  CHECK(s.meta["company_size"] == "Small-Business (50 or fewer emp.)");
  CHECK(s.participant_role == "Studio Manager");
  CHECK(f.sources[1].participant_name == "");  // "Verified User in Accounting"
  CHECK(f.sources[1].title == "Multi-currency invoices.");
}

TEST_CASE("Google Play CSV in UTF-16LE: rating-only rows skipped with a count") {
  auto f = parse("google_play_reviews.csv");
  CHECK(f.format == "google_play_csv");
  REQUIRE(f.sources.size() == 2);
  CHECK(f.skipped_rows == 1);
  CHECK(f.sources[1].turns[0].text == "Rechnung direkt verschickt, Mehrwertsteuer stimmt. \xF0\x9F\x91\x8D");
  CHECK(f.sources[0].meta["review_id"] == "3f1c-01");
  CHECK(f.sources[0].meta["encoding"] == "utf-16le");
}

TEST_CASE("review JSON: G2 API, Capterra, App Store") {
  auto g2 = parse("g2_api.json");
  CHECK(g2.format == "g2_json");
  REQUIRE(g2.sources[0].turns.size() == 2);
  CHECK(g2.sources[0].meta["industry"] == "Design");
  auto cap = parse("capterra.json");
  CHECK(cap.format == "capterra_json");
  REQUIRE(cap.sources[0].turns.size() == 3);
  CHECK(cap.sources[0].turns[2].heading == "Cons");
  CHECK(cap.sources[0].meta["likelihood_to_recommend"] == 8);
  auto app = parse("app_store.json");
  CHECK(app.format == "app_store_json");
  REQUIRE(app.sources.size() == 2);
  CHECK(app.sources[1].participant_name == "Kleinbetrieb Jörg");
  CHECK(app.sources[0].meta["territory"] == "USA");
}

TEST_CASE("invalid JSON names the byte offset; unknown JSON is unsupported") {
  ErrorKind kind{};
  CHECK(error_of("x.json", "{\"tickets\": [1, }", &kind).find("byte offset") != std::string::npos);
  CHECK(kind == ErrorKind::invalid_input);
  error_of("y.json", "{\"hello\": 1}", &kind);
  CHECK(kind == ErrorKind::unsupported_format);
}
