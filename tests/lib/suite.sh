# What the suites in tests/suites share. A suite sources it relative to its own path,
#     . "$(dirname "$0")/../lib/suite.sh"
# after setting bin (the attune binary), and gets a temporary directory $dir that is
# removed on exit, the counters $passed and $failed, and the functions below. On exit
# the processes the suite started are stopped by their pid: $server, and every pid
# listed in $dir/pids. Every suite ends with one line "N passed, N failed" and a
# non-zero exit status when anything failed.
# shellcheck shell=sh disable=SC2154 # bin and db are the suite's

dir=$(mktemp -d)
server=""
passed=0
failed=0

cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    if [ -f "$dir/pids" ]; then
        while read -r pid; do
            kill "$pid" 2>/dev/null
        done <"$dir/pids"
    fi
    rm -rf "$dir"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# prints the summary line and exits, non-zero when anything failed
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit $?
}

# gives up before any test ran: prints MESSAGE (if any) and "0 passed, 1 failed", exits 1
give_up() {
    if [ $# -gt 0 ]; then echo "$1"; fi
    echo "0 passed, 1 failed"
    exit 1
}

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

# add_user EMAIL NAME ROLE: a user in $db, with the password "correct horse battery"
add_user() {
    echo "correct horse battery" | "$bin" --db "$db" user add --email "$1" \
        --name "$2" --role "$3" --password-stdin >/dev/null
}

# add_staff WHO...: WHO is login:Name:role, the email is login@example.com;
# a user that cannot be added fails the suite at once
add_staff() {
    for who in "$@"; do
        email=${who%%:*}@example.com
        rest=${who#*:}
        if ! add_user "$email" "${rest%%:*}" "${rest#*:}"; then
            bad "attune user add $email"
            finish
        fi
    done
}

# a free TCP port on 127.0.0.1
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# starts `attune serve` on $db at a free port, logging to $dir/server.log; sets $port and $server
serve() {
    port=$(free_port)
    "$bin" --db "$db" --listen "127.0.0.1:$port" serve >>"$dir/server.log" 2>&1 &
    server=$!
}

# waits up to 10 s for the server to answer /healthz; fails at once if it has exited
healthz() {
    python3 - "$port" "$server" <<'PY'
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
}

# starts the server and checks that it answers; sets $server and $port
start() {
    serve
    if healthz; then
        ok "the server answers /healthz on 127.0.0.1:$port"
        return 0
    fi
    bad "the server does not answer /healthz within 10 s"
    tail -20 "$dir/server.log"
    return 1
}

# waits for the server (already sent SIGTERM) and wants exit status 0
stopped() {
    wait "$server"
    code=$?
    server=""
    if [ "$code" = 0 ]; then
        ok "$1: the server exits 0"
    else
        bad "$1: the server exited $code"
        tail -20 "$dir/server.log"
    fi
}

# need_browser DIR: Debian's chromium, and playwright-core in DIR/node_modules
need_browser() {
    if [ ! -x /usr/bin/chromium ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
            give_up "cannot install chromium"
    fi
    if [ ! -d "$1/node_modules/playwright-core" ]; then
        (cd "$1" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
            give_up "cannot install playwright-core"
    fi
}

# browser_run WHAT SECONDS SCRIPT ARGS...: runs a browser test file (it prints its own
# results and summary), stops the server and exits with the test's status
browser_run() {
    what=$1 limit=$2
    shift 2
    timeout "$limit" node "$@"
    status=$?
    if [ "$status" -eq 124 ]; then echo "$what took too long"; echo "0 passed, 1 failed"; fi
    if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
    kill "$server"
    wait "$server"
    server=""
    exit $status
}

# demo_browser SCRIPT [ARGS...]: a browser suite on a fresh `attune demo` database, from the
# suite's tests/browser folder ($here): what the browser needs, the demo loaded, the server on
# a free port, then SCRIPT with the server's address and ARGS; exits as browser_run does
demo_browser() {
    need_browser "$here"
    export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
    db=$dir/web.db
    "$bin" --db "$db" demo >"$dir/demo.log" 2>&1 || { cat "$dir/demo.log"; give_up; }
    serve
    healthz
    script=$1
    shift
    browser_run "the browser tests" 120 "$here/$script" "http://127.0.0.1:$port" "$@"
}
