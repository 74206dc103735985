"""Graceful shutdown and durability, around a SIGTERM of the real server.

python3 shutdown.py in-flight PORT PID STATE
    Starts a ticket creation, sends the server SIGTERM while the body is still
    on its way, finishes it, and wants 201: requests in flight are finished.
python3 shutdown.py after-restart PORT STATE
    Against the restarted server: every ticket acknowledged with 201 before
    (STATE, written by test_api.py and in-flight) is there, with its subject.
"""
import http.client
import json
import os
import signal
import sys
import time

from apitest import Client, expect, run

MODE = sys.argv[1]
PORT = int(sys.argv[2])


def load(path):
    with open(path) as f:
        return json.load(f)


def answers_health():
    """True when a new connection gets an answer to GET /healthz soon."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=0.3)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False


def test_request_in_flight_finishes_after_sigterm():
    pid, state_path = int(sys.argv[3]), sys.argv[4]
    state = load(state_path)
    auth = {"Authorization": "Bearer " + state["admin_token"]}
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    # one answered request first, so the server surely holds this connection
    conn.request("GET", "/api/me", headers=auth)
    r = conn.getresponse()
    r.read()
    expect(r.status == 200, "GET /api/me: %d" % r.status)
    subject = "In flight at shutdown"
    body = json.dumps({"subject": subject, "body": "Sent while the server was told to stop",
                       "customer": {"email": "late@customer.org", "name": "Late"}}).encode()
    conn.putrequest("POST", "/api/tickets")
    for k, v in dict(auth, **{"Content-Type": "application/json",
                              "Content-Length": str(len(body))}).items():
        conn.putheader(k, v)
    conn.endheaders()
    conn.send(body[:20])
    os.kill(pid, signal.SIGTERM)
    # wait until the server stops taking new requests (or 5 s), then finish the body
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and answers_health():
        time.sleep(0.05)
    conn.send(body[20:])
    r = conn.getresponse()
    data = r.read()
    conn.close()
    expect(r.status == 201, "the request in flight was not finished: %d %r" % (r.status, data))
    created = json.loads(data)
    expect(created["subject"] == subject, created)
    state["acked"].append([created["id"], subject])
    with open(state_path, "w") as f:
        json.dump(state, f)


def test_nothing_acknowledged_is_lost():
    state = load(sys.argv[3])
    c = Client(PORT, token=state["admin_token"])
    acked = state["acked"]
    expect(len(acked) > 50, "only %d tickets were acknowledged" % len(acked))
    expect(any(s == "In flight at shutdown" for _, s in acked), "the in-flight ticket is listed")
    lost = []
    for tid, subject in acked:
        r = c.get("/api/tickets/%d" % tid)
        if r.status != 200:
            lost.append((tid, subject, r.status))
    expect(not lost, "acknowledged tickets lost: %r" % lost[:5])
    counts = {v["name"]: v["count"] for v in c.get("/api/views").json["views"]}
    expect(counts["all"] == len(acked), "%d tickets, %d acknowledged" % (counts["all"], len(acked)))


if __name__ == "__main__":
    test = {"in-flight": test_request_in_flight_finishes_after_sigterm,
            "after-restart": test_nothing_acknowledged_is_lost}[MODE]
    sys.exit(0 if run([test]) else 1)
