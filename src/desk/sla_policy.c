/* Service levels at work: the clocks of tickets, warnings and breaches, triage, and reading them.
 */
#include "desk/sla_policy.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"
#include "desk/sla_int.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "desk/jobs.h"
#include "desk/outbound.h"
#include "desk/sla.h"
#include "desk/triage.h"
#include "desk/vocabulary.h"

#include "core/banned.h"
#define NONE   INT64_MAX
#define DAY_MS (24LL * 3600 * 1000)

static const char *const clock_names[] = {"first_response", "next_response", "resolution"};

/* The arithmetic's view of a stored calendar; false when its zone cannot be loaded. */
static bool to_calendar(const struct at_sla_calendar *c, struct at_calendar *out)
{
    struct at_errinfo e = {0};
    const struct at_tz *tz = desk_zone(c->tz, &e);

    if (!tz) {
        at_log_warn("sla", "calendar %lld: time zone %s: %s; counting in UTC", (long long)c->id,
                    c->tz, e.msg);
        tz = desk_zone("UTC", &e);
        if (!tz)
            return false;
    }
    out->tz = tz;
    memcpy(out->open_min, c->open_min, sizeof(out->open_min));
    memcpy(out->close_min, c->close_min, sizeof(out->close_min));
    out->holidays = c->holidays;
    out->nholidays = c->nholidays;
    return true;
}

/* ---- the clocks ---- */

static int warning_percent(const struct at_desk *d)
{
    int p = d->sla_warning_percent;

    return p > 0 && p < 100 ? p : AT_SLA_WARNING_PERCENT;
}

/* Due and warning times of a started clock from its start, target and paused time. */
static void derive(const struct at_calendar *cal, int pct, struct at_sla_clock *c)
{
    int64_t target = (int64_t)c->target_min * 60000;
    int64_t before_warning = target - target * pct / 100;

    if (!c->start_at) {
        c->due_at = c->warn_at = 0;
        return;
    }
    c->due_at = at_sla_due(cal, c->start_at, target + c->paused_ms);
    c->warn_at = at_sla_due(cal, c->start_at, before_warning + c->paused_ms);
    if (c->due_at < 0) /* a calendar without working time: the clock never runs out */
        c->due_at = c->warn_at = NONE;
}

static bool running(const struct at_ticket_sla *s, const struct at_sla_clock *c)
{
    return c->start_at && !c->met_at && !s->paused_at;
}

static const char *clock_state(const struct at_ticket_sla *s, const struct at_sla_clock *c,
                               int64_t at)
{
    if (!c->start_at)
        return NULL;
    if (c->met_at)
        return c->met_at <= c->due_at ? "met" : "breached";
    if (s->paused_at)
        return c->due_at <= s->paused_at ? "breached" : "paused";
    if (at >= c->due_at)
        return "breached";
    if (at >= c->warn_at)
        return "warning";
    return "ok";
}

/* Business ms left on a clock at `at` (at its pause while paused); negative when overdue. */
static int64_t left_ms(const struct at_calendar *cal, const struct at_ticket_sla *s,
                       const struct at_sla_clock *c, int64_t at)
{
    int64_t from = s->paused_at ? s->paused_at : at;

    if (c->due_at == NONE)
        return NONE;
    if (from <= c->due_at)
        return at_sla_business_ms(cal, from, c->due_at);
    return -at_sla_business_ms(cal, c->due_at, from);
}

/* Sets the targets of the policy on the clocks that started. */
static void retarget(struct at_ticket_sla *s, const struct at_sla_policy *p)
{
    int32_t targets[AT_CLOCK_COUNT] = {p->first_response_min, p->next_response_min,
                                       p->resolution_min};

    s->policy_id = p->id;
    s->policy_name = p->name;
    s->calendar_id = p->calendar_id;
    for (int k = 0; k < AT_CLOCK_COUNT; k++)
        s->clock[k].target_min = targets[k];
}

static bool policy_differs(const struct at_ticket_sla *s, const struct at_sla_policy *p)
{
    return s->policy_id != p->id || s->calendar_id != p->calendar_id ||
           s->clock[AT_CLOCK_FIRST_RESPONSE].target_min != p->first_response_min ||
           s->clock[AT_CLOCK_NEXT_RESPONSE].target_min != p->next_response_min ||
           s->clock[AT_CLOCK_RESOLUTION].target_min != p->resolution_min ||
           strcmp(s->policy_name ? s->policy_name : "", p->name) != 0;
}

static bool waiting_on_customer(enum at_status st)
{
    return st == AT_STATUS_PENDING || st == AT_STATUS_ON_HOLD || st == AT_STATUS_SOLVED ||
           st == AT_STATUS_CLOSED;
}

static int event(struct at_desk *d, int64_t ticket_id, const char *kind, const char *old_value,
                 const char *new_value)
{
    struct at_event ev = {.ticket_id = ticket_id,
                          .actor_id = 0,
                          .kind = kind,
                          .old_value = old_value,
                          .new_value = new_value,
                          .created_at = desk_now(d)};

    return d->store->tickets->event_add(d->store, &ev);
}

/* Mails a warning or breach to the assignee and every active lead (nothing when mail is off). */
static int notify(struct at_desk *d, const struct at_ticket *t, int k, bool breach,
                  struct at_arena *arena, struct at_errinfo *e)
{
    const struct at_sla_clock *c = &t->sla.clock[k];
    struct at_user *users = NULL;
    size_t n = 0;
    char due[32];
    const char *subject, *text;
    int ret;

    at_time_format(c->due_at, due, sizeof(due));
    subject = at_arena_printf(arena, "SLA %s: #%lld %s %s", breach ? "breach" : "warning",
                              (long long)t->number, at_vocab_clock_label(k),
                              breach ? "overdue" : "due soon");
    text =
        at_arena_printf(arena,
                        "Ticket #%lld \"%s\" %s its %s target (policy %s): due %s UTC, "
                        "%d business minutes after it started.\n",
                        (long long)t->number, t->subject, breach ? "has gone past" : "is close to",
                        at_vocab_clock_label(k), t->sla.policy_name, due, c->target_min);
    if (!d->mailer)
        return 0;
    ret = d->store->people->user_list(d->store, false, arena, &users, &n);
    if (ret)
        return desk_store_err(e, ret, "finding the leads");
    if (t->assignee_id) {
        ret = at_desk_mail_user(d, t->assignee_id, t->id, subject, text, e);
        if (ret)
            return ret;
    }
    for (size_t i = 0; i < n; i++) {
        if (users[i].role != AT_ROLE_LEAD || users[i].disabled || users[i].id == t->assignee_id)
            continue;
        ret = at_desk_mail_user(d, users[i].id, t->id, subject, text, e);
        if (ret)
            return ret;
    }
    return 0;
}

/* Records warnings and breaches that are due on running clocks, once per clock and due time. */
static int record_due(struct at_desk *d, struct at_ticket *t, struct at_arena *arena,
                      struct at_errinfo *e)
{
    int64_t at = desk_now(d);
    int ret = 0;

    for (int k = 0; ret == 0 && k < AT_CLOCK_COUNT; k++) {
        struct at_sla_clock *c = &t->sla.clock[k];
        char due[32];

        if (!running(&t->sla, c) || c->due_at == NONE)
            continue;
        at_time_format(c->due_at, due, sizeof(due));
        if (at >= c->due_at && c->breach_for != c->due_at) {
            ret = event(d, t->id, "sla_breach", clock_names[k], due);
            if (ret == 0)
                ret = notify(d, t, k, true, arena, e);
            c->breach_for = c->warned_for = c->due_at;
        } else if (at >= c->warn_at && at < c->due_at && c->warned_for != c->due_at) {
            ret = event(d, t->id, "sla_warning", clock_names[k], due);
            if (ret == 0)
                ret = notify(d, t, k, false, arena, e);
            c->warned_for = c->due_at;
        }
    }
    return ret;
}

/* The ticket-level summary: earliest due and warning times, and whether a clock is breached. */
static void summarise(struct at_ticket_sla *s, int64_t at)
{
    s->next_due = s->next_warn = NONE;
    s->breached = false;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &s->clock[k];
        const char *state = clock_state(s, c, at);

        if (state && strcmp(state, "breached") == 0)
            s->breached = true;
        if (!running(s, c))
            continue;
        if (c->due_at < s->next_due)
            s->next_due = c->due_at;
        if (c->warn_at < s->next_warn)
            s->next_warn = c->warn_at;
    }
}

/* The analysis of the latest customer message with one, or "". */
static const char *latest_analysis(struct at_desk *d, int64_t ticket_id, struct at_arena *arena)
{
    struct at_message *m = NULL;
    size_t n = 0;

    if (d->store->tickets->message_list(d->store, ticket_id, false, arena, &m, &n) != 0)
        return "";
    for (size_t i = n; i-- > 0;)
        if (m[i].author_customer_id && m[i].analysis && m[i].analysis[0])
            return m[i].analysis;
    return "";
}

static int score(struct at_desk *d, struct at_ticket *t, const struct at_calendar *cal,
                 const struct at_customer *cust, const char *analysis, struct at_arena *arena)
{
    struct at_triage_input in = {0};
    struct at_triage tr;
    struct at_buf json = AT_BUF_INIT(AT_BUF_NOLIMIT);
    int64_t at = desk_now(d);
    double worst = 2.0;
    int ret;

    in.analysis = analysis;
    in.tier = cust->tier;
    in.lifetime_value_cents = cust->lifetime_value_cents;
    in.manual = t->sla.priority_manual;
    in.priority = t->priority;
    if (!waiting_on_customer(t->status)) {
        const struct at_sla_clock *nr = &t->sla.clock[AT_CLOCK_NEXT_RESPONSE];
        const struct at_sla_clock *fr = &t->sla.clock[AT_CLOCK_FIRST_RESPONSE];

        if (nr->start_at && !nr->met_at)
            in.waiting_ms = at - nr->start_at;
        else if (fr->start_at && !fr->met_at)
            in.waiting_ms = at - fr->start_at;
    }
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &t->sla.clock[k];
        int64_t target = (int64_t)c->target_min * 60000, left;
        double ratio;

        if (!c->start_at || c->met_at || c->due_at == NONE)
            continue;
        left = left_ms(cal, &t->sla, c, at);
        ratio = target > 0 ? (double)left / (double)target : (left > 0 ? 1.0 : -1.0);
        if (ratio < worst) {
            worst = ratio;
            in.sla_running = true;
            in.sla_clock = at_vocab_clock_label(k);
            in.sla_left_ms = left;
            in.sla_target_ms = target > 0 ? target : 1;
        }
    }
    ret = d->store->sla->ticket_recent_count(d->store, t->customer_id, t->id, at - 7 * DAY_MS,
                                             &in.repeat_7d);
    if (ret == 0)
        ret = d->store->sla->ticket_recent_count(d->store, t->customer_id, t->id, at - 30 * DAY_MS,
                                                 &in.repeat_30d);
    if (ret)
        return ret;
    at_triage_score(&in, &tr);
    at_triage_parts_json(&tr, &json);
    t->sla.triage_score = tr.score;
    t->sla.triage_parts = at_arena_strndup(arena, json.data, json.len);
    at_buf_release(&json);
    return 0;
}

const struct at_sla_policy *at_sla_policy_pick(const struct at_sla_policy *p, size_t n,
                                               int priority, const char *tier)
{
    const struct at_sla_policy *best = NULL;
    int best_rank = 0;

    if (!tier)
        tier = "";
    for (size_t i = 0; i < n; i++) {
        bool any_priority = p[i].priority == -1, any_tier = p[i].tier[0] == '\0';
        int rank;

        if ((!any_priority && p[i].priority != priority) ||
            (!any_tier && strcmp(p[i].tier, tier) != 0))
            continue;
        /* both, then the priority, then the tier, then the default */
        rank = !any_priority && !any_tier ? 4 : !any_priority ? 3 : !any_tier ? 2 : 1;
        if (rank > best_rank) {
            best = &p[i];
            best_rank = rank;
        }
    }
    return best;
}

/* Loads the policy for the ticket's priority and tier and its calendar. */
static int policy_for(struct at_desk *d, const struct at_ticket *t, const struct at_customer *cust,
                      struct at_arena *arena, struct at_sla_policy *p, struct at_calendar *cal)
{
    struct at_sla_calendar c;
    struct at_sla_policy *all;
    const struct at_sla_policy *best;
    size_t n;
    int ret = d->store->sla->sla_policy_list(d->store, arena, &all, &n);

    if (ret == 0) {
        best = at_sla_policy_pick(all, n, (int)t->priority, cust->tier);
        if (best)
            *p = *best;
        else
            ret = AT_ENOTFOUND;
    }

    if (ret == 0)
        ret = d->store->sla->sla_calendar_get(d->store, p->calendar_id, arena, &c);
    if (ret == 0 && !to_calendar(&c, cal))
        ret = AT_ESTORE;
    return ret;
}

/* True when the instants at which sla_check jobs should run differ between `a` and `b`. */
static bool schedule_differs(const struct at_ticket_sla *a, const struct at_ticket_sla *b)
{
    if (!a->clock[AT_CLOCK_FIRST_RESPONSE].start_at)
        return true;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *x = &a->clock[k], *y = &b->clock[k];

        if (running(a, x) != running(b, y))
            return true;
        if (running(b, y) && (x->due_at != y->due_at || x->warn_at != y->warn_at ||
                              x->warned_for != y->warned_for || x->breach_for != y->breach_for))
            return true;
    }
    return false;
}

static int reschedule(struct at_desk *d, const struct at_ticket *t)
{
    int64_t n, at = desk_now(d);
    /* the checks only ever move: the old ones go, no cancelled rows pile up */
    int ret = d->store->jobs->job_drop(d->store, t->id, "sla_check", &n);

    for (int k = 0; ret == 0 && k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &t->sla.clock[k];
        int64_t when[2] = {c->warn_at, c->due_at};
        bool wanted[2] = {c->warned_for != c->due_at, c->breach_for != c->due_at};

        if (!running(&t->sla, c) || c->due_at == NONE)
            continue;
        for (int i = 0; ret == 0 && i < 2; i++) {
            struct at_job j = {.kind = "sla_check",
                               .ticket_id = t->id,
                               .payload = "",
                               .run_at = when[i] > at ? when[i] : at,
                               .max_attempts = 5,
                               .created_at = at};

            if (wanted[i] && (i == 1 || when[0] < when[1]))
                ret = d->store->jobs->job_add(d->store, &j, NULL);
        }
    }
    return ret;
}

int at_desk_sla_ticket(struct at_desk *d, struct at_ticket *t, enum at_sla_cause cause,
                       const char *analysis, struct at_arena *out_arena, struct at_errinfo *out_e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_errinfo le = {0}, *e = &le;
    struct at_ticket_sla *s = &t->sla;
    struct at_ticket_sla before = t->sla;
    struct at_customer cust;
    struct at_sla_policy p;
    struct at_calendar cal;
    int64_t at = desk_now(d);
    int pct = warning_percent(d);
    int ret;

    ret = d->store->tickets->customer_get(d->store, t->customer_id, &arena, &cust);
    if (ret == 0)
        ret = policy_for(d, t, &cust, &arena, &p, &cal);
    if (ret) {
        at_errinfo_set(e, ret == AT_ENOTFOUND ? AT_ESTORE : ret, NULL,
                       "the service level policy of the ticket cannot be read; try again");
        goto out;
    }

    /* first time (a new ticket, or one from before service levels); a ticket whose policy was
       deleted keeps its clocks and takes the next matching policy's targets */
    if (!s->clock[AT_CLOCK_FIRST_RESPONSE].start_at || cause == AT_SLA_CREATED) {
        int64_t start = t->created_at ? t->created_at : at;

        memset(s->clock, 0, sizeof(s->clock));
        s->clock[AT_CLOCK_FIRST_RESPONSE].start_at = start;
        s->clock[AT_CLOCK_RESOLUTION].start_at = start;
        if (t->first_response_at)
            s->clock[AT_CLOCK_FIRST_RESPONSE].met_at = t->first_response_at;
        s->paused_at = 0;
        retarget(s, &p);
    } else if (policy_differs(s, &p)) {
        retarget(s, &p);
    }

    /* a solved ticket has met its resolution target; reopened, the clock runs on */
    if (t->status == AT_STATUS_SOLVED || t->status == AT_STATUS_CLOSED) {
        if (!s->clock[AT_CLOCK_RESOLUTION].met_at)
            s->clock[AT_CLOCK_RESOLUTION].met_at = t->solved_at ? t->solved_at : at;
    } else {
        s->clock[AT_CLOCK_RESOLUTION].met_at = 0;
    }
    /* waiting on the customer: the clocks stand still; back with us: the time is added back */
    if (waiting_on_customer(t->status)) {
        if (!s->paused_at)
            s->paused_at = at;
    } else if (s->paused_at) {
        for (int k = 0; k < AT_CLOCK_COUNT; k++) {
            struct at_sla_clock *c = &s->clock[k];

            if (c->start_at && !c->met_at)
                c->paused_ms += at_sla_business_ms(&cal, s->paused_at, at);
        }
        s->paused_at = 0;
    }

    if (cause == AT_SLA_STAFF_REPLY) {
        for (int k = AT_CLOCK_FIRST_RESPONSE; k <= AT_CLOCK_NEXT_RESPONSE; k++)
            if (s->clock[k].start_at && !s->clock[k].met_at)
                s->clock[k].met_at = at;
    } else if (cause == AT_SLA_CUSTOMER_MESSAGE) {
        struct at_sla_clock *nr = &s->clock[AT_CLOCK_NEXT_RESPONSE];

        /* after the first answer, each message the customer sends starts the next-response clock */
        if (s->clock[AT_CLOCK_FIRST_RESPONSE].met_at && (!nr->start_at || nr->met_at)) {
            memset(nr, 0, sizeof(*nr));
            nr->start_at = at;
            nr->target_min = p.next_response_min;
        }
    }
    for (int k = 0; k < AT_CLOCK_COUNT; k++)
        derive(&cal, pct, &s->clock[k]);

    if (!analysis)
        analysis = latest_analysis(d, t->id, &arena);
    ret = score(d, t, &cal, &cust, analysis, &arena);
    /* the priority follows the score unless staff set it by hand; the policy follows it */
    if (ret == 0 && !s->priority_manual && at_triage_band(s->triage_score) != t->priority) {
        enum at_priority band = at_triage_band(s->triage_score);

        if (cause != AT_SLA_CREATED)
            ret =
                event(d, t->id, "priority", at_priority_name(t->priority), at_priority_name(band));
        t->priority = band;
        if (ret == 0)
            ret = policy_for(d, t, &cust, &arena, &p, &cal);
        if (ret == 0 && policy_differs(s, &p)) {
            retarget(s, &p);
            for (int k = 0; k < AT_CLOCK_COUNT; k++)
                derive(&cal, pct, &s->clock[k]);
            ret = score(d, t, &cal, &cust, analysis, &arena);
        }
    }
    if (ret == 0 && t->status != AT_STATUS_SOLVED && t->status != AT_STATUS_CLOSED)
        ret = record_due(d, t, &arena, e);
    summarise(s, at);
    s->triage_at = at;
    if (ret == 0)
        ret = d->store->sla->ticket_sla_set(d->store, t->id, t->priority, s);
    /* jobs only move when their times do (most changes leave them where they are) */
    if (ret == 0 && schedule_differs(&before, s))
        ret = reschedule(d, t);
out:
    if (ret && !e->msg[0])
        desk_store_err(e, ret, "updating the service level clocks");
    if (ret && out_e)
        *out_e = le;
    /* what `t` keeps must outlive this function's arena */
    s->policy_name = at_arena_strdup(out_arena, s->policy_name ? s->policy_name : "");
    s->triage_parts = at_arena_strdup(out_arena, s->triage_parts ? s->triage_parts : "[]");
    at_arena_release(&arena);
    return ret;
}

int at_desk_sla_customer_changed(struct at_desk *d, int64_t customer_id, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket_query q = {0};
    struct at_ticket *items = NULL;
    size_t n = 0;
    int ret;

    q.filter.customer_id = customer_id;
    q.filter.status_mask = AT_STATUS_UNSOLVED;
    q.sort = AT_SORT_OLDEST;
    q.limit = 500;
    ret = d->store->tickets->ticket_list(d->store, &q, &arena, &items, &n);
    for (size_t i = 0; ret == 0 && i < n; i++)
        ret = at_desk_sla_ticket(d, &items[i], AT_SLA_CHANGED, NULL, &arena, e);
    if (ret && e && !e->msg[0])
        desk_store_err(e, ret, "updating the service level clocks");
    at_arena_release(&arena);
    return ret;
}

int at_desk_triage_refresh(struct at_desk *d, int64_t older_than, size_t limit, size_t *scored)
{
    struct at_arena arena = AT_ARENA_INIT;
    int64_t *ids;
    size_t n, done = 0;
    int ret;

    ret = d->store->sla->ticket_triage_stale(d->store, desk_now(d) - older_than, limit, &arena,
                                             &ids, &n);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        struct at_arena one = AT_ARENA_INIT;
        struct at_ticket t;

        /* one transaction a ticket: a ticket that cannot be scored holds up no other */
        ret = at_desk_begin(d);
        if (ret)
            break;
        ret = d->store->tickets->ticket_get(d->store, ids[i], &one, &t);
        if (ret == 0)
            ret = at_desk_sla_ticket(d, &t, AT_SLA_TICK, NULL, &one, NULL);
        if (ret == 0) {
            ret = at_desk_commit(d);
            done += ret == 0;
        } else {
            at_desk_rollback(d);
            at_log_warn("sla", "ticket %lld could not be scored again (%s)", (long long)ids[i],
                        at_err_name(ret));
            ret = ret == AT_ESTORE ? ret : 0;
        }
        at_arena_release(&one);
    }
    at_arena_release(&arena);
    if (scored)
        *scored = done;
    return ret;
}

int at_desk_sla_check_job(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                          struct at_errinfo *e)
{
    struct at_ticket t;
    int ret = d->store->tickets->ticket_get(d->store, j->ticket_id, arena, &t);

    if (ret == AT_ENOTFOUND)
        return 0;
    if (ret)
        return desk_store_err(e, ret, "reading the ticket");
    if (t.status == AT_STATUS_CLOSED)
        return 0;
    return at_desk_sla_ticket(d, &t, AT_SLA_TICK, NULL, arena, e);
}

/* ---- reading ---- */

void at_sla_reader_init(struct at_sla_reader *r, struct at_desk *d)
{
    memset(r, 0, sizeof(*r));
    r->desk = d;
    r->now = desk_now(d);
    r->arena = AT_ARENA_INIT;
}

void at_sla_reader_release(struct at_sla_reader *r)
{
    at_arena_release(&r->arena);
    r->ncals = 0;
}

static bool reader_calendar(struct at_sla_reader *r, int64_t id, struct at_calendar *out)
{
    struct at_sla_calendar *c = NULL;

    for (size_t i = 0; i < r->ncals; i++)
        if (r->cals[i].id == id)
            c = &r->cals[i];
    if (!c) {
        struct at_sla_calendar tmp;

        if (r->desk->store->sla->sla_calendar_get(r->desk->store, id, &r->arena, &tmp) != 0)
            return false;
        if (r->ncals < sizeof(r->cals) / sizeof(r->cals[0])) {
            r->cals[r->ncals] = tmp;
            c = &r->cals[r->ncals++];
        } else {
            r->cals[0] = tmp;
            c = &r->cals[0];
        }
    }
    return to_calendar(c, out);
}

void at_sla_reader_view(struct at_sla_reader *r, const struct at_ticket *t, struct at_sla_view *out)
{
    static const char *const rank[] = {"met", "ok", "paused", "warning", "breached"};
    const struct at_ticket_sla *s = &t->sla;
    struct at_calendar cal;
    int worst = -1;

    memset(out, 0, sizeof(*out));
    out->state = "none";
    if (!s->clock[AT_CLOCK_FIRST_RESPONSE].start_at || !reader_calendar(r, s->calendar_id, &cal))
        return;
    out->applied = true;
    out->policy = s->policy_name;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &s->clock[k];
        struct at_sla_clock_view *v = &out->clock[k];

        v->name = clock_names[k];
        v->state = clock_state(s, c, r->now);
        if (!v->state)
            continue;
        v->started = true;
        v->due_at = c->due_at == NONE ? 0 : c->due_at;
        v->met_at = c->met_at;
        v->target_min = c->target_min;
        if (c->met_at)
            v->minutes_left = 0;
        else {
            int64_t left = left_ms(&cal, s, c, r->now);

            int64_t from = s->paused_at ? s->paused_at : r->now;

            v->minutes_left = left == NONE ? 0 : left / 60000;
            /* a clock due at six last night is late all night, in no working minute */
            if (c->due_at != NONE && from > c->due_at)
                v->late_minutes = (from - c->due_at) / 60000;
        }
        for (int i = 0; i < 5; i++)
            if (strcmp(rank[i], v->state) == 0 && i > worst)
                worst = i;
    }
    out->state = worst >= 0 ? rank[worst] : "none";
}

int at_desk_sla_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    enum at_sla_cause cause = AT_SLA_CHANGED;
    const char *analysis = NULL;

    if (c->what & AT_TC_CREATED) {
        cause = AT_SLA_CREATED;
        analysis = c->analysis;
    } else if (c->what & AT_TC_CUSTOMER_MESSAGE) {
        cause = AT_SLA_CUSTOMER_MESSAGE;
        analysis = c->analysis && c->analysis[0] ? c->analysis : NULL;
    } else if (c->what & AT_TC_PUBLIC_REPLY) {
        cause = AT_SLA_STAFF_REPLY;
    }
    return at_desk_sla_ticket(d, c->ticket, cause, analysis, c->arena, e);
}

const struct at_job_kind at_job_sla_check = {"sla_check", at_desk_sla_check_job, true};
