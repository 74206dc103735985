/* One change to several tickets: all or nothing, each as a single change would be. */
#include "testutil.h"

#include <string.h>

#include "desk/bulk.h"
#include "desk/desk.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, customer;
    int64_t t[3];
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    test_team(&f->d, &f->arena, "Maya Agent", &f->admin, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    for (int i = 0; i < 3; i++) {
        const char *tags[] = {"billing"};
        struct at_new_ticket nt = {.subject = "Charged twice",
                                   .body = "Please refund the second charge.",
                                   .customer_email = "lena@example.org",
                                   .tags = tags,
                                   .ntags = 1};
        struct at_ticket t;

        assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, &t, NULL), 0);
        f->t[i] = t.id;
    }
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

static struct at_ticket get(struct fixture *f, int64_t id)
{
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, id, &f->arena, &t, NULL), 0);
    return t;
}

static bool has_tag(const struct at_ticket *t, const char *tag)
{
    for (size_t i = 0; i < t->ntags; i++)
        if (strcmp(t->tags[i], tag) == 0)
            return true;
    return false;
}

static void test_every_ticket_changes_with_its_own_tags_kept(void **state)
{
    struct fixture *f = *state;
    const char *add[] = {"Escalated", "billing"}, *remove[] = {"billing"};
    struct at_bulk_change c = {.set = {.set_assignee = true,
                                       .assignee_id = f->agent.user_id,
                                       .set_priority = true,
                                       .priority = AT_PRIORITY_HIGH},
                               .add_tags = add,
                               .nadd = 1};
    struct at_errinfo e = {0};
    int64_t failed;

    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, f->t, 3, &c, &failed, &e), 0);
    for (int i = 0; i < 3; i++) {
        struct at_ticket t = get(f, f->t[i]);

        assert_int_equal(t.assignee_id, f->agent.user_id);
        assert_int_equal(t.priority, AT_PRIORITY_HIGH);
        assert_true(has_tag(&t, "escalated") && has_tag(&t, "billing"));
    }
    /* a tag both added and removed is removed; the others stay */
    c = (struct at_bulk_change){.add_tags = add, .nadd = 2, .remove_tags = remove, .nremove = 1};
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, f->t, 2, &c, &failed, &e), 0);
    {
        struct at_ticket t = get(f, f->t[0]), u = get(f, f->t[2]);

        assert_false(has_tag(&t, "billing"));
        assert_true(has_tag(&t, "escalated"));
        assert_true(has_tag(&u, "billing")); /* not in the list */
    }
}

static void test_one_refused_ticket_changes_none(void **state)
{
    struct fixture *f = *state;
    struct at_ticket_change solve = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_ticket_change close = {.set_status = true, .status = AT_STATUS_CLOSED};
    struct at_bulk_change c = {.set = {.set_priority = true, .priority = AT_PRIORITY_URGENT}};
    struct at_errinfo e = {0};
    struct at_ticket t;
    int64_t failed, ids[] = {0, 0, 999999};

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->t[1], &solve, &f->arena, &t, &e),
                     0);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->t[1], &close, &f->arena, &t, &e),
                     0);
    assert_int_not_equal(at_desk_tickets_bulk(&f->d, &f->agent, f->t, 3, &c, &failed, &e), 0);
    assert_int_equal(failed, f->t[1]);
    assert_non_null(strstr(e.msg, "nothing changed"));
    assert_int_equal(get(f, f->t[0]).priority, AT_PRIORITY_NORMAL);
    /* an unknown ticket */
    ids[0] = f->t[0];
    ids[1] = f->t[2];
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, ids, 3, &c, &failed, &e), AT_ENOTFOUND);
    assert_int_equal(failed, 999999);
    assert_string_equal(e.field, "ids");
    assert_int_equal(get(f, f->t[0]).priority, AT_PRIORITY_NORMAL);
}

static void test_bad_lists_and_callers_are_refused(void **state)
{
    struct fixture *f = *state;
    struct at_bulk_change c = {.set = {.set_status = true, .status = AT_STATUS_PENDING}};
    struct at_bulk_change nothing = {0};
    struct at_errinfo e = {0};
    int64_t failed, twice[] = {f->t[0], f->t[0]}, many[AT_BULK_MAX + 1];

    for (int i = 0; i <= AT_BULK_MAX; i++)
        many[i] = i + 1;
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, f->t, 0, &c, &failed, &e), AT_EINVAL);
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, many, AT_BULK_MAX + 1, &c, &failed, &e),
                     AT_EINVAL);
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, twice, 2, &c, &failed, &e), AT_EINVAL);
    assert_string_equal(e.field, "ids");
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->agent, f->t, 1, &nothing, &failed, &e),
                     AT_EINVAL);
    assert_int_equal(at_desk_tickets_bulk(&f->d, &f->customer, f->t, 1, &c, &failed, &e), AT_EPERM);
    assert_int_equal(get(f, f->t[0]).status, AT_STATUS_NEW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_ticket_changes_with_its_own_tags_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_one_refused_ticket_changes_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_lists_and_callers_are_refused, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
