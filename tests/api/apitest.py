"""A tiny harness for the API suite: a client for the real server and a test runner."""
import http.client
import json
import sys
import traceback


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
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        cookie = resp.headers.get("set-cookie")
        if cookie and cookie.startswith("attune_session="):
            value = cookie.split(";")[0]
            self.cookie = None if value == "attune_session=" else value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None else {}, **kw)

    def patch(self, path, body, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, email, password):
        r = self.post("/api/login", {"email": email, "password": password})
        if r.status == 200:
            self.csrf = r.json["csrf"]
        return r


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def expect_error(r, status, code=None, field=None):
    expect(r.status == status, "wanted %d, got %r" % (status, r))
    expect(r.json and "error" in r.json, "error body missing: %r" % r)
    err = r.json["error"]
    expect(set(err) == {"code", "message", "field"}, "error shape: %r" % err)
    expect(err["message"], "empty error message")
    if code:
        expect(err["code"] == code, "wanted code %s, got %r" % (code, err))
    if field is not None:
        expect(err["field"] == field, "wanted field %s, got %r" % (field, err))


def run(tests):
    passed = failed = 0
    for t in tests:
        try:
            t()
            passed += 1
            print("ok   " + t.__name__)
        except Exception:  # a failed test, whatever raised
            failed += 1
            print("FAIL " + t.__name__)
            traceback.print_exc(file=sys.stdout)
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0
