#!/bin/sh
# The coach on the console's send path in headless Chromium (playwright-core),
# against the real server on 127.0.0.1 with a temporary database: an admin sets
# the team's floor, an agent's poor reply opens the confirm dialog ("Keep
# editing" keeps the draft, "Send anyway" sends it), the thread shows the score
# (tests/browser/coaching.mjs). Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
db=$dir/web.db
add_user admin@example.com "Ada Admin" admin || exit 1
add_user maya@example.com "Maya Lind" agent || exit 1
add_user lena@example.com "Lena Park" customer || exit 1
serve
healthz
# the customer writes in, upset
ticket=$(python3 - "$port" <<'PY'
import http.client, json, sys
port = int(sys.argv[1])
def call(method, path, body=None, cookie=None, csrf=None):
    c = http.client.HTTPConnection("127.0.0.1", port)
    h = {"Content-Type": "application/json"}
    if cookie: h["Cookie"] = cookie
    if csrf: h["X-CSRF-Token"] = csrf
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie"), json.loads(r.read() or b"null")
s, cookie, r = call("POST", "/api/login", {"email": "lena@example.com", "password": "correct horse battery"})
assert s == 200, r
s, _, t = call("POST", "/api/tickets", {"subject": "Where is my order?", "body": "My order never arrived and I am really upset. Where is it?"},
               cookie.split(";")[0], r["csrf"])
assert s == 201, t
print(t["id"])
PY
) || { cat "$dir/server.log"; give_up; }
browser_run "the browser tests" 120 "$here/coaching.mjs" "http://127.0.0.1:$port" "$ticket"
