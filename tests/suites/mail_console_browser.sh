#!/bin/sh
# Mail in the web app, in headless Chromium (playwright-core), against the real
# server on 127.0.0.1 with a temporary database: a mail with an attachment is
# taken in with `attune mail-ingest` before the server starts, and
# tests/browser/mail_console.mjs takes in more (a reply with a file, auto-replies
# for the quarantine) with the same binary while the pages are open. It checks
# the attachments in the console and the portal, their downloads byte for byte,
# and the Mail quarantine page for a lead and for an agent.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
samples=$(cd "$(dirname "$0")/../mail/samples" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
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
export ATTUNE_MAIL_FROM="Example Support <support@support.example.com>"
db=$dir/web.db
add() { echo "correct horse battery" | "$bin" --db "$db" user add --email "$1" --name "$2" --role "$3" --password-stdin >/dev/null; }
add maya@example.com "Maya Lind" agent || exit 1
add sam@example.com "Sam Lead" lead || exit 1
add bob@example.net "Bob Stone" customer || exit 1
add lena@example.com "Lena Park" customer || exit 1
# Bob's mail with a screenshot becomes his ticket
"$bin" --db "$db" mail-ingest <"$samples/02_attachment_base64.eml" >"$dir/ingest.log" 2>&1 ||
    { cat "$dir/ingest.log"; echo "0 passed, 1 failed"; exit 1; }
grep -q '^ticket #' "$dir/ingest.log" || { cat "$dir/ingest.log"; echo "0 passed, 1 failed"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --db "$db" --listen "127.0.0.1:$port" serve 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.1
done
timeout 180 node "$here/mail_console.mjs" "http://127.0.0.1:$port" "$bin" "$db" "$samples"
status=$?
if [ "$status" -eq 124 ]; then echo "the browser tests took too long"; echo "0 passed, 1 failed"; fi
if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
kill "$server"
wait "$server"
server=""
exit $status
