/*
 * The store conformance suite for the coach's verdicts and the desk's
 * settings: written only against st->coaching and the tables it needs
 * (tickets, messages, people) in store.h, so every backend runs it unchanged.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUBRIC "{\"greeting\":\"met\",\"blame\":\"clear\",\"next_step\":\"missing\"}"

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer; /* Lena Park */
    int64_t agent;    /* Maya */
    int64_t ticket;   /* Lena's */
};

static int64_t add_ticket(struct fixture *f, int64_t customer)
{
    struct at_ticket t = {.subject = "Charged twice",
                          .status = AT_STATUS_OPEN,
                          .priority = AT_PRIORITY_NORMAL,
                          .channel = "email",
                          .customer_id = customer,
                          .group_name = "",
                          .created_at = 100,
                          .updated_at = 100};

    assert_int_equal(f->st->tickets->ticket_add(f->st, &t), 0);
    return t.id;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_user u = {.email = "maya@x.org",
                        .name = "Maya",
                        .role = AT_ROLE_AGENT,
                        .password_hash = "",
                        .created_at = 1};

    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    f->customer = test_customer_add(f->st, "Lena Park", "lena@x.org");
    assert_int_equal(f->st->people->user_add(f->st, &u, &f->agent), 0);
    f->ticket = add_ticket(f, f->customer);
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

/* A message on `ticket` by a customer (customer > 0) or by staff (user > 0). */
static int64_t add_message(struct fixture *f, int64_t ticket, int64_t user, int64_t customer,
                           enum at_visibility vis, const char *body, int64_t at)
{
    struct at_message m = {.ticket_id = ticket,
                           .author_user_id = user,
                           .author_customer_id = customer,
                           .visibility = vis,
                           .body = body,
                           .analysis = "",
                           .created_at = at};

    assert_int_equal(f->st->tickets->message_add(f->st, &m), 0);
    assert_true(m.id > 0);
    return m.id;
}

static void test_reply_coaching_kept_once_and_listed(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t asked =
        add_message(f, f->ticket, 0, f->customer, AT_VIS_PUBLIC, "You charged me twice!", 1000);
    int64_t reply = add_message(f, f->ticket, f->agent, 0, AT_VIS_PUBLIC,
                                "I am sorry, that is frustrating. The refund is on its way.", 2000);
    int64_t note =
        add_message(f, f->ticket, f->agent, 0, AT_VIS_INTERNAL, "Refund issued in Stripe", 2100);
    int64_t bot = add_message(f, f->ticket, 0, 0, AT_VIS_PUBLIC, "We got your message.", 2200);
    struct at_reply_coaching c = {.message_id = reply,
                                  .ticket_id = f->ticket,
                                  .author_user_id = f->agent,
                                  .score = 62,
                                  .emotional_reaction = 1,
                                  .interpretation = 2,
                                  .exploration = 0,
                                  .rubric = RUBRIC,
                                  .floor = 70,
                                  .confirmed = true,
                                  .created_at = 2000};
    struct at_message *list;
    size_t n;

    assert_int_equal(st->coaching->reply_coaching_add(st, &c), 0);
    /* one verdict per message: a second is refused and changes nothing */
    c.score = 10;
    c.confirmed = false;
    assert_int_equal(st->coaching->reply_coaching_add(st, &c), AT_ECONFLICT);
    /* a verdict of the system, on another message */
    c = (struct at_reply_coaching){.message_id = bot,
                                   .ticket_id = f->ticket,
                                   .author_user_id = 0,
                                   .score = 90,
                                   .emotional_reaction = 2,
                                   .interpretation = 2,
                                   .exploration = 2,
                                   .rubric = "{}",
                                   .created_at = 2200};
    assert_int_equal(st->coaching->reply_coaching_add(st, &c), 0);
    c.message_id = 99999;
    assert_int_equal(st->coaching->reply_coaching_add(st, &c), AT_ENOTFOUND);

    assert_int_equal(st->tickets->message_list(st, f->ticket, true, &f->arena, &list, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(list[0].id, asked);
    assert_null(list[0].coaching);
    assert_int_equal(list[1].id, reply);
    assert_non_null(list[1].coaching);
    assert_int_equal(list[1].coaching->message_id, reply);
    assert_int_equal(list[1].coaching->ticket_id, f->ticket);
    assert_int_equal(list[1].coaching->author_user_id, f->agent);
    assert_int_equal(list[1].coaching->score, 62);
    assert_int_equal(list[1].coaching->emotional_reaction, 1);
    assert_int_equal(list[1].coaching->interpretation, 2);
    assert_int_equal(list[1].coaching->exploration, 0);
    assert_string_equal(list[1].coaching->rubric, RUBRIC);
    assert_int_equal(list[1].coaching->floor, 70);
    assert_true(list[1].coaching->confirmed);
    assert_int_equal(list[1].coaching->created_at, 2000);
    assert_int_equal(list[2].id, note);
    assert_null(list[2].coaching);
    assert_int_equal(list[3].id, bot);
    assert_non_null(list[3].coaching);
    assert_int_equal(list[3].coaching->author_user_id, 0);
    assert_int_equal(list[3].coaching->score, 90);
    assert_int_equal(list[3].coaching->floor, 0);
    assert_false(list[3].coaching->confirmed);

    /* the public list carries the verdicts too */
    assert_int_equal(st->tickets->message_list(st, f->ticket, false, &f->arena, &list, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(list[1].id, reply);
    assert_non_null(list[1].coaching);
    assert_int_equal(list[1].coaching->score, 62);
}

static void test_last_message_from_the_customer(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t elsewhere = add_ticket(f, f->customer);
    int64_t first, second;
    struct at_message m;

    assert_int_equal(st->coaching->message_last_from_customer(st, f->ticket, &f->arena, &m),
                     AT_ENOTFOUND);
    /* staff replies and internal notes are not the customer speaking to us */
    add_message(f, f->ticket, f->agent, 0, AT_VIS_PUBLIC, "How can I help?", 500);
    add_message(f, f->ticket, 0, f->customer, AT_VIS_INTERNAL, "forwarded by sales", 600);
    add_message(f, elsewhere, 0, f->customer, AT_VIS_PUBLIC, "On another ticket", 700);
    assert_int_equal(st->coaching->message_last_from_customer(st, f->ticket, &f->arena, &m),
                     AT_ENOTFOUND);

    first = add_message(f, f->ticket, 0, f->customer, AT_VIS_PUBLIC, "Charged twice in May", 1000);
    assert_int_equal(st->coaching->message_last_from_customer(st, f->ticket, &f->arena, &m), 0);
    assert_int_equal(m.id, first);
    add_message(f, f->ticket, f->agent, 0, AT_VIS_PUBLIC, "Looking into it", 2000);
    second =
        add_message(f, f->ticket, 0, f->customer, AT_VIS_PUBLIC, "Any news? It is urgent.", 3000);
    add_message(f, f->ticket, f->agent, 0, AT_VIS_PUBLIC, "Refunded", 4000);
    add_message(f, f->ticket, f->agent, 0, AT_VIS_INTERNAL, "done", 5000);
    add_message(f, f->ticket, 0, f->customer, AT_VIS_INTERNAL, "pasted from a call", 6000);

    assert_int_equal(st->coaching->message_last_from_customer(st, f->ticket, &f->arena, &m), 0);
    assert_int_equal(m.id, second);
    assert_int_equal(m.ticket_id, f->ticket);
    assert_int_equal(m.author_customer_id, f->customer);
    assert_int_equal(m.author_user_id, 0);
    assert_int_equal(m.visibility, AT_VIS_PUBLIC);
    assert_string_equal(m.body, "Any news? It is urgent.");
    assert_int_equal(m.created_at, 3000);
    assert_int_equal(st->coaching->message_last_from_customer(st, elsewhere, &f->arena, &m), 0);
    assert_string_equal(m.body, "On another ticket");
    /* someone else in the thread (a colleague copied in) is not the ticket's customer */
    add_message(f, f->ticket, 0, test_customer_add(st, "Ola Colleague", "ola@x.org"), AT_VIS_PUBLIC,
                "Me too!", 7000);
    assert_int_equal(st->coaching->message_last_from_customer(st, f->ticket, &f->arena, &m), 0);
    assert_int_equal(m.id, second);
}

static void test_settings_unset_set_and_overwritten(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    const char *v = NULL;

    assert_int_equal(st->coaching->setting_get(st, "coach.floor", &f->arena, &v), AT_ENOTFOUND);
    assert_int_equal(st->coaching->setting_set(st, "coach.floor", "70", f->agent, 100), 0);
    assert_int_equal(st->coaching->setting_get(st, "coach.floor", &f->arena, &v), 0);
    assert_string_equal(v, "70");
    /* written again, by the system */
    assert_int_equal(st->coaching->setting_set(st, "coach.floor", "55", 0, 200), 0);
    assert_int_equal(st->coaching->setting_get(st, "coach.floor", &f->arena, &v), 0);
    assert_string_equal(v, "55");
    /* other names are their own */
    assert_int_equal(st->coaching->setting_get(st, "coach.floor2", &f->arena, &v), AT_ENOTFOUND);
    assert_int_equal(st->coaching->setting_get(st, "coach", &f->arena, &v), AT_ENOTFOUND);
    /* set to nothing is not the same as never set */
    assert_int_equal(st->coaching->setting_set(st, "survey.footer", "", f->agent, 300), 0);
    assert_int_equal(st->coaching->setting_get(st, "survey.footer", &f->arena, &v), 0);
    assert_string_equal(v, "");
    assert_int_equal(st->coaching->setting_get(st, "coach.floor", &f->arena, &v), 0);
    assert_string_equal(v, "55");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reply_coaching_kept_once_and_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_message_from_the_customer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_unset_set_and_overwritten, setup, teardown),
    };

    return cmocka_run_group_tests_name("store coaching", tests, NULL, NULL);
}
