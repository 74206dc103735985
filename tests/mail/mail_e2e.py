"""Mail end to end, driven by tests/suites/mail.sh:

    python3 tests/mail/mail_e2e.py BIN DIR

A real SMTP server (tests/mail/smtp_sink.py, run with /usr/bin/python3 for
aiosmtpd) on a free port of 127.0.0.1 and `attune serve` with
ATTUNE_SMTP_HOST pointing at it. A customer mails in through `attune
mail-ingest`; an agent replies over the API; the server's job runner delivers
the reply; the customer answers that mail as a mail program would, and the
answer lands on the same ticket and reopens it. Then the relay goes down: the
job fails and waits; the relay comes back: the mail arrives, once.

Then the full path on a second database, with surveys sent at once: two
customers mail in, the agent replies and solves, each receives the threaded
reply and the survey invitation; a follow-up check-in arrives by name; one
answers poorly (a recovery task, and the lead is told by mail), the other
with praise (recognition for the agent).

Prints "ok ..." or "FAIL ..." per check. Every process it starts is written
to DIR/pids so the suite can stop them by pid whatever happens here.
"""
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

BIN, DIR = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "samples")
DOMAIN = "support.example.com"
failures = 0


def ok(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures += 1
    return cond


def free_ports(n):
    """n different free ports (all held open while choosing, so they differ)."""
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def remember(pid):
    with open(os.path.join(DIR, "pids"), "a") as f:
        f.write("%d\n" % pid)


SINK_PORT, API_PORT = free_ports(2)
MAILS = os.path.join(DIR, "sink")
os.makedirs(MAILS, exist_ok=True)
ENV = dict(os.environ)
ENV.update({
    "ATTUNE_DB": os.path.join(DIR, "mail.db"),
    "ATTUNE_PASSWORD_COST": "min",
    "ATTUNE_LOG_LEVEL": "info",
    "ATTUNE_SMTP_HOST": "127.0.0.1",
    "ATTUNE_SMTP_PORT": str(SINK_PORT),
    "ATTUNE_MAIL_FROM": "Example Support <support@%s>" % DOMAIN,
    "ATTUNE_LISTEN": "127.0.0.1:%d" % API_PORT,
})


def attune(*args, stdin=None, env=None):
    return subprocess.run([BIN] + list(args), input=stdin, env=env or ENV, capture_output=True,
                          timeout=60)


def start_sink(where=None):
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "smtp_sink.py"),
                          str(SINK_PORT), where or MAILS], stdout=subprocess.PIPE,
                         stderr=open(os.path.join(DIR, "sink.log"), "a"))
    remember(p.pid)
    line = p.stdout.readline().decode().strip()
    ok(line == "ready", "the SMTP sink listens on 127.0.0.1:%d" % SINK_PORT)
    return p


def stop(p):
    p.terminate()
    try:
        p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def api(method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (API_PORT, path), data=data,
                                 method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def mails(where=None):
    return sorted(n for n in os.listdir(where or MAILS) if n.endswith(".eml"))


def wait_for_mails(count, seconds, where=None):
    end = time.time() + seconds
    while time.time() < end:
        if len(mails(where)) >= count:
            return True
        time.sleep(0.2)
    return len(mails(where)) >= count


def read_mail(name, where=None):
    with open(os.path.join(where or MAILS, name), "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    with open(os.path.join(where or MAILS, name[:-4] + ".rcpt")) as f:
        rcpt = f.read().split("\n")
    return msg, rcpt


def ingest(raw, env=None):
    r = attune("mail-ingest", stdin=raw, env=env)
    return r.returncode, r.stdout.decode().strip(), r.stderr.decode()


def main():
    sink = start_sink()
    r = attune("user", "add", "--email", "agent@example.com", "--name", "Ann Agent", "--role",
               "agent")
    ok(r.returncode == 0, "an agent is added")
    r = attune("user", "add", "--email", "lead@example.com", "--name", "Lee Lead", "--role",
               "lead")
    agent = attune("token", "create", "--email", "agent@example.com").stdout.decode().strip()
    lead = attune("token", "create", "--email", "lead@example.com").stdout.decode().strip()

    server = subprocess.Popen([BIN, "serve"], env=ENV,
                              stderr=open(os.path.join(DIR, "server.log"), "a"))
    remember(server.pid)
    up = False
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/healthz" % API_PORT, timeout=1)
            up = True
            break
        except Exception:  # not listening yet (or something else answers: it fails below)
            if server.poll() is not None:
                break
            time.sleep(0.05)
    if not ok(up, "attune serve answers with mail on"):
        return

    # 1. a customer writes in
    with open(os.path.join(SAMPLES, "01_alternative_qp.eml"), "rb") as f:
        code, out, err = ingest(f.read())
    ok(code == 0 and out.startswith("ticket #1001 opened"),
       "mail-ingest opens ticket #1001 from the customer's mail (%s)" % (out if code == 0 else err))
    status, _, body = api("GET", "/api/tickets/1", agent)
    ticket = json.loads(body) if status == 200 else {}
    ok(status == 200 and ticket.get("ticket", ticket).get("channel") == "email",
       "the ticket is on the email channel")

    # 2. the agent answers and solves it; the runner sends the mail
    status, _, body = api("POST", "/api/tickets/1/messages", agent,
                          {"body": "Hello Ana, please unplug the printer now = safety first. "
                                   "We will send a technician today.", "status": "solved"})
    ok(status == 201, "the agent replies over the API and solves the ticket (%d)" % status)
    ok(wait_for_mails(1, 15), "the job runner delivers the reply to the SMTP relay")
    if not mails():
        return
    reply, rcpt = read_mail(mails()[0])
    ok(rcpt[1:2] == ["ana.lima@example.org"], "the envelope goes to the customer: %s" % rcpt)
    ok("ana.lima@example.org" in reply["To"], "To is the customer: %s" % reply["To"])
    ok("[#1001]" in reply["Subject"], "the subject carries [#1001]: %s" % reply["Subject"])
    ref = "<ticket-1@%s>" % DOMAIN
    ok(ref in (reply["References"] or "") and ref in (reply["In-Reply-To"] or ""),
       "In-Reply-To and References thread it under %s" % ref)
    ok(reply["Message-ID"] and reply["Message-ID"].endswith("@%s>" % DOMAIN),
       "the Message-ID is of our domain: %s" % reply["Message-ID"])
    ok(reply["Auto-Submitted"] is None, "an agent's reply is not marked Auto-Submitted")
    text = reply.get_body(preferencelist=("plain",)).get_content()
    ok("please unplug the printer now = safety first" in text,
       "the text/plain part reads back as the agent wrote it")
    ok(reply.get_body(preferencelist=("html",)) is not None, "an HTML alternative goes along")

    # 3. the customer answers that mail, as a mail program would
    refs = (reply["References"] or "") + " " + reply["Message-ID"]
    answer = ("From: Ana Lima <ana.lima@example.org>\r\n"
              "To: %s\r\n"
              "Subject: Re: %s\r\n"
              "Message-ID: <answer-1@mail.example.org>\r\n"
              "In-Reply-To: %s\r\n"
              "References: %s\r\n"
              "MIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=utf-8\r\n\r\n"
              "It is smoking again, the technician did not come.\r\n\r\n"
              "On Mon, Example Support wrote:\r\n> Hello Ana\r\n") % (
                  reply["From"], reply["Subject"], reply["Message-ID"], refs)
    code, out, err = ingest(answer.encode())
    ok(code == 0 and out.startswith("reply added to ticket #1001"),
       "the customer's answer lands on ticket #1001 (%s)" % (out if code == 0 else err))
    status, _, body = api("GET", "/api/tickets/1", agent)
    doc = json.loads(body) if status == 200 else {}
    t = doc.get("ticket", doc)
    ok(t.get("status") == "open", "the answer reopens the solved ticket (%s)" % t.get("status"))
    code, out, err = ingest(answer.encode())
    ok(code == 0 and out.startswith("already taken in"), "the same answer again is stored once")

    # 4. the relay goes down: the mail waits and is not lost
    stop(sink)
    status, _, body = api("POST", "/api/tickets/1/messages", agent,
                          {"body": "Ana, the technician is on the way and will call you."})
    ok(status == 201, "the agent replies while the relay is down")
    failed_once = False
    for _ in range(100):
        r = attune("jobs", "list")
        rows = [l for l in r.stdout.decode().splitlines() if "mail_out" in l]
        if any(" due " in l and "cannot connect to the SMTP relay" in l for l in rows):
            failed_once = True
            break
        time.sleep(0.1)
    ok(failed_once, "the mail job failed with a clear reason and waits to be retried")
    status, _, body = api("GET", "/api/jobs", lead)
    jobs = json.loads(body).get("jobs", []) if status == 200 else []
    waiting = [j for j in jobs if j.get("kind") == "mail_out" and j.get("state") == "due"]
    ok(len(waiting) == 1 and "127.0.0.1:%d" % SINK_PORT in waiting[0].get("last_error", ""),
       "a lead sees it due again, with the relay named: %s" % (waiting[:1],))
    ok(len(mails()) == 1, "nothing was delivered while the relay was down")

    # 5. the relay comes back: the runner's retry delivers it, once
    sink = start_sink()
    ok(wait_for_mails(2, 75), "after the relay is back the retry delivers the mail")
    time.sleep(2)
    ids = [read_mail(n)[0]["Message-ID"] for n in mails()]
    ok(len(ids) == 2 and len(set(ids)) == 2, "each mail arrived once: %s" % ids)
    if len(ids) == 2:
        second, _ = read_mail(mails()[1])
        ok("technician is on the way" in second.get_body(preferencelist=("plain",)).get_content(),
           "the delivered mail is the reply written while the relay was down")

    # 6. a recipient the relay refuses: the job says so, in the relay's words
    code, out, _ = ingest(b"From: Rae <refuse.me@example.net>\r\nSubject: hello\r\n"
                          b"Message-ID: <refuse-1@example.net>\r\n\r\nPlease call me.\r\n")
    number = out.split("#")[1].split(" ")[0] if "#" in out else "0"
    tid = out.split("(id ")[1].split(")")[0] if "(id " in out else "0"
    status, _, _ = api("POST", "/api/tickets/%s/messages" % tid, agent,
                       {"body": "Hello Rae, we will call you within the hour."})
    refused = False
    for _ in range(100):
        r = attune("jobs", "list")
        if "refused the recipient: 550 5.1.1 [address] no such user" in r.stdout.decode():
            refused = True
            break
        time.sleep(0.1)
    ok(status == 201 and refused,
       "a refused recipient fails the job with the relay's answer, the address hidden "
       "(ticket #%s)" % number)

    # 7. quarantine and attachments over the API
    with open(os.path.join(SAMPLES, "10_autoreply.eml"), "rb") as f:
        code, out, _ = ingest(f.read())
    ok(code == 0 and out.startswith("quarantined"), "an auto-reply is quarantined, exit 0")
    status, _, body = api("GET", "/api/mail/quarantine", lead)
    q = json.loads(body).get("quarantine", []) if status == 200 else []
    ok(status == 200 and q and q[0]["reason"] == "auto-reply: Auto-Submitted"
       and q[0]["from"] == "frank@example.com", "a lead lists the quarantine with the reason")
    status, _, _ = api("GET", "/api/mail/quarantine", agent)
    ok(status == 403, "an agent may not list the quarantine (%d)" % status)
    with open(os.path.join(SAMPLES, "02_attachment_base64.eml"), "rb") as f:
        code, out, _ = ingest(f.read())
    tid = out.split("(id ")[1].split(")")[0] if "(id " in out else "0"
    status, _, body = api("GET", "/api/tickets/%s/attachments" % tid, agent)
    files = json.loads(body).get("attachments", []) if status == 200 else []
    ok(len(files) == 1 and files[0]["filename"] == "error shot.png" and files[0]["size"] == 776,
       "the ticket lists its attachment")
    if files:
        status, headers, data = api("GET", "/api/attachments/%d" % files[0]["id"], agent)
        ok(status == 200 and len(data) == 776 and data.endswith(b"\x89PNG\r\n\x1a\n")
           and headers.get("Content-Type") == "image/png"
           and headers.get("X-Content-Type-Options") == "nosniff"
           and headers.get("Content-Disposition", "").startswith("attachment;"),
           "the attachment downloads as an attachment, nosniff")

    server.terminate()
    ok(server.wait(timeout=20) == 0, "attune serve stops cleanly")
    stop(sink)
    r = attune("config")
    ok(b"smtp_password = \n" in r.stdout or b"smtp_password = ********" in r.stdout,
       "attune config prints the SMTP settings")
    env = dict(ENV, ATTUNE_SMTP_PASSWORD="hunter2-secret")
    r = subprocess.run([BIN, "config"], env=env, capture_output=True)
    ok(b"hunter2" not in r.stdout and b"smtp_password = ********" in r.stdout,
       "attune config masks the SMTP password")


def start_server(env):
    server = subprocess.Popen([BIN, "serve"], env=env,
                              stderr=open(os.path.join(DIR, "server.log"), "a"))
    remember(server.pid)
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/healthz" % API_PORT, timeout=1)
            return server
        except Exception:  # not listening yet
            if server.poll() is not None:
                break
            time.sleep(0.05)
    return server if server.poll() is None else None


def mail_with(where, needle, to, seconds=20):
    """The first mail in `where` to `to` whose text holds `needle`, waiting for it."""
    end = time.time() + seconds
    while time.time() < end:
        for name in mails(where):
            msg, rcpt = read_mail(name, where)
            body = msg.get_body(preferencelist=("plain",))
            if to in rcpt[1:] and body is not None and needle in body.get_content():
                return msg
        time.sleep(0.2)
    return None


def full_path():
    """customer mails in -> agent replies -> customer receives a threaded reply -> solved ->
    survey and follow-up sent -> customer answers -> recovery task or recognition."""
    where = os.path.join(DIR, "sink-full")
    os.makedirs(where, exist_ok=True)
    env = dict(ENV, ATTUNE_DB=os.path.join(DIR, "full.db"), ATTUNE_SURVEY_DELAY_MINUTES="0",
               ATTUNE_PUBLIC_URL="http://127.0.0.1:%d" % API_PORT)
    for who, name, role in (("agent@example.com", "Ann Agent", "agent"),
                            ("lead@example.com", "Lee Lead", "lead")):
        attune("user", "add", "--email", who, "--name", name, "--role", role, env=env)
    agent = attune("token", "create", "--email", "agent@example.com", env=env).stdout.decode().strip()
    lead = attune("token", "create", "--email", "lead@example.com", env=env).stdout.decode().strip()
    sink = start_sink(where)
    server = start_server(env)
    if not ok(server is not None, "the full path: attune serve answers with surveys after solve"):
        stop(sink)
        return
    status, _, body = api("GET", "/api/me", agent)
    me = json.loads(body).get("user", json.loads(body)) if status == 200 else {}

    def conversation(sender, name, number, complaint, reply):
        raw = ("From: %s <%s>\r\nTo: support@%s\r\nSubject: %s\r\n"
               "Message-ID: <first-%d@mail.example.org>\r\n\r\n%s\r\n") % (
                   name, sender, DOMAIN, complaint[:40], number, complaint)
        code, out, _ = ingest(raw.encode(), env=env)
        tid = out.split("(id ")[1].split(")")[0] if "(id " in out else "0"
        ok(code == 0 and out.startswith("ticket #%d opened" % number),
           "%s mails in: ticket #%d (%s)" % (name, number, out))
        api("PATCH", "/api/tickets/%s" % tid, agent, {"assignee_id": me.get("id")})
        status, _, _ = api("POST", "/api/tickets/%s/messages" % tid, agent,
                           {"body": reply, "status": "solved"})
        ok(status == 201, "the agent replies and solves #%d" % number)
        got = mail_with(where, reply[:30], sender)
        ok(got is not None and "[#%d]" % number in got["Subject"]
           and "<ticket-%s@%s>" % (tid, DOMAIN) in (got["References"] or ""),
           "%s receives the reply, threaded under #%d" % (name, number))
        invite = mail_with(where, "/survey/", sender)
        ok(invite is not None and invite["Auto-Submitted"] == "auto-generated",
           "the survey invitation reaches %s, marked as sent by the system" % name)
        text = invite.get_body(preferencelist=("plain",)).get_content() if invite else ""
        token = text.split("/survey/")[1][:64] if "/survey/" in text else ""
        return tid, token

    # a poor answer: a recovery task for the lead, and the lead hears of it by mail
    tid, token = conversation("ana.lima@example.org", "Ana Lima", 1001,
                              "My order never arrived and nobody answers me.",
                              "Hello Ana, your order was sent again today by express.")
    status, _, _ = api("POST", "/api/tickets/%s/follow-up" % tid, agent,
                       {"at": int(time.time() * 1000) + 1500})
    check_in = mail_with(where, "check in", "ana.lima@example.org")
    ok(status == 201 and check_in is not None and "Ana" in
       check_in.get_body(preferencelist=("plain",)).get_content(),
       "the follow-up check-in reaches Ana by name")
    status, _, body = api("GET", "/api/surveys/" + token, None)
    form = json.loads(body) if status == 200 else {}
    ok(status == 200 and form.get("answer") is None,
       "the link opens the survey without a sign-in and records nothing")
    status, _, _ = api("POST", "/api/surveys/" + token, None,
                       {"csat": 1, "understood": 1, "effort": 6,
                        "comment": "Nobody listened to me, it was a waste of time."})
    ok(status == 200, "Ana answers: poor (%d)" % status)
    status, _, body = api("GET", "/api/recovery", lead)
    tasks = json.loads(body).get("tasks", []) if status == 200 else []
    ok(any(str(t.get("ticket_id")) == tid for t in tasks), "a recovery task opens for the lead")
    ok(mail_with(where, "#1001", "lead@example.com") is not None, "the lead is told by mail")

    # praise: recognition for the agent
    tid, token = conversation("bo.berg@example.org", "Bo Berg", 1002,
                              "The invoice shows the wrong address.",
                              "Hi Bo, I corrected the address and attached the new invoice.")
    status, _, _ = api("POST", "/api/surveys/" + token, None,
                       {"csat": 5, "understood": 5, "effort": 7,
                        "comment": "Ann was wonderful and so kind, thank you!"})
    ok(status == 200, "Bo answers: delighted (%d)" % status)
    status, _, body = api("GET", "/api/recognition?agent_id=%s" % me.get("id"), agent)
    praise = json.loads(body).get("recognition", []) if status == 200 else []
    ok(any("wonderful" in r.get("comment", "") for r in praise),
       "the praise is kept as recognition for the agent")
    server.terminate()
    ok(server.wait(timeout=20) == 0, "the full path: attune serve stops cleanly")
    stop(sink)


def outbox():
    """mail off: a reply waits in the outbox and says so; the server started with mail set up
    sends it, threaded under its ticket."""
    where = os.path.join(DIR, "sink-outbox")
    os.makedirs(where, exist_ok=True)
    env = dict(ENV, ATTUNE_DB=os.path.join(DIR, "outbox.db"))
    off = dict(env, ATTUNE_SMTP_HOST="")
    attune("user", "add", "--email", "agent@example.com", "--name", "Ann Agent", "--role", "agent",
           env=env)
    agent = attune("token", "create", "--email", "agent@example.com", env=env).stdout.decode().strip()
    code, out, err = ingest(b"From: Cai Chen <cai.chen@example.org>\r\nTo: help@support.example.com\r\n"
                            b"Subject: Where is my parcel?\r\nMessage-ID: <cai-1@example.org>\r\n\r\n"
                            b"It was due on Monday.\r\n", env=env)
    ok(code == 0 and "#1001" in out, "the outbox: a customer mails in (%s)" % (out or err))
    sink = start_sink(where)
    server = start_server(off)
    if not ok(server is not None, "the outbox: attune serve answers with mail off"):
        stop(sink)
        return
    status, _, body = api("GET", "/api/mail/status", agent)
    ok(status == 200 and json.loads(body) == {"outbound": False, "from": None, "held": 0},
       "mail off is said: %s" % body)
    status, _, _ = api("POST", "/api/tickets/1/messages", agent,
                       {"body": "Hello Cai, your parcel left our warehouse today.", "confirm": True})
    ok(status == 201, "the agent replies while mail is off (%d)" % status)
    status, _, body = api("GET", "/api/mail/status", agent)
    ok(status == 200 and json.loads(body)["held"] == 1, "the reply waits in the outbox: %s" % body)
    time.sleep(2)
    ok(not mails(where), "nothing is sent while mail is off")
    server.terminate()
    server.wait(timeout=20)
    server = start_server(env)
    if not ok(server is not None, "the outbox: attune serve answers with mail set up"):
        stop(sink)
        return
    attune("user", "add", "--email", "admin@example.com", "--name", "Ada Admin", "--role", "admin",
           env=env)
    admin = attune("token", "create", "--email", "admin@example.com", env=env).stdout.decode().strip()
    status, _, body = api("POST", "/api/mail/test", admin, {"to": "ops@example.org"})
    ok(status == 200, "an admin's test mail goes through the relay (%d %s)" % (status, body))
    ok(mail_with(where, "If you can read it, outbound mail works", "ops@example.org") is not None,
       "the test mail arrives")
    msg = mail_with(where, "your parcel left our warehouse", "cai.chen@example.org")
    ok(msg is not None, "started with mail set up, the server sends what waited")
    if msg is not None:
        ref = "<ticket-1@%s>" % DOMAIN
        ok(ref in (msg["In-Reply-To"] or "") and ref in (msg["References"] or "")
           and (msg["Message-ID"] or "").endswith("@%s>" % DOMAIN),
           "it goes threaded under its ticket, with ids of our domain: %s %s" % (
               msg["Message-ID"], msg["In-Reply-To"]))
    status, _, body = api("GET", "/api/mail/status", agent)
    ok(status == 200 and json.loads(body)["held"] == 0 and json.loads(body)["outbound"],
       "the outbox is empty: %s" % body)
    server.terminate()
    ok(server.wait(timeout=20) == 0, "the outbox: attune serve stops cleanly")
    stop(sink)


try:
    main()
    full_path()
    outbox()
except Exception as exc:  # a crash here is a failed check, not a silent pass
    ok(False, "the mail suite stopped: %r" % (exc,))
sys.exit(1 if failures else 0)
