#!/usr/bin/env python3
"""Regenerate the sample study's CRM exports (fictional, deterministic).

Writes samples/crm/hubspot_companies.csv, a HubSpot-style company export (regions in the
Country/Region column, as study.json names them) of the
16 accounts in samples/study.json plus 34 accounts the team never interviewed
(so a persona's size counts more than its interviewees), and
samples/crm/hubspot_deals.csv, a HubSpot-style deals export with won, lost and
open deals for them. Same input, same bytes: the random generator is seeded
and no dates come from the clock. Standard library only.

Usage:  python3 samples/tools/make_crm_exports.py
"""
import csv
import json
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
SAMPLES = HERE.parent
OUT = SAMPLES / "crm"

STAGE_LIFECYCLE = {"customer": "Customer", "prospect": "Opportunity", "churned": "Former customer"}

FIRST = ["Ashford", "Birchway", "Cobalt", "Driftwood", "Elmstead", "Foxglove", "Granite", "Hollis", "Ironbridge",
         "Juniper", "Keel", "Lantern", "Millbrook", "Northgate", "Orchard", "Pebble", "Quill", "Redwater", "Saltmarsh",
         "Thistle", "Upland", "Vesper", "Willow", "Yarrow"]
KIND = [("Logistics", "Freight"), ("Healthcare", "Dental Partners"), ("Food & Beverage", "Foods"),
        ("Construction", "Builders"), ("Wholesale Distribution", "Supply"), ("Retail", "Outfitters"),
        ("Real Estate", "Property Group"), ("Software", "Labs"), ("Staffing", "Staffing"),
        ("Veterinary", "Animal Clinics"), ("Legal Services", "LLP"), ("Events & Hospitality", "Events")]
STACKS = ["NetSuite, Slack", "QuickBooks Online, Excel", "Xero, Gmail", "Sage Intacct, Outlook",
          "QuickBooks Desktop, Excel"]
LOST_REASONS = ["Price: seasonal pricing did not fit our volume", "Chose NetSuite bill capture instead",
                "No SSO/SCIM on our plan", "Timing: ERP migration first", "Xero sync errors during the trial"]


def slug(name):
    return "".join(c for c in name.lower().replace("&", "and") if c.isalnum())[:24] + ".example"


def main():
    rng = random.Random(20261129)
    study = json.loads((SAMPLES / "study.json").read_text(encoding="utf-8"))
    companies = []
    for a in study["accounts"]:
        companies.append(dict(name=a["name"], industry=a["industry"], employees=a["employees"], revenue=a["revenue"],
                              country=a["region"], stage=STAGE_LIFECYCLE[a["stage"]],
                              stack=a["stack"]))
    used = {c["name"] for c in companies}
    while len(companies) < 50:
        industry, suffix = rng.choice(KIND)
        name = f"{rng.choice(FIRST)} {suffix}"
        if name in used:
            continue
        used.add(name)
        employees = rng.choice([40, 60, 85, 120, 150, 210, 260, 340, 480, 650, 900])
        companies.append(dict(name=name, industry=industry, employees=employees,
                              revenue=employees * rng.choice([90000, 120000, 160000, 210000]),
                              country=rng.choice(["North America", "North America", "Europe", "APAC"]),
                              stage=rng.choice(["Customer", "Customer", "Opportunity", "Lead", "Former customer"]),
                              stack=rng.choice(STACKS)))
    OUT.mkdir(exist_ok=True)
    with open(OUT / "hubspot_companies.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Record ID", "Company name", "Company Domain Name", "Industry", "Number of Employees",
                    "Annual Revenue", "Country/Region", "Lifecycle Stage", "Technologies"])
        for i, c in enumerate(companies):
            w.writerow([5001 + i, c["name"], slug(c["name"]), c["industry"], c["employees"], int(c["revenue"]),
                        c["country"], c["stage"], c["stack"]])
    with open(OUT / "hubspot_deals.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Closed Lost Reason",
                    "Associated Company", "Pipeline"])
        deal_id = 88001
        for c in companies:
            seats = max(3, c["employees"] // 40)
            amount = seats * rng.choice([1800, 2400, 3000])
            if c["stage"] == "Customer":
                deals = [("Closed won", "")]
                if rng.random() < 0.4:
                    deals.append((rng.choice(["Contract sent", "Decision maker bought-in"]), ""))
            elif c["stage"] == "Former customer":
                deals = [("Closed won", ""), ("Closed lost", rng.choice(LOST_REASONS))]
            elif c["stage"] == "Opportunity":
                deals = [(rng.choice(["Appointment scheduled", "Qualified to buy", "Presentation scheduled",
                                      "Contract sent"]), "")]
            else:
                deals = [("Closed lost", rng.choice(LOST_REASONS))] if rng.random() < 0.5 else []
            for n, (stage, reason) in enumerate(deals):
                year = 2025 if stage.startswith("Closed") and n == 0 else 2026
                month = rng.randint(1, 12 if year == 2025 else 11)
                kind = "New business" if n == 0 else ("Expansion" if stage != "Closed lost" else "Renewal")
                w.writerow([deal_id, f"{c['name']} — {kind}", stage, amount if n == 0 else amount // 2,
                            f"{year}-{month:02d}-{rng.randint(1, 28):02d}", reason, c["name"], "Sales pipeline"])
                deal_id += 1


if __name__ == "__main__":
    main()
