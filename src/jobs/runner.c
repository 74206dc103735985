/* The job runner: takes due jobs with a lease, runs them by their kind, retries failures. */
#include "jobs/jobs.h"

#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "desk/outbound.h"
#include "desk/sla_policy.h"
#include "desk/survey.h"
#include "desk/upload.h"

#include "core/banned.h"

#define LEASE_MS      (5LL * 60 * 1000)
#define RETRY_BASE_MS (30LL * 1000)
#define RETRY_MAX_MS  (60LL * 60 * 1000)

/* The registry: every kind of job, each defined by the desk module it belongs to. */
static const struct at_job_kind *const kinds[] = {
    &at_job_follow_up, /* desk/jobs.c */
    &at_job_reminder,  /* desk/jobs.c */
    &at_job_mail_out,  /* desk/outbound.c */
    &at_job_survey,    /* desk/survey.c */
    &at_job_sla_check, /* desk/sla_policy.c */
};

const struct at_job_kind *at_jobs_kind(const char *name)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(kinds[i]->kind, name) == 0)
            return kinds[i];
    return NULL;
}

static int run_one(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                   struct at_errinfo *e)
{
    struct at_store *st = d->store;
    const struct at_job_kind *r = at_jobs_kind(j->kind);
    int ret;

    if (!r)
        return at_errinfo_set(e, AT_EINVAL, NULL, "no runner for jobs of kind %s", j->kind);
    if (!r->in_tx) {
        ret = r->run(d, j, arena, e);
        return ret ? ret : st->jobs->job_finish(st, j->id, true, NULL, 0, at_clock_now(d->clock));
    }
    ret = at_desk_begin(d);
    if (ret)
        return ret;
    ret = r->run(d, j, arena, e);
    if (ret == 0)
        ret = st->jobs->job_finish(st, j->id, true, NULL, 0, at_clock_now(d->clock));
    if (ret == 0)
        return at_desk_commit(d);
    at_desk_rollback(d);
    return ret;
}

int at_jobs_run(struct at_desk *d, size_t max, size_t *ran, size_t *failed)
{
    struct at_store *st = d->store;
    size_t n_ran = 0, n_failed = 0;
    int ret = 0;

    for (size_t i = 0; i < max; i++) {
        struct at_arena arena = AT_ARENA_INIT;
        struct at_errinfo e = {0};
        struct at_job j;
        int64_t t = at_clock_now(d->clock);
        int r;

        ret = st->jobs->job_take(st, t, t + LEASE_MS, &arena, &j);
        if (ret == AT_ENOTFOUND) {
            ret = 0;
            at_arena_release(&arena);
            break;
        }
        if (ret) {
            at_arena_release(&arena);
            break;
        }
        if (j.attempts > j.max_attempts) {
            /* its workers kept stopping half-way (a crash it causes?): give up, for a lead to see
             */
            at_log_error("jobs", "job %lld (%s) was started %d times and never finished; it failed",
                         (long long)j.id, j.kind, j.attempts - 1);
            st->jobs->job_finish(st, j.id, false,
                                 "its worker stopped before it finished, each time",
                                 at_clock_now(d->clock), at_clock_now(d->clock));
            n_failed++;
            at_arena_release(&arena);
            continue;
        }
        r = run_one(d, &j, &arena, &e);
        if (r) {
            int64_t delay = RETRY_BASE_MS << (j.attempts < 7 ? j.attempts : 7);

            if (delay > RETRY_MAX_MS)
                delay = RETRY_MAX_MS;
            at_log_warn("jobs", "job %lld (%s) failed, attempt %d of %d: %s", (long long)j.id,
                        j.kind, j.attempts, j.max_attempts, e.msg[0] ? e.msg : at_err_name(r));
            st->jobs->job_finish(st, j.id, false, e.msg[0] ? e.msg : at_err_name(r),
                                 at_clock_now(d->clock) + delay, at_clock_now(d->clock));
            n_failed++;
        } else {
            n_ran++;
        }
        at_arena_release(&arena);
    }
    if (ret == 0 && at_clock_now(d->clock) - d->triage_refreshed_at >= AT_TRIAGE_EVERY) {
        size_t scored = 0;

        d->triage_refreshed_at = at_clock_now(d->clock);
        if (at_desk_triage_refresh(d, AT_TRIAGE_STALE, AT_TRIAGE_BATCH, &scored) == 0 && scored)
            at_log_debug("jobs", "scored %zu waiting tickets again", scored);
    }
    if (ret == 0 && at_clock_now(d->clock) - d->jobs_purged_at >= AT_JOBS_PURGE_EVERY) {
        int64_t n = 0;

        d->jobs_purged_at = at_clock_now(d->clock);
        if (st->jobs->job_purge(st, at_clock_now(d->clock) - AT_JOBS_KEEP_MS, 5000, &n) == 0 && n)
            at_log_info("jobs", "cleared %lld finished jobs", (long long)n);
        n = 0;
        if (at_desk_uploads_purge(d, &n) == 0 && n)
            at_log_info("jobs", "deleted %lld files uploaded and never sent", (long long)n);
    }
    if (ran)
        *ran = n_ran;
    if (failed)
        *failed = n_failed;
    return ret;
}
