"""Surveys over HTTP: the anonymous link, bad tokens, ranges, recovery, recognition, results, roles.

Run by tests/suites/surveys.sh against a server started with survey_delay_minutes = 0,
so a survey is made by the job runner about a second after a solve.
    python3 test_surveys.py PORT BIN DB
"""
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apitest  # noqa: E402
from apitest import Client, expect, expect_error, expect_status, expect_strict_csp  # noqa: E402

PORT, BIN, DB = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PASSWORD = "correct horse battery"
FORM_KEYS = {"ticket", "customer", "questions", "nps_asked", "answer", "state", "editable",
             "edit_until", "expires_at"}
STATS_KEYS = {"key", "label", "sent", "answered", "response_rate", "csat", "understood", "effort",
              "nps"}


def cli(*args, stdin=None):
    r = subprocess.run([BIN, "--db", DB] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("attune %s failed: %s" % (" ".join(args), r.stderr))
    return r.stdout.strip()


def signed_in(email):
    c = Client(PORT)
    expect_status(c.login(email, PASSWORD), 200, "login " + email)
    return c


def signed_up(email, name):
    c = Client(PORT)
    r = c.post("/api/signup", {"email": email, "password": PASSWORD, "name": name})
    expect(r.status == 201, "signup %s: %r" % (email, r))
    c.csrf = r.json["csrf"]
    return c


anon = Client(PORT)
admin = lead = agent = agent2 = ann = bob = None
ids = {}


def setup():
    global admin, lead, agent, agent2, ann, bob
    admin = signed_in("admin@example.com")
    lead = signed_in("lead@example.com")
    agent = signed_in("agent@example.com")
    agent2 = signed_in("agent2@example.com")
    ann = signed_up("ann@customer.org", "Ann Customer")
    bob = signed_up("bob@customer.org", "Bob Customer")
    for c, key in ((agent, "agent"), (agent2, "agent2"), (lead, "lead")):
        ids[key] = c.get("/api/me").json["user"]["id"]


def solved_ticket(customer, staff, subject="Printer on fire"):
    """A ticket of `customer`, assigned to and solved by `staff`; waits for its survey."""
    t = customer.post("/api/tickets", {"subject": subject, "body": "It does not work at all."})
    expect(t.status == 201, t)
    tid = t.json["id"]
    me = staff.get("/api/me").json["user"]["id"]
    expect_status(staff.patch("/api/tickets/%d" % tid, {"assignee_id": me}), 200, "assign")
    r = staff.post("/api/tickets/%d/messages" % tid,
                   {"body": "Fixed it for you, sorry for the trouble.", "status": "solved"})
    expect(r.status == 201, r)
    for _ in range(100):
        s = staff.get("/api/tickets/%d" % tid).json["survey"]
        if s:
            return tid, s
        time.sleep(0.1)
    raise AssertionError("no survey for ticket %d 10 s after the solve" % tid)


def link(customer, tid):
    r = customer.post("/api/tickets/%d/survey/link" % tid)
    expect(r.status == 201, r)
    expect(re.fullmatch(r"[0-9a-f]{64}", r.json["token"]), r.json)
    expect(r.json["url"] == "/survey/" + r.json["token"], r.json)
    return r.json["token"]


def answer(token, **body):
    return anon.post("/api/surveys/" + token, body)


def test_opening_a_link_shows_the_form_and_records_nothing():
    tid, s = solved_ticket(ann, agent)
    expect(s["state"] == "open" and s["answer"] is None and s["nps_asked"] is True, s)
    token = link(ann, tid)
    for _ in range(3):
        f = expect_status(anon.get("/api/surveys/" + token), 200)
    expect(set(f) == FORM_KEYS, "form keys: %r" % sorted(f))
    expect(set(f["ticket"]) == {"number", "subject"} and f["ticket"]["subject"] == "Printer on fire", f)
    expect(f["customer"] == {"first_name": "Ann"}, f)
    expect(f["questions"] == ["csat", "understood", "effort", "nps", "comment"], f)
    expect(f["answer"] is None and f["state"] == "open" and f["editable"] is True, f)
    expect("@" not in str(f), "the form shows no addresses: %r" % f)
    # the page itself is the app's, served under the strict policy
    page = anon.get("/survey/" + token)
    expect(page.status == 200 and b"/js/survey.js" in page.raw, page)
    expect_strict_csp(page, "/survey")
    expect(anon.get("/js/survey.js").status == 200, "survey.js is served")
    expect(ann.get("/api/tickets/%d" % tid).json["survey"]["answer"] is None, "still unanswered")


def test_answer_then_change_it_within_the_day():
    tid, _ = solved_ticket(ann, agent, "Second printer")
    token = link(ann, tid)
    f = expect_status(answer(token, csat=4, understood=5, effort=6, comment="Quick and kind"), 200)
    expect(f["state"] == "editable" and f["editable"] and f["edit_until"], f)
    # this customer was asked NPS a moment ago: not again
    expect(f["nps_asked"] is False and "nps" not in f["questions"], f)
    expect_error(answer(token, csat=4, understood=5, effort=6, nps=9), 422, "invalid", "nps")
    first = f["answer"]["answered_at"]
    f = expect_status(answer(token, csat=5, understood=5, effort=7, comment=None), 200)
    expect(f["answer"]["csat"] == 5 and f["answer"]["answered_at"] == first, f)
    staff_view = agent.get("/api/tickets/%d" % tid).json["survey"]
    expect(staff_view["answer"]["csat"] == 5 and staff_view["state"] == "editable", staff_view)
    own = ann.get("/api/tickets/%d" % tid).json["survey"]
    expect(own["answer"]["effort"] == 7, own)
    expect_error(bob.get("/api/tickets/%d" % tid), 404)
    expect_error(bob.post("/api/tickets/%d/survey/link" % tid), 404)


def test_bad_tokens_are_a_clear_404():
    for token in ["abc", "0" * 64, "A" * 64, "g" * 64, "x" * 5000, "%C3%A9" * 32]:
        expect_error(anon.get("/api/surveys/" + token), 404, "not_found", "token")
        expect_error(answer(token, csat=4, understood=4, effort=4), 404, "not_found", "token")
    # more path segments are no survey link at all
    expect_error(anon.get("/api/surveys/..%2F..%2Fetc"), 404, "not_found")
    expect_error(anon.get("/api/surveys/%00"), 404, "not_found")
    expect_error(anon.get("/api/surveys/"), 404)


def test_answers_are_checked_and_nothing_is_kept_on_error():
    tid, _ = solved_ticket(bob, agent, "Ranges")
    token = link(bob, tid)
    ok = {"csat": 4, "understood": 4, "effort": 4}
    cases = [({"csat": 0}, "csat"), ({"csat": 6}, "csat"), ({"understood": 0}, "understood"),
             ({"understood": "5"}, "understood"), ({"effort": 8}, "effort"),
             ({"effort": 2.5}, "effort"), ({"nps": 11}, "nps"), ({"nps": -1}, "nps"),
             ({"comment": "x" * 2001}, "comment"), ({"comment": 5}, "comment")]
    for change, field in cases:
        body = dict(ok, **change)
        expect_error(anon.post("/api/surveys/" + token, body), 422, "invalid", field)
    body = dict(ok)
    del body["csat"]
    expect_error(anon.post("/api/surveys/" + token, body), 422, "invalid", "csat")
    expect_error(anon.post("/api/surveys/" + token, dict(ok, rating=5)), 422, "unknown_field",
                 "rating")
    r = anon.request("POST", "/api/surveys/" + token, headers={"Content-Type": "text/plain"},
                     raw=b'{"csat": 4}')
    expect(r.status == 415 or r.status == 400, r)
    r = anon.request("POST", "/api/surveys/" + token, raw=b"{not json")
    expect_error(r, 400, "bad_json")
    expect(anon.get("/api/surveys/" + token).json["answer"] is None, "nothing was kept")


def db():
    return sqlite3.connect(DB, timeout=10)


def test_expired_links_are_gone_and_final_answers_conflict():
    tid, _ = solved_ticket(bob, agent, "Expiry")
    token = link(bob, tid)
    with db() as conn:
        conn.execute("UPDATE surveys SET expires_at = 1 WHERE ticket_id = ?", (tid,))
    expect_error(anon.get("/api/surveys/" + token), 410, "gone", "token")
    expect_error(answer(token, csat=4, understood=4, effort=4), 410, "gone", "token")
    expect_error(bob.post("/api/tickets/%d/survey/link" % tid), 409, "bad_state")
    tid, _ = solved_ticket(bob, agent, "Final")
    token = link(bob, tid)
    expect_status(answer(token, csat=3, understood=3, effort=3), 200)
    with db() as conn:
        conn.execute("UPDATE surveys SET answered_at = 1 WHERE ticket_id = ?", (tid,))
    f = expect_status(anon.get("/api/surveys/" + token), 200)
    expect(f["state"] == "closed" and f["editable"] is False and f["answer"]["csat"] == 3, f)
    r = answer(token, csat=5, understood=5, effort=5)
    expect_error(r, 409, "bad_state", "token")
    expect("final" in r.json["error"]["message"], r.json)


def test_poor_answer_opens_a_recovery_task():
    tid, _ = solved_ticket(ann, agent2, "Refund never came")
    token = link(ann, tid)
    expect_status(answer(token, csat=1, understood=2, effort=2,
                         comment="Nobody listened to me, this was useless"), 200)
    tasks = expect_status(lead.get("/api/recovery"), 200)["tasks"]
    mine = [t for t in tasks if t["ticket_id"] == tid]
    expect(len(mine) == 1, tasks)
    task = mine[0]
    expect(task["customer_name"] == "Ann Customer" and task["csat"] == 1 and task["understood"] == 2,
           task)
    expect(task["reason"] == "csat 1, understood 2, negative comment", task)
    expect(task["comment"] == "Nobody listened to me, this was useless", task)
    detail = agent2.get("/api/tickets/%d" % tid).json
    notes = [m for m in detail["messages"] if m["visibility"] == "internal"]
    expect(notes and "poor answer" in notes[-1]["body"], notes)
    expect(any(e["kind"] == "recovery" for e in detail["events"]), detail["events"])
    expect(all(m["visibility"] == "public" for m in ann.get("/api/tickets/%d" % tid).json["messages"]),
           "the customer never sees the note")
    expect_error(lead.post("/api/recovery/%d/done" % task["id"], {"note": " "}), 422, "invalid",
                 "note")
    expect_error(lead.post("/api/recovery/%d/done" % task["id"], {}), 422, "invalid", "note")
    expect_status(lead.post("/api/recovery/%d/done" % task["id"],
                            {"note": "Called Ann, refund sent today."}), 200)
    expect(all(t["id"] != task["id"] for t in lead.get("/api/recovery").json["tasks"]), "closed")
    expect_error(lead.post("/api/recovery/%d/done" % task["id"], {"note": "again"}), 404)
    notes = [m for m in agent2.get("/api/tickets/%d" % tid).json["messages"]
             if m["visibility"] == "internal"]
    expect("refund sent today" in notes[-1]["body"], notes)


def test_praise_is_recognition_for_the_agent():
    tid, _ = solved_ticket(bob, agent2, "Lovely help")
    token = link(bob, tid)
    expect_status(answer(token, csat=5, understood=5, effort=7,
                         comment="Thank you so much, you were wonderful!"), 200)
    got = expect_status(agent.get("/api/recognition?agent_id=%d" % ids["agent2"]), 200)
    mine = [r for r in got["recognition"] if r["ticket_id"] == tid]
    expect(len(mine) == 1 and mine[0]["comment"] == "Thank you so much, you were wonderful!", got)
    expect(mine[0]["agent_name"] == "Agent Two" and mine[0]["csat"] == 5, mine)
    expect(all(r["agent_id"] == ids["agent2"] for r in got["recognition"]), got)
    expect_error(agent.get("/api/recognition?agent_id=abc"), 400, "invalid", "agent_id")
    # a period: today holds it, a period that ended yesterday does not
    when = mine[0]["created_at"]
    day = when[:10]
    today = expect_status(agent.get("/api/recognition?agent_id=%d&from=%s&to=%s"
                                    % (ids["agent2"], day, day)), 200)
    expect(any(r["ticket_id"] == tid for r in today["recognition"]), today)
    before = expect_status(agent.get("/api/recognition?agent_id=%d&to=2020-01-01"
                                     % ids["agent2"]), 200)
    expect(not any(r["ticket_id"] == tid for r in before["recognition"]), before)
    expect_error(agent.get("/api/recognition?from=yesterday"), 400, "invalid", "from")
    expect_error(agent.get("/api/recognition?from=2026-12-02&to=2026-11-30"), 400, "invalid",
                 "from")


def test_results_have_exact_figures():
    # a third agent with fresh customers, so the figures are this test's alone
    cli("user", "add", "--email", "agent3@example.com", "--name", "Agent Three", "--role",
        "agent", "--password-stdin", stdin=PASSWORD + "\n")
    a3 = signed_in("agent3@example.com")
    me = a3.get("/api/me").json["user"]["id"]
    carol = signed_up("carol@customer.org", "Carol Customer")
    dave = signed_up("dave@customer.org", "Dave Customer")
    erin = signed_up("erin@customer.org", "Erin Customer")
    t1, _ = solved_ticket(carol, a3, "One")
    t2, _ = solved_ticket(dave, a3, "Two")
    solved_ticket(erin, a3, "Three (never answered)")
    expect_status(answer(link(carol, t1), csat=5, understood=4, effort=6, nps=10), 200)
    expect_status(answer(link(dave, t2), csat=2, understood=2, effort=3, nps=6), 200)
    r = expect_status(lead.get("/api/surveys/results?group=agent&agent_id=%d" % me), 200)
    expect(len(r["groups"]) == 1, r)
    g = r["groups"][0]
    expect(set(g) == STATS_KEYS, g)
    expect(g["key"] == str(me) and g["label"] == "Agent Three", g)
    expect(g["sent"] == 3 and g["answered"] == 2 and g["response_rate"] == 66.7, g)
    expect(g["csat"] == {"responses": 2, "average": 3.5, "satisfied_pct": 50.0}, g)
    expect(g["understood"] == {"responses": 2, "average": 3.0, "understood_pct": 50.0}, g)
    expect(g["effort"] == {"responses": 2, "average": 4.5}, g)
    expect(g["nps"] == {"responses": 2, "promoters": 1, "passives": 0, "detractors": 1,
                        "score": 0.0}, g)
    expect(r["total"]["sent"] == 3 and r["total"]["nps"]["score"] == 0.0, r["total"])
    # agents see their own figures, by any grouping
    own = expect_status(a3.get("/api/surveys/results?group=ticket"), 200)
    expect(len(own["groups"]) == 3 and all(x["sent"] == 1 for x in own["groups"]), own)
    expect(any(x["label"].endswith(" One") for x in own["groups"]), own)
    mine = expect_status(a3.get("/api/surveys/results?group=agent"), 200)["groups"]
    expect([x["key"] for x in mine] == [str(me)], mine)
    expect_error(a3.get("/api/surveys/results?agent_id=%d" % ids["agent"]), 403)
    day = expect_status(lead.get("/api/surveys/results?group=day&agent_id=%d" % me), 200)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    expect([x["key"] for x in day["groups"]] == [today], day)
    old = expect_status(lead.get("/api/surveys/results?from=2000-01-01&to=2000-01-31"), 200)
    expect(old["groups"] == [] and old["total"]["sent"] == 0 and old["total"]["csat"]["average"] is None,
           old)
    expect_error(lead.get("/api/surveys/results?group=year"), 400, "invalid", "group")
    expect_error(lead.get("/api/surveys/results?from=2026-13-01"), 400, "invalid", "from")
    expect_error(lead.get("/api/surveys/results?from=2026-02-01&to=2026-01-01"), 400, "invalid", "to")
    expect_error(lead.get("/api/surveys/results?period=week"), 400, "invalid", "period")


def test_roles():
    routes = [("GET", "/api/surveys/results", None, (401, 403, 200, 200, 200)),
              ("GET", "/api/recovery", None, (401, 403, 403, 200, 200)),
              ("POST", "/api/recovery/999999/done", {"note": "x"}, (401, 403, 403, 404, 404)),
              ("GET", "/api/recognition", None, (401, 403, 200, 200, 200)),
              ("POST", "/api/tickets/999999/survey/link", {}, (401, 404, 403, 403, 403))]
    for method, path, body, wanted in routes:
        for c, want in zip((anon, ann, agent, lead, admin), wanted):
            r = c.request(method, path, body)
            expect(r.status == want, "%s %s: wanted %d, got %r" % (method, path, want, r))
    # writes by cookie still need the CSRF token
    r = lead.request("POST", "/api/recovery/999999/done", {"note": "x"}, csrf=False)
    expect_error(r, 403, "csrf")


TESTS = [
    test_opening_a_link_shows_the_form_and_records_nothing,
    test_answer_then_change_it_within_the_day,
    test_bad_tokens_are_a_clear_404,
    test_answers_are_checked_and_nothing_is_kept_on_error,
    test_expired_links_are_gone_and_final_answers_conflict,
    test_poor_answer_opens_a_recovery_task,
    test_praise_is_recognition_for_the_agent,
    test_results_have_exact_figures,
    test_roles,
]


if __name__ == "__main__":
    sys.exit(apitest.main(globals(), TESTS, setup))
