#ifndef AT_JOBS_JOBS_H
#define AT_JOBS_JOBS_H

/*
 * The job runner, a layer above the desk. Due work is a row in the store
 * (`jobs`); each kind of job is defined by the desk module it belongs to
 * (struct at_job_kind, desk/jobs.h) and listed in the registry of runner.c.
 * A job's effects and its "done" are written in one transaction when its kind
 * says so, so it runs once even when the process dies half-way (its lease runs
 * out and it is taken again, from the start). A job that fails is retried with
 * growing delays and, after its last attempt, stays failed for a lead to see
 * and retry. `attune serve` runs the jobs every second; `attune jobs run-once`
 * from a script.
 */
#include <stddef.h>

#include "desk/desk.h"
#include "desk/jobs.h"

#define AT_JOBS_KEEP_MS     (30LL * 24 * 3600 * 1000) /* done and cancelled jobs, to be seen */
#define AT_JOBS_PURGE_EVERY (3600LL * 1000)
#define AT_TRIAGE_EVERY     (60LL * 1000)      /* the runner scores waiting tickets again */
#define AT_TRIAGE_STALE     (15LL * 60 * 1000) /* ... when their score is this old */
#define AT_TRIAGE_BATCH     200

/*
 * Runs the jobs that are due now, at most `max`. `*ran` and `*failed` (may be
 * NULL) count what happened. Returns 0 or AT_ESTORE. About once a minute it
 * also scores again the tickets waiting for the team whose score is older
 * than AT_TRIAGE_STALE (so waiting counts), and about once an hour deletes
 * jobs done or cancelled more than AT_JOBS_KEEP_MS ago.
 */
int at_jobs_run(struct at_desk *d, size_t max, size_t *ran, size_t *failed);

/* The kind of job called `name`, or NULL when no module registered it. */
const struct at_job_kind *at_jobs_kind(const char *name);

#endif
