#!/usr/bin/env python3
"""Scores the tagger and the keyword baseline on the project's dev set and on
the public labeled data in ../shared/data. Nothing here trains the tagger.
Leave one set out: tuning reads at most one public set (--tuned-on, marked
TUNED in the table); every other set is reported unread, and those are the
honest figures for kinds of text the tagger was not tuned on. Earlier tuning
read the EVEN rows of Panichella and AUREA; their "held_out_half" lines score
the odd rows. The project's dev sets (tests/fixtures/tagger/dev*.csv, never
trained on) are scored with the keyword baseline beside them.

Converts each public file with the label mapping of shared/data/README.md into
a `text,labels` gold CSV in a temporary directory, runs
`grounded tagger eval --gold FILE --json` (and `--baseline`) on it, and prints
one JSON object with every figure plus a readable table.

Usage: bench/tagger_eval.py [--grounded build/grounded] [--data ../shared/data]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_gold(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "labels"])
        for text, labels in rows:
            text = " ".join(text.split())  # one line per text
            if text:
                w.writerow([text, "|".join(labels) if labels else "none"])
    return len(rows)


def panichella(data):
    # problem discovery -> pain_point; feature request -> job; others -> none
    out = []
    with open(os.path.join(data, "panichella_icsme2015_sentences.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            label = r["label"].strip()
            out.append((r["text"], {"problem discovery": ["pain_point"], "feature request": ["job"]}.get(label, [])))
    return out


def storyteller(data):
    # functional / nonfunctional requirement -> job; irrelevant -> none
    out = []
    with open(os.path.join(data, "storyteller_user_stories_plus_null.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append((r["text"], ["job"] if r["label"].strip() in ("functional_requirement", "nonfunctional_requirement") else []))
    return out


def aurea(data):
    # complaint -> pain_point (topics like price are not objections by themselves)
    out = []
    with open(os.path.join(data, "aurea_urr_multilabel_reviews.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append((r["text"], ["pain_point"] if r["complaint"].strip() == "1" else []))
    return out


def hu_liu(data):
    # negative sentence opinion -> pain_point; positive / none -> none; mixed left out (neither rule applies)
    out = []
    with open(os.path.join(data, "hu_liu_2004_review_sentences.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            opinion = r["sentence_opinion"].strip()
            if opinion == "mixed":
                continue
            out.append((r["sentence"], ["pain_point"] if opinion == "negative" else []))
    return out


def run_eval(grounded, gold, baseline):
    cmd = [grounded, "tagger", "eval", "--gold", gold, "--json"] + (["--baseline"] if baseline else [])
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {res.stderr}")
    return json.loads(res.stdout), " ".join(cmd)


def category_entry(tagger, base, cats, targets):
    out = {}
    for c in cats:
        t = next(x for x in tagger["categories"] if x["category"] == c)
        b = next(x for x in base["categories"] if x["category"] == c)
        out[c] = {"p": t["precision"], "r": t["recall"], "f1": t["f1"], "support": t["support"],
                  "baseline_f1": b["f1"], "gain_points": round(100 * (t["f1"] - b["f1"]), 1)}
        if targets and c in targets:
            out[c]["target_f1"] = targets[c]
    return out


def root_cause_accuracy(grounded, rows):
    """Of the gold objections with a root cause, how many the tagger calls an
    objection with that same root cause (`grounded tag --stdin --json`)."""
    gold = [(" ".join(r["text"].split()), r["root_cause"].strip()) for r in rows
            if r.get("root_cause", "").strip() and "objection" in r["labels"]]
    res = subprocess.run([grounded, "tag", "--stdin", "--json"], input="\n".join(t for t, _ in gold) + "\n",
                         capture_output=True, text=True, check=True)
    found = right = 0
    for (text, cause), line in zip(gold, res.stdout.splitlines()):
        tags = [t for t in json.loads(line)["tags"] if t["category"] == "objection"]
        found += bool(tags)
        right += bool(tags) and tags[0]["subfields"].get("root_cause") == cause
    return {"kind": "root cause", "objections": len(gold), "tagged_objection": found, "right_root_cause": right,
            "accuracy_on_tagged": round(right / found, 3) if found else 0.0,
            "command": "grounded tag --stdin --json  (objection rows with a root_cause column)"}


PUBLIC = [  # (name, loader, categories reported, target F1 from issue 10 for unseen text of that kind)
    ("panichella", panichella, ["pain_point", "job"], {"pain_point": 0.62, "job": 0.45}),
    ("storyteller", storyteller, ["job"], {"job": 0.45}),
    ("aurea", aurea, ["pain_point"], {"pain_point": 0.62}),
    ("hu_liu", hu_liu, ["pain_point"], {"pain_point": 0.62}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grounded", default=os.path.join(ROOT, "build", "grounded"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--tuned-on", default="panichella",
                    help="the one public set read while tuning (leave-one-set-out: the others are reported unread)")
    args = ap.parse_args()
    results = {"tuned_on": args.tuned_on}
    with tempfile.TemporaryDirectory() as tmp:
        # The project's own dev sets (never trained on): dev_set.csv and every
        # many-voice dev_*.csv under tests/fixtures/tagger; a `question`
        # column is passed to the tagger as the interviewer's question.
        fixture_dir = os.path.join(ROOT, "tests", "fixtures", "tagger")
        for name in sorted(os.listdir(fixture_dir)):
            if not (name.startswith("dev") and name.endswith(".csv")):
                continue
            path = os.path.join(fixture_dir, name)
            golds = [(name[:-4], path)]
            with open(path, encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            # A set written in several voices is scored per voice too.
            voices = sorted({r.get("voice", "") for r in rows} - {""})
            for voice in voices:
                voice_path = os.path.join(tmp, f"{name[:-4]}.{voice}.csv")
                with open(voice_path, "w", newline="", encoding="utf-8") as f:
                    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
                    w.writeheader()
                    w.writerows(r for r in rows if r.get("voice") == voice)
                golds.append((f"{name[:-4]}.{voice}", voice_path))
            for set_name, gold in golds:
                tagger, tagger_cmd = run_eval(args.grounded, gold, False)
                base, base_cmd = run_eval(args.grounded, gold, True)
                cats = [c["category"] for c in tagger["categories"] if c["support"] > 0]
                entry = {"kind": "project dev set", "texts": tagger["texts"], "macro_f1": tagger["macro_f1"],
                         "baseline_macro_f1": base["macro_f1"],
                         "command": tagger_cmd.replace(ROOT + "/", "").replace(tmp, "$TMP"),
                         "baseline_command": base_cmd.replace(ROOT + "/", "").replace(tmp, "$TMP"),
                         "per_category": category_entry(tagger, base, cats, None)}
                four = [c for c in ("goal", "pain_point", "objection", "job") if c in entry["per_category"]]
                if len(four) == 4:
                    entry["mean_f1_goal_pain_objection_job"] = round(sum(entry["per_category"][c]["f1"] for c in four) / 4, 3)
                results[set_name] = entry
            if any(r.get("root_cause") for r in rows):
                results[name[:-4] + ".root_cause"] = root_cause_accuracy(args.grounded, rows)
        for name, fn, cats, targets in PUBLIC:
            rows = fn(args.data)
            gold = os.path.join(tmp, name + ".csv")
            write_gold(gold, rows)
            sets = [(name, gold)]
            if name in ("panichella", "aurea"):  # earlier tuning read their even rows only
                odd = os.path.join(tmp, name + "_odd.csv")
                write_gold(odd, rows[1::2])
                sets.append((name + "_held_out_half", odd))
            for set_name, path in sets:
                tagger, tagger_cmd = run_eval(args.grounded, path, False)
                base, base_cmd = run_eval(args.grounded, path, True)
                results[set_name] = {"kind": "public", "read_for_tuning": name == args.tuned_on, "texts": tagger["texts"],
                                     "command": tagger_cmd.replace(tmp, "$TMP"), "baseline_command": base_cmd.replace(tmp, "$TMP"),
                                     "per_category": category_entry(tagger, base, cats, targets)}
    print(json.dumps(results, indent=2))
    print(f"\nleave-one-set-out: tuned on {args.tuned_on}; every other public set unread", file=sys.stderr)
    print("set                          read?  category            P      R      F1     baseline  target", file=sys.stderr)
    for name, e in results.items():
        if not isinstance(e, dict):
            continue
        if e["kind"] == "root cause":
            print(f"{name:28s} dev    objection root cause right {e['right_root_cause']}/{e['tagged_objection']} tagged "
                  f"(of {e['objections']} gold)", file=sys.stderr)
            continue
        if "mean_f1_goal_pain_objection_job" in e:
            print(f"{name:28s} dev    {'mean F1 g/p/o/j':18s} {'':6s} {'':6s} {e['mean_f1_goal_pain_objection_job']:.3f}", file=sys.stderr)
        read = "dev" if e["kind"] == "project dev set" else ("TUNED" if e["read_for_tuning"] else "unread")
        if "macro_f1" in e:
            print(f"{name:28s} {read:6s} {'macro-F1':18s} {'':6s} {'':6s} {e['macro_f1']:.3f}  {e['baseline_macro_f1']:.3f}", file=sys.stderr)
        for c, m in e["per_category"].items():
            target = f"{m['target_f1']:.2f}" if "target_f1" in m else ""
            print(f"{name:28s} {read:6s} {c:18s} {m['p']:.3f}  {m['r']:.3f}  {m['f1']:.3f}  {m['baseline_f1']:.3f}     {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
