/*
 * The store conformance suite for service levels and triage: calendars,
 * policies, each ticket's clocks and triage state. Written only against
 * st->sla and the tables it needs (tickets) in store.h, so every backend runs
 * it unchanged. A fresh store may come with calendars and policies of its own
 * (the migrations seed a default); the tests find theirs by id and clear what
 * they must through the interface.
 */
#include "testutil.h"

#include "desk/sla_policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer;
    int64_t other;
    int64_t calendar; /* "Test office", added by setup */
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_sla_calendar c = {
        .name = "Test office", .tz = "UTC", .created_at = 1, .updated_at = 1};

    for (int d = 1; d <= 5; d++) {
        c.open_min[d] = 9 * 60;
        c.close_min[d] = 17 * 60;
    }
    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    f->customer = test_customer_add_as(f->st, "Lena Park", "", "lena@x.org", "premium");
    f->other = test_customer_add_as(f->st, "Lena Park", "", "tomas@x.org", "premium");
    assert_int_equal(f->st->sla->sla_calendar_add(f->st, &c, &f->calendar), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    f->st->core->close(f->st);
    at_arena_release(&f->arena);
    test_free(f);
    return 0;
}

static int64_t add_ticket(struct fixture *f, int64_t customer, enum at_status status,
                          int64_t created)
{
    struct at_ticket t = {.subject = "Printer on fire",
                          .status = status,
                          .priority = AT_PRIORITY_NORMAL,
                          .channel = "web",
                          .customer_id = customer,
                          .group_name = "",
                          .created_at = created,
                          .updated_at = created};

    assert_int_equal(f->st->tickets->ticket_add(f->st, &t), 0);
    return t.id;
}

static struct at_sla_policy policy(struct fixture *f, const char *name, int priority,
                                   const char *tier, int32_t first_response)
{
    return (struct at_sla_policy){.name = name,
                                  .priority = priority,
                                  .tier = tier,
                                  .calendar_id = f->calendar,
                                  .first_response_min = first_response,
                                  .next_response_min = 2 * first_response,
                                  .resolution_min = 10 * first_response,
                                  .follow_up_hours = 48,
                                  .created_at = 100,
                                  .updated_at = 100};
}

static int64_t add_policy(struct fixture *f, const char *name, int priority, const char *tier,
                          int32_t first_response)
{
    struct at_sla_policy p = policy(f, name, priority, tier, first_response);
    int64_t id;

    assert_int_equal(f->st->sla->sla_policy_add(f->st, &p, &id), 0);
    assert_true(id > 0);
    return id;
}

static void assert_calendar(const struct at_sla_calendar *got, const struct at_sla_calendar *want)
{
    assert_int_equal(got->id, want->id);
    assert_string_equal(got->name, want->name);
    assert_string_equal(got->tz, want->tz);
    for (int d = 0; d < 7; d++) {
        assert_int_equal(got->open_min[d], want->open_min[d]);
        assert_int_equal(got->close_min[d], want->close_min[d]);
    }
    assert_int_equal(got->nholidays, want->nholidays);
    for (size_t i = 0; i < want->nholidays; i++)
        assert_int_equal(got->holidays[i], want->holidays[i]);
    assert_int_equal(got->created_at, want->created_at);
    assert_int_equal(got->updated_at, want->updated_at);
}

static void test_calendars_round_trip_with_hours_and_holidays(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int32_t holidays[] = {20261224, 20261225, 20270101};
    int32_t one[] = {20261231};
    struct at_sla_calendar c = {.name = "Berlin office",
                                .tz = "Europe/Berlin",
                                .holidays = holidays,
                                .nholidays = 3,
                                .created_at = 1000,
                                .updated_at = 1000};
    struct at_sla_calendar plain = {.name = "Night shift", .tz = "Asia/Tokyo"};
    struct at_sla_calendar got, *list;
    bool seen = false, seen_plain = false;
    int64_t id;
    size_t n;

    for (int d = 1; d <= 5; d++) {
        c.open_min[d] = 8 * 60 + 30;
        c.close_min[d] = 17 * 60 + 15;
    }
    c.open_min[6] = 600;
    c.close_min[6] = 840;
    assert_int_equal(st->sla->sla_calendar_add(st, &c, &c.id), 0);
    assert_true(c.id > 0);
    assert_int_not_equal(c.id, f->calendar);
    assert_int_equal(st->sla->sla_calendar_get(st, c.id, &f->arena, &got), 0);
    assert_calendar(&got, &c);

    /* names are unique */
    plain.name = "Berlin office";
    assert_int_equal(st->sla->sla_calendar_add(st, &plain, &id), AT_ECONFLICT);
    plain.name = "Night shift";
    plain.open_min[0] = 0; /* all days off, no holidays */
    assert_int_equal(st->sla->sla_calendar_add(st, &plain, &plain.id), 0);
    assert_int_equal(st->sla->sla_calendar_get(st, plain.id, &f->arena, &got), 0);
    assert_calendar(&got, &plain);

    /* an update writes name, zone, hours, holidays and updated_at */
    c.name = "Berlin HQ";
    c.tz = "Europe/Paris";
    c.open_min[6] = c.close_min[6] = 0;
    c.open_min[0] = 0;
    c.close_min[0] = 1440;
    c.holidays = one;
    c.nholidays = 1;
    c.updated_at = 2000;
    assert_int_equal(st->sla->sla_calendar_update(st, &c), 0);
    assert_int_equal(st->sla->sla_calendar_get(st, c.id, &f->arena, &got), 0);
    assert_calendar(&got, &c);
    c.holidays = NULL;
    c.nholidays = 0;
    c.updated_at = 3000;
    assert_int_equal(st->sla->sla_calendar_update(st, &c), 0);
    assert_int_equal(st->sla->sla_calendar_get(st, c.id, &f->arena, &got), 0);
    assert_calendar(&got, &c);
    c.holidays = holidays;
    c.nholidays = 3;
    assert_int_equal(st->sla->sla_calendar_update(st, &c), 0);

    /* an update cannot take another calendar's name */
    got = plain;
    got.name = "Berlin HQ";
    assert_int_equal(st->sla->sla_calendar_update(st, &got), AT_ECONFLICT);
    assert_int_equal(st->sla->sla_calendar_get(st, plain.id, &f->arena, &got), 0);
    assert_string_equal(got.name, "Night shift");

    assert_int_equal(st->sla->sla_calendar_list(st, &f->arena, &list, &n), 0);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        if (list[i].id == c.id) {
            assert_calendar(&list[i], &c);
            seen = true;
        } else if (list[i].id == plain.id) {
            assert_calendar(&list[i], &plain);
            seen_plain = true;
        }
    }
    assert_true(seen);
    assert_true(seen_plain);
    assert_int_equal(st->sla->sla_calendar_get(st, 99999, &f->arena, &got), AT_ENOTFOUND);
}

static void assert_policy(const struct at_sla_policy *got, const struct at_sla_policy *want,
                          int64_t id, const char *calendar_name)
{
    assert_int_equal(got->id, id);
    assert_string_equal(got->name, want->name);
    assert_int_equal(got->priority, want->priority);
    assert_string_equal(got->tier, want->tier);
    assert_int_equal(got->calendar_id, want->calendar_id);
    assert_int_equal(got->first_response_min, want->first_response_min);
    assert_int_equal(got->next_response_min, want->next_response_min);
    assert_int_equal(got->resolution_min, want->resolution_min);
    assert_int_equal(got->follow_up_hours, want->follow_up_hours);
    assert_int_equal(got->created_at, want->created_at);
    assert_int_equal(got->updated_at, want->updated_at);
    assert_string_equal(got->calendar_name, calendar_name);
}

static void test_policies_round_trip_and_unique_keys(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_sla_calendar night = {.name = "Night desk", .tz = "UTC"};
    struct at_sla_policy p = policy(f, "Gold urgent", AT_PRIORITY_URGENT, "gold", 15);
    struct at_sla_policy q, got, *list;
    int64_t id, other, dup;
    bool seen = false;
    size_t n;

    night.open_min[3] = 0;
    night.close_min[3] = 360;
    assert_int_equal(st->sla->sla_calendar_add(st, &night, &night.id), 0);
    p.follow_up_hours = 0;
    assert_int_equal(st->sla->sla_policy_add(st, &p, &id), 0);
    assert_int_equal(st->sla->sla_policy_get(st, id, &f->arena, &got), 0);
    assert_policy(&got, &p, id, "Test office");

    /* the name is unique, and so is (priority, tier) */
    q = policy(f, "Gold urgent", AT_PRIORITY_HIGH, "gold", 30);
    assert_int_equal(st->sla->sla_policy_add(st, &q, &dup), AT_ECONFLICT);
    q = policy(f, "Gold urgent again", AT_PRIORITY_URGENT, "gold", 30);
    assert_int_equal(st->sla->sla_policy_add(st, &q, &dup), AT_ECONFLICT);
    /* the same tier with another priority, and the same priority with another tier, are fine */
    q = policy(f, "Gold high", AT_PRIORITY_HIGH, "gold", 30);
    assert_int_equal(st->sla->sla_policy_add(st, &q, &other), 0);
    q = policy(f, "Silver urgent", AT_PRIORITY_URGENT, "silver", 30);
    assert_int_equal(st->sla->sla_policy_add(st, &q, &dup), 0);

    /* an update writes every field and may move the policy to another calendar */
    p.name = "Gold urgent (24/7)";
    p.priority = AT_PRIORITY_URGENT;
    p.tier = "platinum";
    p.calendar_id = night.id;
    p.first_response_min = 5;
    p.next_response_min = 20;
    p.resolution_min = 240;
    p.follow_up_hours = 12;
    p.updated_at = 900;
    p.id = id;
    assert_int_equal(st->sla->sla_policy_update(st, &p), 0);
    assert_int_equal(st->sla->sla_policy_get(st, id, &f->arena, &got), 0);
    assert_policy(&got, &p, id, "Night desk");

    /* an update cannot take another policy's name or (priority, tier) */
    assert_int_equal(st->sla->sla_policy_get(st, other, &f->arena, &q), 0);
    q.name = "Gold urgent (24/7)";
    assert_int_equal(st->sla->sla_policy_update(st, &q), AT_ECONFLICT);
    assert_int_equal(st->sla->sla_policy_get(st, other, &f->arena, &q), 0);
    q.priority = AT_PRIORITY_URGENT;
    q.tier = "platinum";
    assert_int_equal(st->sla->sla_policy_update(st, &q), AT_ECONFLICT);
    assert_int_equal(st->sla->sla_policy_get(st, other, &f->arena, &q), 0);
    assert_string_equal(q.name, "Gold high");
    assert_int_equal(q.priority, AT_PRIORITY_HIGH);
    assert_string_equal(q.tier, "gold");

    assert_int_equal(st->sla->sla_policy_list(st, &f->arena, &list, &n), 0);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++)
        if (list[i].id == id) {
            assert_policy(&list[i], &p, id, "Night desk");
            seen = true;
        }
    assert_true(seen);

    assert_int_equal(st->sla->sla_policy_delete(st, other), 0);
    assert_int_equal(st->sla->sla_policy_get(st, other, &f->arena, &q), AT_ENOTFOUND);
    assert_int_equal(st->sla->sla_policy_list(st, &f->arena, &list, &n), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(list[i].id, other);
    assert_int_equal(st->sla->sla_policy_get(st, 99999, &f->arena, &q), AT_ENOTFOUND);
}

/* Leaves the store without policies (the store deletes any; keeping a default is the desk's rule).
 */
static void clear_policies(struct fixture *f)
{
    struct at_store *st = f->st;
    struct at_sla_policy *list;
    size_t n;

    assert_int_equal(st->sla->sla_policy_list(st, &f->arena, &list, &n), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(st->sla->sla_policy_delete(st, list[i].id), 0);
    assert_int_equal(st->sla->sla_policy_list(st, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
}

/*
 * The policy that applies, by the desk's rule (at_sla_policy_pick) over what
 * the store lists: the list must hold every policy with its scope intact.
 */
static int pick(struct fixture *f, int priority, const char *tier, struct at_sla_policy *out)
{
    struct at_sla_policy *list;
    const struct at_sla_policy *p;
    size_t n;

    assert_int_equal(f->st->sla->sla_policy_list(f->st, &f->arena, &list, &n), 0);
    p = at_sla_policy_pick(list, n, priority, tier);
    if (!p)
        return AT_ENOTFOUND;
    *out = *p;
    return 0;
}

static void test_policy_match_most_specific_first(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_sla_policy got;
    int64_t tier, prio, both, def;

    clear_policies(f);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), AT_ENOTFOUND);
    tier = add_policy(f, "Premium customers", -1, "premium", 120);
    prio = add_policy(f, "High priority", AT_PRIORITY_HIGH, "", 60);
    both = add_policy(f, "Premium and high", AT_PRIORITY_HIGH, "premium", 30);

    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), 0);
    assert_int_equal(got.id, both);
    assert_string_equal(got.name, "Premium and high");
    assert_int_equal(got.first_response_min, 30);
    assert_string_equal(got.calendar_name, "Test office");
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "standard", &got), 0);
    assert_int_equal(got.id, prio);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "", &got), 0);
    assert_int_equal(got.id, prio);
    assert_int_equal(pick(f, AT_PRIORITY_LOW, "premium", &got), 0);
    assert_int_equal(got.id, tier);
    /* nothing fits and there is no default */
    assert_int_equal(pick(f, AT_PRIORITY_LOW, "standard", &got), AT_ENOTFOUND);

    def = add_policy(f, "Everyone else", -1, "", 480);
    assert_int_equal(pick(f, AT_PRIORITY_LOW, "standard", &got), 0);
    assert_int_equal(got.id, def);
    assert_int_equal(pick(f, AT_PRIORITY_URGENT, "", &got), 0);
    assert_int_equal(got.id, def);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), 0);
    assert_int_equal(got.id, both);

    /* without the policy for both, the priority's comes before the tier's */
    assert_int_equal(st->sla->sla_policy_delete(st, both), 0);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), 0);
    assert_int_equal(got.id, prio);
    assert_int_equal(st->sla->sla_policy_delete(st, prio), 0);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), 0);
    assert_int_equal(got.id, tier);
    assert_int_equal(st->sla->sla_policy_delete(st, tier), 0);
    assert_int_equal(pick(f, AT_PRIORITY_HIGH, "premium", &got), 0);
    assert_int_equal(got.id, def);

    assert_int_equal(pick(f, AT_PRIORITY_NORMAL, "gold", &got), 0);
    assert_int_equal(got.id, def);
}

static void test_ticket_sla_set_keeps_updated_at(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t pid = add_policy(f, "Clocks", AT_PRIORITY_HIGH, "clocks", 60);
    int64_t id = add_ticket(f, f->customer, AT_STATUS_OPEN, 1000);
    struct at_ticket_sla sla = {.policy_id = pid,
                                .policy_name = "Clocks",
                                .calendar_id = f->calendar,
                                .paused_at = 7000,
                                .next_due = 4100,
                                .next_warn = INT64_MAX,
                                .breached = true,
                                .triage_score = 73,
                                .triage_parts =
                                    "[{\"name\":\"anger\",\"points\":40,\"why\":\"x\"}]",
                                .priority_manual = true,
                                .triage_at = 5000};
    struct at_ticket t;

    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        int64_t b = 1000 * (k + 1);

        sla.clock[k] = (struct at_sla_clock){.start_at = b + 1,
                                             .target_min = 60 * (k + 1),
                                             .paused_ms = b + 2,
                                             .due_at = b + 3,
                                             .warn_at = b + 4,
                                             .met_at = b + 5,
                                             .warned_for = b + 6,
                                             .breach_for = b + 7};
    }
    assert_int_equal(st->sla->ticket_sla_set(st, id, AT_PRIORITY_HIGH, &sla), 0);
    assert_int_equal(st->tickets->ticket_get(st, id, &f->arena, &t), 0);
    assert_int_equal(t.updated_at, 1000);
    assert_int_equal(t.priority, AT_PRIORITY_HIGH);
    assert_int_equal(t.sla.policy_id, pid);
    assert_string_equal(t.sla.policy_name, "Clocks");
    assert_int_equal(t.sla.calendar_id, f->calendar);
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &t.sla.clock[k];
        int64_t b = 1000 * (k + 1);

        assert_int_equal(c->start_at, b + 1);
        assert_int_equal(c->target_min, 60 * (k + 1));
        assert_int_equal(c->paused_ms, b + 2);
        assert_int_equal(c->due_at, b + 3);
        assert_int_equal(c->warn_at, b + 4);
        assert_int_equal(c->met_at, b + 5);
        assert_int_equal(c->warned_for, b + 6);
        assert_int_equal(c->breach_for, b + 7);
    }
    assert_int_equal(t.sla.paused_at, 7000);
    assert_int_equal(t.sla.next_due, 4100);
    assert_true(t.sla.next_warn == INT64_MAX);
    assert_true(t.sla.breached);
    assert_int_equal(t.sla.triage_score, 73);
    assert_string_equal(t.sla.triage_parts, "[{\"name\":\"anger\",\"points\":40,\"why\":\"x\"}]");
    assert_true(t.sla.priority_manual);
    assert_int_equal(t.sla.triage_at, 5000);

    /* ticket_update does not write the SLA state */
    t.subject = "Printer still on fire";
    t.updated_at = 9000;
    memset(&t.sla, 0, sizeof(t.sla));
    assert_int_equal(st->tickets->ticket_update(st, &t), 0);
    assert_int_equal(st->tickets->ticket_get(st, id, &f->arena, &t), 0);
    assert_int_equal(t.updated_at, 9000);
    assert_int_equal(t.sla.policy_id, pid);
    assert_int_equal(t.sla.triage_score, 73);
    assert_int_equal(t.sla.clock[AT_CLOCK_RESOLUTION].due_at, 3003);

    /* written again, with the policy taken off and the priority lowered */
    memset(&sla, 0, sizeof(sla));
    sla.policy_name = "";
    sla.triage_parts = "[]";
    sla.next_due = sla.next_warn = INT64_MAX;
    assert_int_equal(st->sla->ticket_sla_set(st, id, AT_PRIORITY_LOW, &sla), 0);
    assert_int_equal(st->tickets->ticket_get(st, id, &f->arena, &t), 0);
    assert_int_equal(t.updated_at, 9000);
    assert_int_equal(t.priority, AT_PRIORITY_LOW);
    assert_int_equal(t.sla.policy_id, 0);
    assert_string_equal(t.sla.policy_name, "");
    assert_int_equal(t.sla.clock[AT_CLOCK_FIRST_RESPONSE].start_at, 0);
    assert_false(t.sla.breached);
    assert_false(t.sla.priority_manual);
    assert_int_equal(t.sla.triage_score, 0);
    assert_string_equal(t.sla.triage_parts, "[]");
    assert_true(t.sla.next_due == INT64_MAX);
}

static void test_ticket_recent_count(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t t1 = add_ticket(f, f->customer, AT_STATUS_SOLVED, 1000);
    int64_t t2 = add_ticket(f, f->customer, AT_STATUS_OPEN, 2000);
    int64_t t3 = add_ticket(f, f->customer, AT_STATUS_NEW, 3000);
    int64_t n = -1;

    add_ticket(f, f->other, AT_STATUS_NEW, 2500);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, 0, 0, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, t3, 0, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, t1, 0, &n), 0);
    assert_int_equal(n, 2);
    /* created at or after `since` */
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, 0, 2000, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, t3, 2000, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, t2, 2001, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, t3, 2001, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->sla->ticket_recent_count(st, f->customer, 0, 3001, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->sla->ticket_recent_count(st, f->other, 0, 0, &n), 0);
    assert_int_equal(n, 1);
}

/* Records that ticket `id` was scored at `at`. */
static void scored_at(struct fixture *f, int64_t id, int64_t at)
{
    struct at_ticket_sla sla = {.policy_name = "",
                                .triage_parts = "[]",
                                .triage_score = 10,
                                .next_due = INT64_MAX,
                                .next_warn = INT64_MAX,
                                .triage_at = at};

    assert_int_equal(f->st->sla->ticket_sla_set(f->st, id, AT_PRIORITY_NORMAL, &sla), 0);
}

static void test_triage_stale_waiting_tickets_stalest_first(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t fresh_new = add_ticket(f, f->customer, AT_STATUS_NEW, 1);
    int64_t stale_open = add_ticket(f, f->customer, AT_STATUS_OPEN, 2);
    int64_t pending = add_ticket(f, f->customer, AT_STATUS_PENDING, 3);
    int64_t on_hold = add_ticket(f, f->customer, AT_STATUS_ON_HOLD, 4);
    int64_t solved = add_ticket(f, f->customer, AT_STATUS_SOLVED, 5);
    int64_t closed = add_ticket(f, f->customer, AT_STATUS_CLOSED, 6);
    int64_t recent = add_ticket(f, f->customer, AT_STATUS_OPEN, 7);
    int64_t at_before = add_ticket(f, f->customer, AT_STATUS_NEW, 8);
    int64_t stalest = add_ticket(f, f->other, AT_STATUS_NEW, 9);
    int64_t *ids;
    size_t n;

    scored_at(f, fresh_new, 300);
    scored_at(f, stale_open, 100);
    scored_at(f, pending, 50);
    scored_at(f, on_hold, 40);
    scored_at(f, solved, 20);
    scored_at(f, closed, 10);
    scored_at(f, recent, 900);
    scored_at(f, at_before, 500);
    scored_at(f, stalest, 60);

    assert_int_equal(st->sla->ticket_triage_stale(st, 500, 10, &f->arena, &ids, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], stalest);
    assert_int_equal(ids[1], stale_open);
    assert_int_equal(ids[2], fresh_new);
    assert_int_equal(st->sla->ticket_triage_stale(st, 500, 2, &f->arena, &ids, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], stalest);
    assert_int_equal(ids[1], stale_open);
    assert_int_equal(st->sla->ticket_triage_stale(st, 501, 10, &f->arena, &ids, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(ids[3], at_before);
    assert_int_equal(st->sla->ticket_triage_stale(st, 60, 10, &f->arena, &ids, &n), 0);
    assert_int_equal(n, 0);

    /* scored again: no longer stale */
    scored_at(f, stalest, 1000);
    assert_int_equal(st->sla->ticket_triage_stale(st, 500, 10, &f->arena, &ids, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], stale_open);
    assert_int_equal(ids[1], fresh_new);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_calendars_round_trip_with_hours_and_holidays, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_policies_round_trip_and_unique_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_match_most_specific_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_sla_set_keeps_updated_at, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_recent_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triage_stale_waiting_tickets_stalest_first, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("store sla", tests, NULL, NULL);
}
