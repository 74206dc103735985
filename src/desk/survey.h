#ifndef AT_SURVEY_H
#define AT_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "desk/desk.h"
#include "desk/jobs.h"

/*
 * Surveys after a solve. A while after a ticket is solved (and only if it is
 * still solved then) a job makes one short survey: CSAT (1-5), "Did you feel
 * understood?" (1-5), customer effort (1-7), a comment, and NPS (0-10) when
 * the customer was not asked NPS in the last 90 days. The customer reaches it
 * through a link that needs no sign-in: the link carries a random token of
 * which only the SHA-256 hash is stored. Opening the link only shows the form;
 * only sending the form records an answer (mail scanners follow links).
 *
 * An answer can be changed for a day after it was first sent; an unanswered
 * survey expires 14 days after it was sent. A poor answer (CSAT or
 * "understood" 2 or less, or a comment the text engine reads as negative)
 * opens a recovery task for the leads, with an internal note on the ticket and
 * a mail to the leads; praise (a comment read as positive, or CSAT 5 with a
 * comment that is not negative) is kept as recognition for the ticket's agent.
 */

#define AT_SURVEY_TTL_MS       (14LL * 24 * 3600 * 1000) /* an unanswered link works this long */
#define AT_SURVEY_EDIT_MS      (24LL * 3600 * 1000)      /* an answer can be changed this long */
#define AT_SURVEY_NPS_EVERY_MS (90LL * 24 * 3600 * 1000) /* NPS at most once in this time */
#define AT_SURVEY_TOKEN_HEX    64                        /* a token: 32 random bytes as hex */
#define AT_SURVEY_COMMENT_MAX  2000                      /* bytes */

/*
 * A solve (the survey hook, hooks.h, inside the solve's transaction) schedules
 * the survey job, replacing one still due for the ticket; nothing when surveys
 * are off.
 */

/*
 * Runs a "survey" job: when the ticket is still solved and has no survey that
 * is still open, makes the survey with its token and queues the mail to the
 * customer (at_desk_mail_customer). Called by the job runner inside the job's
 * transaction.
 */
int at_desk_survey_job(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                       struct at_errinfo *e);

/* The kind of job that runs it (in its transaction). */
extern const struct at_job_kind at_job_survey;

/* Where a survey stands at a time. */
enum at_survey_state {
    AT_SURVEY_OPEN = 0, /* not answered, link still valid */
    AT_SURVEY_EDITABLE, /* answered, and the answer can still be changed */
    AT_SURVEY_CLOSED,   /* answered, and the day to change it is over */
    AT_SURVEY_EXPIRED,  /* never answered, and the link has expired */
};
const char *at_survey_state_name(enum at_survey_state s);
enum at_survey_state at_survey_state_at(const struct at_survey *s, int64_t now);

/* A survey as its link shows it: the record, its state and until when it can be changed. */
struct at_survey_view {
    struct at_survey survey;
    enum at_survey_state state;
    int64_t edit_until; /* 0 when not answered */
};

/*
 * Reads the survey of a link (anonymous; changes nothing). A token that is
 * not 64 hex digits, or that no survey has, is AT_ENOTFOUND (field "token").
 * An expired survey is filled in and returned as AT_ESTATE.
 */
int at_desk_survey_open(struct at_desk *d, const char *token, struct at_arena *arena,
                        struct at_survey_view *out, struct at_errinfo *e);

/* An answer as sent: each score with whether it was given. */
struct at_survey_answer {
    bool has_csat, has_understood, has_effort, has_nps;
    int64_t csat, understood, effort, nps;
    const char *comment; /* NULL or "" for none */
};

/*
 * Records (or, within a day of the first answer, changes) the answer of the
 * survey of `token`. csat and understood (1-5) and effort (1-7) are required;
 * nps (0-10) only on a survey that asks it; comment up to 2000 bytes of
 * UTF-8. AT_EINVAL names the field; AT_ENOTFOUND for a bad token; AT_ESTATE
 * when expired or past the day to change it (`out->state` says which).
 * `out` is filled with the survey after the answer.
 */
int at_desk_survey_answer(struct at_desk *d, const char *token, const struct at_survey_answer *a,
                          struct at_arena *arena, struct at_survey_view *out, struct at_errinfo *e);

/*
 * For the portal: a new link to the survey of ticket `ticket_id` for its own
 * customer (`who` a customer). `*token` (in `arena`) is the new token.
 * AT_ENOTFOUND when the ticket is not theirs or has no survey; AT_ESTATE when
 * the survey can no longer be answered or changed.
 */
int at_desk_survey_link(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        struct at_arena *arena, const char **token, struct at_errinfo *e);

/*
 * The newest survey of a ticket `who` may see (staff: any; customers: their
 * own). AT_ENOTFOUND when there is none.
 */
int at_desk_survey_of_ticket(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             struct at_arena *arena, struct at_survey_view *out,
                             struct at_errinfo *e);

/* Open recovery tasks, oldest first (leads and admins). */
int at_desk_recovery_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                          struct at_recovery **out, size_t *n, struct at_errinfo *e);

/*
 * Closes recovery task `id` with a note of what was done (leads and admins;
 * note 1-2000 bytes); the note goes on the ticket as an internal note.
 * AT_ENOTFOUND when no open task has that id.
 */
int at_desk_recovery_done(struct at_desk *d, const struct at_actor *who, int64_t id,
                          const char *note, struct at_arena *arena, struct at_errinfo *e);

/*
 * Recognition, newest first: one agent's (agent_id > 0) or everyone's
 * (staff), given in [from, to) (milliseconds; from 0: since the start, to 0:
 * no end). AT_EINVAL when from is not before to.
 */
int at_desk_recognition_list(struct at_desk *d, const struct at_actor *who, int64_t agent_id,
                             int64_t from, int64_t to, struct at_arena *arena,
                             struct at_recognition **out, size_t *n, struct at_errinfo *e);

/* What to count: surveys sent in [from, to), grouped. */
struct at_survey_query {
    const char *group; /* "agent", "ticket", "day", "week", "month" */
    int64_t from, to;  /* ms; to 0: now */
    int64_t agent_id;  /* > 0: only this agent's surveys */
};

/*
 * Survey figures per group. Leads and admins see anyone's; an agent only
 * their own (agent_id left 0 means themselves; another's is AT_EPERM).
 */
int at_desk_survey_results(struct at_desk *d, const struct at_actor *who,
                           const struct at_survey_query *q, struct at_arena *arena,
                           struct at_survey_stats **out, size_t *n, struct at_errinfo *e);

#endif
