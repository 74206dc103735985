/* Outbound mail: what the desk sends, queued as jobs and handed to the mailer. */
#include "desk/outbound.h"
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

int at_desk_mail_queue(struct at_desk *d, const struct at_mail_out *m, struct at_errinfo *e)
{
    char rnd[33], mid[160];
    json_t *o;
    char *payload;
    int ret;

    if (!d->mailer)
        return 0;
    if (!m->to || !m->to[0] || !strchr(m->to, '@'))
        return at_errinfo_set(e, AT_EINVAL, "to", "a mail needs an address to go to");
    if (!m->message_id || !m->message_id[0]) {
        at_random_hex(rnd, 16);
        snprintf(mid, sizeof(mid), "<%s%lld.%s@%s>", m->ticket_id ? "t" : "m",
                 (long long)m->ticket_id, rnd, domain_of(d));
    }
    o = json_object();
    put(o, "to", m->to);
    put(o, "to_name", m->to_name);
    put(o, "subject", m->subject);
    put(o, "text", m->text);
    put(o, "html", m->html);
    put(o, "message_id", m->message_id && m->message_id[0] ? m->message_id : mid);
    put(o, "in_reply_to", m->in_reply_to);
    put(o, "references", m->references);
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
                                                   .run_at = at_clock_now(d->clock),
                                                   .max_attempts = MAIL_ATTEMPTS,
                                                   .created_at = at_clock_now(d->clock)},
                                  NULL);
    free(payload);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed to queue a mail; try again");
    return 0;
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
    int ret;

    if (!d->mailer)
        return 0;
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
    ret = at_desk_mail_queue(
        d,
        &(struct at_mail_out){
            .to = c.email,
            .to_name = c.preferred_name[0] ? c.preferred_name : c.name,
            .subject = at_arena_printf(&arena, "%s%s [#%lld]",
                                       strncmp(t.subject, "Re: ", 4) == 0 ? "" : "Re: ", t.subject,
                                       (long long)t.number),
            .text = text,
            .html = html ? html : (rendered.len ? rendered.data : ""),
            .in_reply_to = ref,
            .references = ref,
            .ticket_id = ticket_id,
            .automatic = automatic,
        },
        e);
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
    ret = d->mailer->send(
        d->mailer->ctx,
        &(struct at_mail_out){.to = field(o, "to"),
                              .to_name = field(o, "to_name"),
                              .subject = field(o, "subject"),
                              .text = field(o, "text"),
                              .html = field(o, "html"),
                              .message_id = field(o, "message_id"),
                              .in_reply_to = field(o, "in_reply_to"),
                              .references = field(o, "references"),
                              .ticket_id = json_integer_value(json_object_get(o, "ticket_id")),
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
