/* Outbound mail: what a reply queues, what the mailer is handed, and a relay that fails. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "desk/desk.h"
#include "desk/jobs.h"
#include "desk/outbound.h"
#include "jobs/jobs.h"

#define MINUTE (60LL * 1000)

/* A mailer that records what it is handed, or refuses while `down`. */
struct recorder {
    int sent;
    bool down;
    bool automatic;
    char to[128], subject[256], text[512], html[1024], message_id[160], in_reply_to[160],
        references[320];
};

static int record(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    struct recorder *r = ctx;

    if (r->down)
        return at_errinfo_set(e, AT_ESTORE, NULL, "the relay is down");
    r->sent++;
    r->automatic = m->automatic;
    snprintf(r->to, sizeof(r->to), "%s", m->to);
    snprintf(r->subject, sizeof(r->subject), "%s", m->subject);
    snprintf(r->text, sizeof(r->text), "%s", m->text);
    snprintf(r->html, sizeof(r->html), "%s", m->html);
    snprintf(r->message_id, sizeof(r->message_id), "%s", m->message_id);
    snprintf(r->in_reply_to, sizeof(r->in_reply_to), "%s", m->in_reply_to);
    snprintf(r->references, sizeof(r->references), "%s", m->references);
    return 0;
}

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct recorder rec;
    struct at_mailer mailer;
    struct at_actor agent;
    struct at_ticket t;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Charged twice",
                               .body = "I was charged twice <again> & nobody answers.",
                               .customer_email = "lena@example.com",
                               .customer_name = "Lena Park"};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    f->mailer = (struct at_mailer){.send = record,
                                   .ctx = &f->rec,
                                   .from = "help@desk.example",
                                   .from_name = "Desk",
                                   .domain = "desk.example"};
    f->d.mailer = &f->mailer;
    test_actor_add(&f->d, &at_actor_system, &f->arena, "maya@example.com", "Maya Lind",
                   AT_ROLE_AGENT, &f->agent);
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

static void reply(struct fixture *f, const char *body, enum at_visibility vis)
{
    assert_int_equal(
        at_desk_message_add(&f->d, &f->agent, f->t.id, body, vis, NULL, &f->arena, NULL, NULL), 0);
}

static size_t run(struct fixture *f, size_t *failed)
{
    size_t ran;

    assert_int_equal(at_jobs_run(&f->d, 10, &ran, failed), 0);
    return ran;
}

static void test_a_reply_reaches_the_customer_threaded_under_the_ticket(void **state)
{
    struct fixture *f = *state;
    char ref[96], want[64];

    reply(f, "Hi Lena, I am sorry.\n\nI refunded the <second> charge.", AT_VIS_PUBLIC);
    assert_int_equal(f->rec.sent, 0); /* queued, not sent inside the reply */
    assert_int_equal(run(f, NULL), 1);
    assert_int_equal(f->rec.sent, 1);
    assert_string_equal(f->rec.to, "lena@example.com");
    snprintf(want, sizeof(want), "Re: Charged twice [#%lld]", (long long)f->t.number);
    assert_string_equal(f->rec.subject, want);
    assert_string_equal(f->rec.text, "Hi Lena, I am sorry.\n\nI refunded the <second> charge.");
    /* the HTML part is escaped and has its paragraphs */
    assert_non_null(strstr(f->rec.html, "<p>Hi Lena, I am sorry.</p>\n<p>I refunded the "
                                        "&lt;second&gt; charge.</p>"));
    at_desk_mail_ticket_ref(&f->d, f->t.id, ref, sizeof(ref));
    assert_string_equal(f->rec.in_reply_to, ref);
    assert_string_equal(f->rec.references, ref);
    assert_non_null(strstr(f->rec.message_id, "@desk.example>"));
    assert_int_equal(f->rec.message_id[0], '<');
    assert_false(f->rec.automatic); /* a person wrote it */
    /* done: it is not sent again */
    assert_int_equal(run(f, NULL), 0);
    assert_int_equal(f->rec.sent, 1);
}

static void test_notes_and_customer_messages_send_nothing(void **state)
{
    struct fixture *f = *state;
    struct at_actor customer;

    reply(f, "Internal: check the payment provider.", AT_VIS_INTERNAL);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.com", "Lena Park",
                   AT_ROLE_CUSTOMER, &customer);
    assert_int_equal(at_desk_message_add(&f->d, &customer, f->t.id, "Any news?", AT_VIS_PUBLIC,
                                         NULL, &f->arena, NULL, NULL),
                     0);
    assert_int_equal(run(f, NULL), 0);
    assert_int_equal(f->rec.sent, 0);
}

static void test_a_relay_that_fails_is_retried_and_the_mail_sent_once(void **state)
{
    struct fixture *f = *state;
    size_t failed;

    f->rec.down = true;
    reply(f, "We are on it.", AT_VIS_PUBLIC);
    assert_int_equal(run(f, &failed), 0);
    assert_int_equal(failed, 1);
    assert_int_equal(f->rec.sent, 0);
    /* not due again at once: the retry waits */
    assert_int_equal(run(f, &failed), 0);
    assert_int_equal(failed, 0);
    f->rec.down = false;
    at_clock_advance(&f->clock, 5 * MINUTE);
    assert_int_equal(run(f, &failed), 1);
    assert_int_equal(f->rec.sent, 1);
    assert_string_equal(f->rec.text, "We are on it.");
    at_clock_advance(&f->clock, 60 * MINUTE);
    assert_int_equal(run(f, NULL), 0);
    assert_int_equal(f->rec.sent, 1);
}

static void test_a_runner_that_dies_before_sending_is_replaced_and_the_mail_goes_once(void **state)
{
    struct fixture *f = *state;
    struct at_arena arena = AT_ARENA_INIT;
    struct at_job j;
    int64_t now = at_clock_now(&f->clock);

    reply(f, "We are on it.", AT_VIS_PUBLIC);
    /* a runner takes the mail and dies before handing it to the relay */
    assert_int_equal(f->st->jobs->job_take(f->st, now, now + 5 * MINUTE, &arena, &j), 0);
    assert_string_equal(j.kind, "mail_out");
    at_arena_release(&arena);
    /* while its lease holds nobody else sends it */
    assert_int_equal(run(f, NULL), 0);
    assert_int_equal(f->rec.sent, 0);
    /* the lease runs out: the next runner sends it, once */
    at_clock_advance(&f->clock, 6 * MINUTE);
    assert_int_equal(run(f, NULL), 1);
    assert_int_equal(f->rec.sent, 1);
    at_clock_advance(&f->clock, 60 * MINUTE);
    assert_int_equal(run(f, NULL), 0);
    assert_int_equal(f->rec.sent, 1);
}

static size_t count_jobs(struct fixture *f, int state)
{
    struct at_job *jobs;
    size_t n, mail = 0;

    assert_int_equal(f->st->jobs->job_list(f->st, state, 50, &f->arena, &jobs, &n), 0);
    for (size_t i = 0; i < n; i++)
        mail += strcmp(jobs[i].kind, "mail_out") == 0;
    return mail;
}

static void test_without_a_mailer_a_reply_waits_in_the_outbox_until_mail_is_set_up(void **state)
{
    struct fixture *f = *state;
    struct at_mail_status ms;
    struct at_errinfo e = {0};
    char ref[96];
    int64_t n = -1;

    f->d.mailer = NULL;
    reply(f, "Sorted: the second charge is refunded.", AT_VIS_PUBLIC);
    /* the system's own mail is not kept: it would arrive too late to mean anything */
    assert_int_equal(at_desk_mail_customer(&f->d, f->t.id, "How did we do?", NULL, true, &e), 0);
    assert_int_equal(
        at_desk_mail_user(&f->d, f->agent.user_id, f->t.id, "SLA warning", "Late.", &e), 0);
    assert_int_equal(count_jobs(f, AT_JOB_HELD), 1);
    assert_int_equal(count_jobs(f, AT_JOB_DUE), 0);
    assert_int_equal(at_desk_mail_status(&f->d, &f->arena, &ms, &e), 0);
    assert_false(ms.outbound);
    assert_string_equal(ms.from, "");
    assert_int_equal(ms.held, 1);
    /* the runner leaves it alone, however long it waits */
    at_clock_advance(&f->clock, 7 * 24 * 3600 * 1000LL);
    run(f, NULL); /* (the ticket's service level checks run) */
    assert_int_equal(f->rec.sent, 0);
    assert_int_equal(count_jobs(f, AT_JOB_HELD), 1);
    /* releasing without mail does nothing */
    assert_int_equal(at_desk_mail_release(&f->d, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(count_jobs(f, AT_JOB_HELD), 1);

    /* mail is set up: released, sent threaded, with ids in the sender's domain */
    f->d.mailer = &f->mailer;
    assert_int_equal(at_desk_mail_release(&f->d, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(at_desk_mail_status(&f->d, &f->arena, &ms, &e), 0);
    assert_true(ms.outbound);
    assert_string_equal(ms.from, "help@desk.example");
    assert_int_equal(ms.held, 0);
    f->rec.down = true; /* the first try fails: the retry carries the same Message-ID */
    run(f, NULL);
    assert_int_equal(f->rec.sent, 0);
    f->rec.down = false;
    at_clock_advance(&f->clock, 3600 * 1000LL);
    assert_int_equal(run(f, NULL), 1);
    assert_int_equal(f->rec.sent, 1);
    assert_string_equal(f->rec.text, "Sorted: the second charge is refunded.");
    assert_false(f->rec.automatic);
    at_desk_mail_ticket_ref(&f->d, f->t.id, ref, sizeof(ref));
    assert_string_equal(f->rec.in_reply_to, ref);
    assert_string_equal(f->rec.references, ref);
    assert_non_null(strstr(f->rec.message_id, "@desk.example>"));
    assert_int_equal(count_jobs(f, AT_JOB_HELD), 0);
    run(f, NULL);
    assert_int_equal(f->rec.sent, 1);
}

static void test_a_mail_to_staff_and_bad_addresses(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_mail_user(&f->d, f->agent.user_id, f->t.id, "SLA warning",
                                       "Ticket is close to its due time.", &e),
                     0);
    assert_int_equal(run(f, NULL), 1);
    assert_string_equal(f->rec.to, "maya@example.com");
    assert_string_equal(f->rec.subject, "SLA warning");
    assert_string_equal(f->rec.html, "");
    assert_true(f->rec.automatic);
    assert_int_equal(at_desk_mail_queue(&f->d, &(struct at_mail_out){.to = "nobody"}, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "to");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_reply_reaches_the_customer_threaded_under_the_ticket,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_and_customer_messages_send_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_relay_that_fails_is_retried_and_the_mail_sent_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_runner_that_dies_before_sending_is_replaced_and_the_mail_goes_once, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_without_a_mailer_a_reply_waits_in_the_outbox_until_mail_is_set_up, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_a_mail_to_staff_and_bad_addresses, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
