/* The demo loader: what a person trying attune first sees. */
#include "testutil.h"

#include <string.h>

#include "desk/demo.h"

static void load(struct at_store *st, uint64_t seed, size_t tickets, struct at_demo_counts *c)
{
    struct at_desk d;
    struct at_errinfo e = {0};
    struct at_demo_opts o = {.tickets = tickets, .seed = seed, .now = 1800000000000LL};

    at_desk_init(&d, st, NULL);
    assert_int_equal(at_demo_load(&d, &o, c, &e), 0);
}

static void test_demo_has_staff_customers_and_conversations(void **state)
{
    struct at_store *st = test_store_new();
    struct at_arena arena = AT_ARENA_INIT;
    struct at_demo_counts c;
    struct at_user u;
    struct at_ticket_query q = {.limit = 500};
    struct at_ticket *t;
    size_t n, statuses = 0, with_replies = 0;
    uint32_t seen = 0;

    (void)state;
    load(st, 7, 120, &c);
    assert_int_equal(c.tickets, 120);
    assert_true(c.customers >= 50);
    assert_true(c.messages > c.tickets * 2);
    assert_int_equal(st->ops->user_by_email(st, "admin@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_ADMIN);
    assert_true(at_password_verify(u.password_hash, AT_DEMO_PASSWORD));
    assert_int_equal(st->ops->user_by_email(st, "lead@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_LEAD);
    assert_int_equal(st->ops->user_by_email(st, "lena@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_CUSTOMER);
    assert_true(u.customer_id > 0);
    assert_int_equal(st->ops->ticket_list(st, &q, &arena, &t, &n), 0);
    assert_int_equal(n, 120);
    for (size_t i = 0; i < n; i++) {
        seen |= AT_STATUS_BIT(t[i].status);
        with_replies += t[i].message_count > 1;
        assert_true(t[i].created_at < 1800000000000LL);
        assert_true(t[i].ntags >= 1);
    }
    for (int s = 0; s < AT_STATUS_COUNT; s++)
        statuses += (seen >> s) & 1;
    assert_true(statuses >= 4); /* a queue with work in every state */
    assert_true(with_replies > n / 2);
    at_arena_release(&arena);
    st->ops->close(st);
}

static void test_same_seed_same_demo(void **state)
{
    struct at_store *a = test_store_new();
    struct at_store *b = test_store_new();
    struct at_arena arena = AT_ARENA_INIT;
    struct at_demo_counts ca, cb;
    struct at_ticket_query q = {.limit = 100};
    struct at_ticket *ta, *tb;
    size_t na, nb;

    (void)state;
    load(a, 42, 40, &ca);
    load(b, 42, 40, &cb);
    assert_int_equal(ca.messages, cb.messages);
    assert_int_equal(a->ops->ticket_list(a, &q, &arena, &ta, &na), 0);
    assert_int_equal(b->ops->ticket_list(b, &q, &arena, &tb, &nb), 0);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(ta[i].subject, tb[i].subject);
        assert_int_equal(ta[i].status, tb[i].status);
        assert_int_equal(ta[i].created_at, tb[i].created_at);
    }
    at_arena_release(&arena);
    a->ops->close(a);
    b->ops->close(b);
}

static void test_second_load_is_refused_and_changes_nothing(void **state)
{
    struct at_store *st = test_store_new();
    struct at_demo_counts c;
    struct at_desk d;
    struct at_errinfo e = {0};
    struct at_demo_opts o = {.tickets = 10};
    struct at_ticket_filter f = {0};
    int64_t before, after;

    (void)state;
    load(st, 1, 10, &c);
    assert_int_equal(st->ops->ticket_count(st, &f, &before), 0);
    at_desk_init(&d, st, NULL);
    assert_int_equal(at_demo_load(&d, &o, &c, &e), AT_ECONFLICT);
    assert_non_null(strstr(e.msg, "already holds the demo"));
    assert_int_equal(st->ops->ticket_count(st, &f, &after), 0);
    assert_int_equal(before, after);
    st->ops->close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_has_staff_customers_and_conversations),
        cmocka_unit_test(test_same_seed_same_demo),
        cmocka_unit_test(test_second_load_is_refused_and_changes_nothing),
    };

    return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
