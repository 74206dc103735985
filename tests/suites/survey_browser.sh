#!/bin/sh
# The survey behind a link in headless Chromium (playwright-core), against the
# real server on 127.0.0.1 with a temporary database: a customer's ticket is
# solved, the survey is sent at once (survey_delay_minutes = 0), and
# tests/browser/survey.mjs answers it on a phone with the keyboard.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
export ATTUNE_SURVEY_DELAY_MINUTES=0 ATTUNE_SURVEY_AFTER_SOLVE=true
db=$dir/web.db
add_user maya@example.com "Maya Lind" agent || exit 1
add_user lena@example.com "Lena Park" customer || exit 1
add_user sam@example.com "Sam Lead" lead || exit 1
serve
healthz
# Lena writes in, Maya solves it, the survey is made; Lena's link to it is the test's input
python3 - "$port" >"$dir/link" <<'PY' || { cat "$dir/server.log"; give_up; }
import http.client, json, sys, time
port = int(sys.argv[1])
def call(method, path, body=None, who=None):
    c = http.client.HTTPConnection("127.0.0.1", port)
    h = {"Content-Type": "application/json"}
    if who:
        h["Cookie"], h["X-CSRF-Token"] = who
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie"), json.loads(r.read() or b"null")
def login(email):
    s, cookie, r = call("POST", "/api/login", {"email": email, "password": "correct horse battery"})
    assert s == 200, r
    return cookie.split(";")[0], r["csrf"]
lena, maya = login("lena@example.com"), login("maya@example.com")
s, _, t = call("POST", "/api/tickets", {"subject": "Charged twice", "body": "I was charged twice this month."}, lena)
assert s == 201, t
s, _, me = call("GET", "/api/me", None, maya)
s, _, r = call("PATCH", "/api/tickets/%d" % t["id"], {"assignee_id": me["user"]["id"]}, maya)
assert s == 200, r
s, _, r = call("POST", "/api/tickets/%d/messages" % t["id"], {"body": "Refunded, sorry about that.", "status": "solved"}, maya)
assert s == 201, r
for _ in range(100):
    s, _, r = call("GET", "/api/tickets/%d" % t["id"], None, maya)
    if r["survey"]:
        break
    time.sleep(0.1)
s, _, r = call("POST", "/api/tickets/%d/survey/link" % t["id"], {}, lena)
assert s == 201, r
print(t["id"], r["token"])
PY
read -r ticket token <"$dir/link"
browser_run "the browser test" 120 "$here/survey.mjs" "http://127.0.0.1:$port" "$ticket" "$token"
