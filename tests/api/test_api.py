"""The API over HTTP, against the real server.

python3 test_api.py PORT BIN DB STATE

Signs in the staff accounts tests/suites/api.sh created (admin, lead and agent
@example.com), signs two customers up, and drives every route. At the end it
writes STATE (JSON): every ticket the server acknowledged with 201 and an admin
token, so the suite can check after a restart that nothing acknowledged was lost.
"""
import json
import re
import http.client
import subprocess
import sys
import threading
import time

import apitest
from apitest import Client, expect, expect_error, expect_status

PORT, BIN, DB, STATE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
PASSWORD = "correct horse battery"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")

USER_KEYS = {"id", "email", "name", "role", "disabled", "customer_id", "created_at"}
TICKET_KEYS = {"id", "number", "subject", "status", "priority", "channel", "customer_id",
               "customer_name", "customer_email", "assignee_id", "assignee_name", "group", "tags",
               "created_at", "updated_at", "first_response_at", "solved_at", "closed_at",
               "message_count"}
MESSAGE_KEYS = {"id", "ticket_id", "author_user_id", "author_customer_id", "author_name",
                "visibility", "body", "analysis", "tone", "created_at"}
EVENT_KEYS = {"id", "kind", "actor_id", "actor_name", "old", "new", "text", "created_at"}
CUSTOMER_KEYS = {"id", "name", "preferred_name", "email", "phone", "company", "tier",
                 "lifetime_value", "notes", "ticket_count", "created_at", "updated_at"}
STAFF_ONLY_CUSTOMER_KEYS = {"notes", "tier", "lifetime_value"}


def cli(*args, stdin=None):
    r = subprocess.run([BIN, "--db", DB] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("attune %s failed: %s" % (" ".join(args), r.stderr))
    return r.stdout.strip()


def add_user(email, name, role):
    cli("user", "add", "--email", email, "--name", name, "--role", role, "--password-stdin",
        stdin=PASSWORD + "\n")


def signed_in(email, password=PASSWORD):
    c = Client(PORT)
    r = c.login(email, password)
    expect(r.status == 200, "login %s: %r" % (email, r))
    return c


def signed_up(email, name):
    c = Client(PORT)
    r = c.post("/api/signup", {"email": email, "password": PASSWORD, "name": name})
    expect(r.status == 201, "signup %s: %r" % (email, r))
    c.csrf = r.json["csrf"]
    return c


def bearer(email, name=None):
    args = ["token", "create", "--email", email] + (["--name", name] if name else [])
    return Client(PORT, token=cli(*args))


# cookie sessions and bearer tokens of one account per role, made in setup()
admin = agent = lead = cust_a = cust_b = None
admin_t = agent_t = lead_t = cust_a_t = cust_b_t = None
ANN = "ann@customer.org"
BOB = "bob@customer.org"
failed_logins = 0  # from 127.0.0.1 so far: the per-address limit is 20


def setup():
    global admin, agent, lead, cust_a, cust_b, admin_t, agent_t, lead_t, cust_a_t, cust_b_t
    admin = signed_in("admin@example.com")
    agent = signed_in("agent@example.com")
    lead = signed_in("lead@example.com")
    cust_a = signed_up(ANN, "Ann Customer")
    cust_b = signed_up(BOB, "Bob Customer")
    admin_t = bearer("admin@example.com")
    agent_t = bearer("agent@example.com")
    lead_t = bearer("lead@example.com")
    cust_a_t = bearer(ANN)
    cust_b_t = bearer(BOB)


def wrong_login(c, email, password="not the password"):
    global failed_logins
    failed_logins += 1
    return c.login(email, password)


def view_counts(c=None):
    r = (c or admin).get("/api/views")
    expect(r.status == 200, r)
    return {v["name"]: v["count"] for v in r.json["views"]}


def all_count(c=None):
    return view_counts(c)["all"]


def test_vocabulary_names_what_the_api_takes():
    r = agent_t.get("/api/vocabulary")
    expect(r.status == 200, r)
    v = r.json
    names = [w["name"] for w in v["views"]]
    expect(sorted(names) == sorted(view_counts()), "views %r" % names)
    expect(names[0] == "mine" and v["views"][0]["label"] == "My open tickets", v["views"][0])
    for w in v["sorts"][1:]:
        q = agent_t.get("/api/tickets?sort=" + w["name"])
        expect(q.status == 200, "sort %s: %r" % (w["name"], q))
    expect(v["sorts"][0]["name"] == "", v["sorts"][0])
    expect([w["name"] for w in v["statuses"]] ==
           ["new", "open", "pending", "on_hold", "solved", "closed"], v["statuses"])
    expect({w["name"]: w["label"] for w in v["statuses"]}["on_hold"] == "on hold", v["statuses"])
    expect(v["service"]["frustration"] == {"sounds": "frustrated", "tone": "upset"}, v["service"])
    expect(v["emotions"]["gratitude"]["tone"] == "glad" and len(v["emotions"]) == 28, v["emotions"])
    expect(v["grades"]["good"] > v["grades"]["fair"] > 0, v["grades"])
    expect(0 < v["urgent_from"] < 1, v)
    expect({w["name"]: w["plural"] for w in v["roles"]} ==
           {"agent": "agents", "lead": "leads", "admin": "admins"}, v["roles"])
    expect(agent_t.get("/api/vocabulary?x=1").status == 400, "a query it does not take")


def new_ticket(c=None, **extra):
    body = {"subject": "Printer on fire", "body": "The printer is on fire and I am scared.",
            "customer": {"email": ANN, "name": "Ann Customer"}}
    body.update(extra)
    r = (c or agent_t).post("/api/tickets", body)
    expect(r.status == 201, "create: %r" % r)
    return r.json


def user_id(email):
    users = admin_t.get("/api/users").json["users"]
    return [u for u in users if u["email"] == email][0]["id"]


def customer_id(c):
    return c.get("/api/me").json["user"]["customer_id"]


def detail(tid, c=None):
    r = (c or agent_t).get("/api/tickets/%d" % tid)
    expect(r.status == 200, r)
    return r.json


def page_all(c, query, key="tickets"):
    """Every row of a list, page after page; fails on a page that repeats a row."""
    out, cursor = [], None
    for _ in range(1000):
        r = c.get(query + ("&cursor=" + cursor if cursor else ""))
        expect(r.status == 200, "%s: %r" % (query, r))
        out += r.json[key]
        cursor = r.json["next"]
        if not cursor:
            ids = [x["id"] for x in out]
            expect(len(ids) == len(set(ids)), "%s: pages repeat rows: %r" % (query, ids))
            return out
    raise AssertionError("paging never ends: " + query)


# ---- serving ----

def test_health_and_headers():
    r = Client(PORT).get("/healthz")
    expect(r.status == 200 and r.json == {"status": "ok"}, r)
    expect(r.headers.get("content-type", "").startswith("application/json"), r.headers)
    expect(r.headers.get("x-content-type-options") == "nosniff", r.headers)
    expect(Client(PORT).request("HEAD", "/healthz").status == 200, "HEAD /healthz")
    expect_error(Client(PORT).get("/api/nope"), 404, "not_found")
    expect_error(agent_t.get("/api/nope"), 404, "not_found")
    r = Client(PORT).get("/healthz")
    expect(r.headers["x-request-id"] != apitest.REQUEST_IDS[-2], "a new request id each time")


# ---- accounts ----

def test_login_cookie_me_logout():
    c = Client(PORT)
    expect_error(wrong_login(c, "agent@example.com", "wrong password!"), 401, "unauthorized")
    r = wrong_login(c, "nobody@example.com", PASSWORD)
    expect_error(r, 401, "unauthorized")
    expect("set-cookie" not in r.headers, "no cookie for a failed sign-in")
    r = c.login("agent@example.com", PASSWORD)
    expect(r.status == 200 and set(r.json) == {"user", "csrf"}, r)
    u = r.json["user"]
    expect(USER_KEYS <= set(u) and u["role"] == "agent" and u["email"] == "agent@example.com", u)
    expect(re.fullmatch(r"[0-9a-f]{64}", r.json["csrf"]), r.json["csrf"])
    expect(b"password" not in r.raw and b"hash" not in r.raw, "no password hash in answers")
    cookie = r.headers["set-cookie"]
    expect(re.match(r"attune_session=[0-9a-f]{64};", cookie), cookie)
    for part in ("HttpOnly", "SameSite=Lax", "Path=/"):
        expect(part in cookie, "%s missing from %s" % (part, cookie))
    expect("Secure" not in cookie, "no Secure over plain HTTP: " + cookie)
    me = c.get("/api/me")
    expect(me.status == 200 and me.json["user"]["email"] == "agent@example.com", me)
    expect(me.json["csrf"] == c.csrf, "me returns the session's CSRF token: %r" % me)
    expect(agent_t.get("/api/me").json["csrf"] is None, "no CSRF token for bearer requests")
    old = c.cookie
    expect_error(c.request("POST", "/api/logout", csrf=False), 403, "csrf")
    expect(c.get("/api/me").status == 200, "a logout without the CSRF token does nothing")
    r = c.post("/api/logout")
    expect(r.status == 200 and r.json == {"ok": True}, r)
    expect("Max-Age=0" in r.headers.get("set-cookie", ""), "the cookie is cleared: %r" % r.headers)
    expect_error(c.get("/api/me"), 401, "unauthorized")
    replay = Client(PORT)
    replay.cookie = old
    expect_error(replay.get("/api/me"), 401, "unauthorized")
    # the email is matched without regard to case
    expect(Client(PORT).login("Agent@Example.com", PASSWORD).status == 200, "email case")


def test_secure_cookie_behind_tls_proxy_only_when_trusted():
    c = Client(PORT)
    r = c.request("POST", "/api/login", {"email": "agent@example.com", "password": PASSWORD},
                  headers={"X-Forwarded-Proto": "https"})
    expect(r.status == 200 and "Secure" not in r.headers["set-cookie"],
           "an untrusted X-Forwarded-Proto must not change the cookie")


def test_signup_makes_a_signed_in_customer():
    c = Client(PORT)
    r = c.post("/api/signup", {"email": "Cleo@Customer.org", "password": PASSWORD,
                               "name": "Cleo Customer"})
    expect(r.status == 201 and set(r.json) == {"user", "csrf"}, r)
    u = r.json["user"]
    expect(u["role"] == "customer" and u["email"] == "cleo@customer.org" and
           isinstance(u["customer_id"], int) and not u["disabled"], u)
    expect("HttpOnly" in r.headers.get("set-cookie", ""), "signed in at once: %r" % r.headers)
    c.csrf = r.json["csrf"]
    expect(c.get("/api/me").json["user"]["id"] == u["id"], "the session is Cleo's")
    t = c.post("/api/tickets", {"subject": "Hello from Cleo", "body": "My first question"})
    expect(t.status == 201 and t.json["customer_id"] == u["customer_id"], t)
    expect(Client(PORT).login("cleo@customer.org", PASSWORD).status == 200, "the password works")


def test_signup_rules():
    c = Client(PORT)
    ok = {"email": "new@x.org", "password": PASSWORD, "name": "N"}
    expect_error(c.post("/api/signup", dict(ok, password="short")), 422, "invalid", "password")
    expect_error(c.post("/api/signup", dict(ok, email="not-an-email")), 422, "invalid", "email")
    expect_error(c.post("/api/signup", dict(ok, name=7)), 422, "invalid", "name")
    expect_error(c.post("/api/signup", dict(ok, role="admin")), 422, "unknown_field", "role")
    expect(c.cookie is None, "no session from a refused signup")
    expect(Client(PORT).login("new@x.org", PASSWORD).status == 401, "nothing was created")
    expect_error(c.post("/api/signup", {"email": ANN, "password": PASSWORD, "name": "Ann"}), 409,
                 "conflict")
    expect_error(c.post("/api/signup", {"email": "agent@example.com", "password": PASSWORD,
                                        "name": "Not staff"}), 409, "conflict")
    expect(Client(PORT).login("agent@example.com", PASSWORD).status == 200, "agent untouched")
    # nobody signs up as a customer staff already know: that would show them the tickets
    new_ticket(customer={"email": "walkin@customer.org", "name": "Walk In"})
    expect_error(c.post("/api/signup", {"email": "walkin@customer.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")
    expect_error(c.post("/api/signup", {"email": " Walkin@customer.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")
    r = agent_t.post("/api/customers", {"name": "Vera VIP", "email": "vera@bigco.org",
                                        "notes": "threatened to churn; discount approved"})
    expect(r.status == 201, r)
    expect_error(c.post("/api/signup", {"email": "vera@bigco.org", "password": PASSWORD,
                                        "name": "Impostor"}), 409, field="email")


def test_csrf_on_cookie_writes():
    before = all_count()
    body = {"subject": "csrf", "body": "x", "customer": {"email": "x@y.org"}}
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False), 403, "csrf")
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False,
                               headers={"X-CSRF-Token": "0" * 64}), 403, "csrf")
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False,
                               headers={"X-CSRF-Token": ""}), 403, "csrf")
    # another session's token is no good either
    expect_error(agent.request("POST", "/api/tickets", body, csrf=False,
                               headers={"X-CSRF-Token": lead.csrf}), 403, "csrf")
    expect(all_count() == before, "nothing stored without the CSRF token")
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    expect_error(agent.request("PATCH", path, {"priority": "urgent"}, csrf=False), 403, "csrf")
    expect_error(agent.request("POST", path + "/messages", {"body": "sneaky"}, csrf=False), 403,
                 "csrf")
    d = detail(t["id"])
    expect(d["priority"] == t["priority"] and len(d["messages"]) == 1, "nothing changed: %r" % d)
    tok = agent.post("/api/tokens", {"name": "csrf check"}).json
    expect_error(agent.request("DELETE", "/api/tokens/%d" % tok["id"], csrf=False), 403, "csrf")
    expect(Client(PORT, token=tok["token"]).get("/api/me").status == 200, "still a live token")
    expect_error(cust_a.request("POST", "/api/tickets", {"subject": "s", "body": "b"},
                                csrf=False), 403, "csrf")
    expect(agent.get("/api/tickets").status == 200, "reads need no token")
    r = agent.patch(path, {"priority": "urgent"})
    expect(r.status == 200 and r.json["priority"] == "urgent", "with the token: %r" % r)
    r = agent_t.post("/api/tickets", body)
    expect(r.status == 201, "bearer writes need no CSRF token: %r" % r)
    r = cust_a_t.post("/api/tickets", {"subject": "bearer", "body": "no csrf needed"})
    expect(r.status == 201, "customers' bearer writes too: %r" % r)


def test_tokens_list_and_revoke_at_once():
    c = signed_in("lead@example.com")
    r = c.post("/api/tokens", {"name": "reporting"})
    expect(r.status == 201 and set(r.json) >= {"id", "token", "name", "prefix"}, r)
    expect(re.fullmatch(r"at_[0-9a-f]{64}", r.json["token"]), r.json["token"])
    expect(r.json["name"] == "reporting" and r.json["token"].startswith(r.json["prefix"]), r)
    t = Client(PORT, token=r.json["token"])
    expect(t.get("/api/me").json["user"]["email"] == "lead@example.com", "token works")
    listed = c.get("/api/tokens").json["tokens"]
    mine = [x for x in listed if x["id"] == r.json["id"]]
    expect(len(mine) == 1, listed)
    expect({"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"} <= set(mine[0]),
           mine)
    expect(mine[0]["revoked_at"] is None and mine[0]["prefix"] == r.json["prefix"], mine)
    expect(r.json["token"][11:] not in json.dumps(listed), "the secret is shown once only")
    others = agent_t.get("/api/tokens").json["tokens"]
    expect(all(x["id"] != r.json["id"] for x in others), "agents see only their own tokens")
    expect(any(x["id"] == r.json["id"] for x in admin_t.get("/api/tokens").json["tokens"]),
           "admins see every token")
    expect_error(agent_t.delete("/api/tokens/%d" % r.json["id"]), 404, "not_found")
    expect(t.get("/api/me").status == 200, "someone else's DELETE did nothing")
    r2 = c.delete("/api/tokens/%d" % r.json["id"])
    expect(r2.status == 200 and r2.json == {"ok": True}, r2)
    expect_error(t.get("/api/me"), 401, "unauthorized")
    expect_error(t.post("/api/tickets", {"subject": "s", "body": "b",
                                         "customer": {"email": "z@z.org"}}), 401)
    gone = [x for x in c.get("/api/tokens").json["tokens"] if x["id"] == r.json["id"]]
    expect(gone and gone[0]["revoked_at"] and ISO.fullmatch(gone[0]["revoked_at"]), gone)
    expect_error(Client(PORT, token="at_" + "f" * 64).get("/api/me"), 401, "unauthorized")
    expect_error(Client(PORT, token="garbage").get("/api/me"), 401, "unauthorized")


def test_token_revoked_by_admin_or_cli_stops_at_once():
    t = bearer("agent@example.com", "to be revoked by the admin")
    expect(t.get("/api/me").status == 200, "works")
    tid = [x for x in admin_t.get("/api/tokens").json["tokens"]
           if x["name"] == "to be revoked by the admin"][0]["id"]
    expect(admin.delete("/api/tokens/%d" % tid).status == 200, "admin revokes an agent's token")
    expect_error(t.get("/api/me"), 401)
    t = bearer("agent@example.com", "to be revoked by the command line")
    expect(t.get("/api/tickets").status == 200, "works")
    tid = [x for x in admin_t.get("/api/tokens").json["tokens"]
           if x["name"] == "to be revoked by the command line"][0]["id"]
    cli("token", "revoke", str(tid))
    expect_error(t.get("/api/tickets"), 401)


def test_tokens_and_users_are_audited_from_the_api_and_the_command_line_alike():
    # an agent makes and revokes a token of their own over the API
    agent_s = signed_in("agent@example.com")
    r = agent_s.post("/api/tokens", {"name": "my script"})
    expect(r.status == 201, r)
    own = r.json["id"]
    expect(agent_s.delete("/api/tokens/%d" % own).status == 200, "revokes their own")
    # a token the agent may not see is not theirs to revoke, and nothing is written
    other = [x for x in admin_t.get("/api/tokens").json["tokens"]
             if x["user_id"] != user_id("agent@example.com") and not x["revoked_at"]][0]["id"]
    expect_error(agent_s.delete("/api/tokens/%d" % other), 404, "not_found", "id")
    expect_error(agent_s.post("/api/tokens", {"name": "x" * 101}), 422, "invalid", "name")
    # the command line: a user and a token made and revoked there
    add_user("cli-made@example.com", "Cli Made", "agent")
    token = cli("token", "create", "--email", "cli-made@example.com", "--name", "cron").strip()
    expect(token.startswith("at_"), token)
    tid = [x for x in admin_t.get("/api/tokens").json["tokens"] if x["name"] == "cron"][0]["id"]
    cli("token", "revoke", str(tid))
    entries = admin.get("/api/audit?limit=200").json["entries"]
    by = {(e["action"], e["target"]): e for e in entries}
    agent_id = user_id("agent@example.com")
    for action in ("token.create", "token.revoke"):
        e = by.get((action, "token:%d" % own))
        expect(e and e["actor_id"] == agent_id and e["address"] == "127.0.0.1", (action, e))
        e = by.get((action, "token:%d" % tid))
        expect(e and e["address"] == "cli" and e["actor_id"] is None, (action, e))
        expect("user:%d" % user_id("cli-made@example.com") in e["detail"], e)
    expect(("token.revoke", "token:%d" % other) not in by, "a refused revoke writes nothing")
    e = by.get(("user.create", "user:%d" % user_id("cli-made@example.com")))
    expect(e and e["address"] == "cli" and "agent" in e["detail"], e)
    expect(not any(x in e["detail"] for x in (PASSWORD, "argon2")), "no secret in the audit")


def test_disabled_users_are_out_at_once():
    add_user("leaver@example.com", "Lee Leaver", "agent")
    s = signed_in("leaver@example.com")
    t = bearer("leaver@example.com")
    expect(s.get("/api/me").status == 200 and t.get("/api/me").status == 200, "both work")
    r = admin_t.patch("/api/users/%d" % user_id("leaver@example.com"), {"disabled": True})
    expect(r.status == 200 and r.json["disabled"] is True, r)
    expect_error(s.get("/api/me"), 401)
    expect_error(t.get("/api/me"), 401)
    expect_error(wrong_login(Client(PORT), "leaver@example.com", PASSWORD), 401)


def test_login_rate_limit_per_account():
    add_user("victim@example.com", "Vic Tim", "agent")
    c = Client(PORT)
    codes = []
    for i in range(8):
        r = wrong_login(c, "victim@example.com", "wrong-%d-password" % i)
        codes.append(r.status)
        if r.status == 429:
            break
    expect(codes[:5] == [401] * 5, "the first five are plain refusals: %r" % codes)
    expect(codes[-1] == 429, "limited after repeated failures: %r" % codes)
    r = c.login("victim@example.com", PASSWORD)
    expect_error(r, 429, "rate_limited")
    expect("set-cookie" not in r.headers, "no session while limited")
    expect(int(r.headers["retry-after"]) >= 1, r.headers)
    expect_error(Client(PORT).login("VICTIM@example.com", PASSWORD), 429, "rate_limited")
    # the limit is the account's: others from the same address still sign in
    expect(Client(PORT).login("lead@example.com", PASSWORD).status == 200, "others unaffected")


def test_password_reset_link_works_once():
    add_user("forgetful@example.com", "Fay Forgetful", "agent")
    old = signed_in("forgetful@example.com")
    link = cli("user", "reset-link", "--email", "forgetful@example.com")
    expect(re.search(r"/reset#token=[0-9a-f]{64}$", link), link)
    token = link.split("token=")[1]
    c = Client(PORT)
    expect_error(c.post("/api/password-reset", {"token": token, "password": "short"}), 422,
                 field="password")
    expect_error(c.post("/api/password-reset", {"token": token}), 422, field="password")
    expect_error(c.post("/api/password-reset", {"token": "0" * 64,
                                                "password": "a brand new password"}), 404,
                 "not_found")
    r = c.post("/api/password-reset", {"token": token, "password": "a brand new password"})
    expect(r.status == 200 and r.json == {"ok": True}, r)
    expect_error(old.get("/api/me"), 401)  # a reset ends the sessions
    expect_error(c.post("/api/password-reset",
                        {"token": token, "password": "another new password"}), 404, "not_found")
    expect(Client(PORT).login("forgetful@example.com", "a brand new password").status == 200,
           "the new password works")
    expect_error(wrong_login(Client(PORT), "forgetful@example.com", PASSWORD), 401)
    expect(Client(PORT).login("forgetful@example.com", "another new password").status == 401,
           "the used link did not change it again")


# ---- roles: every role against every route ----

ROLES = ("anon", "customer", "agent", "lead", "admin")


def want(anon, customer, agent_, lead_, admin_):
    return dict(zip(ROLES, (anon, customer, agent_, lead_, admin_)))


def role_table(fx):
    """(method, path, body or {role: body}, {role: status}) for every route."""
    own, other, m = fx["own"], fx["other"], fx["macro"]
    staff_ticket = {"subject": "Role table", "body": "Filed for the role table",
                    "customer": {"email": "table@customer.org", "name": "Tab Le"}}
    customer_ticket = {"subject": "Role table (customer)", "body": "Filed by a customer"}
    per_role = lambda cust, staff: {"anon": staff, "customer": cust, "agent": staff,
                                    "lead": staff, "admin": staff}
    return [
        ("GET", "/healthz", None, want(200, 200, 200, 200, 200)),
        ("POST", "/api/login", {}, want(422, 422, 422, 422, 422)),
        ("POST", "/api/signup", {}, want(422, 422, 422, 422, 422)),
        ("POST", "/api/password-reset", {}, want(422, 422, 422, 422, 422)),
        ("GET", "/api/me", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/tokens", None, want(401, 200, 200, 200, 200)),
        ("POST", "/api/tokens", {"name": "role table"}, want(401, 201, 201, 201, 201)),
        ("DELETE", "/api/tokens/999999", None, want(401, 404, 404, 404, 404)),
        ("GET", "/api/tickets", None, want(401, 200, 200, 200, 200)),
        ("POST", "/api/tickets", per_role(customer_ticket, staff_ticket),
         want(401, 201, 201, 201, 201)),
        ("GET", "/api/tickets/%d" % own, None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/tickets/by-number/%d" % fx["own_number"], None,
         want(401, 200, 200, 200, 200)),
        ("GET", "/api/tickets/by-number/%d" % fx["other_number"], None,
         want(401, 404, 200, 200, 200)),
        ("GET", "/api/tickets/%d" % other, None, want(401, 404, 200, 200, 200)),
        ("PATCH", "/api/tickets/%d" % own, {"priority": "high"}, want(401, 403, 200, 200, 200)),
        ("PATCH", "/api/tickets/%d" % other, per_role({"status": "solved"}, {"priority": "low"}),
         want(401, 404, 200, 200, 200)),
        ("POST", "/api/tickets/%d/messages" % own, {"body": "Hello from the role table"},
         want(401, 201, 201, 201, 201)),
        ("POST", "/api/tickets/%d/messages" % other, {"body": "Hello from the role table"},
         want(401, 404, 201, 201, 201)),
        ("POST", "/api/tickets/%d/follow-up" % own, {}, want(401, 403, 201, 201, 201)),
        ("DELETE", "/api/tickets/%d/follow-up" % own, None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/tickets/%d/reminders" % own, {"at": 4102444800000, "note": "Role table"},
         want(401, 403, 201, 201, 201)),
        ("GET", "/api/jobs", None, want(401, 403, 403, 200, 200)),
        ("POST", "/api/jobs/999999/retry", {}, want(401, 403, 403, 404, 404)),
        ("GET", "/api/views", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/vocabulary", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/events", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/mail/status", None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/mail/test", {"to": "ops@example.com"}, want(401, 403, 403, 403, 409)),
        ("POST", "/api/password-reset/request", {"email": "nobody@example.com"},
         want(202, 202, 202, 202, 202)),
        ("POST", "/api/customers/%d/portal-link" % fx["own_customer"], {},
         want(401, 403, 200, 200, 200)),
        ("POST", "/api/users/999999/invite", {}, want(401, 403, 403, 403, 404)),
        ("POST", "/api/tickets/bulk", {"ids": [999999], "status": "pending"},
         want(401, 403, 404, 404, 404)),
        ("GET", "/api/signature", None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/customers/999999/merge", {"into": fx["own_customer"]},
         want(401, 403, 404, 404, 404)),
        ("POST", "/api/tickets/999999/uploads?filename=x.txt", None, want(401, 404, 404, 404, 404)),
        ("POST", "/api/tickets/999999/merge", {"into": own}, want(401, 403, 404, 404, 404)),
        ("PUT", "/api/signature", {"signature": ""}, want(401, 403, 200, 200, 200)),
        ("PUT", "/api/settings/signature", {"signature": ""}, want(401, 403, 403, 403, 200)),
        ("POST", "/api/tickets/%d/presence" % own, {"state": "viewing"},
         want(401, 403, 200, 200, 200)),
        ("GET", "/api/search?q=table", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/updates", None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/customers", None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/customers", {"name": "C", "email": "not-an-email"},
         want(401, 403, 422, 422, 422)),
        ("GET", "/api/customers/%d" % fx["own_customer"], None, want(401, 200, 200, 200, 200)),
        ("GET", "/api/customers/%d" % fx["other_customer"], None, want(401, 404, 200, 200, 200)),
        ("PATCH", "/api/customers/%d" % fx["own_customer"], {"notes": "seen by the role table"},
         want(401, 403, 200, 200, 200)),
        ("GET", "/api/users", None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/users", {"email": "r@x.org", "name": "R", "role": "bogus"},
         want(401, 403, 403, 403, 422)),
        ("PATCH", "/api/users/999999", {"name": "x"}, want(401, 403, 403, 403, 404)),
        ("GET", "/api/audit", None, want(401, 403, 403, 403, 200)),
        ("GET", "/api/macros", None, want(401, 403, 200, 200, 200)),
        ("POST", "/api/macros", {"title": "", "body": ""}, want(401, 403, 403, 422, 422)),
        ("PATCH", "/api/macros/%d" % m, {"body": "Hello {{customer.first_name}}!"},
         want(401, 403, 403, 200, 200)),
        ("DELETE", "/api/macros/999999", None, want(401, 403, 403, 404, 404)),
        ("POST", "/api/macros/%d/render" % m, {"ticket_id": own}, want(401, 403, 200, 200, 200)),
        ("POST", "/api/macros/%d/apply" % m, {"ticket_id": own}, want(401, 403, 200, 200, 200)),
        ("POST", "/api/analyze", {"text": "I am upset about the bill"},
         want(401, 403, 200, 200, 200)),
        ("POST", "/api/coach", {"reply": "Sorry about that, I have fixed it."},
         want(401, 403, 200, 200, 200)),
        ("GET", "/api/settings/coach", None, want(401, 403, 403, 403, 200)),
        ("PUT", "/api/settings/coach", {"confirm_below": 0}, want(401, 403, 403, 403, 200)),
        # last: a cookie session ends here
        ("POST", "/api/logout", {}, want(401, 200, 200, 200, 200)),
    ]


ROUTES = [  # every route of the contract; the role table must cover each
    "GET /healthz", "POST /api/login", "POST /api/logout", "GET /api/me", "POST /api/signup",
    "POST /api/password-reset", "GET /api/tickets", "GET /api/views", "POST /api/tickets",
    "GET /api/tickets/{id}", "PATCH /api/tickets/{id}", "POST /api/tickets/{id}/messages",
    "GET /api/search", "GET /api/customers", "POST /api/customers", "GET /api/customers/{id}",
    "PATCH /api/customers/{id}", "GET /api/users", "POST /api/users", "PATCH /api/users/{id}",
    "GET /api/audit", "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/{id}",
    "GET /api/macros", "POST /api/macros", "PATCH /api/macros/{id}", "DELETE /api/macros/{id}",
    "POST /api/macros/{id}/render", "POST /api/macros/{id}/apply", "POST /api/analyze", "POST /api/coach", "GET /api/updates",
    "GET /api/settings/coach", "PUT /api/settings/coach",
    "POST /api/tickets/{id}/follow-up", "DELETE /api/tickets/{id}/follow-up",
    "POST /api/tickets/{id}/reminders", "GET /api/jobs", "POST /api/jobs/{id}/retry",
    "GET /api/vocabulary", "GET /api/tickets/by-number/{id}", "GET /api/events",
    "POST /api/tickets/{id}/presence", "GET /api/mail/status", "POST /api/password-reset/request",
    "POST /api/customers/{id}/portal-link", "POST /api/users/{id}/invite", "POST /api/tickets/bulk",
    "GET /api/signature", "PUT /api/signature", "PUT /api/settings/signature", "POST /api/mail/test",
    "POST /api/customers/{id}/merge", "POST /api/tickets/{id}/uploads", "POST /api/tickets/{id}/merge",
]


def table_fixtures(customer):
    own = customer.post("/api/tickets", {"subject": "Role table: Ann's own",
                                         "body": "Something for the role table"})
    expect(own.status == 201, own)
    other = new_ticket(subject="Role table: Bob's secret subject",
                       customer={"email": BOB, "name": "Bob Customer"})
    macro = lead_t.post("/api/macros", {"title": "Role table %d" % len(apitest.REQUEST_IDS),
                                        "body": "Hi {{customer.first_name}}"})
    expect(macro.status == 201, macro)
    return {"own": own.json["id"], "other": other["id"], "macro": macro.json["id"],
            "own_number": own.json["number"], "other_number": other["number"],
            "own_customer": own.json["customer_id"], "other_customer": other["customer_id"],
            "other_subject": other["subject"]}


def check_role_table(clients):
    fx = table_fixtures(clients["customer"])
    table = role_table(fx)
    covered = {"%s %s" % (mth, re.sub(r"/\d+", "/{id}", p.split("?")[0])) for mth, p, _, _ in table}
    expect(covered == set(ROUTES), "the table misses %r" % (set(ROUTES) - covered))
    problems = []
    for method, path, body, wanted in table:
        for role in ROLES:
            b = body.get(role) if isinstance(body, dict) and set(body) == set(ROLES) else body
            if path == "/api/events":
                r = clients[role].events(0.2)
            else:
                r = clients[role].request(method, path, b)
            if r.status != wanted[role]:
                problems.append("%-8s %s %s: wanted %d, got %r" % (role, method, path,
                                                                   wanted[role], r))
                continue
            code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(r.status)
            if code and r.json["error"]["code"] != code:
                problems.append("%s %s %s: code %r" % (role, method, path, r.json["error"]))
            if fx["other_subject"].encode() in r.raw and role == "customer":
                problems.append("%s %s %s: shows another customer's ticket" % (role, method,
                                                                               path))
    expect(not problems, "\n".join(problems))


def test_every_role_against_every_route_with_tokens():
    check_role_table({"anon": Client(PORT), "customer": cust_a_t, "agent": agent_t,
                      "lead": lead_t, "admin": admin_t})


def test_every_role_against_every_route_with_cookies():
    check_role_table({"anon": Client(PORT), "customer": signed_in(ANN),
                      "agent": signed_in("agent@example.com"),
                      "lead": signed_in("lead@example.com"),
                      "admin": signed_in("admin@example.com")})


# ---- customers see only their own ----

def test_customers_see_only_their_own():
    mine = cust_a.post("/api/tickets", {"subject": "Ann's private matter",
                                        "body": "My secret order 4471 is late"})
    expect(mine.status == 201, mine)
    tid, ann_cid = mine.json["id"], mine.json["customer_id"]
    note = agent_t.post("/api/tickets/%d/messages" % tid,
                        {"body": "internal: VIP, be kind, quokka", "visibility": "internal"})
    expect(note.status == 201 and note.json["visibility"] == "internal", note)
    reply = agent_t.post("/api/tickets/%d/messages" % tid, {"body": "We are on it, Ann."})
    expect(reply.status == 201, reply)
    for c in (cust_b, cust_b_t):
        for r in (c.get("/api/tickets/%d" % tid),
                  c.post("/api/tickets/%d/messages" % tid, {"body": "hi"}),
                  c.patch("/api/tickets/%d" % tid, {"status": "solved"}),
                  c.get("/api/customers/%d" % ann_cid)):
            expect_error(r, 404, "not_found")
            expect(b"private matter" not in r.raw and b"4471" not in r.raw, "never contents")
        expect(all(x["id"] != tid for x in page_all(c, "/api/tickets?limit=200")), "not listed")
        r = c.get("/api/tickets?customer_id=%d" % ann_cid)
        expect(r.status in (200, 404) and b"private matter" not in r.raw, r)
        expect(not c.get("/api/search?q=private").json["results"], "not found by others")
        expect(b"private matter" not in c.get("/api/updates?since=1").raw, "not in live updates")
    d = detail(tid)
    expect(d["status"] == "open" and len(d["messages"]) == 3, "Bob changed nothing: %r" % d)
    expect(view_counts(cust_b)["all"] == len(page_all(cust_b, "/api/tickets?limit=200")),
           "Bob's counts are Bob's")
    for c in (cust_a, cust_a_t):
        own = c.get("/api/tickets/%d" % tid)
        expect(own.status == 200, own)
        msgs = own.json["messages"]
        expect([m["body"] for m in msgs] == ["My secret order 4471 is late", "We are on it, Ann."],
               "public messages only, in order: %r" % msgs)
        expect(b"quokka" not in own.raw and b"VIP" not in own.raw, "the note's text is hidden")
        expect("events" not in own.json, "no event log for customers")
        expect(all("analysis" not in m for m in msgs), "no readings for customers")
        expect(not (STAFF_ONLY_CUSTOMER_KEYS & set(own.json["customer"])),
               "no staff notes or value for customers: %r" % own.json["customer"])
        expect(not c.get("/api/search?q=quokka").json["results"], "notes are not searchable")
        expect(b"quokka" not in c.get("/api/updates?since=1").raw, "nor in live updates")
        expect(b"quokka" not in c.get("/api/customers/%d" % ann_cid).raw, "nor in the history")
    expect_error(cust_a.post("/api/tickets/%d/messages" % tid,
                             {"body": "x", "visibility": "internal"}), 403, "forbidden")
    for change in ({"priority": "urgent"}, {"status": "open"}, {"tags": ["vip"]},
                   {"assignee_id": user_id("agent@example.com")}, {"subject": "Mine now"}):
        expect_error(cust_a.patch("/api/tickets/%d" % tid, change), 403, "forbidden")
    d2 = detail(tid)
    expect((d2["priority"], d2["tags"], d2["subject"]) == (d["priority"], d["tags"],
                                                           d["subject"]), "unchanged: %r" % d2)
    r = cust_a.patch("/api/tickets/%d" % tid, {"status": "solved"})
    expect(r.status == 200 and r.json["status"] == "solved", r)
    # agents see the whole conversation, notes and analysis included
    d = detail(tid)
    expect([m["visibility"] for m in d["messages"]] == ["public", "internal", "public"], d)
    expect(isinstance(d["messages"][0]["analysis"], dict), "staff see the reading")


def test_customers_file_tickets_only_for_themselves():
    before = [x["id"] for x in page_all(cust_b_t, "/api/tickets?limit=200")]
    r = cust_a.post("/api/tickets", {"subject": "Filed in Bob's name", "body": "x",
                                     "customer": {"email": BOB, "name": "Bob"}})
    expect(r.status in (201, 403, 422), r)
    if r.status == 201:
        expect(r.json["customer_email"] == ANN, "a customer's ticket is theirs: %r" % r)
    after = [x["id"] for x in page_all(cust_b_t, "/api/tickets?limit=200")]
    expect(before == after, "nothing appeared in Bob's list")
    for extra in ({"priority": "urgent"}, {"tags": ["vip"]},
                  {"assignee_id": user_id("agent@example.com")}):
        n = all_count(cust_a)
        r = cust_a.post("/api/tickets", dict({"subject": "s", "body": "b"}, **extra))
        expect_error(r, 403, "forbidden")
        expect(all_count(cust_a) == n, "nothing stored")


def test_customer_sees_own_profile_and_history():
    cid = customer_id(cust_a)
    r = cust_a.get("/api/customers/%d" % cid)
    expect(r.status == 200 and r.json["email"] == ANN, r)
    expect(not (STAFF_ONLY_CUSTOMER_KEYS & set(r.json)), "no staff fields: %r" % r.json)
    hist = r.json["history"]
    expect(hist and all(x["customer_id"] == cid for x in hist), hist)
    expect_error(cust_a.patch("/api/customers/%d" % cid, {"notes": "I am great"}), 403)
    expect_error(cust_a.get("/api/customers"), 403, "forbidden")


# ---- tickets ----

def test_create_shape_and_detail():
    r = agent_t.post("/api/tickets", {"subject": "Charged twice", "body": "I was charged twice!!",
                                      "customer": {"email": "Carl@Customer.org", "name": "Carl"},
                                      "priority": "high", "tags": ["Billing", "refund"],
                                      "channel": "email"})
    expect(r.status == 201, r)
    t = r.json
    expect(TICKET_KEYS <= set(t), "ticket record lacks %r" % (TICKET_KEYS - set(t)))
    expect(isinstance(t["id"], int) and t["number"] >= 1001, t)
    expect(t["status"] == "new" and t["priority"] == "high" and t["channel"] == "email", t)
    expect(t["tags"] == ["billing", "refund"], t["tags"])
    expect(t["customer_email"] == "carl@customer.org" and t["customer_name"] == "Carl", t)
    expect(t["assignee_id"] is None and t["message_count"] == 1, t)
    expect(ISO.fullmatch(t["created_at"]) and t["solved_at"] is None and t["closed_at"] is None, t)
    d = detail(t["id"])
    expect(len(d["messages"]) == 1 and MESSAGE_KEYS <= set(d["messages"][0]), d["messages"])
    m = d["messages"][0]
    expect(m["body"] == "I was charged twice!!" and m["visibility"] == "public", m)
    expect(m["author_customer_id"] == t["customer_id"] and m["author_user_id"] is None, m)
    expect(isinstance(m["analysis"], dict), "stored with its analysis")
    expect(d["events"] and EVENT_KEYS <= set(d["events"][0]), d["events"])
    expect(d["events"][0]["kind"] == "created", d["events"])
    expect(d["events"][0]["text"].endswith("opened the ticket"), "in words: %r" % d["events"][0])
    expect(CUSTOMER_KEYS <= set(d["customer"]) and d["customer"]["name"] == "Carl", d["customer"])
    expect_error(agent_t.get("/api/tickets/999999"), 404, "not_found")
    expect_error(agent_t.get("/api/tickets/0"), 404)
    expect_error(agent_t.get("/api/tickets/abc"), 404)
    # staff reply: authored by the signed-in user, no analysis
    r = agent.post("/api/tickets/%d/messages" % t["id"], {"body": "Refunded today."})
    expect(r.status == 201 and MESSAGE_KEYS <= set(r.json), r)
    expect(r.json["author_user_id"] == user_id("agent@example.com") and
           r.json["author_customer_id"] is None and r.json["analysis"] is None, r)
    expect(r.json["ticket_id"] == t["id"] and r.json["body"] == "Refunded today.", r)


def test_replies_status_rules_and_events():
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    r = agent_t.post(path + "/messages", {"body": "So sorry! Fixing it now.", "status": "pending"})
    expect(r.status == 201 and r.json["visibility"] == "public", r)
    d = detail(t["id"])
    expect(d["status"] == "pending" and ISO.fullmatch(d["first_response_at"] or ""), d)
    expect(d["message_count"] == 2, d)
    r = agent_t.patch(path, {"status": "solved"})
    expect(r.status == 200 and r.json["status"] == "solved" and r.json["solved_at"], r)
    expect_error(agent_t.patch(path, {"status": "new"}), 409, "bad_state")
    r = agent_t.patch(path, {"status": "closed"})
    expect(r.status == 200 and r.json["status"] == "closed" and r.json["closed_at"], r)
    for change in ({"status": "open"}, {"status": "solved"}, {"status": "pending"}):
        expect_error(agent_t.patch(path, change), 409, "bad_state")
    expect_error(agent_t.post(path + "/messages", {"body": "again"}), 409, "bad_state")
    expect_error(cust_a.post(path + "/messages", {"body": "hello?"}), 409, "bad_state")
    d = detail(t["id"])
    expect(d["status"] == "closed" and len(d["messages"]) == 2, "closed is final: %r" % d)
    kinds = [e["kind"] for e in d["events"]]
    expect(kinds.count("status") >= 3 and "reply" in kinds, kinds)
    expect_error(agent_t.patch(path, {"status": "sleeping"}), 422, "invalid", "status")


def test_assign_priority_tags():
    t = new_ticket()
    me = user_id("agent@example.com")
    r = agent_t.patch("/api/tickets/%d" % t["id"], {"assignee_id": me, "priority": "urgent",
                                                    "tags": ["vip", "Billing"]})
    expect(r.status == 200 and r.json["assignee_id"] == me and r.json["status"] == "open", r)
    expect(r.json["assignee_name"] == "Agent" and r.json["priority"] == "urgent", r)
    expect(sorted(r.json["tags"]) == ["billing", "vip"], r.json["tags"])
    mine = page_all(agent_t, "/api/tickets?view=mine&limit=200")
    expect(any(x["id"] == t["id"] for x in mine), "in my view")
    expect(all(x["assignee_id"] == me for x in mine), "only mine in my view")
    expect(not any(x["id"] == t["id"] for x in page_all(lead_t, "/api/tickets?view=mine&limit=200")),
           "not in the lead's view")
    expect_error(agent_t.patch("/api/tickets/%d" % t["id"], {"assignee_id": 99999}), 422,
                 field="assignee_id")
    expect_error(agent_t.patch("/api/tickets/%d" % t["id"], {"assignee_id": "me"}), 422,
                 field="assignee_id")
    r = agent_t.patch("/api/tickets/%d" % t["id"], {"assignee_id": None})
    expect(r.status == 200 and r.json["assignee_id"] is None and r.json["assignee_name"] is None, r)
    r = agent_t.patch("/api/tickets/%d" % t["id"], {"group": "Billing", "subject": "Renamed"})
    expect(r.status == 200 and r.json["group"] == "Billing" and r.json["subject"] == "Renamed", r)
    r = agent_t.patch("/api/tickets/%d" % t["id"], {"tags": []})
    expect(r.status == 200 and r.json["tags"] == [], r)


def test_views_and_filters():
    counts = view_counts(agent_t)
    expect(set(counts) == {"all", "mine", "unassigned", "open", "pending", "solved", "breached",
                           "at_risk"}, counts)
    me = user_id("agent@example.com")
    rules = {
        "all": lambda x: True,
        "mine": lambda x: x["assignee_id"] == me,
        "unassigned": lambda x: x["assignee_id"] is None,
        "open": lambda x: x["status"] in ("new", "open", "pending", "on_hold"),
        "pending": lambda x: x["status"] == "pending",
        "solved": lambda x: x["status"] in ("solved", "closed"),
    }
    for view, rule in rules.items():
        rows = page_all(agent_t, "/api/tickets?view=%s&limit=50" % view)
        expect(len(rows) == counts[view], "%s: count %d, listed %d" % (view, counts[view],
                                                                      len(rows)))
        expect(len({x["id"] for x in rows}) == len(rows), "%s repeats rows" % view)
        bad = [x for x in rows if not rule(x)]
        expect(not bad, "%s lists %r" % (view, bad[:1]))
    r = agent_t.get("/api/tickets?status=closed,solved&priority=urgent,high&limit=200")
    expect(r.status == 200, r)
    for x in r.json["tickets"]:
        expect(x["status"] in ("closed", "solved") and x["priority"] in ("urgent", "high"), x)
    t = new_ticket(tags=["filter-me"], priority="low")
    r = agent_t.get("/api/tickets?tag=filter-me")
    expect([x["id"] for x in r.json["tickets"]] == [t["id"]], r)
    r = agent_t.get("/api/tickets?customer_id=%d&limit=200" % t["customer_id"])
    expect(r.json["tickets"] and all(x["customer_id"] == t["customer_id"]
                                     for x in r.json["tickets"]), r)
    r = agent_t.get("/api/tickets?assignee_id=none&limit=200")
    expect(all(x["assignee_id"] is None for x in r.json["tickets"]), r)
    rows = page_all(agent_t, "/api/tickets?sort=priority&limit=7")
    rank = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
    expect([rank[x["priority"]] for x in rows] == sorted(rank[x["priority"]] for x in rows),
           "sort=priority puts the highest first")
    oldest = page_all(agent_t, "/api/tickets?sort=oldest&limit=9")
    expect([x["id"] for x in oldest] == sorted(x["id"] for x in oldest), "sort=oldest")
    for q, field in (("cursor=bogus", "cursor"), ("view=everything", "view"),
                     ("status=sleeping", "status"), ("priority=whenever", "priority"),
                     ("sort=sideways", "sort"), ("limit=0", "limit"), ("limit=201", "limit"),
                     ("limit=ten", "limit"), ("assignee_id=x", "assignee_id"),
                     ("customer_id=-3", "customer_id"), ("colour=red", "colour")):
        expect_error(agent_t.get("/api/tickets?" + q), 400, "invalid", field)


def paged_under_change(sort):
    tag = "pager-" + sort
    ids = [new_ticket(subject="Paged %s %d" % (sort, i), tags=[tag])["id"] for i in range(12)]
    seen, cursor, k = [], None, 0
    while True:
        q = "/api/tickets?tag=%s&sort=%s&limit=5" % (tag, sort)
        r = agent_t.get(q + ("&cursor=" + cursor if cursor else ""))
        expect(r.status == 200, r)
        seen += [x["id"] for x in r.json["tickets"]]
        # between pages: a new ticket arrives and an old one changes
        new_ticket(subject="Arrived meanwhile", tags=[tag])
        agent_t.patch("/api/tickets/%d" % ids[k % 12], {"priority": "low", "status": "open"})
        k += 1
        cursor = r.json["next"]
        if not cursor:
            break
        expect(k < 20, "paging never ends: %r" % seen)
    expect(len(seen) == len(set(seen)), "a row came twice: %r" % seen)
    missing = [i for i in ids if i not in seen]
    expect(not missing, "rows skipped: %r" % missing)
    return seen, ids


def test_pagination_newest_under_change():
    seen, ids = paged_under_change("newest")
    expect(seen == sorted(ids, reverse=True), "newest first, no newcomers: %r" % seen)


def test_pagination_oldest_under_change():
    seen, ids = paged_under_change("oldest")
    expect(seen[:12] == ids and seen == sorted(seen), "oldest first: %r" % seen)


def test_search_ranks_and_highlights():
    a = new_ticket(subject="Zebra crossing broken", body="The zebra app crashes on start")
    b = new_ticket(subject="Striped thing", body="Nothing but one zebra here")
    new_ticket(subject="Unrelated", body="Nothing to see")
    r = agent_t.get("/api/search?q=zebra")
    expect(r.status == 200 and set(r.json) == {"results", "next"}, r)
    res = r.json["results"]
    expect({x["id"] for x in res} == {a["id"], b["id"]}, "only the matches: %r" % res)
    for x in res:
        expect(TICKET_KEYS <= set(x) and isinstance(x["rank"], (int, float)), x)
        expect(re.search(r"\[zebra\]", x["snippet"], re.I), "highlighted: %r" % x["snippet"])
        expect(x["snippet"].count("[") == x["snippet"].count("]"), x["snippet"])
    top = agent_t.get("/api/search?q=zebra%20crashes").json["results"]
    expect(top[0]["id"] == a["id"], "both words rank first: %r" % top)
    expect("[crashes]" in top[0]["snippet"], top[0]["snippet"])
    agent_t.patch("/api/tickets/%d" % b["id"], {"status": "solved"})
    r = agent_t.get("/api/search?q=zebra&status=solved")
    expect([x["id"] for x in r.json["results"]] == [b["id"]], "filters apply: %r" % r)
    rows = page_all(agent_t, "/api/search?q=zebra&limit=1", key="results")
    expect(sorted(x["id"] for x in rows) == sorted([a["id"], b["id"]]), "search pages: %r" % rows)
    expect_error(agent_t.get("/api/search?q="), 400, "invalid", "q")
    expect_error(agent_t.get("/api/search"), 400, "invalid", "q")
    expect_error(agent_t.get("/api/search?q=zebra&colour=red"), 400, "invalid", "colour")
    for q in ["%22", "NEAR(", "*", "a%20OR%20", "%7Bsubject%7D", "zebra%22%20OR%20%22x", "-"]:
        r = agent_t.get("/api/search?q=" + q)
        expect(r.status in (200, 400), "hostile query %s: %r" % (q, r))


def test_tickets_are_found_by_number_and_by_their_customer():
    a = new_ticket(subject="Numbered ticket", body="Hello there",
                   customer={"email": "numbered@customer.org", "name": "Nora Numbered"})
    r = agent_t.get("/api/tickets/by-number/%d" % a["number"])
    expect(r.status == 200 and r.json["id"] == a["id"] and "messages" in r.json, r)
    expect(r.json == agent_t.get("/api/tickets/%d" % a["id"]).json, "the same answer as by id")
    expect_error(agent_t.get("/api/tickets/by-number/99999999"), 404, "not_found")
    expect_error(agent_t.get("/api/tickets/by-number/abc"), 404, "not_found")
    for q in ["%d" % a["number"], "%%23%d" % a["number"], "%%20%%23%d%%20" % a["number"]]:
        res = agent_t.get("/api/search?q=" + q).json["results"]
        expect(res and res[0]["id"] == a["id"], "%s finds the ticket first: %r" % (q, res))
    expect(agent_t.get("/api/search?q=%2399999999").json["results"] == [], "no such number")
    res = agent_t.get("/api/search?q=NUMBERED%40customer.org").json["results"]
    expect([x["id"] for x in res] == [a["id"]], "the customer's email lists the ticket: %r" % res)
    res = agent_t.get("/api/search?q=nora%20numbered").json["results"]
    expect([x["id"] for x in res] == [a["id"]], "the customer's name lists the ticket: %r" % res)
    # a customer finds only their own by number, and never another customer by name
    expect(cust_a_t.get("/api/search?q=%%23%d" % a["number"]).json["results"] == [],
           "not another customer's ticket")
    expect(cust_a_t.get("/api/search?q=nora%20numbered").json["results"] == [],
           "customers do not search other customers")


def test_customers_resource_and_history():
    r = agent_t.post("/api/customers", {"name": "Dana Diaz", "email": "dana@x.org",
                                        "tier": "premium", "lifetime_value": 1234.5,
                                        "phone": "+1 555 0100", "company": "Diaz & Co"})
    expect(r.status == 201 and CUSTOMER_KEYS <= set(r.json), r)
    c = r.json
    expect(c["lifetime_value"] == 1234.5 and c["tier"] == "premium" and c["ticket_count"] == 0, c)
    expect(c["company"] == "Diaz & Co" and c["phone"] == "+1 555 0100", c)
    cid = c["id"]
    expect_error(agent_t.post("/api/customers", {"name": "Dup", "email": "DANA@x.org"}), 409,
                 "conflict")
    r = agent.patch("/api/customers/%d" % cid, {"preferred_name": "Dee", "notes": "likes email",
                                                "lifetime_value": 99})
    expect(r.status == 200 and r.json["preferred_name"] == "Dee", r)
    expect(r.json["notes"] == "likes email" and r.json["lifetime_value"] == 99, r)
    expect(r.json["name"] == "Dana Diaz", "fields not sent stay: %r" % r.json)
    first = new_ticket(customer={"email": "dana@x.org"}, subject="First")
    new_ticket(customer={"email": "dana@x.org"}, subject="Second")
    r = agent_t.get("/api/customers/%d" % cid)
    expect(r.status == 200 and r.json["ticket_count"] == 2, r)
    expect([x["subject"] for x in r.json["history"]] == ["Second", "First"], r.json["history"])
    expect(first["customer_id"] == cid, first)
    found = agent_t.get("/api/customers?q=diaz").json["customers"]
    expect([x["id"] for x in found] == [cid], found)
    expect_error(agent_t.get("/api/customers/999999"), 404, "not_found")
    expect_error(agent_t.patch("/api/customers/999999", {"notes": "x"}), 404, "not_found")
    rows, after = [], None
    for _ in range(100):
        r = agent_t.get("/api/customers?limit=3" + ("&after=" + after if after else ""))
        expect(r.status == 200, r)
        rows += [x["id"] for x in r.json["customers"]]
        after = r.json["next"]
        if not after:
            break
    expect(len(rows) == len(set(rows)) and cid in rows, "customer pages: %r" % rows)
    expect_error(agent_t.get("/api/customers?limit=0"), 400, "invalid", "limit")


# ---- bad input: the right error, and nothing stored ----

def bad_ticket_posts(t):
    post = lambda raw, ct="application/json": agent_t.request(
        "POST", "/api/tickets", raw=raw, headers={"Content-Type": ct})
    big = lambda n: b'{"subject":"big","body":"' + b"x" * (n - 27) + b'"}'
    return [
        (post(b"{not json"), 400, "bad_json", None),
        (post(b"[1,2]"), 400, "bad_json", None),
        (post(b"null"), 400, "bad_json", None),
        (post(b""), 400, "bad_json", None),
        (post(b'{"subject":"a","subject":"b"}'), 400, "bad_json", None),
        (post(b"[" * 100 + b"]" * 100), 400, "bad_json", None),
        (post(b'{"subject":"\xff\xfe","body":"b"}'), 400, "bad_utf8", None),
        (post(b'{"subject":"\xc0\xaf","body":"b"}'), 400, "bad_utf8", None),  # overlong
        (post(b'{"subject":"\xed\xa0\x80","body":"b"}'), 400, "bad_utf8", None),  # surrogate
        (agent_t.post("/api/tickets", dict(t, subject=5)), 422, "invalid", "subject"),
        (agent_t.post("/api/tickets", dict(t, body=["b"])), 422, "invalid", "body"),
        (agent_t.post("/api/tickets", dict(t, tags="billing")), 422, "invalid", "tags"),
        (agent_t.post("/api/tickets", dict(t, tags=[1])), 422, "invalid", "tags"),
        (agent_t.post("/api/tickets", dict(t, priority="whenever")), 422, "invalid", "priority"),
        (agent_t.post("/api/tickets", dict(t, assignee_id="7")), 422, "invalid", "assignee_id"),
        (agent_t.post("/api/tickets", dict(t, customer="z@z.org")), 422, "invalid", "customer"),
        (agent_t.post("/api/tickets", dict(t, customer={"email": 5})), 422, "invalid",
         "customer.email"),
        (agent_t.post("/api/tickets", dict(t, customer={"email": "nope"})), 422, "invalid",
         "customer.email"),
        (agent_t.post("/api/tickets", {"subject": "s", "body": "b"}), 422, "invalid",
         "customer.email"),
        (agent_t.post("/api/tickets", dict(t, subject="")), 422, "invalid", "subject"),
        (agent_t.post("/api/tickets", dict(t, colour="red")), 422, "unknown_field", "colour"),
        (agent_t.post("/api/tickets", dict(t, customer={"email": "z@z.org", "age": 3})), 422,
         "unknown_field", "customer.age"),
        (post(big(1024 * 1024 + 1)), 413, "too_big", None),
        (post(big(4 * 1024 * 1024)), 413, "too_big", None),
        (post(b'{"subject":"s"}', "application/x-www-form-urlencoded"), 415,
         "unsupported_media_type", None),
        (post(b'{"subject":"s"}', "text/plain"), 415, "unsupported_media_type", None),
        (post(b'{"subject":"s"}', "application/jsonx"), 415, "unsupported_media_type", None),
        (post(b'{"subject":"s"}', None), 415, "unsupported_media_type", None),
        (agent_t.request("PUT", "/api/tickets", t), 405, "method_not_allowed", None),
        (agent_t.request("DELETE", "/api/tickets", t), 405, "method_not_allowed", None),
    ]


def test_bad_tickets_are_refused_and_nothing_stored():
    before = all_count()
    t = {"subject": "s", "body": "b", "customer": {"email": "z@z.org"}}
    problems = []
    for i, (r, status, code, field) in enumerate(bad_ticket_posts(t)):
        try:
            expect_error(r, status, code, field)
        except AssertionError as e:
            problems.append("case %d: %s" % (i, e))
    expect(not problems, "\n".join(problems))
    expect(all_count() == before, "nothing stored: %d -> %d" % (before, all_count()))
    # exactly 1 MiB is not too big (it fails later, for a reason of its own)
    body = b'{"subject":"big","body":"' + b"x" * (1024 * 1024 - 27) + b'"}'
    expect(len(body) == 1024 * 1024, len(body))
    expect_error(agent_t.request("POST", "/api/tickets", raw=body), 422, "invalid",
                 "customer.email")
    r = agent_t.request("POST", "/api/tickets", raw=json.dumps(t).encode(),
                        headers={"Content-Type": "application/json; charset=utf-8"})
    expect(r.status == 201, "a charset parameter is fine: %r" % r)
    expect(all_count() == before + 1, "one stored")


def test_chunked_oversized_body_is_refused():
    import http.client
    before = all_count()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    chunks = (b'{"subject":"big","body":"', b"x" * (2 * 1024 * 1024), b'"}')
    conn.request("POST", "/api/tickets", body=iter(chunks), encode_chunked=True,
                 headers={"Content-Type": "application/json",
                          "Authorization": "Bearer " + agent_t.token})
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    expect(r.status == 413 and body["error"]["code"] == "too_big", (r.status, body))
    expect(all_count() == before, "nothing stored")


def test_bad_updates_change_nothing():
    t = new_ticket(priority="normal", tags=["keep"])
    path = "/api/tickets/%d" % t["id"]
    events = detail(t["id"])["events"]
    cases = [
        ({"priority": "urgent", "colour": "red"}, 422, "unknown_field", "colour"),
        ({"priority": "urgent", "status": "sleeping"}, 422, "invalid", "status"),
        ({"priority": "urgent", "tags": "vip"}, 422, "invalid", "tags"),
        ({"priority": 3}, 422, "invalid", "priority"),
        ({"subject": 5}, 422, "invalid", "subject"),
        ({"priority": "urgent", "assignee_id": 99999}, 422, "invalid", "assignee_id"),
    ]
    for body, status, code, field in cases:
        expect_error(agent_t.patch(path, body), status, code, field)
    expect_error(agent_t.request("PATCH", path, raw=b'{"priority":'), 400, "bad_json")
    expect_error(agent_t.request("PATCH", path, raw=b'{"subject":"\xff"}'), 400, "bad_utf8")
    d = detail(t["id"])
    expect(d["priority"] == "normal" and d["tags"] == ["keep"] and d["subject"] == t["subject"],
           "nothing changed: %r" % d)
    expect(d["status"] == "new" and d["assignee_id"] is None, d)
    expect(d["events"] == events, "no events from refused changes: %r" % d["events"])
    msgs = [
        ({"body": 5}, 422, "invalid", "body"),
        ({"body": "x", "visibility": "secret"}, 422, "invalid", "visibility"),
        ({"body": "x", "status": "sleeping"}, 422, "invalid", "status"),
        ({"body": "x", "cc": "boss@x.org"}, 422, "unknown_field", "cc"),
        ({}, 422, "invalid", "body"),
        ({"body": ""}, 422, "invalid", "body"),
    ]
    for body, status, code, field in msgs:
        expect_error(agent_t.post(path + "/messages", body), status, code, field)
    expect_error(agent_t.request("POST", path + "/messages", raw=b'{"body":"\xe2\x82"}'), 400,
                 "bad_utf8")
    expect_error(agent_t.request("POST", path + "/messages", raw=b"body=x",
                                 headers={"Content-Type": "text/plain"}), 415)
    d = detail(t["id"])
    expect(len(d["messages"]) == 1 and d["message_count"] == 1 and d["status"] == "new",
           "no message stored: %r" % d["messages"])


def test_bad_people_input_changes_nothing():
    n = len(page_all(agent_t, "/api/customers?limit=200&q=nobody", key="customers"))
    for body, code, field in (
            ({"name": "Nobody", "email": "nobody-at-all"}, "invalid", "email"),
            ({"name": "Nobody", "email": "nobody@x.org", "lifetime_value": "lots"}, "invalid",
             "lifetime_value"),
            ({"name": "Nobody", "email": "nobody@x.org", "lifetime_value": -5}, "invalid",
             "lifetime_value"),
            ({"name": "Nobody", "email": "nobody@x.org", "lifetime_value": 1e300}, "invalid",
             "lifetime_value"),
            ({"name": 5, "email": "nobody@x.org"}, "invalid", "name"),
            ({"name": "Nobody", "email": "nobody@x.org", "shoe_size": 44}, "unknown_field",
             "shoe_size")):
        expect_error(agent_t.post("/api/customers", body), 422, code, field)
    expect(len(page_all(agent_t, "/api/customers?limit=200&q=nobody", key="customers")) == n,
           "no customer stored")
    users = admin_t.get("/api/users").json["users"]
    for body, code, field in (
            ({"email": "u@x.org", "name": "U", "role": "emperor"}, "invalid", "role"),
            ({"email": "u@x.org", "name": "U", "role": "agent", "level": 9}, "unknown_field",
             "level"),
            ({"email": 5, "name": "U", "role": "agent"}, "invalid", "email"),
            ({"email": "u@x.org", "name": "U", "role": "agent", "password": "short"}, "invalid",
             "password")):
        expect_error(admin_t.post("/api/users", body), 422, code, field)
    expect_error(admin_t.post("/api/users", {"email": "agent@example.com", "name": "Again",
                                             "role": "agent"}), 409, "conflict")
    expect(admin_t.get("/api/users").json["users"] == users, "no user stored")
    uid = user_id("agent@example.com")
    for body, code, field in (({"role": "emperor"}, "invalid", "role"),
                              ({"disabled": "yes"}, "invalid", "disabled"),
                              ({"email": "new@x.org"}, "unknown_field", "email")):
        expect_error(admin_t.patch("/api/users/%d" % uid, body), 422, code, field)
    expect(admin_t.get("/api/users").json["users"] == users, "no user changed")
    expect_error(Client(PORT).post("/api/login", {"email": 5, "password": "x"}), 422, "invalid",
                 "email")
    expect_error(Client(PORT).post("/api/login", {"email": "a@b.c", "password": "x", "otp": 1}),
                 422, "unknown_field", "otp")
    expect_error(lead_t.post("/api/macros", {"title": 5, "body": "x"}), 422, "invalid", "title")


def test_wrong_methods_and_unknown_paths():
    before = all_count()
    t = new_ticket()
    for method, path, allow in (("PUT", "/api/tickets", {"GET", "POST"}),
                                ("DELETE", "/api/tickets/%d" % t["id"], {"GET", "PATCH"}),
                                ("GET", "/api/login", {"POST"}),
                                ("PATCH", "/api/me", {"GET"}),
                                ("POST", "/healthz", {"GET", "HEAD"}),
                                ("GET", "/api/tickets/%d/messages" % t["id"], {"POST"}),
                                ("PUT", "/api/users/1", {"PATCH"})):
        r = agent_t.request(method, path, {"subject": "x"})
        expect_error(r, 405, "method_not_allowed")
        got = {x.strip() for x in r.headers["allow"].split(",")}
        expect(got == allow, "%s %s: Allow %r, wanted %r" % (method, path, got, allow))
    expect(all_count() == before + 1, "nothing stored by 405s")
    expect(detail(t["id"])["status"] == "new", "the DELETE did nothing")
    for path in ("/api/nosuch", "/api/nosuch%ff", "/api/tickets/abc", "/api/tickets/-1",
                 "/api/tickets/99999999999999999999", "/api/tickets/1/nothing", "/api"):
        expect_error(agent_t.get(path), 404, "not_found")
    expect_error(agent_t.get("/api/tickets?x%ff=1"), 400)
    expect_error(agent_t.get("/api/tickets?tag=%ff"), 400, "bad_utf8", "tag")


# ---- administration ----

def test_user_admin_is_audited():
    r = admin.post("/api/users", {"email": "newbie@example.com", "name": "New Bie",
                                  "role": "agent"})
    expect(r.status == 201 and USER_KEYS <= set(r.json), r)
    expect(r.json["role"] == "agent" and len(r.json.get("password", "")) >= 8, r)
    uid, pw = r.json["id"], r.json["password"]
    expect(Client(PORT).login("newbie@example.com", pw).status == 200, "generated password works")
    expect("newbie@example.com" in [u["email"] for u in admin_t.get("/api/users").json["users"]],
           "listed")
    r = admin.post("/api/users", {"email": "chosen@example.com", "name": "Chosen",
                                  "role": "lead", "password": "a chosen password"})
    expect(r.status == 201 and "password" not in r.json, r)
    r = admin.patch("/api/users/%d" % uid, {"role": "lead", "name": "New Bee"})
    expect(r.status == 200 and r.json["role"] == "lead" and r.json["name"] == "New Bee", r)
    r = admin.patch("/api/users/%d" % uid, {"disabled": True})
    expect(r.status == 200 and r.json["disabled"] is True, r)
    expect_error(wrong_login(Client(PORT), "newbie@example.com", pw), 401)
    r = admin.patch("/api/users/%d" % uid, {"disabled": False})
    expect(r.status == 200 and r.json["disabled"] is False, r)
    entries = admin.get("/api/audit?limit=200").json["entries"]
    expect(entries and {"id", "actor_id", "actor_name", "action", "target", "detail", "address",
                        "created_at"} <= set(entries[0]), entries[:1])
    actions = [(e["action"], e["target"]) for e in entries]
    for a in ("user.create", "user.role", "user.disable"):
        expect((a, "user:%d" % uid) in actions, "%s audited: %r" % (a, actions))
    admin_id = user_id("admin@example.com")
    for e in entries:
        if e["target"] == "user:%d" % uid:
            expect(e["actor_id"] == admin_id and e["actor_name"] == "Admin", e)
            expect(e["address"] == "127.0.0.1" and ISO.fullmatch(e["created_at"]), e)
    role = [e for e in entries if e["action"] == "user.role" and e["target"] == "user:%d" % uid]
    expect("lead" in role[0]["detail"], "the detail says what changed: %r" % role[0])
    expect([e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True),
           "newest first")
    # an admin cannot lock themselves out
    expect_error(admin.patch("/api/users/%d" % admin_id, {"role": "agent"}), 409)
    expect_error(admin.patch("/api/users/%d" % admin_id, {"disabled": True}), 409)
    expect(admin.get("/api/audit").status == 200, "still an admin")


def test_audit_pages():
    ids, before = [], None
    for _ in range(500):
        r = admin_t.get("/api/audit?limit=2" + ("&before=" + before if before else ""))
        expect(r.status == 200, r)
        ids += [e["id"] for e in r.json["entries"]]
        before = r.json["next"]
        if not before:
            break
    expect(ids == sorted(set(ids), reverse=True), "pages repeat or reorder: %r" % ids)
    full = [e["id"] for e in admin_t.get("/api/audit?limit=200").json["entries"]]
    expect(ids[:len(full)] == full, "pages add up to the whole log")
    expect_error(admin_t.get("/api/audit?before=x"), 400, "invalid", "before")


# ---- the live stream ----

def listening(clients, seconds=3.0, until=None):
    """Starts each client listening to the live stream in a thread; .join() gives the
    Responses in order."""
    out = [None] * len(clients)

    def listen(i, c):
        out[i] = c.events(seconds, until=until)

    threads = [threading.Thread(target=listen, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    time.sleep(0.4)  # each has its stream open

    class Join:
        def join(self):
            for t in threads:
                t.join()
            return out
    return Join()


def about(r, ticket_id, kind="ticket"):
    return [e["data"] for e in r.events if e["event"] == kind and
            e["data"]["ticket_id"] == ticket_id]


def test_the_live_stream_tells_each_change_to_those_who_may_hear_it():
    ann = new_ticket(subject="Live: Ann's")
    bob = new_ticket(subject="Live: Bob's", customer={"email": BOB, "name": "Bob Customer"})
    heard = listening([agent, lead_t, cust_a_t, cust_b])
    reply = {"body": "I have sent the new invoice to you.", "visibility": "public",
             "confirm": True}
    expect_status(agent_t.post("/api/tickets/%d/messages" % ann["id"], reply), 201)
    expect_status(agent_t.post("/api/tickets/%d/messages" % ann["id"],
                               {"body": "Checked the ledger", "visibility": "internal"}), 201)
    expect_status(lead_t.post("/api/tickets/%d/presence" % ann["id"], {"state": "writing"}), 200)
    expect_status(agent_t.post("/api/tickets/%d/messages" % bob["id"], reply), 201)
    expect_status(agent_t.patch("/api/tickets/%d" % bob["id"], {"status": "solved"}), 200)
    agent_s, lead_s, ann_s, bob_s = heard.join()
    me = user_id("agent@example.com")

    # staff hear everything, with who did it, and colleagues' presence with their name
    # (the first reply also moves a new ticket on, so its status changes with it)
    expect([e["what"] for e in about(agent_s, ann["id"])] == [["reply", "status"], ["note"]],
           agent_s.events)
    expect(all(e["by"] == me for e in about(agent_s, ann["id"])), agent_s.events)
    expect(about(agent_s, ann["id"], "presence") ==
           [{"ticket_id": ann["id"], "user_id": user_id("lead@example.com"),
             "name": "Lead", "state": "writing"}],
           agent_s.events)
    expect(["solved" in e["what"] for e in about(agent_s, bob["id"])] == [False, True],
           agent_s.events)
    # nobody hears their own presence
    expect(not about(lead_s, ann["id"], "presence"), lead_s.events)
    expect(about(lead_s, ann["id"]), lead_s.events)
    # a customer hears of their own tickets only, without notes, staff ids or presence
    expect(about(ann_s, ann["id"]) == [{"ticket_id": ann["id"], "what": ["reply", "status"]}],
           ann_s.events)
    expect(not about(ann_s, bob["id"]) and
           not [e for e in ann_s.events if e["event"] == "presence"], ann_s.events)
    expect([e["what"] for e in about(bob_s, bob["id"])] ==
           [["reply", "status"], ["status", "solved"]], bob_s.events)
    expect(not about(bob_s, ann["id"]), bob_s.events)
    # every event has an id to resume from, increasing
    ids = [int(e["id"].split(".")[1]) for e in agent_s.events]
    expect(ids == sorted(ids) and len(set(ids)) == len(ids), agent_s.events)


def test_a_stream_resumes_from_the_last_event_heard():
    t = new_ticket(subject="Live: resume")
    heard = listening([agent_t])
    for n in range(3):
        expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                                   {"body": "Note %d" % n, "visibility": "internal"}), 201)
    first = heard.join()[0]
    mine = [e for e in first.events if e["event"] == "ticket" and
            e["data"]["ticket_id"] == t["id"]]
    expect(len(mine) == 3, first.events)
    # reconnecting after the first: the two after it, and nothing before
    again = agent_t.events(1.0, headers={"Last-Event-ID": mine[0]["id"]},
                           until=lambda evs: len(evs) >= 2)
    expect([e["id"] for e in again.events][:2] == [e["id"] for e in mine[1:]], again.events)
    # an id from before a restart (or made up): read everything again
    for stale in ("0123456789abcdef.3", mine[0]["id"].split(".")[0] + ".99999999", "junk"):
        r = agent_t.events(1.0, headers={"Last-Event-ID": stale}, until=lambda evs: evs)
        expect(r.events and r.events[0]["event"] == "reset", "%s: %r" % (stale, r.events))


def test_a_change_made_by_another_process_is_told_too():
    # mail piped in by the mail server runs in a process of its own
    t = new_ticket(subject="Live: from outside")
    heard = listening([agent_t, cust_a_t], seconds=8.0,
                      until=lambda evs: any(e["event"] == "ticket" and
                                            e["data"]["ticket_id"] == t["id"] for e in evs))
    mail = ("From: Ann Customer <%s>\r\nTo: support@example.com\r\n"
            "Subject: Re: Live: from outside [#%d]\r\nMessage-ID: <outside-1@example.net>\r\n"
            "\r\nOne more detail: it happens on the phone too.\r\n") % (ANN, t["number"])
    cli("mail-ingest", stdin=mail)
    agent_s, ann_s = heard.join()
    for r in (agent_s, ann_s):
        mine = about(r, t["id"])
        expect(mine and mine[0]["what"] == ["changed"], r.events)
    expect(api_ticket_has(t["id"], "it happens on the phone too"), "the mail is on the ticket")


def api_ticket_has(ticket_id, words):
    return any(words in m["body"] for m in agent_t.get("/api/tickets/%d" % ticket_id).json["messages"])


def test_with_mail_off_a_reply_waits_in_the_outbox():
    # this server has no smtp_host: mail is off, and says so
    before = expect_status(agent_t.get("/api/mail/status"), 200)
    expect(before["outbound"] is False and before["from"] is None, before)
    t = new_ticket(subject="Outbox: a reply while mail is off")
    expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "Thanks Ann, the refund is on its way to you.",
                                "visibility": "public", "confirm": True}), 201)
    # a note is not mail
    expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "Refund issued", "visibility": "internal"}), 201)
    after = expect_status(agent_t.get("/api/mail/status"), 200)
    expect(after["held"] == before["held"] + 1, (before, after))
    held = expect_status(lead_t.get("/api/jobs?state=held"), 200)["jobs"]
    mine = [j for j in held if j["ticket_id"] == t["id"]]
    expect(len(mine) == 1 and mine[0]["kind"] == "mail_out" and mine[0]["state"] == "held",
           held)
    expect_error(agent_t.get("/api/mail/status?x=1"), 400)
    # admins see the relay's settings, never its password; a test mail says mail is off
    relay = expect_status(admin_t.get("/api/mail/status"), 200)["relay"]
    expect(set(relay) == {"host", "port", "starttls", "auth"} and relay["host"] == "", relay)
    expect("relay" not in after, after)
    expect_error(admin_t.post("/api/mail/test", {"to": "ops@example.com"}), 409)
    expect_error(admin_t.post("/api/mail/test", {"to": "not an address"}), 422, field="to")


def test_a_customer_who_wrote_by_mail_gets_into_the_portal():
    who = "cai.%d@example.org" % len(apitest.REQUEST_IDS)
    t = new_ticket(subject="Access: a customer known by mail",
                   customer={"email": who, "name": "Cai Chen"})
    # "Forgot your password?" says the same for a known and an unknown address
    anon = Client(PORT)
    known = anon.post("/api/password-reset/request", {"email": who.upper()})
    unknown = anon.post("/api/password-reset/request", {"email": "x" + who})
    expect(known.status == unknown.status == 202 and known.json == unknown.json, (known, unknown))
    expect_error(anon.post("/api/password-reset/request", {"email": "not an address"}), 422,
                 field="email")
    expect_error(anon.post("/api/password-reset/request", {}), 422, field="email")
    expect_error(anon.post("/api/password-reset/request", {"email": who, "x": 1}), 422)
    # staff send a portal link from the customer's panel: mail is off here, so it waits
    r = expect_status(agent_t.post("/api/customers/%d/portal-link" % t["customer_id"], {}), 200)
    expect(r["email"] == who and r["mail"] == "outbox" and r["created"] is False, r)
    expect_error(agent_t.post("/api/customers/%d/portal-link" % t["customer_id"], {"x": 1}), 422)
    expect_error(agent_t.post("/api/customers/999999/portal-link", {}), 404)
    # the command line's link for them names this server's address, not a default port
    link = cli("user", "reset-link", "--email", who)
    expect(link.startswith("http://127.0.0.1:%d/reset#token=" % PORT), link)
    token = link.split("token=")[1]
    expect_status(anon.post("/api/password-reset", {"token": token, "password": "cai-new-pass"}), 200)
    c = Client(PORT)
    expect_status(c.login(who, "cai-new-pass"), 200)
    mine = expect_status(c.get("/api/tickets"), 200)["tickets"]
    expect([x["id"] for x in mine] == [t["id"]], mine)
    # an admin invites a user; others may not
    u = expect_status(admin_t.post("/api/users", {"email": "new.%s" % who, "name": "New Agent",
                                                  "role": "agent"}), 201)
    r = expect_status(admin_t.post("/api/users/%d/invite" % u["id"], {}), 200)
    expect(r["mail"] == "outbox" and r["user_id"] == u["id"], r)
    audit = expect_status(admin_t.get("/api/audit?limit=5"), 200)["entries"]
    expect(any(a["action"] == "user.invite" for a in audit), audit)


def test_several_tickets_change_at_once_or_none_does():
    a, b = new_ticket(subject="Bulk: one"), new_ticket(subject="Bulk: two")
    lead_id = user_id("lead@example.com")
    r = expect_status(agent_t.post("/api/tickets/bulk", {
        "ids": [a["id"], b["id"]], "assignee_id": lead_id, "priority": "high",
        "add_tags": ["Escalated"]}), 200)
    expect(r == {"updated": 2, "ids": [a["id"], b["id"]]}, r)
    for t in (a, b):
        got = agent_t.get("/api/tickets/%d" % t["id"]).json
        expect(got["assignee_id"] == lead_id and got["priority"] == "high" and
               "escalated" in got["tags"], got)
    expect_status(agent_t.post("/api/tickets/bulk", {"ids": [a["id"]], "remove_tags": ["escalated"],
                                                     "assignee_id": None}), 200)
    got = agent_t.get("/api/tickets/%d" % a["id"]).json
    expect(got["assignee_id"] is None and "escalated" not in got["tags"], got)
    # one that cannot change: none changes, and the error names it
    r = agent_t.post("/api/tickets/bulk", {"ids": [a["id"], 999999], "priority": "urgent"})
    expect_error(r, 404, field="ids")
    expect(r.json["error"]["ticket_id"] == 999999, r)
    expect(agent_t.get("/api/tickets/%d" % a["id"]).json["priority"] == "high", "nothing changed")
    for body, field in (({"ids": [], "status": "open"}, "ids"),
                        ({"ids": [a["id"], a["id"]], "status": "open"}, "ids"),
                        ({"ids": ["x"], "status": "open"}, "ids"),
                        ({"ids": list(range(1, 102)), "status": "open"}, "ids"),
                        ({"ids": [a["id"]], "status": "lost"}, "status"),
                        ({"ids": [a["id"]], "assignee_id": "me"}, "assignee_id"),
                        ({"ids": [a["id"]], "add_tags": "vip"}, "add_tags")):
        expect_error(agent_t.post("/api/tickets/bulk", body), 422, field=field)
    expect_error(agent_t.post("/api/tickets/bulk", {"ids": [a["id"]]}), 422)
    expect_error(agent_t.post("/api/tickets/bulk", {"ids": [a["id"]], "status": "open", "x": 1}),
                 422)


def test_a_mention_is_told_to_the_one_mentioned_only():
    t = new_ticket(subject="Live: a mention")
    heard = listening([lead_t, agent_t, cust_a_t], seconds=3.0,
                      until=lambda evs: any(e["event"] == "mention" for e in evs))
    expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "@Lead can you approve the refund?",
                                "visibility": "internal"}), 201)
    lead_s, agent_s, ann_s = heard.join()
    got = [e["data"] for e in lead_s.events if e["event"] == "mention"]
    expect(got == [{"ticket_id": t["id"], "by": user_id("agent@example.com"), "name": "Agent"}],
           lead_s.events)
    expect(not [e for e in agent_s.events + ann_s.events if e["event"] == "mention"],
           (agent_s.events, ann_s.events))


def test_two_records_of_one_customer_are_merged():
    n = len(apitest.REQUEST_IDS)
    keep = new_ticket(subject="Merge: at work", customer={"email": "pat.%d@work.example" % n,
                                                         "name": "Pat Lee"})
    dup = new_ticket(subject="Merge: at home", customer={"email": "pat.%d@home.example" % n,
                                                        "name": "Pat Lee"})
    expect_status(agent_t.patch("/api/customers/%d" % dup["customer_id"],
                                {"phone": "+1 555 0100", "lifetime_value": 20}), 200)
    r = expect_status(agent_t.post("/api/customers/%d/merge" % dup["customer_id"],
                                   {"into": keep["customer_id"]}), 200)
    expect(r["tickets_moved"] == 1 and r["customer"]["id"] == keep["customer_id"] and
           r["customer"]["phone"] == "+1 555 0100" and r["customer"]["ticket_count"] == 2, r)
    expect(agent_t.get("/api/tickets/%d" % dup["id"]).json["customer_id"] == keep["customer_id"],
           "the ticket moved")
    expect_error(agent_t.get("/api/customers/%d" % dup["customer_id"]), 404)
    audit = expect_status(admin_t.get("/api/audit?limit=5"), 200)["entries"]
    expect(audit[0]["action"] == "customer.merge" and "pat.%d@home.example" % n in
           audit[0]["detail"], audit[0])
    expect_error(agent_t.post("/api/customers/%d/merge" % keep["customer_id"],
                              {"into": keep["customer_id"]}), 422, field="into")
    expect_error(agent_t.post("/api/customers/%d/merge" % keep["customer_id"], {}), 422,
                 field="into")
    expect_error(agent_t.post("/api/customers/%d/merge" % keep["customer_id"], {"into": 999999}),
                 404, field="into")
    expect_error(agent_t.post("/api/customers/%d/merge" % keep["customer_id"], {"into": "x"}), 422)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f00f0003860180"
                    "5a347d6b0000000049454e44ae426082")


def upload(c, ticket_id, name, data, ctype):
    return c.request("POST", "/api/tickets/%d/uploads?filename=%s" % (ticket_id, name), raw=data,
                     headers={"Content-Type": ctype})


def test_files_go_with_a_message():
    t = new_ticket(subject="Files: a screenshot")
    pic = expect_status(upload(cust_a_t, t["id"], "screen.png", PNG, "image/png"), 201)
    expect(pic["content_type"] == "image/png" and pic["size"] == len(PNG), pic)
    txt = expect_status(upload(cust_a_t, t["id"], "C%3A%5Cnotes.txt", b"hello", "text/plain"), 201)
    expect(txt["filename"] == "notes.txt", txt)  # only the last part of a path
    m = expect_status(cust_a_t.post("/api/tickets/%d/messages" % t["id"],
                                    {"body": "Here is what I see.",
                                     "attachments": [pic["id"], txt["id"]]}), 201)
    files = agent_t.get("/api/tickets/%d/attachments" % t["id"]).json["attachments"]
    expect(sorted(f["filename"] for f in files if f["message_id"] == m["id"]) ==
           ["notes.txt", "screen.png"], files)
    # sent once: the same upload again is gone; another's upload is not yours to send
    expect_error(cust_a_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "again", "attachments": [pic["id"]]}), 404,
                 field="attachments")
    other = expect_status(upload(agent_t, t["id"], "a.txt", b"x", "text/plain"), 201)
    expect_error(cust_a_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "mine?", "attachments": [other["id"]]}), 404)
    # pictures inline only when their bytes are pictures
    png_id = [f["id"] for f in files if f["filename"] == "screen.png"][0]
    txt_id = [f["id"] for f in files if f["filename"] == "notes.txt"][0]
    r = agent_t.get("/api/attachments/%d?inline=1" % png_id)
    expect(r.status == 200 and r.headers["content-type"] == "image/png" and
           r.headers["content-disposition"].startswith("inline;"), r.headers)
    r = agent_t.get("/api/attachments/%d?inline=1" % txt_id)
    expect(r.headers["content-disposition"].startswith("attachment;"), r.headers)
    # what is refused, and why
    expect_error(upload(cust_a_t, t["id"], "x.html", b"<script>", "text/html"), 422, field="file")
    expect_error(upload(cust_a_t, t["id"], "x.png", b"<svg onload=alert(1)>", "image/png"), 422,
                 field="file")
    expect_error(upload(cust_a_t, t["id"], "x.txt", b"", "text/plain"), 422, field="file")
    expect_error(upload(cust_a_t, t["id"], "", b"x", "text/plain"), 422, field="filename")
    expect_error(cust_b.request("POST", "/api/tickets/%d/uploads?filename=a.txt" % t["id"],
                                raw=b"x", headers={"Content-Type": "text/plain"}), 404)
    expect_error(cust_a_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "x", "attachments": ["a"]}), 422, field="attachments")
    expect_error(cust_a_t.post("/api/tickets/%d/messages" % t["id"],
                               {"body": "x", "attachments": list(range(1, 12))}), 422,
                 field="attachments")


def test_two_tickets_of_one_customer_are_merged():
    keep = new_ticket(subject="Merge: the export is broken")
    dup = new_ticket(subject="Merge: export broken again")
    r = expect_status(agent_t.post("/api/tickets/%d/merge" % dup["id"], {"into": keep["id"]}), 200)
    expect(r["id"] == keep["id"] and r["message_count"] == 2, r)
    gone = agent_t.get("/api/tickets/%d" % dup["id"]).json
    expect(gone["status"] == "closed" and gone["merged_into"] == keep["id"] and
           not gone["messages"], gone)
    words = [ev["text"] for ev in gone["events"]]
    expect(any("merged it into #%d" % keep["number"] in w for w in words), words)
    # the customer's answer to the duplicate's mail lands where the conversation went
    mail = ("From: Ann Customer <%s>\r\nTo: support@example.com\r\n"
            "Subject: Re: Merge: export broken again [#%d]\r\n"
            "Message-ID: <merge-answer-%d@example.net>\r\n\r\nStill broken today.\r\n") % (
                ANN, dup["number"], dup["id"])
    out = cli("mail-ingest", stdin=mail)
    expect("#%d" % keep["number"] in out, out)
    expect(any("Still broken today" in m["body"] for m in
               agent_t.get("/api/tickets/%d" % keep["id"]).json["messages"]), "landed on the kept one")
    other = new_ticket(subject="Merge: Bob's", customer={"email": BOB, "name": "Bob Customer"})
    expect_error(agent_t.post("/api/tickets/%d/merge" % other["id"], {"into": keep["id"]}), 422,
                 field="into")
    expect_error(agent_t.post("/api/tickets/%d/merge" % keep["id"], {"into": keep["id"]}), 422,
                 field="into")
    expect_error(agent_t.post("/api/tickets/%d/merge" % keep["id"], {"into": dup["id"]}), 409)
    expect_error(cust_a_t.post("/api/tickets/%d/merge" % keep["id"], {"into": dup["id"]}), 403)


def test_several_tickets_merge_into_one_from_the_queue():
    keep, a, b = (new_ticket(subject="Bulk merge: %s" % w) for w in ("kept", "one", "two"))
    r = expect_status(agent_t.post("/api/tickets/bulk", {"ids": [keep["id"], a["id"], b["id"]],
                                                        "merge_into": keep["id"]}), 200)
    expect(r["merged_into"] == keep["id"] and r["ticket"]["message_count"] == 3, r)
    for t in (a, b):
        got = agent_t.get("/api/tickets/%d" % t["id"]).json
        expect(got["status"] == "closed" and got["merged_into"] == keep["id"], got)
    # one of another customer: none merges, and the error names it
    c, d = new_ticket(subject="Bulk merge: three"), new_ticket(
        subject="Bulk merge: Bob's", customer={"email": BOB, "name": "Bob Customer"})
    r = agent_t.post("/api/tickets/bulk", {"ids": [c["id"], d["id"]], "merge_into": keep["id"]})
    expect_error(r, 422, field="into")
    expect(r.json["error"]["ticket_id"] == d["id"], r)
    expect(agent_t.get("/api/tickets/%d" % c["id"]).json["status"] != "closed", "none merged")
    expect_error(agent_t.post("/api/tickets/bulk", {"ids": [c["id"]], "merge_into": keep["id"],
                                                    "status": "open"}), 422, field="merge_into")
    expect_error(agent_t.post("/api/tickets/bulk", {"ids": [c["id"]], "merge_into": "x"}), 422)


def test_presence_is_checked():
    t = new_ticket(subject="Live: presence")
    path = "/api/tickets/%d/presence" % t["id"]
    for state in ("viewing", "writing", "left"):
        expect(expect_status(agent_t.post(path, {"state": state}), 200) ==
               {"ticket_id": t["id"], "state": state}, state)
    expect_error(agent_t.post(path, {"state": "lurking"}), 422, field="state")
    expect_error(agent_t.post(path, {}), 422, field="state")
    expect_error(agent_t.post(path, {"state": 3}), 422, field="state")
    expect_error(agent_t.post(path, {"state": "viewing", "x": 1}), 422)
    expect_error(agent_t.post("/api/tickets/999999/presence", {"state": "viewing"}), 404)
    expect_error(cust_a_t.post(path, {"state": "viewing"}), 403)
    # a cookie session needs its CSRF token, like every write
    expect_error(agent.post(path, {"state": "viewing"}, csrf=False), 403)


def test_a_person_reloading_keeps_one_stream_per_tab_at_most():
    # each open stream is held until its browser's next write; a ninth ends the oldest
    conns = []
    try:
        for _ in range(9):
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            c.request("GET", "/api/events", headers={"Authorization": "Bearer " + lead_t.token})
            r = c.getresponse()
            expect(r.status == 200, r.status)
            expect(r.read1(4096).startswith(b"retry: "), "no stream")
            conns.append((c, r))
        oldest = conns[0][1]
        rest = oldest.read()  # ends, and the stream closes
        expect(rest == b"", rest)
    finally:
        for c, _ in conns:
            c.close()


def test_macros():
    r = lead.post("/api/macros", {"title": "Greeting",
                                  "body": "Hi {{customer.first_name}}, about {{ticket.number}}"})
    expect(r.status == 201 and {"id", "title", "body", "created_at", "updated_at"} <= set(r.json),
           r)
    mid = r.json["id"]
    expect_error(lead_t.post("/api/macros", {"title": "Greeting", "body": "x"}), 409, "conflict")
    t = new_ticket()
    out = agent_t.post("/api/macros/%d/render" % mid, {"ticket_id": t["id"]})
    expect(out.status == 200 and out.json == {"body": "Hi Ann, about #%d" % t["number"]}, out)
    expect_error(lead_t.post("/api/macros", {"title": "Bad", "body": "{{nope}}"}), 422,
                 field="body")
    r = lead_t.patch("/api/macros/%d" % mid, {"title": "Warm greeting"})
    expect(r.status == 200 and r.json["title"] == "Warm greeting" and
           r.json["body"].startswith("Hi {{customer.first_name}}"), r)
    found = agent_t.get("/api/macros?q=warm").json["macros"]
    expect([m["id"] for m in found] == [mid], found)
    expect_error(agent_t.post("/api/macros/%d/render" % mid, {"ticket_id": 999999}), 404)
    r = admin_t.delete("/api/macros/%d" % mid)
    expect(r.status == 200 and r.json == {"ok": True}, r)
    expect(all(m["id"] != mid for m in agent_t.get("/api/macros").json["macros"]), "gone")
    expect_error(admin_t.delete("/api/macros/%d" % mid), 404, "not_found")
    expect_error(agent_t.post("/api/macros/%d/render" % mid, {"ticket_id": t["id"]}), 404)


def test_macros_that_set_fields():
    r = lead_t.post("/api/macros", {"title": "Refund sent %d" % len(apitest.REQUEST_IDS),
                                    "body": "Hi {{customer.first_name}}, your refund is on its way.",
                                    "actions": {"status": "pending", "priority": "high",
                                                "assignee": "me", "add_tags": ["Refund"]}})
    expect(r.status == 201 and r.json["actions"] == {"status": "pending", "priority": "high",
                                                     "assignee": "me", "add_tags": ["refund"]}, r)
    mid = r.json["id"]
    t = new_ticket(subject="Macro actions", tags=["billing"])
    out = expect_status(agent_t.post("/api/macros/%d/apply" % mid, {"ticket_id": t["id"]}), 200)
    expect(out["body"] == "Hi Ann, your refund is on its way.", out)
    got = out["ticket"]
    expect(got["status"] == "pending" and got["priority"] == "high" and
           got["assignee_id"] == user_id("agent@example.com") and
           got["tags"] == ["billing", "refund"], got)
    # render never changes the ticket
    t2 = new_ticket(subject="Macro render only")
    expect_status(agent_t.post("/api/macros/%d/render" % mid, {"ticket_id": t2["id"]}), 200)
    expect(agent_t.get("/api/tickets/%d" % t2["id"]).json["status"] == "new", "unchanged")
    # bad actions name their field, and nothing is kept
    for acts, field in (({"status": "lost"}, "actions.status"), ({"priority": 3}, "actions.priority"),
                        ({"assignee": "you"}, "actions.assignee"),
                        ({"assignee": cust_a_t.get("/api/me").json["user"]["id"]}, "actions.assignee"),
                        ({"add_tags": ["no/slash"]}, "actions.add_tags"),
                        ({"colour": "red"}, "actions"), ("pending", "actions")):
        expect_error(lead_t.post("/api/macros", {"title": "Bad %s" % field, "body": "x",
                                                 "actions": acts}), 422, field=field)
    # null removes the actions
    r = expect_status(lead_t.patch("/api/macros/%d" % mid, {"actions": None}), 200)
    expect(r["actions"] == {}, r)
    expect_error(agent_t.post("/api/macros/%d/apply" % mid, {}), 422, field="ticket_id")
    expect_error(agent_t.post("/api/macros/999999/apply", {"ticket_id": t["id"]}), 404)


def test_replies_are_signed():
    r = expect_status(agent_t.put("/api/signature", {"signature": "Best,\n{{agent.first_name}}"}),
                      200)
    expect(r["mine"] == "Best,\n{{agent.first_name}}" and r["shown"] == "Best,\nAgent", r)
    t = new_ticket(subject="Signed reply")
    m = expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                                   {"body": "Your refund is on its way.", "visibility": "public",
                                    "confirm": True}), 201)
    expect(m["body"] == "Your refund is on its way.\n\nBest,\nAgent", m)
    n = expect_status(agent_t.post("/api/tickets/%d/messages" % t["id"],
                                   {"body": "Refund issued", "visibility": "internal"}), 201)
    expect(n["body"] == "Refund issued", n)
    # the customer reads it signed
    seen = [x["body"] for x in cust_a_t.get("/api/tickets/%d" % t["id"]).json["messages"]]
    expect("Your refund is on its way.\n\nBest,\nAgent" in seen, seen)
    expect_error(agent_t.put("/api/signature", {"signature": "{{customer.name}}"}), 422,
                 field="signature")
    expect_error(agent_t.put("/api/signature", {"signature": "x" * 1001}), 422, field="signature")
    expect_error(agent_t.put("/api/signature", {}), 422, field="signature")
    expect_error(agent_t.put("/api/settings/signature", {"signature": "Team"}), 403)
    expect_status(admin_t.put("/api/settings/signature", {"signature": "{{agent.name}}, the team"}),
                  200)
    expect_status(agent_t.put("/api/signature", {"signature": ""}), 200)
    r = expect_status(agent_t.get("/api/signature"), 200)
    expect(r["shown"] == "Agent, the team", r)
    expect_status(admin_t.put("/api/settings/signature", {"signature": ""}), 200)


def test_text_engine():
    a = agent_t.post("/api/analyze", {"text": "I am furious, I will cancel and call my lawyer!"})
    expect(a.status == 200 and a.json["risk"]["kind"] != "none", a)
    c = agent_t.post("/api/coach", {"customer": "I was charged twice!",
                                    "reply": "Calm down, as I already said that's our policy.",
                                    "customer_name": "Ann"})
    expect(c.status == 200 and c.json["score"] < 50, c)
    expect_error(agent_t.post("/api/analyze", {}), 422, "invalid", "text")
    expect_error(agent_t.post("/api/coach", {"customer": "hi"}), 422, "invalid", "reply")


def test_customer_messages_carry_their_tone():
    words = {"I was charged twice, this is awful and I am furious.": "negative",
             "Thank you so much, the new version is wonderful!": "positive",
             "My order number is 4471.": "neutral"}
    for body, tone in words.items():
        t = agent_t.post("/api/tickets", {"subject": "Tone", "body": body,
                                          "customer": {"email": "tone@customer.org"}})
        expect(t.status == 201, t)
        m = detail(t.json["id"])["messages"][0]
        p = m["analysis"]["polarity"]
        # the server words the polarity with one threshold, +-0.25
        expect(m["tone"] == ("negative" if p <= -0.25 else "positive" if p >= 0.25 else
                             "neutral"), "tone of %r at polarity %r: %r" % (body, p, m["tone"]))
        expect(m["tone"] == tone, "%r reads %r: %r" % (body, tone, m))
        # a staff reply has no reading and so no tone
        r = agent_t.post("/api/tickets/%d/messages" % t.json["id"], {"body": "On it."})
        expect(r.status == 201 and r.json["analysis"] is None and r.json["tone"] is None, r)
    # customers see neither the reading nor its tone
    tid = cust_a.post("/api/tickets", {"subject": "Tone", "body": "This is awful."}).json["id"]
    own = cust_a.get("/api/tickets/%d" % tid)
    expect(own.status == 200 and all("tone" not in m for m in own.json["messages"]), own)
    expect(detail(tid)["messages"][0]["tone"] == "negative", "staff see it")


def test_follow_ups_reminders_and_jobs():
    t = new_ticket()
    path = "/api/tickets/%d" % t["id"]
    expect(agent_t.post(path + "/follow-up", {}).status == 201, "schedule a follow-up")
    expect(agent_t.delete(path + "/follow-up").status == 200, "cancel it")
    expect_error(agent_t.post(path + "/reminders", {"at": 1, "note": "call"}), 422, field="at")
    r = agent_t.post(path + "/reminders", {"at": 4102444800000, "note": "Call Ann back"})
    expect(r.status == 201, r)
    expect_error(cust_a.post(path + "/follow-up", {}), 403)
    expect_error(agent_t.get("/api/jobs"), 403)
    expect_error(agent_t.post("/api/tickets/999999/follow-up", {}), 404)
    jobs = lead_t.get("/api/jobs").json["jobs"]
    kinds = [(j["kind"], j["state"]) for j in jobs if j["ticket_id"] == t["id"]]
    expect(("reminder", "due") in kinds and ("follow_up", "cancelled") in kinds, kinds)
    expect_error(lead_t.post("/api/jobs/%d/retry" % jobs[0]["id"]), 404)
    expect_error(lead_t.get("/api/jobs?state=sleeping"), 400, field="state")


def test_updates_feed_shows_changes():
    r = agent_t.get("/api/updates")
    expect(r.status == 200 and isinstance(r.json["now"], int) and
           isinstance(r.json["tickets"], list), r)
    since = r.json["now"]
    t = new_ticket(subject="Live one")
    r = agent_t.get("/api/updates?since=%d" % (since - 1))
    expect(any(x["id"] == t["id"] for x in r.json["tickets"]), r)
    r2 = agent_t.get("/api/updates?since=%d" % r.json["now"])
    expect(all(x["id"] != t["id"] for x in r2.json["tickets"]),
           "nothing new since the last answer: %r" % r2)
    expect_error(agent_t.get("/api/updates?since=yesterday"), 400, "invalid", "since")


# ---- last: these change what comes after ----

def test_login_rate_limit_per_address():
    """20 failures from one address (any accounts, whatever X-Forwarded-For says) limit it."""
    c = Client(PORT)
    limited = None
    for i in range(40 - failed_logins):
        r = c.login("stranger-%d@example.com" % i, "not the password",
                    headers={"X-Forwarded-For": "203.0.113.%d" % i})
        if r.status == 429:
            limited = time.monotonic()
            break
        expect_error(r, 401, "unauthorized")
    expect(limited, "never limited after %d failures from one address" % 40)
    r = Client(PORT).login("lead@example.com", PASSWORD)
    # the first wait is one second: only a very slow machine could see it end here
    if time.monotonic() - limited < 0.9:
        expect_error(r, 429, "rate_limited")


def test_request_ids_unique():
    ids = apitest.REQUEST_IDS
    expect(len(ids) > 500 and len(set(ids)) == len(ids),
           "%d responses, %d distinct request ids" % (len(ids), len(set(ids))))


TESTS = [
    test_health_and_headers,
    test_the_live_stream_tells_each_change_to_those_who_may_hear_it,
    test_a_stream_resumes_from_the_last_event_heard,
    test_a_change_made_by_another_process_is_told_too,
    test_with_mail_off_a_reply_waits_in_the_outbox,
    test_a_customer_who_wrote_by_mail_gets_into_the_portal,
    test_several_tickets_change_at_once_or_none_does,
    test_a_mention_is_told_to_the_one_mentioned_only,
    test_two_records_of_one_customer_are_merged,
    test_files_go_with_a_message,
    test_two_tickets_of_one_customer_are_merged,
    test_several_tickets_merge_into_one_from_the_queue,
    test_presence_is_checked,
    test_a_person_reloading_keeps_one_stream_per_tab_at_most,
    test_login_cookie_me_logout,
    test_secure_cookie_behind_tls_proxy_only_when_trusted,
    test_signup_makes_a_signed_in_customer,
    test_signup_rules,
    test_csrf_on_cookie_writes,
    test_tokens_list_and_revoke_at_once,
    test_token_revoked_by_admin_or_cli_stops_at_once,
    test_tokens_and_users_are_audited_from_the_api_and_the_command_line_alike,
    test_disabled_users_are_out_at_once,
    test_login_rate_limit_per_account,
    test_password_reset_link_works_once,
    test_every_role_against_every_route_with_tokens,
    test_every_role_against_every_route_with_cookies,
    test_customers_see_only_their_own,
    test_vocabulary_names_what_the_api_takes,
    test_tickets_are_found_by_number_and_by_their_customer,
    test_customers_file_tickets_only_for_themselves,
    test_customer_sees_own_profile_and_history,
    test_create_shape_and_detail,
    test_replies_status_rules_and_events,
    test_assign_priority_tags,
    test_views_and_filters,
    test_pagination_newest_under_change,
    test_pagination_oldest_under_change,
    test_search_ranks_and_highlights,
    test_customers_resource_and_history,
    test_bad_tickets_are_refused_and_nothing_stored,
    test_chunked_oversized_body_is_refused,
    test_bad_updates_change_nothing,
    test_bad_people_input_changes_nothing,
    test_wrong_methods_and_unknown_paths,
    test_user_admin_is_audited,
    test_audit_pages,
    test_macros,
    test_macros_that_set_fields,
    test_replies_are_signed,
    test_text_engine,
    test_customer_messages_carry_their_tone,
    test_follow_ups_reminders_and_jobs,
    test_updates_feed_shows_changes,
    test_login_rate_limit_per_address,
    test_request_ids_unique,
]


def save_state():
    with open(STATE, "w") as f:
        json.dump({"acked": apitest.ACKED, "admin_token": admin_t.token}, f)


if __name__ == "__main__":
    sys.exit(apitest.main(globals(), TESTS, setup, after=save_state))
