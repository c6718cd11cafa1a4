// A small study built through the store API (no parsers): participants in
// two roles, sources of three kinds, excerpts and accepted tags.
#pragma once

#include <string>

#include "core/types.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

namespace grounded::synth::testing {

struct Study {
  store::Database db;
  Id harbor = 0, calder = 0;
  Id p1 = 0, p2 = 0, p3 = 0, p4 = 0;

  Id participant(const std::string& label, const std::string& role, Id account) {
    Participant p;
    p.label = label;
    p.role = role;
    p.seniority = "senior";
    p.segment = "mid-market";
    p.account_id = account;
    return store::upsert_participant(db, p);
  }

  // One source holding an interviewer question and the participant's answer; returns the answer's excerpt id.
  Id say(Id participant_id, SourceKind kind, const std::string& title, const std::string& date, const std::string& text) {
    Source s;
    s.kind = kind;
    s.title = title;
    s.participant_id = participant_id;
    s.occurred_at = date;
    s.origin = title + ".txt";
    s.format = "text";
    std::string question = "Tell me about that.";
    s.body = question + "\n" + text;
    std::vector<Excerpt> excerpts(2);
    excerpts[0].speaker = "Interviewer";
    excerpts[0].speaker_role = SpeakerRole::interviewer;
    excerpts[0].start_byte = 0;
    excerpts[0].end_byte = static_cast<std::int64_t>(question.size());
    excerpts[0].text = question;
    excerpts[1].speaker = "Participant";
    excerpts[1].speaker_role = kind == SourceKind::interview ? SpeakerRole::participant : SpeakerRole::customer;
    excerpts[1].participant_id = participant_id;
    excerpts[1].start_byte = static_cast<std::int64_t>(question.size() + 1);
    excerpts[1].end_byte = static_cast<std::int64_t>(s.body.size());
    excerpts[1].text = text;
    store::insert_source(db, s, excerpts);
    return excerpts[1].id;
  }

  void tag(Id excerpt, const std::string& category, const std::string& theme, const std::string& subfields = "{}",
           const std::string& status = "accepted", double confidence = 0.9) {
    store::Statement q = db.prepare(
        "INSERT INTO tags (excerpt_id, category, subfields, theme, confidence, origin, status) VALUES (?1, ?2, ?3, ?4, ?5, 'rule', ?6)");
    q.bind(1, excerpt).bind(2, category).bind(3, subfields).bind(4, theme).bind(5, confidence).bind(6, status).run();
  }

  // In memory by default; a file when a test needs a second connection.
  explicit Study(const std::string& path = ":memory:") : db(store::Database::open(path)) {
    Account a;
    a.name = "Harbor Freight Lines";
    a.industry = "Logistics";
    a.employees = 800;
    a.stack = "NetSuite, Bill.com";
    harbor = store::upsert_account(db, a);
    Account b;
    b.name = "Calder Foods";
    b.industry = "Food & beverage";
    b.employees = 300;
    b.stack = "NetSuite";
    calder = store::upsert_account(db, b);
    p1 = participant("P1", "Controller", harbor);
    p2 = participant("P2", "Controller", calder);
    p3 = participant("P3", "Controller", harbor);
    p4 = participant("P4", "AP Specialist", calder);

    auto k = SourceKind::interview;
    Id e;
    e = say(p1, k, "Interview P1", "2026-10-01", "We spend hours re-keying invoices into NetSuite every single week. It is mind-numbing.");
    tag(e, "pain_point", "manual re-keying", R"({"impact":"time"})");
    e = say(p2, k, "Interview P2", "2026-10-03", "Re-keying invoice data by hand takes my team two full days every month.");
    tag(e, "pain_point", "manual re-keying", R"({"impact":"time"})");
    e = say(p3, SourceKind::ticket, "Ticket 1042", "2026-10-05", "Manual re-keying of invoices is where the errors creep in for us.");
    tag(e, "pain_point", "manual re-keying", R"({"impact":"money"})");
    e = say(p1, k, "Interview P1b", "2026-10-01", "Approvals sit in somebody's inbox for a whole week before anyone notices.");
    tag(e, "pain_point", "approval delays", R"({"impact":"time"})");
    e = say(p4, SourceKind::review, "Review by P4", "2026-09-20", "Invoice approvals get stuck waiting on managers who travel constantly.");
    tag(e, "pain_point", "approval delays");
    e = say(p2, k, "Interview P2b", "2026-10-03", "I want to close the books in three days instead of ten.");
    tag(e, "goal", "faster close");
    e = say(p3, k, "Interview P3", "2026-10-06", "Our goal this year is a faster month-end close with fewer late nights.");
    tag(e, "goal", "faster close");
    e = say(p1, k, "Interview P1c", "2026-10-01", "A native NetSuite integration is the first thing we check in any AP tool.");
    tag(e, "decision_criterion", "netsuite integration");
    e = say(p2, k, "Interview P2c", "2026-10-03", "If it doesn't sync with NetSuite both ways, it's out of the running.");
    tag(e, "decision_criterion", "netsuite integration");
    e = say(p3, k, "Interview P3b", "2026-10-06", "NetSuite integration matters more than anything else for us.");
    tag(e, "decision_criterion", "netsuite integration");
    e = say(p4, k, "Interview P4", "2026-09-20", "Price per invoice has to stay below what we pay the temp staff.");
    tag(e, "decision_criterion", "price per invoice");
    e = say(p4, k, "Interview P4b", "2026-09-20", "Our security team would need a SOC 2 report before anything touches bank data.");
    tag(e, "objection", "security review", R"({"root_cause":"security"})");
    e = say(p1, k, "Interview P1d", "2026-10-01", "The audit finding last spring is what finally got us looking for a tool.");
    tag(e, "trigger", "audit finding");
    e = say(p4, k, "Interview P4c", "2026-09-20", "When invoices pile up at month end, I want to approve them from my phone, so I can leave on time.");
    tag(e, "job", "mobile approvals",
        R"({"situation":"invoices pile up at month end","motivation":"approve them from my phone","outcome":"leave on time","dimension":"functional"})");
  }
};

}  // namespace grounded::synth::testing
