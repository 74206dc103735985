/* Outbound mail: what the desk sends, queued as jobs and handed to the mailer. */
#include "desk/outbound.h"
#include "desk/account.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/log.h"

#include "core/banned.h"

#define MAIL_ATTEMPTS 8 /* with growing delays: about a day of relay trouble */

static const char *domain_of(const struct at_desk *d)
{
    return d->mailer && d->mailer->domain && d->mailer->domain[0] ? d->mailer->domain
                                                                  : "attune.invalid";
}

void at_desk_mail_ticket_ref(const struct at_desk *d, int64_t ticket_id, char *out, size_t size)
{
    snprintf(out, size, "<ticket-%lld@%s>", (long long)ticket_id, domain_of(d));
}

static void put(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, json_string(v ? v : ""));
}

/* "<tTICKET.NONCE@DOMAIN>", with a new nonce when `nonce` is NULL or "". */
static void message_id(const struct at_desk *d, int64_t ticket_id, const char *nonce, char *out,
                       size_t size)
{
    char rnd[33];

    if (!nonce || !nonce[0]) {
        at_random_hex(rnd, 16);
        nonce = rnd;
    }
    snprintf(out, size, "<%s%lld.%s@%s>", ticket_id ? "t" : "m", (long long)ticket_id, nonce,
             domain_of(d));
}

/* Queues `m` as a mail_out job; `held`: in the outbox, its ids made when it is sent. */
static int queue(struct at_desk *d, const struct at_mail_out *m, bool held, struct at_errinfo *e)
{
    char mid[160] = "", nonce[33] = "";
    json_t *o;
    char *payload;
    int ret;

    if (!m->to || !m->to[0] || !strchr(m->to, '@'))
        return at_errinfo_set(e, AT_EINVAL, "to", "a mail needs an address to go to");
    if (held)
        at_random_hex(nonce, 16); /* its Message-ID is made when it goes, from this */
    else if (!m->message_id || !m->message_id[0])
        message_id(d, m->ticket_id, NULL, mid, sizeof(mid));
    o = json_object();
    put(o, "to", m->to);
    put(o, "to_name", m->to_name);
    put(o, "subject", m->subject);
    put(o, "text", m->text);
    put(o, "html", m->html);
    put(o, "message_id", m->message_id && m->message_id[0] ? m->message_id : mid);
    if (held)
        put(o, "nonce", nonce);
    put(o, "in_reply_to", held ? "" : m->in_reply_to);
    put(o, "references", held ? "" : m->references);
    json_object_set_new(o, "ticket_id", json_integer(m->ticket_id));
    json_object_set_new(o, "automatic", json_boolean(m->automatic));
    payload = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!payload)
        return at_errinfo_set(e, AT_ESTORE, NULL, "could not encode the mail");
    ret = d->store->jobs->job_add(d->store,
                                  &(struct at_job){.kind = "mail_out",
                                                   .ticket_id = m->ticket_id,
                                                   .payload = payload,
                                                   .state = held ? AT_JOB_HELD : AT_JOB_DUE,
                                                   .run_at = at_clock_now(d->clock),
                                                   .max_attempts = MAIL_ATTEMPTS,
                                                   .dedupe = m->dedupe,
                                                   .created_at = at_clock_now(d->clock)},
                                  NULL);
    free(payload);
    if (ret == AT_ECONFLICT)
        return at_errinfo_set(e, ret, NULL, "that mail is queued already");
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed to queue a mail; try again");
    return 0;
}

int at_desk_mail_queue_or_keep(struct at_desk *d, const struct at_mail_out *m, bool *held,
                               struct at_errinfo *e)
{
    *held = !d->mailer;
    if (*held && d->no_outbox)
        return 0;
    return queue(d, m, *held, e);
}

int at_desk_mail_queue(struct at_desk *d, const struct at_mail_out *m, struct at_errinfo *e)
{
    if (!d->mailer)
        return 0;
    return queue(d, m, false, e);
}

int at_desk_mail_status(struct at_desk *d, struct at_arena *arena, struct at_mail_status *out,
                        struct at_errinfo *e)
{
    struct at_job *jobs;
    size_t n;
    int ret;

    out->outbound = d->mailer != NULL;
    out->from = d->mailer && d->mailer->from ? d->mailer->from : "";
    out->held = 0;
    ret = d->store->jobs->job_list(d->store, AT_JOB_HELD, AT_MAIL_HELD_MAX, arena, &jobs, &n);
    if (ret)
        return desk_store_err(e, ret, "reading the outbox");
    for (size_t i = 0; i < n; i++)
        out->held += strcmp(jobs[i].kind, at_job_mail_out.kind) == 0;
    return 0;
}

int at_desk_mail_test(struct at_desk *d, const struct at_actor *who, const char *to,
                      const char *address, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    char mid[160], *clean = NULL;
    bool tried = false;
    int ret;

    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only an admin sends test mail");
    ret = desk_clean_email(&arena, "to", to, &clean, e);
    if (ret == 0 && (!d->mailer || !d->mailer->send))
        ret = at_errinfo_set(e, AT_ESTATE, NULL,
                             "outbound mail is off: set smtp_host and mail_from, then restart");
    if (ret == 0) {
        tried = true;
        message_id(d, 0, NULL, mid, sizeof(mid));
        ret = d->mailer->send(
            d->mailer->ctx,
            &(struct at_mail_out){
                .to = clean,
                .to_name = "",
                .subject = "attune test mail",
                .text = "This is a test mail from attune. If you can read it, outbound mail "
                        "works: replies reach customers by mail.\n",
                .html = "",
                .message_id = mid,
                .in_reply_to = "",
                .references = "",
                .automatic = true},
            e);
    }
    if (tried) /* what the relay said, for whoever looks into mail trouble later */
        at_desk_audit(d, who, "mail.test", at_arena_printf(&arena, "mail:%s", clean),
                      ret == 0 ? "sent" : e->msg, address);
    at_arena_release(&arena);
    return ret;
}

int at_desk_mail_release(struct at_desk *d, int64_t *n, struct at_errinfo *e)
{
    int ret;

    *n = 0;
    if (!d->mailer)
        return 0;
    ret = d->store->jobs->job_release(d->store, at_job_mail_out.kind, at_clock_now(d->clock), n);
    return ret ? desk_store_err(e, ret, "releasing the outbox") : 0;
}

/* A simple HTML rendering of plain text: escaped, paragraphs at blank lines, breaks at newlines. */
static void html_of(struct at_buf *out, const char *text)
{
    at_buf_adds(out,
                "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\"><p>");
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '<':
            at_buf_adds(out, "&lt;");
            break;
        case '>':
            at_buf_adds(out, "&gt;");
            break;
        case '&':
            at_buf_adds(out, "&amp;");
            break;
        case '"':
            at_buf_adds(out, "&quot;");
            break;
        case '\r':
            break;
        case '\n':
            if (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')) {
                at_buf_adds(out, "</p>\n<p>");
                while (p[1] == '\n' || p[1] == '\r')
                    p++;
            } else {
                at_buf_adds(out, "<br>\n");
            }
            break;
        default:
            at_buf_addch(out, *p);
        }
    }
    at_buf_adds(out, "</p></body></html>\n");
}

int at_desk_mail_customer(struct at_desk *d, int64_t ticket_id, const char *text, const char *html,
                          bool automatic, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_buf rendered = AT_BUF_INIT(4u << 20);
    struct at_ticket t;
    struct at_customer c;
    char ref[160];
    bool held = !d->mailer;
    int ret;

    if (held && (automatic || d->no_outbox))
        return 0; /* the system's own mail is not kept for later: it would come too late */
    ret = d->store->tickets->ticket_get(d->store, ticket_id, &arena, &t);
    if (ret == 0)
        ret = d->store->tickets->customer_get(d->store, t.customer_id, &arena, &c);
    if (ret) {
        at_arena_release(&arena);
        return at_errinfo_set(e, ret, NULL, "the ticket to mail about is gone");
    }
    if (!c.email[0] || !strchr(c.email, '@')) {
        at_arena_release(&arena);
        return 0; /* a customer known only by phone or chat: nothing to mail */
    }
    if (!html)
        html_of(&rendered, text);
    at_desk_mail_ticket_ref(d, ticket_id, ref, sizeof(ref));
    ret = queue(d,
                &(struct at_mail_out){
                    .to = c.email,
                    .to_name = c.preferred_name[0] ? c.preferred_name : c.name,
                    .subject = at_arena_printf(&arena, "%s%s [#%lld]",
                                               strncmp(t.subject, "Re: ", 4) == 0 ? "" : "Re: ",
                                               t.subject, (long long)t.number),
                    .text = text,
                    .html = html ? html : (rendered.len ? rendered.data : ""),
                    .in_reply_to = ref,
                    .references = ref,
                    .ticket_id = ticket_id,
                    .automatic = automatic,
                },
                held, e);
    at_buf_release(&rendered);
    at_arena_release(&arena);
    return ret;
}

int at_desk_mail_user(struct at_desk *d, int64_t user_id, int64_t ticket_id, const char *subject,
                      const char *text, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_user u;
    char ref[160] = "";
    int ret;

    if (!d->mailer)
        return 0;
    ret = d->store->people->user_get(d->store, user_id, &arena, &u);
    if (ret) {
        at_arena_release(&arena);
        return at_errinfo_set(e, ret, NULL, "the account to mail is gone");
    }
    if (u.disabled) {
        at_arena_release(&arena);
        return 0;
    }
    if (ticket_id)
        at_desk_mail_ticket_ref(d, ticket_id, ref, sizeof(ref));
    ret = at_desk_mail_queue(d,
                             &(struct at_mail_out){.to = u.email,
                                                   .to_name = u.name,
                                                   .subject = subject,
                                                   .text = text,
                                                   .html = "",
                                                   .in_reply_to = ref,
                                                   .references = ref,
                                                   .ticket_id = ticket_id,
                                                   .automatic = true},
                             e);
    at_arena_release(&arena);
    return ret;
}

static const char *field(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));

    return v ? v : "";
}

int at_desk_mail_send_job(struct at_desk *d, const char *payload, struct at_errinfo *e)
{
    char made[160], ref[160];
    const char *mid, *refs;
    int64_t ticket_id;
    json_t *o;
    int ret;

    if (!d->mailer || !d->mailer->send)
        return at_errinfo_set(e, AT_ESTATE, NULL,
                              "mail is not set up here (smtp_host is empty): the mail waits");
    o = json_loads(payload, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return at_errinfo_set(e, AT_EINVAL, NULL, "the queued mail is not readable JSON");
    }
    ticket_id = json_integer_value(json_object_get(o, "ticket_id"));
    mid = field(o, "message_id");
    refs = field(o, "in_reply_to");
    if (!mid[0]) {
        /* kept in the outbox while mail was off: its ids are made now, in the sender's domain,
           the same on every try */
        message_id(d, ticket_id, field(o, "nonce"), made, sizeof(made));
        mid = made;
        if (ticket_id && !refs[0]) {
            at_desk_mail_ticket_ref(d, ticket_id, ref, sizeof(ref));
            refs = ref;
        }
    }
    ret =
        d->mailer->send(d->mailer->ctx,
                        &(struct at_mail_out){
                            .to = field(o, "to"),
                            .to_name = field(o, "to_name"),
                            .subject = field(o, "subject"),
                            .text = field(o, "text"),
                            .html = field(o, "html"),
                            .message_id = mid,
                            .in_reply_to = refs,
                            .references = field(o, "references")[0] ? field(o, "references") : refs,
                            .ticket_id = ticket_id,
                            .automatic = json_is_true(json_object_get(o, "automatic"))},
                        e);
    json_decref(o);
    return ret;
}

int at_desk_mail_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    /* the customer gets a public reply by mail too, queued with it */
    if (!(c->what & AT_TC_PUBLIC_REPLY) || !c->body)
        return 0;
    return at_desk_mail_customer(d, c->ticket->id, c->body, NULL, false, e);
}

static int run_mail_out(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                        struct at_errinfo *e)
{
    (void)arena;
    return at_desk_mail_send_job(d, j->payload, e);
}

const struct at_job_kind at_job_mail_out = {"mail_out", run_mail_out, false};
