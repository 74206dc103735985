#!/bin/sh
# Service levels and triage over HTTP, against the real server on 127.0.0.1:
# a temporary database with staff made by the command line, then
# tests/api/test_sla.py: policies and calendars (roles, validation), the SLA
# and triage objects on tickets, the breached and at-risk views, sorting by
# due time and by triage. The server warns when less than 99% of a target is
# left, so a clock of one business minute is in warning within a second.
# Prints each test's result and ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
dir=$(mktemp -d)
server=""
passed=0
failed=0
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn PYTHONDONTWRITEBYTECODE=1
export ATTUNE_SLA_WARNING_PERCENT=99
db=$dir/sla.db

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# runs a python phase, prints its output and adds up its ok / FAIL lines
phase() {
    python3 "$@" >"$dir/out" 2>&1
    code=$?
    cat "$dir/out"
    p=$(grep -c '^ok ' "$dir/out")
    f=$(grep -c '^FAIL ' "$dir/out")
    if [ "$code" != 0 ] && [ "$f" = 0 ]; then
        echo "FAIL python3 $1 exited $code"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

# starts the server on a free port; sets $server and $port
start() {
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" --db "$db" --listen "127.0.0.1:$port" serve >>"$dir/server.log" 2>&1 &
    server=$!
    if python3 - "$port" "$server" <<'PY'; then
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
for _ in range(200):
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/healthz" % port, timeout=1)
        sys.exit(0)
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit(1)
        time.sleep(0.05)
sys.exit(1)
PY
        ok "the server answers /healthz on 127.0.0.1:$port"
        return 0
    fi
    bad "the server does not answer /healthz within 10 s"
    tail -20 "$dir/server.log"
    return 1
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit $?
}

for who in admin:Admin:admin agent:Agent:agent lead:Lead:lead; do
    email=${who%%:*}@example.com
    rest=${who#*:}
    if ! echo "correct horse battery" | "$bin" --db "$db" user add --email "$email" \
        --name "${rest%%:*}" --role "${rest#*:}" --password-stdin >/dev/null; then
        bad "attune user add $email"
        finish
    fi
done

start || finish
phase "$here/test_sla.py" "$port" "$bin" "$db"
kill -TERM "$server"
wait "$server"
code=$?
server=""
if [ "$code" = 0 ]; then
    ok "SIGTERM: the server exits 0"
else
    bad "SIGTERM: the server exited $code"
    tail -20 "$dir/server.log"
fi
finish
