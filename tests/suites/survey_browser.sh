#!/bin/sh
# The survey behind a link in headless Chromium (playwright-core), against the
# real server on 127.0.0.1 with a temporary database: a customer's ticket is
# solved, the survey is sent at once (survey_delay_minutes = 0), and
# tests/browser/survey.mjs answers it on a phone with the keyboard.
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
export ATTUNE_SURVEY_DELAY_MINUTES=0 ATTUNE_SURVEY_AFTER_SOLVE=true
db=$dir/web.db
add() { echo "correct horse battery" | "$bin" --db "$db" user add --email "$1" --name "$2" --role "$3" --password-stdin >/dev/null; }
add maya@example.com "Maya Lind" agent || exit 1
add lena@example.com "Lena Park" customer || exit 1
add sam@example.com "Sam Lead" lead || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --db "$db" --listen "127.0.0.1:$port" serve 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.1
done
# Lena writes in, Maya solves it, the survey is made; Lena's link to it is the test's input
python3 - "$port" >"$dir/link" <<'PY' || { cat "$dir/server.log"; echo "0 passed, 1 failed"; exit 1; }
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
timeout 120 node "$here/survey.mjs" "http://127.0.0.1:$port" "$ticket" "$token"
status=$?
if [ "$status" -eq 124 ]; then echo "the browser test took too long"; echo "0 passed, 1 failed"; fi
if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
kill "$server"
wait "$server"
server=""
exit $status
