/* Two tickets of one customer become one: messages, files and mail threads move; one closes. */
#include "testutil.h"

#include <string.h>

#include "desk/desk.h"
#include "desk/inbound.h"
#include "desk/merge.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, lena;
    struct at_ticket a, b, other;
};

static void ticket(struct fixture *f, const char *email, const char *subject, struct at_ticket *t)
{
    struct at_new_ticket nt = {.subject = subject,
                               .body = "The export button does nothing.",
                               .customer_email = email,
                               .customer_name = "Lena Park"};

    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, t, NULL), 0);
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    test_team(&f->d, &f->arena, "Maya Agent", &f->admin, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->lena);
    ticket(f, "lena@example.org", "Export broken", &f->a);
    ticket(f, "lena@example.org", "Export still broken", &f->b);
    ticket(f, "cai@example.org", "Something else", &f->other);
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

static size_t messages_of(struct fixture *f, int64_t id)
{
    struct at_message *m;
    size_t n;

    assert_int_equal(f->st->tickets->message_list(f->st, id, true, &f->arena, &m, &n), 0);
    return n;
}

static void test_the_conversation_moves_and_the_duplicate_closes(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket into, from;
    struct at_ticket_query q = {0};
    struct at_ticket *found;
    size_t n;

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, f->b.id, "The zanzibar report fails.",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(
        at_desk_tickets_merge(&f->d, &f->agent, f->b.id, f->a.id, &f->arena, &into, &e), 0);
    assert_int_equal(into.id, f->a.id);
    assert_int_equal(messages_of(f, f->a.id), 3);
    assert_int_equal(messages_of(f, f->b.id), 0);
    assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, f->b.id, &f->arena, &from, &e), 0);
    assert_int_equal(from.status, AT_STATUS_CLOSED);
    assert_int_equal(from.merged_into, f->a.id);
    /* the words of the duplicate are found on the one kept */
    q.filter.text = "zanzibar";
    q.limit = 10;
    assert_int_equal(f->st->tickets->ticket_search(f->st, &q, &f->arena, &found, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(found[0].id, f->a.id);
    /* once: the duplicate is closed now */
    assert_int_equal(
        at_desk_tickets_merge(&f->d, &f->agent, f->b.id, f->a.id, &f->arena, &into, &e), AT_ESTATE);
}

static void test_merges_that_cannot_be_are_refused(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket t;

    assert_int_equal(at_desk_tickets_merge(&f->d, &f->agent, f->a.id, f->a.id, &f->arena, &t, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "into");
    assert_int_equal(
        at_desk_tickets_merge(&f->d, &f->agent, f->a.id, f->other.id, &f->arena, &t, &e),
        AT_EINVAL);
    assert_non_null(strstr(e.msg, "merge the customers first"));
    assert_int_equal(at_desk_tickets_merge(&f->d, &f->agent, f->a.id, 999999, &f->arena, &t, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_tickets_merge(&f->d, &f->lena, f->a.id, f->b.id, &f->arena, &t, &e),
                     AT_EPERM);
    assert_int_equal(messages_of(f, f->a.id), 1);
    assert_int_equal(messages_of(f, f->b.id), 1);
}

static void test_several_merge_into_one_or_none_does(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket t;
    int64_t failed, mixed[] = {f->a.id, f->other.id}, same[] = {f->b.id, f->a.id};

    assert_int_not_equal(
        at_desk_tickets_merge_many(&f->d, &f->agent, mixed, 2, f->b.id, &f->arena, &t, &failed, &e),
        0);
    assert_int_equal(failed, f->other.id);
    assert_int_equal(messages_of(f, f->a.id), 1); /* the first one did not stay merged */
    /* the one kept may be among them */
    assert_int_equal(
        at_desk_tickets_merge_many(&f->d, &f->agent, same, 2, f->b.id, &f->arena, &t, &failed, &e),
        0);
    assert_int_equal(t.id, f->b.id);
    assert_int_equal(messages_of(f, f->b.id), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_conversation_moves_and_the_duplicate_closes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merges_that_cannot_be_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_merge_into_one_or_none_does, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
