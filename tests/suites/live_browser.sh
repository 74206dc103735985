#!/bin/sh
# The console never shows what was not saved, in headless Chromium against the
# real server on 127.0.0.1: tests/browser/live.mjs stops the server under an
# open console and starts it again on the same database and port (it starts
# and stops that server itself, by its pid, listed in $dir/pids for the exit).
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
db=$dir/web.db
add_user maya@example.com "Maya Lind" agent || exit 1
add_user lena@example.com "Lena Park" customer || exit 1
serve
healthz
python3 - "$port" <<'PY' || { cat "$dir/server.log"; give_up; }
import http.client, json, sys
port = int(sys.argv[1])
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("POST", "/api/login", json.dumps({"email": "lena@example.com", "password": "correct horse battery"}),
          {"Content-Type": "application/json"})
r = c.getresponse()
who = json.loads(r.read())
cookie = r.getheader("Set-Cookie").split(";")[0]
c.request("POST", "/api/tickets", json.dumps({"subject": "Invoice missing", "body": "Where is my invoice for March?"}),
          {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": who["csrf"]})
r = c.getresponse()
assert r.status == 201, r.read()
PY
kill "$server"
wait "$server"
server=""
timeout 120 node "$here/live.mjs" "$bin" "$db" "$(free_port)" "$dir/pids" "$dir/server.log"
status=$?
if [ "$status" -eq 124 ]; then echo "the browser test took too long"; echo "0 passed, 1 failed"; fi
if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
exit $status
