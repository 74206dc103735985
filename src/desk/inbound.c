/* Inbound mail: a reply on its ticket, a new ticket, or the quarantine with a reason. */
#include "desk/inbound.h"
#include "desk/desk_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"

#include "core/banned.h"

/* where a body too long for one message is cut; the whole text goes along as a file */
#define BODY_CUT (60 * 1024)

const char *at_inbound_outcome_name(enum at_inbound_outcome o)
{
    static const char *const names[] = {"ticket", "reply", "quarantine", "duplicate"};

    return (unsigned)o < 4 ? names[o] : "unknown";
}

static int store_fail(struct at_errinfo *e, int ret, const char *what)
{
    if (ret == 0)
        return 0;
    return at_errinfo_set(e, AT_ESTORE, NULL, "the database failed while %s; try again", what);
}

/* The key a mail is recorded by: its Message-ID, or the hash of its bytes. */
static const char *mail_key(struct at_arena *arena, const struct at_inbound_mail *m)
{
    char hex[65];

    if (m->message_id && m->message_id[0])
        return m->message_id;
    at_sha256_hex(m->raw, m->raw_len, hex);
    return at_arena_printf(arena, "sha256:%s", hex);
}

static bool token_is(const char *header, const char *word)
{
    struct at_str s = at_str_trim(at_str_from(header));
    size_t n = 0;

    while (n < s.n && s.p[n] != ';' && !isspace((unsigned char)s.p[n]))
        n++;
    return at_str_eqc_nocase((struct at_str){s.p, n}, word);
}

static bool local_part_is(const char *addr, const char *name)
{
    const char *at = strchr(addr, '@');
    size_t n = at ? (size_t)(at - addr) : strlen(addr);

    return at_str_eqc_nocase((struct at_str){addr, n}, name);
}

/* True when Message-ID `id` ("<...@domain>") was made by us. */
static bool ours(const char *id, const char *domain)
{
    size_t n = strlen(id), dn = strlen(domain);

    return dn && n > dn + 2 && id[n - 1] == '>' && id[n - dn - 2] == '@' &&
           strncasecmp(id + n - dn - 1, domain, dn) == 0;
}

/* Why `m` must not become a ticket, or NULL when it may. */
static const char *refusal(struct at_desk *d, struct at_arena *arena, const char *domain,
                           const struct at_inbound_mail *m)
{
    struct at_customer c;

    if (!m->from_addr[0])
        return "no From address";
    if (m->report)
        return "bounce: a delivery report (multipart/report)";
    if (local_part_is(m->from_addr, "mailer-daemon"))
        return "bounce: from MAILER-DAEMON";
    if (m->has_return_path && !m->return_path[0])
        return "bounce: empty Return-Path";
    if (m->has_return_path && local_part_is(m->return_path, "mailer-daemon"))
        return "bounce: Return-Path MAILER-DAEMON";
    if (m->auto_submitted[0] && !token_is(m->auto_submitted, "no"))
        return "auto-reply: Auto-Submitted";
    if (m->autoreply_header)
        return "auto-reply: X-Autoreply or X-Autorespond";
    if (token_is(m->precedence, "bulk") || token_is(m->precedence, "junk") ||
        token_is(m->precedence, "list"))
        return "list or bulk mail: Precedence";
    if (!at_desk_email_valid(m->from_addr))
        return "the From address is not a valid address";
    if (ours(m->message_id, domain) &&
        d->store->tickets->customer_by_email(d->store, m->from_addr, arena, &c) != 0)
        return "loop: our own mail came back (a Message-ID of this desk)";
    if (!at_str_trim(at_str_from(m->text)).n && m->nfiles == 0)
        return "no body: neither text nor attachments";
    return NULL;
}

/* The ticket id of the first "<ticket-ID@DOMAIN>" in `refs`, or 0. */
static int64_t ticket_from_refs(const char *refs, const char *domain)
{
    size_t dn = strlen(domain);

    if (!dn)
        return 0;
    for (const char *p = strstr(refs, "<ticket-"); p; p = strstr(p + 1, "<ticket-")) {
        const char *q = p + 8;
        int64_t id = 0;

        while (isdigit((unsigned char)*q) && id < (INT64_MAX - 9) / 10)
            id = id * 10 + (*q++ - '0');
        if (id > 0 && *q == '@' && strncasecmp(q + 1, domain, dn) == 0 && q[1 + dn] == '>')
            return id;
    }
    return 0;
}

/* The number of the last "[#NUMBER]" in `subject`, or 0. */
static int64_t number_from_subject(const char *subject)
{
    int64_t found = 0;

    for (const char *p = strstr(subject, "[#"); p; p = strstr(p + 1, "[#")) {
        const char *q = p + 2;
        int64_t n = 0;

        while (isdigit((unsigned char)*q) && n < (INT64_MAX - 9) / 10)
            n = n * 10 + (*q++ - '0');
        if (n > 0 && *q == ']')
            found = n;
    }
    return found;
}

/* The ticket a mail answers, read into `t`; false when it answers none we know. */
static bool find_ticket(struct at_desk *d, struct at_arena *arena, const char *domain,
                        const struct at_inbound_mail *m, struct at_ticket *t)
{
    struct at_store *st = d->store;
    int64_t id = ticket_from_refs(m->in_reply_to, domain);
    int64_t number;

    if (!id)
        id = ticket_from_refs(m->references, domain);
    if (id && st->tickets->ticket_get(st, id, arena, t) == 0)
        return true;
    number = number_from_subject(m->subject);
    return number && st->tickets->ticket_by_number(st, number, arena, t) == 0;
}

/* `s` cut to at most `max` bytes at a character boundary. */
static char *utf8_cut(struct at_arena *arena, const char *s, size_t max)
{
    return at_arena_strndup(arena, s, at_utf8_cut(s, strlen(s), max));
}

static int record(struct at_desk *d, const char *key, const char *outcome,
                  const struct at_inbound_result *r)
{
    struct at_mail_inbound rec = {.message_id = key,
                                  .outcome = outcome,
                                  .ticket_id = r->ticket_id,
                                  .message_ref = r->message_id,
                                  .quarantine_id = r->quarantine_id,
                                  .created_at = desk_now(d)};

    return d->store->mail->mail_inbound_add(d->store, &rec, NULL);
}

static int add_file(struct at_desk *d, const struct at_inbound_result *r, const char *filename,
                    const char *content_type, const void *data, size_t size)
{
    struct at_attachment a = {.ticket_id = r->ticket_id,
                              .message_id = r->message_id,
                              .filename = filename,
                              .content_type = content_type,
                              .size = (int64_t)size,
                              .data = data,
                              .created_at = desk_now(d)};
    char hex[65];

    at_sha256_hex(data, size, hex);
    a.sha256 = hex;
    return d->store->mail->attachment_add(d->store, &a, NULL);
}

/* The message body: the text, cut when too long for one message (the whole text goes as a file). */
static const char *message_body(struct at_arena *arena, const struct at_inbound_mail *m, bool *cut)
{
    struct at_str text = at_str_trim(at_str_from(m->text));
    char *names;

    *cut = false;
    if (text.n > AT_BODY_MAX) {
        *cut = true;
        return at_arena_printf(arena,
                               "%s\n\n[The mail was longer than one message holds; its whole "
                               "text is attached as message.txt.]",
                               utf8_cut(arena, m->text, BODY_CUT));
    }
    if (text.n)
        return at_arena_strs(arena, text);
    names = at_arena_strdup(arena, "");
    for (size_t i = 0; i < m->nfiles; i++)
        names = at_arena_printf(arena, "%s%s%s", names, i ? ", " : "", m->files[i].filename);
    return at_arena_printf(arena, "(no text; attached: %s)", utf8_cut(arena, names, 4000));
}

static int quarantine(struct at_desk *d, const char *key, const char *reason,
                      const struct at_inbound_mail *m, struct at_inbound_result *out)
{
    struct at_quarantine q = {.reason = reason,
                              .from_addr = m->from_addr ? m->from_addr : "",
                              .subject = m->subject ? m->subject : "",
                              .message_id = m->message_id ? m->message_id : "",
                              .size = (int64_t)m->size,
                              .raw = m->raw,
                              .raw_len = m->raw_len,
                              .created_at = desk_now(d)};
    int ret = d->store->mail->quarantine_add(d->store, &q, &out->quarantine_id);

    out->outcome = AT_INBOUND_QUARANTINE;
    snprintf(out->reason, sizeof(out->reason), "%s", reason);
    if (ret == 0 && key)
        ret = record(d, key, "quarantine", out);
    return ret;
}

/* The customer as the actor of their reply: their account when they have one. */
static void customer_actor(struct at_desk *d, struct at_arena *arena, const struct at_customer *c,
                           struct at_actor *who)
{
    struct at_user u;

    *who = (struct at_actor){.role = AT_ROLE_CUSTOMER, .customer_id = c->id, .name = c->name};
    if (d->store->people->user_by_email(d->store, c->email, arena, &u) == 0 &&
        u.role == AT_ROLE_CUSTOMER && u.customer_id == c->id && !u.disabled)
        who->user_id = u.id;
}

/* Adds the mail as the customer's message on `t`; false (with `why`) when it must be a new ticket.
 */
static int add_reply(struct at_desk *d, struct at_arena *arena, const struct at_ticket *t,
                     const struct at_inbound_mail *m, const char *body,
                     struct at_inbound_result *out, bool *placed, struct at_errinfo *e)
{
    struct at_customer c;
    struct at_actor who;
    struct at_message msg;
    struct at_ticket into;
    int ret;

    *placed = false;
    /* a ticket merged into another: the answer goes where the conversation went (once) */
    if (t->merged_into &&
        d->store->tickets->ticket_get(d->store, t->merged_into, arena, &into) == 0)
        t = &into;
    ret = d->store->tickets->customer_get(d->store, t->customer_id, arena, &c);
    if (ret)
        return store_fail(e, ret, "reading the ticket's customer");
    if (strcasecmp(c.email, m->from_addr) != 0) {
        snprintf(out->reason, sizeof(out->reason), "the sender is not the customer of ticket #%lld",
                 (long long)t->number);
        return 0;
    }
    if (t->status == AT_STATUS_CLOSED) {
        snprintf(out->reason, sizeof(out->reason), "ticket #%lld is closed", (long long)t->number);
        return 0;
    }
    customer_actor(d, arena, &c, &who);
    ret = at_desk_message_add(d, &who, t->id, body, AT_VIS_PUBLIC, NULL, arena, &msg, e);
    if (ret)
        return ret;
    *placed = true;
    out->outcome = AT_INBOUND_REPLY;
    out->ticket_id = t->id;
    out->ticket_number = t->number;
    out->message_id = msg.id;
    return 0;
}

static int add_ticket(struct at_desk *d, struct at_arena *arena, const struct at_inbound_mail *m,
                      const char *body, struct at_inbound_result *out, struct at_errinfo *e)
{
    struct at_str subject = at_str_trim(at_str_from(m->subject));
    struct at_new_ticket nt = {.body = body,
                               .customer_email = m->from_addr,
                               .customer_name = utf8_cut(arena, m->from_name, AT_NAME_MAX),
                               .channel = "email"};
    struct at_ticket t;
    struct at_message *msgs;
    size_t n;
    int ret;

    nt.subject =
        subject.n ? utf8_cut(arena, at_arena_strs(arena, subject), AT_SUBJECT_MAX) : "(no subject)";
    ret = at_desk_ticket_create(d, &at_actor_system, &nt, arena, &t, e);
    if (ret)
        return ret;
    ret = d->store->tickets->message_list(d->store, t.id, true, arena, &msgs, &n);
    if (ret == 0 && n == 0)
        ret = AT_ESTORE;
    if (ret)
        return store_fail(e, ret, "reading the new ticket");
    out->outcome = AT_INBOUND_TICKET;
    out->ticket_id = t.id;
    out->ticket_number = t.number;
    out->message_id = msgs[0].id;
    return 0;
}

/* Everything inside the transaction; a quarantine or a ticket, a reply, files and the record. */
static int take_in(struct at_desk *d, struct at_arena *arena, const char *domain, const char *key,
                   const struct at_inbound_mail *m, struct at_inbound_result *out,
                   struct at_errinfo *e)
{
    const char *why = refusal(d, arena, domain, m);
    struct at_ticket t;
    const char *body;
    bool cut, placed = false;
    int ret;

    if (why)
        return store_fail(e, quarantine(d, key, why, m, out), "quarantining the mail");
    body = message_body(arena, m, &cut);
    if (find_ticket(d, arena, domain, m, &t)) {
        ret = add_reply(d, arena, &t, m, body, out, &placed, e);
        if (ret)
            return ret;
    }
    if (!placed) {
        ret = add_ticket(d, arena, m, body, out, e);
        if (ret)
            return ret;
    }
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct at_inbound_file *f = &m->files[i];

        ret = add_file(d, out, f->filename, f->content_type, f->data, f->size);
        if (ret)
            return store_fail(e, ret, "storing an attachment");
        out->nfiles++;
    }
    if (cut) {
        ret =
            add_file(d, out, "message.txt", "text/plain; charset=utf-8", m->text, strlen(m->text));
        if (ret)
            return store_fail(e, ret, "storing the whole text");
        out->nfiles++;
    }
    ret = record(d, key, out->outcome == AT_INBOUND_TICKET ? "ticket" : "reply", out);
    return ret == AT_ECONFLICT ? ret : store_fail(e, ret, "recording the mail");
}

/* What a duplicate answers: where the first delivery went. */
static int duplicate(struct at_desk *d, struct at_arena *arena, const char *key,
                     struct at_inbound_result *out, struct at_errinfo *e)
{
    struct at_mail_inbound rec;
    struct at_ticket t;
    int ret = d->store->mail->mail_inbound_get(d->store, key, arena, &rec);

    if (ret)
        return ret;
    memset(out, 0, sizeof(*out));
    out->outcome = AT_INBOUND_DUPLICATE;
    out->ticket_id = rec.ticket_id;
    out->message_id = rec.message_ref;
    out->quarantine_id = rec.quarantine_id;
    if (rec.ticket_id && d->store->tickets->ticket_get(d->store, rec.ticket_id, arena, &t) == 0)
        out->ticket_number = t.number;
    snprintf(out->reason, sizeof(out->reason), "taken in before as %s", rec.outcome);
    (void)e;
    return 0;
}

int at_desk_mail_inbound(struct at_desk *d, const char *domain, const struct at_inbound_mail *m,
                         struct at_inbound_result *out, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_errinfo inner = {0};
    const char *key;
    int ret;

    memset(out, 0, sizeof(*out));
    domain = domain ? domain : "";
    key = mail_key(&arena, m);
    ret = duplicate(d, &arena, key, out, e);
    if (ret != AT_ENOTFOUND) {
        ret = store_fail(e, ret, "looking for the Message-ID");
        goto out;
    }
    ret = at_desk_begin(d);
    if (ret) {
        ret = store_fail(e, ret, "taking in the mail");
        goto out;
    }
    ret = take_in(d, &arena, domain, key, m, out, &inner);
    if (ret == 0) {
        ret = at_desk_commit(d);
        if (ret == AT_ECONFLICT)
            ret = AT_ESTORE;
        ret = store_fail(e, ret, "taking in the mail");
        goto out;
    }
    at_desk_rollback(d);
    if (ret == AT_ECONFLICT) {
        /* the same mail was taken in by another delivery meanwhile */
        ret = duplicate(d, &arena, key, out, e);
        ret = store_fail(e, ret, "looking for the Message-ID");
        goto out;
    }
    if (ret == AT_ESTORE) {
        if (e)
            *e = inner;
        goto out;
    }
    /* the desk refused the mail as input (a name or text it cannot take): keep it, with why */
    memset(out, 0, sizeof(*out));
    ret = at_desk_begin(d);
    if (ret == 0) {
        char why[300];

        snprintf(why, sizeof(why), "refused: %s", inner.msg);
        ret = quarantine(d, key, why, m, out);
        if (ret == 0)
            ret = at_desk_commit(d);
        else
            at_desk_rollback(d);
    }
    ret = store_fail(e, ret, "quarantining the mail");
out:
    if (ret == 0)
        at_log_info("mail", "inbound mail: %s ticket=%lld quarantine=%lld files=%zu%s%s",
                    at_inbound_outcome_name(out->outcome), (long long)out->ticket_number,
                    (long long)out->quarantine_id, out->nfiles, out->reason[0] ? " why=" : "",
                    out->reason);
    at_arena_release(&arena);
    return ret;
}

int at_desk_mail_quarantine(struct at_desk *d, const char *reason, const struct at_inbound_mail *m,
                            struct at_inbound_result *out, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    const char *key = mail_key(&arena, m);
    int ret;

    memset(out, 0, sizeof(*out));
    ret = duplicate(d, &arena, key, out, e);
    if (ret == 0)
        goto out;
    if (ret != AT_ENOTFOUND)
        goto fail;
    ret = at_desk_begin(d);
    if (ret == 0) {
        ret = quarantine(d, key, reason, m, out);
        if (ret == 0)
            ret = at_desk_commit(d);
        else
            at_desk_rollback(d);
    }
    if (ret == AT_ECONFLICT)
        ret = duplicate(d, &arena, key, out, e);
fail:
    ret = store_fail(e, ret, "quarantining the mail");
out:
    if (ret == 0)
        at_log_info("mail", "inbound mail: %s quarantine=%lld why=%s",
                    at_inbound_outcome_name(out->outcome), (long long)out->quarantine_id,
                    out->reason);
    at_arena_release(&arena);
    return ret;
}

int at_desk_attachment_list(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                            struct at_arena *arena, struct at_attachment **out, size_t *n,
                            struct at_errinfo *e)
{
    struct at_ticket t;
    int ret = at_desk_ticket_get(d, who, ticket_id, arena, &t, e);

    if (ret)
        return ret;
    ret = d->store->mail->attachment_list(d->store, ticket_id, arena, out, n);
    return store_fail(e, ret, "listing the attachments");
}

int at_desk_attachment_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                           struct at_arena *arena, struct at_attachment *out, struct at_errinfo *e)
{
    struct at_ticket t;
    int ret = d->store->mail->attachment_get(d->store, id, arena, out);

    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no attachment %lld", (long long)id);
    if (ret)
        return store_fail(e, ret, "reading the attachment");
    ret = at_desk_ticket_get(d, who, out->ticket_id, arena, &t, NULL);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no attachment %lld", (long long)id);
    return store_fail(e, ret, "reading the attachment");
}

int at_desk_quarantine_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                            size_t limit, struct at_arena *arena, struct at_quarantine **out,
                            size_t *n, struct at_errinfo *e)
{
    int ret;

    if (who->role != AT_ROLE_LEAD && who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only leads and admins see quarantined mail");
    if (before_id < 0)
        return at_errinfo_set(e, AT_EINVAL, "before", "before must be a quarantine id");
    if (limit == 0 || limit > 200)
        limit = 200;
    ret = d->store->mail->quarantine_list(d->store, before_id, limit, arena, out, n);
    return store_fail(e, ret, "listing the quarantine");
}
