#ifndef AT_MODEL_H
#define AT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The records of the help desk as the store keeps them. Strings in a record
 * are borrowed: records filled by the store point into the arena the caller
 * passed, and die with it. Times are milliseconds since the epoch, UTC; 0 means
 * "not yet" (a ticket never solved has solved_at == 0). Ids are > 0; 0 means none.
 */

enum at_role { AT_ROLE_CUSTOMER = 0, AT_ROLE_AGENT, AT_ROLE_LEAD, AT_ROLE_ADMIN };
#define AT_ROLE_COUNT 4

enum at_status {
    AT_STATUS_NEW = 0,
    AT_STATUS_OPEN,
    AT_STATUS_PENDING,
    AT_STATUS_ON_HOLD,
    AT_STATUS_SOLVED,
    AT_STATUS_CLOSED,
};
#define AT_STATUS_COUNT  6
#define AT_STATUS_BIT(s) (1u << (s))
/* new, open, pending and on hold: everything not yet solved */
#define AT_STATUS_UNSOLVED                                                                         \
    (AT_STATUS_BIT(AT_STATUS_NEW) | AT_STATUS_BIT(AT_STATUS_OPEN) |                                \
     AT_STATUS_BIT(AT_STATUS_PENDING) | AT_STATUS_BIT(AT_STATUS_ON_HOLD))

enum at_priority { AT_PRIORITY_LOW = 0, AT_PRIORITY_NORMAL, AT_PRIORITY_HIGH, AT_PRIORITY_URGENT };
#define AT_PRIORITY_COUNT 4

enum at_visibility { AT_VIS_PUBLIC = 0, AT_VIS_INTERNAL };

/* Names as they appear in the API, the CLI and the database ("open", "on_hold", ...). */
const char *at_role_name(enum at_role r);
const char *at_status_name(enum at_status s);
const char *at_priority_name(enum at_priority p);
const char *at_visibility_name(enum at_visibility v);

/* Parse those names. Return false (and leave *out alone) for anything else. */
bool at_role_parse(const char *s, enum at_role *out);
bool at_status_parse(const char *s, enum at_status *out);
bool at_priority_parse(const char *s, enum at_priority *out);
bool at_visibility_parse(const char *s, enum at_visibility *out);

struct at_user {
    int64_t id;
    const char *email; /* unique, stored lower case */
    const char *name;
    enum at_role role;
    bool disabled;
    int64_t customer_id;       /* the customer record of a customer account; 0 for staff */
    const char *password_hash; /* argon2id string; "" when the account has no password yet */
    int64_t created_at;
};

struct at_customer {
    int64_t id;
    const char *name;
    const char *preferred_name; /* what they like to be called; "" when not known */
    const char *email;          /* unique, stored lower case */
    const char *phone;
    const char *company;
    const char *tier;             /* "standard", "premium", "enterprise", ... */
    int64_t lifetime_value_cents; /* what the customer has spent, in cents */
    const char *notes;
    int64_t created_at;
    int64_t updated_at;
    int64_t ticket_count; /* filled by reads; ignored by writes */
};

/* The service level clocks of a ticket (see docs/SLA.md). */
enum at_sla_clock_kind { AT_CLOCK_FIRST_RESPONSE = 0, AT_CLOCK_NEXT_RESPONSE, AT_CLOCK_RESOLUTION };
#define AT_CLOCK_COUNT 3

/*
 * One clock: it runs from `start_at` for `target_min` business minutes plus
 * the business time it spent paused. `due_at` and `warn_at` are derived from
 * those (and kept for lists and jobs). start_at == 0: the clock never started.
 */
struct at_sla_clock {
    int64_t start_at;
    int32_t target_min;
    int64_t paused_ms; /* business ms spent paused, added back to the target */
    int64_t due_at;
    int64_t warn_at;
    int64_t met_at;     /* 0: not met yet */
    int64_t warned_for; /* the due_at a warning was recorded for (once per due time) */
    int64_t breach_for; /* the due_at a breach was recorded for */
};

/* A ticket's SLA and triage state; read with the ticket, written by ticket_sla_set only. */
struct at_ticket_sla {
    int64_t policy_id; /* 0: no policy applied yet */
    const char *policy_name;
    int64_t calendar_id;
    struct at_sla_clock clock[AT_CLOCK_COUNT];
    int64_t paused_at; /* > 0: the clocks stand still since then (pending, on hold, solved) */
    int64_t next_due;  /* the earliest due_at of a running clock; INT64_MAX when none */
    int64_t next_warn; /* the earliest warn_at of a running clock; INT64_MAX when none */
    bool breached;     /* a clock went past its due time (stays until the policy is re-applied) */
    int triage_score;  /* 0..100 */
    const char *triage_parts; /* JSON array of {name, points, why} */
    bool priority_manual;     /* staff set the priority by hand */
    int64_t triage_at;        /* when the score was worked out */
};

struct at_ticket {
    int64_t id;
    int64_t number; /* what people quote: #1001, #1002, ...; unique */
    const char *subject;
    enum at_status status;
    enum at_priority priority;
    const char *channel; /* "web", "email", "api", "phone", "chat" */
    int64_t customer_id;
    int64_t assignee_id;    /* 0: unassigned */
    const char *group_name; /* "" when none */
    const char **tags;      /* sorted, unique, lower case */
    size_t ntags;
    int64_t created_at;
    int64_t updated_at;
    int64_t first_response_at;
    int64_t solved_at;
    int64_t closed_at;
    const char *mood;         /* how the customer felt in their latest message; "" when unknown */
    int64_t merged_into;      /* the ticket it was merged into (0: none); set by ticket_merge */
    struct at_ticket_sla sla; /* filled by reads; written by ticket_sla_set, not ticket_update */
    /* filled by reads; ignored by writes */
    const char *customer_name;
    const char *customer_email;
    const char *assignee_name;
    int64_t message_count;
    const char *snippet; /* search results: the best matching passage, matches in [ ] */
    double rank;         /* search results: higher is better */
};

/*
 * The coach's verdict on a public reply by staff, kept with it: the score, the
 * three empathy mechanisms and the state of every rubric item.
 */
struct at_reply_coaching {
    int64_t message_id;
    int64_t ticket_id;
    int64_t author_user_id; /* 0: the system */
    int score;              /* 0..100 */
    int emotional_reaction; /* 0, 1 or 2 each */
    int interpretation;
    int exploration;
    const char *rubric; /* JSON object: item name -> "met", "missing", "clear", "found" or "n/a" */
    int floor;          /* the team's floor when it was sent; 0: off */
    bool confirmed;     /* it scored below the floor and the sender confirmed sending it */
    int64_t created_at;
};

struct at_message {
    int64_t id;
    int64_t ticket_id;
    int64_t author_user_id;     /* the staff or customer account that wrote it; 0 if none */
    int64_t author_customer_id; /* set when a customer wrote it (with or without an account) */
    const char *author_name;    /* filled by reads */
    enum at_visibility visibility;
    const char *body;
    const char *analysis; /* JSON from the text engine, or "" */
    int64_t created_at;
    /* filled by reads: the coach's verdict on a public reply by staff; NULL for any other */
    const struct at_reply_coaching *coaching;
};

struct at_event {
    int64_t id;
    int64_t ticket_id;
    int64_t actor_id;       /* user id; 0 for the system */
    const char *actor_name; /* filled by reads */
    const char
        *kind; /* "created", "status", "priority", "assignee", "tags", "reply", "note", ... */
    const char *old_value;
    const char *new_value;
    int64_t created_at;
    const char *words; /* the event in a sentence for people ("Maya replied"); by the desk */
};

/* A signed-in browser session. The id itself is never stored, only its hash. */
struct at_session {
    const char *id_hash;
    int64_t user_id;
    const char *csrf;
    int64_t created_at;
    int64_t expires_at;
};

/* An API token. Only its hash is stored; `prefix` (first 8 characters) helps people tell them
 * apart. */
struct at_api_token {
    int64_t id;
    int64_t user_id;
    const char *name;
    const char *hash;
    const char *prefix;
    int64_t created_at;
    int64_t last_used_at;
    int64_t revoked_at;
};

/* One line of the append-only audit log of privileged actions. */
struct at_audit {
    int64_t id;
    int64_t actor_id;
    const char *actor_name; /* filled by reads */
    const char *action;     /* "user.create", "user.role", "user.disable", "token.revoke", ... */
    const char *target;     /* what it was done to: "user:7" */
    const char *detail;
    const char *address; /* the client address it came from; "cli" for the command line */
    int64_t created_at;
};

enum at_job_state {
    AT_JOB_DUE = 0, /* waits for its run_at */
    AT_JOB_RUNNING, /* taken by a worker until lease_until */
    AT_JOB_DONE,
    AT_JOB_FAILED,    /* gave up after max_attempts; a lead can retry it */
    AT_JOB_CANCELLED, /* no longer wanted (the customer wrote first, ...) */
    AT_JOB_HELD,      /* waits for what it needs (mail to be set up), released by job_release */
};
const char *at_job_state_name(enum at_job_state s);

/* Due work kept as a row: a follow-up, a survey, a reminder, a mail to send. */
struct at_job {
    int64_t id;
    const char *kind;    /* "follow_up", "reminder", ... */
    int64_t ticket_id;   /* 0 when not about a ticket */
    const char *payload; /* kind-specific, JSON */
    enum at_job_state state;
    int64_t run_at;
    int attempts;
    int max_attempts;
    int64_t lease_until;
    const char *last_error;
    const char *dedupe; /* at most one job per key ("follow_up:42"); NULL for none */
    int64_t created_at;
    int64_t updated_at;
};

/* A canned reply; its body may hold {{variables}} that the desk fills in. */
struct at_macro {
    int64_t id;
    const char *title; /* unique */
    const char *body;
    const char *actions; /* the fields it sets, as JSON the desk wrote; "" for none */
    int64_t created_by;
    int64_t created_at;
    int64_t updated_at;
};

/* Mail. An inbound mail as recorded by its Message-ID, so a mail delivered twice is stored once. */
struct at_mail_inbound {
    int64_t id;
    const char *message_id; /* the Message-ID header, or "sha256:HEX" of the raw mail without one */
    const char *outcome;    /* "ticket", "reply" or "quarantine" */
    int64_t ticket_id;      /* 0 for quarantine */
    int64_t message_ref;    /* the message it became; 0 for quarantine */
    int64_t quarantine_id;  /* 0 unless quarantined */
    int64_t created_at;
};

/* A file that came with an inbound mail. `data` is filled only by attachment_get. */
struct at_attachment {
    int64_t id;
    int64_t ticket_id;
    int64_t message_id; /* the message of the ticket it came with */
    const char *filename;
    const char *content_type;
    int64_t size;       /* bytes */
    const char *sha256; /* hex */
    const void *data;   /* `size` bytes */
    int64_t created_at;
};

/* Mail that became no ticket, with the reason and its raw bytes (`raw` only from quarantine_get).
 */
struct at_quarantine {
    int64_t id;
    const char *reason;
    const char *from_addr;
    const char *subject;
    const char *message_id;
    int64_t size; /* bytes of the mail as it arrived */
    const void *raw;
    size_t raw_len; /* bytes kept in `raw` (less than size only for mail past the size cap) */
    int64_t created_at;
};

/*
 * A survey sent after a solve, with its answer. Scores are 0 until answered
 * (csat and understood 1-5, effort 1-7); nps is -1 when not given (0-10).
 */
struct at_survey {
    int64_t id;
    int64_t ticket_id;
    int64_t customer_id;
    int64_t agent_id; /* the ticket's assignee when it was sent; 0 for none */
    bool nps_asked;
    int64_t created_at;
    int64_t expires_at;
    int64_t answered_at; /* the first answer; 0: not answered */
    int64_t updated_at;
    int csat, understood, effort, nps;
    const char *comment;
    const char *comment_reading; /* "negative", "positive", "neutral", or "" (no reading) */
    /* filled by reads */
    int64_t ticket_number;
    const char *ticket_subject;
    const char *customer_name;
    const char *customer_preferred_name;
};

/* A lead's task to get back to a customer after a poor answer. */
struct at_recovery {
    int64_t id;
    int64_t survey_id;
    int64_t ticket_id;
    const char *reason; /* "csat 2", "understood 1", "negative comment", joined by ", " */
    int64_t created_at;
    int64_t done_at; /* 0: open */
    int64_t done_by;
    const char *note;
    struct at_survey survey; /* filled by reads: the answer, ticket and customer */
};

/* Praise from a customer, kept for the agent who handled the ticket. */
struct at_recognition {
    int64_t id;
    int64_t survey_id;
    int64_t ticket_id;
    int64_t agent_id;
    const char *comment;
    int csat;
    int64_t created_at;
    /* filled by reads */
    const char *agent_name;
    int64_t ticket_number;
    const char *ticket_subject;
};

/* Survey figures for one group (an agent, a ticket or a period) of surveys sent. */
struct at_survey_stats {
    const char
        *key; /* agent id, ticket id, "2026-12-01", "2026-11-30" (a week's Monday), "2026-12" */
    const char *label; /* the agent's name, "#1042 subject", or the key again */
    int64_t sent, answered;
    int64_t csat_n, csat_sum, csat_satisfied;             /* satisfied: 4 or 5 */
    int64_t understood_n, understood_sum, understood_yes; /* 4 or 5 */
    int64_t effort_n, effort_sum;
    int64_t nps_n, promoters, passives, detractors; /* 9-10, 7-8, 0-6 */
};

/*
 * A business-hours calendar: working hours per weekday (0 = Sunday) in
 * minutes after local midnight (open == close: a day off), in a time zone,
 * minus holidays (local dates as YYYYMMDD).
 */
struct at_sla_calendar {
    int64_t id;
    const char *name; /* unique */
    const char *tz;   /* "Europe/Berlin" */
    int16_t open_min[7];
    int16_t close_min[7];
    int32_t *holidays; /* sorted */
    size_t nholidays;
    int64_t created_at;
    int64_t updated_at;
};

/*
 * A service level policy: targets in business minutes over a calendar, for
 * tickets of one priority (-1: any) and customer tier ("": any).
 */
struct at_sla_policy {
    int64_t id;
    const char *name; /* unique */
    int priority;     /* enum at_priority, or -1 for any */
    const char *tier; /* "" for any */
    int64_t calendar_id;
    int32_t first_response_min;
    int32_t next_response_min;
    int32_t resolution_min;
    int32_t follow_up_hours; /* the check-in after a solve; 0: none */
    int64_t created_at;
    int64_t updated_at;
    const char *calendar_name; /* filled by reads */
};

#endif
