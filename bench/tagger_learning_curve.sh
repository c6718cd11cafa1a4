#!/bin/sh
# The tagger's learning curve on one labeled set, read in place: F1 on its
# held-out rows after 0/50/100/200/400 of its other rows are reviewed
# examples of the repository (see bench/tagger_learning_bench.cpp). Usage:
#   bench/tagger_learning_curve.sh ../shared/data/SET.csv [--seeds 3] [--weights 1,2,5,10] [--select uncertainty] …
# The mapped copy lives in a temporary directory and is deleted afterwards.
set -eu
here=$(dirname "$0")
[ $# -ge 1 ] || { sed -n '2,6p' "$0" >&2; exit 1; }
set_path=$1
shift
bench=${TAGGER_LEARNING_BENCH:-$here/../build/tagger_learning_bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/labeled_public_set.py" "$set_path" "$tmp/gold.csv"
"$bench" --gold "$tmp/gold.csv" "$@" | sed "s|$tmp/gold.csv|$set_path|"
