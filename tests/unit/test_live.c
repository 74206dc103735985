/* The live event stream: the in-process ring, and what the desk tells it and when. */
#include "testutil.h"

#include <string.h>

#include "core/clock.h"
#include "desk/desk.h"
#include "desk/hooks.h"
#include "live/live.h"

static void test_ring_keeps_order_and_reports_gaps(void **state)
{
    struct at_live *l = at_live_local_new(4);
    struct at_live_event ev = {.kind = AT_LIVE_TICKET}, out[8];
    uint64_t last = 99;
    int gap = 1;
    size_t n;

    (void)state;
    assert_non_null(l);
    /* nothing yet: nothing missed */
    assert_int_equal(l->ops->since(l, 0, out, 8, &last, &gap), 0);
    assert_int_equal(last, 0);
    assert_false(gap);
    for (int i = 1; i <= 3; i++) {
        ev.ticket_id = i;
        l->ops->publish(l, &ev);
        assert_int_equal(ev.seq, (uint64_t)i);
    }
    n = l->ops->since(l, 1, out, 8, &last, &gap);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].ticket_id, 2);
    assert_int_equal(out[1].ticket_id, 3);
    assert_int_equal(last, 3);
    assert_false(gap);
    /* `max` bounds the copy, oldest first */
    assert_int_equal(l->ops->since(l, 0, out, 1, &last, &gap), 1);
    assert_int_equal(out[0].seq, 1);
    /* three more push 1 and 2 out of a ring of four: a watcher at 1 missed one */
    for (int i = 4; i <= 6; i++) {
        ev.ticket_id = i;
        l->ops->publish(l, &ev);
    }
    n = l->ops->since(l, 1, out, 8, &last, &gap);
    assert_true(gap);
    assert_int_equal(n, 4);
    assert_int_equal(out[0].seq, 3);
    assert_int_equal(out[3].seq, 6);
    /* one that kept up misses nothing */
    n = l->ops->since(l, 6, out, 8, &last, &gap);
    assert_int_equal(n, 0);
    assert_false(gap);
    l->ops->free(l);
}

static void wake_count(void *arg)
{
    (*(int *)arg)++;
}

static void test_watchers_are_woken_until_unwatched(void **state)
{
    struct at_live *l = at_live_local_new(0);
    struct at_live_event ev = {.kind = AT_LIVE_TICKET};
    int a = 0, b = 0;

    (void)state;
    assert_int_equal(l->ops->watch(l, wake_count, &a), 0);
    assert_int_equal(l->ops->watch(l, wake_count, &b), 0);
    l->ops->publish(l, &ev);
    l->ops->unwatch(l, wake_count, &a);
    l->ops->publish(l, &ev);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    l->ops->unwatch(l, wake_count, &b);
    l->ops->free(l);
}

/* ---- what the desk tells ---- */

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, customer;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1700000000000LL);
    f->d.live = at_live_local_new(64);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "admin@example.com", "Ada Admin",
                   AT_ROLE_ADMIN, &f->admin);
    test_actor_add(&f->d, &f->admin, &f->arena, "maya@example.com", "Maya Agent", AT_ROLE_AGENT,
                   &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@customer.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    f->d.live->ops->free(f->d.live);
    test_desk_stop(f->st, &f->arena);
    test_free(f);
    return 0;
}

static size_t heard(struct fixture *f, uint64_t after, struct at_live_event *out, size_t max)
{
    uint64_t last;
    int gap;

    return f->d.live->ops->since(f->d.live, after, out, max, &last, &gap);
}

static int create(struct fixture *f, const char *subject, struct at_ticket *t)
{
    struct at_new_ticket nt = {.subject = subject,
                               .body = "The export button does nothing.",
                               .customer_email = "lena@customer.org",
                               .customer_name = "Lena Park"};
    struct at_errinfo e = {0};

    return at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, t, &e);
}

static void test_a_change_is_told_once_it_commits(void **state)
{
    struct fixture *f = *state;
    struct at_live_event out[4];
    struct at_ticket t;
    struct at_message m;
    struct at_errinfo e = {0};

    assert_int_equal(create(f, "Export", &t), 0);
    assert_int_equal(heard(f, 0, out, 4), 1);
    assert_int_equal(out[0].kind, AT_LIVE_TICKET);
    assert_int_equal(out[0].ticket_id, t.id);
    assert_int_equal(out[0].customer_id, t.customer_id);
    assert_int_equal(out[0].user_id, f->agent.user_id);
    assert_true(out[0].what & AT_TC_CREATED);

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, t.id, "We are on it.", AT_VIS_PUBLIC,
                                         NULL, &f->arena, &m, &e),
                     0);
    assert_int_equal(heard(f, 1, out, 4), 1);
    assert_true(out[0].what & AT_TC_PUBLIC_REPLY);

    /* inside an outer transaction nothing is told until it commits... */
    assert_int_equal(at_desk_begin(&f->d), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, t.id, "A note.", AT_VIS_INTERNAL, NULL,
                                         &f->arena, &m, &e),
                     0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, t.id, "Another.", AT_VIS_INTERNAL, NULL,
                                         &f->arena, &m, &e),
                     0);
    assert_int_equal(heard(f, 2, out, 4), 0);
    assert_int_equal(at_desk_commit(&f->d), 0);
    /* ...and the same ticket twice is told once */
    assert_int_equal(heard(f, 2, out, 4), 1);
    assert_true(out[0].what & AT_TC_NOTE);
}

static void test_nothing_is_told_of_what_rolled_back(void **state)
{
    struct fixture *f = *state;
    struct at_live_event out[4];
    struct at_ticket t;

    assert_int_equal(at_desk_begin(&f->d), 0);
    assert_int_equal(create(f, "Never happened", &t), 0);
    at_desk_rollback(&f->d);
    assert_int_equal(heard(f, 0, out, 4), 0);
    /* and what comes after is told as usual, alone */
    assert_int_equal(create(f, "Happened", &t), 0);
    assert_int_equal(heard(f, 0, out, 4), 1);
    assert_int_equal(out[0].ticket_id, t.id);
}

static void test_a_large_transaction_says_read_everything(void **state)
{
    struct fixture *f = *state;
    struct at_live_event out[4];
    struct at_ticket t;

    assert_int_equal(at_desk_begin(&f->d), 0);
    for (int i = 0; i < AT_DESK_LIVE_PENDING + 3; i++)
        assert_int_equal(create(f, "Imported", &t), 0);
    assert_int_equal(at_desk_commit(&f->d), 0);
    assert_int_equal(heard(f, 0, out, 4), 1);
    assert_int_equal(out[0].ticket_id, 0);
    assert_int_equal(out[0].kind, AT_LIVE_TICKET);
}

static void test_changes_by_another_process_are_told_once(void **state)
{
    struct fixture *f = *state;
    struct at_live *live = f->d.live;
    struct at_live_event out[8];
    struct at_ticket t, u;
    struct at_message m;
    struct at_errinfo e = {0};
    int64_t since = 1700000000000LL;

    assert_int_equal(create(f, "Told here", &t), 0);
    assert_int_equal(create(f, "Changed elsewhere", &u), 0);
    assert_int_equal(heard(f, 0, out, 8), 2);
    /* what this process told already is not told again */
    at_clock_advance(&f->clock, 1000);
    assert_int_equal(at_desk_live_outside(&f->d, &since, &e), 0);
    assert_int_equal(heard(f, 2, out, 8), 0);
    assert_true(since >= u.created_at);

    /* a change made without this stream (as another process makes it) is told, once */
    f->d.live = NULL;
    at_clock_advance(&f->clock, 1000);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, u.id, "From the mail server.",
                                         AT_VIS_PUBLIC, NULL, &f->arena, &m, &e),
                     0);
    f->d.live = live;
    assert_int_equal(at_desk_live_outside(&f->d, &since, &e), 0);
    assert_int_equal(heard(f, 2, out, 8), 1);
    assert_int_equal(out[0].kind, AT_LIVE_TICKET);
    assert_int_equal(out[0].ticket_id, u.id);
    assert_int_equal(out[0].customer_id, u.customer_id);
    assert_int_equal(out[0].what, 0);
    assert_int_equal(out[0].user_id, 0);
    at_clock_advance(&f->clock, 1000);
    assert_int_equal(at_desk_live_outside(&f->d, &since, &e), 0);
    assert_int_equal(heard(f, 3, out, 8), 0);
    assert_true(live->ops->told(live, u.id, since));
    assert_false(live->ops->told(live, t.id, since + 1));
}

static void test_presence_is_for_staff_on_a_real_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_live_event out[4];
    struct at_ticket t;
    struct at_errinfo e = {0};

    assert_int_equal(create(f, "Export", &t), 0);
    assert_int_equal(at_desk_presence(&f->d, &f->agent, t.id, "writing", &e), 0);
    assert_int_equal(heard(f, 1, out, 4), 1);
    assert_int_equal(out[0].kind, AT_LIVE_PRESENCE);
    assert_string_equal(out[0].state, "writing");
    assert_string_equal(out[0].name, "Maya Agent");
    assert_int_equal(out[0].user_id, f->agent.user_id);

    assert_int_equal(at_desk_presence(&f->d, &f->agent, t.id, "typing", &e), AT_EINVAL);
    assert_string_equal(e.field, "state");
    assert_int_equal(at_desk_presence(&f->d, &f->agent, t.id, NULL, &e), AT_EINVAL);
    assert_int_equal(at_desk_presence(&f->d, &f->customer, t.id, "viewing", &e), AT_EPERM);
    assert_int_equal(at_desk_presence(&f->d, &f->agent, t.id + 100, "viewing", &e), AT_ENOTFOUND);
    /* none of the refused ones was told */
    assert_int_equal(heard(f, 2, out, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_keeps_order_and_reports_gaps),
        cmocka_unit_test(test_watchers_are_woken_until_unwatched),
        cmocka_unit_test_setup_teardown(test_a_change_is_told_once_it_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_is_told_of_what_rolled_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_large_transaction_says_read_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changes_by_another_process_are_told_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_presence_is_for_staff_on_a_real_ticket, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
