#!/bin/sh
# The web app in headless Chromium (playwright-core) against the real server on
# 127.0.0.1 with a temporary database.
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
# the customer writes in, and someone tries a script
python3 - "$port" <<'PY' || { cat "$dir/server.log"; echo "0 passed, 1 failed"; exit 1; }
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
WEBTEST_BIN=$bin WEBTEST_DB=$db timeout 120 node "$here/flow.mjs" "http://127.0.0.1:$port"
status=$?
if [ "$status" -eq 124 ]; then echo "the browser tests took too long"; echo "0 passed, 1 failed"; fi
if [ "$status" -ne 0 ]; then tail -n 20 "$dir/server.log"; fi
kill "$server"
wait "$server"
server=""
exit $status
