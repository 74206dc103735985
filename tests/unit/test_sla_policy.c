/* Service levels on tickets: policies, business-time clocks, pauses, warnings, triage. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "desk/desk.h"
#include "desk/jobs.h"
#include "desk/outbound.h"
#include "desk/sla_policy.h"
#include "desk/triage.h"
#include "jobs/jobs.h"

#define MINUTE (60LL * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

#define MON_2026_06_01_0900Z 1780304400000LL
#define FRI_2026_11_27_1500Z 1795791600000LL /* 16:00 in Berlin */
#define MON_2026_11_30_0900Z 1796029200000LL /* 10:00 in Berlin */
#define FRI_2026_03_27_1500Z 1774623600000LL /* 16:00 CET, before the clocks go forward */
#define TUE_2026_03_31_0800Z 1774944000000LL /* 10:00 CEST */

/* A mailer that records whom it was handed mail for. */
struct recorder {
    int sent;
    char to[8][64];
    char subject[8][160];
};

static int record(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    struct recorder *r = ctx;

    (void)e;
    if (r->sent < 8) {
        snprintf(r->to[r->sent], sizeof(r->to[0]), "%s", m->to);
        snprintf(r->subject[r->sent], sizeof(r->subject[0]), "%s", m->subject);
    }
    r->sent++;
    return 0;
}

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor agent, lead, customer;
    struct recorder rec;
    struct at_mailer mailer;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, MON_2026_06_01_0900Z);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "maya@example.com", "Maya Lind",
                   AT_ROLE_AGENT, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lead@example.com", "Lou Lead", AT_ROLE_LEAD,
                   &f->lead);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.com", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    test_desk_stop(f->st, &f->arena);
    test_free(f);
    return 0;
}

/* Opens a ticket for `email` as the agent; `prio` < 0 leaves the priority to triage. */
static int64_t open_ticket(struct fixture *f, const char *email, int prio, const char *body)
{
    struct at_new_ticket nt = {.subject = "Printer on fire",
                               .body = body ? body : "The printer does not print.",
                               .customer_email = email,
                               .customer_name = "Some Customer",
                               .set_priority = prio >= 0,
                               .priority = prio >= 0 ? (enum at_priority)prio : AT_PRIORITY_NORMAL};
    struct at_errinfo e = {0};
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, &t, &e), 0);
    return t.id;
}

static struct at_ticket get(struct fixture *f, int64_t id)
{
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, id, &f->arena, &t, NULL), 0);
    return t;
}

static void set_tier(struct fixture *f, const char *email, const char *tier)
{
    struct at_customer c;
    struct at_customer_change ch = {.tier = tier};

    assert_int_equal(f->st->tickets->customer_by_email(f->st, email, &f->arena, &c), 0);
    assert_int_equal(at_desk_customer_update(&f->d, &f->agent, c.id, &ch, &f->arena, NULL, NULL),
                     0);
}

static int64_t add_policy(struct fixture *f, const char *name, const char *priority,
                          const char *tier, int64_t calendar, int fr, int nr, int res)
{
    struct at_sla_policy_input in = {.name = name,
                                     .set_priority = true,
                                     .priority = priority,
                                     .tier = tier,
                                     .set_calendar = calendar > 0,
                                     .calendar_id = calendar,
                                     .set_first_response = true,
                                     .set_next_response = true,
                                     .set_resolution = true,
                                     .first_response_min = fr,
                                     .next_response_min = nr,
                                     .resolution_min = res};
    struct at_sla_policy p;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_sla_policy_add(&f->d, &at_actor_system, &in, &f->arena, &p, &e), 0);
    return p.id;
}

/* Weekdays 9 to 17 in Berlin, with the given holidays. */
static int64_t berlin(struct fixture *f, const char **holidays, size_t n)
{
    static const char *weekdays[] = {"mon", "tue", "wed", "thu", "fri"};
    struct at_sla_hours h = {.days = weekdays, .ndays = 5, .open = "09:00", .close = "17:00"};
    struct at_sla_calendar_input in = {.name = "Berlin office",
                                       .tz = "Europe/Berlin",
                                       .set_hours = true,
                                       .hours = &h,
                                       .nhours = 1,
                                       .set_holidays = n > 0,
                                       .holidays = holidays,
                                       .nholidays = n};
    struct at_sla_calendar c;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, &c, &e), 0);
    return c.id;
}

static struct at_sla_view view(struct fixture *f, int64_t id)
{
    struct at_ticket t = get(f, id);
    struct at_sla_reader r;
    struct at_sla_view v;

    at_sla_reader_init(&r, &f->d);
    at_sla_reader_view(&r, &t, &v);
    at_sla_reader_release(&r);
    return v;
}

static int count_events(struct fixture *f, int64_t id, const char *kind)
{
    struct at_event *ev;
    size_t n;
    int k = 0;

    assert_int_equal(f->st->tickets->event_list(f->st, id, &f->arena, &ev, &n), 0);
    for (size_t i = 0; i < n; i++)
        k += strcmp(ev[i].kind, kind) == 0;
    return k;
}

static void reply(struct fixture *f, const struct at_actor *who, int64_t id, const char *body,
                  enum at_visibility vis, const enum at_status *status)
{
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, who, id, body, vis, status, &f->arena, NULL, &e),
                     0);
}

/* ---- policies ---- */

/* The policy the desk's rule picks for `priority` and `tier` from every policy stored. */
static int match(struct fixture *f, int priority, const char *tier, struct at_sla_policy *out)
{
    struct at_sla_policy *all;
    const struct at_sla_policy *p;
    size_t n;

    assert_int_equal(f->st->sla->sla_policy_list(f->st, &f->arena, &all, &n), 0);
    p = at_sla_policy_pick(all, n, priority, tier);
    if (!p)
        return AT_ENOTFOUND;
    *out = *p;
    return 0;
}

/* Every ticket finds a policy: the default can be neither deleted nor narrowed. */
static void test_the_default_policy_stays_the_default(void **state)
{
    struct fixture *f = *state;
    struct at_sla_policy *list, p;
    struct at_errinfo e = {0};
    int64_t def = 0;
    size_t n;

    assert_int_equal(at_desk_sla_policy_list(&f->d, &f->agent, &f->arena, &list, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (list[i].priority == -1 && list[i].tier[0] == '\0')
            def = list[i].id;
    assert_true(def > 0);
    assert_int_equal(at_desk_sla_policy_delete(&f->d, &at_actor_system, def, &e), AT_ESTATE);
    assert_non_null(strstr(e.msg, "every ticket needs one"));
    assert_int_equal(at_desk_sla_policy_update(&f->d, &at_actor_system, def,
                                               &(struct at_sla_policy_input){.tier = "gold"},
                                               &f->arena, NULL, &e),
                     AT_ESTATE);
    assert_string_equal(e.field, "tier");
    assert_int_equal(at_desk_sla_policy_update(
                         &f->d, &at_actor_system, def,
                         &(struct at_sla_policy_input){.set_priority = true, .priority = "high"},
                         &f->arena, NULL, &e),
                     AT_ESTATE);
    assert_string_equal(e.field, "priority");
    /* its targets may change */
    assert_int_equal(
        at_desk_sla_policy_update(
            &f->d, &at_actor_system, def,
            &(struct at_sla_policy_input){.set_first_response = true, .first_response_min = 90},
            &f->arena, &p, &e),
        0);
    assert_int_equal(p.first_response_min, 90);
    assert_int_equal(match(f, 5 /* no policy has it */, "nobody-has-this-tier", &p), 0);
    assert_int_equal(p.id, def);
}

static void test_policy_choice_by_priority_and_tier(void **state)
{
    struct fixture *f = *state;
    struct at_sla_policy p;
    struct at_errinfo e = {0};

    add_policy(f, "Enterprise urgent", "urgent", "enterprise", 0, 15, 30, 240);
    add_policy(f, "Enterprise", NULL, "enterprise", 0, 120, 240, 1440);
    /* priority and tier; then the priority; then the tier; then the default */
    assert_int_equal(match(f, AT_PRIORITY_URGENT, "enterprise", &p), 0);
    assert_string_equal(p.name, "Enterprise urgent");
    assert_int_equal(match(f, AT_PRIORITY_HIGH, "enterprise", &p), 0);
    assert_string_equal(p.name, "High");
    assert_int_equal(match(f, AT_PRIORITY_URGENT, "standard", &p), 0);
    assert_string_equal(p.name, "Urgent");
    assert_int_equal(match(f, AT_PRIORITY_LOW, "", &p), 0);
    assert_string_equal(p.name, "Low");
    assert_int_equal(match(f, 5, "standard", &p), 0);
    assert_string_equal(p.name, "Default");

    /* a ticket gets its policy, and another when its priority changes */
    {
        int64_t id = open_ticket(f, "boss@bigco.example", AT_PRIORITY_URGENT, NULL);
        struct at_ticket_change ch = {.set_priority = true, .priority = AT_PRIORITY_HIGH};
        struct at_ticket t;

        set_tier(f, "boss@bigco.example", "enterprise");
        t = get(f, id);
        assert_string_equal(t.sla.policy_name, "Enterprise urgent");
        assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].due_at,
                         MON_2026_06_01_0900Z + 15 * MINUTE);
        assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e), 0);
        assert_string_equal(t.sla.policy_name, "High");
        assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].due_at,
                         MON_2026_06_01_0900Z + 240 * MINUTE);
    }
}

static void test_policy_and_calendar_input_is_checked(void **state)
{
    struct fixture *f = *state;
    static const char *mon[] = {"mon"}, *montue[] = {"mon", "tue"}, *bad_day[] = {"funday"};
    struct at_sla_hours inverted = {.days = mon, .ndays = 1, .open = "17:00", .close = "09:00"};
    struct at_sla_hours two[2] = {{.days = montue, .ndays = 2, .open = "09:00", .close = "17:00"},
                                  {.days = mon, .ndays = 1, .open = "12:00", .close = "13:00"}};
    struct at_sla_hours odd = {.days = bad_day, .ndays = 1, .open = "09:00", .close = "17:00"};
    const char *bad_date[] = {"2026-13-01"};
    struct at_sla_calendar_input in = {
        .name = "Office", .tz = "Europe/Berlin", .set_hours = true, .hours = two, .nhours = 1};
    struct at_sla_policy_input p = {.name = "Negative",
                                    .tier = "x",
                                    .set_first_response = true,
                                    .first_response_min = -1,
                                    .set_next_response = true,
                                    .set_resolution = true};
    struct at_sla_policy *list;
    struct at_errinfo e = {0};
    size_t n;

    in.tz = "Atlantis/Capital";
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "tz");
    in.tz = "Europe/Berlin";
    in.hours = &inverted;
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "hours[0].close");
    in.hours = two;
    in.nhours = 2;
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "hours[1]");
    assert_non_null(strstr(e.msg, "overlaps"));
    in.hours = &odd;
    in.nhours = 1;
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "hours[0].days");
    in.hours = two;
    in.set_holidays = true;
    in.holidays = bad_date;
    in.nholidays = 1;
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &at_actor_system, &in, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "holidays[0]");
    in.set_holidays = false;
    assert_int_equal(at_desk_sla_calendar_add(&f->d, &f->lead, &in, &f->arena, NULL, &e), AT_EPERM);

    assert_int_equal(at_desk_sla_policy_add(&f->d, &at_actor_system, &p, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "first_response_minutes");
    p.first_response_min = 10;
    p.set_resolution = false;
    assert_int_equal(at_desk_sla_policy_add(&f->d, &at_actor_system, &p, &f->arena, NULL, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "resolution_minutes");
    p.set_resolution = true;
    assert_int_equal(at_desk_sla_policy_add(&f->d, &f->agent, &p, &f->arena, NULL, &e), AT_EPERM);
    assert_int_equal(at_desk_sla_policy_list(&f->d, &f->agent, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 5); /* nothing was added */
    assert_int_equal(at_desk_sla_policy_delete(&f->d, &at_actor_system, list[n - 1].id, &e),
                     list[n - 1].priority < 0 ? AT_ESTATE : 0);
    assert_int_equal(at_desk_sla_policy_list(&f->d, &f->customer, &f->arena, &list, &n, &e),
                     AT_EPERM);
    /* every change an admin made is in the audit log, with where it came from; refusals are not */
    {
        struct at_actor admin = at_actor_system;
        struct at_audit *log;
        size_t nlog;

        admin.address = "192.0.2.7";
        p.name = "Audited";
        p.first_response_min = 30;
        assert_int_equal(at_desk_sla_policy_add(&f->d, &admin, &p, &f->arena, NULL, &e), 0);
        assert_int_equal(f->st->people->audit_list(f->st, 0, 10, &f->arena, &log, &nlog), 0);
        assert_true(nlog >= 1);
        assert_string_equal(log[0].action, "sla.policy.add");
        assert_string_equal(log[0].detail, "Audited");
        assert_string_equal(log[0].address, "192.0.2.7");
        for (size_t i = 0; i < nlog; i++)
            assert_string_not_equal(log[i].action, "sla.calendar.add");
    }
}

static size_t due_follow_ups(struct fixture *f, int64_t ticket, int64_t *run_at)
{
    struct at_job *jobs;
    size_t n, found = 0;

    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DUE, 1000, &f->arena, &jobs, &n), 0);
    for (size_t i = 0; i < n; i++)
        if (jobs[i].ticket_id == ticket && strcmp(jobs[i].kind, "follow_up") == 0) {
            found++;
            *run_at = jobs[i].run_at;
        }
    return found;
}

static void test_the_policy_says_when_to_check_in_after_a_solve(void **state)
{
    struct fixture *f = *state;
    enum at_status solved = AT_STATUS_SOLVED;
    struct at_sla_policy_input none = {.set_follow_up = true, .follow_up_hours = 0};
    struct at_sla_policy_input day = {.set_follow_up = true, .follow_up_hours = 24};
    struct at_sla_policy_input bad = {.set_follow_up = true, .follow_up_hours = 5000};
    struct at_sla_policy *list;
    struct at_errinfo e = {0};
    int64_t urgent = 0, low = 0, a, b, c, run_at = 0;
    size_t n;

    assert_int_equal(at_desk_sla_policy_list(&f->d, &f->agent, &f->arena, &list, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(list[i].follow_up_hours, 72); /* three days unless set */
        if (list[i].priority == AT_PRIORITY_URGENT)
            urgent = list[i].id;
        if (list[i].priority == AT_PRIORITY_LOW)
            low = list[i].id;
    }
    assert_int_equal(
        at_desk_sla_policy_update(&f->d, &at_actor_system, urgent, &day, &f->arena, NULL, &e), 0);
    assert_int_equal(
        at_desk_sla_policy_update(&f->d, &at_actor_system, low, &none, &f->arena, NULL, &e), 0);
    assert_int_equal(
        at_desk_sla_policy_update(&f->d, &at_actor_system, low, &bad, &f->arena, NULL, &e),
        AT_EINVAL);
    assert_string_equal(e.field, "follow_up_hours");

    a = open_ticket(f, "a@example.com", AT_PRIORITY_URGENT, NULL);
    b = open_ticket(f, "b@example.com", AT_PRIORITY_LOW, NULL);
    c = open_ticket(f, "c@example.com", AT_PRIORITY_NORMAL, NULL);
    reply(f, &f->agent, a, "Fixed.", AT_VIS_PUBLIC, &solved);
    reply(f, &f->agent, b, "Fixed.", AT_VIS_PUBLIC, &solved);
    reply(f, &f->agent, c, "Fixed.", AT_VIS_PUBLIC, &solved);
    assert_int_equal(due_follow_ups(f, a, &run_at), 1);
    assert_int_equal(run_at, get(f, a).solved_at + 24LL * 3600 * 1000);
    assert_int_equal(due_follow_ups(f, b, &run_at), 0);
    assert_int_equal(due_follow_ups(f, c, &run_at), 1);
    assert_int_equal(run_at, get(f, c).solved_at + 72LL * 3600 * 1000);
}

static int part_points(const struct at_ticket *t, const char *name)
{
    const char *p = strstr(t->sla.triage_parts, name);

    assert_non_null(p);
    p = strstr(p, "\"points\":");
    assert_non_null(p);
    return atoi(p + 9);
}

static void test_waiting_tickets_are_scored_again_as_time_passes(void **state)
{
    struct fixture *f = *state;
    enum at_status pending = AT_STATUS_PENDING;
    int64_t waiting = open_ticket(f, "a@example.com", -1, NULL);
    int64_t parked = open_ticket(f, "b@example.com", -1, NULL);
    struct at_ticket before, after;
    size_t scored;

    reply(f, &f->agent, parked, "Could you send the error message?", AT_VIS_PUBLIC, &pending);
    before = get(f, waiting);
    assert_int_equal(part_points(&before, "\"waiting\""), 0);
    /* fresh scores are left alone */
    at_clock_advance(&f->clock, 60000);
    assert_int_equal(at_desk_triage_refresh(&f->d, 15 * 60000, 100, &scored), 0);
    assert_int_equal(scored, 0);
    /* a day later the wait counts, for the ticket waiting on the team only */
    at_clock_advance(&f->clock, 24LL * 3600 * 1000);
    assert_int_equal(at_desk_triage_refresh(&f->d, 15 * 60000, 100, &scored), 0);
    assert_int_equal(scored, 1);
    after = get(f, waiting);
    assert_true(part_points(&after, "\"waiting\"") > 0);
    assert_true(after.sla.triage_score > before.sla.triage_score);
    assert_int_equal(after.sla.triage_at, at_clock_now(&f->clock));
    assert_true(get(f, parked).sla.triage_at < at_clock_now(&f->clock));
}

/* ---- due times in business time ---- */

static void test_due_over_a_weekend_in_berlin(void **state)
{
    struct fixture *f = *state;
    int64_t cal = berlin(f, NULL, 0), id;
    struct at_ticket t;

    add_policy(f, "Berlin", "normal", "berlin", cal, 120, 240, 960);
    at_clock_fake_init(&f->clock, FRI_2026_11_27_1500Z);
    id = open_ticket(f, "kunde@example.de", AT_PRIORITY_NORMAL, NULL);
    set_tier(f, "kunde@example.de", "berlin");
    t = get(f, id);
    assert_string_equal(t.sla.policy_name, "Berlin");
    /* one hour on Friday (16:00-17:00), the second on Monday from 9:00 */
    assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].due_at, MON_2026_11_30_0900Z);
    /* 16 hours: 1 on Friday, 8 on Monday, 7 on Tuesday, until 16:00 (15:00Z) */
    assert_int_equal(t.sla.clock[AT_CLOCK_RESOLUTION].due_at,
                     MON_2026_11_30_0900Z - HOUR + DAY + 7 * HOUR);
}

/* A clock that went past due is late all night on the wall clock, in no working minute. */
static void test_late_overnight_counts_the_wall_clock(void **state)
{
    struct fixture *f = *state;
    int64_t cal = berlin(f, NULL, 0), id;
    struct at_sla_view v;

    add_policy(f, "Berlin", "normal", "berlin", cal, 120, 240, 960);
    at_clock_fake_init(&f->clock, FRI_2026_11_27_1500Z);
    id = open_ticket(f, "kunde@example.de", AT_PRIORITY_NORMAL, NULL);
    set_tier(f, "kunde@example.de", "berlin");
    assert_int_equal(view(f, id).clock[AT_CLOCK_FIRST_RESPONSE].late_minutes, 0);
    /* due Monday 09:00Z; at the close (17:00 in Berlin, 16:00Z) seven working hours late */
    at_clock_fake_init(&f->clock, MON_2026_11_30_0900Z + 7 * HOUR);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "breached");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].minutes_left, -7 * 60);
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].late_minutes, 7 * 60);
    /* twelve hours later, before opening: no working minute more, twelve hours more late */
    at_clock_advance(&f->clock, 12 * HOUR);
    v = view(f, id);
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].minutes_left, -7 * 60);
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].late_minutes, 19 * 60);
}

static void test_due_skips_a_holiday_across_the_dst_change(void **state)
{
    struct fixture *f = *state;
    const char *holidays[] = {"2026-03-30"};
    int64_t cal = berlin(f, holidays, 1), id;
    struct at_ticket t;
    struct at_sla_view v;

    add_policy(f, "Berlin", "normal", "berlin", cal, 120, 240, 960);
    at_clock_fake_init(&f->clock, FRI_2026_03_27_1500Z);
    id = open_ticket(f, "kunde@example.de", AT_PRIORITY_NORMAL, NULL);
    set_tier(f, "kunde@example.de", "berlin");
    t = get(f, id);
    /* Friday 16:00 CET + 1 h; the clocks go forward on Sunday; Monday is a holiday: Tuesday
       10:00 CEST, which is 08:00 UTC rather than 09:00 */
    assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].due_at, TUE_2026_03_31_0800Z);
    /* over the weekend the business time left does not go down */
    at_clock_advance(&f->clock, 2 * DAY);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "ok");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].minutes_left, 60);
}

/* ---- the clocks move with the conversation ---- */

static void test_pending_pauses_and_the_time_is_added_back(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", AT_PRIORITY_NORMAL, NULL);
    enum at_status pending = AT_STATUS_PENDING;
    struct at_ticket t = get(f, id);
    int64_t due = t.sla.clock[AT_CLOCK_RESOLUTION].due_at;
    struct at_sla_view v;

    assert_string_equal(t.sla.policy_name, "Normal"); /* 24x7 UTC: 72 h to resolve */
    assert_int_equal(due, MON_2026_06_01_0900Z + 72 * HOUR);
    at_clock_advance(&f->clock, HOUR);
    reply(f, &f->agent, id, "Which model is it?", AT_VIS_PUBLIC, &pending);
    at_clock_advance(&f->clock, 10 * HOUR);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_RESOLUTION].state, "paused");
    assert_int_equal(v.clock[AT_CLOCK_RESOLUTION].minutes_left, 71 * 60);
    assert_int_equal(get(f, id).sla.next_due, INT64_MAX); /* nothing runs: not in due order */
    reply(f, &f->customer, id, "The LX-200.", AT_VIS_PUBLIC, NULL);
    t = get(f, id);
    assert_int_equal(t.status, AT_STATUS_OPEN);
    assert_int_equal(t.sla.clock[AT_CLOCK_RESOLUTION].due_at, due + 10 * HOUR);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_RESOLUTION].state, "ok");
    assert_int_equal(v.clock[AT_CLOCK_RESOLUTION].minutes_left, 71 * 60);
}

static void test_first_response_met_by_a_public_reply_not_a_note(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", AT_PRIORITY_NORMAL, NULL);
    struct at_sla_view v;

    at_clock_advance(&f->clock, 10 * MINUTE);
    reply(f, &f->agent, id, "Checking the logs first", AT_VIS_INTERNAL, NULL);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "ok");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].met_at, 0);
    at_clock_advance(&f->clock, 10 * MINUTE);
    reply(f, &f->agent, id, "Hi Lena, I am on it.", AT_VIS_PUBLIC, NULL);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "met");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].met_at, MON_2026_06_01_0900Z + 20 * MINUTE);
    assert_false(v.clock[AT_CLOCK_NEXT_RESPONSE].started);
}

static void test_next_response_after_a_customer_message(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", AT_PRIORITY_NORMAL, NULL);
    struct at_ticket t;
    int64_t at;

    reply(f, &f->agent, id, "Hi Lena, I am on it.", AT_VIS_PUBLIC, NULL);
    at_clock_advance(&f->clock, 2 * HOUR);
    at = at_clock_now(&f->clock);
    reply(f, &f->customer, id, "Any news?", AT_VIS_PUBLIC, NULL);
    t = get(f, id);
    assert_int_equal(t.sla.clock[AT_CLOCK_NEXT_RESPONSE].start_at, at);
    assert_int_equal(t.sla.clock[AT_CLOCK_NEXT_RESPONSE].due_at, at + 960 * MINUTE);
    assert_int_equal(t.sla.next_due, at + 960 * MINUTE);
    /* a second message while we have not answered keeps the clock where it was */
    at_clock_advance(&f->clock, HOUR);
    reply(f, &f->customer, id, "Hello?", AT_VIS_PUBLIC, NULL);
    assert_int_equal(get(f, id).sla.clock[AT_CLOCK_NEXT_RESPONSE].start_at, at);
    reply(f, &f->agent, id, "Fixed tomorrow.", AT_VIS_PUBLIC, NULL);
    assert_string_equal(view(f, id).clock[AT_CLOCK_NEXT_RESPONSE].state, "met");
}

static void test_warning_and_breach_states_over_time(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", AT_PRIORITY_URGENT, NULL);
    struct at_sla_view v;

    /* urgent: first response within 60 business minutes; warning with 25% (15 min) left */
    v = view(f, id);
    assert_string_equal(v.policy, "Urgent");
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "ok");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].minutes_left, 60);
    at_clock_advance(&f->clock, 44 * MINUTE);
    assert_string_equal(view(f, id).clock[AT_CLOCK_FIRST_RESPONSE].state, "ok");
    at_clock_advance(&f->clock, 2 * MINUTE);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "warning");
    assert_string_equal(v.state, "warning");
    at_clock_advance(&f->clock, 20 * MINUTE);
    v = view(f, id);
    assert_string_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].state, "breached");
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].minutes_left, -6);
    assert_int_equal(v.clock[AT_CLOCK_FIRST_RESPONSE].late_minutes, 6);
    assert_string_equal(v.state, "breached");
    /* answered late: the clock stays breached, as a record */
    reply(f, &f->agent, id, "Sorry for the wait.", AT_VIS_PUBLIC, NULL);
    assert_string_equal(view(f, id).clock[AT_CLOCK_FIRST_RESPONSE].state, "breached");
}

static void test_warning_percent_is_a_setting(void **state)
{
    struct fixture *f = *state;
    int64_t id;

    f->d.sla_warning_percent = 50;
    id = open_ticket(f, "lena@example.com", AT_PRIORITY_URGENT, NULL);
    assert_int_equal(get(f, id).sla.clock[AT_CLOCK_FIRST_RESPONSE].warn_at,
                     MON_2026_06_01_0900Z + 30 * MINUTE);
}

static void test_sla_check_records_once_and_mails_assignee_and_leads(void **state)
{
    struct fixture *f = *state;
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent.user_id};
    struct at_user disabled;
    int64_t id;
    size_t ran;
    int to_agent = 0, to_lead = 0;

    f->mailer = (struct at_mailer){.send = record,
                                   .ctx = &f->rec,
                                   .from = "help@desk.example",
                                   .from_name = "Desk",
                                   .domain = "desk.example"};
    f->d.mailer = &f->mailer;
    /* a lead who left gets nothing */
    assert_int_equal(at_desk_user_add(&f->d, &at_actor_system, "gone@example.com", "Gone Lead",
                                      AT_ROLE_LEAD, "secret-pass", &f->arena, &disabled, NULL),
                     0);
    disabled.disabled = true;
    assert_int_equal(f->st->people->user_update(f->st, &disabled), 0);

    id = open_ticket(f, "lena@example.com", AT_PRIORITY_URGENT, NULL);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, NULL), 0);
    /* nothing due yet */
    assert_int_equal(at_jobs_run(&f->d, 50, &ran, NULL), 0);
    assert_int_equal(count_events(f, id, "sla_warning"), 0);
    /* the warning time of the first response (45 min) passes */
    at_clock_advance(&f->clock, 46 * MINUTE);
    assert_int_equal(at_jobs_run(&f->d, 50, &ran, NULL), 0);
    assert_true(ran >= 1);
    assert_int_equal(count_events(f, id, "sla_warning"), 1);
    assert_int_equal(count_events(f, id, "sla_breach"), 0);
    /* running again, or another change to the ticket, records nothing new */
    assert_int_equal(at_jobs_run(&f->d, 50, &ran, NULL), 0);
    reply(f, &f->agent, id, "A note", AT_VIS_INTERNAL, NULL);
    assert_int_equal(count_events(f, id, "sla_warning"), 1);
    /* the due time passes */
    at_clock_advance(&f->clock, 20 * MINUTE);
    assert_int_equal(at_jobs_run(&f->d, 50, &ran, NULL), 0);
    assert_int_equal(at_jobs_run(&f->d, 50, &ran, NULL), 0);
    assert_int_equal(count_events(f, id, "sla_breach"), 1);
    assert_int_equal(count_events(f, id, "sla_warning"), 1);
    /* each was mailed to the assignee and the active lead, once */
    assert_int_equal(f->rec.sent, 4);
    for (int i = 0; i < 4; i++) {
        to_agent += strcmp(f->rec.to[i], "maya@example.com") == 0;
        to_lead += strcmp(f->rec.to[i], "lead@example.com") == 0;
    }
    assert_int_equal(to_agent, 2);
    assert_int_equal(to_lead, 2);
    assert_non_null(strstr(f->rec.subject[0], "SLA warning"));
    assert_non_null(strstr(f->rec.subject[3], "SLA breach"));
    /* the breached view finds it */
    {
        struct at_view_query q = {.view = AT_VIEW_BREACHED};
        struct at_ticket_page page;

        assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &page, NULL), 0);
        assert_int_equal(page.n, 1);
        assert_int_equal(page.items[0].id, id);
    }
}

/* ---- triage ---- */

static void test_triage_orders_by_need(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_text_engine *eng = at_text_load(NULL, &e);
    struct at_customer c;
    struct at_customer_change ch = {
        .tier = "enterprise", .set_value = true, .lifetime_value_cents = 2500000};
    int64_t calm, angry;
    struct at_ticket a, b;

    assert_non_null(eng);
    f->d.text = eng;
    calm = open_ticket(f, "lena@example.com", -1,
                       "Thank you so much, everything works great. Just curious about colours.");
    angry = open_ticket(f, "boss@bigco.example", -1,
                        "This is URGENT!! You charged us twice and nobody answers. I am furious "
                        "and we will cancel the contract.");
    assert_int_equal(f->st->tickets->customer_by_email(f->st, "boss@bigco.example", &f->arena, &c),
                     0);
    assert_int_equal(at_desk_customer_update(&f->d, &f->agent, c.id, &ch, &f->arena, NULL, &e), 0);
    at_clock_advance(&f->clock, 3 * HOUR);
    reply(f, &f->customer, calm, "Thanks again!", AT_VIS_PUBLIC, NULL);
    /* time passes for both; the angry one waited longer */
    {
        struct at_ticket_change none = {.set_group = true, .group_name = "billing"};

        assert_int_equal(
            at_desk_ticket_update(&f->d, &f->agent, angry, &none, &f->arena, NULL, NULL), 0);
    }
    a = get(f, angry);
    b = get(f, calm);
    assert_true(a.sla.triage_score > b.sla.triage_score + 20);
    assert_false(a.sla.priority_manual);
    /* the automatic priority follows the score */
    assert_int_equal(a.priority, at_triage_band(a.sla.triage_score));
    assert_int_equal(b.priority, at_triage_band(b.sla.triage_score));
    assert_non_null(strstr(a.sla.triage_parts, "\"risk\""));
    /* and the queue sorted by triage puts the angry one first */
    {
        struct at_view_query q = {.view = AT_VIEW_OPEN, .sort_set = true, .sort = AT_SORT_TRIAGE};
        struct at_ticket_page page;

        assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &page, NULL), 0);
        assert_int_equal(page.n, 2);
        assert_int_equal(page.items[0].id, angry);
    }
    f->d.text = NULL;
    at_text_free(eng);
}

/*
 * An outage with a threat to cancel, reported a minute ago by a standard
 * customer, comes before a thank-you note from an enterprise customer that
 * has waited a day and a half past its first response.
 */
static void test_triage_puts_an_outage_above_a_thank_you_note(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_text_engine *eng = at_text_load(NULL, &e);
    struct at_customer c;
    struct at_customer_change ch = {
        .tier = "enterprise", .set_value = true, .lifetime_value_cents = 2500000};
    int64_t thanks, outage;
    struct at_ticket t, o;
    size_t scored = 0;

    assert_non_null(eng);
    f->d.text = eng;
    thanks = open_ticket(f, "happy@bigco.example", -1,
                         "Just wanted to say thanks to Maya who helped me last week. The problem "
                         "hasn't come back and you made my day much easier.");
    assert_int_equal(f->st->tickets->customer_by_email(f->st, "happy@bigco.example", &f->arena, &c),
                     0);
    assert_int_equal(at_desk_customer_update(&f->d, &f->agent, c.id, &ch, &f->arena, NULL, &e), 0);
    at_clock_advance(&f->clock, 36 * HOUR);
    outage = open_ticket(f, "ops@small.example", -1,
                         "URGENT: site is down, we are losing money every minute. Fix it NOW or "
                         "we cancel.");
    at_clock_advance(&f->clock, 60000);
    assert_int_equal(at_desk_triage_refresh(&f->d, 0, 100, &scored), 0);
    t = get(f, thanks);
    o = get(f, outage);
    assert_true(o.sla.triage_score > t.sla.triage_score);
    assert_non_null(strstr(o.sla.triage_parts, "asks for speed"));
    assert_non_null(strstr(o.sla.triage_parts, "wants to cancel"));
    assert_non_null(strstr(t.sla.triage_parts, "a content customer"));
    {
        struct at_view_query q = {.view = AT_VIEW_OPEN, .sort_set = true, .sort = AT_SORT_TRIAGE};
        struct at_ticket_page page;

        assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &page, NULL), 0);
        assert_int_equal(page.n, 2);
        assert_int_equal(page.items[0].id, outage);
    }
    f->d.text = NULL;
    at_text_free(eng);
}

static int parts_sum(const struct at_triage *t)
{
    int sum = 0;

    for (size_t i = 0; i < t->nparts; i++)
        sum += t->parts[i].points;
    return sum;
}

static void test_triage_parts_add_up_and_manual_priority_clamps(void **state)
{
    struct at_triage_input angry = {
        .analysis = "{\"polarity\":-0.7,\"service\":[\"frustration\"],\"service_scores\":"
                    "{\"frustration\":0.9},\"urgency\":0.8,\"risk\":{\"level\":\"high\","
                    "\"kind\":\"churn\",\"score\":0.9,\"reason\":\"wants to cancel\"}}",
        .tier = "enterprise",
        .lifetime_value_cents = 5000000,
        .waiting_ms = 30 * HOUR,
        .sla_running = true,
        .sla_clock = "first response",
        .sla_left_ms = -5 * MINUTE,
        .sla_target_ms = 60 * MINUTE,
        .repeat_7d = 1,
        .repeat_30d = 2};
    struct at_triage_input calm = {
        .analysis = "{\"polarity\":0.8,\"service\":[\"gratitude\"],\"service_scores\":"
                    "{\"gratitude\":0.9},\"urgency\":0,\"risk\":{\"level\":\"none\"}}",
        .tier = "standard"};
    struct at_triage a, c, m;
    struct at_buf json = AT_BUF_INIT(AT_BUF_NOLIMIT);

    (void)state;
    at_triage_score(&angry, &a);
    at_triage_score(&calm, &c);
    assert_int_equal(parts_sum(&a), a.score);
    assert_int_equal(parts_sum(&c), c.score);
    assert_true(a.score >= 75 && a.score <= 100);
    assert_true(c.score < 25);
    assert_int_equal(at_triage_band(a.score), AT_PRIORITY_URGENT);
    assert_int_equal(at_triage_band(c.score), AT_PRIORITY_LOW);

    angry.manual = true;
    angry.priority = AT_PRIORITY_LOW;
    at_triage_score(&angry, &m);
    assert_true(m.score <= 24);
    assert_int_equal(parts_sum(&m), m.score);
    assert_string_equal(m.parts[m.nparts - 1].name, "manual priority");
    assert_non_null(strstr(m.parts[m.nparts - 1].why, "by hand"));
    calm.manual = true;
    calm.priority = AT_PRIORITY_HIGH;
    at_triage_score(&calm, &m);
    assert_int_equal(m.score, 50);
    assert_int_equal(parts_sum(&m), m.score);

    assert_int_equal(at_triage_parts_json(&a, &json), 0);
    assert_non_null(strstr(json.data, "\"name\":\"urgency\""));
    at_buf_release(&json);
}

static void test_manual_priority_stays_on_the_ticket(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", -1, NULL);
    struct at_ticket_change ch = {.set_priority = true, .priority = AT_PRIORITY_URGENT};
    struct at_ticket t;

    t = get(f, id);
    assert_false(t.sla.priority_manual);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, NULL), 0);
    assert_true(t.sla.priority_manual);
    assert_true(t.sla.triage_score >= 75);
    assert_non_null(strstr(t.sla.triage_parts, "set by hand"));
    reply(f, &f->customer, id, "Thanks, all good now.", AT_VIS_PUBLIC, NULL);
    t = get(f, id);
    assert_int_equal(t.priority, AT_PRIORITY_URGENT);
    assert_true(t.sla.triage_score >= 75);
}

static void test_a_deleted_policy_leaves_the_clocks_running(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, "lena@example.com", AT_PRIORITY_URGENT, NULL);
    struct at_ticket t = get(f, id);
    struct at_errinfo e = {0};

    at_clock_advance(&f->clock, 10 * MINUTE);
    reply(f, &f->agent, id, "On it.", AT_VIS_PUBLIC, NULL);
    assert_int_equal(at_desk_sla_policy_delete(&f->d, &at_actor_system, t.sla.policy_id, &e), 0);
    at_clock_advance(&f->clock, 10 * MINUTE);
    reply(f, &f->agent, id, "A note", AT_VIS_INTERNAL, NULL);
    t = get(f, id);
    assert_string_equal(t.sla.policy_name, "Default");
    assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].met_at,
                     MON_2026_06_01_0900Z + 10 * MINUTE);
    assert_int_equal(t.sla.clock[AT_CLOCK_RESOLUTION].start_at, MON_2026_06_01_0900Z);
    assert_int_equal(t.sla.clock[AT_CLOCK_RESOLUTION].due_at, MON_2026_06_01_0900Z + 72 * HOUR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_policy_says_when_to_check_in_after_a_solve, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_waiting_tickets_are_scored_again_as_time_passes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_default_policy_stays_the_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_choice_by_priority_and_tier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_and_calendar_input_is_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_over_a_weekend_in_berlin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_late_overnight_counts_the_wall_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_skips_a_holiday_across_the_dst_change, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pending_pauses_and_the_time_is_added_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_first_response_met_by_a_public_reply_not_a_note, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_next_response_after_a_customer_message, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_warning_and_breach_states_over_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warning_percent_is_a_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sla_check_records_once_and_mails_assignee_and_leads,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_triage_orders_by_need, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triage_puts_an_outage_above_a_thank_you_note, setup,
                                        teardown),
        cmocka_unit_test(test_triage_parts_add_up_and_manual_priority_clamps),
        cmocka_unit_test_setup_teardown(test_manual_priority_stays_on_the_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_deleted_policy_leaves_the_clocks_running, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
