/* Signatures: one's own or the team's, filled in, at the end of every reply a person sends. */
#include "testutil.h"

#include <string.h>

#include "desk/account.h"
#include "desk/desk.h"
#include "desk/signature.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, other, customer;
    struct at_ticket t;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Refund please",
                               .body = "I was charged twice.",
                               .customer_email = "lena@example.org",
                               .customer_name = "Lena Park"};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    test_team(&f->d, &f->arena, "Maya Lind", &f->admin, &f->agent);
    test_actor_add(&f->d, &f->admin, &f->arena, "omar@example.com", "Omar Haddad", AT_ROLE_AGENT,
                   &f->other);
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

static const char *send(struct fixture *f, const struct at_actor *who, const char *body,
                        enum at_visibility vis)
{
    struct at_message m;
    struct at_errinfo e = {0};

    assert_int_equal(
        at_desk_reply_send(&f->d, who, f->t.id, body, vis, NULL, true, &f->arena, &m, NULL, &e), 0);
    return m.body;
}

static void test_replies_end_with_ones_own_signature_or_the_teams(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    const char *mine, *team;

    /* none yet: the reply is as written */
    assert_string_equal(send(f, &f->agent, "Refunded.", AT_VIS_PUBLIC), "Refunded.");
    assert_int_equal(at_desk_signature_set(&f->d, &f->admin, true,
                                           "{{agent.first_name}}, Example Support", "x", &e),
                     0);
    assert_int_equal(
        at_desk_signature_set(&f->d, &f->agent, false, "Warm regards,\n{{agent.name}}", "x", &e),
        0);
    assert_string_equal(send(f, &f->agent, "Refunded again.  \n\n", AT_VIS_PUBLIC),
                        "Refunded again.\n\nWarm regards,\nMaya Lind");
    /* someone without their own gets the team's, with their name */
    assert_string_equal(send(f, &f->other, "On it.", AT_VIS_PUBLIC),
                        "On it.\n\nOmar, Example Support");
    /* notes are not signed */
    assert_string_equal(send(f, &f->agent, "Checked the ledger.", AT_VIS_INTERNAL),
                        "Checked the ledger.");
    assert_int_equal(at_desk_signatures(&f->d, &f->agent, &f->arena, &mine, &team, &e), 0);
    assert_string_equal(mine, "Warm regards,\n{{agent.name}}");
    assert_string_equal(team, "{{agent.first_name}}, Example Support");
    /* removing one's own falls back to the team's */
    assert_int_equal(at_desk_signature_set(&f->d, &f->agent, false, "", "x", &e), 0);
    assert_string_equal(at_desk_signature_for(&f->d, &f->agent, &f->arena),
                        "Maya, Example Support");
}

static void test_signatures_are_checked_and_the_teams_is_for_admins(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_audit *log;
    size_t n;
    char big[AT_SIGNATURE_MAX + 2];

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(at_desk_signature_set(&f->d, &f->agent, false, big, "x", &e), AT_EINVAL);
    assert_string_equal(e.field, "signature");
    assert_int_equal(at_desk_signature_set(&f->d, &f->agent, false, "{{customer.name}}", "x", &e),
                     AT_EINVAL);
    assert_int_equal(at_desk_signature_set(&f->d, &f->agent, false, "\xff", "x", &e), AT_EUTF8);
    assert_int_equal(at_desk_signature_set(&f->d, &f->agent, true, "Team", "x", &e), AT_EPERM);
    assert_int_equal(at_desk_signature_set(&f->d, &f->customer, false, "Cai", "x", &e), AT_EPERM);
    assert_string_equal(at_desk_signature_for(&f->d, &f->agent, &f->arena), "");
    assert_int_equal(at_desk_signature_set(&f->d, &f->admin, true, "The team", "10.0.0.1", &e), 0);
    assert_int_equal(at_desk_audit_list(&f->d, &f->admin, 0, 5, &f->arena, &log, &n, &e), 0);
    assert_true(n >= 1);
    assert_string_equal(log[0].action, "setting.signature");
    assert_string_equal(log[0].address, "10.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replies_end_with_ones_own_signature_or_the_teams,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_signatures_are_checked_and_the_teams_is_for_admins,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
