"""Service levels and triage over HTTP, against the real server.

python3 test_sla.py PORT BIN DB

Signs in the staff accounts tests/suites/sla.sh created (admin, lead and agent
@example.com) and a customer, then drives the SLA routes and the SLA and triage
parts of tickets. The server runs with sla_warning_percent = 99, so a clock of
one business minute is in warning after 0.6 s and breached after a minute.
"""
import subprocess
import sys
import time

import apitest
from apitest import Client, expect, expect_error, expect_status

PORT, BIN, DB = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PASSWORD = "correct horse battery"
ANN = "ann@customer.org"
STAFF_ONLY = "%d" % time.time()  # tiers unique to this run

admin = agent = lead = cust = None
ALWAYS = {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "open": "00:00",
          "close": "24:00"}


def bearer(email):
    r = subprocess.run([BIN, "--db", DB, "token", "create", "--email", email],
                       capture_output=True, text=True, timeout=60)
    expect(r.returncode == 0, "token create %s: %s" % (email, r.stderr))
    return Client(PORT, token=r.stdout.strip())


def setup():
    global admin, agent, lead, cust
    admin = bearer("admin@example.com")
    agent = bearer("agent@example.com")
    lead = bearer("lead@example.com")
    cust = Client(PORT)
    r = cust.post("/api/signup", {"email": ANN, "password": PASSWORD, "name": "Ann Customer"})
    expect(r.status == 201, "signup: %r" % r)
    cust.csrf = r.json["csrf"]


def new_ticket(c=None, email=ANN, **extra):
    body = {"subject": "Printer on fire", "body": "The printer does not print.",
            "customer": {"email": email, "name": "Some Customer"}}
    body.update(extra)
    r = (c or agent).post("/api/tickets", body)
    expect(r.status == 201, "create: %r" % r)
    return r.json


def ticket(tid, c=None):
    return expect_status((c or agent).get("/api/tickets/%d" % tid), 200)


def policies():
    return expect_status(agent.get("/api/sla/policies"), 200)["policies"]


def calendars():
    return expect_status(agent.get("/api/sla/calendars"), 200)["calendars"]


def customer_with_tier(tier):
    """A new customer of `tier`; returns their email."""
    email = "%s-%d@customer.org" % (tier, len(policies()) + int(time.time() * 1000) % 100000)
    r = agent.post("/api/customers", {"name": "Tiered Customer", "email": email})
    expect(r.status == 201, r)
    expect_status(agent.patch("/api/customers/%d" % r.json["id"], {"tier": tier}), 200)
    return email


def tier_policy(tier, fr, nr=600, res=6000, priority=None, calendar_id=1):
    body = {"name": "Policy %s %s" % (tier, priority), "tier": tier, "priority": priority,
            "calendar_id": calendar_id, "first_response_minutes": fr,
            "next_response_minutes": nr, "resolution_minutes": res}
    return expect_status(admin.post("/api/sla/policies", body), 201)


def ids(rows):
    return [x["id"] for x in rows]


# ---- policies and calendars ----

def test_defaults_after_migration():
    ps = policies()
    by = {p["name"]: p for p in ps}
    expect({"Default", "Urgent", "High", "Normal", "Low"} <= set(by), ps)
    expect(by["Default"]["default"] and by["Default"]["priority"] is None, by["Default"])
    expect(by["Urgent"]["priority"] == "urgent" and by["Urgent"]["first_response_minutes"] == 60,
           by["Urgent"])
    cals = calendars()
    expect(cals[0]["tz"] == "UTC" and len(cals[0]["hours"]) == 1, cals)
    expect(sorted(cals[0]["hours"][0]["days"]) == sorted(ALWAYS["days"]), cals[0])
    expect(cals[0]["hours"][0]["open"] == "00:00" and cals[0]["hours"][0]["close"] == "24:00",
           cals[0])


def test_roles():
    body = {"name": "Nope", "first_response_minutes": 1, "next_response_minutes": 1,
            "resolution_minutes": 1, "tier": "nope"}
    expect_error(agent.post("/api/sla/policies", body), 403)
    expect_error(lead.post("/api/sla/policies", body), 403)
    expect_error(lead.post("/api/sla/calendars", {"name": "x", "tz": "UTC", "hours": [ALWAYS]}),
                 403)
    expect_error(cust.get("/api/sla/policies"), 403)
    expect_error(cust.get("/api/sla/calendars"), 403)
    expect_error(Client(PORT).get("/api/sla/policies"), 401)
    pid = policies()[1]["id"]
    expect_error(agent.patch("/api/sla/policies/%d" % pid, {"resolution_minutes": 5}), 403)
    expect_error(lead.delete("/api/sla/policies/%d" % pid), 403)
    expect_status(lead.get("/api/sla/policies"), 200)
    expect("Nope" not in [p["name"] for p in policies()], "a refused write stored nothing")


def test_policy_validation_names_the_field():
    before = policies()
    good = {"name": "Checked", "tier": "checked", "first_response_minutes": 10,
            "next_response_minutes": 20, "resolution_minutes": 30}
    cases = [
        (dict(good, first_response_minutes=-5), 422, "first_response_minutes"),
        (dict(good, resolution_minutes=-1), 422, "resolution_minutes"),
        (dict(good, next_response_minutes="ten"), 422, "next_response_minutes"),
        (dict(good, priority="whenever"), 422, "priority"),
        (dict(good, calendar_id=99999), 422, "calendar_id"),
        (dict(good, name=""), 422, "name"),
        ({k: v for k, v in good.items() if k != "resolution_minutes"}, 422, "resolution_minutes"),
        (dict(good, colour="red"), 422, "colour"),
        (dict(good, name="Default"), 409, "name"),
    ]
    for body, status, field in cases:
        expect_error(admin.post("/api/sla/policies", body), status, None, field)
    default = [p for p in before if p["default"]][0]
    expect_error(admin.delete("/api/sla/policies/%d" % default["id"]), 409, "bad_state")
    expect_error(admin.patch("/api/sla/policies/%d" % default["id"], {"priority": "low"}), 409)
    expect_error(admin.delete("/api/sla/policies/99999"), 404)
    expect(policies() == before, "nothing stored by refused writes")


def test_calendar_validation_names_the_field():
    before = calendars()
    good = {"name": "Checked hours", "tz": "Europe/Berlin",
            "hours": [{"days": ["mon", "tue"], "open": "09:00", "close": "17:00"}],
            "holidays": ["2026-12-25"]}
    cases = [
        (dict(good, tz="Mars/Olympus_Mons"), "tz"),
        (dict(good, tz="../../etc/passwd"), "tz"),
        (dict(good, hours=[{"days": ["mon"], "open": "17:00", "close": "09:00"}]),
         "hours[0].close"),
        (dict(good, hours=[{"days": ["mon"], "open": "9am", "close": "17:00"}]), "hours[0].open"),
        (dict(good, hours=[{"days": ["mon"], "open": "09:00", "close": "25:00"}]),
         "hours[0].close"),
        (dict(good, hours=[{"days": ["mon", "tue"], "open": "09:00", "close": "17:00"},
                           {"days": ["tue"], "open": "12:00", "close": "20:00"}]), "hours[1]"),
        (dict(good, hours=[{"days": ["someday"], "open": "09:00", "close": "17:00"}]),
         "hours[0].days"),
        (dict(good, hours=[]), "hours"),
        (dict(good, hours=[{"days": ["mon"], "open": "09:00", "close": "17:00", "x": 1}]),
         "hours[0].x"),
        (dict(good, holidays=["2026-02-30"]), "holidays[0]"),
        (dict(good, holidays=["25.12.2026"]), "holidays[0]"),
        ({k: v for k, v in good.items() if k != "hours"}, "hours"),
    ]
    for body, field in cases:
        expect_error(admin.post("/api/sla/calendars", body), 422, None, field)
    expect(calendars() == before, "nothing stored by refused writes")


def test_calendars_and_policies_crud():
    cal = expect_status(admin.post("/api/sla/calendars", {
        "name": "Berlin office", "tz": "Europe/Berlin",
        "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00",
                   "close": "17:00"}],
        "holidays": ["2026-12-25", "2026-12-24"]}), 201)
    expect(cal["holidays"] == ["2026-12-24", "2026-12-25"], cal)
    expect(cal["hours"] == [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00",
                             "close": "17:00"}], cal)
    cal2 = expect_status(admin.patch("/api/sla/calendars/%d" % cal["id"], {
        "hours": [{"days": ["mon", "tue", "wed", "thu"], "open": "08:30", "close": "17:00"},
                  {"days": ["fri"], "open": "08:30", "close": "14:00"}]}), 200)
    expect(cal2["name"] == "Berlin office" and len(cal2["hours"]) == 2, cal2)
    expect(cal2["holidays"] == cal["holidays"], "holidays kept: %r" % cal2)
    expect_error(admin.patch("/api/sla/calendars/%d" % cal["id"], {"tz": "Nowhere/Land"}), 422,
                 None, "tz")
    expect_error(admin.patch("/api/sla/calendars/99999", {"name": "x"}), 404)
    expect(cal2 in calendars(), calendars())

    p = tier_policy("crud-" + STAFF_ONLY, 30, 60, 600, priority="high", calendar_id=cal["id"])
    expect(p["priority"] == "high" and p["calendar_name"] == "Berlin office", p)
    expect_error(admin.post("/api/sla/policies", dict(
        name="Another", tier="crud-" + STAFF_ONLY, priority="high", first_response_minutes=1,
        next_response_minutes=1, resolution_minutes=1)), 409)
    p2 = expect_status(admin.patch("/api/sla/policies/%d" % p["id"],
                                   {"resolution_minutes": 900, "name": "Renamed"}), 200)
    expect(p2["resolution_minutes"] == 900 and p2["name"] == "Renamed", p2)
    expect_status(admin.delete("/api/sla/policies/%d" % p["id"]), 200)
    expect(p["id"] not in ids(policies()), "deleted")


# ---- clocks on tickets ----

def test_sla_object_on_tickets():
    t = new_ticket()
    d = ticket(t["id"])
    sla = d["sla"]
    expect(t["sla"] == sla or t["sla"]["policy"] == sla["policy"], (t["sla"], sla))
    expect(sla["policy"] in ("Normal", "Low", "High", "Urgent", "Default"), sla)
    fr, res = sla["first_response"], sla["resolution"]
    expect(fr["state"] == "ok" and fr["due_at"] and fr["minutes_left"] > 0, fr)
    expect(fr["target_minutes"] > 0 and fr["met_at"] is None, fr)
    expect(res["state"] == "ok" and sla["next_response"] is None, sla)
    expect(sla["state"] == "ok" and sla["next_due_at"] == fr["due_at"], sla)
    # in lists too
    rows = expect_status(agent.get("/api/tickets?view=open&limit=200"), 200)["tickets"]
    row = [x for x in rows if x["id"] == t["id"]][0]
    expect(row["sla"]["first_response"]["due_at"] == fr["due_at"], row)
    expect("triage" in row and row["triage"]["score"] == d["triage"]["score"], row)
    # customers see neither
    own = [x for x in expect_status(cust.get("/api/tickets"), 200)["tickets"]
           if x["id"] == t["id"]][0]
    expect("sla" not in own and "triage" not in own, own)
    expect("sla" not in ticket(t["id"], cust), "customer detail without sla")


def test_first_response_met_by_a_public_reply_not_a_note():
    t = new_ticket()
    path = "/api/tickets/%d/messages" % t["id"]
    expect_status(agent.post(path, {"body": "Looking into it", "visibility": "internal"}), 201)
    expect(ticket(t["id"])["sla"]["first_response"]["state"] == "ok", "a note meets nothing")
    expect_status(agent.post(path, {"body": "Hi, I am on it."}), 201)
    sla = ticket(t["id"])["sla"]
    expect(sla["first_response"]["state"] == "met" and sla["first_response"]["met_at"], sla)
    expect(sla["next_response"] is None, sla)
    # the customer writes again: the next-response clock starts
    r = cust.post(path, {"body": "Thanks, any news?"})
    expect(r.status == 201, r)
    sla = ticket(t["id"])["sla"]
    expect(sla["next_response"] and sla["next_response"]["state"] == "ok", sla)
    expect_status(agent.post(path, {"body": "Yes: fixed tomorrow."}), 201)
    expect(ticket(t["id"])["sla"]["next_response"]["state"] == "met", "met by the reply")


def test_pending_pauses_and_solved_meets_resolution():
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    expect_status(agent.post(path + "/messages", {"body": "Which model?", "status": "pending"}),
                  201)
    sla = ticket(t["id"])["sla"]
    expect(sla["resolution"]["state"] == "paused" and sla["next_due_at"] is None, sla)
    expect(sla["resolution"]["minutes_left"] > 0, sla)
    r = cust.post(path + "/messages", {"body": "The LX-200."})
    expect(r.status == 201, r)
    sla = ticket(t["id"])["sla"]
    expect(sla["resolution"]["state"] == "ok" and sla["next_response"]["state"] == "ok", sla)
    expect_status(agent.patch(path, {"status": "solved"}), 200)
    sla = ticket(t["id"])["sla"]
    expect(sla["resolution"]["state"] == "met" and sla["resolution"]["met_at"], sla)


def test_breached_and_at_risk_views():
    tier = "breach-" + STAFF_ONLY
    tier_policy(tier, 0, 0, 0, priority="normal")
    late = new_ticket(email=customer_with_tier(tier), priority="normal")
    fine = new_ticket()
    expect(ticket(late["id"])["sla"]["first_response"]["state"] == "breached",
           ticket(late["id"])["sla"])
    breached = ids(expect_status(agent.get("/api/tickets?view=breached&limit=200"), 200)
                   ["tickets"])
    at_risk = ids(expect_status(agent.get("/api/tickets?view=at_risk&limit=200"), 200)["tickets"])
    expect(late["id"] in breached and fine["id"] not in breached, breached)
    expect(late["id"] in at_risk and fine["id"] not in at_risk, at_risk)
    # the filter works with any view; the counts are listed with the views
    rows = ids(expect_status(agent.get("/api/tickets?sla=breached&limit=200"), 200)["tickets"])
    expect(late["id"] in rows and fine["id"] not in rows, rows)
    views = {v["name"]: v["count"] for v in expect_status(agent.get("/api/views"), 200)["views"]}
    expect(views["breached"] >= 1 and views["at_risk"] >= views["breached"], views)
    d = ticket(late["id"])
    kinds = [e["kind"] for e in d["events"]]
    expect("sla_breach" in kinds, kinds)
    # solved tickets leave the views
    expect_status(agent.patch("/api/tickets/%d" % late["id"], {"status": "solved"}), 200)
    breached = ids(agent.get("/api/tickets?view=breached&limit=200").json["tickets"])
    expect(late["id"] not in breached, breached)
    for bad in ("view=later", "sla=soon", "sort=sometime"):
        expect_error(agent.get("/api/tickets?" + bad), 400, "invalid", bad.split("=")[0])


def test_warning_before_the_breach():
    tier = "warn-" + STAFF_ONLY
    tier_policy(tier, 1, 1, 600, priority="normal")
    t = new_ticket(email=customer_with_tier(tier), priority="normal")
    time.sleep(1.0)
    sla = ticket(t["id"])["sla"]
    expect(sla["first_response"]["state"] == "warning" and sla["state"] == "warning", sla)
    at_risk = ids(agent.get("/api/tickets?view=at_risk&limit=200").json["tickets"])
    breached = ids(agent.get("/api/tickets?view=breached&limit=200").json["tickets"])
    expect(t["id"] in at_risk and t["id"] not in breached, (at_risk, breached))


def test_sort_by_due_time():
    rows = expect_status(agent.get("/api/tickets?view=open&sort=due&limit=200"), 200)["tickets"]
    dues = [x["sla"]["next_due_at"] for x in rows if x.get("sla")]
    with_due = [x for x in dues if x]
    expect(with_due == sorted(with_due), with_due)
    expect(dues[:len(with_due)] == with_due, "tickets without a running clock come last")
    # paging by due time neither repeats nor skips
    seen, cursor = [], None
    while True:
        r = agent.get("/api/tickets?view=open&sort=due&limit=3" +
                      ("&cursor=" + cursor if cursor else ""))
        expect(r.status == 200, r)
        seen += ids(r.json["tickets"])
        cursor = r.json["next"]
        if not cursor:
            break
    expect(seen == ids(rows), (seen, ids(rows)))


# ---- triage ----

def test_triage_explained_and_sorted():
    angry_tier = "enterprise"
    email = customer_with_tier(angry_tier)
    calm = new_ticket(subject="A small question",
                      body="Thank you so much, everything works great. Just curious about "
                           "the colour options.")
    angry = new_ticket(email=email, subject="Charged twice",
                       body="This is URGENT!! You charged me twice and nobody answers. I am "
                            "furious and I will cancel and call my lawyer.")
    a, c = ticket(angry["id"]), ticket(calm["id"])
    for d in (a, c):
        tr = d["triage"]
        expect(0 <= tr["score"] <= 100, tr)
        expect(sum(p["points"] for p in tr["parts"]) == tr["score"], tr)
        expect(all(set(p) == {"name", "points", "why"} and p["why"] for p in tr["parts"]), tr)
    expect(a["triage"]["score"] > c["triage"]["score"], (a["triage"], c["triage"]))
    names = {p["name"]: p for p in a["triage"]["parts"]}
    expect(names["risk"]["points"] > 0 and names["customer"]["points"] > 0, names)
    # the automatic priority follows the score's band
    expect(a["priority"] in ("high", "urgent") and not a["triage"]["priority_manual"], a)
    rows = expect_status(agent.get("/api/tickets?view=open&sort=triage&limit=200"), 200)["tickets"]
    scores = [x["triage"]["score"] for x in rows]
    expect(scores == sorted(scores, reverse=True), scores)
    order = ids(rows)
    expect(order.index(angry["id"]) < order.index(calm["id"]), order)


def test_manual_priority_clamps_the_score():
    t = new_ticket(body="You charged me twice!! This is urgent, I will cancel.")
    d = expect_status(agent.patch("/api/tickets/%d" % t["id"], {"priority": "low"}), 200)
    tr = d["triage"]
    expect(d["priority"] == "low" and tr["priority_manual"], d)
    expect(0 <= tr["score"] <= 24, tr)
    expect(sum(p["points"] for p in tr["parts"]) == tr["score"], tr)
    manual = [p for p in tr["parts"] if p["name"] == "manual priority"]
    expect(manual and "by hand" in manual[0]["why"], tr)
    # the customer writes again: the priority stays where staff put it
    expect(cust.post("/api/tickets/%d/messages" % t["id"],
                     {"body": "Still broken and I am very angry!!"}).status == 201, "message")
    d = ticket(t["id"])
    expect(d["priority"] == "low" and d["triage"]["score"] <= 24, d["triage"])
    d = expect_status(agent.patch("/api/tickets/%d" % t["id"], {"priority": "urgent"}), 200)
    expect(d["triage"]["score"] >= 75, d["triage"])


def test_priority_change_applies_its_policy():
    t = new_ticket()
    d = expect_status(agent.patch("/api/tickets/%d" % t["id"], {"priority": "urgent"}), 200)
    expect(d["sla"]["policy"] == "Urgent", d["sla"])
    expect(d["sla"]["first_response"]["target_minutes"] == 60, d["sla"])


TESTS = [
    test_defaults_after_migration,
    test_roles,
    test_policy_validation_names_the_field,
    test_calendar_validation_names_the_field,
    test_calendars_and_policies_crud,
    test_sla_object_on_tickets,
    test_first_response_met_by_a_public_reply_not_a_note,
    test_pending_pauses_and_solved_meets_resolution,
    test_breached_and_at_risk_views,
    test_warning_before_the_breach,
    test_sort_by_due_time,
    test_triage_explained_and_sorted,
    test_manual_priority_clamps_the_score,
    test_priority_change_applies_its_policy,
]


if __name__ == "__main__":
    sys.exit(apitest.main(globals(), TESTS, setup))
