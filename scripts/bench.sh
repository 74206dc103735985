#!/bin/sh
# Benchmarks; each section writes its own part of docs/BENCHMARKS.md, between
# its "<!-- NAME:begin -->" and "<!-- NAME:end -->" markers, and leaves the
# rest of the page alone.
set -eu
cd "$(dirname "$0")/.."
page=docs/BENCHMARKS.md
mkdir -p docs
[ -f "$page" ] || printf '# Benchmarks\n\nWritten by `make bench` (scripts/bench.sh).\n' > "$page"

# replace_section NAME FILE: puts FILE's text between NAME's markers (appends them if absent)
replace_section() {
    python3 - "$page" "$1" "$2" <<'PY'
import sys
page, name, body_file = sys.argv[1:4]
begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
text = open(page, encoding="utf-8").read()
body = open(body_file, encoding="utf-8").read().rstrip("\n")
block = begin + "\n" + body + "\n" + end
if begin in text and end in text:
    a = text.index(begin)
    b = text.index(end) + len(end)
    text = text[:a] + block + text[b:]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(page, "w", encoding="utf-8").write(text)
PY
}

# ---- text engine -------------------------------------------------------------
text_section() {
    data=${EVAL_DATA:-../shared/data}/goemotions/dev.tsv
    tmp=$(mktemp -d)
    body=$tmp/body.md
    {
        echo "## Text engine"
        echo
        if [ ! -f "$data" ]; then
            echo "skipped: no data (GoEmotions dev.tsv not found at $data)"
        else
            # shellcheck disable=SC2046
            cc -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -O2 \
                -o build/text_bench bench/text_bench.c build/libattune.a \
                $(pkg-config --libs jansson libutf8proc sqlite3 libsodium libmicrohttpd) -lm -lpthread
            build/text_bench "$data" 3 > "$tmp/lib.txt"
            load=$(awk '/^load/ {print $2}' "$tmp/lib.txt")
            an=$(awk '/^analyze/ {print $2}' "$tmp/lib.txt")
            co=$(awk '/^coach/ {print $2}' "$tmp/lib.txt")
            an_best=$(awk '/^analyze/ {print $(NF-1)}' "$tmp/lib.txt")
            co_best=$(awk '/^coach/ {print $(NF-1)}' "$tmp/lib.txt")
            python3 - "$data" "$tmp/in.jsonl" <<'PY'
import json, sys
rows = [l.split("\t")[0] for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    n = 0
    for _ in range(20):
        for t in rows:
            f.write(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n")
            n += 1
PY
            lines=$(wc -l < "$tmp/in.jsonl")
            t0=$(date +%s.%N)
            build/attune analyze --jsonl < "$tmp/in.jsonl" > "$tmp/out.jsonl"
            t1=$(date +%s.%N)
            cli=$(python3 -c "print(round($lines / ($t1 - $t0)))")
            echo "One thread, over the 5,426 texts of GoEmotions' dev split (about 13 words"
            cpu=$(awk -F': ' '/^model name/ {m=$2} /^cpu MHz/ {f=$2} END {if (m) printf "%s, %.0f MHz", m, f}' /proc/cpuinfo 2>/dev/null)
            echo "each), on $(nproc) CPU(s) of $(uname -m)${cpu:+ ($cpu)}; $(date -u +%Y-%m-%d)."
            echo
            echo "| what | messages/s, average | best pass over the file | target |"
            echo "|---|---|---|---|"
            echo "| \`at_text_analyze()\` (library) | $an | $an_best | 250,000 |"
            echo "| \`at_text_coach()\` (library; customer message + a 35-word reply) | $co | $co_best | 100,000 |"
            echo "| \`attune analyze --jsonl\` end to end ($lines lines, JSON in and out) | $cli | | 150,000 |"
            echo
            echo "The average is over the whole run (3 seconds each); the best pass is the fastest"
            echo "of the passes over the 5,426 texts, which is what the code does when no other"
            echo "machine on the same host is using the CPU. On these shared machines the two"
            echo "differ by a quarter or more from one run to the next."
            echo
            echo "Loading the engine (lexicon + emotion weights, from the binary): $load ms."
            echo "For comparison (../shared/data/README.md, Node 20, one process): vader-sentiment"
            echo "about 2,000-5,000 sentences/s; sentiment (AFINN) about 80,000-150,000."
            echo "Rebuild with \`make bench\`; the library numbers come from bench/text_bench.c."
        fi
    } > "$body"
    replace_section text "$body"
    rm -rf "$tmp"
    echo "bench: text section written to $page"
}

# ---- HTTP API ------------------------------------------------------------------
http_section() {
    tmp=$(mktemp -d)
    bench/http_bench.sh > "$tmp/body.md"
    replace_section http "$tmp/body.md"
    rm -rf "$tmp"
    echo "bench: http section written to $page"
}

# `scripts/bench.sh text` or `scripts/bench.sh http` runs one section; no argument, both
case "${1:-all}" in
text) text_section ;;
http) http_section ;;
all)
    text_section
    http_section
    ;;
*)
    echo "usage: scripts/bench.sh [text|http]" >&2
    exit 2
    ;;
esac
