"""The coach on the reply path over HTTP, against the real server.

python3 test_coaching.py PORT BIN DB

Signs in the staff accounts tests/suites/coaching.sh created (admin, lead and
agent @example.com) and signs a customer up, then checks: the coach's verdict
kept with each public staff reply and shown to staff only; the team's floor
(GET/PUT /api/settings/coach, admins only, validated, audited); a reply below
the floor answered 409 confirm_required with its score and reasons, nothing
sent, and sent when the same request comes again with "confirm": true;
internal notes never held back.
"""
import subprocess
import sys

import apitest
from apitest import Client, expect, expect_error, expect_status

PORT, BIN, DB = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PASSWORD = "correct horse battery"
ANN = "ann@customer.org"

UPSET = "My order never arrived and I am really upset. Where is it?"
POOR = "Calm down. As I already said, that's not possible. You should have read the policy."
GOOD = ("Hi Ann, I'm so sorry your order has not arrived, that is really upsetting. I will check "
        "with the courier today and email you by 5pm with an update. Thank you for your patience.")
RUBRIC = {"greeting", "acknowledge", "apology", "ownership", "next_step", "alternatives",
          "thanks", "dismissive", "blame", "assumption", "jargon", "shouting", "policy"}
STATES = {"met", "missing", "clear", "found", "n/a"}
EMPATHY = {"emotional_reaction", "interpretation", "exploration"}

admin = agent = lead = cust = cust_t = admin_cookie = None


def bearer(email):
    r = subprocess.run([BIN, "--db", DB, "token", "create", "--email", email],
                       capture_output=True, text=True, timeout=60)
    expect(r.returncode == 0, "token create %s: %s" % (email, r.stderr))
    return Client(PORT, token=r.stdout.strip())


def setup():
    global admin, agent, lead, cust, cust_t, admin_cookie
    admin = bearer("admin@example.com")
    agent = bearer("agent@example.com")
    lead = bearer("lead@example.com")
    cust = Client(PORT)
    r = cust.post("/api/signup", {"email": ANN, "password": PASSWORD, "name": "Ann Customer"})
    expect(r.status == 201, "signup: %r" % r)
    cust.csrf = r.json["csrf"]
    cust_t = bearer(ANN)
    admin_cookie = Client(PORT)
    expect(admin_cookie.login("admin@example.com", PASSWORD).status == 200, "admin login")


def customer_ticket(body=UPSET):
    r = cust.post("/api/tickets", {"subject": "Where is my order?", "body": body})
    return expect_status(r, 201, "customer opens a ticket")["id"]


def ticket(tid, c=None):
    return expect_status((c or agent).get("/api/tickets/%d" % tid), 200)


def set_floor(n):
    expect_status(admin.put("/api/settings/coach", {"confirm_below": n}), 200, "floor %r" % n)


def reply(tid, body, c=None, **extra):
    return (c or agent).post("/api/tickets/%d/messages" % tid, dict({"body": body}, **extra))


def check_coaching(c):
    expect(isinstance(c, dict), "coaching is an object: %r" % (c,))
    expect(set(c) == {"score", "grade", "empathy", "rubric", "floor", "confirmed"},
           "coaching keys: %r" % c)
    expect(isinstance(c["score"], int) and 0 <= c["score"] <= 100, "score 0-100: %r" % c)
    expect(c["grade"] == ("good" if c["score"] >= 70 else "fair" if c["score"] >= 40 else "poor"),
           "grade of the score: %r" % c)
    expect(set(c["empathy"]) == EMPATHY and all(v in (0, 1, 2) for v in c["empathy"].values()),
           "empathy: %r" % c["empathy"])
    expect(set(c["rubric"]) == RUBRIC and set(c["rubric"].values()) <= STATES,
           "rubric: %r" % c["rubric"])


# ---- the verdict kept with each reply ----

def test_staff_see_the_verdict_on_each_reply():
    tid = customer_ticket()
    sent = expect_status(reply(tid, GOOD), 201, "good reply")
    check_coaching(sent["coaching"])
    # the coach read the reply against the customer's message and greets by first name
    expect(sent["coaching"]["rubric"]["greeting"] == "met", sent["coaching"])
    expect(sent["coaching"]["rubric"]["apology"] == "met", sent["coaching"])
    expect(sent["coaching"]["score"] >= 70, sent["coaching"])
    poor = expect_status(reply(tid, POOR, c=lead), 201, "a lead's poor reply, no floor")
    check_coaching(poor["coaching"])
    expect(poor["coaching"]["score"] < sent["coaching"]["score"], (poor, sent))
    expect(poor["coaching"]["rubric"]["dismissive"] == "found", poor["coaching"])
    expect(poor["coaching"]["rubric"]["blame"] == "found", poor["coaching"])
    for who in (agent, lead, admin):
        msgs = ticket(tid, who)["messages"]
        expect([m["coaching"] for m in msgs] == [None, sent["coaching"], poor["coaching"]],
               "the ticket's messages carry the stored verdicts: %r" % msgs)


def test_customers_never_see_the_verdict():
    tid = customer_ticket()
    expect_status(reply(tid, GOOD), 201)
    for c in (cust, cust_t):
        r = c.get("/api/tickets/%d" % tid)
        expect(r.status == 200, r)
        expect(len(r.json["messages"]) == 2, r.json["messages"])
        expect(all("coaching" not in m for m in r.json["messages"]), r.json["messages"])
        expect(b'"coaching"' not in r.raw and b'"rubric"' not in r.raw, r.raw[:500])
    # nor in the answer to their own message
    r = cust.post("/api/tickets/%d/messages" % tid, {"body": "Thanks, waiting."})
    expect(r.status == 201 and "coaching" not in r.json, r)


def test_notes_and_customer_messages_have_no_verdict():
    tid = customer_ticket()
    note = expect_status(reply(tid, POOR, visibility="internal"), 201, "note")
    expect(note["coaching"] is None, note)
    msgs = ticket(tid)["messages"]
    expect(msgs[0]["coaching"] is None and msgs[1]["coaching"] is None, msgs)


# ---- the team's floor ----

def test_the_floor_is_for_admins_only():
    for c in (agent, lead, cust_t):
        expect_error(c.get("/api/settings/coach"), 403, "forbidden")
        expect_error(c.put("/api/settings/coach", {"confirm_below": 50}), 403, "forbidden")
    expect_error(Client(PORT).get("/api/settings/coach"), 401, "unauthorized")
    got = expect_status(admin.get("/api/settings/coach"), 200)
    expect(got == {"confirm_below": 0, "default": 0}, "off by default: %r" % got)
    # a cookie session writes with its CSRF token only
    expect_error(admin_cookie.put("/api/settings/coach", {"confirm_below": 50}, csrf=False), 403,
                 "csrf")
    expect(admin.get("/api/settings/coach").json["confirm_below"] == 0, "nothing changed")
    expect_status(admin_cookie.put("/api/settings/coach", {"confirm_below": 0}), 200)


def test_the_floor_is_validated():
    bad = [{"confirm_below": 101}, {"confirm_below": -1}, {"confirm_below": "40"},
           {"confirm_below": 40.5}, {"confirm_below": True}, {"confirm_below": None}, {}]
    for body in bad:
        r = admin.put("/api/settings/coach", body)
        expect_error(r, 422, "invalid", "confirm_below")
        expect("0" in r.json["error"]["message"] and "100" in r.json["error"]["message"]
               or "whole number" in r.json["error"]["message"], r)
    expect_error(admin.put("/api/settings/coach", {"confirm_below": 40, "x": 1}), 422,
                 "unknown_field")
    expect_error(admin.request("PUT", "/api/settings/coach", raw=b"{"), 400)
    expect(admin.get("/api/settings/coach").json["confirm_below"] == 0, "nothing changed")


def test_a_change_of_the_floor_is_audited():
    set_floor(35)
    expect(admin.get("/api/settings/coach").json == {"confirm_below": 35, "default": 0}, "35")
    set_floor(35)  # the same again: no second entry
    set_floor(0)
    entries = expect_status(admin.get("/api/audit?limit=20"), 200)["entries"]
    mine = [x for x in entries if x["action"] == "setting.coach_confirm_below"]
    expect([x["detail"] for x in mine[:2]] == ["35 -> 0", "0 -> 35"], mine)
    expect(all(x["target"] == "setting:coach_confirm_below" and x["address"] == "127.0.0.1"
               and x["actor_name"] == "Admin" for x in mine[:2]), mine)


def test_a_poor_reply_waits_for_a_confirm():
    tid = customer_ticket()
    before = ticket(tid)
    set_floor(50)
    try:
        r = reply(tid, POOR, status="pending")
        expect_error(r, 409, "confirm_required", "confirm")
        err = r.json["error"]
        expect(isinstance(err["score"], int) and err["score"] < 50 and err["floor"] == 50, err)
        expect("scores %d, below the team's floor of 50" % err["score"] in err["message"], err)
        items = [(x["item"], x["state"]) for x in err["reasons"]]
        expect(("dismissive", "found") in items and ("blame", "found") in items, items)
        expect(("ownership", "missing") in items and ("next_step", "missing") in items, items)
        first_missing = [x["state"] for x in err["reasons"]].index("missing")
        expect(all(x["state"] == "found" for x in err["reasons"][:first_missing]),
               "what was found comes first: %r" % items)
        expect(all(isinstance(x["text"], str) and x["text"] for x in err["reasons"]), err)
        # nothing was sent: no message, no event, no status change, no first response
        after = ticket(tid)
        expect(len(after["messages"]) == len(before["messages"]), after["messages"])
        expect(len(after["events"]) == len(before["events"]), after["events"])
        expect(after["status"] == before["status"] and after["first_response_at"] is None, after)
        expect(len(ticket(tid, cust)["messages"]) == 1, "the customer sees nothing new")

        # the same request with "confirm": true is sent, and says so
        expect_error(reply(tid, POOR, status="pending", confirm="yes"), 422, "invalid", "confirm")
        sent = expect_status(reply(tid, POOR, status="pending", confirm=True), 201, "confirmed")
        expect(sent["body"] == POOR and sent["coaching"]["floor"] == 50, sent)
        expect(sent["coaching"]["confirmed"] is True and sent["coaching"]["score"] == err["score"],
               sent["coaching"])
        after = ticket(tid)
        expect(after["status"] == "pending" and after["messages"][-1]["id"] == sent["id"], after)

        # a good reply goes straight through; so does a note, however it reads
        good = expect_status(reply(tid, GOOD), 201, "good reply")
        expect(good["coaching"]["confirmed"] is False and good["coaching"]["score"] >= 50, good)
        note = expect_status(reply(tid, POOR, visibility="internal"), 201, "note below the floor")
        expect(note["coaching"] is None, note)
        # a customer is never asked to confirm
        mine = cust.post("/api/tickets/%d/messages" % tid, {"body": "calm down yourself!!!"})
        expect(mine.status == 201, mine)
        # confirm on a good reply changes nothing
        good = expect_status(reply(tid, GOOD, confirm=True), 201)
        expect(good["coaching"]["confirmed"] is False, good)
    finally:
        set_floor(0)
    expect_status(reply(tid, POOR), 201, "floor off: a poor reply is sent")


def test_the_coach_names_its_rubric_items_and_mechanisms():
    c = expect_status(agent.post("/api/coach", {"customer": UPSET, "reply": POOR,
                                                "customer_name": "Ann"}), 200, "coach")
    labels = c.get("labels")
    expect(isinstance(labels, dict) and set(labels) == {"rubric", "mechanisms"},
           "labels: %r" % (labels,))
    # every item and mechanism the answer has is named, in words, and nothing else
    expect(set(labels["rubric"]) == set(c["rubric"]) == RUBRIC, labels["rubric"])
    expect(list(labels["mechanisms"]) == ["emotional_reaction", "interpretation", "exploration"],
           labels["mechanisms"])
    expect(set(labels["mechanisms"]) == set(c["empathy"]), (labels, c["empathy"]))
    for words in list(labels["rubric"].values()) + list(labels["mechanisms"].values()):
        expect(isinstance(words, str) and words and "_" not in words, "a label: %r" % words)
    expect(labels["rubric"]["greeting"] == "Greets by name", labels["rubric"])
    expect(labels["rubric"]["blame"] == "Blames the customer", labels["rubric"])
    expect(labels["mechanisms"]["emotional_reaction"] == "Reacts to the feeling", labels)


def test_a_held_reply_to_a_closed_or_missing_ticket_is_refused_for_that():
    set_floor(90)
    try:
        expect_error(reply(999999, POOR), 404, "not_found")
        tid = customer_ticket()
        expect_status(agent.patch("/api/tickets/%d" % tid, {"status": "solved"}), 200)
        expect_status(agent.patch("/api/tickets/%d" % tid, {"status": "closed"}), 200)
        expect_error(reply(tid, POOR), 409, "bad_state")
    finally:
        set_floor(0)


TESTS = [
    test_staff_see_the_verdict_on_each_reply,
    test_customers_never_see_the_verdict,
    test_notes_and_customer_messages_have_no_verdict,
    test_the_floor_is_for_admins_only,
    test_the_floor_is_validated,
    test_a_change_of_the_floor_is_audited,
    test_a_poor_reply_waits_for_a_confirm,
    test_a_held_reply_to_a_closed_or_missing_ticket_is_refused_for_that,
    test_the_coach_names_its_rubric_items_and_mechanisms,
]

if __name__ == "__main__":
    sys.exit(apitest.main(globals(), TESTS, setup))
