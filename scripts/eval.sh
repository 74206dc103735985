#!/bin/sh
# Measures the text engine with the protocol of ../shared/data/README.md, beside
# three sentiment peers from npm, and writes docs/EVALUATION.md. The data folder
# is ../shared/data beside the repository, or EVAL_DATA; without it the page
# says "skipped: no data". The peers (scripts/peers/, pinned by its
# package-lock.json) are installed on first use; when npm cannot install them
# the page says they were skipped and the attune figures are still written.
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
if [ ! -d scripts/peers/node_modules ]; then
    if command -v npm >/dev/null 2>&1 &&
        npm ci --prefix scripts/peers --no-audit --no-fund >&2; then
        echo "eval: peers installed in scripts/peers/node_modules" >&2
    else
        echo "eval: npm could not install the peers; they are skipped" >&2
        rm -rf scripts/peers/node_modules
    fi
fi
python3 scripts/eval.py "$bin" "$data" "$out"
echo "eval: wrote $out"
