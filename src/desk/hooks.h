#ifndef AT_DESK_HOOKS_H
#define AT_DESK_HOOKS_H

/*
 * What happens after a ticket changes. Every desk action that changes a
 * ticket (opening it, a message, a change of its fields or status) ends with
 * one call of at_desk_ticket_changed(), inside the action's transaction, and
 * the hooks run in the order of the table in hooks.c:
 *
 *   1. follow_up  (jobs.c)       a solve schedules the check-in; the customer
 *                                writing or a reopen cancels it
 *   2. survey     (survey.c)     a solve schedules the satisfaction survey
 *   3. mail       (outbound.c)   a public reply by staff is mailed to the customer
 *   4. sla        (sla_policy.c) the service level clocks, warnings and the
 *                                triage score, so they see the ticket as
 *                                every hook before left it
 *   5. live       (presence.c)   everyone watching hears of the change, once
 *                                the transaction commits
 *
 * A hook that fails rolls the whole action back. A new feature that reacts
 * to ticket changes adds its function here and one line to the table.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "desk/desk.h"

/* What changed, as a bit set. */
enum at_ticket_what {
    AT_TC_CREATED = 1u << 0,          /* opened, with its first message */
    AT_TC_CUSTOMER_MESSAGE = 1u << 1, /* the customer wrote */
    AT_TC_PUBLIC_REPLY = 1u << 2,     /* staff replied publicly */
    AT_TC_NOTE = 1u << 3,             /* staff wrote an internal note */
    AT_TC_FIELDS = 1u << 4,           /* assignee, priority, tags, group or subject; or a priority
                                         staff fixed */
    AT_TC_STATUS = 1u << 5,           /* the status changed */
    AT_TC_SOLVED = 1u << 6,           /* ... to solved */
    AT_TC_REOPENED = 1u << 7,         /* ... from solved to anything but closed */
};

struct at_ticket_changed {
    const struct at_actor *who;
    struct at_ticket *ticket; /* as written to the store; hooks may update it (the sla does) */
    unsigned what;            /* enum at_ticket_what bits; 0: nothing happened, no hook runs */
    const char *analysis; /* the customer's message as the text engine read it (JSON), or NULL */
    const char *body;     /* the text of a public reply, or NULL */
    struct at_arena *arena;
};

typedef int at_ticket_hook(struct at_desk *d, const struct at_ticket_changed *c,
                           struct at_errinfo *e);

/* Runs every hook in order; stops at the first that fails and returns its error. */
int at_desk_ticket_changed(struct at_desk *d, const struct at_ticket_changed *c,
                           struct at_errinfo *e);

/* The name of the i-th hook in the order they run (from 0), or NULL past the last. */
const char *at_desk_ticket_hook_name(size_t i);

/* The hooks, each in the file of the feature it belongs to. */
at_ticket_hook at_desk_follow_up_hook; /* jobs.c */
at_ticket_hook at_desk_survey_hook;    /* survey.c */
at_ticket_hook at_desk_mail_hook;      /* outbound.c */
at_ticket_hook at_desk_mention_hook;   /* mention.c */
at_ticket_hook at_desk_sla_hook;       /* sla_policy.c */
at_ticket_hook at_desk_live_hook;      /* presence.c */

#endif
