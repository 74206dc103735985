#ifndef AT_DESK_H
#define AT_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "live/live.h"
#include "store/store.h"
#include "text/text.h"

/*
 * The desk: the help desk's rules. It calls the store and (later) the text
 * engine and knows nothing of HTTP or SQL. Every action takes the actor who
 * does it, checks what that actor may do, applies the rules, records each
 * change in the ticket's event log, and writes everything in one transaction.
 *
 * Errors: 0 or a negative enum at_err, with `e` (may be NULL) saying what to
 * fix and which field: AT_EINVAL (bad input), AT_ENOTFOUND (no such thing, or
 * not visible to this actor: a customer asking for another's ticket gets
 * AT_ENOTFOUND, never the ticket), AT_EPERM (the role may not), AT_ESTATE (not
 * in this state: closed tickets are final), AT_ECONFLICT (taken), AT_ESTORE.
 * Records filled by desk functions live in `arena`.
 */

struct at_mailer;
struct at_config;

/* How surveys are sent (desk/survey.c). */
struct at_survey_settings {
    bool after_solve;   /* schedule a survey on each solve */
    int64_t delay_ms;   /* after the solve */
    char base_url[512]; /* public_url: links are it + "/survey/" + token; "": none can be written */
};

#define AT_DESK_LIVE_PENDING 16 /* ticket changes one transaction tells one by one */

struct at_desk {
    struct at_store *store;
    const struct at_clock *clock;
    /*
     * The text engine, shared and read-only; NULL: messages are stored without
     * analysis. When set, every customer message is analysed and its analysis
     * stored with it, in the same transaction.
     */
    const struct at_text_engine *text;
    /*
     * Outbound mail (desk/outbound.h); NULL: mail is off, and what people
     * write waits in the outbox, unless `no_outbox` (a history written by the
     * demo: mail that never went is not sent later either).
     */
    const struct at_mailer *mailer;
    bool no_outbox;
    /* SLA clocks warn when less than this percentage of a target is left (0: the default, 25) */
    int sla_warning_percent;
    /* Off in a desk that was not configured (tests, bulk loads): no surveys are scheduled. */
    struct at_survey_settings survey;
    /* The desk's time zone: reports group by its days ("": UTC, as in a desk not configured). */
    char time_zone[64];
    char currency[4];            /* ISO 4217, upper case ("": not configured, "USD" is shown) */
    size_t upload_max;           /* bytes of one file sent with a message (desk/upload.h) */
    char upload_types[512];      /* the types allowed, comma separated */
    int64_t jobs_purged_at;      /* when the job runner last cleared out finished jobs */
    int64_t triage_refreshed_at; /* when it last scored waiting tickets again */
    int tx_depth;                /* nesting of at_desk_begin() */
    bool tx_failed;              /* an inner transaction rolled back: the outer one must too */
    /*
     * The live event stream (live/live.h); NULL: nobody is told. Changes are
     * told once their transaction commits, never before, and never when it
     * rolls back.
     */
    struct at_live *live;
    struct at_live_event live_pending[AT_DESK_LIVE_PENDING]; /* told at the outermost commit */
    size_t live_npending; /* more than fit: one event with ticket_id 0, "read everything" */
};

/* Sets up a desk over an open store; `clock` NULL means the system clock. */
void at_desk_init(struct at_desk *d, struct at_store *store, const struct at_clock *clock);

/*
 * Reads the desk's settings from the settings table: sla_warning_percent,
 * survey_after_solve, survey_delay_minutes, time_zone and public_url (default
 * "http://" + listen). Every process that serves or runs jobs calls it once per desk.
 */
void at_desk_configure(struct at_desk *d, const struct at_config *cfg);

/*
 * Transactions that nest: every desk action runs inside one, and a caller may
 * wrap many actions in an outer one (the demo loader batches thousands of
 * tickets per commit). Only the outermost commit writes; if any inner level
 * rolled back, the outermost commit rolls back instead and returns AT_ESTORE.
 */
int at_desk_begin(struct at_desk *d);
int at_desk_commit(struct at_desk *d);
void at_desk_rollback(struct at_desk *d);

/* Who acts: a signed-in user, or the system (user_id 0, role admin) for jobs and the CLI. */
struct at_actor {
    int64_t user_id;
    enum at_role role;
    int64_t customer_id; /* for customers: their customer record */
    const char *name;
    const char *address; /* where the request came from, for the audit log; NULL: not known */
};

/* The system actor, for the command line and background work. */
extern const struct at_actor at_actor_system;

/* True for agents, leads and admins. */
bool at_actor_is_staff(const struct at_actor *a);

/* True for leads and admins: those who manage the team's settings and see its results. */
bool at_actor_is_lead(const struct at_actor *a);

/* Fills `out` as the actor for user `u`. */
void at_actor_from_user(struct at_actor *out, const struct at_user *u);

/* The caps on what people write: a subject, a message body, a name (bytes). */
#define AT_SUBJECT_MAX 250
#define AT_BODY_MAX    (64 * 1024)
#define AT_NAME_MAX    200

/*
 * How to greet someone: their preferred name when they gave one, else the
 * first word of their name (in `arena`).
 */
const char *at_first_name(struct at_arena *arena, const char *preferred, const char *name);

/* ---- users ---- */

/*
 * Adds a user. `password` may be NULL or "" for an account that cannot sign in
 * with a password yet; otherwise it needs at least 8 characters. Emails are
 * checked and stored lower case. A customer account is linked to the customer
 * record with the same email (created if needed). Only admins (and the system)
 * may add staff; anyone may add a customer account (sign-up).
 */
int at_desk_user_add(struct at_desk *d, const struct at_actor *who, const char *email,
                     const char *name, enum at_role role, const char *password,
                     struct at_arena *arena, struct at_user *out, struct at_errinfo *e);

/*
 * Portal sign-up: a customer account with a password, for an address the desk
 * does not know yet (AT_ECONFLICT otherwise, until email can prove ownership).
 */
int at_desk_signup(struct at_desk *d, const char *email, const char *name, const char *password,
                   struct at_arena *arena, struct at_user *out, struct at_errinfo *e);

/* Checks an email address the way every entry point does; true when it looks deliverable. */
bool at_desk_email_valid(const char *email);

/* ---- customers ---- */

/* Adds a customer (staff only). Name and email are required; the email must be new. */
int at_desk_customer_add(struct at_desk *d, const struct at_actor *who, const struct at_customer *c,
                         struct at_arena *arena, struct at_customer *out, struct at_errinfo *e);

/* One customer. Staff see anyone; a customer sees only themselves. */
int at_desk_customer_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                         struct at_arena *arena, struct at_customer *out, struct at_errinfo *e);

/*
 * Changes profile fields of customer `id`: each non-NULL string field of
 * `change` replaces the stored one; lifetime value when `set_value` is true.
 * Staff only.
 */
struct at_customer_change {
    const char *name;
    const char *preferred_name;
    const char *phone;
    const char *company;
    const char *tier;
    const char *notes;
    bool set_value;
    int64_t lifetime_value_cents;
};
int at_desk_customer_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                            const struct at_customer_change *change, struct at_arena *arena,
                            struct at_customer *out, struct at_errinfo *e);

/* Customers by name, with an optional query, paged by id (staff only). */
int at_desk_customer_list(struct at_desk *d, const struct at_actor *who, const char *query,
                          int64_t after_id, size_t limit, struct at_arena *arena,
                          struct at_customer **out, size_t *n, struct at_errinfo *e);

/*
 * A customer's history: every ticket of theirs, newest first, with its status
 * as the outcome. Staff see anyone's; a customer only their own.
 */
int at_desk_customer_history(struct at_desk *d, const struct at_actor *who, int64_t customer_id,
                             struct at_arena *arena, struct at_ticket **out, size_t *n,
                             struct at_errinfo *e);

/* ---- tickets ---- */

struct at_new_ticket {
    const char *subject;
    const char *body;           /* the first message, from the customer */
    const char *customer_email; /* staff: whom it is for (found or created); customers: ignored */
    const char *customer_name;  /* used when the customer is created */
    const char *channel;        /* NULL: "web" */
    bool set_priority;          /* else normal */
    enum at_priority priority;
    const char **tags;
    size_t ntags;
    int64_t assignee_id; /* 0: unassigned */
};

/*
 * Opens a ticket with its first message. Staff open it on behalf of the
 * customer named by email (found, or created with the given name); a customer
 * opens it as themselves. The ticket starts as new (open when assigned).
 */
int at_desk_ticket_create(struct at_desk *d, const struct at_actor *who,
                          const struct at_new_ticket *t, struct at_arena *arena,
                          struct at_ticket *out, struct at_errinfo *e);

/*
 * Someone's presence on a ticket, told to everyone watching: `state` is
 * "viewing", "writing" or "left". Staff only, on a ticket that exists; not
 * stored. AT_EINVAL for another state.
 */
int at_desk_presence(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                     const char *state, struct at_errinfo *e);

/*
 * Tells the live stream of tickets changed by another process on the same
 * database (mail taken in by `attune mail-ingest`, a command, another
 * node): each ticket changed after `*since` (ms) that the stream has not told
 * already, as a change of unknown kind (`what` 0). `*since` moves on to the
 * newest change seen; it starts as the time to watch from. Looks a little
 * behind `*since` as well, so a transaction that committed late is not missed.
 */
int at_desk_live_outside(struct at_desk *d, int64_t *since, struct at_errinfo *e);

/* One ticket, if `who` may see it. */
int at_desk_ticket_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                       struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e);

/* The ticket people call #`number` (customers: only their own; AT_ENOTFOUND otherwise). */
int at_desk_ticket_by_number(struct at_desk *d, const struct at_actor *who, int64_t number,
                             struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e);

/* A ticket with its conversation and event log (customers: public messages, no events). */
struct at_ticket_detail {
    struct at_ticket ticket;
    struct at_customer customer;
    struct at_message *messages;
    size_t nmessages;
    struct at_event *events;
    size_t nevents;
};
int at_desk_ticket_detail(struct at_desk *d, const struct at_actor *who, int64_t id,
                          struct at_arena *arena, struct at_ticket_detail *out,
                          struct at_errinfo *e);

/*
 * Adds a message to ticket `ticket_id`:
 * - from the customer (role customer): always public; reopens a solved, pending
 *   or on-hold ticket; refused on a closed one (AT_ESTATE).
 * - from staff, public: a reply; the first one sets first_response_at; a new
 *   ticket becomes open. `set_status` (when not NULL) is where the reply leaves
 *   the ticket, as with "send and set pending" or "send and solve".
 * - from staff, internal: a note; the status does not change.
 * A public reply by staff is coached and its verdict stored with it, as with
 * at_desk_reply_send(); the floor never holds back what this function sends
 * (the desk's own messages: follow-ups, the demo).
 */
int at_desk_message_add(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        const char *body, enum at_visibility visibility,
                        const enum at_status *set_status, struct at_arena *arena,
                        struct at_message *out, struct at_errinfo *e);

/* Why a reply counts as poor: a rubric item the coach found against it, or a good one missing. */
struct at_reply_reason {
    enum at_rubric item;
    enum at_rubric_state state; /* AT_RS_FOUND or AT_RS_MISSING */
    const char *text;           /* plain words after "it": "sounds dismissive" (static) */
};

/* What the coach made of a reply on its way out (desk/coaching.h). */
struct at_reply_verdict {
    bool coached; /* false: no text engine, or the reply could not be read */
    struct at_coaching coaching;
    const char *rubric_json; /* the rubric's states as stored: {"greeting":"met",...} */
    int floor;               /* the team's floor in force; 0: off */
    bool below;              /* coached, the floor is on and the score is below it */
    struct at_reply_reason reasons[AT_RUB_COUNT]; /* what was found first, then what is missing */
    size_t nreasons;
};

/*
 * Adds a message as at_desk_message_add() does, and coaches a public reply by
 * staff first (when the desk has a text engine): the coach's verdict is
 * stored with the reply in the same transaction and given back in
 * out->coaching. When the team's floor is on and the reply scores below it,
 * the reply is not sent unless `confirmed`: AT_ECONFIRM (field "confirm"),
 * with a sentence that says the score, the floor and why, and `verdict` (may
 * be NULL) holding the facts. Internal notes and customers' messages are
 * never coached and never held back.
 */
int at_desk_reply_send(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                       const char *body, enum at_visibility visibility,
                       const enum at_status *set_status, bool confirmed, struct at_arena *arena,
                       struct at_message *out, struct at_reply_verdict *verdict,
                       struct at_errinfo *e);

/*
 * Changes to a ticket; only the fields whose `set_` flag is true change.
 * Rules: closed is final; only a solved ticket can be closed; nothing goes back
 * to new; an assignee must be an active agent, lead or admin; assigning a new
 * ticket opens it. Customers may only mark their own ticket solved.
 */
struct at_ticket_change {
    bool set_status;
    enum at_status status;
    bool set_priority;
    enum at_priority priority;
    bool set_assignee;
    int64_t assignee_id; /* 0 unassigns */
    bool set_tags;
    const char **tags;
    size_t ntags;
    bool set_group;
    const char *group_name;
    bool set_subject;
    const char *subject;
};
int at_desk_ticket_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                          const struct at_ticket_change *change, struct at_arena *arena,
                          struct at_ticket *out, struct at_errinfo *e);

/* The named views of the queue. */
enum at_view {
    AT_VIEW_ALL = 0,    /* every ticket (customers: their own) */
    AT_VIEW_MINE,       /* assigned to me and not solved */
    AT_VIEW_UNASSIGNED, /* nobody's and not solved */
    AT_VIEW_OPEN,       /* not solved: new, open, pending, on hold */
    AT_VIEW_PENDING,    /* waiting on the customer */
    AT_VIEW_SOLVED,     /* solved or closed in the last 7 days, newest first */
    AT_VIEW_BREACHED,   /* not solved, an SLA clock past its due time; soonest due first */
    AT_VIEW_AT_RISK,    /* not solved, an SLA clock in warning or breached; soonest due first */
};
#define AT_VIEW_COUNT 8
const char *at_view_name(enum at_view v);
bool at_view_parse(const char *s, enum at_view *out);

/*
 * A page of a view with filters. `filter` narrows the view further (status,
 * priority, assignee, tag, customer); `cursor` is NULL or the `next` of the
 * previous page; `sort_set` false picks the view's own order.
 */
struct at_view_query {
    enum at_view view;
    struct at_ticket_filter filter;
    bool sort_set;
    enum at_ticket_sort sort;
    const char *cursor;
    size_t limit; /* 0: 50 */
};
struct at_ticket_page {
    struct at_ticket *items;
    size_t n;
    const char *next; /* cursor of the next page, or NULL at the end */
};
int at_desk_ticket_list(struct at_desk *d, const struct at_actor *who,
                        const struct at_view_query *q, struct at_arena *arena,
                        struct at_ticket_page *out, struct at_errinfo *e);

/* How many tickets a view holds for `who` (for the counts beside the views). */
int at_desk_view_count(struct at_desk *d, const struct at_actor *who, enum at_view view, int64_t *n,
                       struct at_errinfo *e);

/*
 * Search: words and "phrases" over subjects and messages, ranked, with the
 * same filters; q->view applies too. The cursor is opaque, as for lists.
 */
int at_desk_search(struct at_desk *d, const struct at_actor *who, const char *text,
                   const struct at_view_query *q, struct at_arena *arena,
                   struct at_ticket_page *out, struct at_errinfo *e);

/* Sort names for the API and CLI: "newest", "oldest", "updated", "priority", "solved". */
const char *at_sort_name(enum at_ticket_sort s);
bool at_sort_parse(const char *s, enum at_ticket_sort *out);

#endif
