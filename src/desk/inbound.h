#ifndef AT_DESK_INBOUND_H
#define AT_DESK_INBOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "desk/desk.h"

/*
 * Inbound mail. The mail layer parses a message (MIME, charsets, encodings)
 * into a struct at_inbound_mail; the desk decides where it lands:
 *
 * - a reply on an existing ticket, when In-Reply-To or References hold the
 *   ticket's id "<ticket-ID@DOMAIN>" or the subject holds "[#NUMBER]", and the
 *   sender is that ticket's customer; it is added as the customer's message
 *   (which reopens a solved ticket). A sender who is not the ticket's
 *   customer, or a ticket that is closed, gets a new ticket instead: nobody
 *   writes into someone else's conversation, and nothing is lost.
 * - a new ticket (channel "email") for the customer with the From address,
 *   found or created with the display name;
 * - the quarantine, with the reason and the raw bytes, for mail that must not
 *   become a ticket: auto-replies (Auto-Submitted other than "no",
 *   X-Autoreply, X-Autorespond), Precedence bulk, junk or list, bounces
 *   (empty or MAILER-DAEMON Return-Path or From, multipart/report), our own
 *   mail coming back (a Message-ID of DOMAIN from someone who is not a
 *   customer), mail without a From address or without any body.
 *
 * Every mail is recorded by its Message-ID (or the SHA-256 of its bytes when
 * it has none), so a mail delivered twice is stored once. The ticket or
 * message, the attachments and the record are written in one transaction.
 */

/* A file that came with a mail. Borrowed. */
struct at_inbound_file {
    const char *filename;     /* never NULL; "attachment" when the mail named none */
    const char *content_type; /* "image/png" */
    const void *data;
    size_t size;
};

/* A parsed mail. Strings are UTF-8 and never NULL ("" when absent); all borrowed. */
struct at_inbound_mail {
    const char *message_id;  /* "<...>", or "" */
    const char *from_addr;   /* the address of From */
    const char *from_name;   /* its display name */
    bool has_return_path;    /* a Return-Path header was there */
    const char *return_path; /* its address; "" for "<>" */
    const char *subject;
    const char *in_reply_to;
    const char *references;
    const char *auto_submitted; /* the Auto-Submitted header */
    const char *precedence;     /* the Precedence header */
    bool autoreply_header;      /* X-Autoreply or X-Autorespond is present */
    bool report;                /* the mail is a multipart/report (a delivery report) */
    const char *text;           /* the readable body */
    const struct at_inbound_file *files;
    size_t nfiles;
    const void *raw; /* the mail as it arrived (kept for the quarantine) */
    size_t raw_len;
    size_t size; /* bytes as it arrived (more than raw_len when cut at the size cap) */
};

enum at_inbound_outcome {
    AT_INBOUND_TICKET = 0, /* a new ticket */
    AT_INBOUND_REPLY,      /* a message on an existing ticket */
    AT_INBOUND_QUARANTINE, /* kept in the quarantine with a reason */
    AT_INBOUND_DUPLICATE,  /* this Message-ID was taken in before; nothing written */
};

const char *at_inbound_outcome_name(enum at_inbound_outcome o);

struct at_inbound_result {
    enum at_inbound_outcome outcome;
    int64_t ticket_id; /* ticket or reply (and a duplicate of one) */
    int64_t ticket_number;
    int64_t message_id;    /* the ticket message it became */
    int64_t quarantine_id; /* quarantine */
    size_t nfiles;         /* attachments stored */
    char reason[200];      /* quarantine: why; reply turned new ticket: why */
};

/*
 * Takes in one parsed mail as described above. `domain` is the part after @
 * of mail_from ("" when mail_from is not set: then only "[#NUMBER]" in the
 * subject finds a ticket). Returns 0 with `out` filled (quarantine is a
 * success: the mail is kept), or AT_ESTORE with `e` set (nothing written; the
 * caller should let the sender's server try again).
 */
int at_desk_mail_inbound(struct at_desk *d, const char *domain, const struct at_inbound_mail *m,
                         struct at_inbound_result *out, struct at_errinfo *e);

/*
 * Puts a mail into the quarantine with `reason`: for mail the mail layer could
 * not read (unparseable, too large). Fields of `m` that are known may be set;
 * `raw`, `raw_len` and `size` must be. Recorded by Message-ID like any mail
 * when it has one. Returns 0 or AT_ESTORE.
 */
int at_desk_mail_quarantine(struct at_desk *d, const char *reason, const struct at_inbound_mail *m,
                            struct at_inbound_result *out, struct at_errinfo *e);

/*
 * The attachments of ticket `ticket_id`, if `who` may see the ticket
 * (staff, or its customer), oldest first, without their bytes.
 */
int at_desk_attachment_list(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                            struct at_arena *arena, struct at_attachment **out, size_t *n,
                            struct at_errinfo *e);

/* One attachment with its bytes, if `who` may see its ticket (AT_ENOTFOUND otherwise). */
int at_desk_attachment_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                           struct at_arena *arena, struct at_attachment *out, struct at_errinfo *e);

/* Quarantined mail, newest first, ids before `before_id` (0: from the newest); leads and admins. */
int at_desk_quarantine_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                            size_t limit, struct at_arena *arena, struct at_quarantine **out,
                            size_t *n, struct at_errinfo *e);

#endif
