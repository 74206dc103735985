#ifndef AT_JOBS_H
#define AT_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Due work of the desk: follow-ups after a fix and reminders, kept as rows in
 * the store and run by the job runner (src/jobs). A kind of job is a name,
 * the function that runs it and whether it runs inside the transaction that
 * marks it done; each desk module that has due work exports its kinds, and
 * the runner's registry lists them.
 */

#define AT_FOLLOW_UP_DELAY_MS (3LL * 24 * 3600 * 1000) /* three days after the fix */

/* Runs job `j`; 0, or an error that makes the runner retry it later. */
typedef int at_job_run(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                       struct at_errinfo *e);

struct at_job_kind {
    const char *kind; /* as stored in the job's row: "follow_up", ... */
    at_job_run *run;
    /*
     * true: the job's effects and its "done" are written in one transaction,
     * so it runs once even when the process dies half-way. false, for work
     * that talks to the outside world (mail): it runs outside any transaction
     * and is marked done after it succeeded; killed in between, it runs again.
     */
    bool in_tx;
};

/* The kinds of this file: the check-in after a solve, and an agent's reminder. */
extern const struct at_job_kind at_job_follow_up;
extern const struct at_job_kind at_job_reminder;

/*
 * Schedules a follow-up check-in for ticket `ticket_id` at `at` (staff; 0 for
 * the default: three days after now), replacing one already due.
 */
int at_desk_follow_up_set(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                          int64_t at, struct at_errinfo *e);

/* Cancels the due follow-ups of a ticket (staff). */
int at_desk_follow_up_cancel(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             struct at_errinfo *e);

/* Schedules a reminder to `who` about ticket `ticket_id` at `at`, with a note (staff). */
int at_desk_reminder_add(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                         int64_t at, const char *note, struct at_errinfo *e);

/* Cancels the due follow-ups of a ticket that is active again (the follow_up hook, hooks.h). */
int at_desk_jobs_ticket_active(struct at_desk *d, int64_t ticket_id);

#endif
