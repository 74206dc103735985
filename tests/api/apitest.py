"""A tiny harness for the API suite: a client for the real server and a test runner.

Every response the client receives is checked against the rules that hold for
all of the API (a request id, JSON, the error shape, Allow on 405, Retry-After
on 429), so each test also checks those for every call it makes.
"""
import http.client
import json
import re
import sys
import time
import traceback

REQUEST_IDS = []  # every X-Request-Id seen, in order
ACKED = []  # (id, subject) of every ticket the server answered 201 for


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.raw[:300])


def check_common(method, path, r):
    """What every API response must carry, whatever the route and status."""
    where = "%s %s -> %r" % (method, path, r)
    rid = r.headers.get("x-request-id", "")
    expect(re.fullmatch(r"[0-9a-f]{16}", rid), "X-Request-Id missing or odd (%r): %s" % (rid, where))
    REQUEST_IDS.append(rid)
    if not (path.startswith("/api") or path.startswith("/healthz")):
        return
    if path.startswith("/api/events") and r.status == 200:
        expect(r.headers.get("content-type", "").startswith("text/event-stream"),
               "the live stream is not an event stream: %r: %s" % (r.headers.get("content-type"),
                                                                    where))
        expect(r.headers.get("cache-control") == "no-store", "a cached stream: %s" % where)
        return
    if path.startswith("/api/attachments/") and r.status == 200:
        # a file: never sniffed, and shown in the page only when asked and a picture
        expect(r.headers.get("x-content-type-options") == "nosniff", "sniffable: %s" % where)
        expect(re.match(r"(attachment|inline); filename=", r.headers.get("content-disposition", "")),
               "no Content-Disposition: %s" % where)
        return
    expect(r.headers.get("content-type", "").startswith("application/json"),
           "not JSON: %r: %s" % (r.headers.get("content-type"), where))
    if method != "HEAD":
        expect(r.json is not None, "the body is not JSON: %s" % where)
    if r.status >= 400 and method != "HEAD":
        check_error_shape(r, where)
    if r.status == 405:
        expect(r.headers.get("allow"), "405 without an Allow header: %s" % where)
    if r.status == 429:
        expect(re.fullmatch(r"[1-9][0-9]*", r.headers.get("retry-after", "")),
               "429 without Retry-After: %s" % where)


def check_error_shape(r, where=""):
    expect(isinstance(r.json, dict) and set(r.json) == {"error"},
           "error body must be {\"error\": {...}}: %s" % (where or r))
    err = r.json["error"]
    expect(isinstance(err, dict) and {"code", "message", "field"} <= set(err),
           "error shape: %s" % (where or r))
    # a reply held below the coach's floor also says its score, the floor and why
    extra = {"score", "floor", "reasons"} if err.get("code") == "confirm_required" else set()
    # a change to several tickets says which one could not change
    if isinstance(err.get("ticket_id"), int):
        extra = {"ticket_id"}
    expect(set(err) == {"code", "message", "field"} | extra, "error shape: %s" % (where or r))
    expect(all(isinstance(err[k], str) for k in ("code", "message", "field")),
           "error members are strings: %r" % err)
    expect(err["code"] and err["message"], "empty error code or message: %r" % err)


class Client:
    """One user agent: keeps its session cookie and CSRF token, or sends a bearer token."""

    def __init__(self, port, token=None):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.token = token

    def request(self, method, path, body=None, headers=None, raw=None, csrf=True):
        h = {}
        data = None
        if raw is not None:
            data = raw
            h["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()
        check_common(method, path, resp)
        cookie = resp.headers.get("set-cookie")
        if cookie and cookie.startswith("attune_session="):
            value = cookie.split(";")[0]
            self.cookie = None if value == "attune_session=" else value
        if method == "POST" and path == "/api/tickets" and resp.status == 201:
            ACKED.append((resp.json["id"], resp.json["subject"]))
        return resp

    def events(self, seconds=0.5, until=None, headers=None):
        """Listens to GET /api/events for at most `seconds`, or until `until(events)` holds, and
        hangs up. The Response's `events` are the stream's events as dicts (id, event, data
        parsed as JSON); an answer other than a stream is an ordinary Response."""
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", "/api/events", headers=h)
            # the stream says Connection: close, so http.client lets go of the socket
            # once the head is read; the response reads on through it
            sock = conn.sock
            r = conn.getresponse()
            heads = {k.lower(): v for k, v in r.getheaders()}
            if r.status != 200:
                resp = Response(r.status, heads, r.read())
                check_common("GET", "/api/events", resp)
                return resp
            raw, evs = b"", []
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and not (until and until(evs)):
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    chunk = r.read1(65536)
                except (TimeoutError, OSError):
                    break
                if not chunk:
                    break
                raw += chunk
                evs = parse_events(raw)
        finally:
            conn.close()
        resp = Response(200, heads, b"")
        resp.raw = raw
        resp.events = evs
        check_common("GET", "/api/events", resp)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None else {}, **kw)

    def patch(self, path, body, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, email, password, **kw):
        r = self.post("/api/login", {"email": email, "password": password}, **kw)
        if r.status == 200:
            self.csrf = r.json["csrf"]
        return r


def parse_events(raw):
    """The complete events of a text/event-stream (comments and retry lines left out)."""
    out = []
    for block in raw.decode().split("\n\n")[:-1]:
        ev = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            ev[name] = value
        if "event" in ev:
            ev["data"] = json.loads(ev.get("data", "null"))
            out.append(ev)
    return out


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def expect_strict_csp(r, where):
    """The response carries the app's strict Content-Security-Policy: present, everything
    from the app itself only, nothing inline."""
    csp = r.headers.get("content-security-policy")
    expect(csp is not None, "%s: no Content-Security-Policy header" % where)
    expect("default-src 'self'" in csp and "script-src 'self'" in csp
           and "unsafe-inline" not in csp, "%s: strict CSP: %s" % (where, csp))


def expect_status(r, status, what=""):
    expect(r.status == status, "%swanted %d, got %r" % (what + ": " if what else "", status, r))
    return r.json


def expect_error(r, status, code=None, field=None):
    expect(r.status == status, "wanted %d, got %r" % (status, r))
    check_error_shape(r)
    err = r.json["error"]
    if code:
        expect(err["code"] == code, "wanted code %s, got %r" % (code, err))
    if field is not None:
        expect(err["field"] == field, "wanted field %r, got %r" % (field, err))


def run(tests):
    """Runs each test; prints `ok   name` or `FAIL name` and the reason. True when all passed."""
    failed = 0
    for t in tests:
        try:
            t()
            print("ok   " + t.__name__, flush=True)
        except Exception:  # a failed test, whatever raised
            failed += 1
            print("FAIL " + t.__name__)
            traceback.print_exc(file=sys.stdout)
            sys.stdout.flush()
    return failed == 0


def main(module_globals, tests, setup, after=None):
    """Runs `setup`, then `tests`; every test_ function of the module must be listed, so none is
    left out in silence. `after` runs at the end (to hand state to a later phase). 0 when all
    passed."""
    listed = {k for k, v in module_globals.items() if k.startswith("test_") and callable(v)}
    missing = listed - {t.__name__ for t in tests}
    try:
        setup()
    except Exception as e:  # nothing else can run
        print("FAIL setup: %s" % e)
        return 1
    ok = run(tests)
    if missing:
        print("FAIL tests not in TESTS: %s" % ", ".join(sorted(missing)))
        ok = False
    if after:
        after()
    return 0 if ok else 1
