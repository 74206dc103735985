/* The demo loader: what a person trying attune first sees. */
#include "testutil.h"

#include <string.h>

#include "demo/demo.h"
#include "desk/survey.h"

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
    assert_int_equal(st->people->user_by_email(st, "admin@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_ADMIN);
    assert_true(at_password_verify(u.password_hash, AT_DEMO_PASSWORD));
    assert_int_equal(st->people->user_by_email(st, "lead@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_LEAD);
    assert_int_equal(st->people->user_by_email(st, "lena@demo.attune", &arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_CUSTOMER);
    assert_true(u.customer_id > 0);
    assert_int_equal(st->tickets->ticket_list(st, &q, &arena, &t, &n), 0);
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
    st->core->close(st);
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
    assert_int_equal(ca.surveys_answered, cb.surveys_answered);
    assert_int_equal(a->tickets->ticket_list(a, &q, &arena, &ta, &na), 0);
    assert_int_equal(b->tickets->ticket_list(b, &q, &arena, &tb, &nb), 0);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(ta[i].subject, tb[i].subject);
        assert_int_equal(ta[i].status, tb[i].status);
        assert_int_equal(ta[i].created_at, tb[i].created_at);
    }
    at_arena_release(&arena);
    a->core->close(a);
    b->core->close(b);
}

static void test_demo_has_survey_answers_recovery_and_recognition(void **state)
{
    struct at_store *st = test_store_new();
    struct at_arena arena = AT_ARENA_INIT;
    struct at_demo_counts c;
    struct at_desk d;
    struct at_errinfo e = {0};
    struct at_survey_query q = {.group = "agent", .to = 1800000000000LL + 1};
    struct at_survey_stats *g;
    struct at_recovery *tasks;
    struct at_recognition *praise;
    struct at_survey_stats total = {0};
    size_t ng, ntasks, npraise, open = 0, done = 0;

    (void)state;
    load(st, 7, 120, &c);
    at_desk_init(&d, st, NULL);
    q.from = q.to - 60LL * 24 * 3600 * 1000;
    assert_int_equal(at_desk_survey_results(&d, &at_actor_system, &q, &arena, &g, &ng, &e), 0);
    assert_true(ng >= 2); /* several agents have figures */
    for (size_t i = 0; i < ng; i++) {
        total.sent += g[i].sent;
        total.answered += g[i].answered;
        total.csat_n += g[i].csat_n;
        total.csat_satisfied += g[i].csat_satisfied;
    }
    assert_int_equal(total.answered, c.surveys_answered);
    /* about half the solved tickets' surveys are answered, and most answers are content */
    assert_true(total.sent >= 30);
    assert_true(total.answered * 10 >= total.sent * 3 && total.answered * 10 <= total.sent * 7);
    assert_int_equal(total.csat_n, total.answered);
    assert_true(total.csat_satisfied * 2 > total.csat_n);
    assert_true(total.csat_satisfied < total.csat_n);

    /* poor answers opened recovery tasks: the lead closed the older ones, the newest wait */
    assert_int_equal(st->surveys->recovery_list(st, true, &arena, &tasks, &ntasks), 0);
    for (size_t i = 0; i < ntasks; i++) {
        assert_true(tasks[i].survey.csat <= 2 || tasks[i].survey.understood <= 2 ||
                    strcmp(tasks[i].survey.comment_reading, "negative") == 0);
        if (tasks[i].done_at) {
            done++;
            assert_true(tasks[i].note[0] != '\0');
        } else {
            open++;
        }
    }
    assert_true(open >= 1);
    assert_true(done >= 1);

    /* praise is kept for the agent who helped */
    assert_int_equal(
        at_desk_recognition_list(&d, &at_actor_system, 0, 0, 0, &arena, &praise, &npraise, &e), 0);
    assert_true(npraise >= 1);
    for (size_t i = 0; i < npraise; i++) {
        assert_true(praise[i].agent_id > 0);
        assert_true(praise[i].comment[0] != '\0');
        assert_int_equal(praise[i].csat, 5); /* no text engine here: praise is CSAT 5 with words */
    }
    at_arena_release(&arena);
    st->core->close(st);
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
    assert_int_equal(st->tickets->ticket_count(st, &f, &before), 0);
    at_desk_init(&d, st, NULL);
    assert_int_equal(at_demo_load(&d, &o, &c, &e), AT_ECONFLICT);
    assert_non_null(strstr(e.msg, "already holds the demo"));
    assert_int_equal(st->tickets->ticket_count(st, &f, &after), 0);
    assert_int_equal(before, after);
    st->core->close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_has_staff_customers_and_conversations),
        cmocka_unit_test(test_demo_has_survey_answers_recovery_and_recognition),
        cmocka_unit_test(test_same_seed_same_demo),
        cmocka_unit_test(test_second_load_is_refused_and_changes_nothing),
    };

    return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
