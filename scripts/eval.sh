#!/bin/sh
# Measures the text engine with the protocol of ../shared/data/README.md and
# writes docs/EVALUATION.md. The data folder is ../shared/data beside the
# repository, or EVAL_DATA; without it the page says "skipped: no data".
set -eu
cd "$(dirname "$0")/.."
bin=${EVAL_BIN:-build/attune}
data=${EVAL_DATA:-../shared/data}
out=docs/EVALUATION.md
mkdir -p docs
if [ ! -d "$data" ]; then
    printf '# Evaluation of the text engine\n\nskipped: no data (looked for %s; set EVAL_DATA)\n' "$data" > "$out"
    echo "eval: skipped: no data in $data"
    exit 0
fi
if [ ! -x "$bin" ]; then
    echo "eval: $bin is missing; run make first" >&2
    exit 1
fi
python3 scripts/eval.py "$bin" "$data" "$out"
echo "eval: wrote $out"
