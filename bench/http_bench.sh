#!/bin/sh
# HTTP benchmark: writes the "http" section of docs/BENCHMARKS.md (markdown on stdout).
# Loads 100,000 tickets (or uses $BENCH_DB), serves them with durable commits, and
# measures with wrk on 127.0.0.1: ticket creation, one ticket, list views, search, memory.
set -eu
cd "$(dirname "$0")/.."
bin=build/attune
tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
db=${BENCH_DB:-}
if [ -z "$db" ]; then
    db=$tmp/bench.db
    start=$(date +%s)
    "$bin" --db "$db" demo --tickets 100000 >/dev/null 2>&1
    load_s=$(( $(date +%s) - start ))
else
    load_s="(reused $db)"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$("$bin" --db "$db" token create --email maya@demo.attune --name bench)
"$bin" --db "$db" --listen "127.0.0.1:$port" --threads 8 --log-level warn serve 2>"$tmp/server.log" &
server=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
url=http://127.0.0.1:$port
auth="Authorization: Bearer $token"

# run [wrk args...]: prints "requests/s|p50|p99|non-2xx" of a 10 s run with 8 connections
# (run1: one connection, so the latency is the request's own, not time spent queueing)
run() {
    wrk -t2 -c8 -d10s --latency -H "$auth" "$@" >"$tmp/wrk.txt"
    summary
}
run1() {
    wrk -t1 -c1 -d10s --latency -H "$auth" "$@" >"$tmp/wrk.txt"
    summary
}
summary() {
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$tmp/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
    bad=$(awk '/Non-2xx/ {print $4}' "$tmp/wrk.txt")
    echo "$rps|$p50|$p99|${bad:-0}"
}

create=$(run -s bench/create_ticket.lua "$url/")
one=$(run "$url/api/tickets/50000")
cat >"$tmp/lists" <<LIST
/api/tickets?view=open
/api/tickets?view=unassigned
/api/tickets?view=mine
/api/tickets?view=pending
/api/tickets?view=solved
/api/tickets?view=all&sort=updated
/api/tickets?view=open&priority=urgent,high&tag=billing
/api/tickets?view=all&status=closed&sort=newest&limit=100
LIST
lists=$(BENCH_PATHS=$tmp/lists run1 -s bench/paths.lua "$url")
lists8=$(BENCH_PATHS=$tmp/lists run -s bench/paths.lua "$url")
cat >"$tmp/searches" <<LIST
/api/search?q=refund
/api/search?q=charged+twice
/api/search?q=%22never+arrived%22
/api/search?q=password&view=open
/api/search?q=export+crash
/api/search?q=invoice&status=solved,closed
/api/search?q=delivery+damaged+vase
/api/search?q=dark+mode
LIST
searches=$(BENCH_PATHS=$tmp/searches run1 -s bench/paths.lua "$url")
searches8=$(BENCH_PATHS=$tmp/searches run -s bench/paths.lua "$url")
rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
kill "$server"
wait "$server" || true
server=""

row() { # label result target
    echo "$2" | awk -F'|' -v label="$1" -v target="$3" \
        '{printf "| %s | %s | %s | %s | %s | %s |\n", label, $1, $2, $3, $4, target}'
}
echo "## HTTP API"
echo
echo "wrk on 127.0.0.1, 2 threads and 8 connections for 10 s each, against \`attune serve"
echo "--threads 8\` with \`durability = full\` (every acknowledged write is on disk), over"
echo "a database of 100,000 demo tickets (loaded in ${load_s} s by \`attune demo --tickets 100000\`),"
echo "authenticated with an API token; $(nproc) CPUs of $(uname -m), $(date -u +%Y-%m-%d). wrk runs on the"
echo "same two cores as the server."
echo
echo "| what | requests/s | p50 | p99 | non-2xx | target |"
echo "|---|---|---|---|---|---|"
row "create a ticket (POST /api/tickets)" "$create" "2,000/s"
row "get one ticket with its conversation" "$one" "20,000/s, p99 < 5 ms"
row "list views and filters (8 kinds), one client" "$lists" "p99 < 50 ms"
row "list views and filters, 8 clients" "$lists8" ""
row "search (8 queries), one client" "$searches" "p99 < 50 ms"
row "search, 8 clients" "$searches8" ""
echo
echo "Resident memory after the runs: ${rss} MB (peak ${hwm} MB); target under 100 MB."
