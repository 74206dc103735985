#ifndef AT_DESK_OUTBOUND_H
#define AT_DESK_OUTBOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "desk/desk.h"
#include "desk/jobs.h"

/*
 * Outbound mail. The desk decides what to send and queues it as a job
 * ("mail_out") in the same transaction as the change that caused it, so a
 * reply and its mail are written together or not at all. The job runner hands
 * each mail to the mailer that the command line wired in (the mail layer's
 * SMTP client): the desk knows nothing of SMTP. Sending happens outside any
 * transaction; a mail is marked sent only after the relay accepted it, so a
 * process killed in between sends it again with the same Message-ID (mail
 * clients show it once).
 *
 * Threading: every mail about a ticket carries References to the ticket's
 * root id "<ticket-ID@DOMAIN>" and a subject ending in "[#NUMBER]", so the
 * customer's mail client threads the conversation and an answer finds its
 * ticket again (see at_desk_mail_ticket_ref).
 */

/* One mail, as queued and as handed to the mailer. Strings are UTF-8. */
struct at_mail_out {
    const char *to;          /* address */
    const char *to_name;     /* display name, may be "" */
    const char *subject;     /* unencoded; the mailer encodes headers */
    const char *text;        /* the plain-text body */
    const char *html;        /* the HTML body ("" for plain text only) */
    const char *message_id;  /* "<...@DOMAIN>", made by the desk */
    const char *in_reply_to; /* "" or "<...>" */
    const char *references;  /* "" or space-separated "<...>" ids */
    int64_t ticket_id;       /* 0 when not about a ticket */
    bool automatic;          /* sent by the system, not written by a person: marked
                                "Auto-Submitted: auto-generated" so responders stay quiet */
    const char *dedupe;      /* queue only when no mail with this key is queued (AT_ECONFLICT) */
};

/*
 * What the command line wires in; NULL in the desk means mail is off: what a
 * person wrote to a customer is kept in the outbox (a held mail_out job) and
 * sent once the server starts with mail set up (at_desk_mail_release); the
 * system's own mail (surveys, check-ins, notices to staff) is not queued.
 */
struct at_mailer {
    /* Sends one mail; 0, or an error with `e` saying why (the job retries later). */
    int (*send)(void *ctx, const struct at_mail_out *m, struct at_errinfo *e);
    void *ctx;
    const char *from;      /* "support@example.com" */
    const char *from_name; /* "Example Support" */
    const char *domain;    /* the part after @ in `from`: Message-IDs end in it */
};

/*
 * Queues `m` (its message_id made here when NULL or "") as a mail_out job.
 * Returns 0 and queues nothing when mail is off.
 */
int at_desk_mail_queue(struct at_desk *d, const struct at_mail_out *m, struct at_errinfo *e);

/*
 * As at_desk_mail_queue, but with mail off the mail is kept in the outbox
 * (for mail a person wrote or asked someone to be sent); *held says which.
 */
int at_desk_mail_queue_or_keep(struct at_desk *d, const struct at_mail_out *m, bool *held,
                               struct at_errinfo *e);

/* Whether mail goes out, and how much waits in the outbox for it. */
struct at_mail_status {
    bool outbound;    /* a mailer is wired in */
    const char *from; /* its sender ("support@example.com"), or "" */
    size_t held;      /* mails in the outbox (at most AT_MAIL_HELD_MAX counted) */
};
#define AT_MAIL_HELD_MAX 1000
int at_desk_mail_status(struct at_desk *d, struct at_arena *arena, struct at_mail_status *out,
                        struct at_errinfo *e);

/*
 * Sends a test mail to `to` at once, through the relay (admins), so the
 * relay's answer is seen now: AT_ESTATE with mail off, the relay's refusal
 * as the mailer says it. Audited (`mail.test`).
 */
int at_desk_mail_test(struct at_desk *d, const struct at_actor *who, const char *to,
                      const char *address, struct at_errinfo *e);

/*
 * With mail set up, makes every mail in the outbox due now, oldest first
 * (`*n`: how many); without, does nothing. The server calls it as it starts.
 */
int at_desk_mail_release(struct at_desk *d, int64_t *n, struct at_errinfo *e);

/*
 * Queues a mail about ticket `ticket_id` to its customer: subject
 * "Re: SUBJECT [#NUMBER]", threaded under the ticket, `text` as the body
 * (and a simple HTML rendering of it when `html` is NULL). A customer
 * without an address gets nothing (0). With mail off, a mail a person wrote
 * (not `automatic`) waits in the outbox; its ids are made when it is sent.
 */
int at_desk_mail_customer(struct at_desk *d, int64_t ticket_id, const char *text, const char *html,
                          bool automatic, struct at_errinfo *e);

/* Queues a plain-text mail to a staff account, optionally about a ticket (0: none); it is
   marked automatic. */
int at_desk_mail_user(struct at_desk *d, int64_t user_id, int64_t ticket_id, const char *subject,
                      const char *text, struct at_errinfo *e);

/*
 * The id every mail about a ticket refers to: "<ticket-ID@DOMAIN>" written
 * into `out` (at least 96 bytes). Inbound mail whose In-Reply-To or
 * References hold such an id (of this domain) belongs to ticket ID.
 */
void at_desk_mail_ticket_ref(const struct at_desk *d, int64_t ticket_id, char *out, size_t size);

/* Runs one mail_out job: hands its mail to the mailer. Called by the job runner. */
int at_desk_mail_send_job(struct at_desk *d, const char *payload, struct at_errinfo *e);

/* The kind of job that sends a queued mail: outside any transaction (the relay is outside). */
extern const struct at_job_kind at_job_mail_out;

#endif
