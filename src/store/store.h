#ifndef AT_STORE_H
#define AT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/model.h"

/*
 * The store: all persistence behind one interface, a struct of function
 * pointers, so a PostgreSQL backend can stand beside the SQLite one. No SQL
 * lives outside src/store.
 *
 * Threads: a store handle is used by one thread at a time. Several handles
 * (one per worker thread) may be open on the same database at once; writes
 * from different handles are serialised by the database.
 *
 * Errors: every function returns 0 or a negative enum at_err: AT_ENOTFOUND,
 * AT_ECONFLICT (a unique key is taken), AT_EINVAL, or AT_ESTORE (the cause is
 * logged where it happened). Records read are filled with strings that live in
 * `arena`. Lists are arrays allocated in `arena`.
 *
 * Transactions: begin/commit/rollback group several calls into one atomic,
 * durable write. Calls made outside a transaction are each their own.
 */

/* How a list of tickets is ordered. Every order ends with the id, so it is total and stable. */
enum at_ticket_sort {
    AT_SORT_NEWEST = 0, /* created, newest first */
    AT_SORT_OLDEST,     /* created, oldest first (the one waiting longest at the top) */
    AT_SORT_UPDATED,    /* last change, newest first */
    AT_SORT_PRIORITY, /* priority, highest first, then by id, oldest first; cursor key: priority */
    AT_SORT_SOLVED,   /* solve time, newest first */
    AT_SORT_TRIAGE,   /* triage score, highest first, then by id; cursor key: the score */
    AT_SORT_DUE,      /* the next SLA due time, soonest first (none last); cursor key: it */
};

/* SLA filters of a list: tickets past a due time, or past a warning time (or due time). */
enum at_sla_filter { AT_SLA_ANY = 0, AT_SLA_BREACHED, AT_SLA_AT_RISK };

/*
 * Which tickets a list or a search returns. Zero-initialised means "all
 * tickets, newest first". Masks of 0 mean any status / any priority.
 */
struct at_ticket_filter {
    uint32_t status_mask;   /* AT_STATUS_BIT()s */
    uint32_t priority_mask; /* 1u << enum at_priority */
    int64_t assignee_id;    /* > 0: only this assignee */
    bool unassigned;        /* only tickets with no assignee */
    const char *tag;        /* only tickets with this tag */
    int64_t customer_id;    /* only this customer's tickets */
    int64_t solved_since;   /* only tickets solved at or after this time */
    int64_t updated_since;  /* only tickets changed after this time */
    const char *text;       /* search: words and "quoted phrases" over subjects and messages */
    bool public_only;       /* search: match public messages only (for customers) */
    enum at_sla_filter sla; /* only unsolved tickets breached / at risk at `sla_now` */
    int64_t sla_now;
};

/*
 * Keyset position: the sort key and id of the last row of the previous page.
 * Rows after it in the order come next, so rows are never repeated or skipped
 * while other tickets are created or changed (a row whose own sort key changes
 * moves; with AT_SORT_NEWEST and AT_SORT_OLDEST keys never change).
 */
struct at_ticket_cursor {
    bool set;
    int64_t key; /* the sort value of the last row (created_at, updated_at, priority, solved_at) */
    int64_t id;
};

struct at_ticket_query {
    struct at_ticket_filter filter;
    enum at_ticket_sort sort;
    struct at_ticket_cursor after;
    size_t limit;  /* rows wanted; 1..500 */
    size_t offset; /* search only: ranked results skip this many */
};

struct at_store;

/* The handle itself: closing, the schema and its migrations, transactions. */
struct at_store_core_ops {
    /* Closes the handle and frees it. */
    void (*close)(struct at_store *st);

    /* The schema version of the database (0 for an empty one). */
    int (*schema_version)(struct at_store *st, int *version);
    /*
     * Applies every migration newer than the database in one transaction each.
     * `*from` and `*to` receive the versions before and after. A database newer
     * than this binary gives AT_EVERSION and changes nothing.
     */
    int (*migrate)(struct at_store *st, int *from, int *to);

    /*
     * Tidies up after a bulk load: refreshes the planner's statistics and
     * merges the search index. Takes seconds on a large database.
     */
    int (*optimize)(struct at_store *st);

    int (*begin)(struct at_store *st);
    int (*commit)(struct at_store *st);
    int (*rollback)(struct at_store *st);
};

/* People and accounts: users, sessions, API tokens, the audit log, password resets, failed
 * sign-ins. */
struct at_store_people_ops {
    /* Users. Emails are unique (AT_ECONFLICT). `id` receives the new id. */
    int (*user_add)(struct at_store *st, const struct at_user *u, int64_t *id);
    int (*user_get)(struct at_store *st, int64_t id, struct at_arena *arena, struct at_user *out);
    int (*user_by_email)(struct at_store *st, const char *email, struct at_arena *arena,
                         struct at_user *out);
    /* All users, staff first then by name; customers' accounts only when `with_customers`. */
    int (*user_list)(struct at_store *st, bool with_customers, struct at_arena *arena,
                     struct at_user **out, size_t *n);
    /* Writes name, role, disabled, customer_id and password_hash of user `u->id`. */
    int (*user_update)(struct at_store *st, const struct at_user *u);

    /* Sessions, keyed by the hash of their id. session_get ignores expired ones. */
    int (*session_add)(struct at_store *st, const struct at_session *s);
    int (*session_get)(struct at_store *st, const char *id_hash, int64_t now,
                       struct at_arena *arena, struct at_session *out);
    int (*session_touch)(struct at_store *st, const char *id_hash, int64_t expires_at);
    int (*session_delete)(struct at_store *st, const char *id_hash);
    int (*session_delete_user)(struct at_store *st, int64_t user_id);

    /* API tokens, found by hash; token_list with user_id 0 lists every user's. */
    int (*token_add)(struct at_store *st, const struct at_api_token *t, int64_t *id);
    int (*token_by_hash)(struct at_store *st, const char *hash, struct at_arena *arena,
                         struct at_api_token *out);
    int (*token_list)(struct at_store *st, int64_t user_id, struct at_arena *arena,
                      struct at_api_token **out, size_t *n);
    int (*token_revoke)(struct at_store *st, int64_t id, int64_t at);
    int (*token_touch)(struct at_store *st, int64_t id, int64_t at);

    /* The audit log: append only; listed newest first, ids before `before_id` (0: from the newest).
     */
    int (*audit_add)(struct at_store *st, const struct at_audit *a);
    int (*audit_list)(struct at_store *st, int64_t before_id, size_t limit, struct at_arena *arena,
                      struct at_audit **out, size_t *n);

    /*
     * One-time password reset tokens, by hash. reset_take returns the user of a
     * token that exists, is unused and has not expired at `now`, and uses it up;
     * otherwise AT_ENOTFOUND.
     */
    int (*reset_add)(struct at_store *st, const char *hash, int64_t user_id, int64_t expires_at);
    int (*reset_take)(struct at_store *st, const char *hash, int64_t now, int64_t *user_id);

    /*
     * Failed sign-ins, by key ("email:x@y" or "addr:1.2.3.4"), for rate
     * limiting that holds across several nodes.
     */
    int (*login_fail_add)(struct at_store *st, const char *key, int64_t at);
    int (*login_fail_count)(struct at_store *st, const char *key, int64_t since, int64_t *n,
                            int64_t *last_at);
    int (*login_fail_clear)(struct at_store *st, const char *key);
};

/* Customers, tickets, their messages and events, search, and macros. */
struct at_store_ticket_ops {
    /* Customers. Emails are unique (AT_ECONFLICT). */
    int (*customer_add)(struct at_store *st, const struct at_customer *c, int64_t *id);
    int (*customer_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                        struct at_customer *out);
    int (*customer_by_email)(struct at_store *st, const char *email, struct at_arena *arena,
                             struct at_customer *out);
    /* Writes every profile field of customer `c->id` and its updated_at. */
    int (*customer_update)(struct at_store *st, const struct at_customer *c);
    /*
     * Moves everything of customer `from` to customer `into` (their tickets,
     * the messages they wrote, their surveys, their portal account) and
     * deletes `from`; *moved says how many tickets moved. AT_ENOTFOUND when
     * either is missing; `from` == `into` is AT_EINVAL.
     */
    int (*customer_merge)(struct at_store *st, int64_t from, int64_t into, int64_t *moved);
    /*
     * Moves the messages, files, mail threads and search text of ticket
     * `from` to ticket `into` and marks `from` merged into it (its fields and
     * events stay; the desk closes it). AT_ENOTFOUND when either is missing.
     */
    int (*ticket_merge)(struct at_store *st, int64_t from, int64_t into);
    /*
     * Customers in order of id, ids after `after_id` (0 from the start), at most
     * `limit`. With `query`, only those whose name, preferred name, email or
     * company contains it (case-insensitive).
     */
    int (*customer_list)(struct at_store *st, const char *query, int64_t after_id, size_t limit,
                         struct at_arena *arena, struct at_customer **out, size_t *n);

    /*
     * Tickets. ticket_add assigns `t->id` and the next `t->number` (from 1001),
     * stores the tags, and fills both back into `t`.
     */
    int (*ticket_add)(struct at_store *st, struct at_ticket *t);
    int (*ticket_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                      struct at_ticket *out);
    int (*ticket_by_number)(struct at_store *st, int64_t number, struct at_arena *arena,
                            struct at_ticket *out);
    /* Writes subject, status, priority, channel, assignee, group, tags and every time of `t->id`.
     */
    int (*ticket_update)(struct at_store *st, const struct at_ticket *t);
    /* A page of tickets in the query's order. */
    int (*ticket_list)(struct at_store *st, const struct at_ticket_query *q, struct at_arena *arena,
                       struct at_ticket **out, size_t *n);
    /* How many tickets match the filter (text ignored). */
    int (*ticket_count)(struct at_store *st, const struct at_ticket_filter *f, int64_t *n);
    /*
     * Full-text search: q->filter.text is required (AT_EINVAL when it has no
     * word). Ranked best first, with `rank` and `snippet` filled; paged by
     * q->offset and q->limit.
     */
    int (*ticket_search)(struct at_store *st, const struct at_ticket_query *q,
                         struct at_arena *arena, struct at_ticket **out, size_t *n);

    /* Messages, oldest first. ticket_add and message_add keep the search index current. */
    int (*message_add)(struct at_store *st, struct at_message *m);
    int (*message_list)(struct at_store *st, int64_t ticket_id, bool include_internal,
                        struct at_arena *arena, struct at_message **out, size_t *n);

    /* The event log of a ticket, oldest first. */
    int (*event_add)(struct at_store *st, const struct at_event *e);
    int (*event_list)(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                      struct at_event **out, size_t *n);

    /*
     * Macros. Titles are unique (AT_ECONFLICT). macro_list returns them by
     * title; with `query`, only those whose title or body contains it.
     */
    int (*macro_add)(struct at_store *st, const struct at_macro *m, int64_t *id);
    int (*macro_get)(struct at_store *st, int64_t id, struct at_arena *arena, struct at_macro *out);
    int (*macro_update)(struct at_store *st, const struct at_macro *m);
    int (*macro_delete)(struct at_store *st, int64_t id);
    int (*macro_list)(struct at_store *st, const char *query, struct at_arena *arena,
                      struct at_macro **out, size_t *n);
};

/* Due work (sqlite_jobs.c). */
struct at_store_job_ops {
    /*
     * Jobs. job_add with a `dedupe` key that any job still in the table has
     * (whatever its state) is AT_ECONFLICT. job_take leases the job due
     * soonest (earliest run_at at or before `now`, then the lowest id), or one
     * whose lease ran out (its worker died), until `lease_until`, counts the
     * attempt and fills `out`; AT_ENOTFOUND when none is due. job_finish
     * records the outcome of a running job: done, or failed with `error` and
     * retried at `retry_at` unless its attempts are used up (then
     * AT_JOB_FAILED); a job that is not running is AT_ENOTFOUND and stays as
     * it is. job_cancel cancels the jobs of `kind` for `ticket_id` that are in
     * the due state, whenever they are due, and says how many in *n (`now` is
     * the time of the change). job_retry makes a failed job due at `now` with
     * its attempts started over (AT_ENOTFOUND for a job that has not failed).
     */
    int (*job_add)(struct at_store *st, const struct at_job *j, int64_t *id);
    int (*job_take)(struct at_store *st, int64_t now, int64_t lease_until, struct at_arena *arena,
                    struct at_job *out);
    int (*job_finish)(struct at_store *st, int64_t id, bool ok, const char *error, int64_t retry_at,
                      int64_t now);
    int (*job_cancel)(struct at_store *st, int64_t ticket_id, const char *kind, int64_t now,
                      int64_t *n);
    int (*job_retry)(struct at_store *st, int64_t id, int64_t now);
    /*
     * Deletes the jobs in the due state of `kind` for `ticket_id` (for jobs that are only
     * ever replaced by newer ones, where a cancelled row tells nobody anything).
     */
    int (*job_drop)(struct at_store *st, int64_t ticket_id, const char *kind, int64_t *n);
    /*
     * Deletes at most `limit` jobs that are done or cancelled and were due
     * before `before` (kept that long to be seen), saying how many in *n.
     */
    int (*job_purge)(struct at_store *st, int64_t before, size_t limit, int64_t *n);
    /*
     * job_add adds a job in the due state, or held when `j->state` is
     * AT_JOB_HELD: a held job is never taken until job_release makes every
     * held job of `kind` due at `now` (how many in *n).
     */
    int (*job_release)(struct at_store *st, const char *kind, int64_t now, int64_t *n);
    /* Jobs in `state` (all states when negative), newest first, at most `limit`. */
    int (*job_list)(struct at_store *st, int state, size_t limit, struct at_arena *arena,
                    struct at_job **out, size_t *n);
};

/* Inbound mail, attachments and the quarantine (sqlite_mail.c). */
struct at_store_mail_ops {
    /*
     * Mail (sqlite_mail.c). mail_inbound_add records an inbound mail by its
     * Message-ID: AT_ECONFLICT when that id was recorded before (the mail was
     * delivered twice). mail_inbound_get finds the record of a Message-ID
     * (AT_ENOTFOUND). attachment_list lists a ticket's attachments without
     * their bytes, oldest first; attachment_get reads one with its bytes.
     * quarantine_list lists quarantined mail newest first, ids before
     * `before_id` (0: from the newest), without the raw bytes.
     */
    int (*mail_inbound_add)(struct at_store *st, const struct at_mail_inbound *m, int64_t *id);
    int (*mail_inbound_get)(struct at_store *st, const char *message_id, struct at_arena *arena,
                            struct at_mail_inbound *out);
    int (*attachment_add)(struct at_store *st, const struct at_attachment *a, int64_t *id);
    int (*attachment_list)(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                           struct at_attachment **out, size_t *n);
    int (*attachment_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_attachment *out);
    /*
     * Uploads: files waiting for their message. upload_add keeps `a` (its
     * ticket, name, type, size, hash and bytes; message_id unused) for user
     * `user_id`. upload_attach moves upload `id` of that user and ticket to
     * the attachments of message `message_id` (*attachment_id the new one);
     * AT_ENOTFOUND when there is no such upload of theirs. upload_purge
     * deletes uploads made before `before` (*n how many).
     */
    int (*upload_add)(struct at_store *st, const struct at_attachment *a, int64_t user_id,
                      int64_t *id);
    int (*upload_attach)(struct at_store *st, int64_t id, int64_t user_id, int64_t ticket_id,
                         int64_t message_id, int64_t *attachment_id);
    int (*upload_purge)(struct at_store *st, int64_t before, int64_t *n);
    int (*quarantine_add)(struct at_store *st, const struct at_quarantine *q, int64_t *id);
    int (*quarantine_list)(struct at_store *st, int64_t before_id, size_t limit,
                           struct at_arena *arena, struct at_quarantine **out, size_t *n);
    int (*quarantine_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_quarantine *out);
};

/* Surveys, recovery and recognition (sqlite_survey.c). */
struct at_store_survey_ops {
    /*
     * Surveys (sqlite_survey.c). survey_add stores a survey with its first
     * link's token hash and fills s->id; survey_token_add adds another link.
     * survey_by_token and survey_by_ticket (the newest survey of a ticket) fill
     * `out` with the ticket and customer names; AT_ENOTFOUND when none.
     * survey_answer writes the answer fields, answered_at and updated_at of
     * `s->id`. survey_nps_last gives when the customer was last asked NPS
     * (AT_ENOTFOUND: never). recovery_add and recognition_add give
     * AT_ECONFLICT when the survey has one already. recovery_list lists the
     * open tasks (all when `all`), oldest first; recovery_done closes an open
     * one and gives its ticket (AT_ENOTFOUND when none is open with that id).
     * recognition_list: newest first, one agent's (agent_id > 0) or everyone's,
     * given in [from, to) (milliseconds).
     * survey_results groups the surveys sent in [from, to) by `group`
     * ("agent": keyed by the agent's id, 0 for none, "unassigned"; "ticket":
     * by the ticket's id, labelled "#NUMBER subject"; "all": one row for the
     * whole period with empty key and label, and none when no survey was sent
     * in it), only one agent's when agent_id > 0, ordered by key. Days, weeks
     * and months are the desk's to cut, in its time zone, from "all".
     */
    int (*survey_add)(struct at_store *st, struct at_survey *s, const char *token_hash);
    int (*survey_token_add)(struct at_store *st, int64_t survey_id, const char *token_hash,
                            int64_t at);
    int (*survey_by_token)(struct at_store *st, const char *token_hash, struct at_arena *arena,
                           struct at_survey *out);
    int (*survey_by_ticket)(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                            struct at_survey *out);
    int (*survey_answer)(struct at_store *st, const struct at_survey *s);
    int (*survey_nps_last)(struct at_store *st, int64_t customer_id, int64_t *at);
    int (*recovery_add)(struct at_store *st, const struct at_recovery *r, int64_t *id);
    int (*recovery_list)(struct at_store *st, bool all, struct at_arena *arena,
                         struct at_recovery **out, size_t *n);
    int (*recovery_done)(struct at_store *st, int64_t id, int64_t user_id, const char *note,
                         int64_t at, int64_t *ticket_id);
    int (*recognition_add)(struct at_store *st, const struct at_recognition *r, int64_t *id);
    int (*recognition_list)(struct at_store *st, int64_t agent_id, int64_t from, int64_t to,
                            size_t limit, struct at_arena *arena, struct at_recognition **out,
                            size_t *n);
    int (*survey_results)(struct at_store *st, const char *group, int64_t from, int64_t to,
                          int64_t agent_id, struct at_arena *arena, struct at_survey_stats **out,
                          size_t *n);
};

/* Service levels and triage (sqlite_sla.c). */
struct at_store_sla_ops {
    /*
     * Service levels and triage (sqlite_sla.c). Calendar and policy names are
     * unique (AT_ECONFLICT), as is a policy's (priority, tier). Which policy
     * applies to a ticket, and that the default may not be deleted, are the
     * desk's rules (desk/sla_policy.h), not the store's.
     * ticket_sla_set writes `sla` (and `priority`) of ticket `id` without
     * touching updated_at. ticket_recent_count counts the customer's tickets
     * created at or after `since`, other than `except_id`.
     */
    int (*sla_calendar_add)(struct at_store *st, const struct at_sla_calendar *c, int64_t *id);
    int (*sla_calendar_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                            struct at_sla_calendar *out);
    int (*sla_calendar_update)(struct at_store *st, const struct at_sla_calendar *c);
    int (*sla_calendar_list)(struct at_store *st, struct at_arena *arena,
                             struct at_sla_calendar **out, size_t *n);
    int (*sla_policy_add)(struct at_store *st, const struct at_sla_policy *p, int64_t *id);
    int (*sla_policy_get)(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_sla_policy *out);
    int (*sla_policy_update)(struct at_store *st, const struct at_sla_policy *p);
    int (*sla_policy_delete)(struct at_store *st, int64_t id);
    int (*sla_policy_list)(struct at_store *st, struct at_arena *arena, struct at_sla_policy **out,
                           size_t *n);
    int (*ticket_sla_set)(struct at_store *st, int64_t id, enum at_priority priority,
                          const struct at_ticket_sla *sla);
    int (*ticket_recent_count)(struct at_store *st, int64_t customer_id, int64_t except_id,
                               int64_t since, int64_t *n);
    /* Up to `limit` tickets waiting for the team (new, open) scored before `before`, stalest first.
     */
    int (*ticket_triage_stale)(struct at_store *st, int64_t before, size_t limit,
                               struct at_arena *arena, int64_t **ids, size_t *n);
};

/* The coach's verdicts and the desk's settings (sqlite_coaching.c). */
struct at_store_coaching_ops {
    /*
     * The coach's verdicts and the desk's settings (sqlite_coaching.c).
     * reply_coaching_add keeps the verdict on message `c->message_id`
     * (AT_ECONFLICT when it has one; AT_ENOTFOUND when there is no such
     * message); message_list fills each message's `coaching` from it.
     * message_last_from_customer fills `out` with the newest public message
     * the customer of ticket `ticket_id` wrote (AT_ENOTFOUND when none).
     * setting_get gives the value of setting `name` (AT_ENOTFOUND when it was
     * never set); setting_set writes it, with who and when.
     */
    int (*reply_coaching_add)(struct at_store *st, const struct at_reply_coaching *c);
    int (*message_last_from_customer)(struct at_store *st, int64_t ticket_id,
                                      struct at_arena *arena, struct at_message *out);
    int (*setting_get)(struct at_store *st, const char *name, struct at_arena *arena,
                       const char **value);
    int (*setting_set)(struct at_store *st, const char *name, const char *value, int64_t updated_by,
                       int64_t at);
};

/*
 * Every backend's handle starts with this: one constant table of functions
 * per area, so a backend is a set of areas, each in a file of its own, and a
 * caller names the area it uses (st->tickets->ticket_add(st, ...)).
 */
struct at_store {
    const struct at_store_core_ops *core;
    const struct at_store_people_ops *people;
    const struct at_store_ticket_ops *tickets;
    const struct at_store_job_ops *jobs;
    const struct at_store_mail_ops *mail;
    const struct at_store_survey_ops *surveys;
    const struct at_store_sla_ops *sla;
    const struct at_store_coaching_ops *coaching;
};

enum at_durability { AT_DURABLE_FULL = 0, AT_DURABLE_NORMAL };

/*
 * Opens the SQLite database at `path` (":memory:" for a private in-memory one)
 * and creates the file if needed; the directory must exist. Does not migrate.
 * Returns the handle, or NULL with `e` saying what is wrong (missing directory,
 * not a database, ...).
 */
struct at_store *at_store_open_sqlite(const char *path, enum at_durability durability,
                                      struct at_errinfo *e);

/*
 * Opens the database `url` names (see at_store_open) without migrating it:
 * for `attune migrate`, which reports what it does, and for the server's
 * worker threads, whose database the server migrated when it started.
 */
struct at_store *at_store_connect(const char *url, enum at_durability durability,
                                  struct at_errinfo *e);

/*
 * Opens and migrates: what every command uses. `url` names the database: a
 * file path or "sqlite:PATH" (":memory:" for a private in-memory one); a URL
 * of another scheme ("postgres://...") is refused with a sentence saying so.
 * Returns NULL with `e` set when the database cannot be opened, is newer than
 * this binary, or a migration fails.
 */
struct at_store *at_store_open(const char *url, enum at_durability durability,
                               struct at_errinfo *e);

/* The newest schema version this binary knows (the number of the last migration). */
int at_store_schema_latest(void);

#endif
