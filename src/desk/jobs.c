/* Due work: follow-ups after a fix, reminders, outbound mail; the runner. */
#include "desk/jobs.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "desk/outbound.h"
#include "desk/sla_policy.h"
#include "desk/survey.h"

#include "core/banned.h"

#define LEASE_MS      (5LL * 60 * 1000)
#define RETRY_BASE_MS (30LL * 1000)
#define RETRY_MAX_MS  (60LL * 60 * 1000)

static int schedule(struct at_desk *d, const char *kind, int64_t ticket_id, int64_t at,
                    const char *payload, const char *dedupe)
{
    struct at_job j = {.kind = kind,
                       .ticket_id = ticket_id,
                       .payload = payload ? payload : "",
                       .run_at = at,
                       .max_attempts = 5,
                       .dedupe = dedupe,
                       .created_at = desk_now(d)};

    return d->store->jobs->job_add(d->store, &j, NULL);
}

/* A solved ticket is followed up a few days later: one check-in per solve. */
static int follow_up_after_solve(struct at_desk *d, const struct at_ticket *t)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_sla_policy p;
    int64_t delay = AT_FOLLOW_UP_DELAY_MS;
    char key[64];
    int64_t n;
    int ret;

    /* the ticket's service level policy says when to check in (0 hours: not at all) */
    if (t->sla.policy_id &&
        d->store->sla->sla_policy_get(d->store, t->sla.policy_id, &arena, &p) == 0)
        delay = (int64_t)p.follow_up_hours * 3600 * 1000;
    at_arena_release(&arena);
    /* one follow-up per solve: a ticket solved again gets a new one */
    ret = d->store->jobs->job_cancel(d->store, t->id, "follow_up", desk_now(d), &n);
    snprintf(key, sizeof(key), "follow_up:%lld:%lld", (long long)t->id, (long long)t->solved_at);
    if (ret == 0 && delay > 0)
        ret = schedule(d, "follow_up", t->id, t->solved_at + delay, "", key);
    return ret == AT_ECONFLICT ? 0 : ret;
}

int at_desk_follow_up_hook(struct at_desk *d, const struct at_ticket_changed *c,
                           struct at_errinfo *e)
{
    (void)e;
    if (c->what & AT_TC_SOLVED)
        return follow_up_after_solve(d, c->ticket);
    /* the customer wrote first, or the ticket is open again: no check-in needed */
    if (c->what & (AT_TC_CUSTOMER_MESSAGE | AT_TC_REOPENED))
        return at_desk_jobs_ticket_active(d, c->ticket->id);
    return 0;
}

int at_desk_jobs_ticket_active(struct at_desk *d, int64_t ticket_id)
{
    int64_t n;

    return d->store->jobs->job_cancel(d->store, ticket_id, "follow_up", desk_now(d), &n);
}

int at_desk_follow_up_set(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                          int64_t at, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket t;
    int64_t n;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff schedule follow-ups");
    if (at && at <= desk_now(d))
        return at_errinfo_set(e, AT_EINVAL, "at", "a follow-up must be in the future");
    ret = at_desk_ticket_get(d, who, ticket_id, &arena, &t, e);
    if (ret == 0)
        ret = at_desk_begin(d);
    if (ret == 0) {
        at = at ? at : desk_now(d) + AT_FOLLOW_UP_DELAY_MS;
        /* an explicit request replaces whatever was scheduled: no dedupe key, so two requests
           in the same millisecond both succeed and the later one stands */
        ret = d->store->jobs->job_cancel(d->store, ticket_id, "follow_up", desk_now(d), &n);
        if (ret == 0)
            ret = schedule(d, "follow_up", ticket_id, at, "", NULL);
        if (ret == 0)
            ret = d->store->tickets->event_add(d->store,
                                               &(struct at_event){.ticket_id = ticket_id,
                                                                  .actor_id = who->user_id,
                                                                  .kind = "follow_up",
                                                                  .old_value = "",
                                                                  .new_value = "scheduled",
                                                                  .created_at = desk_now(d)});
        if (ret)
            at_desk_rollback(d);
        else
            ret = at_desk_commit(d);
        if (ret && ret != AT_ENOTFOUND)
            at_errinfo_set(e, ret, NULL, "the database failed; try again");
    }
    at_arena_release(&arena);
    return ret;
}

int at_desk_follow_up_cancel(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket t;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff cancel follow-ups");
    ret = at_desk_ticket_get(d, who, ticket_id, &arena, &t, e);
    if (ret == 0 && at_desk_jobs_ticket_active(d, ticket_id) != 0)
        ret = at_errinfo_set(e, AT_ESTORE, NULL, "the database failed; try again");
    at_arena_release(&arena);
    return ret;
}

int at_desk_reminder_add(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                         int64_t at, const char *note, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket t;
    json_t *p;
    char *payload;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff set reminders");
    if (at <= desk_now(d))
        return at_errinfo_set(e, AT_EINVAL, "at", "a reminder must be in the future");
    if (!note || !at_str_trim(at_str_from(note)).n || strlen(note) > 2000 ||
        !at_utf8_valid(note, strlen(note)))
        return at_errinfo_set(e, AT_EINVAL, "note", "note must be text of 1 to 2000 bytes");
    ret = at_desk_ticket_get(d, who, ticket_id, &arena, &t, e);
    at_arena_release(&arena);
    if (ret)
        return ret;
    p = json_pack("{s:I, s:s}", "user_id", (json_int_t)who->user_id, "note", note);
    payload = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    ret = schedule(d, "reminder", ticket_id, at, payload, NULL);
    free(payload);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return 0;
}

/* The check-in after a fix: a short personal message, while the ticket is still solved. */
static int run_follow_up(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                         struct at_errinfo *e)
{
    struct at_ticket t;
    struct at_customer c;
    struct at_user agent;
    struct at_actor who = at_actor_system;
    const char *first;
    char *text;
    int ret;

    ret = d->store->tickets->ticket_get(d->store, j->ticket_id, arena, &t);
    if (ret)
        return ret;
    if (t.status != AT_STATUS_SOLVED)
        return 0; /* reopened or closed meanwhile: nothing to ask */
    ret = d->store->tickets->customer_get(d->store, t.customer_id, arena, &c);
    if (ret)
        return ret;
    if (t.assignee_id && d->store->people->user_get(d->store, t.assignee_id, arena, &agent) == 0 &&
        !agent.disabled)
        at_actor_from_user(&who, &agent);
    first = at_first_name(arena, c.preferred_name, c.name);
    text = at_arena_printf(arena,
                           "Hi %s, I wanted to check in about \"%s\" (#%lld). Is everything "
                           "still working as you hoped? If anything is not right, just reply "
                           "here and I will pick it up straight away.%s%s",
                           first, t.subject, (long long)t.number, who.user_id ? "\n\n" : "",
                           who.user_id ? who.name : "");
    return at_desk_message_add(d, &who, t.id, text, AT_VIS_PUBLIC,
                               &(enum at_status){AT_STATUS_SOLVED}, arena, NULL, e);
}

static int run_reminder(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                        struct at_errinfo *e)
{
    json_t *p = json_loads(j->payload, 0, NULL);
    const char *note = p ? json_string_value(json_object_get(p, "note")) : NULL;
    int64_t user_id = p ? (int64_t)json_integer_value(json_object_get(p, "user_id")) : 0;
    struct at_user u;
    struct at_actor who;
    int ret;

    if (!note || d->store->people->user_get(d->store, user_id, arena, &u) != 0) {
        json_decref(p);
        return at_errinfo_set(e, AT_EINVAL, NULL, "reminder without a note or an owner");
    }
    at_actor_from_user(&who, &u);
    ret = at_desk_message_add(d, &who, j->ticket_id,
                              at_arena_printf(arena, "Reminder for %s: %s", u.name, note),
                              AT_VIS_INTERNAL, NULL, arena, NULL, e);
    json_decref(p);
    return ret == AT_ESTATE ? 0 : ret; /* a closed ticket needs no reminder */
}

static int run_mail_out(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                        struct at_errinfo *e)
{
    (void)arena;
    return at_desk_mail_send_job(d, j->payload, e);
}

/*
 * What runs each kind of job. A job "in_tx" writes its effects and its "done"
 * in one transaction, so it runs once even when the process dies half-way.
 * One that talks to the outside world (mail) runs outside any transaction and
 * is marked done after it succeeded: killed in between, it runs again.
 */
static const struct runner {
    const char *kind;
    int (*run)(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
               struct at_errinfo *e);
    bool in_tx;
} runners[] = {
    {"follow_up", run_follow_up, true},         {"reminder", run_reminder, true},
    {"mail_out", run_mail_out, false},          {"survey", at_desk_survey_job, true},
    {"sla_check", at_desk_sla_check_job, true},
};

static int run_one(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                   struct at_errinfo *e)
{
    struct at_store *st = d->store;
    const struct runner *r = NULL;
    int ret;

    for (size_t i = 0; i < sizeof(runners) / sizeof(runners[0]); i++)
        if (strcmp(runners[i].kind, j->kind) == 0)
            r = &runners[i];
    if (!r)
        return at_errinfo_set(e, AT_EINVAL, NULL, "no runner for jobs of kind %s", j->kind);
    if (!r->in_tx) {
        ret = r->run(d, j, arena, e);
        return ret ? ret : st->jobs->job_finish(st, j->id, true, NULL, 0, desk_now(d));
    }
    ret = at_desk_begin(d);
    if (ret)
        return ret;
    ret = r->run(d, j, arena, e);
    if (ret == 0)
        ret = st->jobs->job_finish(st, j->id, true, NULL, 0, desk_now(d));
    if (ret == 0)
        return at_desk_commit(d);
    at_desk_rollback(d);
    return ret;
}

int at_desk_jobs_run(struct at_desk *d, size_t max, size_t *ran, size_t *failed)
{
    struct at_store *st = d->store;
    size_t n_ran = 0, n_failed = 0;
    int ret = 0;

    for (size_t i = 0; i < max; i++) {
        struct at_arena arena = AT_ARENA_INIT;
        struct at_errinfo e = {0};
        struct at_job j;
        int64_t t = desk_now(d);
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
        r = run_one(d, &j, &arena, &e);
        if (r) {
            int64_t delay = RETRY_BASE_MS << (j.attempts < 7 ? j.attempts : 7);

            if (delay > RETRY_MAX_MS)
                delay = RETRY_MAX_MS;
            at_log_warn("jobs", "job %lld (%s) failed, attempt %d of %d: %s", (long long)j.id,
                        j.kind, j.attempts, j.max_attempts, e.msg[0] ? e.msg : at_err_name(r));
            st->jobs->job_finish(st, j.id, false, e.msg[0] ? e.msg : at_err_name(r),
                                 desk_now(d) + delay, desk_now(d));
            n_failed++;
        } else {
            n_ran++;
        }
        at_arena_release(&arena);
    }
    if (ret == 0 && desk_now(d) - d->triage_refreshed_at >= AT_TRIAGE_EVERY) {
        size_t scored = 0;

        d->triage_refreshed_at = desk_now(d);
        if (at_desk_triage_refresh(d, AT_TRIAGE_STALE, AT_TRIAGE_BATCH, &scored) == 0 && scored)
            at_log_debug("jobs", "scored %zu waiting tickets again", scored);
    }
    if (ret == 0 && desk_now(d) - d->jobs_purged_at >= AT_JOBS_PURGE_EVERY) {
        int64_t n = 0;

        d->jobs_purged_at = desk_now(d);
        if (st->jobs->job_purge(st, desk_now(d) - AT_JOBS_KEEP_MS, 5000, &n) == 0 && n)
            at_log_info("jobs", "cleared %lld finished jobs", (long long)n);
    }
    if (ran)
        *ran = n_ran;
    if (failed)
        *failed = n_failed;
    return ret;
}
