/* Macros that do more than text: the fields they set when used, checked, kept and applied. */
#include "testutil.h"

#include <string.h>

#include "desk/desk.h"
#include "desk/macro.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, lead, agent, customer;
    struct at_ticket t;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    const char *tags[] = {"billing"};
    struct at_new_ticket nt = {.subject = "Refund please",
                               .body = "I was charged twice.",
                               .customer_email = "lena@example.org",
                               .customer_name = "Lena Park",
                               .tags = tags,
                               .ntags = 1};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "admin@example.com", "Ada Admin",
                   AT_ROLE_ADMIN, &f->admin);
    test_actor_add(&f->d, &f->admin, &f->arena, "sam@example.com", "Sam Lead", AT_ROLE_LEAD,
                   &f->lead);
    test_actor_add(&f->d, &f->admin, &f->arena, "maya@example.com", "Maya Agent", AT_ROLE_AGENT,
                   &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "cai@example.org", "Cai Chen",
                   AT_ROLE_CUSTOMER, &f->customer);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, &f->t, NULL), 0);
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

static bool has_tag(const struct at_ticket *t, const char *tag)
{
    for (size_t i = 0; i < t->ntags; i++)
        if (strcmp(t->tags[i], tag) == 0)
            return true;
    return false;
}

static void test_a_macro_sets_fields_when_used_and_keeps_them(void **state)
{
    struct fixture *f = *state;
    const char *add[] = {"Refund", "billing"};
    struct at_macro_actions a = {.set_status = true,
                                 .status = AT_STATUS_PENDING,
                                 .set_priority = true,
                                 .priority = AT_PRIORITY_HIGH,
                                 .set_assignee = true,
                                 .assignee_id = AT_MACRO_ME,
                                 .add_tags = add,
                                 .nadd = 2};
    struct at_macro_actions got;
    struct at_errinfo e = {0};
    struct at_macro m, again;
    struct at_ticket t;
    const char *body;

    assert_int_equal(at_desk_macro_add(&f->d, &f->lead, "Refund on its way",
                                       "Hi {{customer.first_name}}, the refund is on its way.", &a,
                                       &f->arena, &m, &e),
                     0);
    /* kept as the store has it */
    assert_int_equal(f->st->tickets->macro_get(f->st, m.id, &f->arena, &again), 0);
    at_desk_macro_actions(&again, &f->arena, &got);
    assert_true(got.set_status && got.status == AT_STATUS_PENDING);
    assert_true(got.set_priority && got.priority == AT_PRIORITY_HIGH);
    assert_true(got.set_assignee && got.assignee_id == AT_MACRO_ME);
    assert_int_equal(got.nadd, 2);
    assert_string_equal(got.add_tags[0], "billing"); /* as tickets keep tags: sorted, lower case */
    assert_string_equal(got.add_tags[1], "refund");

    /* used by an agent: the ticket changes, "me" is the agent, its own tags stay */
    assert_int_equal(at_desk_macro_apply(&f->d, &f->agent, m.id, f->t.id, &f->arena, &body, &t, &e),
                     0);
    assert_string_equal(body, "Hi Lena, the refund is on its way.");
    assert_int_equal(t.status, AT_STATUS_PENDING);
    assert_int_equal(t.priority, AT_PRIORITY_HIGH);
    assert_int_equal(t.assignee_id, f->agent.user_id);
    assert_true(has_tag(&t, "billing") && has_tag(&t, "refund"));
    assert_int_equal(t.ntags, 2);

    /* changed to set nothing: the actions are gone, and using it changes nothing */
    {
        struct at_macro_actions none = {0};

        assert_int_equal(
            at_desk_macro_update(&f->d, &f->lead, m.id, NULL, NULL, &none, &f->arena, &m, &e), 0);
        assert_string_equal(m.actions, "");
    }
}

static void test_bad_actions_are_refused_and_nothing_is_kept(void **state)
{
    struct fixture *f = *state;
    const char *bad_tag[] = {"no/slashes"};
    struct at_macro_actions tag = {.add_tags = bad_tag, .nadd = 1};
    struct at_macro_actions customer = {.set_assignee = true, .assignee_id = f->customer.user_id};
    struct at_macro_actions nobody = {.set_assignee = true, .assignee_id = 999999};
    struct at_errinfo e = {0};
    struct at_macro *list;
    size_t n;

    assert_int_equal(
        at_desk_macro_add(&f->d, &f->lead, "Tagged", "Hello", &tag, &f->arena, NULL, &e),
        AT_EINVAL);
    assert_string_equal(e.field, "actions.add_tags");
    assert_int_equal(
        at_desk_macro_add(&f->d, &f->lead, "To Cai", "Hello", &customer, &f->arena, NULL, &e),
        AT_EINVAL);
    assert_string_equal(e.field, "actions.assignee");
    assert_int_equal(
        at_desk_macro_add(&f->d, &f->lead, "To nobody", "Hello", &nobody, &f->arena, NULL, &e),
        AT_EINVAL);
    assert_int_equal(at_desk_macro_list(&f->d, &f->agent, NULL, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 0);
}

static void test_a_macro_that_cannot_apply_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct at_macro_actions close = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_ticket_change solve = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_ticket_change closed = {.set_status = true, .status = AT_STATUS_CLOSED};
    struct at_errinfo e = {0};
    struct at_macro m;
    struct at_ticket t;
    const char *body;

    assert_int_equal(
        at_desk_macro_add(&f->d, &f->lead, "Solve", "Solved!", &close, &f->arena, &m, &e), 0);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->t.id, &solve, &f->arena, &t, &e),
                     0);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->t.id, &closed, &f->arena, &t, &e),
                     0);
    assert_int_not_equal(
        at_desk_macro_apply(&f->d, &f->agent, m.id, f->t.id, &f->arena, &body, &t, &e), 0);
    assert_int_equal(
        at_desk_macro_apply(&f->d, &f->customer, m.id, f->t.id, &f->arena, &body, &t, &e),
        AT_EPERM);
    assert_int_equal(
        at_desk_macro_apply(&f->d, &f->agent, 999999, f->t.id, &f->arena, &body, &t, &e),
        AT_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_macro_sets_fields_when_used_and_keeps_them, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_actions_are_refused_and_nothing_is_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_macro_that_cannot_apply_changes_nothing, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
