/* Two records of one customer become one: tickets, messages, surveys and the account move. */
#include "testutil.h"

#include <string.h>

#include "desk/account.h"
#include "desk/desk.h"
#include "desk/merge.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, lena;
    int64_t work, home; /* Lena at work (with a portal account) and at home */
    struct at_ticket t1, t2, t3;
};

static void ticket(struct fixture *f, const char *email, const char *subject, struct at_ticket *t)
{
    struct at_new_ticket nt = {.subject = subject,
                               .body = "Please help with my invoice.",
                               .customer_email = email,
                               .customer_name = "Lena Park"};

    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, t, NULL), 0);
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_customer_change ch = {0};
    struct at_customer c;

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    test_team(&f->d, &f->arena, "Maya Agent", &f->admin, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@work.example", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->lena);
    ticket(f, "lena@work.example", "Invoice for March", &f->t1);
    ticket(f, "lena@home.example", "Invoice for April", &f->t2);
    ticket(f, "lena@home.example", "Address change", &f->t3);
    f->work = f->t1.customer_id;
    f->home = f->t2.customer_id;
    ch.phone = "+49 30 1234567";
    ch.notes = "Prefers mail.";
    ch.set_value = true;
    ch.lifetime_value_cents = 5000;
    assert_int_equal(at_desk_customer_update(&f->d, &f->agent, f->home, &ch, &f->arena, &c, NULL),
                     0);
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

static void test_the_tickets_and_the_account_move_and_the_record_goes(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_customer c, gone;
    struct at_ticket t;
    struct at_audit *log;
    int64_t moved;
    size_t n;

    assert_int_equal(at_desk_customers_merge(&f->d, &f->agent, f->home, f->work, "10.0.0.1",
                                             &f->arena, &c, &moved, &e),
                     0);
    assert_int_equal(moved, 2);
    assert_int_equal(c.id, f->work);
    assert_string_equal(c.email, "lena@work.example");
    assert_string_equal(c.phone, "+49 30 1234567"); /* taken where the kept one had none */
    assert_string_equal(c.notes, "Prefers mail.");
    assert_int_equal(c.lifetime_value_cents, 5000);
    assert_int_equal(c.ticket_count, 3);
    assert_int_equal(f->st->tickets->customer_get(f->st, f->home, &f->arena, &gone), AT_ENOTFOUND);
    /* Lena's portal account sees all three */
    assert_int_equal(at_desk_ticket_get(&f->d, &f->lena, f->t3.id, &f->arena, &t, &e), 0);
    assert_int_equal(t.customer_id, f->work);
    assert_int_equal(at_desk_audit_list(&f->d, &f->admin, 0, 5, &f->arena, &log, &n, &e), 0);
    assert_string_equal(log[0].action, "customer.merge");
    assert_non_null(strstr(log[0].detail, "lena@home.example"));
    assert_non_null(strstr(log[0].detail, "lena@work.example"));
}

static void test_merges_that_cannot_be_are_refused(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_customer c;
    int64_t moved;

    assert_int_equal(
        at_desk_customers_merge(&f->d, &f->agent, f->work, f->work, "x", &f->arena, &c, &moved, &e),
        AT_EINVAL);
    assert_string_equal(e.field, "into");
    assert_int_equal(
        at_desk_customers_merge(&f->d, &f->agent, f->work, 999999, "x", &f->arena, &c, &moved, &e),
        AT_ENOTFOUND);
    assert_string_equal(e.field, "into");
    assert_int_equal(
        at_desk_customers_merge(&f->d, &f->agent, 999999, f->work, "x", &f->arena, &c, &moved, &e),
        AT_ENOTFOUND);
    assert_int_equal(
        at_desk_customers_merge(&f->d, &f->lena, f->home, f->work, "x", &f->arena, &c, &moved, &e),
        AT_EPERM);
    /* nothing moved */
    assert_int_equal(at_desk_customer_get(&f->d, &f->agent, f->home, &f->arena, &c, &e), 0);
    assert_int_equal(c.ticket_count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_tickets_and_the_account_move_and_the_record_goes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_merges_that_cannot_be_are_refused, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
