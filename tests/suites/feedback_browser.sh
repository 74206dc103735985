#!/bin/sh
# The console's Feedback page in headless Chromium (playwright-core), against
# the real server on 127.0.0.1 with a fresh `attune demo` database, whose
# history has answered surveys, recovery tasks and praise:
# tests/browser/feedback.mjs checks the figures against the API, closes a
# recovery task as the lead and looks at an agent's own page.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
if [ ! -x /usr/bin/chromium ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
        { echo "cannot install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
        { echo "cannot install playwright-core"; echo "0 passed, 1 failed"; exit 1; }
fi
dir=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi
    rm -rf "$dir"
}
trap cleanup EXIT
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
db=$dir/web.db
"$bin" --db "$db" demo >"$dir/demo.log" 2>&1 || { cat "$dir/demo.log"; echo "0 passed, 1 failed"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --db "$db" --listen "127.0.0.1:$port" serve 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.1
done
timeout 120 node "$here/feedback.mjs" "http://127.0.0.1:$port"
status=$?
if [ "$status" -eq 124 ]; then echo "the browser tests took too long"; echo "0 passed, 1 failed"; fi
if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
kill "$server"
wait "$server"
server=""
exit $status
