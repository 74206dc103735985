/* The help desk's rules, against a fresh in-memory store per test. */
#include "testutil.h"

#include "desk/session.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "desk/account.h"
#include "desk/desk.h"
#include "desk/macro.h"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, agent2, customer, other_customer;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1700000000000LL);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "Admin@Example.com", "Ada Admin",
                   AT_ROLE_ADMIN, &f->admin);
    test_actor_add(&f->d, &f->admin, &f->arena, "maya@example.com", "Maya Agent", AT_ROLE_AGENT,
                   &f->agent);
    test_actor_add(&f->d, &f->admin, &f->arena, "omar@example.com", "Omar Agent", AT_ROLE_AGENT,
                   &f->agent2);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@customer.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "raj@customer.org", "Raj Patel",
                   AT_ROLE_CUSTOMER, &f->other_customer);
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

static int64_t open_ticket(struct fixture *f, const struct at_actor *who, const char *subject,
                           const char *email)
{
    struct at_new_ticket nt = {.subject = subject,
                               .body = "My order never arrived and I am upset.",
                               .customer_email = email,
                               .customer_name = "Some One"};
    struct at_ticket t;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_ticket_create(&f->d, who, &nt, &f->arena, &t, &e), 0);
    at_clock_advance(&f->clock, 1000);
    return t.id;
}

static struct at_ticket get(struct fixture *f, int64_t id)
{
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_get(&f->d, &f->admin, id, &f->arena, &t, NULL), 0);
    return t;
}

static void test_create_finds_or_adds_customer(void **state)
{
    struct fixture *f = *state;
    struct at_ticket a, b;
    int64_t ida = open_ticket(f, &f->agent, "Where is my parcel?", "New.Person@Mail.com");
    int64_t idb = open_ticket(f, &f->agent, "Second question", "new.person@mail.com");

    a = get(f, ida);
    b = get(f, idb);
    assert_int_equal(a.customer_id, b.customer_id);
    assert_string_equal(a.customer_email, "new.person@mail.com");
    assert_string_equal(a.customer_name, "Some One");
    assert_int_equal(a.status, AT_STATUS_NEW);
    assert_int_equal(a.priority, AT_PRIORITY_NORMAL);
    assert_int_equal(a.number + 1, b.number);
    assert_true(a.number >= 1001);
    assert_int_equal(a.message_count, 1);
}

static void test_create_checks_input(void **state)
{
    struct fixture *f = *state;
    struct at_new_ticket nt = {.subject = "  ", .body = "x", .customer_email = "a@b.co"};
    struct at_errinfo e = {0};
    const char *bad_tags[] = {"ok", "no spaces!"};

    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "subject");
    nt.subject = "Hello";
    nt.customer_email = "not-an-email";
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "customer.email");
    nt.customer_email = "a@b.co";
    nt.body = "bad \xff utf8";
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EUTF8);
    nt.body = "fine";
    nt.tags = bad_tags;
    nt.ntags = 2;
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "tags");
    nt.ntags = 0;
    nt.channel = "pigeon";
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "channel");
    nt.channel = NULL;
    nt.assignee_id = f->customer.user_id;
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "assignee_id");
}

static void test_customer_opens_own_ticket(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Login fails", NULL);
    struct at_ticket t = get(f, id);
    struct at_new_ticket nt = {
        .subject = "x", .body = "y", .set_priority = true, .priority = AT_PRIORITY_URGENT};
    struct at_errinfo e = {0};

    assert_int_equal(t.customer_id, f->customer.customer_id);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->customer, &nt, &f->arena, NULL, &e),
                     AT_EPERM);
}

static void test_customer_cannot_see_others(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Private matter", NULL);
    struct at_ticket t;
    struct at_ticket_detail det;
    struct at_errinfo e = {0};
    struct at_view_query q = {.view = AT_VIEW_ALL};
    struct at_ticket_page page;

    assert_int_equal(at_desk_ticket_get(&f->d, &f->other_customer, id, &f->arena, &t, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->other_customer, id, &f->arena, &det, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_message_add(&f->d, &f->other_customer, id, "hi", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_ticket_list(&f->d, &f->other_customer, &q, &f->arena, &page, &e), 0);
    assert_int_equal(page.n, 0);
    assert_int_equal(at_desk_ticket_list(&f->d, &f->customer, &q, &f->arena, &page, &e), 0);
    assert_int_equal(page.n, 1);
}

static void test_reply_sets_first_response_and_opens(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->agent, "Refund please", "a@b.co");
    struct at_ticket t;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Looking into it now.",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, &e),
                     0);
    t = get(f, id);
    assert_int_equal(t.status, AT_STATUS_OPEN);
    assert_int_equal(t.first_response_at, at_clock_now(&f->clock));
    at_clock_advance(&f->clock, 5000);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Done.", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     0);
    t = get(f, id);
    assert_int_equal(t.first_response_at, at_clock_now(&f->clock) - 5000);
}

static void test_note_is_internal_and_keeps_status(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Question", NULL);
    struct at_ticket_detail det;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Customer is a VIP", AT_VIS_INTERNAL,
                                         NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(get(f, id).status, AT_STATUS_NEW);
    assert_int_equal(get(f, id).first_response_at, 0);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, id, &f->arena, &det, &e), 0);
    assert_int_equal(det.nmessages, 2);
    assert_int_equal(det.messages[1].visibility, AT_VIS_INTERNAL);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->customer, id, &f->arena, &det, &e), 0);
    assert_int_equal(det.nmessages, 1);
    assert_int_equal(det.nevents, 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, id, "sneaky", AT_VIS_INTERNAL, NULL,
                                         &f->arena, NULL, &e),
                     AT_EPERM);
}

static void test_customer_reply_reopens_solved(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Broken", NULL);
    enum at_status solved = AT_STATUS_SOLVED;
    struct at_errinfo e = {0};
    struct at_ticket t;

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Fixed it!", AT_VIS_PUBLIC, &solved,
                                         &f->arena, NULL, &e),
                     0);
    t = get(f, id);
    assert_int_equal(t.status, AT_STATUS_SOLVED);
    assert_true(t.solved_at > 0);
    at_clock_advance(&f->clock, 60000);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, id, "It broke again", AT_VIS_PUBLIC,
                                         NULL, &f->arena, NULL, &e),
                     0);
    t = get(f, id);
    assert_int_equal(t.status, AT_STATUS_OPEN);
    assert_int_equal(t.solved_at, 0);
}

static void test_customer_reply_ends_pending(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Need info", NULL);
    enum at_status pending = AT_STATUS_PENDING;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Which order number?", AT_VIS_PUBLIC,
                                         &pending, &f->arena, NULL, &e),
                     0);
    assert_int_equal(get(f, id).status, AT_STATUS_PENDING);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, id, "#4411", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     0);
    assert_int_equal(get(f, id).status, AT_STATUS_OPEN);
}

static void test_closed_is_final(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->agent, "Done soon", "a@b.co");
    struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_CLOSED};
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e),
                     AT_ESTATE);
    assert_non_null(strstr(e.msg, "solve it first"));
    ch.status = AT_STATUS_SOLVED;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch.status = AT_STATUS_CLOSED;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    assert_true(get(f, id).closed_at > 0);
    ch.status = AT_STATUS_OPEN;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e),
                     AT_ESTATE);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "again", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     AT_ESTATE);
    assert_int_equal(get(f, id).status, AT_STATUS_CLOSED);
}

static void test_no_way_back_to_new(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->agent, "x", "a@b.co");
    struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_OPEN};
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch.status = AT_STATUS_NEW;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e),
                     AT_ESTATE);
}

static void test_assign_opens_and_checks_assignee(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->agent, "Assign me", "a@b.co");
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent2.user_id};
    struct at_errinfo e = {0};
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e), 0);
    assert_int_equal(t.assignee_id, f->agent2.user_id);
    assert_string_equal(t.assignee_name, "Omar Agent");
    assert_int_equal(t.status, AT_STATUS_OPEN);
    ch.assignee_id = f->customer.user_id;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e),
                     AT_EINVAL);
    ch.assignee_id = 99999;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e),
                     AT_EINVAL);
    ch.assignee_id = 0;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e), 0);
    assert_int_equal(t.assignee_id, 0);
}

static void test_tags_and_priority_are_recorded(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->agent, "Tag me", "a@b.co");
    const char *tags[] = {"Billing", "refund", "billing", " vip "};
    struct at_ticket_change ch = {.set_tags = true,
                                  .tags = tags,
                                  .ntags = 4,
                                  .set_priority = true,
                                  .priority = AT_PRIORITY_URGENT};
    struct at_ticket_detail det;
    struct at_errinfo e = {0};
    struct at_ticket t;
    bool saw_tags = false, saw_priority = false;

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, &t, &e), 0);
    assert_int_equal(t.ntags, 3);
    assert_string_equal(t.tags[0], "billing");
    assert_string_equal(t.tags[1], "refund");
    assert_string_equal(t.tags[2], "vip");
    assert_int_equal(t.priority, AT_PRIORITY_URGENT);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, id, &f->arena, &det, &e), 0);
    for (size_t i = 0; i < det.nevents; i++) {
        if (strcmp(det.events[i].kind, "tags") == 0) {
            saw_tags = true;
            assert_string_equal(det.events[i].new_value, "billing refund vip");
            assert_int_equal(det.events[i].actor_id, f->agent.user_id);
        }
        if (strcmp(det.events[i].kind, "priority") == 0) {
            saw_priority = true;
            assert_string_equal(det.events[i].old_value, "normal");
            assert_string_equal(det.events[i].new_value, "urgent");
        }
    }
    assert_true(saw_tags);
    assert_true(saw_priority);
}

static void test_every_change_is_in_the_event_log(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Log it", NULL);
    enum at_status pending = AT_STATUS_PENDING;
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent.user_id};
    struct at_ticket_detail det;
    struct at_errinfo e = {0};
    const char *want[] = {"created",        "assignee", "status",           "reply",
                          "first_response", "status",   "customer_message", "status"};

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "Could you send a screenshot?",
                                         AT_VIS_PUBLIC, &pending, &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, id, "Here it is", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, id, &f->arena, &det, &e), 0);
    assert_int_equal(det.nevents, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < det.nevents; i++)
        assert_string_equal(det.events[i].kind, want[i]);
    assert_string_equal(det.events[2].old_value, "new");
    assert_string_equal(det.events[2].new_value, "open");
    assert_string_equal(det.events[7].old_value, "pending");
    assert_string_equal(det.events[7].new_value, "open");
}

static void test_customer_may_only_solve(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Mine", NULL);
    struct at_ticket_change ch = {.set_priority = true, .priority = AT_PRIORITY_URGENT};
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_ticket_update(&f->d, &f->customer, id, &ch, &f->arena, NULL, &e),
                     AT_EPERM);
    ch = (struct at_ticket_change){.set_status = true, .status = AT_STATUS_SOLVED};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->other_customer, id, &ch, &f->arena, NULL, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_ticket_update(&f->d, &f->customer, id, &ch, &f->arena, NULL, &e), 0);
    assert_int_equal(get(f, id).status, AT_STATUS_SOLVED);
}

static void test_customer_history_newest_first(void **state)
{
    struct fixture *f = *state;
    int64_t a = open_ticket(f, &f->customer, "First", NULL);
    int64_t b = open_ticket(f, &f->customer, "Second", NULL);
    struct at_ticket *list;
    struct at_errinfo e = {0};
    size_t n;

    open_ticket(f, &f->other_customer, "Not hers", NULL);
    assert_int_equal(at_desk_customer_history(&f->d, &f->agent, f->customer.customer_id, &f->arena,
                                              &list, &n, &e),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, b);
    assert_int_equal(list[1].id, a);
    assert_int_equal(at_desk_customer_history(&f->d, &f->other_customer, f->customer.customer_id,
                                              &f->arena, &list, &n, &e),
                     AT_ENOTFOUND);
}

static void test_views(void **state)
{
    struct fixture *f = *state;
    int64_t mine = open_ticket(f, &f->agent, "mine", "a@b.co");
    int64_t other = open_ticket(f, &f->agent, "other's", "a@b.co");
    int64_t loose = open_ticket(f, &f->agent, "nobody's", "a@b.co");
    int64_t waiting = open_ticket(f, &f->agent, "waiting", "a@b.co");
    int64_t done = open_ticket(f, &f->agent, "done", "a@b.co");
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent.user_id};
    struct at_view_query q = {0};
    struct at_ticket_page p;
    struct at_errinfo e = {0};
    int64_t count;

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, mine, &ch, &f->arena, NULL, &e), 0);
    ch.assignee_id = f->agent2.user_id;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, other, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_status = true, .status = AT_STATUS_PENDING};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, waiting, &ch, &f->arena, NULL, &e), 0);
    ch.status = AT_STATUS_SOLVED;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, done, &ch, &f->arena, NULL, &e), 0);

    q.view = AT_VIEW_MINE;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, mine);
    q.view = AT_VIEW_UNASSIGNED;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 2); /* nobody's and waiting */
    q.view = AT_VIEW_OPEN;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 4);
    q.view = AT_VIEW_PENDING;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, waiting);
    q.view = AT_VIEW_SOLVED;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, done);
    assert_int_equal(at_desk_view_count(&f->d, &f->agent, AT_VIEW_OPEN, &count, &e), 0);
    assert_int_equal(count, 4);
    /* a solved ticket drops out of "recently solved" after a week */
    at_clock_advance(&f->clock, 8LL * 24 * 3600 * 1000);
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    /* the view and a filter narrow each other */
    q.view = AT_VIEW_OPEN;
    q.filter.status_mask = AT_STATUS_BIT(AT_STATUS_SOLVED);
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    (void)loose;
}

static void test_filters(void **state)
{
    struct fixture *f = *state;
    int64_t a = open_ticket(f, &f->agent, "urgent billing", "a@b.co");
    const char *tags[] = {"billing"};
    struct at_ticket_change ch = {.set_tags = true,
                                  .tags = tags,
                                  .ntags = 1,
                                  .set_priority = true,
                                  .priority = AT_PRIORITY_URGENT};
    struct at_view_query q = {.view = AT_VIEW_ALL};
    struct at_ticket_page p;
    struct at_errinfo e = {0};

    open_ticket(f, &f->agent, "plain", "c@d.co");
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, a, &ch, &f->arena, NULL, &e), 0);
    q.filter.tag = "billing";
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, a);
    q.filter.tag = NULL;
    q.filter.priority_mask = 1u << AT_PRIORITY_URGENT;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    q.filter.priority_mask = 0;
    q.filter.customer_id = get(f, a).customer_id;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
}

static void test_pagination_survives_changes(void **state)
{
    struct fixture *f = *state;
    int64_t ids[40];
    int seen[40] = {0};
    struct at_view_query q = {.view = AT_VIEW_ALL, .limit = 7};
    struct at_ticket_page p;
    struct at_errinfo e = {0};
    const char *cursor = NULL;
    int pages = 0;

    for (int i = 0; i < 40; i++)
        ids[i] = open_ticket(f, &f->agent, "page me", "a@b.co");
    do {
        q.cursor = cursor;
        assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
        for (size_t i = 0; i < p.n; i++)
            for (int k = 0; k < 40; k++)
                if (p.items[i].id == ids[k])
                    seen[k]++;
        /* between pages: new tickets arrive and old ones change */
        open_ticket(f, &f->agent, "arrived meanwhile", "x@y.co");
        {
            struct at_ticket_change ch = {.set_priority = true, .priority = AT_PRIORITY_HIGH};

            assert_int_equal(
                at_desk_ticket_update(&f->d, &f->agent, ids[pages], &ch, &f->arena, NULL, &e), 0);
        }
        cursor = p.next;
        pages++;
    } while (cursor);
    for (int k = 0; k < 40; k++)
        assert_int_equal(seen[k], 1);
    /* a page that ends the list says so: no cursor to an empty page */
    q.cursor = NULL;
    q.limit = 200;
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_true(p.n < 200);
    q.limit = p.n; /* a page exactly as long as the list */
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, q.limit);
    assert_null(p.next);
    q.cursor = "garbage";
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), AT_EINVAL);
    assert_string_equal(e.field, "cursor");
}

static void test_search_words_phrases_and_visibility(void **state)
{
    struct fixture *f = *state;
    int64_t a = open_ticket(f, &f->customer, "Charged twice for my subscription", NULL);
    int64_t b = open_ticket(f, &f->agent, "Password reset", "q@r.co");
    struct at_view_query q = {.view = AT_VIEW_ALL};
    struct at_ticket_page p;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, a, "internal: chargeback risk zebra",
                                         AT_VIS_INTERNAL, NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "charged twice", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, a);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "\"twice for\"", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "\"for twice\"", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "zebra", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(at_desk_search(&f->d, &f->customer, "zebra", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(at_desk_search(&f->d, &f->other_customer, "charged", &q, &f->arena, &p, &e),
                     0);
    assert_int_equal(p.n, 0);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "password", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, b);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "   ", &q, &f->arena, &p, &e), AT_EINVAL);
}

/* A number or "#number" names its ticket; a customer's email or name lists their tickets. */
static void test_search_finds_numbers_and_customers(void **state)
{
    struct fixture *f = *state;
    int64_t a = open_ticket(f, &f->customer, "Login trouble", NULL);
    int64_t b = open_ticket(f, &f->agent, "Printer jam", "q@r.co");
    struct at_view_query q = {.view = AT_VIEW_ALL};
    struct at_ticket_page p;
    struct at_errinfo e = {0};
    struct at_ticket t;
    char num[32], hash[32];

    assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, a, &f->arena, &t, &e), 0);
    snprintf(num, sizeof(num), "%lld", (long long)t.number);
    snprintf(hash, sizeof(hash), " #%lld ", (long long)t.number);
    assert_int_equal(at_desk_search(&f->d, &f->agent, num, &q, &f->arena, &p, &e), 0);
    assert_true(p.n >= 1);
    assert_int_equal(p.items[0].id, a);
    assert_int_equal(at_desk_search(&f->d, &f->agent, hash, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, a);
    /* the customer finds their own by number; another customer finds nothing, and no error */
    assert_int_equal(at_desk_search(&f->d, &f->customer, hash, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(at_desk_search(&f->d, &f->other_customer, hash, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "#99999999", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
    /* a customer's email, in any case, and their name */
    assert_int_equal(at_desk_search(&f->d, &f->agent, " Q@R.co", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, b);
    assert_int_equal(at_desk_search(&f->d, &f->agent, "lena park", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, a);
    /* customers do not search other people */
    assert_int_equal(at_desk_search(&f->d, &f->other_customer, "lena park", &q, &f->arena, &p, &e),
                     0);
    assert_int_equal(p.n, 0);
    /* the view still applies to what a customer's name lists */
    q.view = AT_VIEW_SOLVED;
    assert_int_equal(at_desk_search(&f->d, &f->agent, "lena park", &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 0);
}

/* The history reads as sentences with names, never ids. */
static void test_history_in_words(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_ticket(f, &f->customer, "Where is my parcel", NULL);
    const char *tags[] = {"shipping", "vip"}, *fewer[] = {"vip", "late"};
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent2.user_id};
    struct at_ticket_detail det;
    struct at_errinfo e = {0};
    const char *want[] = {
        "Lena Park opened the ticket",
        "Maya Agent assigned it to Omar Agent",
        "Maya Agent tagged it shipping, vip",
        "Maya Agent tagged it late and removed shipping",
        "Maya Agent changed the status: open → on hold",
        "Maya Agent unassigned it",
        "Omar Agent took it",
        "Maya Agent added an internal note",
    };
    size_t found = 0;

    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_tags = true, .tags = tags, .ntags = 2};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_tags = true, .tags = fewer, .ntags = 2};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_status = true, .status = AT_STATUS_ON_HOLD};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_assignee = true, .assignee_id = 0};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, id, &ch, &f->arena, NULL, &e), 0);
    ch = (struct at_ticket_change){.set_assignee = true, .assignee_id = f->agent2.user_id};
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent2, id, &ch, &f->arena, NULL, &e), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, id, "checking the courier",
                                         AT_VIS_INTERNAL, NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, id, &f->arena, &det, &e), 0);
    for (size_t i = 0; i < det.nevents; i++) {
        assert_non_null(det.events[i].words);
        assert_null(strstr(det.events[i].words, "_"));
        if (found < sizeof(want) / sizeof(want[0]) && strcmp(det.events[i].words, want[found]) == 0)
            found++;
    }
    if (found < sizeof(want) / sizeof(want[0]))
        fail_msg("the history misses \"%s\"", want[found]);
}

static void test_users(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_user u;

    assert_int_equal(at_desk_user_add(&f->d, &f->admin, "maya@example.com", "Dup", AT_ROLE_AGENT,
                                      "long enough", &f->arena, &u, &e),
                     AT_ECONFLICT);
    assert_string_equal(e.field, "email");
    assert_int_equal(at_desk_user_add(&f->d, &f->agent, "new@example.com", "X", AT_ROLE_AGENT,
                                      "long enough", &f->arena, &u, &e),
                     AT_EPERM);
    assert_int_equal(at_desk_user_add(&f->d, &f->admin, "new@example.com", "X", AT_ROLE_AGENT,
                                      "short", &f->arena, &u, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "password");
    assert_int_equal(at_desk_user_add(&f->d, &f->admin, "bad email", "X", AT_ROLE_AGENT,
                                      "long enough", &f->arena, &u, &e),
                     AT_EINVAL);
    assert_int_equal(at_desk_user_add(&f->d, &f->admin, "New@Example.com", "X", AT_ROLE_LEAD,
                                      "long enough", &f->arena, &u, &e),
                     0);
    assert_string_equal(u.email, "new@example.com");
    assert_true(at_password_verify(u.password_hash, "long enough"));
    assert_false(at_password_verify(u.password_hash, "wrong one"));
    assert_true(strncmp(u.password_hash, "$argon2id$", 10) == 0);
}

static void test_customer_profile(void **state)
{
    struct fixture *f = *state;
    struct at_customer c;
    struct at_customer_change ch = {.preferred_name = "Lee",
                                    .tier = "premium",
                                    .set_value = true,
                                    .lifetime_value_cents = 123456};
    struct at_errinfo e = {0};

    assert_int_equal(
        at_desk_customer_update(&f->d, &f->agent, f->customer.customer_id, &ch, &f->arena, &c, &e),
        0);
    assert_int_equal(
        at_desk_customer_get(&f->d, &f->agent, f->customer.customer_id, &f->arena, &c, &e), 0);
    assert_string_equal(c.preferred_name, "Lee");
    assert_string_equal(c.tier, "premium");
    assert_int_equal(c.lifetime_value_cents, 123456);
    assert_string_equal(c.name, "Lena Park");
    assert_int_equal(at_desk_customer_update(&f->d, &f->customer, f->customer.customer_id, &ch,
                                             &f->arena, &c, &e),
                     AT_EPERM);
    ch = (struct at_customer_change){.set_value = true, .lifetime_value_cents = -5};
    assert_int_equal(
        at_desk_customer_update(&f->d, &f->agent, f->customer.customer_id, &ch, &f->arena, &c, &e),
        AT_EINVAL);
    /* a change that changes nothing writes nothing: the time of change stays */
    {
        int64_t changed_at;

        assert_int_equal(
            at_desk_customer_get(&f->d, &f->agent, f->customer.customer_id, &f->arena, &c, &e), 0);
        changed_at = c.updated_at;
        at_clock_advance(&f->clock, 60000);
        ch = (struct at_customer_change){.preferred_name = " Lee ", .tier = "premium"};
        assert_int_equal(at_desk_customer_update(&f->d, &f->agent, f->customer.customer_id, &ch,
                                                 &f->arena, &c, &e),
                         0);
        assert_int_equal(c.updated_at, changed_at);
        ch = (struct at_customer_change){.company = "Park & Co"};
        assert_int_equal(at_desk_customer_update(&f->d, &f->agent, f->customer.customer_id, &ch,
                                                 &f->arena, &c, &e),
                         0);
        assert_true(c.updated_at > changed_at);
    }
}

static void test_customer_messages_carry_their_analysis(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_text_engine *eng = at_text_load(NULL, &e);
    struct at_new_ticket nt = {.subject = "Charged twice",
                               .body = "I was charged TWICE and nobody answers. I will cancel!",
                               .customer_email = "angry@example.com"};
    struct at_ticket t;
    struct at_ticket_detail det;

    assert_non_null(eng);
    f->d.text = eng;
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &nt, &f->arena, &t, &e), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->agent, t.id, "I am sorry, I will fix it today.",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, t.id, &f->arena, &det, &e), 0);
    assert_int_equal(det.nmessages, 2);
    /* the customer's message is read for feeling and risk; the agent's reply is not */
    assert_non_null(strstr(det.messages[0].analysis, "\"polarity\""));
    assert_non_null(strstr(det.messages[0].analysis, "cancel"));
    assert_string_equal(det.messages[1].analysis, "");
    f->d.text = NULL;
    at_text_free(eng);
}

static void test_macros_fill_in_the_customer_and_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_actor lead = f->admin;
    struct at_macro m, *list;
    struct at_customer_change ch = {.preferred_name = "Lee"};
    const char *text;
    size_t n;
    int64_t first, second;

    lead.role = AT_ROLE_LEAD;
    first = open_ticket(f, &f->customer, "Printer on fire", NULL);
    second = open_ticket(f, &f->customer, "Invoice question", NULL);
    assert_int_equal(at_desk_macro_add(&f->d, &f->agent, "Hi", "Hello", NULL, &f->arena, &m, &e),
                     AT_EPERM);
    assert_int_equal(at_desk_macro_add(&f->d, &lead, "Bad", "Hi {{customer.shoe_size}}", NULL,
                                       &f->arena, &m, &e),
                     AT_EINVAL);
    assert_non_null(strstr(e.msg, "customer.shoe_size"));
    assert_int_equal(at_desk_macro_add(&f->d, &lead, "Welcome back",
                                       "Hi {{customer.first_name}}, this is {{agent.first_name}} "
                                       "about {{ticket.number}}. Last time you wrote about "
                                       "\"{{ customer.last_ticket_subject }}\".",
                                       NULL, &f->arena, &m, &e),
                     0);
    assert_int_equal(
        at_desk_macro_add(&f->d, &lead, "Welcome back", "x", NULL, &f->arena, NULL, &e),
        AT_ECONFLICT);
    assert_int_equal(at_desk_customer_update(&f->d, &f->agent, f->customer.customer_id, &ch,
                                             &f->arena, NULL, &e),
                     0);
    assert_int_equal(at_desk_macro_render(&f->d, &f->agent, m.id, second, &f->arena, &text, &e), 0);
    assert_string_equal(text, "Hi Lee, this is Maya about #1002. Last time you wrote about "
                              "\"Printer on fire\".");
    assert_int_equal(at_desk_macro_list(&f->d, &f->agent, "last time", &f->arena, &list, &n, &e),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(at_desk_macro_render(&f->d, &f->customer, m.id, first, &f->arena, &text, &e),
                     AT_EPERM);
    assert_int_equal(at_desk_macro_delete(&f->d, &lead, m.id, &e), 0);
    assert_int_equal(at_desk_macro_delete(&f->d, &lead, m.id, &e), AT_ENOTFOUND);
}

static void test_nested_transactions_batch(void **state)
{
    struct fixture *f = *state;
    struct at_view_query q = {.view = AT_VIEW_ALL};
    struct at_ticket_page p;
    struct at_errinfo e = {0};
    struct at_new_ticket bad = {.subject = "", .body = "x", .customer_email = "a@b.co"};

    assert_int_equal(at_desk_begin(&f->d), 0);
    open_ticket(f, &f->agent, "in batch 1", "a@b.co");
    open_ticket(f, &f->agent, "in batch 2", "a@b.co");
    /* a validation error writes nothing and does not spoil the batch */
    assert_int_equal(at_desk_ticket_create(&f->d, &f->agent, &bad, &f->arena, NULL, &e), AT_EINVAL);
    assert_int_equal(at_desk_commit(&f->d), 0);
    assert_int_equal(at_desk_ticket_list(&f->d, &f->agent, &q, &f->arena, &p, &e), 0);
    assert_int_equal(p.n, 2);
}

static void test_a_reset_link_survives_a_refused_password_and_works_once(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    int64_t now = at_clock_now(&f->clock);

    assert_int_equal(f->st->people->reset_add(f->st, "hash-one", f->agent.user_id, now + 3600000),
                     0);
    assert_int_equal(f->st->people->reset_add(f->st, "hash-two", f->agent.user_id, now + 1000), 0);
    /* a refused password leaves the link usable */
    assert_int_equal(at_desk_password_reset(&f->d, "hash-one", "short", NULL, &e), AT_EINVAL);
    assert_string_equal(e.field, "password");
    assert_int_equal(at_desk_password_reset(&f->d, "hash-one", "a much better one", NULL, &e), 0);
    assert_int_equal(at_desk_password_reset(&f->d, "hash-one", "and another one", NULL, &e),
                     AT_ENOTFOUND);
    assert_string_equal(e.field, "token");
    at_clock_advance(&f->clock, 2000);
    assert_int_equal(at_desk_password_reset(&f->d, "hash-two", "too late for this", NULL, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_password_reset(&f->d, "no-such-hash", "whatever it is", NULL, &e),
                     AT_ENOTFOUND);
}

/* Signing in: one answer for a wrong password and an unknown account, and a wait after many. */
static void test_sign_in_and_its_rate_limit(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_user u;
    int64_t wait;

    assert_int_equal(at_desk_login(&f->d, " maya@example.com ", "secret-pass", "10.0.0.1",
                                   &f->arena, &u, &wait, &e),
                     0);
    assert_int_equal(u.id, f->agent.user_id);
    assert_int_equal(
        at_desk_login(&f->d, "maya@example.com", "not it", "10.0.0.1", &f->arena, &u, &wait, &e),
        AT_EAUTH);
    assert_string_equal(e.msg, "wrong email or password");
    assert_int_equal(
        at_desk_login(&f->d, "nobody@example.com", "not it", "10.0.0.1", &f->arena, &u, &wait, &e),
        AT_EAUTH);
    assert_string_equal(e.msg, "wrong email or password");
    assert_int_equal(at_desk_login(&f->d, NULL, "x", "10.0.0.1", &f->arena, &u, &wait, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "email");
    /* five failures for the account are free; the sixth try waits, even with the password */
    for (int i = 0; i < 4; i++)
        assert_int_equal(
            at_desk_login(&f->d, "maya@example.com", "guess", "10.0.0.2", &f->arena, &u, &wait, &e),
            AT_EAUTH);
    assert_int_equal(at_desk_login(&f->d, "maya@example.com", "secret-pass", "10.0.0.3", &f->arena,
                                   &u, &wait, &e),
                     AT_ERATE);
    assert_true(wait > 0);
    at_clock_advance(&f->clock, 16LL * 60 * 1000);
    assert_int_equal(at_desk_login(&f->d, "maya@example.com", "secret-pass", "10.0.0.3", &f->arena,
                                   &u, &wait, &e),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_reset_link_survives_a_refused_password_and_works_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_finds_or_adds_customer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_checks_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_opens_own_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_cannot_see_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reply_sets_first_response_and_opens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_is_internal_and_keeps_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_reply_reopens_solved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_reply_ends_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_is_final, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_way_back_to_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assign_opens_and_checks_assignee, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_and_priority_are_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_change_is_in_the_event_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_may_only_solve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_history_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagination_survives_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_words_phrases_and_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_finds_numbers_and_customers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_in_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customer_messages_carry_their_analysis, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_macros_fill_in_the_customer_and_ticket, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nested_transactions_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_in_and_its_rate_limit, setup, teardown),
    };

    return cmocka_run_group_tests_name("desk", tests, NULL, NULL);
}
