/*
 * The store conformance suite: written only against the area tables of store.h, so
 * every backend runs the same tests. A few tests at the end reach into the
 * SQLite file itself to check what the interface promises about it.
 */
#include "testutil.h"

#include "store/sqlite_int.h" /* the tests at the end look inside the SQLite backend */

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer;
    int64_t agent;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_customer c = {.name = "Lena Park",
                            .preferred_name = "",
                            .email = "lena@x.org",
                            .phone = "",
                            .company = "Parkworks",
                            .tier = "premium",
                            .notes = "",
                            .created_at = 1,
                            .updated_at = 1};
    struct at_user u = {.email = "maya@x.org",
                        .name = "Maya",
                        .role = AT_ROLE_AGENT,
                        .password_hash = "",
                        .created_at = 1};

    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    assert_int_equal(f->st->tickets->customer_add(f->st, &c, &f->customer), 0);
    assert_int_equal(f->st->people->user_add(f->st, &u, &f->agent), 0);
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

static int64_t add_ticket(struct fixture *f, const char *subject, int64_t created,
                          enum at_priority pri)
{
    struct at_ticket t = {.subject = subject,
                          .status = AT_STATUS_NEW,
                          .priority = pri,
                          .channel = "web",
                          .customer_id = f->customer,
                          .group_name = "",
                          .created_at = created,
                          .updated_at = created};

    assert_int_equal(f->st->tickets->ticket_add(f->st, &t), 0);
    return t.id;
}

static void test_users_and_conflicts(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_user u = {.email = "MAYA@x.org",
                        .name = "Other",
                        .role = AT_ROLE_LEAD,
                        .password_hash = "",
                        .created_at = 2};
    struct at_user got;
    struct at_user *list;
    size_t n;
    int64_t id;

    assert_int_equal(st->people->user_add(st, &u, &id), AT_ECONFLICT);
    assert_int_equal(st->people->user_by_email(st, "Maya@X.org", &f->arena, &got), 0);
    assert_int_equal(got.id, f->agent);
    assert_int_equal(got.role, AT_ROLE_AGENT);
    got.role = AT_ROLE_LEAD;
    got.disabled = true;
    assert_int_equal(st->people->user_update(st, &got), 0);
    assert_int_equal(st->people->user_get(st, f->agent, &f->arena, &got), 0);
    assert_int_equal(got.role, AT_ROLE_LEAD);
    assert_true(got.disabled);
    assert_int_equal(st->people->user_get(st, 999, &f->arena, &got), AT_ENOTFOUND);
    got.id = 999;
    assert_int_equal(st->people->user_update(st, &got), AT_ENOTFOUND);
    assert_int_equal(st->people->user_list(st, false, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
}

static void test_customers(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_customer c, *list;
    size_t n;
    int64_t id;

    assert_int_equal(st->tickets->customer_get(st, f->customer, &f->arena, &c), 0);
    assert_string_equal(c.company, "Parkworks");
    assert_string_equal(c.tier, "premium");
    assert_int_equal(st->tickets->customer_add(st, &c, &id), AT_ECONFLICT);
    c.notes = "prefers email";
    c.lifetime_value_cents = 5000;
    assert_int_equal(st->tickets->customer_update(st, &c), 0);
    assert_int_equal(st->tickets->customer_by_email(st, "LENA@x.org", &f->arena, &c), 0);
    assert_string_equal(c.notes, "prefers email");
    assert_int_equal(c.lifetime_value_cents, 5000);
    assert_int_equal(st->tickets->customer_list(st, "PARK", 0, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->tickets->customer_list(st, "50%_off", 0, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->tickets->customer_list(st, NULL, f->customer, 10, &f->arena, &list, &n),
                     0);
    assert_int_equal(n, 0);
}

static int64_t add_message(struct fixture *f, int64_t ticket, int64_t customer, const char *body)
{
    struct at_message m = {.ticket_id = ticket,
                           .author_customer_id = customer,
                           .visibility = AT_VIS_PUBLIC,
                           .body = body,
                           .analysis = "{}",
                           .created_at = 10};

    assert_int_equal(f->st->tickets->message_add(f->st, &m), 0);
    return m.id;
}

static void test_customers_merge_with_everything_they_own(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_customer dup = {.name = "Lena P.",
                              .preferred_name = "",
                              .email = "lena@home.org",
                              .phone = "",
                              .company = "",
                              .tier = "standard",
                              .notes = "",
                              .created_at = 2,
                              .updated_at = 2};
    struct at_user u = {.email = "lena@home.org",
                        .name = "Lena P.",
                        .role = AT_ROLE_CUSTOMER,
                        .password_hash = "",
                        .created_at = 2};
    struct at_message *msgs;
    struct at_ticket t;
    struct at_user got;
    int64_t from, uid, tid, moved;
    size_t n;

    assert_int_equal(st->tickets->customer_add(st, &dup, &from), 0);
    u.customer_id = from;
    assert_int_equal(st->people->user_add(st, &u, &uid), 0);
    add_ticket(f, "Kept customer's", 3, AT_PRIORITY_NORMAL);
    t = (struct at_ticket){.subject = "From home",
                           .status = AT_STATUS_NEW,
                           .priority = AT_PRIORITY_NORMAL,
                           .channel = "email",
                           .customer_id = from,
                           .group_name = "",
                           .created_at = 4,
                           .updated_at = 4};
    assert_int_equal(st->tickets->ticket_add(st, &t), 0);
    tid = t.id;
    add_message(f, tid, from, "Written at home.");

    assert_int_equal(st->tickets->customer_merge(st, from, from, &moved), AT_EINVAL);
    assert_int_equal(st->tickets->customer_merge(st, from, 999999, &moved), AT_ENOTFOUND);
    assert_int_equal(st->tickets->customer_merge(st, from, f->customer, &moved), 0);
    assert_int_equal(moved, 1);
    assert_int_equal(st->tickets->customer_get(st, from, &f->arena, &dup), AT_ENOTFOUND);
    assert_int_equal(st->tickets->ticket_get(st, tid, &f->arena, &t), 0);
    assert_int_equal(t.customer_id, f->customer);
    assert_int_equal(st->tickets->message_list(st, tid, true, &f->arena, &msgs, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(msgs[0].author_customer_id, f->customer);
    assert_int_equal(st->people->user_get(st, uid, &f->arena, &got), 0);
    assert_int_equal(got.customer_id, f->customer);
}

static void test_tickets_merge_their_conversation_and_search_text(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t into = add_ticket(f, "Export broken", 3, AT_PRIORITY_NORMAL);
    int64_t from = add_ticket(f, "Export broken again", 4, AT_PRIORITY_NORMAL);
    struct at_ticket_query q = {.limit = 10};
    struct at_message *msgs;
    struct at_ticket a, b, *found;
    size_t n;

    add_message(f, into, f->customer, "The export button does nothing.");
    add_message(f, from, f->customer, "The zanzibar report fails too.");
    assert_int_equal(st->tickets->ticket_merge(st, from, from), AT_EINVAL);
    assert_int_equal(st->tickets->ticket_merge(st, from, 999999), AT_ENOTFOUND);
    assert_int_equal(st->tickets->ticket_merge(st, from, into), 0);
    assert_int_equal(st->tickets->message_list(st, into, true, &f->arena, &msgs, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->tickets->message_list(st, from, true, &f->arena, &msgs, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->tickets->ticket_get(st, from, &f->arena, &a), 0);
    assert_int_equal(a.merged_into, into);
    assert_int_equal(a.message_count, 0);
    assert_int_equal(st->tickets->ticket_get(st, into, &f->arena, &b), 0);
    assert_int_equal(b.merged_into, 0);
    assert_int_equal(b.message_count, 2);
    q.filter.text = "zanzibar";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &found, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(found[0].id, into);
}

static void test_macros_keep_their_actions(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_macro m = {.title = "Refund",
                         .body = "On its way.",
                         .actions = "{\"status\":\"pending\"}",
                         .created_by = f->agent,
                         .created_at = 1,
                         .updated_at = 1};
    struct at_macro got;

    assert_int_equal(st->tickets->macro_add(st, &m, &m.id), 0);
    assert_int_equal(st->tickets->macro_get(st, m.id, &f->arena, &got), 0);
    assert_string_equal(got.actions, "{\"status\":\"pending\"}");
    got.actions = "";
    assert_int_equal(st->tickets->macro_update(st, &got), 0);
    assert_int_equal(st->tickets->macro_get(st, m.id, &f->arena, &got), 0);
    assert_string_equal(got.actions, "");
}

static void test_tickets_numbers_tags_and_updates(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    const char *tags[] = {"billing", "vip"};
    struct at_ticket t = {.subject = "Hello",
                          .status = AT_STATUS_NEW,
                          .priority = 1,
                          .channel = "email",
                          .customer_id = f->customer,
                          .group_name = "",
                          .tags = tags,
                          .ntags = 2,
                          .created_at = 10,
                          .updated_at = 10};
    struct at_ticket got;
    int64_t first;

    assert_int_equal(st->tickets->ticket_add(st, &t), 0);
    assert_int_equal(t.number, 1001);
    first = t.id;
    t.tags = NULL;
    t.ntags = 0;
    assert_int_equal(st->tickets->ticket_add(st, &t), 0);
    assert_int_equal(t.number, 1002);
    assert_int_equal(st->tickets->ticket_get(st, first, &f->arena, &got), 0);
    assert_int_equal(got.ntags, 2);
    assert_string_equal(got.tags[1], "vip");
    assert_string_equal(got.customer_name, "Lena Park");
    assert_string_equal(got.assignee_name, "");
    got.assignee_id = f->agent;
    got.status = AT_STATUS_SOLVED;
    got.solved_at = 99;
    got.ntags = 1;
    assert_int_equal(st->tickets->ticket_update(st, &got), 0);
    assert_int_equal(st->tickets->ticket_by_number(st, 1001, &f->arena, &got), 0);
    assert_string_equal(got.assignee_name, "Maya");
    assert_int_equal(got.status, AT_STATUS_SOLVED);
    assert_int_equal(got.solved_at, 99);
    assert_int_equal(got.ntags, 1);
    assert_int_equal(st->tickets->ticket_get(st, 4242, &f->arena, &got), AT_ENOTFOUND);
    /* a ticket for a customer that does not exist is refused */
    t.customer_id = 777;
    assert_int_not_equal(st->tickets->ticket_add(st, &t), 0);
}

static void test_messages_events_and_counts(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t id = add_ticket(f, "Counting", 5, AT_PRIORITY_NORMAL);
    struct at_message m = {.ticket_id = id,
                           .author_customer_id = f->customer,
                           .visibility = AT_VIS_PUBLIC,
                           .body = "first",
                           .analysis = "{}",
                           .created_at = 6};
    struct at_event ev = {.ticket_id = id,
                          .actor_id = f->agent,
                          .kind = "status",
                          .old_value = "new",
                          .new_value = "open",
                          .created_at = 7};
    struct at_message *ms;
    struct at_event *es;
    struct at_ticket t;
    size_t n;

    assert_int_equal(st->tickets->message_add(st, &m), 0);
    m.visibility = AT_VIS_INTERNAL;
    m.author_customer_id = 0;
    m.author_user_id = f->agent;
    m.body = "note";
    assert_int_equal(st->tickets->message_add(st, &m), 0);
    assert_int_equal(st->tickets->message_list(st, id, true, &f->arena, &ms, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(ms[0].author_name, "Lena Park");
    assert_string_equal(ms[0].analysis, "{}");
    assert_string_equal(ms[1].author_name, "Maya");
    assert_int_equal(st->tickets->message_list(st, id, false, &f->arena, &ms, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->tickets->ticket_get(st, id, &f->arena, &t), 0);
    assert_int_equal(t.message_count, 1); /* notes are not counted where customers can see */
    assert_int_equal(st->tickets->event_add(st, &ev), 0);
    assert_int_equal(st->tickets->event_list(st, id, &f->arena, &es, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(es[0].actor_name, "Maya");
    assert_string_equal(es[0].new_value, "open");
}

static void test_sorts_and_filters(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t low = add_ticket(f, "low", 100, AT_PRIORITY_LOW);
    int64_t urgent = add_ticket(f, "urgent", 200, AT_PRIORITY_URGENT);
    int64_t normal = add_ticket(f, "normal", 300, AT_PRIORITY_NORMAL);
    struct at_ticket_query q = {.limit = 10};
    struct at_ticket *t;
    size_t n;
    int64_t count;

    q.sort = AT_SORT_NEWEST;
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].id, normal);
    q.sort = AT_SORT_OLDEST;
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(t[0].id, low);
    q.sort = AT_SORT_PRIORITY;
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(t[0].id, urgent);
    assert_int_equal(t[1].id, normal);
    assert_int_equal(t[2].id, low);
    q.filter.priority_mask = 1u << AT_PRIORITY_LOW;
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
    q.filter.priority_mask = 0;
    q.filter.unassigned = true;
    q.filter.status_mask = AT_STATUS_BIT(AT_STATUS_NEW);
    assert_int_equal(st->tickets->ticket_count(st, &q.filter, &count), 0);
    assert_int_equal(count, 3);
    q.filter.status_mask = AT_STATUS_BIT(AT_STATUS_CLOSED);
    assert_int_equal(st->tickets->ticket_count(st, &q.filter, &count), 0);
    assert_int_equal(count, 0);
}

static void test_keyset_pages_never_repeat_or_skip(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    enum at_ticket_sort sorts[] = {AT_SORT_NEWEST, AT_SORT_OLDEST, AT_SORT_PRIORITY};
    int64_t ids[30];

    for (int i = 0; i < 30; i++)
        ids[i] = add_ticket(f, "page", 1000 + i / 3, (enum at_priority)(i % 4));
    for (size_t s = 0; s < 3; s++) {
        struct at_ticket_query q = {.sort = sorts[s], .limit = 4};
        int seen[30] = {0};
        struct at_ticket *t;
        size_t n;

        do {
            assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 30; k++)
                    seen[k] += t[i].id == ids[k];
            /* meanwhile a new ticket arrives; it may or may not show up, but breaks nothing */
            add_ticket(f, "newcomer", sorts[s] == AT_SORT_OLDEST ? 5000 : 1, AT_PRIORITY_LOW);
            if (n) {
                q.after.set = true;
                q.after.id = t[n - 1].id;
                q.after.key =
                    sorts[s] == AT_SORT_PRIORITY ? t[n - 1].priority : t[n - 1].created_at;
            }
        } while (n == q.limit);
        for (int k = 0; k < 30; k++)
            assert_int_equal(seen[k], 1);
    }
}

static void test_search(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t a = add_ticket(f, "Refund for a double charge", 1, AT_PRIORITY_NORMAL);
    int64_t b = add_ticket(f, "Shipping question", 2, AT_PRIORITY_NORMAL);
    struct at_message m = {.ticket_id = b,
                           .visibility = AT_VIS_PUBLIC,
                           .body = "Was I charged for shipping? I want a refund.",
                           .analysis = "",
                           .created_at = 3};
    const char *hostile[] = {"\"",         "*",         "NEAR(",      "OR",
                             "-",          ":",         "refund AND", "\"unclosed",
                             "col:refund", "{subject}", "^refund",    "refund OR NOT"};
    struct at_ticket_query q = {.limit = 10};
    struct at_ticket *t;
    size_t n;

    assert_int_equal(st->tickets->message_add(st, &m), 0);
    m.ticket_id = a;
    m.visibility = AT_VIS_INTERNAL;
    m.body = "secret internal pineapple";
    assert_int_equal(st->tickets->message_add(st, &m), 0);

    q.filter.text = "refund";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].id, a); /* the subject weighs more than the body */
    assert_true(t[0].rank >= t[1].rank);
    assert_non_null(strstr(t[0].snippet, "[Refund]"));
    q.filter.text = "refunds charging"; /* stems */
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 2);
    q.filter.text = "\"double charge\"";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
    q.filter.text = "ship*";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
    q.filter.text = "pineapple";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
    q.filter.public_only = true;
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 0);
    q.filter.public_only = false;
    q.filter.status_mask = AT_STATUS_BIT(AT_STATUS_SOLVED);
    q.filter.text = "refund";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 0);
    q.filter.status_mask = 0;
    q.offset = 1;
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(t[0].id, b);
    q.offset = 0;
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        int ret;

        q.filter.text = hostile[i];
        ret = st->tickets->ticket_search(st, &q, &f->arena, &t, &n);
        assert_true(ret == 0 || ret == AT_EINVAL);
    }
    q.filter.text = "  \" * -  ";
    assert_int_equal(st->tickets->ticket_search(st, &q, &f->arena, &t, &n), AT_EINVAL);
}

static void test_sessions_tokens_resets_and_failures(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_session s = {
        .id_hash = "h1", .user_id = f->agent, .csrf = "c", .created_at = 1, .expires_at = 100};
    struct at_api_token tok = {
        .user_id = f->agent, .name = "ci", .hash = "th", .prefix = "abcd", .created_at = 1};
    struct at_api_token *toks;
    struct at_session got;
    struct at_api_token gt;
    int64_t id, uid, n, last;
    size_t count;

    assert_int_equal(st->people->session_add(st, &s), 0);
    assert_int_equal(st->people->session_get(st, "h1", 50, &f->arena, &got), 0);
    assert_int_equal(got.user_id, f->agent);
    assert_int_equal(st->people->session_get(st, "h1", 100, &f->arena, &got), AT_ENOTFOUND);
    assert_int_equal(st->people->session_touch(st, "h1", 200), 0);
    assert_int_equal(st->people->session_get(st, "h1", 150, &f->arena, &got), 0);
    assert_int_equal(st->people->session_delete_user(st, f->agent), 0);
    assert_int_equal(st->people->session_get(st, "h1", 150, &f->arena, &got), AT_ENOTFOUND);

    assert_int_equal(st->people->token_add(st, &tok, &id), 0);
    assert_int_equal(st->people->token_add(st, &tok, &id), AT_ECONFLICT);
    assert_int_equal(st->people->token_by_hash(st, "th", &f->arena, &gt), 0);
    assert_int_equal(gt.revoked_at, 0);
    assert_int_equal(st->people->token_revoke(st, gt.id, 77), 0);
    assert_int_equal(st->people->token_by_hash(st, "th", &f->arena, &gt), 0);
    assert_int_equal(gt.revoked_at, 77);
    assert_int_equal(st->people->token_revoke(st, 9999, 77), AT_ENOTFOUND);
    assert_int_equal(st->people->token_list(st, 0, &f->arena, &toks, &count), 0);
    assert_int_equal(count, 1);

    assert_int_equal(st->people->reset_add(st, "r1", f->agent, 100), 0);
    assert_int_equal(st->people->reset_take(st, "r1", 100, &uid), AT_ENOTFOUND); /* expired */
    assert_int_equal(st->people->reset_add(st, "r2", f->agent, 100), 0);
    assert_int_equal(st->people->reset_take(st, "r2", 50, &uid), 0);
    assert_int_equal(uid, f->agent);
    assert_int_equal(st->people->reset_take(st, "r2", 51, &uid), AT_ENOTFOUND); /* used up */

    assert_int_equal(st->people->login_fail_add(st, "email:a@b.c", 10), 0);
    assert_int_equal(st->people->login_fail_add(st, "email:a@b.c", 20), 0);
    assert_int_equal(st->people->login_fail_count(st, "email:a@b.c", 15, &n, &last), 0);
    assert_int_equal(n, 1);
    assert_int_equal(last, 20);
    assert_int_equal(st->people->login_fail_clear(st, "email:a@b.c"), 0);
    assert_int_equal(st->people->login_fail_count(st, "email:a@b.c", 0, &n, &last), 0);
    assert_int_equal(n, 0);
}

static void test_audit_appends_newest_first(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_audit a = {.actor_id = f->agent,
                         .action = "user.role",
                         .target = "user:2",
                         .detail = "agent -> lead",
                         .address = "127.0.0.1",
                         .created_at = 5};
    struct at_audit *list;
    size_t n;

    assert_int_equal(st->people->audit_add(st, &a), 0);
    a.action = "user.disable";
    assert_int_equal(st->people->audit_add(st, &a), 0);
    assert_int_equal(st->people->audit_list(st, 0, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].action, "user.disable");
    assert_string_equal(list[0].actor_name, "Maya");
    assert_int_equal(st->people->audit_list(st, list[0].id, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].action, "user.role");
}

static void test_transactions_roll_back(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_ticket_query q = {.limit = 10};
    struct at_ticket *t;
    size_t n;

    assert_int_equal(st->core->begin(st), 0);
    add_ticket(f, "never", 1, AT_PRIORITY_LOW);
    assert_int_equal(st->core->rollback(st), 0);
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->core->begin(st), 0);
    add_ticket(f, "kept", 1, AT_PRIORITY_LOW);
    assert_int_equal(st->core->commit(st), 0);
    assert_int_equal(st->tickets->ticket_list(st, &q, &f->arena, &t, &n), 0);
    assert_int_equal(n, 1);
}

/* ---- what the SQLite file itself promises ---- */

static void temp_path(char *out, size_t size)
{
    static int k;

    snprintf(out, size, "/tmp/attune-store-test-%d-%d.db", (int)getpid(), k++);
}

static void remove_db(const char *path)
{
    char p[300];

    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static void test_file_migrates_and_records_version(void **state)
{
    char path[256];
    struct at_errinfo e = {0};
    struct at_store *st;
    sqlite3 *db;
    sqlite3_stmt *stmt;
    int version = 0, from, to;

    (void)state;
    temp_path(path, sizeof(path));
    st = at_store_open(path, AT_DURABLE_FULL, &e);
    assert_non_null(st);
    assert_int_equal(st->core->schema_version(st, &version), 0);
    assert_int_equal(version, at_store_schema_latest());
    assert_int_equal(st->core->migrate(st, &from, &to), 0);
    assert_int_equal(from, to);
    st->core->close(st);

    /* WAL mode and the history of migrations are on disk */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM schema_migrations", -1, &stmt, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), at_store_schema_latest());
    sqlite3_finalize(stmt);
    /* the audit log refuses to be rewritten */
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO audit(action, created_at) VALUES ('x', 1)", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET action = 'y'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    /* a database from a newer attune */
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 9999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    st = at_store_open(path, AT_DURABLE_FULL, &e);
    assert_null(st);
    assert_int_equal(e.code, AT_EVERSION);
    assert_non_null(strstr(e.msg, "upgrade attune"));
    remove_db(path);
}

static void test_refuses_missing_directory_and_garbage(void **state)
{
    char path[256];
    struct at_errinfo e = {0};
    FILE *f;
    char buf[64] = {0};

    (void)state;
    assert_null(at_store_open("/tmp/attune-no-such-dir/x/y.db", AT_DURABLE_FULL, &e));
    assert_non_null(strstr(e.msg, "does not exist"));
    temp_path(path, sizeof(path));
    f = fopen(path, "w");
    fputs("not a database at all, but a letter to grandma", f);
    fclose(f);
    assert_null(at_store_open(path, AT_DURABLE_FULL, &e));
    assert_non_null(strstr(e.msg, "not an attune database"));
    f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof(buf), f));
    fclose(f);
    assert_string_equal(buf, "not a database at all, but a letter to grandma");
    remove_db(path);
}

/* A handle's own connection to a file only reads: a write that bypassed the writer would fail. */
static void test_reads_are_read_only_and_writes_go_through_the_writer(void **state)
{
    char path[256];
    struct at_errinfo e = {0};
    struct at_store *st;
    struct sqlite_store *s;
    struct at_customer c = {.name = "Ann",
                            .preferred_name = "",
                            .email = "ann@example.com",
                            .phone = "",
                            .company = "",
                            .tier = "standard",
                            .notes = "",
                            .created_at = 1,
                            .updated_at = 1};
    struct at_arena arena = AT_ARENA_INIT;
    int64_t id;
    char *msg = NULL;

    (void)state;
    temp_path(path, sizeof(path));
    st = at_store_open(path, AT_DURABLE_NORMAL, &e);
    assert_non_null(st);
    s = (struct sqlite_store *)st;
    assert_int_equal(sqlite3_db_readonly(s->own.db, "main"), 1);
    assert_int_not_equal(sqlite3_exec(s->own.db,
                                      "INSERT INTO customers(name, email, created_at, updated_at) "
                                      "VALUES ('x', 'x@example.com', 1, 1)",
                                      NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "readonly"));
    sqlite3_free(msg);
    /* through the interface the same write lands, and the reading connection sees it */
    assert_int_equal(st->tickets->customer_add(st, &c, &id), 0);
    assert_int_equal(st->tickets->customer_by_email(st, "ann@example.com", &arena, &c), 0);
    assert_int_equal(c.id, id);
    at_arena_release(&arena);
    st->core->close(st);
    remove_db(path);
}

static void test_database_urls_choose_the_backend(void **state)
{
    char path[256], url[300];
    struct at_errinfo e = {0};
    struct at_store *st;
    int version = 0;

    (void)state;
    temp_path(path, sizeof(path));
    snprintf(url, sizeof(url), "sqlite:%s", path);
    st = at_store_open(url, AT_DURABLE_NORMAL, &e);
    assert_non_null(st);
    assert_int_equal(st->core->schema_version(st, &version), 0);
    assert_int_equal(version, at_store_schema_latest());
    st->core->close(st);
    /* the same file by its plain path: already migrated */
    st = at_store_connect(path, AT_DURABLE_NORMAL, &e);
    assert_non_null(st);
    assert_int_equal(st->core->schema_version(st, &version), 0);
    assert_int_equal(version, at_store_schema_latest());
    st->core->close(st);
    remove_db(path);

    assert_null(at_store_open("postgres://desk@db.example/attune", AT_DURABLE_NORMAL, &e));
    assert_int_equal(e.code, AT_EINVAL);
    assert_string_equal(e.field, "db");
    assert_non_null(strstr(e.msg, "SQLite only"));
    assert_null(at_store_open("sqlite:", AT_DURABLE_NORMAL, &e));
    assert_non_null(strstr(e.msg, "names no database file"));
    assert_null(at_store_open("", AT_DURABLE_NORMAL, &e));
    assert_non_null(strstr(e.msg, "no database given"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users_and_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customers_merge_with_everything_they_own, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_tickets_merge_their_conversation_and_search_text,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_macros_keep_their_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tickets_numbers_tags_and_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_events_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sorts_and_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyset_pages_never_repeat_or_skip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_tokens_resets_and_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_appends_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions_roll_back, setup, teardown),
        cmocka_unit_test(test_file_migrates_and_records_version),
        cmocka_unit_test(test_refuses_missing_directory_and_garbage),
        cmocka_unit_test(test_database_urls_choose_the_backend),
        cmocka_unit_test(test_reads_are_read_only_and_writes_go_through_the_writer),
    };

    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
