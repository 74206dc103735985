#ifndef AT_JOBS_H
#define AT_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Due work: follow-ups after a fix and reminders, kept as rows in the store
 * and run by at_desk_jobs_run(). A job's effects and its "done" are written in
 * one transaction, so a job runs once even when the process dies half-way (its
 * lease runs out and it is taken again, from the start). A job that fails is
 * retried with growing delays and, after its last attempt, stays failed for a
 * lead to see and retry.
 */

#define AT_FOLLOW_UP_DELAY_MS (3LL * 24 * 3600 * 1000)  /* three days after the fix */
#define AT_JOBS_KEEP_MS       (30LL * 24 * 3600 * 1000) /* done and cancelled jobs, to be seen */
#define AT_JOBS_PURGE_EVERY   (3600LL * 1000)
#define AT_TRIAGE_EVERY       (60LL * 1000)      /* the runner scores waiting tickets again */
#define AT_TRIAGE_STALE       (15LL * 60 * 1000) /* ... when their score is this old */
#define AT_TRIAGE_BATCH       200

/*
 * Runs the jobs that are due now, at most `max`. `*ran` and `*failed` (may be
 * NULL) count what happened. Returns 0 or AT_ESTORE. About once a minute it
 * also scores again the tickets waiting for the team whose score is older
 * than AT_TRIAGE_STALE (so waiting counts), and about once an hour deletes
 * jobs done or cancelled more than AT_JOBS_KEEP_MS ago.
 */
int at_desk_jobs_run(struct at_desk *d, size_t max, size_t *ran, size_t *failed);

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
