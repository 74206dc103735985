/* Surveys after a solve: sending, the link, answers, NPS, recovery, recognition, results. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "desk/desk.h"
#include "desk/jobs.h"
#include "desk/outbound.h"
#include "desk/survey.h"
#include "jobs/jobs.h"
#include "text/text.h"

#define MINUTE (60LL * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

static struct at_text_engine *engine;

/* A mailer that keeps what it was given to send. */
#define MAIL_MAX 32
struct sent_mail {
    char to[128];
    char subject[256];
    char text[4096];
};
struct recorder {
    struct sent_mail mail[MAIL_MAX];
    size_t n;
};

static int record_send(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    struct recorder *r = ctx;

    (void)e;
    assert_true(r->n < MAIL_MAX);
    snprintf(r->mail[r->n].to, sizeof(r->mail[r->n].to), "%s", m->to);
    snprintf(r->mail[r->n].subject, sizeof(r->mail[r->n].subject), "%s", m->subject);
    snprintf(r->mail[r->n].text, sizeof(r->mail[r->n].text), "%s", m->text);
    r->n++;
    return 0;
}

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct recorder rec;
    struct at_mailer mailer;
    struct at_actor agent, agent2, lead, customer;
    int64_t ticket;
};

static int group_setup(void **state)
{
    struct at_errinfo e = {0};

    (void)state;
    engine = at_text_load(NULL, &e);
    return engine ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    at_text_free(engine);
    return 0;
}

static void assign(struct fixture *f, int64_t ticket, const struct at_actor *agent)
{
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = agent->user_id};

    assert_int_equal(at_desk_ticket_update(&f->d, agent, ticket, &ch, &f->arena, NULL, NULL), 0);
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Printer on fire", .body = "Help, it is on fire"};
    struct at_survey_settings s = {.after_solve = true, .delay_ms = 60 * MINUTE};
    struct at_ticket t;

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena,
                    1800000000000LL); /* Friday 2027-01-15 08:00 UTC */
    f->d.text = engine;
    f->mailer = (struct at_mailer){.send = record_send,
                                   .ctx = &f->rec,
                                   .from = "help@example.com",
                                   .from_name = "Example Help",
                                   .domain = "example.com"};
    f->d.mailer = &f->mailer;
    snprintf(s.base_url, sizeof(s.base_url), "https://help.example.com/");
    f->d.survey = s;
    test_actor_add(&f->d, &at_actor_system, &f->arena, "maya@example.com", "Maya Lind",
                   AT_ROLE_AGENT, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "omar@example.com", "Omar Said",
                   AT_ROLE_AGENT, &f->agent2);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "sam@example.com", "Sam Lead", AT_ROLE_LEAD,
                   &f->lead);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.com", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->customer);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->customer, &nt, &f->arena, &t, NULL), 0);
    f->ticket = t.id;
    assign(f, t.id, &f->agent);
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

static void solve(struct fixture *f, int64_t ticket, const struct at_actor *agent)
{
    enum at_status solved = AT_STATUS_SOLVED;

    assert_int_equal(at_desk_message_add(&f->d, agent, ticket, "Fixed: new fuse.", AT_VIS_PUBLIC,
                                         &solved, &f->arena, NULL, NULL),
                     0);
}

static size_t run_jobs(struct fixture *f)
{
    size_t ran = 0, failed = 0;

    assert_int_equal(at_jobs_run(&f->d, 100, &ran, &failed), 0);
    assert_int_equal(failed, 0);
    return ran;
}

/* The survey mails sent so far, and the token of the last one. */
static size_t survey_mails(struct fixture *f, char token[AT_SURVEY_TOKEN_HEX + 1])
{
    size_t n = 0;

    for (size_t i = 0; i < f->rec.n; i++) {
        const char *p = strstr(f->rec.mail[i].text, "https://help.example.com/survey/");

        if (!p)
            continue;
        n++;
        if (token)
            snprintf(token, AT_SURVEY_TOKEN_HEX + 1, "%s",
                     p + strlen("https://help.example.com/survey/"));
    }
    return n;
}

/* Solves the fixture's ticket and runs the survey job an hour later; returns the link's token. */
static void solve_and_survey(struct fixture *f, char token[AT_SURVEY_TOKEN_HEX + 1])
{
    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, 61 * MINUTE);
    run_jobs(f);
    assert_int_equal(survey_mails(f, token), 1);
}

static struct at_survey_answer answer(int csat, int understood, int effort, const char *comment)
{
    return (struct at_survey_answer){.has_csat = true,
                                     .has_understood = true,
                                     .has_effort = true,
                                     .csat = csat,
                                     .understood = understood,
                                     .effort = effort,
                                     .comment = comment};
}

static void test_solve_sends_one_survey_an_hour_later(void **state)
{
    struct fixture *f = *state;
    struct at_survey_view v;
    struct at_job *jobs;
    size_t n, mail_jobs = 0;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, 59 * MINUTE);
    run_jobs(f);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &v.survey),
                     AT_ENOTFOUND);
    at_clock_advance(&f->clock, 2 * MINUTE);
    /* the survey job, then the mail it queued */
    assert_int_equal(run_jobs(f), 2);
    assert_int_equal(f->st->jobs->job_list(f->st, -1, 50, &f->arena, &jobs, &n), 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(jobs[i].kind, "mail_out") == 0 && strstr(jobs[i].payload, "/survey/"))
            mail_jobs++;
    assert_int_equal(mail_jobs, 1);
    assert_int_equal(survey_mails(f, token), 1);
    assert_int_equal(strlen(token), AT_SURVEY_TOKEN_HEX);
    assert_string_equal(f->rec.mail[f->rec.n - 1].to, "lena@example.com");
    assert_non_null(strstr(f->rec.mail[f->rec.n - 1].text, "Hi Lena"));
    assert_non_null(strstr(f->rec.mail[f->rec.n - 1].text, "Printer on fire"));
    /* the link shows the survey; only its hash is stored */
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.state, AT_SURVEY_OPEN);
    assert_true(v.survey.nps_asked);
    assert_int_equal(v.survey.agent_id, f->agent.user_id);
    assert_string_equal(v.survey.ticket_subject, "Printer on fire");
    /* nothing runs twice */
    at_clock_advance(&f->clock, DAY);
    run_jobs(f);
    assert_int_equal(survey_mails(f, NULL), 1);
}

static void test_opening_the_link_never_answers(void **state)
{
    struct fixture *f = *state;
    struct at_survey_view v;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    for (int i = 0; i < 3; i++)
        assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.answered_at, 0);
    assert_int_equal(v.survey.csat, 0);
    assert_int_equal(v.state, AT_SURVEY_OPEN);
}

static void test_reopened_ticket_gets_no_survey(void **state)
{
    struct fixture *f = *state;
    struct at_survey s;

    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, 10 * MINUTE);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, f->ticket, "It's back!",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, NULL),
                     0);
    at_clock_advance(&f->clock, 2 * HOUR);
    run_jobs(f);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &s),
                     AT_ENOTFOUND);
    assert_int_equal(survey_mails(f, NULL), 0);
}

static void test_solved_again_gets_no_second_survey_while_one_is_open(void **state)
{
    struct fixture *f = *state;
    struct at_survey first, again;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &first), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->customer, f->ticket, "Still smoking",
                                         AT_VIS_PUBLIC, NULL, &f->arena, NULL, NULL),
                     0);
    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, 2 * HOUR);
    run_jobs(f);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &again), 0);
    assert_int_equal(again.id, first.id);
    assert_int_equal(survey_mails(f, NULL), 1);
}

static void test_answer_can_be_changed_for_a_day_then_is_final(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(4, 4, 6, "");
    struct at_survey_view v;
    struct at_errinfo e = {0};
    char token[AT_SURVEY_TOKEN_HEX + 1];
    int64_t first;

    solve_and_survey(f, token);
    a.has_nps = true;
    a.nps = 9;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), 0);
    assert_int_equal(v.state, AT_SURVEY_EDITABLE);
    first = v.survey.answered_at;
    assert_true(first > 0);
    at_clock_advance(&f->clock, 20 * HOUR);
    a.csat = 5;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), 0);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.csat, 5);
    assert_int_equal(v.survey.nps, 9);
    assert_int_equal(v.survey.answered_at, first); /* the first answer's time stays */
    assert_int_equal(v.edit_until, first + DAY);
    at_clock_advance(&f->clock, 4 * HOUR);
    a.csat = 1;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), AT_ESTATE);
    assert_int_equal(v.state, AT_SURVEY_CLOSED);
    assert_non_null(strstr(e.msg, "final"));
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.csat, 5);
    assert_int_equal(v.state, AT_SURVEY_CLOSED);
}

static void test_links_expire_after_14_days(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(4, 4, 6, NULL);
    struct at_survey_view v;
    struct at_errinfo e = {0};
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    at_clock_advance(&f->clock, 14 * DAY - MINUTE);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    at_clock_advance(&f->clock, 2 * MINUTE);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, &e), AT_ESTATE);
    assert_int_equal(v.state, AT_SURVEY_EXPIRED);
    assert_non_null(strstr(e.msg, "14 days"));
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), AT_ESTATE);
    assert_int_equal(v.state, AT_SURVEY_EXPIRED);
    assert_int_equal(v.survey.answered_at, 0);
}

static void test_malformed_and_unknown_tokens(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(4, 4, 6, NULL);
    struct at_survey_view v;
    char token[AT_SURVEY_TOKEN_HEX + 1], upper[AT_SURVEY_TOKEN_HEX + 1];
    char unknown[AT_SURVEY_TOKEN_HEX + 1];
    const char *bad[] = {"", "abc", "../../etc/passwd", NULL};

    solve_and_survey(f, token);
    for (size_t i = 0; i < AT_SURVEY_TOKEN_HEX; i++) {
        upper[i] = (token[i] >= 'a' && token[i] <= 'f') ? (char)(token[i] - 32) : 'A';
        unknown[i] = token[i] == '0' ? '1' : '0';
    }
    upper[AT_SURVEY_TOKEN_HEX] = unknown[AT_SURVEY_TOKEN_HEX] = '\0';
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct at_errinfo e = {0};

        assert_int_equal(at_desk_survey_open(&f->d, bad[i], &f->arena, &v, &e), AT_ENOTFOUND);
        assert_string_equal(e.field, "token");
        assert_int_equal(at_desk_survey_answer(&f->d, bad[i], &a, &f->arena, &v, &e), AT_ENOTFOUND);
    }
    assert_int_equal(at_desk_survey_open(&f->d, upper, &f->arena, &v, NULL), AT_ENOTFOUND);
    assert_int_equal(at_desk_survey_open(&f->d, unknown, &f->arena, &v, NULL), AT_ENOTFOUND);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.answered_at, 0);
}

static void test_answers_out_of_range_name_the_field_and_store_nothing(void **state)
{
    struct fixture *f = *state;
    struct at_survey_view v;
    char token[AT_SURVEY_TOKEN_HEX + 1], long_comment[AT_SURVEY_COMMENT_MAX + 2];
    struct {
        struct at_survey_answer a;
        const char *field;
    } cases[] = {
        {answer(0, 4, 4, NULL), "csat"},
        {answer(6, 4, 4, NULL), "csat"},
        {answer(4, 0, 4, NULL), "understood"},
        {answer(4, 6, 4, NULL), "understood"},
        {answer(4, 4, 0, NULL), "effort"},
        {answer(4, 4, 8, NULL), "effort"},
        {answer(4, 4, 4, long_comment), "comment"},
        {answer(4, 4, 4, "\xff\xfe"), "comment"},
    };
    struct at_survey_answer missing = answer(4, 4, 4, NULL), nps = answer(4, 4, 4, NULL);

    memset(long_comment, 'a', sizeof(long_comment) - 1);
    long_comment[sizeof(long_comment) - 1] = '\0';
    solve_and_survey(f, token);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct at_errinfo e = {0};

        assert_int_not_equal(at_desk_survey_answer(&f->d, token, &cases[i].a, &f->arena, &v, &e),
                             0);
        assert_string_equal(e.field, cases[i].field);
    }
    {
        struct at_errinfo e = {0};

        missing.has_understood = false;
        assert_int_equal(at_desk_survey_answer(&f->d, token, &missing, &f->arena, &v, &e),
                         AT_EINVAL);
        assert_string_equal(e.field, "understood");
        assert_non_null(strstr(e.msg, "required"));
        nps.has_nps = true;
        nps.nps = 11;
        assert_int_equal(at_desk_survey_answer(&f->d, token, &nps, &f->arena, &v, &e), AT_EINVAL);
        assert_string_equal(e.field, "nps");
    }
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.answered_at, 0);
    assert_int_equal(v.state, AT_SURVEY_OPEN);
}

/* Opens a ticket for `email`, assigns it, solves it and runs its survey; returns the token. */
static int64_t surveyed_ticket(struct fixture *f, const char *email, const struct at_actor *agent,
                               char token[AT_SURVEY_TOKEN_HEX + 1])
{
    struct at_new_ticket nt = {.subject = "Login loop",
                               .body = "I cannot sign in",
                               .customer_email = email,
                               .customer_name = "Kim Lee"};
    struct at_ticket t;
    size_t before = survey_mails(f, NULL);

    assert_int_equal(at_desk_ticket_create(&f->d, agent, &nt, &f->arena, &t, NULL), 0);
    assign(f, t.id, agent);
    solve(f, t.id, agent);
    at_clock_advance(&f->clock, 61 * MINUTE);
    run_jobs(f);
    assert_int_equal(survey_mails(f, token), before + 1);
    return t.id;
}

static void test_nps_is_asked_at_most_once_in_90_days(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(4, 4, 5, NULL);
    struct at_survey_view v;
    struct at_errinfo e = {0};
    char token[AT_SURVEY_TOKEN_HEX + 1];

    surveyed_ticket(f, "kim@example.org", &f->agent, token);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_true(v.survey.nps_asked);
    at_clock_advance(&f->clock, 10 * DAY);
    surveyed_ticket(f, "kim@example.org", &f->agent, token);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_false(v.survey.nps_asked);
    a.has_nps = true;
    a.nps = 8;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), AT_EINVAL);
    assert_string_equal(e.field, "nps");
    a.has_nps = false;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), 0);
    assert_int_equal(v.survey.nps, -1);
    /* another customer is asked, and so is this one once 90 days have passed */
    surveyed_ticket(f, "jo@example.org", &f->agent, token);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_true(v.survey.nps_asked);
    at_clock_advance(&f->clock, 80 * DAY);
    surveyed_ticket(f, "kim@example.org", &f->agent, token);
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_true(v.survey.nps_asked);
}

static const struct at_message *last_note(struct fixture *f, int64_t ticket)
{
    struct at_ticket_detail det;

    assert_int_equal(at_desk_ticket_detail(&f->d, &f->agent, ticket, &f->arena, &det, NULL), 0);
    for (size_t i = det.nmessages; i-- > 0;)
        if (det.messages[i].visibility == AT_VIS_INTERNAL)
            return &det.messages[i];
    return NULL;
}

static void test_poor_answer_opens_a_recovery_task_for_the_leads(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(2, 3, 3, "It took a week.");
    struct at_survey_view v;
    struct at_recovery *tasks;
    struct at_errinfo e = {0};
    const struct at_message *note;
    size_t n, mails_before;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    mails_before = f->rec.n;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), 0);
    assert_int_equal(at_desk_recovery_list(&f->d, &f->lead, &f->arena, &tasks, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(tasks[0].reason, "csat 2");
    assert_int_equal(tasks[0].ticket_id, f->ticket);
    assert_int_equal(tasks[0].survey.csat, 2);
    assert_string_equal(tasks[0].survey.comment, "It took a week.");
    assert_string_equal(tasks[0].survey.customer_name, "Lena Park");
    /* the agent sees it on the ticket */
    note = last_note(f, f->ticket);
    assert_non_null(note);
    assert_non_null(strstr(note->body, "poor answer (csat 2)"));
    /* the leads get a mail */
    run_jobs(f);
    assert_int_equal(f->rec.n, mails_before + 1);
    assert_string_equal(f->rec.mail[f->rec.n - 1].to, "sam@example.com");
    assert_non_null(strstr(f->rec.mail[f->rec.n - 1].subject, "Recovery"));
    /* editing the answer within the day makes no second task */
    a.csat = 1;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, &e), 0);
    assert_int_equal(at_desk_recovery_list(&f->d, &f->lead, &f->arena, &tasks, &n, &e), 0);
    assert_int_equal(n, 1);
    /* only leads and admins work the tasks */
    assert_int_equal(at_desk_recovery_list(&f->d, &f->agent, &f->arena, &tasks, &n, &e), AT_EPERM);
    assert_int_equal(at_desk_recovery_done(&f->d, &f->lead, tasks[0].id, "  ", &f->arena, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "note");
    assert_int_equal(at_desk_recovery_done(&f->d, &f->lead, tasks[0].id,
                                           "Called Lena; refunded the fuse.", &f->arena, &e),
                     0);
    assert_int_equal(at_desk_recovery_done(&f->d, &f->lead, tasks[0].id, "again", &f->arena, &e),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_recovery_list(&f->d, &f->lead, &f->arena, &tasks, &n, &e), 0);
    assert_int_equal(n, 0);
    note = last_note(f, f->ticket);
    assert_non_null(strstr(note->body, "refunded the fuse"));
}

static void test_negative_comment_alone_opens_a_recovery_task(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a = answer(4, 3, 4, "Nobody listened to me, this was useless");
    struct at_survey_view v;
    struct at_recovery *tasks;
    struct at_recognition *praise;
    size_t n;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a, &f->arena, &v, NULL), 0);
    assert_string_equal(v.survey.comment_reading, "negative");
    assert_int_equal(at_desk_recovery_list(&f->d, &f->lead, &f->arena, &tasks, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(tasks[0].reason, "negative comment");
    assert_int_equal(
        at_desk_recognition_list(&f->d, &f->lead, 0, 0, 0, &f->arena, &praise, &n, NULL), 0);
    assert_int_equal(n, 0);
}

static void test_praise_is_kept_as_recognition_for_the_agent(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer warm = answer(4, 5, 6, "Thank you so much, Maya was wonderful!");
    struct at_survey_answer five = answer(5, 5, 7, "The answer came fast");
    struct at_survey_answer silent = answer(5, 5, 7, NULL);
    struct at_survey_view v;
    struct at_recognition *praise;
    struct at_recovery *tasks;
    size_t n;
    int64_t between;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    solve_and_survey(f, token);
    assert_int_equal(at_desk_survey_answer(&f->d, token, &warm, &f->arena, &v, NULL), 0);
    assert_string_equal(v.survey.comment_reading, "positive");
    at_clock_advance(&f->clock, 2 * DAY);
    between = at_clock_now(&f->clock);
    surveyed_ticket(f, "jo@example.org", &f->agent2, token);
    assert_int_equal(at_desk_survey_answer(&f->d, token, &five, &f->arena, &v, NULL), 0);
    surveyed_ticket(f, "ann@example.org", &f->agent2, token);
    assert_int_equal(at_desk_survey_answer(&f->d, token, &silent, &f->arena, &v, NULL), 0);

    assert_int_equal(at_desk_recognition_list(&f->d, &f->agent, f->agent.user_id, 0, 0, &f->arena,
                                              &praise, &n, NULL),
                     0);
    assert_int_equal(n, 1);
    assert_string_equal(praise[0].comment, "Thank you so much, Maya was wonderful!");
    assert_string_equal(praise[0].agent_name, "Maya Lind");
    assert_int_equal(praise[0].ticket_id, f->ticket);
    assert_int_equal(at_desk_recognition_list(&f->d, &f->agent, f->agent2.user_id, 0, 0, &f->arena,
                                              &praise, &n, NULL),
                     0);
    assert_int_equal(n, 1); /* CSAT 5 with a comment; CSAT 5 without one is not recognition */
    assert_string_equal(praise[0].comment, "The answer came fast");
    assert_int_equal(
        at_desk_recognition_list(&f->d, &f->lead, 0, 0, 0, &f->arena, &praise, &n, NULL), 0);
    assert_int_equal(n, 2);
    /* a period: since `between` only the later praise, before it only the first */
    assert_int_equal(
        at_desk_recognition_list(&f->d, &f->lead, 0, between, 0, &f->arena, &praise, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(praise[0].comment, "The answer came fast");
    assert_int_equal(
        at_desk_recognition_list(&f->d, &f->lead, 0, 0, between, &f->arena, &praise, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(praise[0].comment, "Thank you so much, Maya was wonderful!");
    assert_int_equal(at_desk_recognition_list(&f->d, &f->lead, 0, between, between, &f->arena,
                                              &praise, &n, NULL),
                     AT_EINVAL);
    assert_int_equal(
        at_desk_recognition_list(&f->d, &f->customer, 0, 0, 0, &f->arena, &praise, &n, NULL),
        AT_EPERM);
    assert_int_equal(at_desk_recovery_list(&f->d, &f->lead, &f->arena, &tasks, &n, NULL), 0);
    assert_int_equal(n, 0);
}

static const struct at_survey_stats *row(const struct at_survey_stats *list, size_t n,
                                         const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].key, key) == 0)
            return &list[i];
    fail_msg("no results row %s", key);
    return NULL;
}

static void test_results_per_agent_and_period(void **state)
{
    struct fixture *f = *state;
    struct at_survey_answer a1 = answer(5, 5, 7, NULL), a2 = answer(3, 4, 4, NULL);
    struct at_survey_answer a3 = answer(1, 2, 1, NULL);
    struct at_survey_view v;
    struct at_survey_stats *list;
    const struct at_survey_stats *g;
    struct at_survey_query q = {.group = "agent"};
    struct at_errinfo e = {0};
    char maya_key[24], omar_key[24], token[AT_SURVEY_TOKEN_HEX + 1];
    int64_t start = at_clock_now(&f->clock);
    size_t n;

    /* Maya: two of three answered; Omar: one of one, a week later */
    surveyed_ticket(f, "a@example.org", &f->agent, token);
    a1.has_nps = true;
    a1.nps = 10;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a1, &f->arena, &v, NULL), 0);
    surveyed_ticket(f, "b@example.org", &f->agent, token);
    a2.has_nps = true;
    a2.nps = 7;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a2, &f->arena, &v, NULL), 0);
    surveyed_ticket(f, "c@example.org", &f->agent, token);
    at_clock_advance(&f->clock, 7 * DAY);
    surveyed_ticket(f, "d@example.org", &f->agent2, token);
    a3.has_nps = true;
    a3.nps = 0;
    assert_int_equal(at_desk_survey_answer(&f->d, token, &a3, &f->arena, &v, NULL), 0);

    snprintf(maya_key, sizeof(maya_key), "%lld", (long long)f->agent.user_id);
    snprintf(omar_key, sizeof(omar_key), "%lld", (long long)f->agent2.user_id);
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    g = row(list, n, maya_key);
    assert_string_equal(g->label, "Maya Lind");
    assert_int_equal(g->sent, 3);
    assert_int_equal(g->answered, 2);
    assert_int_equal(g->csat_n, 2);
    assert_int_equal(g->csat_sum, 8);
    assert_int_equal(g->csat_satisfied, 1);
    assert_int_equal(g->understood_sum, 9);
    assert_int_equal(g->understood_yes, 2);
    assert_int_equal(g->effort_n, 2);
    assert_int_equal(g->effort_sum, 11);
    assert_int_equal(g->nps_n, 2);
    assert_int_equal(g->promoters, 1);
    assert_int_equal(g->passives, 1);
    assert_int_equal(g->detractors, 0);
    g = row(list, n, omar_key);
    assert_int_equal(g->sent, 1);
    assert_int_equal(g->csat_satisfied, 0);
    assert_int_equal(g->understood_yes, 0);
    assert_int_equal(g->detractors, 1);

    /* by week: Friday 15 January is in the week of Monday the 11th, a week later the 18th */
    q.group = "week";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(row(list, n, "2027-01-11")->sent, 3);
    assert_int_equal(row(list, n, "2027-01-18")->sent, 1);
    q.group = "month";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(row(list, n, "2027-01")->answered, 3);
    q.group = "day";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    /* a period: only the first days */
    q.group = "ticket";
    q.from = start;
    q.to = start + DAY;
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_non_null(strstr(list[0].label, "Login loop"));

    /* an agent sees their own figures only */
    q = (struct at_survey_query){.group = "agent"};
    assert_int_equal(at_desk_survey_results(&f->d, &f->agent2, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, omar_key);
    q.agent_id = f->agent.user_id;
    assert_int_equal(at_desk_survey_results(&f->d, &f->agent2, &q, &f->arena, &list, &n, &e),
                     AT_EPERM);
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, maya_key);
    q.group = "year";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "group");
}

/* Days and weeks are the desk's, in its time zone: late on a Sunday in UTC is Monday in Berlin. */
static void test_results_by_period_follow_the_desks_time_zone(void **state)
{
    struct fixture *f = *state;
    struct at_survey_query q = {.group = "day"};
    struct at_survey_stats *list;
    struct at_errinfo e = {0};
    char token[AT_SURVEY_TOKEN_HEX + 1];
    size_t n;

    /* Friday 08:00 UTC to Sunday 2027-01-17 22:29 UTC; the survey goes out 61 minutes later */
    at_clock_advance(&f->clock, 2 * DAY + 14 * 60 * MINUTE + 29 * MINUTE);
    surveyed_ticket(f, "late@example.org", &f->agent, token);
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, "2027-01-17");
    q.group = "week";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_string_equal(list[0].key, "2027-01-11");
    snprintf(f->d.time_zone, sizeof(f->d.time_zone), "Europe/Berlin");
    q.group = "day";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, "2027-01-18");
    assert_string_equal(list[0].label, "2027-01-18");
    assert_int_equal(list[0].sent, 1);
    q.group = "week";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_string_equal(list[0].key, "2027-01-18");
    q.group = "month";
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e), 0);
    assert_string_equal(list[0].key, "2027-01");
    /* a zone that does not exist says so */
    snprintf(f->d.time_zone, sizeof(f->d.time_zone), "Mars/Olympus_Mons");
    assert_int_equal(at_desk_survey_results(&f->d, &f->lead, &q, &f->arena, &list, &n, &e),
                     AT_EINVAL);
    assert_string_equal(e.field, "time_zone");
}

static void test_portal_link_is_a_second_way_in(void **state)
{
    struct fixture *f = *state;
    struct at_survey_view v;
    struct at_errinfo e = {0};
    const char *portal;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    assert_int_equal(at_desk_survey_link(&f->d, &f->customer, f->ticket, &f->arena, &portal, &e),
                     AT_ENOTFOUND);
    solve_and_survey(f, token);
    assert_int_equal(at_desk_survey_link(&f->d, &f->agent, f->ticket, &f->arena, &portal, &e),
                     AT_EPERM);
    assert_int_equal(at_desk_survey_link(&f->d, &f->customer, f->ticket, &f->arena, &portal, &e),
                     0);
    assert_string_not_equal(portal, token);
    assert_int_equal(at_desk_survey_open(&f->d, portal, &f->arena, &v, NULL), 0);
    /* both links lead to the same survey: an answer through one shows through the other */
    {
        struct at_survey_answer a = answer(5, 5, 7, NULL);

        assert_int_equal(at_desk_survey_answer(&f->d, portal, &a, &f->arena, &v, NULL), 0);
    }
    assert_int_equal(at_desk_survey_open(&f->d, token, &f->arena, &v, NULL), 0);
    assert_int_equal(v.survey.csat, 5);
    assert_int_equal(at_desk_survey_of_ticket(&f->d, &f->customer, f->ticket, &f->arena, &v, &e),
                     0);
    assert_int_equal(v.state, AT_SURVEY_EDITABLE);
}

static void test_surveys_off_schedules_nothing(void **state)
{
    struct fixture *f = *state;
    struct at_survey_settings off = {.after_solve = false};
    struct at_survey s;

    f->d.survey = off;
    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, DAY);
    run_jobs(f);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &s),
                     AT_ENOTFOUND);
    assert_int_equal(survey_mails(f, NULL), 0);
}

static void test_a_process_without_the_settings_leaves_the_job_for_one_with_them(void **state)
{
    struct fixture *f = *state;
    struct at_survey_settings bare = {.after_solve = true, .delay_ms = 60 * MINUTE};
    struct at_survey_settings full = bare;
    struct at_survey s;
    size_t ran, failed;
    char token[AT_SURVEY_TOKEN_HEX + 1];

    f->d.survey = bare; /* no base_url: no link can be written */
    solve(f, f->ticket, &f->agent);
    at_clock_advance(&f->clock, 61 * MINUTE);
    assert_int_equal(at_jobs_run(&f->d, 100, &ran, &failed), 0);
    assert_int_equal(failed, 1);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &s),
                     AT_ENOTFOUND);
    assert_int_equal(survey_mails(f, NULL), 0);
    snprintf(full.base_url, sizeof(full.base_url), "https://help.example.com");
    f->d.survey = full;
    at_clock_advance(&f->clock, 5 * MINUTE);
    run_jobs(f);
    assert_int_equal(survey_mails(f, token), 1);
    assert_int_equal(f->st->surveys->survey_by_ticket(f->st, f->ticket, &f->arena, &s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_solve_sends_one_survey_an_hour_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_opening_the_link_never_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopened_ticket_gets_no_survey, setup, teardown),
        cmocka_unit_test_setup_teardown(test_solved_again_gets_no_second_survey_while_one_is_open,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_answer_can_be_changed_for_a_day_then_is_final, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_links_expire_after_14_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_and_unknown_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answers_out_of_range_name_the_field_and_store_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_nps_is_asked_at_most_once_in_90_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poor_answer_opens_a_recovery_task_for_the_leads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_negative_comment_alone_opens_a_recovery_task, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_praise_is_kept_as_recognition_for_the_agent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_results_per_agent_and_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results_by_period_follow_the_desks_time_zone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_portal_link_is_a_second_way_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_surveys_off_schedules_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_process_without_the_settings_leaves_the_job_for_one_with_them, setup, teardown),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
