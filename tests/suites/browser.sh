#!/bin/sh
# The web app in headless Chromium (playwright-core) against the real server on
# 127.0.0.1 with a temporary database.
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
add_user sam@example.com "Sam Lead" lead || exit 1
serve
healthz
# the customer writes in, and someone tries a script
python3 - "$port" <<'PY' || { cat "$dir/server.log"; give_up; }
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
cookie = cookie.split(";")[0]
s, lead, lr = call("POST", "/api/login", {"email": "sam@example.com", "password": "correct horse battery"})
assert s == 200, lr
s, _, m = call("POST", "/api/macros", {"title": "Refund on its way", "body": "Hi {{customer.first_name}}, your refund for ticket #{{ticket.number}} is on its way. {{agent.first_name}}"},
               lead.split(";")[0], lr["csrf"])
assert s == 201, m
for subject, body in [("Charged twice", "I was charged TWICE this month and nobody answers. I am really frustrated and I will cancel if this is not fixed!"),
                      ("Café crème", "Ça fait 3 jours 😡😡 — I am really frustrated and angry, nobody answers!"),
                      ("<img src=x onerror=window.__xss=1>", "<script>window.__xss=1</script> see javascript:alert(1)")]:
    s, _, t = call("POST", "/api/tickets", {"subject": subject, "body": body}, cookie, r["csrf"])
    assert s == 201, t
PY
export WEBTEST_BIN="$bin" WEBTEST_DB="$db"
browser_run "the browser tests" 120 "$here/flow.mjs" "http://127.0.0.1:$port"
