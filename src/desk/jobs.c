/* Due work of the desk: follow-ups after a fix and reminders, and their kinds of job. */
#include "desk/jobs.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

#include "core/banned.h"

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

const struct at_job_kind at_job_follow_up = {"follow_up", run_follow_up, true};
const struct at_job_kind at_job_reminder = {"reminder", run_reminder, true};
