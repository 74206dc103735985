/* Due work: follow-ups after a fix, reminders, retries, and a worker that dies. */
#include "testutil.h"

#include <string.h>

#include "core/clock.h"
#include "desk/desk.h"
#include "desk/hooks.h"
#include "desk/jobs.h"
#include "jobs/jobs.h"

#define DAY (24LL * 3600 * 1000)

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor agent, customer;
    int64_t ticket;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Printer on fire", .body = "Help, it is on fire"};
    struct at_ticket t;

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    {
        /* service level targets a year away: only the jobs these tests schedule come due */
        struct at_sla_policy *p;
        size_t n;

        assert_int_equal(f->st->sla->sla_policy_list(f->st, &f->arena, &p, &n), 0);
        for (size_t i = 0; i < n; i++) {
            p[i].first_response_min = p[i].next_response_min = p[i].resolution_min = 365 * 1440;
            assert_int_equal(f->st->sla->sla_policy_update(f->st, &p[i]), 0);
        }
    }
    test_actor_add(&f->d, &at_actor_system, &f->arena, "maya@example.com", "Maya Lind",
                   AT_ROLE_AGENT, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.com", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->customer, &nt, &f->arena, &t, NULL), 0);
    f->ticket = t.id;
    {
        struct at_ticket_change ch = {.set_assignee = true, .assignee_id = f->agent.user_id};

        int64_t n;

        assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, t.id, &ch, &f->arena, NULL, NULL),
                         0);
        /* and no SLA checks waiting in the job list */
        assert_int_equal(
            f->st->jobs->job_cancel(f->st, t.id, "sla_check", at_clock_now(&f->clock), &n), 0);
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

static size_t messages(struct fixture *f)
{
    struct at_ticket_detail det;

    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, f->ticket, &f->arena, &det, NULL), 0);
    return det.nmessages;
}

static const char *last_message(struct fixture *f)
{
    struct at_ticket_detail det;

    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, f->ticket, &f->arena, &det, NULL), 0);
    return det.messages[det.nmessages - 1].body;
}

static void solve(struct fixture *f)
{
    enum at_status solved = AT_STATUS_SOLVED;

    assert_int_equal(at_desk_message_add(&f->d, &f->agent, f->ticket, "Fixed: new fuse.",
                                         AT_VIS_PUBLIC, &solved, &f->arena, NULL, NULL),
                     0);
}

static void test_follow_up_three_days_after_the_fix_once(void **state)
{
    struct fixture *f = *state;
    size_t ran, failed;

    solve(f);
    at_clock_advance(&f->clock, 2 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(ran, 0);
    assert_int_equal(messages(f), 2);
    at_clock_advance(&f->clock, DAY + 1000);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(ran, 1);
    assert_int_equal(failed, 0);
    assert_int_equal(messages(f), 3);
    /* personal: the customer's name, the issue, and who writes */
    assert_non_null(strstr(last_message(f), "Hi Lena"));
    assert_non_null(strstr(last_message(f), "Printer on fire"));
    assert_non_null(strstr(last_message(f), "Maya Lind"));
    /* the ticket stays solved and nothing runs twice */
    {
        struct at_ticket t;

        assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, f->ticket, &f->arena, &t, NULL), 0);
        assert_int_equal(t.status, AT_STATUS_SOLVED);
    }
    at_clock_advance(&f->clock, 10 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(ran, 0);
    assert_int_equal(messages(f), 3);
}

static void test_customer_writing_first_cancels_the_follow_up(void **state)
{
    struct fixture *f = *state;
    size_t ran;

    solve(f);
    at_clock_advance(&f->clock, DAY);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, f->ticket, "It's back!",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, NULL),
                     0);
    at_clock_advance(&f->clock, 5 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 0);
    assert_int_equal(messages(f), 3);
}

static void test_a_worker_that_dies_mid_job_is_replaced_without_duplicates(void **state)
{
    struct fixture *f = *state;
    struct at_arena a = AT_ARENA_INIT;
    struct at_job j;
    size_t ran;

    solve(f);
    at_clock_advance(&f->clock, 3 * DAY + 1000);
    /* a worker takes the job and dies before finishing: nothing it did was committed */
    assert_int_equal(f->st->jobs->job_take(f->st, at_clock_now(&f->clock),
                                           at_clock_now(&f->clock) + 60000, &a, &j),
                     0);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 0); /* still leased */
    at_clock_advance(&f->clock, 61000);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 1);
    assert_int_equal(messages(f), 3);
    at_arena_release(&a);
}

static void test_failures_retry_with_growing_delays_then_stay_failed(void **state)
{
    struct fixture *f = *state;
    struct at_job bad = {.kind = "no_such_kind",
                         .payload = "",
                         .max_attempts = 3,
                         .run_at = at_clock_now(&f->clock),
                         .created_at = 1};
    struct at_job *list;
    size_t ran, failed, n;

    assert_int_equal(f->st->jobs->job_add(f->st, &bad, NULL), 0);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(failed, 1);
    /* not again at once: the retry waits */
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(failed, 0);
    at_clock_advance(&f->clock, 10 * 60 * 1000);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(failed, 1);
    at_clock_advance(&f->clock, 10 * 60 * 1000);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(failed, 1);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_FAILED, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].attempts, 3);
    assert_non_null(strstr(list[0].last_error, "no runner"));
    /* a lead retries it */
    assert_int_equal(f->st->jobs->job_retry(f->st, list[0].id, at_clock_now(&f->clock)), 0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DUE, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
}

static void test_reminders_become_internal_notes(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_ticket_detail det;
    size_t ran;

    assert_int_equal(
        at_desk_reminder_add(&f->d, &f->agent, f->ticket, at_clock_now(&f->clock) - 1, "call", &e),
        AT_EINVAL);
    assert_int_equal(at_desk_reminder_add(&f->d, &f->customer, f->ticket,
                                          at_clock_now(&f->clock) + DAY, "call", &e),
                     AT_EPERM);
    assert_int_equal(at_desk_reminder_add(&f->d, &f->agent, f->ticket,
                                          at_clock_now(&f->clock) + DAY, "Call Lena back", &e),
                     0);
    at_clock_advance(&f->clock, DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 1);
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, f->ticket, &f->arena, &det, NULL), 0);
    assert_int_equal(det.messages[det.nmessages - 1].visibility, AT_VIS_INTERNAL);
    assert_string_equal(det.messages[det.nmessages - 1].body,
                        "Reminder for Maya Lind: Call Lena back");
    assert_int_equal(at_desk_ticket_detail(&f->d, &f->customer, f->ticket, &f->arena, &det, NULL),
                     0);
    assert_int_equal(det.nmessages, 1);
}

static void test_agent_sets_and_cancels_a_follow_up(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    size_t ran;

    assert_int_equal(
        at_desk_follow_up_set(&f->d, &f->agent, f->ticket, at_clock_now(&f->clock) + DAY, &e), 0);
    assert_int_equal(at_desk_follow_up_cancel(&f->d, &f->agent, f->ticket, &e), 0);
    at_clock_advance(&f->clock, 2 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 0);
    assert_int_equal(at_desk_follow_up_set(&f->d, &f->customer, f->ticket, 0, &e), AT_EPERM);
}

static void test_the_same_follow_up_asked_twice_at_once_runs_once(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    size_t before, ran;

    solve(f);
    before = messages(f);
    /* the clock does not move between the two: same time, same due time */
    assert_int_equal(at_desk_follow_up_set(&f->d, &f->agent, f->ticket, 0, &e), 0);
    assert_int_equal(at_desk_follow_up_set(&f->d, &f->agent, f->ticket, 0, &e), 0);
    at_clock_advance(&f->clock, 4 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, NULL), 0);
    assert_int_equal(ran, 1);
    assert_int_equal(messages(f), before + 1);
}

static void test_finished_jobs_are_cleared_after_a_month(void **state)
{
    struct fixture *f = *state;
    struct at_job *jobs;
    size_t n, ran, done = 0;

    solve(f);
    at_clock_advance(&f->clock, 4 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 100, &ran, NULL), 0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DONE, 100, &f->arena, &jobs, &n), 0);
    done = n;
    assert_true(done >= 1);
    /* kept for a month, to be seen */
    at_clock_advance(&f->clock, 20 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 100, &ran, NULL), 0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DONE, 100, &f->arena, &jobs, &n), 0);
    assert_int_equal(n, done);
    at_clock_advance(&f->clock, 11 * DAY);
    assert_int_equal(at_jobs_run(&f->d, 100, &ran, NULL), 0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DONE, 100, &f->arena, &jobs, &n), 0);
    assert_int_equal(n, 0);
}

/* A job whose workers keep stopping half-way is given up as failed, not taken forever. */
static void test_a_job_that_keeps_killing_its_worker_is_given_up(void **state)
{
    struct fixture *f = *state;
    struct at_arena a = AT_ARENA_INIT;
    struct at_job j, *list;
    size_t ran, failed, n;

    solve(f);
    at_clock_advance(&f->clock, 3 * DAY + 1000);
    /* the follow-up has 5 attempts; five workers take it and die */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(f->st->jobs->job_take(f->st, at_clock_now(&f->clock),
                                               at_clock_now(&f->clock) + 60000, &a, &j),
                         0);
        at_clock_advance(&f->clock, 61000);
    }
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(ran, 0);
    assert_int_equal(failed, 1);
    assert_int_equal(messages(f), 2); /* it never ran a sixth time */
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_FAILED, 10, &a, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].kind, "follow_up");
    assert_non_null(strstr(list[0].last_error, "stopped before it finished"));
    at_clock_advance(&f->clock, DAY);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(ran + failed, 0);
    at_arena_release(&a);
}

/* Every kind the desk schedules is registered; a job of a kind nobody knows fails and says so. */
static void test_every_kind_has_a_runner_and_an_unknown_kind_fails_clearly(void **state)
{
    static const char *const kinds[] = {"follow_up", "reminder", "mail_out", "survey", "sla_check"};
    struct fixture *f = *state;
    struct at_job j = {.kind = "teleport",
                       .ticket_id = f->ticket,
                       .payload = "",
                       .run_at = at_clock_now(&f->clock),
                       .max_attempts = 1,
                       .created_at = at_clock_now(&f->clock)};
    struct at_job *list;
    size_t ran, failed, n;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const struct at_job_kind *k = at_jobs_kind(kinds[i]);

        assert_non_null(k);
        assert_string_equal(k->kind, kinds[i]);
        assert_non_null(k->run);
    }
    /* mail talks to the outside world: never inside the transaction that marks it done */
    assert_false(at_jobs_kind("mail_out")->in_tx);
    assert_true(at_jobs_kind("follow_up")->in_tx);
    assert_null(at_jobs_kind("teleport"));
    assert_int_equal(f->st->jobs->job_add(f->st, &j, NULL), 0);
    assert_int_equal(at_jobs_run(&f->d, 10, &ran, &failed), 0);
    assert_int_equal(failed, 1);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_FAILED, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_non_null(strstr(list[0].last_error, "no runner for jobs of kind teleport"));
}

static int fail_job_add(struct at_store *st, const struct at_job *j, int64_t *id)
{
    (void)st;
    (void)j;
    (void)id;
    return AT_ESTORE;
}

/* After a ticket changes the hooks run in one stated order, and one that fails undoes it all. */
static void test_ticket_hooks_run_in_order_and_a_failure_undoes_the_change(void **state)
{
    static const char *const order[] = {"follow_up", "survey", "mail", "mention",
                                        "sla",       "live",   NULL};
    struct fixture *f = *state;
    const struct at_store_job_ops *real = f->st->jobs;
    struct at_store_job_ops broken = *real;
    struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_errinfo e = {0};
    struct at_ticket t;
    struct at_job *jobs;
    size_t n;

    for (size_t i = 0; order[i] || at_desk_ticket_hook_name(i); i++)
        assert_string_equal(at_desk_ticket_hook_name(i) ? at_desk_ticket_hook_name(i) : "(end)",
                            order[i] ? order[i] : "(end)");
    /* the follow-up cannot be scheduled: the solve, its event and its clocks are not kept */
    broken.job_add = fail_job_add;
    f->st->jobs = &broken;
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->ticket, &ch, &f->arena, NULL, &e),
                     AT_ESTORE);
    f->st->jobs = real;
    assert_int_equal(at_desk_ticket_get(&f->d, &f->agent, f->ticket, &f->arena, &t, NULL), 0);
    assert_int_equal(t.status, AT_STATUS_OPEN);
    assert_int_equal(t.solved_at, 0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DUE, 50, &f->arena, &jobs, &n), 0);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(jobs[i].kind, "follow_up");
    /* once it can be, the solve schedules the check-in */
    assert_int_equal(at_desk_ticket_update(&f->d, &f->agent, f->ticket, &ch, &f->arena, NULL, &e),
                     0);
    assert_int_equal(f->st->jobs->job_list(f->st, AT_JOB_DUE, 50, &f->arena, &jobs, &n), 0);
    {
        bool follow_up = false;

        for (size_t i = 0; i < n; i++)
            follow_up |= strcmp(jobs[i].kind, "follow_up") == 0 && jobs[i].ticket_id == f->ticket;
        assert_true(follow_up);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_follow_up_three_days_after_the_fix_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_customer_writing_first_cancels_the_follow_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_worker_that_dies_mid_job_is_replaced_without_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures_retry_with_growing_delays_then_stay_failed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminders_become_internal_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agent_sets_and_cancels_a_follow_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_same_follow_up_asked_twice_at_once_runs_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_finished_jobs_are_cleared_after_a_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_ticket_hooks_run_in_order_and_a_failure_undoes_the_change, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_every_kind_has_a_runner_and_an_unknown_kind_fails_clearly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_job_that_keeps_killing_its_worker_is_given_up, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
