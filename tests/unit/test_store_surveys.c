/*
 * The store conformance suite for surveys, recovery tasks, recognition and
 * survey results: written only against st->surveys and the tables it needs
 * (tickets, people) in store.h, so every backend runs it unchanged.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Noon (UTC) of days around a change of month; 2026-11-29 and 2026-12-06 are Sundays. */
#define NOV_29 1795953600000LL
#define NOV_30 1796040000000LL
#define DEC_01 1796126400000LL
#define DEC_06 1796558400000LL
#define DEC_07 1796644800000LL
#define DAY_MS 86400000LL

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer; /* Lena Park, "Lena" */
    int64_t other;    /* Tomás Ruiz */
    int64_t maya;     /* an agent */
    int64_t omar;     /* another agent */
};

static int64_t add_agent(struct at_store *st, const char *name, const char *email)
{
    struct at_user u = {
        .email = email, .name = name, .role = AT_ROLE_AGENT, .password_hash = "", .created_at = 1};
    int64_t id;

    assert_int_equal(st->people->user_add(st, &u, &id), 0);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    f->customer = test_customer_add_as(f->st, "Lena Park", "Lena", "lena@x.org", "standard");
    f->other = test_customer_add_as(f->st, "Tomás Ruiz", "", "tomas@x.org", "standard");
    f->maya = add_agent(f->st, "Maya", "maya@x.org");
    f->omar = add_agent(f->st, "Omar", "omar@x.org");
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

/* A solved ticket of `customer`, assigned to `agent` (0: nobody); fills `out` when not NULL. */
static int64_t add_ticket(struct fixture *f, const char *subject, int64_t customer, int64_t agent,
                          struct at_ticket *out)
{
    struct at_ticket t = {.subject = subject,
                          .status = AT_STATUS_SOLVED,
                          .priority = AT_PRIORITY_NORMAL,
                          .channel = "web",
                          .customer_id = customer,
                          .assignee_id = agent,
                          .group_name = "",
                          .created_at = 10,
                          .updated_at = 10,
                          .solved_at = 10};

    assert_int_equal(f->st->tickets->ticket_add(f->st, &t), 0);
    if (out)
        *out = t;
    return t.id;
}

/* A survey of ticket `ticket` sent at `at`, reached through the link `token_hash`. */
static int64_t add_survey(struct fixture *f, int64_t ticket, int64_t customer, int64_t agent,
                          bool nps_asked, int64_t at, const char *token_hash)
{
    struct at_survey s = {.ticket_id = ticket,
                          .customer_id = customer,
                          .agent_id = agent,
                          .nps_asked = nps_asked,
                          .created_at = at,
                          .expires_at = at + 14 * DAY_MS,
                          .updated_at = at,
                          .nps = -1,
                          .comment = "",
                          .comment_reading = ""};

    assert_int_equal(f->st->surveys->survey_add(f->st, &s, token_hash), 0);
    assert_true(s.id > 0);
    return s.id;
}

static void answer(struct fixture *f, int64_t id, int csat, int understood, int effort, int nps,
                   int64_t at)
{
    struct at_survey s = {.id = id,
                          .csat = csat,
                          .understood = understood,
                          .effort = effort,
                          .nps = nps,
                          .comment = "",
                          .comment_reading = "",
                          .answered_at = at,
                          .updated_at = at};

    assert_int_equal(f->st->surveys->survey_answer(f->st, &s), 0);
}

static const char *id_text(struct fixture *f, int64_t id)
{
    return at_arena_printf(&f->arena, "%lld", (long long)id);
}

static void test_survey_by_token_and_by_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_ticket t;
    struct at_survey got;
    int64_t ticket = add_ticket(f, "Refund for order 1142", f->customer, f->maya, &t);
    int64_t quiet = add_ticket(f, "Never surveyed", f->customer, f->maya, NULL);
    int64_t first = add_survey(f, ticket, f->customer, f->maya, true, 1000, "hash-first");
    int64_t second = add_survey(f, ticket, f->customer, 0, false, 2000, "hash-second");

    assert_int_not_equal(first, second);
    assert_int_equal(st->surveys->survey_by_token(st, "hash-first", &f->arena, &got), 0);
    assert_int_equal(got.id, first);
    assert_int_equal(got.ticket_id, ticket);
    assert_int_equal(got.customer_id, f->customer);
    assert_int_equal(got.agent_id, f->maya);
    assert_true(got.nps_asked);
    assert_int_equal(got.created_at, 1000);
    assert_int_equal(got.expires_at, 1000 + 14 * DAY_MS);
    assert_int_equal(got.answered_at, 0);
    assert_int_equal(got.updated_at, 1000);
    /* not answered: scores 0, nps -1 */
    assert_int_equal(got.csat, 0);
    assert_int_equal(got.understood, 0);
    assert_int_equal(got.effort, 0);
    assert_int_equal(got.nps, -1);
    assert_string_equal(got.comment, "");
    assert_int_equal(got.ticket_number, t.number);
    assert_string_equal(got.ticket_subject, "Refund for order 1142");
    assert_string_equal(got.customer_name, "Lena Park");
    assert_string_equal(got.customer_preferred_name, "Lena");

    /* the newest survey of the ticket, without an agent */
    assert_int_equal(st->surveys->survey_by_ticket(st, ticket, &f->arena, &got), 0);
    assert_int_equal(got.id, second);
    assert_int_equal(got.agent_id, 0);
    assert_false(got.nps_asked);
    assert_int_equal(got.ticket_number, t.number);
    assert_string_equal(got.ticket_subject, "Refund for order 1142");
    assert_string_equal(got.customer_name, "Lena Park");
    assert_string_equal(got.customer_preferred_name, "Lena");
    assert_int_equal(st->surveys->survey_by_token(st, "hash-second", &f->arena, &got), 0);
    assert_int_equal(got.id, second);

    assert_int_equal(st->surveys->survey_by_token(st, "hash-nobody", &f->arena, &got),
                     AT_ENOTFOUND);
    assert_int_equal(st->surveys->survey_by_ticket(st, quiet, &f->arena, &got), AT_ENOTFOUND);
    assert_int_equal(st->surveys->survey_by_ticket(st, 99999, &f->arena, &got), AT_ENOTFOUND);
}

static void test_survey_another_link_finds_the_same_survey(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_survey got;
    int64_t ticket = add_ticket(f, "Lost parcel", f->other, f->omar, NULL);
    int64_t id = add_survey(f, ticket, f->other, f->omar, false, 1000, "hash-mail");

    assert_int_equal(st->surveys->survey_by_token(st, "hash-portal", &f->arena, &got),
                     AT_ENOTFOUND);
    assert_int_equal(st->surveys->survey_token_add(st, id, "hash-portal", 5000), 0);
    assert_int_equal(st->surveys->survey_by_token(st, "hash-portal", &f->arena, &got), 0);
    assert_int_equal(got.id, id);
    assert_int_equal(got.ticket_id, ticket);
    assert_string_equal(got.customer_name, "Tomás Ruiz");
    assert_string_equal(got.customer_preferred_name, "");
    assert_string_equal(got.ticket_subject, "Lost parcel");
    /* the first link still works */
    assert_int_equal(st->surveys->survey_by_token(st, "hash-mail", &f->arena, &got), 0);
    assert_int_equal(got.id, id);
}

static void test_survey_answer_round_trips(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t ticket = add_ticket(f, "Billing", f->customer, f->maya, NULL);
    int64_t id = add_survey(f, ticket, f->customer, f->maya, true, 1000, "hash-a");
    struct at_survey a = {.id = id,
                          .csat = 4,
                          .understood = 5,
                          .effort = 2,
                          .nps = 9,
                          .comment = "Quick and kind, thank you",
                          .comment_reading = "positive",
                          .answered_at = 3000,
                          .updated_at = 3000};
    struct at_survey got;

    assert_int_equal(st->surveys->survey_answer(st, &a), 0);
    assert_int_equal(st->surveys->survey_by_token(st, "hash-a", &f->arena, &got), 0);
    assert_int_equal(got.csat, 4);
    assert_int_equal(got.understood, 5);
    assert_int_equal(got.effort, 2);
    assert_int_equal(got.nps, 9);
    assert_string_equal(got.comment, "Quick and kind, thank you");
    assert_string_equal(got.comment_reading, "positive");
    assert_int_equal(got.answered_at, 3000);
    assert_int_equal(got.updated_at, 3000);
    /* what the answer does not write stays */
    assert_int_equal(got.created_at, 1000);
    assert_int_equal(got.expires_at, 1000 + 14 * DAY_MS);
    assert_true(got.nps_asked);
    assert_int_equal(got.agent_id, f->maya);

    /* a changed answer: the fields and updated_at are written again */
    a.csat = 2;
    a.understood = 1;
    a.effort = 7;
    a.nps = -1;
    a.comment = "Actually it broke again";
    a.comment_reading = "negative";
    a.updated_at = 8000;
    assert_int_equal(st->surveys->survey_answer(st, &a), 0);
    assert_int_equal(st->surveys->survey_by_ticket(st, ticket, &f->arena, &got), 0);
    assert_int_equal(got.csat, 2);
    assert_int_equal(got.understood, 1);
    assert_int_equal(got.effort, 7);
    assert_int_equal(got.nps, -1);
    assert_string_equal(got.comment, "Actually it broke again");
    assert_string_equal(got.comment_reading, "negative");
    assert_int_equal(got.answered_at, 3000);
    assert_int_equal(got.updated_at, 8000);
}

static void test_survey_nps_last(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t ticket = add_ticket(f, "Login", f->customer, f->maya, NULL);
    int64_t theirs = add_ticket(f, "Password", f->other, f->maya, NULL);
    int64_t at = -1;

    assert_int_equal(st->surveys->survey_nps_last(st, f->customer, &at), AT_ENOTFOUND);
    add_survey(f, ticket, f->customer, f->maya, false, 1000, "h1");
    assert_int_equal(st->surveys->survey_nps_last(st, f->customer, &at), AT_ENOTFOUND);
    add_survey(f, ticket, f->customer, f->maya, true, 2000, "h2");
    add_survey(f, ticket, f->customer, f->maya, true, 5000, "h3");
    add_survey(f, ticket, f->customer, f->maya, false, 9000, "h4");
    add_survey(f, theirs, f->other, f->maya, true, 7000, "h5");
    assert_int_equal(st->surveys->survey_nps_last(st, f->customer, &at), 0);
    assert_int_equal(at, 5000);
    assert_int_equal(st->surveys->survey_nps_last(st, f->other, &at), 0);
    assert_int_equal(at, 7000);
}

static void test_recovery_once_per_survey_listed_and_done(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t t1 = add_ticket(f, "Broken charger", f->customer, f->maya, NULL);
    int64_t t2 = add_ticket(f, "Late delivery", f->other, f->omar, NULL);
    int64_t s1 = add_survey(f, t1, f->customer, f->maya, false, 1000, "h1");
    int64_t s2 = add_survey(f, t2, f->other, f->omar, false, 1100, "h2");
    struct at_recovery r = {
        .survey_id = s1, .ticket_id = t1, .reason = "csat 2", .created_at = 200};
    struct at_recovery *list;
    int64_t r1, r2, again, ticket = 0;
    size_t n;

    answer(f, s1, 2, 3, 5, -1, 1500);
    answer(f, s2, 1, 1, 7, -1, 1600);
    assert_int_equal(st->surveys->recovery_list(st, false, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(st->surveys->recovery_add(st, &r, &r1), 0);
    r.reason = "negative comment";
    assert_int_equal(st->surveys->recovery_add(st, &r, &again), AT_ECONFLICT);
    r = (struct at_recovery){
        .survey_id = s2, .ticket_id = t2, .reason = "csat 1, understood 1", .created_at = 100};
    assert_int_equal(st->surveys->recovery_add(st, &r, &r2), 0);
    assert_int_not_equal(r1, r2);

    /* open tasks, oldest first, with the answer, ticket and customer */
    assert_int_equal(st->surveys->recovery_list(st, false, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, r2);
    assert_int_equal(list[0].survey_id, s2);
    assert_int_equal(list[0].ticket_id, t2);
    assert_string_equal(list[0].reason, "csat 1, understood 1");
    assert_int_equal(list[0].created_at, 100);
    assert_int_equal(list[0].done_at, 0);
    assert_int_equal(list[0].survey.id, s2);
    assert_int_equal(list[0].survey.csat, 1);
    assert_string_equal(list[0].survey.ticket_subject, "Late delivery");
    assert_string_equal(list[0].survey.customer_name, "Tomás Ruiz");
    assert_int_equal(list[1].id, r1);
    assert_string_equal(list[1].reason, "csat 2"); /* the refused second task changed nothing */
    assert_int_equal(list[1].survey.csat, 2);
    assert_string_equal(list[1].survey.customer_name, "Lena Park");
    assert_string_equal(list[1].survey.customer_preferred_name, "Lena");

    assert_int_equal(
        st->surveys->recovery_done(st, r2, f->maya, "called, sent a voucher", 5000, &ticket), 0);
    assert_int_equal(ticket, t2);
    assert_int_equal(st->surveys->recovery_done(st, r2, f->maya, "twice", 6000, &ticket),
                     AT_ENOTFOUND);
    assert_int_equal(st->surveys->recovery_done(st, 99999, f->maya, "", 6000, &ticket),
                     AT_ENOTFOUND);

    assert_int_equal(st->surveys->recovery_list(st, false, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, r1);
    assert_int_equal(st->surveys->recovery_list(st, true, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, r2);
    assert_int_equal(list[0].done_at, 5000);
    assert_int_equal(list[0].done_by, f->maya);
    assert_string_equal(list[0].note, "called, sent a voucher");
    assert_int_equal(list[1].id, r1);
    assert_int_equal(list[1].done_at, 0);
}

static void test_recognition_once_per_survey_filtered_by_agent_and_time(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_ticket t1, t2, t3;
    int64_t s1, s2, s3, g1, g2, g3, again;
    struct at_recognition r;
    struct at_recognition *list;
    size_t n;

    add_ticket(f, "Setup help", f->customer, f->maya, &t1);
    add_ticket(f, "Refund", f->other, f->omar, &t2);
    add_ticket(f, "Upgrade", f->customer, f->maya, &t3);
    s1 = add_survey(f, t1.id, f->customer, f->maya, false, 500, "h1");
    s2 = add_survey(f, t2.id, f->other, f->omar, false, 500, "h2");
    s3 = add_survey(f, t3.id, f->customer, f->maya, false, 500, "h3");

    assert_int_equal(st->surveys->recognition_list(st, 0, 0, INT64_MAX, 10, &f->arena, &list, &n),
                     0);
    assert_int_equal(n, 0);
    r = (struct at_recognition){.survey_id = s1,
                                .ticket_id = t1.id,
                                .agent_id = f->maya,
                                .comment = "Maya was wonderful",
                                .csat = 5,
                                .created_at = 1000};
    assert_int_equal(st->surveys->recognition_add(st, &r, &g1), 0);
    r.comment = "said twice";
    assert_int_equal(st->surveys->recognition_add(st, &r, &again), AT_ECONFLICT);
    r = (struct at_recognition){.survey_id = s2,
                                .ticket_id = t2.id,
                                .agent_id = f->omar,
                                .comment = "Omar sorted it in minutes",
                                .csat = 4,
                                .created_at = 2000};
    assert_int_equal(st->surveys->recognition_add(st, &r, &g2), 0);
    r = (struct at_recognition){.survey_id = s3,
                                .ticket_id = t3.id,
                                .agent_id = f->maya,
                                .comment = "Patient and clear",
                                .csat = 5,
                                .created_at = 3000};
    assert_int_equal(st->surveys->recognition_add(st, &r, &g3), 0);

    /* everyone's, newest first, with the agent and the ticket */
    assert_int_equal(st->surveys->recognition_list(st, 0, 0, INT64_MAX, 10, &f->arena, &list, &n),
                     0);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, g3);
    assert_int_equal(list[1].id, g2);
    assert_int_equal(list[2].id, g1);
    assert_int_equal(list[2].survey_id, s1);
    assert_int_equal(list[2].ticket_id, t1.id);
    assert_int_equal(list[2].agent_id, f->maya);
    assert_string_equal(list[2].comment, "Maya was wonderful"); /* not the refused second */
    assert_int_equal(list[2].csat, 5);
    assert_int_equal(list[2].created_at, 1000);
    assert_string_equal(list[2].agent_name, "Maya");
    assert_int_equal(list[2].ticket_number, t1.number);
    assert_string_equal(list[2].ticket_subject, "Setup help");
    assert_string_equal(list[1].agent_name, "Omar");
    assert_string_equal(list[1].ticket_subject, "Refund");

    /* one agent's */
    assert_int_equal(
        st->surveys->recognition_list(st, f->maya, 0, INT64_MAX, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, g3);
    assert_int_equal(list[1].id, g1);
    assert_int_equal(
        st->surveys->recognition_list(st, f->omar, 0, INT64_MAX, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, g2);

    /* [from, to): from included, to excluded */
    assert_int_equal(st->surveys->recognition_list(st, 0, 1000, 3000, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, g2);
    assert_int_equal(list[1].id, g1);
    assert_int_equal(st->surveys->recognition_list(st, 0, 1001, 3001, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, g3);
    assert_int_equal(list[1].id, g2);
    assert_int_equal(
        st->surveys->recognition_list(st, f->maya, 1001, 3000, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);

    /* at most `limit`, the newest */
    assert_int_equal(st->surveys->recognition_list(st, 0, 0, INT64_MAX, 1, &f->arena, &list, &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, g3);
}

/* The figures of one group, in the order of struct at_survey_stats. */
struct figures {
    int64_t sent, answered;
    int64_t csat_n, csat_sum, csat_satisfied;
    int64_t understood_n, understood_sum, understood_yes;
    int64_t effort_n, effort_sum;
    int64_t nps_n, promoters, passives, detractors;
};

static void assert_figures(const struct at_survey_stats *g, struct figures want)
{
    assert_int_equal(g->sent, want.sent);
    assert_int_equal(g->answered, want.answered);
    assert_int_equal(g->csat_n, want.csat_n);
    assert_int_equal(g->csat_sum, want.csat_sum);
    assert_int_equal(g->csat_satisfied, want.csat_satisfied);
    assert_int_equal(g->understood_n, want.understood_n);
    assert_int_equal(g->understood_sum, want.understood_sum);
    assert_int_equal(g->understood_yes, want.understood_yes);
    assert_int_equal(g->effort_n, want.effort_n);
    assert_int_equal(g->effort_sum, want.effort_sum);
    assert_int_equal(g->nps_n, want.nps_n);
    assert_int_equal(g->promoters, want.promoters);
    assert_int_equal(g->passives, want.passives);
    assert_int_equal(g->detractors, want.detractors);
}

static void test_results_by_agent_and_by_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_ticket t1, t2, t3;
    struct at_survey_stats *g;
    int64_t s;
    size_t n, im, io;

    /* Omar's ticket first, so ids of tickets and surveys do not follow the agents' ids */
    add_ticket(f, "Dead pixel", f->other, f->omar, &t3);
    add_ticket(f, "Wrong size", f->customer, f->maya, &t1);
    add_ticket(f, "Slow app", f->customer, f->maya, &t2);

    s = add_survey(f, t3.id, f->other, f->omar, true, 1500, "o1");
    answer(f, s, 4, 4, 3, 7, 1600); /* satisfied, understood, passive: the lowest of each */
    add_survey(f, t3.id, f->other, f->omar, false, 1700, "o2"); /* never answered */
    /* t2's survey before t1's, so the order of surveys is not the order of tickets */
    s = add_survey(f, t2.id, f->customer, f->maya, true, 1200, "m2");
    answer(f, s, 3, 3, 6, 6, 1300); /* neither satisfied nor understood; a detractor */
    s = add_survey(f, t1.id, f->customer, f->maya, true, 1000, "m1");
    answer(f, s, 5, 5, 2, 9, 1100); /* satisfied, understood, a promoter */
    /* outside [1000, 2000): just before, and at the end */
    s = add_survey(f, t1.id, f->customer, f->maya, true, 999, "m0");
    answer(f, s, 1, 1, 7, 0, 1000);
    s = add_survey(f, t2.id, f->customer, f->maya, true, 2000, "m3");
    answer(f, s, 1, 1, 7, 0, 2100);

    assert_int_equal(st->surveys->survey_results(st, "agent", 1000, 2000, 0, &f->arena, &g, &n), 0);
    assert_int_equal(n, 2);
    /* ordered by key, the agent's id */
    im = f->maya < f->omar ? 0 : 1;
    io = 1 - im;
    assert_string_equal(g[im].key, id_text(f, f->maya));
    assert_string_equal(g[im].label, "Maya");
    assert_figures(&g[im], (struct figures){.sent = 2,
                                            .answered = 2,
                                            .csat_n = 2,
                                            .csat_sum = 8,
                                            .csat_satisfied = 1,
                                            .understood_n = 2,
                                            .understood_sum = 8,
                                            .understood_yes = 1,
                                            .effort_n = 2,
                                            .effort_sum = 8,
                                            .nps_n = 2,
                                            .promoters = 1,
                                            .passives = 0,
                                            .detractors = 1});
    assert_string_equal(g[io].key, id_text(f, f->omar));
    assert_string_equal(g[io].label, "Omar");
    assert_figures(&g[io], (struct figures){.sent = 2,
                                            .answered = 1,
                                            .csat_n = 1,
                                            .csat_sum = 4,
                                            .csat_satisfied = 1,
                                            .understood_n = 1,
                                            .understood_sum = 4,
                                            .understood_yes = 1,
                                            .effort_n = 1,
                                            .effort_sum = 3,
                                            .nps_n = 1,
                                            .promoters = 0,
                                            .passives = 1,
                                            .detractors = 0});

    /* one agent's only */
    assert_int_equal(
        st->surveys->survey_results(st, "agent", 1000, 2000, f->omar, &f->arena, &g, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].key, id_text(f, f->omar));
    assert_int_equal(g[0].sent, 2);

    /* by ticket, ordered by the ticket's id, labelled "#number subject" */
    assert_int_equal(st->surveys->survey_results(st, "ticket", 1000, 2000, 0, &f->arena, &g, &n),
                     0);
    assert_int_equal(n, 3);
    assert_string_equal(g[0].key, id_text(f, t3.id));
    assert_string_equal(g[0].label,
                        at_arena_printf(&f->arena, "#%lld Dead pixel", (long long)t3.number));
    assert_int_equal(g[0].sent, 2);
    assert_int_equal(g[0].answered, 1);
    assert_string_equal(g[1].key, id_text(f, t1.id));
    assert_string_equal(g[1].label,
                        at_arena_printf(&f->arena, "#%lld Wrong size", (long long)t1.number));
    assert_int_equal(g[1].sent, 1);
    assert_int_equal(g[1].csat_sum, 5);
    assert_int_equal(g[1].promoters, 1);
    assert_int_equal(g[1].detractors, 0);
    assert_string_equal(g[2].key, id_text(f, t2.id));
    assert_int_equal(g[2].sent, 1);
    assert_int_equal(g[2].detractors, 1);
    assert_int_equal(
        st->surveys->survey_results(st, "ticket", 1000, 2000, f->maya, &f->arena, &g, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(g[0].key, id_text(f, t1.id));
    assert_string_equal(g[1].key, id_text(f, t2.id));

    /* a period with no surveys sent */
    assert_int_equal(st->surveys->survey_results(st, "agent", 5000, 6000, 0, &f->arena, &g, &n), 0);
    assert_int_equal(n, 0);
}

/*
 * Periods. store.h names no time zone for them; the surveys here are sent at
 * noon UTC, so a day, week or month is the same one in any zone within eleven
 * hours of UTC.
 */
/* "all": one row for a period, the edges of [from, to) kept, none for a period without surveys */
static void test_results_for_a_whole_period(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    int64_t maya = add_ticket(f, "Maya's", f->customer, f->maya, NULL);
    int64_t omar = add_ticket(f, "Omar's", f->other, f->omar, NULL);
    int64_t from = NOV_29, to = DEC_07;
    struct at_survey_stats *g;
    int64_t s;
    size_t n;

    s = add_survey(f, omar, f->other, f->omar, false, NOV_29, "n29");
    answer(f, s, 3, 3, 4, -1, NOV_29 + 1000);
    add_survey(f, maya, f->customer, f->maya, false, DEC_01, "d1");
    s = add_survey(f, maya, f->customer, f->maya, false, DEC_06, "d6");
    answer(f, s, 5, 5, 1, 10, DEC_06 + 1000);
    add_survey(f, maya, f->customer, f->maya, false, NOV_29 - 1, "just before");
    add_survey(f, maya, f->customer, f->maya, false, DEC_07, "at the end: outside");

    assert_int_equal(st->surveys->survey_results(st, "all", from, to, 0, &f->arena, &g, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].key, "");
    assert_string_equal(g[0].label, "");
    assert_int_equal(g[0].sent, 3);
    assert_int_equal(g[0].answered, 2);
    assert_int_equal(g[0].csat_n, 2);
    assert_int_equal(g[0].csat_sum, 8);
    assert_int_equal(g[0].csat_satisfied, 1);
    assert_int_equal(g[0].understood_yes, 1);
    assert_int_equal(g[0].effort_sum, 5);
    assert_int_equal(g[0].nps_n, 1);
    assert_int_equal(g[0].promoters, 1);
    /* one agent's */
    assert_int_equal(st->surveys->survey_results(st, "all", from, to, f->omar, &f->arena, &g, &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].sent, 1);
    assert_int_equal(g[0].csat_sum, 3);
    /* a period without a survey has no row */
    assert_int_equal(
        st->surveys->survey_results(st, "all", DEC_01 + 1, DEC_06, 0, &f->arena, &g, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        st->surveys->survey_results(st, "all", DEC_01, DEC_01 + 1, 0, &f->arena, &g, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].sent, 1);
    /* groupings a store does not know */
    assert_int_not_equal(st->surveys->survey_results(st, "day", from, to, 0, &f->arena, &g, &n), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_survey_by_token_and_by_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_another_link_finds_the_same_survey, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_survey_answer_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_nps_last, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_once_per_survey_listed_and_done, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_recognition_once_per_survey_filtered_by_agent_and_time,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_results_by_agent_and_by_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results_for_a_whole_period, setup, teardown),
    };

    return cmocka_run_group_tests_name("store surveys", tests, NULL, NULL);
}
