#!/usr/bin/env python3
"""Writes one public labeled set (../shared/data/*.csv, read in place) as a
`text,labels` CSV with the label mapping of shared/data/README.md, the same
mapping bench/tagger_eval.py scores with. A file already in text,labels form
is passed through. For temporary files only: never write the result into the
repository.

Usage: bench/labeled_public_set.py SET.csv OUT.csv
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tagger_eval  # noqa: E402  (the mapping lives there)


MAPPINGS = {
    "panichella_icsme2015_sentences.csv": tagger_eval.panichella,
    "storyteller_user_stories_plus_null.csv": tagger_eval.storyteller,
    "aurea_urr_multilabel_reviews.csv": tagger_eval.aurea,
    "hu_liu_2004_review_sentences.csv": tagger_eval.hu_liu,
}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, out = sys.argv[1], sys.argv[2]
    name = os.path.basename(path)
    if name in MAPPINGS:
        rows = MAPPINGS[name](os.path.dirname(os.path.abspath(path)))
    else:
        with open(path, encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if not {"text", "labels"} <= set(reader.fieldnames or []):
                sys.exit(f"{path}: not a known public set and has no text,labels columns")
            rows = [(r["text"], [l for l in r["labels"].split("|") if l.strip() and l.strip() != "none"]) for r in reader]
    n = tagger_eval.write_gold(out, rows)
    print(f"{name}: {n} rows mapped", file=sys.stderr)


if __name__ == "__main__":
    main()
