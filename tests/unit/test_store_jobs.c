/*
 * The store conformance suite for due work: jobs added, taken with a lease,
 * finished, retried, cancelled, dropped, purged and listed. Written only
 * against st->jobs and the tables it needs (tickets) in store.h, so every
 * backend runs it unchanged. store.h has no job_get: a job's state is read
 * back through job_list, as a lead's list of jobs would show it.
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEASE 60000                    /* a minute, as the runner leases */
#define FAR   ((int64_t)4000000000000) /* a time after every job in these tests */

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer;
    int64_t ticket; /* "Printer on fire" */
    int64_t other;  /* "Invoice twice" */
};

static int64_t add_ticket(struct at_store *st, int64_t customer, const char *subject)
{
    struct at_ticket t = {.subject = subject,
                          .status = AT_STATUS_NEW,
                          .priority = AT_PRIORITY_NORMAL,
                          .channel = "web",
                          .customer_id = customer,
                          .group_name = "",
                          .created_at = 1,
                          .updated_at = 1};

    assert_int_equal(st->tickets->ticket_add(st, &t), 0);
    return t.id;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    f->customer = test_customer_add_as(f->st, "Lena Park", "", "lena@x.org", "premium");
    f->ticket = add_ticket(f->st, f->customer, "Printer on fire");
    f->other = add_ticket(f->st, f->customer, "Invoice twice");
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

/* Adds a job and returns its id; fails the test if the store refuses. */
static int64_t add_job(struct fixture *f, const char *kind, int64_t ticket_id, int64_t run_at,
                       int max_attempts, const char *dedupe)
{
    struct at_job j = {.kind = kind,
                       .ticket_id = ticket_id,
                       .payload = "{}",
                       .run_at = run_at,
                       .max_attempts = max_attempts,
                       .dedupe = dedupe,
                       .created_at = run_at};
    int64_t id = 0;

    assert_int_equal(f->st->jobs->job_add(f->st, &j, &id), 0);
    assert_true(id > 0);
    return id;
}

/* Fills `out` with job `id` as job_list shows it; false when it is not there. */
static bool find_job(struct fixture *f, int64_t id, struct at_job *out)
{
    struct at_job *list;
    size_t n;

    assert_int_equal(f->st->jobs->job_list(f->st, -1, 500, &f->arena, &list, &n), 0);
    for (size_t i = 0; i < n; i++)
        if (list[i].id == id) {
            *out = list[i];
            return true;
        }
    return false;
}

static enum at_job_state state_of(struct fixture *f, int64_t id)
{
    struct at_job j;

    assert_true(find_job(f, id, &j));
    return j.state;
}

/* Takes the next job at `now` and says which; fails the test unless one is taken. */
static int64_t take(struct fixture *f, int64_t now, struct at_job *out)
{
    struct at_job j;

    assert_int_equal(f->st->jobs->job_take(f->st, now, now + LEASE, &f->arena, &j), 0);
    if (out)
        *out = j;
    return j.id;
}

static void assert_nothing_due(struct fixture *f, int64_t now)
{
    struct at_job j;

    assert_int_equal(f->st->jobs->job_take(f->st, now, now + LEASE, &f->arena, &j), AT_ENOTFOUND);
}

static void test_add_keeps_every_field(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j = {.kind = "follow_up",
                       .ticket_id = f->ticket,
                       .payload = "{\"note\":\"call back\"}",
                       .run_at = 5000,
                       .max_attempts = 3,
                       .dedupe = "follow_up:1:100",
                       .created_at = 1234};
    struct at_job got;
    int64_t id, plain;

    assert_int_equal(st->jobs->job_add(st, &j, &id), 0);
    assert_true(find_job(f, id, &got));
    assert_string_equal(got.kind, "follow_up");
    assert_int_equal(got.ticket_id, f->ticket);
    assert_string_equal(got.payload, "{\"note\":\"call back\"}");
    assert_int_equal(got.state, AT_JOB_DUE);
    assert_int_equal(got.run_at, 5000);
    assert_int_equal(got.attempts, 0);
    assert_int_equal(got.max_attempts, 3);
    assert_string_equal(got.dedupe, "follow_up:1:100");
    assert_int_equal(got.created_at, 1234);

    /* a job about no ticket, with no dedupe key */
    plain = add_job(f, "reminder", 0, 6000, 5, NULL);
    assert_true(plain != id);
    assert_true(find_job(f, plain, &got));
    assert_int_equal(got.ticket_id, 0);
    assert_null(got.dedupe);
    assert_int_equal(got.state, AT_JOB_DUE);
}

static void test_due_job_is_taken_once_and_leased(void **state)
{
    struct fixture *f = *state;
    struct at_job j;
    int64_t id = add_job(f, "follow_up", f->ticket, 1000, 5, NULL);

    /* not yet due */
    assert_nothing_due(f, 999);
    assert_int_equal(state_of(f, id), AT_JOB_DUE);
    /* due at its run_at */
    assert_int_equal(f->st->jobs->job_take(f->st, 1000, 1000 + LEASE, &f->arena, &j), 0);
    assert_int_equal(j.id, id);
    assert_string_equal(j.kind, "follow_up");
    assert_int_equal(j.ticket_id, f->ticket);
    assert_string_equal(j.payload, "{}");
    assert_int_equal(j.state, AT_JOB_RUNNING);
    assert_int_equal(j.attempts, 1);
    assert_int_equal(j.max_attempts, 5);
    assert_int_equal(j.lease_until, 1000 + LEASE);
    /* leased: nobody else takes it while the lease runs */
    assert_nothing_due(f, 1001);
    assert_nothing_due(f, 1000 + LEASE - 1);
    assert_true(find_job(f, id, &j));
    assert_int_equal(j.state, AT_JOB_RUNNING);
    assert_int_equal(j.attempts, 1);
    assert_int_equal(j.lease_until, 1000 + LEASE);
}

static void test_held_job_waits_until_its_kind_is_released(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job held = {.kind = "mail_out",
                          .ticket_id = f->ticket,
                          .payload = "{}",
                          .run_at = 1000,
                          .state = AT_JOB_HELD,
                          .created_at = 1000};
    struct at_job other = held;
    struct at_job *list, j;
    int64_t a, b, c, n = -1;
    size_t count;

    assert_int_equal(st->jobs->job_add(st, &held, &a), 0);
    assert_int_equal(st->jobs->job_add(st, &held, &b), 0);
    other.kind = "survey";
    assert_int_equal(st->jobs->job_add(st, &other, &c), 0);
    assert_int_equal(state_of(f, a), AT_JOB_HELD);
    /* never taken while held, however late it is */
    assert_nothing_due(f, 1000000);
    assert_int_equal(st->jobs->job_list(st, AT_JOB_HELD, 10, &f->arena, &list, &count), 0);
    assert_int_equal(count, 3);
    /* cancelling a ticket's due jobs leaves held ones alone */
    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "mail_out", 2000, &n), 0);
    assert_int_equal(n, 0);

    /* released: due at that moment, oldest first; another kind stays held */
    assert_int_equal(st->jobs->job_release(st, "mail_out", 5000, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(state_of(f, a), AT_JOB_DUE);
    assert_true(find_job(f, a, &j));
    assert_int_equal(j.run_at, 5000);
    assert_int_equal(j.attempts, 0);
    assert_nothing_due(f, 4999);
    assert_int_equal(take(f, 5000, NULL), a);
    assert_int_equal(take(f, 5000, NULL), b);
    assert_nothing_due(f, 5000);
    assert_int_equal(state_of(f, c), AT_JOB_HELD);
    /* nothing left to release */
    assert_int_equal(st->jobs->job_release(st, "mail_out", 6000, &n), 0);
    assert_int_equal(n, 0);
}

static void test_job_whose_lease_ran_out_is_taken_again(void **state)
{
    struct fixture *f = *state;
    struct at_job j;
    int64_t id = add_job(f, "follow_up", f->ticket, 1000, 5, NULL);

    assert_int_equal(f->st->jobs->job_take(f->st, 1000, 2000, &f->arena, &j), 0);
    assert_int_equal(j.id, id);
    assert_nothing_due(f, 1999);
    /* the worker died: after its lease the job is taken again, and the attempt counted */
    assert_int_equal(f->st->jobs->job_take(f->st, 2001, 3000, &f->arena, &j), 0);
    assert_int_equal(j.id, id);
    assert_int_equal(j.state, AT_JOB_RUNNING);
    assert_int_equal(j.attempts, 2);
    assert_int_equal(j.lease_until, 3000);
    assert_nothing_due(f, 2999);
    /* and it can still be finished by the worker that holds it now */
    assert_int_equal(f->st->jobs->job_finish(f->st, id, true, NULL, 0, 2500), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DONE);
    assert_nothing_due(f, FAR);
}

static void test_oldest_due_job_first(void **state)
{
    struct fixture *f = *state;
    int64_t late = add_job(f, "follow_up", f->ticket, 3000, 5, NULL);
    int64_t early = add_job(f, "survey", f->ticket, 1000, 5, NULL);
    int64_t middle = add_job(f, "reminder", 0, 2000, 5, NULL);
    int64_t later = add_job(f, "mail_out", f->other, 2000, 5, NULL);
    int64_t future = add_job(f, "follow_up", f->other, 9000, 5, NULL);

    /* by when they fell due, not by when they were added; the same time: the one added first */
    assert_int_equal(take(f, 5000, NULL), early);
    assert_int_equal(take(f, 5000, NULL), middle);
    assert_int_equal(take(f, 5000, NULL), later);
    assert_int_equal(take(f, 5000, NULL), late);
    assert_nothing_due(f, 5000);
    assert_int_equal(state_of(f, future), AT_JOB_DUE);
    assert_int_equal(take(f, 9000, NULL), future);
}

static void test_done_job_is_not_taken_again(void **state)
{
    struct fixture *f = *state;
    struct at_job j;
    int64_t id = add_job(f, "follow_up", f->ticket, 1000, 5, NULL);

    take(f, 1000, NULL);
    assert_int_equal(f->st->jobs->job_finish(f->st, id, true, NULL, 0, 1500), 0);
    assert_true(find_job(f, id, &j));
    assert_int_equal(j.state, AT_JOB_DONE);
    assert_int_equal(j.attempts, 1);
    /* not even after the lease it had */
    assert_nothing_due(f, 1000 + LEASE + 1);
    assert_nothing_due(f, FAR);
    /* a late second outcome does not bring it back */
    assert_int_not_equal(f->st->jobs->job_finish(f->st, id, false, "late", 2000, 1600), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DONE);
    assert_nothing_due(f, FAR);
    /* a job that does not exist */
    assert_int_equal(f->st->jobs->job_finish(f->st, id + 100, true, NULL, 0, 1600), AT_ENOTFOUND);
}

static void test_failed_job_retries_at_retry_at_until_attempts_are_used_up(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j, *list;
    size_t n;
    int64_t id = add_job(f, "mail_out", f->ticket, 1000, 3, NULL);

    take(f, 1000, NULL);
    assert_int_equal(st->jobs->job_finish(st, id, false, "relay down", 5000, 1001), 0);
    assert_true(find_job(f, id, &j));
    assert_int_equal(j.state, AT_JOB_DUE);
    assert_int_equal(j.run_at, 5000);
    assert_int_equal(j.attempts, 1);
    assert_string_equal(j.last_error, "relay down");
    /* not before retry_at */
    assert_nothing_due(f, 4999);
    assert_int_equal(take(f, 5000, &j), id);
    assert_int_equal(j.attempts, 2);
    assert_int_equal(st->jobs->job_finish(st, id, false, "relay still down", 9000, 5001), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DUE);
    assert_nothing_due(f, 8999);
    assert_int_equal(take(f, 9000, &j), id);
    assert_int_equal(j.attempts, 3);
    /* the third of three attempts failed: the job gives up */
    assert_int_equal(st->jobs->job_finish(st, id, false, "mailbox full", 20000, 9001), 0);
    assert_true(find_job(f, id, &j));
    assert_int_equal(j.state, AT_JOB_FAILED);
    assert_int_equal(j.attempts, 3);
    assert_string_equal(j.last_error, "mailbox full");
    assert_nothing_due(f, 20000);
    assert_nothing_due(f, FAR);
    /* a lead sees it in the failed jobs */
    assert_int_equal(st->jobs->job_list(st, AT_JOB_FAILED, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    assert_string_equal(list[0].last_error, "mailbox full");
}

static void test_retry_gives_a_failed_job_its_attempts_again(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j;
    int64_t id = add_job(f, "mail_out", f->ticket, 1000, 2, NULL);
    int64_t waiting = add_job(f, "reminder", 0, FAR, 5, NULL);

    take(f, 1000, NULL);
    assert_int_equal(st->jobs->job_finish(st, id, false, "relay down", 2000, 1001), 0);
    take(f, 2000, NULL);
    assert_int_equal(st->jobs->job_finish(st, id, false, "relay down", 3000, 2001), 0);
    assert_int_equal(state_of(f, id), AT_JOB_FAILED);

    /* only a failed job is retried */
    assert_int_equal(st->jobs->job_retry(st, waiting, 50000), AT_ENOTFOUND);
    assert_int_equal(state_of(f, waiting), AT_JOB_DUE);
    assert_int_equal(st->jobs->job_retry(st, id + waiting + 100, 50000), AT_ENOTFOUND);

    assert_int_equal(st->jobs->job_retry(st, id, 50000), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DUE);
    /* due now, not at its old time */
    assert_nothing_due(f, 49999);
    assert_int_equal(take(f, 50000, &j), id);
    assert_int_equal(j.attempts, 1);
    /* so one more failure is retried instead of giving up at once */
    assert_int_equal(st->jobs->job_finish(st, id, false, "relay down", 60000, 50001), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DUE);
    assert_int_equal(take(f, 60000, NULL), id);
    assert_int_equal(st->jobs->job_finish(st, id, true, NULL, 0, 60001), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DONE);
    /* a done job is not retried */
    assert_int_equal(st->jobs->job_retry(st, id, 70000), AT_ENOTFOUND);
    assert_int_equal(state_of(f, id), AT_JOB_DONE);
}

static void test_dedupe_key_is_held_until_the_job_is_gone(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j = {.kind = "follow_up",
                       .ticket_id = f->ticket,
                       .payload = "",
                       .run_at = 1000,
                       .max_attempts = 5,
                       .dedupe = "follow_up:7:100",
                       .created_at = 1000};
    struct at_job *list;
    size_t n;
    int64_t id, again, cancelled, changed;

    assert_int_equal(st->jobs->job_add(st, &j, &id), 0);
    assert_int_equal(st->jobs->job_add(st, &j, &again), AT_ECONFLICT);
    assert_int_equal(st->jobs->job_list(st, -1, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    /* jobs without a key never conflict */
    add_job(f, "follow_up", f->ticket, 1000, 5, NULL);
    add_job(f, "follow_up", f->ticket, 1000, 5, NULL);

    /* the key exists as long as the job does: running, then done */
    assert_int_equal(take(f, 1000, NULL), id);
    assert_int_equal(st->jobs->job_add(st, &j, &again), AT_ECONFLICT);
    assert_int_equal(st->jobs->job_finish(st, id, true, NULL, 0, 1001), 0);
    assert_int_equal(st->jobs->job_add(st, &j, &again), AT_ECONFLICT);

    /* cancelled keeps it too */
    j.dedupe = "survey:7:100";
    j.kind = "survey";
    j.run_at = 900000;
    assert_int_equal(st->jobs->job_add(st, &j, &cancelled), 0);
    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "survey", 2000, &changed), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(state_of(f, cancelled), AT_JOB_CANCELLED);
    assert_int_equal(st->jobs->job_add(st, &j, &again), AT_ECONFLICT);

    /* once purged, the key can be used again */
    assert_int_equal(st->jobs->job_purge(st, FAR, 100, &changed), 0);
    assert_int_equal(changed, 2);
    assert_int_equal(st->jobs->job_add(st, &j, &again), 0);
    j.dedupe = "follow_up:7:100";
    j.kind = "follow_up";
    assert_int_equal(st->jobs->job_add(st, &j, &again), 0);
    assert_int_equal(state_of(f, again), AT_JOB_DUE);
}

static void test_cancel_counts_and_cancels_only_due_jobs_of_that_kind_and_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j;
    int64_t running, done, past, future, survey, elsewhere, n = -1;

    /* one follow-up running, one done, two due (one overdue, one in a week) */
    running = add_job(f, "follow_up", f->ticket, 100, 5, NULL);
    assert_int_equal(st->jobs->job_take(st, 100, FAR, &f->arena, &j), 0);
    assert_int_equal(j.id, running);
    done = add_job(f, "follow_up", f->ticket, 200, 5, NULL);
    assert_int_equal(take(f, 200, NULL), done);
    assert_int_equal(st->jobs->job_finish(st, done, true, NULL, 0, 201), 0);
    past = add_job(f, "follow_up", f->ticket, 300, 5, NULL);
    future = add_job(f, "follow_up", f->ticket, 1000 + 7 * 86400000LL, 5, NULL);
    /* a survey of the same ticket, and a follow-up of another */
    survey = add_job(f, "survey", f->ticket, 300, 5, NULL);
    elsewhere = add_job(f, "follow_up", f->other, 300, 5, NULL);

    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "follow_up", 1000, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(state_of(f, past), AT_JOB_CANCELLED);
    assert_int_equal(state_of(f, future), AT_JOB_CANCELLED);
    assert_int_equal(state_of(f, running), AT_JOB_RUNNING);
    assert_int_equal(state_of(f, done), AT_JOB_DONE);
    assert_int_equal(state_of(f, survey), AT_JOB_DUE);
    assert_int_equal(state_of(f, elsewhere), AT_JOB_DUE);

    /* cancelled jobs are never taken: only the survey and the other ticket's follow-up run */
    assert_int_equal(take(f, FAR - LEASE, NULL), survey);
    assert_int_equal(take(f, FAR - LEASE, NULL), elsewhere);
    assert_nothing_due(f, FAR - LEASE);

    /* a cancelled job has no outcome to record: it stays cancelled */
    assert_int_not_equal(st->jobs->job_finish(st, past, true, NULL, 0, 2000), 0);
    assert_int_not_equal(st->jobs->job_finish(st, future, false, "late", 3000, 2000), 0);
    assert_int_equal(state_of(f, past), AT_JOB_CANCELLED);
    assert_int_equal(state_of(f, future), AT_JOB_CANCELLED);

    /* nothing left to cancel */
    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "follow_up", 2000, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->jobs->job_cancel(st, f->ticket + f->other + 100, "follow_up", 2000, &n),
                     0);
    assert_int_equal(n, 0);
}

static void test_drop_deletes_only_due_jobs_of_that_kind_and_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j, *list;
    size_t count;
    int64_t running, warn, breach, other_kind, elsewhere, again, n = -1;

    running = add_job(f, "sla_check", f->ticket, 100, 5, NULL);
    assert_int_equal(st->jobs->job_take(st, 100, FAR, &f->arena, &j), 0);
    assert_int_equal(j.id, running);
    warn = add_job(f, "sla_check", f->ticket, 5000, 5, "sla:warn");
    breach = add_job(f, "sla_check", f->ticket, 9000, 5, NULL);
    other_kind = add_job(f, "follow_up", f->ticket, 5000, 5, NULL);
    elsewhere = add_job(f, "sla_check", f->other, 5000, 5, NULL);

    assert_int_equal(st->jobs->job_drop(st, f->ticket, "sla_check", &n), 0);
    assert_int_equal(n, 2);
    assert_false(find_job(f, warn, &j));
    assert_false(find_job(f, breach, &j));
    assert_int_equal(state_of(f, running), AT_JOB_RUNNING);
    assert_int_equal(state_of(f, other_kind), AT_JOB_DUE);
    assert_int_equal(state_of(f, elsewhere), AT_JOB_DUE);
    /* gone, not cancelled: no cancelled row is left behind */
    assert_int_equal(st->jobs->job_list(st, AT_JOB_CANCELLED, 10, &f->arena, &list, &count), 0);
    assert_int_equal(count, 0);
    /* a dropped job's key is free again */
    again = add_job(f, "sla_check", f->ticket, 6000, 5, "sla:warn");
    assert_int_equal(state_of(f, again), AT_JOB_DUE);
    assert_int_equal(st->jobs->job_drop(st, f->other, "sla_check", &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->jobs->job_drop(st, f->other, "sla_check", &n), 0);
    assert_int_equal(n, 0);
}

static void test_purge_deletes_old_done_and_cancelled_jobs_at_most_limit(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j, *list;
    size_t count;
    int64_t done[3], cancelled, failed, late_done, at_before, due, n = -1;

    /* each job is brought to its state before the next is added, so take finds only it */
    for (int i = 0; i < 3; i++) {
        done[i] = add_job(f, "follow_up", f->ticket, 100 + 100 * i, 5, NULL);
        assert_int_equal(take(f, 100 + 100 * i, NULL), done[i]);
        assert_int_equal(st->jobs->job_finish(st, done[i], true, NULL, 0, 101 + 100 * i), 0);
    }
    cancelled = add_job(f, "survey", f->ticket, 150, 5, NULL);
    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "survey", 151, &n), 0);
    assert_int_equal(n, 1);
    failed = add_job(f, "mail_out", f->ticket, 120, 1, NULL);
    assert_int_equal(take(f, 120, NULL), failed);
    assert_int_equal(st->jobs->job_finish(st, failed, false, "relay down", 130, 121), 0);
    assert_int_equal(state_of(f, failed), AT_JOB_FAILED);
    late_done = add_job(f, "follow_up", f->other, 5000, 5, NULL);
    assert_int_equal(take(f, 5000, NULL), late_done);
    assert_int_equal(st->jobs->job_finish(st, late_done, true, NULL, 0, 5001), 0);
    at_before = add_job(f, "reminder", f->other, 1000, 5, NULL);
    assert_int_equal(st->jobs->job_cancel(st, f->other, "reminder", 1001, &n), 0);
    assert_int_equal(n, 1);
    due = add_job(f, "reminder", f->ticket, 110, 5, NULL);

    /* four are done or cancelled and were due before 1000: at most two go at a time */
    assert_int_equal(st->jobs->job_purge(st, 1000, 2, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->jobs->job_list(st, -1, 100, &f->arena, &list, &count), 0);
    assert_int_equal(count, 6);
    assert_int_equal(st->jobs->job_purge(st, 1000, 10, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->jobs->job_purge(st, 1000, 10, &n), 0);
    assert_int_equal(n, 0);
    for (int i = 0; i < 3; i++)
        assert_false(find_job(f, done[i], &j));
    assert_false(find_job(f, cancelled, &j));
    /* failed stays for a lead, the due one is not finished, the rest were due too late */
    assert_int_equal(state_of(f, failed), AT_JOB_FAILED);
    assert_int_equal(state_of(f, due), AT_JOB_DUE);
    assert_int_equal(state_of(f, late_done), AT_JOB_DONE);
    assert_int_equal(state_of(f, at_before), AT_JOB_CANCELLED);
    assert_int_equal(st->jobs->job_list(st, -1, 100, &f->arena, &list, &count), 0);
    assert_int_equal(count, 4);
    /* later, they go too; the failed and the due one stay */
    assert_int_equal(st->jobs->job_purge(st, 5001, 10, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st->jobs->job_list(st, -1, 100, &f->arena, &list, &count), 0);
    assert_int_equal(count, 2);
    assert_int_equal(state_of(f, failed), AT_JOB_FAILED);
    assert_int_equal(state_of(f, due), AT_JOB_DUE);
}

static void test_list_by_state_newest_first_with_limit(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job *list;
    size_t n;
    int64_t id[5];
    int64_t cancelled_n;

    for (int i = 0; i < 5; i++)
        id[i] = add_job(f, i == 4 ? "survey" : "follow_up", f->ticket, 1000 + 10 * i, 5, NULL);
    assert_int_equal(take(f, 1000, NULL), id[0]);
    assert_int_equal(st->jobs->job_finish(st, id[0], true, NULL, 0, 1001), 0);
    assert_int_equal(take(f, 1010, NULL), id[1]);
    assert_int_equal(st->jobs->job_cancel(st, f->ticket, "survey", 1002, &cancelled_n), 0);
    assert_int_equal(cancelled_n, 1);

    assert_int_equal(st->jobs->job_list(st, -1, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(list[i].id, id[4 - i]);
    assert_int_equal(st->jobs->job_list(st, -1, 2, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, id[4]);
    assert_int_equal(list[1].id, id[3]);

    assert_int_equal(st->jobs->job_list(st, AT_JOB_DUE, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, id[3]);
    assert_int_equal(list[1].id, id[2]);
    assert_int_equal(list[0].state, AT_JOB_DUE);
    assert_int_equal(st->jobs->job_list(st, AT_JOB_DUE, 1, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id[3]);
    assert_int_equal(st->jobs->job_list(st, AT_JOB_RUNNING, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id[1]);
    assert_int_equal(list[0].state, AT_JOB_RUNNING);
    assert_int_equal(st->jobs->job_list(st, AT_JOB_DONE, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id[0]);
    assert_int_equal(st->jobs->job_list(st, AT_JOB_CANCELLED, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id[4]);
    assert_string_equal(list[0].kind, "survey");
    assert_int_equal(st->jobs->job_list(st, AT_JOB_FAILED, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
}

static void test_finish_rolled_back_leaves_the_job_taken(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_job j, *list;
    size_t count;
    int64_t id = add_job(f, "follow_up", f->ticket, 1000, 5, NULL);

    assert_int_equal(take(f, 1000, NULL), id);
    /* the job's effects failed: its "done" goes with them, and so does what it scheduled */
    assert_int_equal(st->core->begin(st), 0);
    assert_int_equal(st->jobs->job_finish(st, id, true, NULL, 0, 1001), 0);
    add_job(f, "survey", f->ticket, 1000, 5, "survey:in-tx");
    assert_int_equal(st->core->rollback(st), 0);
    assert_int_equal(state_of(f, id), AT_JOB_RUNNING);
    assert_int_equal(st->jobs->job_list(st, -1, 10, &f->arena, &list, &count), 0);
    assert_int_equal(count, 1);
    /* so it is taken again after its lease and runs once more */
    assert_int_equal(take(f, 1000 + LEASE + 1, &j), id);
    assert_int_equal(j.attempts, 2);
    assert_int_equal(st->core->begin(st), 0);
    assert_int_equal(st->jobs->job_finish(st, id, true, NULL, 0, 1000 + LEASE + 2), 0);
    assert_int_equal(st->core->commit(st), 0);
    assert_int_equal(state_of(f, id), AT_JOB_DONE);
}

static void test_two_handles_take_a_job_once(void **state)
{
    struct fixture *f = *state;
    const char *kind = getenv("ATTUNE_TEST_STORE");
    struct at_errinfo e = {0};
    struct at_store *second;
    struct at_job j;
    int64_t first, next;

    /* two handles on one database need a database file */
    if (!kind || strcmp(kind, "file") != 0 || test_store_nfiles == 0) {
        skip();
        return;
    }
    second = at_store_connect(test_store_files[test_store_nfiles - 1], AT_DURABLE_NORMAL, &e);
    assert_non_null(second);
    first = add_job(f, "follow_up", f->ticket, 1000, 5, NULL);
    assert_int_equal(take(f, 1000, NULL), first);
    assert_int_equal(second->jobs->job_take(second, 1001, 1001 + LEASE, &f->arena, &j),
                     AT_ENOTFOUND);
    next = add_job(f, "follow_up", f->other, 1000, 5, NULL);
    assert_int_equal(second->jobs->job_take(second, 1002, 1002 + LEASE, &f->arena, &j), 0);
    assert_int_equal(j.id, next);
    assert_nothing_due(f, 1003);
    /* one handle finishes what the other took */
    assert_int_equal(second->jobs->job_finish(second, first, true, NULL, 0, 1004), 0);
    assert_int_equal(state_of(f, first), AT_JOB_DONE);
    second->core->close(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_keeps_every_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_job_is_taken_once_and_leased, setup, teardown),
        cmocka_unit_test_setup_teardown(test_held_job_waits_until_its_kind_is_released, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_job_whose_lease_ran_out_is_taken_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oldest_due_job_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_job_is_not_taken_again, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_failed_job_retries_at_retry_at_until_attempts_are_used_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_gives_a_failed_job_its_attempts_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dedupe_key_is_held_until_the_job_is_gone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_cancel_counts_and_cancels_only_due_jobs_of_that_kind_and_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_deletes_only_due_jobs_of_that_kind_and_ticket,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_purge_deletes_old_done_and_cancelled_jobs_at_most_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_by_state_newest_first_with_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_finish_rolled_back_leaves_the_job_taken, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_two_handles_take_a_job_once, setup, teardown),
    };

    return cmocka_run_group_tests_name("store_jobs", tests, NULL, NULL);
}
