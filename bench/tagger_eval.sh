#!/bin/sh
# Scores the tagger and the keyword baseline on the dev set and the public
# labeled data (../shared/data): see tagger_eval.py. Usage:
#   bench/tagger_eval.sh [path/to/grounded] [path/to/shared/data]
here=$(dirname "$0")
exec python3 "$here/tagger_eval.py" --grounded "${1:-$here/../build/grounded}" --data "${2:-$here/../../shared/data}"
