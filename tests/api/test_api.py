"""The API over HTTP, against the real server: python3 test_api.py PORT BIN DB."""
import subprocess
import sys

from apitest import Client, expect, expect_error, run

PORT, BIN, DB = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PASSWORD = "correct horse battery"


def cli(*args, stdin=None):
    r = subprocess.run([BIN, "--db", DB] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("attune %s failed: %s" % (" ".join(args), r.stderr))
    return r.stdout.strip()


def signed_in(email, password=PASSWORD):
    c = Client(PORT)
    r = c.login(email, password)
    expect(r.status == 200, "login %s: %r" % (email, r))
    return c


def bearer(email):
    return Client(PORT, token=cli("token", "create", "--email", email))


admin = agent = lead = cust_a = cust_b = None


def setup():
    global admin, agent, lead, cust_a, cust_b
    admin = signed_in("admin@example.com")
    agent = signed_in("agent@example.com")
    lead = signed_in("lead@example.com")
    cust_a = Client(PORT)
    r = cust_a.post("/api/signup", {"email": "ann@customer.org", "password": PASSWORD,
                                    "name": "Ann Customer"})
    expect(r.status == 201, "signup: %r" % r)
    cust_a.csrf = r.json["csrf"]
    cust_b = Client(PORT)
    r = cust_b.post("/api/signup", {"email": "bob@customer.org", "password": PASSWORD,
                                    "name": "Bob Customer"})
    expect(r.status == 201, "signup: %r" % r)
    cust_b.csrf = r.json["csrf"]


def all_count(c=None):
    r = (c or admin).get("/api/views")
    return {v["name"]: v["count"] for v in r.json["views"]}["all"]


def new_ticket(c=None, **extra):
    body = {"subject": "Printer on fire", "body": "The printer is on fire and I am scared.",
            "customer": {"email": "ann@customer.org", "name": "Ann Customer"}}
    body.update(extra)
    r = (c or agent).post("/api/tickets", body)
    expect(r.status == 201, "create: %r" % r)
    return r.json


# ---- serving ----

def test_health_and_headers():
    r = Client(PORT).get("/healthz")
    expect(r.status == 200 and r.json == {"status": "ok"}, r)
    expect(len(r.headers.get("x-request-id", "")) == 16, r.headers)
    expect(r.headers.get("content-type", "").startswith("application/json"), r.headers)
    expect(r.headers.get("x-content-type-options") == "nosniff", r.headers)
    r = Client(PORT).get("/api/nope")
    expect_error(r, 404, "not_found")
    expect(r.headers.get("x-request-id"), "request id on errors too")


# ---- accounts ----

def test_login_cookie_me_logout():
    c = Client(PORT)
    expect_error(c.login("agent@example.com", "wrong password!"), 401, "unauthorized")
    expect_error(c.login("nobody@example.com", PASSWORD), 401, "unauthorized")
    r = c.login("agent@example.com", PASSWORD)
    expect(r.status == 200 and r.json["user"]["role"] == "agent" and len(r.json["csrf"]) == 64, r)
    expect("password_hash" not in r.raw.decode(), "no hash in answers")
    cookie = r.headers["set-cookie"]
    expect("HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie, cookie)
    me = c.get("/api/me")
    expect(me.status == 200 and me.json["user"]["email"] == "agent@example.com", me)
    expect(c.post("/api/logout").status == 200, "logout")
    expect_error(c.get("/api/me"), 401)


def test_secure_cookie_behind_tls_proxy_only_when_trusted():
    c = Client(PORT)
    r = c.request("POST", "/api/login", {"email": "agent@example.com", "password": PASSWORD},
                  headers={"X-Forwarded-Proto": "https"})
    expect(r.status == 200 and "Secure" not in r.headers["set-cookie"],
           "an untrusted X-Forwarded-Proto must not change the cookie")


def test_csrf_on_cookie_writes():
    before = all_count()
    body = {"subject": "csrf", "body": "x", "customer": {"email": "x@y.org"}}
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False), 403, "csrf")
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False,
                               headers={"X-CSRF-Token": "0" * 64}), 403, "csrf")
    expect(all_count() == before, "nothing stored without the CSRF token")
    expect(agent.get("/api/tickets").status == 200, "reads need no token")
    tok = bearer("agent@example.com")
    r = tok.post("/api/tickets", body)
    expect(r.status == 201, "bearer writes need no CSRF token: %r" % r)


def test_tokens_list_and_revoke_at_once():
    c = Client(PORT)
    c.login("lead@example.com", PASSWORD)
    r = c.post("/api/tokens", {"name": "reporting"})
    expect(r.status == 201 and r.json["token"].startswith("at_"), r)
    t = Client(PORT, token=r.json["token"])
    expect(t.get("/api/me").status == 200, "token works")
    listed = c.get("/api/tokens").json["tokens"]
    expect(any(x["id"] == r.json["id"] and "token" not in x for x in listed), listed)
    expect(agent.delete("/api/tokens/%d" % r.json["id"]).status == 404, "not agent's token")
    expect(c.delete("/api/tokens/%d" % r.json["id"]).status == 200, "revoke")
    expect_error(t.get("/api/me"), 401)
    expect_error(Client(PORT, token="at_" + "f" * 64).get("/api/me"), 401)


def test_login_rate_limit_grows():
    cli("user", "add", "--email", "victim@example.com", "--name", "V", "--role", "agent",
        "--password-stdin", stdin=PASSWORD + "\n")
    c = Client(PORT)
    codes = [c.login("victim@example.com", "wrong-%d-password" % i).status for i in range(7)]
    expect(codes[:5] == [401] * 5, codes)
    expect(429 in codes[5:], "limited after repeated failures: %r" % codes)
    r = c.login("victim@example.com", PASSWORD)
    expect_error(r, 429, "rate_limited")
    expect(int(r.headers.get("retry-after", "0")) >= 1, r.headers)


def test_password_reset_link_works_once():
    cli("user", "add", "--email", "forgetful@example.com", "--name", "F", "--role", "agent",
        "--password-stdin", stdin=PASSWORD + "\n")
    link = cli("user", "reset-link", "--email", "forgetful@example.com")
    expect("/reset#token=" in link, link)
    token = link.split("token=")[1]
    c = Client(PORT)
    expect_error(c.post("/api/password-reset", {"token": token, "password": "short"}), 422,
                 field="password")
    r = c.post("/api/password-reset", {"token": token, "password": "a brand new password"})
    expect(r.status == 200, r)
    expect_error(c.post("/api/password-reset",
                        {"token": token, "password": "another new password"}), 404)
    expect(c.login("forgetful@example.com", "a brand new password").status == 200, "new works")
    expect_error(Client(PORT).login("forgetful@example.com", PASSWORD), 401)


def test_signup_rules():
    c = Client(PORT)
    expect_error(c.post("/api/signup", {"email": "new@x.org", "password": "short",
                                        "name": "N"}), 422, field="password")
    expect_error(c.post("/api/signup", {"email": "ann@customer.org", "password": PASSWORD,
                                        "name": "Ann"}), 409)
    new_ticket(customer={"email": "walkin@customer.org", "name": "Walk In"})
    expect_error(c.post("/api/signup", {"email": "walkin@customer.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")
    # the same with a space in front, and a customer staff added who has no ticket yet
    expect_error(c.post("/api/signup", {"email": " Walkin@customer.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")
    r = agent.post("/api/customers", {"name": "Vera VIP", "email": "vera@bigco.org",
                                      "notes": "threatened to churn; discount approved"})
    expect(r.status == 201, r)
    expect_error(c.post("/api/signup", {"email": "vera@bigco.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")


# ---- roles ----

def test_every_role_against_every_route():
    t = new_ticket()
    anon = Client(PORT)
    routes = [
        ("GET", "/api/me", None), ("GET", "/api/tickets", None), ("GET", "/api/views", None),
        ("GET", "/api/search?q=printer", None), ("GET", "/api/tickets/%d" % t["id"], None),
        ("GET", "/api/customers", None), ("GET", "/api/users", None),
        ("GET", "/api/audit", None), ("GET", "/api/macros", None), ("GET", "/api/tokens", None),
        ("POST", "/api/users", {"email": "r@x.org", "name": "R", "role": "bogus"}),
        ("PATCH", "/api/users/999999", {"name": "x"}),
        ("POST", "/api/customers", {"name": "C", "email": "not-an-email"}),
        ("POST", "/api/macros", {"title": "", "body": ""}),
        ("POST", "/api/analyze", {"text": "I am upset"}),
        ("GET", "/api/updates", None),
    ]
    # what each role gets: 2xx/4xx-validation (allowed) or the refusal
    want = {
        "anon": {r: 401 for r in range(len(routes))},
        "customer": {5: 403, 6: 403, 7: 403, 8: 403, 10: 403, 11: 403, 12: 403, 13: 403, 14: 403},
        "agent": {7: 403, 10: 403, 11: 403, 13: 403},
        "lead": {7: 403, 10: 403, 11: 403},
        "admin": {},
    }
    clients = {"anon": anon, "customer": cust_a, "agent": agent, "lead": lead, "admin": admin}
    for role, c in clients.items():
        for i, (method, path, body) in enumerate(routes):
            r = c.request(method, path, body)
            refused = want[role].get(i)
            if refused:
                expect(r.status == refused, "%s %s %s: wanted %d, got %r" % (role, method, path,
                                                                              refused, r))
            else:
                expect(r.status not in (401, 403),
                       "%s %s %s: wanted access, got %r" % (role, method, path, r))


def test_customers_see_only_their_own():
    mine = cust_a.post("/api/tickets", {"subject": "Ann's private matter", "body": "secret"})
    expect(mine.status == 201, mine)
    tid = mine.json["id"]
    expect(agent.post("/api/tickets/%d/messages" % tid,
                      {"body": "internal: VIP, be kind", "visibility": "internal"}).status == 201,
           "note")
    r = cust_b.get("/api/tickets/%d" % tid)
    expect_error(r, 404, "not_found")
    expect(b"private matter" not in r.raw, "never the contents")
    expect_error(cust_b.post("/api/tickets/%d/messages" % tid, {"body": "hi"}), 404)
    expect_error(cust_b.patch("/api/tickets/%d" % tid, {"status": "solved"}), 404)
    expect_error(cust_b.get("/api/customers/%d" % mine.json["customer_id"]), 404)
    listed = cust_b.get("/api/tickets").json["tickets"]
    expect(all(x["id"] != tid for x in listed), "not listed for others")
    found = cust_b.get("/api/search?q=private").json["results"]
    expect(not found, "not found by others: %r" % found)
    own = cust_a.get("/api/tickets/%d" % tid).json
    expect(all(m["visibility"] == "public" for m in own["messages"]), "no internal notes")
    expect(b"VIP" not in cust_a.get("/api/tickets/%d" % tid).raw, "note text hidden")
    expect("events" not in own, "no event log for customers")
    expect(all("analysis" not in m for m in own["messages"]), "no analysis for customers")
    expect("notes" not in own["customer"] and "lifetime_value" not in own["customer"],
           "no staff notes or value for customers: %r" % own["customer"])
    expect(not cust_a.get("/api/search?q=VIP").json["results"], "notes not searchable")
    expect_error(cust_a.post("/api/tickets/%d/messages" % tid,
                             {"body": "x", "visibility": "internal"}), 403)
    expect_error(cust_a.patch("/api/tickets/%d" % tid, {"priority": "urgent"}), 403)
    expect(cust_a.patch("/api/tickets/%d" % tid, {"status": "solved"}).status == 200, "solve")


# ---- tickets ----

def test_create_shape_and_detail():
    r = agent.post("/api/tickets", {"subject": "Charged twice", "body": "I was charged twice!!",
                                    "customer": {"email": "Carl@Customer.org", "name": "Carl"},
                                    "priority": "high", "tags": ["Billing", "refund"]})
    expect(r.status == 201, r)
    t = r.json
    expect(isinstance(t["id"], int) and t["number"] >= 1001, t)
    expect(t["status"] == "new" and t["priority"] == "high" and t["tags"] == ["billing", "refund"],
           t)
    expect(t["customer_email"] == "carl@customer.org", t)
    d = agent.get("/api/tickets/%d" % t["id"]).json
    expect(d["messages"][0]["body"] == "I was charged twice!!", d)
    expect(isinstance(d["messages"][0]["analysis"], dict), "stored with its analysis")
    expect(d["events"][0]["kind"] == "created", d["events"])
    expect(d["customer"]["name"] == "Carl", d["customer"])


def test_replies_status_rules_and_events():
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    r = agent.post(path + "/messages", {"body": "So sorry! Fixing it now.", "status": "pending"})
    expect(r.status == 201 and r.json["visibility"] == "public", r)
    d = agent.get(path).json
    expect(d["status"] == "pending" and d["first_response_at"], d)
    expect(agent.patch(path, {"status": "solved"}).json["status"] == "solved", "solve")
    expect_error(agent.patch(path, {"status": "new"}), 409, "bad_state")
    expect(agent.patch(path, {"status": "closed"}).json["status"] == "closed", "close")
    expect_error(agent.patch(path, {"status": "open"}), 409, "bad_state")
    expect_error(agent.post(path + "/messages", {"body": "again"}), 409, "bad_state")
    kinds = [e["kind"] for e in agent.get(path).json["events"]]
    expect(kinds.count("status") >= 3 and "reply" in kinds, kinds)


def test_assign_priority_tags():
    t = new_ticket()
    users = agent.get("/api/users").json["users"]
    me = [u for u in users if u["email"] == "agent@example.com"][0]
    r = agent.patch("/api/tickets/%d" % t["id"], {"assignee_id": me["id"], "priority": "urgent",
                                                  "tags": ["vip"]})
    expect(r.status == 200 and r.json["assignee_id"] == me["id"] and r.json["status"] == "open",
           r)
    mine = agent.get("/api/tickets?view=mine").json["tickets"]
    expect(any(x["id"] == t["id"] for x in mine), "in my view")
    expect_error(agent.patch("/api/tickets/%d" % t["id"], {"assignee_id": 99999}), 422,
                 field="assignee_id")
    r = agent.patch("/api/tickets/%d" % t["id"], {"assignee_id": None})
    expect(r.status == 200 and r.json["assignee_id"] is None, r)


def test_views_filters_and_pagination_under_change():
    ids = [new_ticket(subject="Paged %d" % i)["id"] for i in range(12)]
    seen = []
    cursor = None
    while True:
        q = "/api/tickets?view=all&sort=newest&limit=5" + ("&cursor=" + cursor if cursor else "")
        r = agent.get(q)
        expect(r.status == 200, r)
        seen += [x["id"] for x in r.json["tickets"]]
        new_ticket(subject="Arrived meanwhile")  # changes between pages
        agent.patch("/api/tickets/%d" % ids[len(seen) % 12], {"priority": "low"})
        cursor = r.json["next"]
        if not cursor:
            break
    for i in ids:
        expect(seen.count(i) == 1, "ticket %d seen %d times" % (i, seen.count(i)))
    expect_error(agent.get("/api/tickets?cursor=bogus"), 400, field="cursor")
    expect_error(agent.get("/api/tickets?view=everything"), 400, field="view")
    expect_error(agent.get("/api/tickets?status=sleeping"), 400, field="status")
    expect_error(agent.get("/api/tickets?colour=red"), 400, field="colour")
    r = agent.get("/api/tickets?status=closed,solved&priority=urgent,high&tag=vip")
    expect(r.status == 200, r)
    for x in r.json["tickets"]:
        expect(x["status"] in ("closed", "solved") and "vip" in x["tags"], x)


def test_search_ranks_and_highlights():
    new_ticket(subject="Zebra crossing broken", body="The zebra app crashes on start")
    r = agent.get("/api/search?q=zebra")
    expect(r.status == 200 and r.json["results"], r)
    top = r.json["results"][0]
    expect("[Zebra]" in top["snippet"] or "[zebra]" in top["snippet"], top["snippet"])
    expect_error(agent.get("/api/search?q="), 400, field="q")
    for q in ["%22", "NEAR(", "*", "a%20OR%20", "%7Bsubject%7D"]:
        r = agent.get("/api/search?q=" + q)
        expect(r.status in (200, 400), "hostile query %s: %r" % (q, r))


def test_customers_resource_and_history():
    r = agent.post("/api/customers", {"name": "Dana Diaz", "email": "dana@x.org", "tier": "premium",
                                      "lifetime_value": 1234.5})
    expect(r.status == 201 and r.json["lifetime_value"] == 1234.5, r)
    cid = r.json["id"]
    expect_error(agent.post("/api/customers", {"name": "Dup", "email": "DANA@x.org"}), 409)
    r = agent.patch("/api/customers/%d" % cid, {"preferred_name": "Dee", "notes": "likes email"})
    expect(r.status == 200 and r.json["preferred_name"] == "Dee", r)
    new_ticket(customer={"email": "dana@x.org"}, subject="First")
    new_ticket(customer={"email": "dana@x.org"}, subject="Second")
    h = agent.get("/api/customers/%d" % cid).json["history"]
    expect([x["subject"] for x in h][:2] == ["Second", "First"], h)
    found = agent.get("/api/customers?q=diaz").json["customers"]
    expect(any(x["id"] == cid for x in found), found)


# ---- bad input: the right error, and nothing stored ----

def test_bad_input_is_refused_and_nothing_stored():
    before = all_count()
    t = {"subject": "s", "body": "b", "customer": {"email": "z@z.org"}}
    expect_error(agent.request("POST", "/api/tickets", raw=b"{not json"), 400, "bad_json")
    expect_error(agent.request("POST", "/api/tickets", raw=b"[1,2]"), 400, "bad_json")
    expect_error(agent.post("/api/tickets", dict(t, subject=5)), 422, "invalid", "subject")
    expect_error(agent.post("/api/tickets", dict(t, tags="billing")), 422, "invalid", "tags")
    expect_error(agent.post("/api/tickets", dict(t, colour="red")), 422, "unknown_field", "colour")
    expect_error(agent.post("/api/tickets", dict(t, customer={"email": "z@z.org", "age": 3})), 422,
                 "unknown_field", "customer.age")
    expect_error(agent.post("/api/tickets", dict(t, subject="")), 422, "invalid", "subject")
    expect_error(agent.post("/api/tickets", dict(t, customer={"email": "nope"})), 422, "invalid",
                 "customer.email")
    expect_error(agent.request("POST", "/api/tickets",
                               raw=b'{"subject":"\xff\xfe","body":"b"}'), 400, "bad_utf8")
    expect_error(agent.request("POST", "/api/tickets", raw=b"[" * 100 + b"]" * 100), 400,
                 "bad_json")
    big = b'{"subject":"big","body":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    expect_error(agent.request("POST", "/api/tickets", raw=big), 413, "too_big")
    expect_error(agent.request("POST", "/api/tickets", raw=b"subject=x",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}),
                 415)
    r = agent.request("PUT", "/api/tickets", t)
    expect_error(r, 405, "method_not_allowed")
    expect("GET" in r.headers.get("allow", "") and "POST" in r.headers["allow"], r.headers)
    expect_error(agent.get("/api/tickets/abc"), 404)
    expect_error(agent.get("/api/nosuch%ff"), 404)
    expect_error(agent.get("/api/tickets?x%ff=1"), 400)
    expect_error(agent.post("/api/customers", {"name": "Big", "email": "big@x.org",
                                               "lifetime_value": 1e300}), 422,
                 field="lifetime_value")
    expect(all_count() == before, "nothing stored: %d -> %d" % (before, all_count()))


# ---- administration ----

def test_user_admin_is_audited():
    r = admin.post("/api/users", {"email": "newbie@example.com", "name": "New Bie",
                                  "role": "agent"})
    expect(r.status == 201 and len(r.json.get("password", "")) >= 8, r)
    uid = r.json["id"]
    expect_error(admin.post("/api/users", {"email": "newbie@example.com", "name": "Again",
                                           "role": "agent"}), 409)
    expect(admin.patch("/api/users/%d" % uid, {"role": "lead"}).json["role"] == "lead", "role")
    expect(admin.patch("/api/users/%d" % uid, {"disabled": True}).json["disabled"], "disable")
    expect_error(Client(PORT).login("newbie@example.com", r.json["password"]), 401)
    entries = admin.get("/api/audit").json["entries"]
    actions = [(e["action"], e["target"]) for e in entries]
    for a in ("user.create", "user.role", "user.disable"):
        expect((a, "user:%d" % uid) in actions, "%s audited: %r" % (a, actions))
    e = [x for x in entries if x["action"] == "user.role"][0]
    expect(e["actor_name"] == "Admin" and e["address"] == "127.0.0.1" and e["created_at"], e)
    expect_error(admin.patch("/api/users/%d" % admin.get("/api/me").json["user"]["id"],
                             {"role": "agent"}), 409)


def test_macros_and_text_engine():
    r = lead.post("/api/macros", {"title": "Greeting",
                                  "body": "Hi {{customer.first_name}}, about {{ticket.number}}"})
    expect(r.status == 201, r)
    t = new_ticket()
    out = agent.post("/api/macros/%d/render" % r.json["id"], {"ticket_id": t["id"]})
    expect(out.status == 200 and out.json["body"] == "Hi Ann, about #%d" % t["number"], out)
    expect_error(lead.post("/api/macros", {"title": "Bad", "body": "{{nope}}"}), 422,
                 field="body")
    a = agent.post("/api/analyze", {"text": "I am furious, I will cancel and call my lawyer!"})
    expect(a.status == 200 and a.json["risk"]["kind"] != "none", a)
    c = agent.post("/api/coach", {"customer": "I was charged twice!",
                                  "reply": "Calm down, as I already said that's our policy.",
                                  "customer_name": "Ann"})
    expect(c.status == 200 and c.json["score"] < 50, c)


def test_follow_ups_reminders_and_jobs():
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    expect(agent.post(path + "/follow-up", {}).status == 201, "schedule a follow-up")
    expect(agent.delete(path + "/follow-up").status == 200, "cancel it")
    expect_error(agent.post(path + "/reminders", {"at": 1, "note": "call"}), 422, field="at")
    r = agent.post(path + "/reminders", {"at": 4102444800000, "note": "Call Ann back"})
    expect(r.status == 201, r)
    expect_error(cust_a.post(path + "/follow-up", {}), 403)
    expect_error(agent.get("/api/jobs"), 403)
    jobs = lead.get("/api/jobs").json["jobs"]
    kinds = [(j["kind"], j["state"]) for j in jobs if j["ticket_id"] == t["id"]]
    expect(("reminder", "due") in kinds and ("follow_up", "cancelled") in kinds, kinds)
    expect_error(lead.post("/api/jobs/%d/retry" % jobs[0]["id"]), 404)


def test_updates_feed_shows_changes():
    r = agent.get("/api/updates")
    since = r.json["now"]
    t = new_ticket(subject="Live one")
    r = agent.get("/api/updates?since=%d" % (since - 1))
    expect(any(x["id"] == t["id"] for x in r.json["tickets"]), r)


if __name__ == "__main__":
    setup()
    ok = run([v for k, v in list(globals().items()) if k.startswith("test_")])
    sys.exit(0 if ok else 1)
