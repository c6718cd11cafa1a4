#!/usr/bin/env python3
"""Regenerate the sample study's survey export (fictional, deterministic).

Writes samples/surveys/ledgerline_typeform_survey.csv: a Typeform-shaped
response export ("#" first, one column per question, a hidden "plan" field,
Response Type and the UTC dates) of 300 respondents. Closed questions give
role, company size, accounting system, the biggest AP problem (about 41% choose
manual re-keying) and a 0-10 recommendation score; two open questions are
answered in words that echo the interviews' themes (retyping, approval
chasing, duplicate payments, vague sync errors, vendors asking when they'll be
paid, seasonal pricing, multi-entity, audit trail). A few responses are
partial. Same bytes on every run: seeded generator, no clock. Standard library only.

Usage:  python3 samples/tools/make_survey.py
"""
import csv
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "surveys" / "ledgerline_typeform_survey.csv"

ROLES = [("Controller", 22), ("AP Specialist", 34), ("Operations Manager", 18), ("Finance Director", 10),
         ("Bookkeeper", 10), ("CFO", 6)]
SIZES = [("1-50", 18), ("51-200", 34), ("201-500", 28), ("501-1000", 14), ("1000+", 6)]
SYSTEMS = [("QuickBooks Online", 34), ("Xero", 22), ("NetSuite", 26), ("Sage Intacct", 10), ("QuickBooks Desktop", 8)]
PROBLEMS = [("Manual re-keying of invoices", 40), ("Chasing approvers", 21), ("Duplicate payments", 11),
            ("Sync errors with the accounting system", 12), ("Vendors asking when they will be paid", 9),
            ("Month-end close takes too long", 6)]
SLOWDOWNS = ["Missing approvals", "Unmatched purchase orders", "Sync errors", "Invoices in personal inboxes",
             "Multi-entity consolidation", "Credit notes"]

# Open answers: an opening for the respondent's biggest problem, and a detail.
FRUSTRATION = {
    "Manual re-keying of invoices": [
        "Retyping every invoice line into {system} by hand.",
        "We still key invoices in manually, and every typo becomes a payment problem.",
        "Copying amounts from PDFs into {system} eats half my week.",
        "The OCR misreads dates and totals, so I end up retyping most invoices anyway.",
    ],
    "Chasing approvers": [
        "Chasing managers for approvals that sit in their inbox for days.",
        "Approvals get stuck when someone is travelling and nobody can approve on their phone.",
        "I send three reminders before an invoice gets approved, then the vendor calls.",
        "Nobody owns approvals, so I end up nagging people on Slack.",
    ],
    "Duplicate payments": [
        "We paid the same invoice twice last quarter and only found out from the vendor.",
        "Duplicate invoices slip through when a supplier sends a PDF and a paper copy.",
        "The duplicate check flags too many false alarms, so people ignore it and real duplicates get paid.",
    ],
    "Sync errors with the accounting system": [
        "The sync to {system} fails with an error that says nothing about which invoice broke.",
        "Vague sync errors: I spend an hour finding the one bill that did not post to {system}.",
        "When the {system} sync breaks I lose trust and check every bill twice.",
    ],
    "Vendors asking when they will be paid": [
        "Vendors call and email asking when they will be paid, and I cannot see the status quickly.",
        "Half my day is answering suppliers about payment dates.",
        "Suppliers chase us for payment status because approvals are invisible to them.",
    ],
    "Month-end close takes too long": [
        "Month-end close drags on because invoices are still waiting for approval.",
        "Closing the books takes a week longer than it should because of missing bills.",
        "Multi-entity close is a spreadsheet marathon every month.",
    ],
}
DETAILS = ["", "", " It is the worst at month end.", " Our auditors ask for the approval trail and it is in emails.",
           " We have {entities} entities, which makes it worse.", " It gets worse in our busy season.",
           " Honestly it is why I looked for a new tool.", " My manager does not see how much time it takes."]
SWITCH = [
    "Pricing that does not punish our seasonal peaks.", "Approvals from my phone or Slack without logging in.",
    "A clear audit trail our auditors accept.", "Sync errors that name the invoice and the field.",
    "SSO and SOC 2 so IT signs off quickly.", "Multi-entity support without separate logins.",
    "A supplier portal so vendors can see when they will be paid.", "Better OCR so we stop retyping.",
    "", "", "",
]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def token(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))


def main():
    rng = random.Random(300)
    OUT.parent.mkdir(exist_ok=True)
    header = ["#", "What is your role?", "How many employees does your company have?",
              "Which accounting system do you use?", "What is your biggest problem with accounts payable today?",
              "Which of these slow down your month-end close?",
              "In your own words, what is the most frustrating part of processing invoices?",
              "What would make you switch accounts-payable tools?",
              "How likely are you to recommend Ledgerline to a colleague?", "plan", "Response Type",
              "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID"]
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i in range(300):
            role, size, system = weighted(rng, ROLES), weighted(rng, SIZES), weighted(rng, SYSTEMS)
            problem = weighted(rng, PROBLEMS)
            slow = ",".join(s for s in SLOWDOWNS if rng.random() < 0.3) or rng.choice(SLOWDOWNS)
            frustration = rng.choice(FRUSTRATION[problem]).format(system=system) + rng.choice(DETAILS).format(
                entities=rng.randint(2, 9))
            switch = rng.choice(SWITCH)
            if switch:
                switch = rng.choice(["", "Honestly, ", "Mostly ", "For us: ", "Simple: "]) + switch
                switch += rng.choice(["", "", " That alone would do it.", " Nothing else matters as much.",
                                      " Our current tool cannot do it."])
            score = max(0, min(10, int(rng.gauss(7 if problem != "Sync errors with the accounting system" else 5, 2))))
            day, hour, minute = 1 + i % 28, 8 + rng.randint(0, 9), rng.randint(0, 59)
            start = f"2026-10-{day:02d} {hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}"
            partial = rng.random() < 0.04
            if partial:
                w.writerow([token(rng), role, size, system, problem, "", "", "", "", rng.choice(["growth", "starter"]),
                            "partial", start, start, "", token(rng)[:10]])
                continue
            submit = f"2026-10-{day:02d} {hour:02d}:{min(59, minute + rng.randint(2, 9)):02d}:{rng.randint(0, 59):02d}"
            w.writerow([token(rng), role, size, system, problem, slow, frustration, switch, score,
                        rng.choice(["growth", "starter", "scale", ""]), "completed", start, "", submit,
                        token(rng)[:10]])


if __name__ == "__main__":
    main()
