/* Getting in: the link a person asks for, the portal link staff send, an admin's invitation. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "desk/access.h"
#include "desk/account.h"
#include "desk/desk.h"
#include "desk/outbound.h"
#include "desk/session.h"
#include "jobs/jobs.h"

#define MINUTE (60LL * 1000)

struct recorder {
    int sent;
    char to[128], subject[256], text[1024];
};

static int record(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    struct recorder *r = ctx;

    (void)e;
    r->sent++;
    snprintf(r->to, sizeof(r->to), "%s", m->to);
    snprintf(r->subject, sizeof(r->subject), "%s", m->subject);
    snprintf(r->text, sizeof(r->text), "%s", m->text);
    return 0;
}

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct recorder rec;
    struct at_mailer mailer;
    struct at_actor admin, agent;
    int64_t wrote_by_mail; /* a customer known only from their mail */
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    snprintf(f->d.survey.base_url, sizeof(f->d.survey.base_url), "https://help.example.com");
    f->mailer = (struct at_mailer){.send = record,
                                   .ctx = &f->rec,
                                   .from = "help@desk.example",
                                   .from_name = "Desk",
                                   .domain = "desk.example"};
    f->d.mailer = &f->mailer;
    test_team(&f->d, &f->arena, "Maya Agent", &f->admin, &f->agent);
    f->wrote_by_mail = test_customer_add(f->st, "Cai Chen", "cai@example.org");
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

static int run(struct fixture *f)
{
    size_t ran;

    f->rec.sent = 0;
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    return f->rec.sent;
}

/* The token in the last mail's link, or "" */
static void token_of(struct fixture *f, char *out, size_t size)
{
    const char *p = strstr(f->rec.text, "https://help.example.com/reset#token=");

    out[0] = '\0';
    if (p)
        snprintf(out, size, "%.64s", p + strlen("https://help.example.com/reset#token="));
}

static void set_password_with(struct fixture *f, const char *token, int want)
{
    char hash[65];
    struct at_errinfo e = {0};

    at_desk_secret_hash(token, hash);
    assert_int_equal(at_desk_password_reset(&f->d, hash, "a-new-password", "test", &e), want);
}

static void test_a_customer_who_wrote_by_mail_asks_for_a_link_and_gets_in(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_user u, got;
    char token[80];

    assert_int_equal(at_desk_access_request(&f->d, "  Cai@Example.org ", "127.0.0.1", &e), 0);
    assert_int_equal(run(f), 1);
    assert_string_equal(f->rec.to, "cai@example.org");
    assert_non_null(strstr(f->rec.text, "within the next hour"));
    token_of(f, token, sizeof(token));
    assert_int_equal(strlen(token), 64);
    /* the account is theirs, linked to the customer record they wrote as */
    assert_int_equal(f->st->people->user_by_email(f->st, "cai@example.org", &f->arena, &u), 0);
    assert_int_equal(u.role, AT_ROLE_CUSTOMER);
    assert_int_equal(u.customer_id, f->wrote_by_mail);
    assert_string_equal(u.password_hash, "");
    set_password_with(f, token, 0);
    assert_int_equal(f->st->people->user_get(f->st, u.id, &f->arena, &got), 0);
    assert_true(got.password_hash[0] != '\0');
    /* once only */
    set_password_with(f, token, AT_ENOTFOUND);
}

static void test_asking_says_nothing_of_who_is_known_and_is_not_a_mail_cannon(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_user u;

    /* nobody's address: the same 0, no account made, no mail */
    assert_int_equal(at_desk_access_request(&f->d, "stranger@example.net", "127.0.0.1", &e), 0);
    assert_int_equal(run(f), 0);
    assert_int_equal(f->st->people->user_by_email(f->st, "stranger@example.net", &f->arena, &u),
                     AT_ENOTFOUND);
    /* not an address at all: said, with the field */
    assert_int_equal(at_desk_access_request(&f->d, "not an address", "127.0.0.1", &e), AT_EINVAL);
    assert_string_equal(e.field, "email");
    /* a staff account: a link too, and asking again at once sends no second mail */
    assert_int_equal(at_desk_access_request(&f->d, "maya@example.com", "127.0.0.1", &e), 0);
    assert_int_equal(at_desk_access_request(&f->d, "maya@example.com", "127.0.0.1", &e), 0);
    assert_int_equal(run(f), 1);
    at_clock_advance(&f->clock, 3 * MINUTE);
    assert_int_equal(at_desk_access_request(&f->d, "maya@example.com", "127.0.0.1", &e), 0);
    assert_int_equal(run(f), 1);
    /* mail off: nothing kept for an hour-long link */
    f->d.mailer = NULL;
    at_clock_advance(&f->clock, 3 * MINUTE);
    assert_int_equal(at_desk_access_request(&f->d, "maya@example.com", "127.0.0.1", &e), 0);
    f->d.mailer = &f->mailer;
    assert_int_equal(run(f), 0);
}

static void test_staff_send_a_portal_link_audited_and_kept_when_mail_is_off(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_access_sent s;
    struct at_audit *log;
    size_t n, i;
    int64_t released;
    char token[80];

    assert_int_equal(
        at_desk_portal_invite(&f->d, &f->agent, f->wrote_by_mail, "10.0.0.1", &f->arena, &s, &e),
        0);
    assert_true(s.created);
    assert_false(s.held);
    assert_string_equal(s.email, "cai@example.org");
    assert_int_equal(run(f), 1);
    assert_non_null(strstr(f->rec.text, "see your requests"));
    assert_non_null(strstr(f->rec.text, "seven days"));
    token_of(f, token, sizeof(token));
    /* a week later it still works */
    at_clock_advance(&f->clock, 6 * 24 * 60 * MINUTE);
    set_password_with(f, token, 0);
    assert_int_equal(at_desk_audit_list(&f->d, &f->admin, 0, 10, &f->arena, &log, &n, &e), 0);
    for (i = 0; i < n && strcmp(log[i].action, "user.invite") != 0; i++)
        ;
    assert_true(i < n);
    assert_int_equal(log[i].actor_id, f->agent.user_id);
    assert_string_equal(log[i].address, "10.0.0.1");
    assert_non_null(strstr(log[i].detail, "cai@example.org (account made for it)"));

    /* again, with mail off: the account is there; the mail waits in the outbox */
    f->d.mailer = NULL;
    assert_int_equal(
        at_desk_portal_invite(&f->d, &f->agent, f->wrote_by_mail, "10.0.0.1", &f->arena, &s, &e),
        0);
    assert_false(s.created);
    assert_true(s.held);
    f->d.mailer = &f->mailer;
    assert_int_equal(run(f), 0);
    assert_int_equal(at_desk_mail_release(&f->d, &released, &e), 0);
    assert_int_equal(released, 1);
    assert_int_equal(run(f), 1);
}

static void test_portal_links_are_refused_where_they_cannot_go(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_access_sent s;
    struct at_actor customer;
    int64_t no_mail = test_customer_add(f->st, "Dana Phone", "");
    int64_t staff_addr = test_customer_add(f->st, "Maya as customer", "maya@example.com");

    assert_int_equal(at_desk_portal_invite(&f->d, &f->agent, no_mail, "x", &f->arena, &s, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "email");
    assert_int_equal(at_desk_portal_invite(&f->d, &f->agent, staff_addr, "x", &f->arena, &s, &e),
                     AT_ECONFLICT);
    assert_int_equal(at_desk_portal_invite(&f->d, &f->agent, 99999, "x", &f->arena, &s, &e),
                     AT_ENOTFOUND);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &customer);
    assert_int_equal(
        at_desk_portal_invite(&f->d, &customer, f->wrote_by_mail, "x", &f->arena, &s, &e),
        AT_EPERM);
    assert_int_equal(run(f), 0);
}

static void test_an_admin_invites_a_new_agent(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_access_sent s;
    struct at_user u;
    struct at_user_change off = {.set_disabled = true, .disabled = true};
    char token[80];

    assert_int_equal(at_desk_user_create(&f->d, &f->admin, "omar@example.com", "Omar Haddad",
                                         AT_ROLE_AGENT, NULL, "x", &f->arena, &u, &e),
                     0);
    assert_int_equal(at_desk_user_invite(&f->d, &f->agent, u.id, "x", &f->arena, &s, &e), AT_EPERM);
    assert_int_equal(at_desk_user_invite(&f->d, &f->admin, u.id, "x", &f->arena, &s, &e), 0);
    assert_int_equal(run(f), 1);
    assert_string_equal(f->rec.to, "omar@example.com");
    assert_non_null(strstr(f->rec.text, "sign in to the help desk"));
    token_of(f, token, sizeof(token));
    set_password_with(f, token, 0);
    /* a disabled account gets no link */
    assert_int_equal(at_desk_user_update(&f->d, &f->admin, u.id, &off, "x", &f->arena, &u, &e), 0);
    assert_int_equal(at_desk_user_invite(&f->d, &f->admin, u.id, "x", &f->arena, &s, &e),
                     AT_ECONFLICT);
    assert_int_equal(at_desk_user_invite(&f->d, &f->admin, 99999, "x", &f->arena, &s, &e),
                     AT_ENOTFOUND);
}

static void test_the_server_notes_where_links_lead(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    const char *url;
    struct at_user u;
    bool created;

    assert_int_equal(at_desk_served_url(&f->d, &f->arena, &url), 0);
    assert_string_equal(url, "");
    assert_int_equal(at_desk_note_served_url(&f->d, &e), 0);
    assert_int_equal(at_desk_served_url(&f->d, &f->arena, &url), 0);
    assert_string_equal(url, "https://help.example.com");
    /* the command line's account for a link: made for a customer, found for staff */
    assert_int_equal(at_desk_access_account(&f->d, "cai@example.org", &f->arena, &u, &created, &e),
                     0);
    assert_true(created);
    assert_int_equal(u.customer_id, f->wrote_by_mail);
    assert_int_equal(at_desk_access_account(&f->d, "cai@example.org", &f->arena, &u, &created, &e),
                     0);
    assert_false(created);
    assert_int_equal(
        at_desk_access_account(&f->d, "nobody@example.org", &f->arena, &u, &created, &e),
        AT_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_customer_who_wrote_by_mail_asks_for_a_link_and_gets_in, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_asking_says_nothing_of_who_is_known_and_is_not_a_mail_cannon, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_staff_send_a_portal_link_audited_and_kept_when_mail_is_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_portal_links_are_refused_where_they_cannot_go, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_admin_invites_a_new_agent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_server_notes_where_links_lead, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
