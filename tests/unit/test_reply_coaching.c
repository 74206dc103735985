/*
 * The coach on the reply path: the verdict kept with each public staff reply,
 * in its transaction; the team's floor that holds a poor reply back until the
 * sender confirms it; the setting admins change. A fresh in-memory store per
 * test; the text engine is loaded once for the group.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "desk/account.h"
#include "desk/coaching.h"
#include "desk/desk.h"

static struct at_text_engine *engine;

#define UPSET_FIRST "Thanks, the new plan works great and I love it!"
#define UPSET_LAST  "Now my order never arrived and I am really upset."
#define POOR_REPLY                                                                                 \
    "Calm down. As I already said, that's not possible. You should have read the policy."
#define GOOD_REPLY                                                                                 \
    "Hi Lena, I'm so sorry your order has not arrived, that is really upsetting. I will check "    \
    "with the courier today and email you by 5pm with an update. Thank you for your patience."

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, lead, agent, customer;
    int64_t ticket;
};

static int group_setup(void **state)
{
    struct at_errinfo e = {0};

    (void)state;
    engine = at_text_load(NULL, &e);
    if (!engine)
        fail_msg("the text engine does not load: %s", e.msg);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    at_text_free(engine);
    return 0;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Where is my order?", .body = UPSET_FIRST};
    struct at_ticket t;
    struct at_errinfo e = {0};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1700000000000LL);
    f->d.text = engine;
    test_actor_add(&f->d, &at_actor_system, &f->arena, "admin@example.com", "Ada Admin",
                   AT_ROLE_ADMIN, &f->admin);
    test_actor_add(&f->d, &f->admin, &f->arena, "sam@example.com", "Sam Lead", AT_ROLE_LEAD,
                   &f->lead);
    test_actor_add(&f->d, &f->admin, &f->arena, "maya@example.com", "Maya Agent", AT_ROLE_AGENT,
                   &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@customer.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    /* the customer was happy first, then upset: the coach must read the newest message */
    assert_int_equal(at_desk_ticket_create(&f->d, &f->customer, &nt, &f->arena, &t, &e), 0);
    at_clock_advance(&f->clock, 1000);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, t.id, UPSET_LAST, AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     0);
    at_clock_advance(&f->clock, 1000);
    f->ticket = t.id;
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

static void set_floor(struct fixture *f, int floor)
{
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, floor, "127.0.0.1", &e), 0);
}

static struct at_ticket_detail detail(struct fixture *f)
{
    struct at_ticket_detail det;

    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, f->ticket, &f->arena, &det, NULL), 0);
    return det;
}

static const struct at_message *last_message(struct fixture *f)
{
    struct at_ticket_detail det = detail(f);

    assert_true(det.nmessages > 0);
    return &det.messages[det.nmessages - 1];
}

/* The state the stored rubric gives `item`, as "\"item\":\"state\"" is found in it. */
static bool rubric_has(const char *rubric, const char *item, const char *st)
{
    char want[64];

    snprintf(want, sizeof(want), "\"%s\":\"%s\"", item, st);
    return strstr(rubric, want) != NULL;
}

static void test_a_reply_keeps_the_verdict_on_the_customers_last_message(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_message m;
    struct at_coaching direct, on_first;
    const struct at_message *got;
    const struct at_reply_coaching *c;

    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, GOOD_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, NULL, &e),
                     0);
    assert_non_null(m.coaching);
    got = last_message(f);
    assert_int_equal(got->id, m.id);
    c = got->coaching;
    assert_non_null(c);
    assert_int_equal(c->message_id, m.id);
    assert_int_equal(c->ticket_id, f->ticket);
    assert_int_equal(c->author_user_id, f->agent.user_id);
    assert_int_equal(c->created_at, got->created_at);

    /* what the coach says of the reply against the newest message, greeting "Lena" */
    assert_int_equal(at_text_coach(engine, UPSET_LAST, strlen(UPSET_LAST), GOOD_REPLY,
                                   strlen(GOOD_REPLY), "Lena", &f->arena, &direct),
                     0);
    assert_int_equal(c->score, direct.score);
    assert_int_equal(c->emotional_reaction, direct.empathy[AT_EMP_EMOTIONAL_REACTION]);
    assert_int_equal(c->interpretation, direct.empathy[AT_EMP_INTERPRETATION]);
    assert_int_equal(c->exploration, direct.empathy[AT_EMP_EXPLORATION]);
    for (int r = 0; r < AT_RUB_COUNT; r++)
        assert_true(rubric_has(c->rubric, at_text_rubric_name((enum at_rubric)r),
                               at_desk_rubric_state_name((enum at_rubric_state)direct.rubric[r])));
    assert_true(rubric_has(c->rubric, "greeting", "met"));
    assert_true(rubric_has(c->rubric, "apology", "met"));
    assert_true(c->score >= 70);

    /* against the happy first message an apology would not be due: the newest one was read */
    assert_int_equal(at_text_coach(engine, UPSET_FIRST, strlen(UPSET_FIRST), GOOD_REPLY,
                                   strlen(GOOD_REPLY), "Lena", &f->arena, &on_first),
                     0);
    assert_int_not_equal(on_first.rubric[AT_RUB_APOLOGY], direct.rubric[AT_RUB_APOLOGY]);
    assert_int_equal(c->floor, 0);
    assert_false(c->confirmed);
}

static void test_notes_and_customer_messages_get_no_verdict(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket_detail det;
    struct at_message m;

    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_INTERNAL,
                                        NULL, false, &f->arena, &m, NULL, &e),
                     0);
    assert_null(m.coaching);
    assert_int_equal(at_desk_reply_send(&f->d, &f->customer, f->ticket, "Any news?", AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, NULL, &e),
                     0);
    assert_null(m.coaching);
    det = detail(f);
    assert_int_equal(det.nmessages, 4);
    for (size_t i = 0; i < det.nmessages; i++)
        assert_null(det.messages[i].coaching);
}

static void test_no_engine_no_verdict_and_nothing_held(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_message m;

    set_floor(f, 90);
    f->d.text = NULL;
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, NULL, &e),
                     0);
    assert_null(m.coaching);
    assert_null(last_message(f)->coaching);
}

static int fail_coaching_add(struct at_store *st, const struct at_reply_coaching *c)
{
    (void)st;
    (void)c;
    return AT_ESTORE;
}

static void test_the_verdict_and_the_reply_commit_together(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    const struct at_store_coaching_ops *real = f->st->coaching;
    struct at_store_coaching_ops broken = *real;
    struct at_ticket_detail det;
    size_t before = detail(f).nmessages, events = detail(f).nevents;

    /* a verdict that cannot be stored takes the reply, its event and its mail with it */
    broken.reply_coaching_add = fail_coaching_add;
    f->st->coaching = &broken;
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, GOOD_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, NULL, NULL, &e),
                     AT_ESTORE);
    f->st->coaching = real;
    det = detail(f);
    assert_int_equal(det.nmessages, before);
    assert_int_equal(det.nevents, events);
    assert_int_equal(det.ticket.first_response_at, 0);
    /* and once it can be stored, both are there */
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, GOOD_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, NULL, NULL, &e),
                     0);
    det = detail(f);
    assert_int_equal(det.nmessages, before + 1);
    assert_non_null(det.messages[before].coaching);
}

static void test_the_floor_holds_a_poor_reply_until_confirmed(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_reply_verdict v;
    struct at_message m;
    struct at_ticket_detail det;
    size_t before = detail(f).nmessages, events = detail(f).nevents;
    bool dismissive = false, ownership = false;

    set_floor(f, 60);
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, &v, &e),
                     AT_ECONFIRM);
    assert_string_equal(e.field, "confirm");
    assert_true(v.coached && v.below);
    assert_int_equal(v.floor, 60);
    assert_true(v.coaching.score < 60);
    assert_non_null(strstr(e.msg, "below the team's floor of 60"));
    assert_non_null(strstr(e.msg, "sounds dismissive"));
    assert_true(v.nreasons > 0);
    /* what was found against it comes before what is missing */
    assert_int_equal(v.reasons[0].state, AT_RS_FOUND);
    for (size_t i = 0; i < v.nreasons; i++) {
        dismissive |= v.reasons[i].item == AT_RUB_DISMISSIVE && v.reasons[i].state == AT_RS_FOUND;
        ownership |= v.reasons[i].item == AT_RUB_OWNERSHIP && v.reasons[i].state == AT_RS_MISSING;
        assert_non_null(v.reasons[i].text);
    }
    assert_true(dismissive && ownership);
    /* nothing was sent: no message, no event, no first response */
    det = detail(f);
    assert_int_equal(det.nmessages, before);
    assert_int_equal(det.nevents, events);
    assert_int_equal(det.ticket.first_response_at, 0);

    /* the same reply, confirmed, goes out and says it was sent below the floor */
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                        NULL, true, &f->arena, &m, &v, &e),
                     0);
    det = detail(f);
    assert_int_equal(det.nmessages, before + 1);
    assert_string_equal(det.messages[before].body, POOR_REPLY);
    assert_non_null(det.messages[before].coaching);
    assert_int_equal(det.messages[before].coaching->floor, 60);
    assert_true(det.messages[before].coaching->confirmed);
    assert_true(det.ticket.first_response_at > 0);
}

static void test_the_floor_lets_good_replies_and_notes_through(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_reply_verdict v;
    struct at_message m;

    set_floor(f, 60);
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, GOOD_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, &v, &e),
                     0);
    assert_false(v.below);
    assert_non_null(m.coaching);
    assert_false(m.coaching->confirmed);
    assert_int_equal(m.coaching->floor, 60);
    /* an internal note is never held back, however it reads */
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_INTERNAL,
                                        NULL, false, &f->arena, &m, &v, &e),
                     0);
    assert_false(v.coached);
    /* nor is what the desk sends by itself (follow-ups, the demo), though it is coached */
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                         NULL, &f->arena, &m, &e),
                     0);
    assert_non_null(m.coaching);
    assert_true(m.coaching->score < 60);
    assert_false(m.coaching->confirmed);
    /* the floor at 0 is off */
    set_floor(f, 0);
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, &m, &v, &e),
                     0);
    assert_false(v.below);
}

static void test_a_held_reply_to_a_missing_or_closed_ticket_says_so(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket_change solve = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_ticket_change close = {.set_status = true, .status = AT_STATUS_CLOSED};

    set_floor(f, 60);
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, 999999, POOR_REPLY, AT_VIS_PUBLIC, NULL,
                                        false, &f->arena, NULL, NULL, &e),
                     AT_ENOTFOUND);
    assert_int_equal(
        at_desk_ticket_update(&f->d, &f->agent, f->ticket, &solve, &f->arena, NULL, &e), 0);
    assert_int_equal(
        at_desk_ticket_update(&f->d, &f->agent, f->ticket, &close, &f->arena, NULL, &e), 0);
    assert_int_equal(at_desk_reply_send(&f->d, &f->agent, f->ticket, POOR_REPLY, AT_VIS_PUBLIC,
                                        NULL, false, &f->arena, NULL, NULL, &e),
                     AT_ESTATE);
}

static void test_the_floor_is_an_admin_setting_validated_and_audited(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_audit *log;
    size_t n, changes = 0;
    int floor = -1;

    assert_int_equal(at_desk_coach_floor_get(&f->d, &f->admin, &floor, &e), 0);
    assert_int_equal(floor, AT_COACH_FLOOR_DEFAULT);
    assert_int_equal(at_desk_coach_floor_get(&f->d, &f->lead, &floor, &e), AT_EPERM);
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->lead, 40, NULL, &e), AT_EPERM);
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->agent, 40, NULL, &e), AT_EPERM);
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, 101, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "confirm_below");
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, -1, NULL, &e), AT_EINVAL);
    assert_int_equal(at_desk_coach_floor(&f->d, &floor), 0);
    assert_int_equal(floor, AT_COACH_FLOOR_DEFAULT);

    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, 40, "10.0.0.7", &e), 0);
    assert_int_equal(at_desk_coach_floor_get(&f->d, &f->admin, &floor, &e), 0);
    assert_int_equal(floor, 40);
    /* the same value again changes nothing and is not audited again */
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, 40, "10.0.0.7", &e), 0);
    assert_int_equal(at_desk_coach_floor_set(&f->d, &f->admin, 100, "10.0.0.7", &e), 0);
    assert_int_equal(at_desk_audit_list(&f->d, &f->admin, 0, 50, &f->arena, &log, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(log[i].action, "setting.coach_confirm_below") != 0)
            continue;
        changes++;
        assert_int_equal(log[i].actor_id, f->admin.user_id);
        assert_string_equal(log[i].address, "10.0.0.7");
        assert_string_equal(log[i].detail, changes == 1 ? "40 -> 100" : "0 -> 40");
    }
    assert_int_equal(changes, 2);
}

static void test_store_settings_and_the_customers_last_message(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_message last;
    const char *v = NULL;

    assert_int_equal(f->st->coaching->setting_get(f->st, "no_such_setting", &f->arena, &v),
                     AT_ENOTFOUND);
    assert_int_equal(f->st->coaching->setting_set(f->st, "x", "1", f->admin.user_id, 5), 0);
    assert_int_equal(f->st->coaching->setting_set(f->st, "x", "2", 0, 6), 0);
    assert_int_equal(f->st->coaching->setting_get(f->st, "x", &f->arena, &v), 0);
    assert_string_equal(v, "2");

    /* staff replies and notes after the customer's message do not count as theirs */
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, f->ticket, GOOD_REPLY, AT_VIS_PUBLIC,
                                         NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, f->ticket, "note", AT_VIS_INTERNAL, NULL,
                                         &f->arena, NULL, &e),
                     0);
    assert_int_equal(
        f->st->coaching->message_last_from_customer(f->st, f->ticket, &f->arena, &last), 0);
    assert_string_equal(last.body, UPSET_LAST);
    assert_int_equal(last.author_customer_id, f->customer.customer_id);
    assert_int_equal(f->st->coaching->message_last_from_customer(f->st, 999999, &f->arena, &last),
                     AT_ENOTFOUND);
    /* one verdict per message */
    assert_int_equal(f->st->coaching->reply_coaching_add(
                         f->st, &(struct at_reply_coaching){.message_id = last_message(f)->id - 1,
                                                            .ticket_id = f->ticket,
                                                            .score = 50,
                                                            .rubric = "{}",
                                                            .created_at = 7}),
                     AT_ECONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_reply_keeps_the_verdict_on_the_customers_last_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_and_customer_messages_get_no_verdict, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_engine_no_verdict_and_nothing_held, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_verdict_and_the_reply_commit_together, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_floor_holds_a_poor_reply_until_confirmed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_floor_lets_good_replies_and_notes_through, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_held_reply_to_a_missing_or_closed_ticket_says_so,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_floor_is_an_admin_setting_validated_and_audited,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_settings_and_the_customers_last_message, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
