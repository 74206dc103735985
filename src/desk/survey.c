/* Surveys after a solve: sending, answering, recovery after a poor answer, recognition, results. */
#include "desk/survey.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "core/tz.h"
#include "desk/outbound.h"

#include "core/banned.h"

#define NOTE_MAX      2000
#define RESULTS_SPAN  (366LL * 24 * 3600 * 1000) /* default period when `from` is not given */
#define DEFAULT_SPAN  (30LL * 24 * 3600 * 1000)
#define RECOGNITION_N 200

const char *at_survey_state_name(enum at_survey_state s)
{
    static const char *const names[] = {"open", "editable", "closed", "expired"};

    return (unsigned)s < 4 ? names[s] : "closed";
}

enum at_survey_state at_survey_state_at(const struct at_survey *s, int64_t t)
{
    if (!s->answered_at)
        return t < s->expires_at ? AT_SURVEY_OPEN : AT_SURVEY_EXPIRED;
    return t < s->answered_at + AT_SURVEY_EDIT_MS ? AT_SURVEY_EDITABLE : AT_SURVEY_CLOSED;
}

static void fill_view(struct at_desk *d, const struct at_survey *s, struct at_survey_view *out)
{
    out->survey = *s;
    out->state = at_survey_state_at(s, desk_now(d));
    out->edit_until = s->answered_at ? s->answered_at + AT_SURVEY_EDIT_MS : 0;
}

/* ---- sending ---- */

static int survey_after_solve(struct at_desk *d, const struct at_ticket *t)
{
    const struct at_survey_settings *s = &d->survey;
    char key[64];
    int64_t n;
    int ret;

    if (!s->after_solve)
        return 0;
    /* one survey job per solve: a ticket solved again replaces the one still waiting */
    ret = d->store->jobs->job_cancel(d->store, t->id, "survey", desk_now(d), &n);
    snprintf(key, sizeof(key), "survey:%lld:%lld", (long long)t->id, (long long)t->solved_at);
    if (ret == 0) {
        struct at_job j = {.kind = "survey",
                           .ticket_id = t->id,
                           .payload = "",
                           .run_at = t->solved_at + s->delay_ms,
                           .max_attempts = 5,
                           .dedupe = key,
                           .created_at = desk_now(d)};

        ret = d->store->jobs->job_add(d->store, &j, NULL);
    }
    return ret == AT_ECONFLICT ? 0 : ret;
}

int at_desk_survey_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    int ret;

    (void)e;
    if (!(c->what & AT_TC_SOLVED))
        return 0;
    ret = survey_after_solve(d, c->ticket);
    return ret == AT_ECONFLICT ? 0 : ret;
}

/* A new random token, and its hash as stored. */
static void new_token(char token[AT_SURVEY_TOKEN_HEX + 1], char hash[65])
{
    at_random_hex(token, AT_SURVEY_TOKEN_HEX / 2);
    at_sha256_hex(token, AT_SURVEY_TOKEN_HEX, hash);
}

int at_desk_survey_job(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                       struct at_errinfo *e)
{
    struct at_store *st = d->store;
    const char *base = d->survey.base_url;
    size_t base_len = strlen(base);
    struct at_ticket t;
    struct at_customer c;
    struct at_survey prev, s = {0};
    char token[AT_SURVEY_TOKEN_HEX + 1], hash[65];
    int64_t last_nps = 0, t_now = desk_now(d);
    const char *text;
    int ret;

    /* a process that never read the settings cannot write the link: leave the job for one that
       did (it is retried), rather than mail a link that leads nowhere */
    while (base_len > 0 && base[base_len - 1] == '/')
        base_len--;
    if (!base_len)
        return at_errinfo_set(e, AT_ESTATE, NULL,
                              "survey links need the public_url setting, and this process has not "
                              "read it; attune serve sends surveys");
    ret = st->tickets->ticket_get(st, j->ticket_id, arena, &t);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the survey's ticket cannot be read");
    if (t.status != AT_STATUS_SOLVED)
        return 0; /* reopened or closed meanwhile: nothing to ask */
    ret = st->surveys->survey_by_ticket(st, t.id, arena, &prev);
    if (ret == 0 && t_now < prev.expires_at)
        return 0; /* solved again while its survey is still open: one survey is enough */
    if (ret && ret != AT_ENOTFOUND)
        return at_errinfo_set(e, ret, NULL, "the ticket's surveys cannot be read");
    ret = st->tickets->customer_get(st, t.customer_id, arena, &c);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the ticket's customer cannot be read");
    ret = st->surveys->survey_nps_last(st, c.id, &last_nps);
    if (ret && ret != AT_ENOTFOUND)
        return at_errinfo_set(e, ret, NULL, "the customer's surveys cannot be read");
    s.nps_asked = ret == AT_ENOTFOUND || t_now - last_nps >= AT_SURVEY_NPS_EVERY_MS;
    s.ticket_id = t.id;
    s.customer_id = c.id;
    s.agent_id = t.assignee_id;
    s.created_at = t_now;
    s.expires_at = t_now + AT_SURVEY_TTL_MS;
    new_token(token, hash);
    ret = st->surveys->survey_add(st, &s, hash);
    if (ret == 0)
        ret = st->tickets->event_add(st, &(struct at_event){.ticket_id = t.id,
                                                            .kind = "survey",
                                                            .old_value = "",
                                                            .new_value = "sent",
                                                            .created_at = t_now});
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the survey cannot be stored");
    text = at_arena_printf(
        arena,
        "Hi %s,\n\nyour request \"%s\" (#%lld) was solved. Did we get it right, and did you "
        "feel understood? Four quick questions, under a minute:\n\n%.*s/survey/%s\n\n"
        "The link works for 14 days, and you can change your answer for a day after you "
        "send it.\n\nThank you for telling us.",
        at_first_name(arena, c.preferred_name, c.name), t.subject, (long long)t.number,
        (int)base_len, base, token);
    return at_desk_mail_customer(d, t.id, text, NULL, true, e);
}

/* ---- answering ---- */

static bool token_well_formed(const char *token)
{
    size_t n = token ? strlen(token) : 0;

    if (n != AT_SURVEY_TOKEN_HEX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
            return false;
    return true;
}

static int find_by_token(struct at_desk *d, const char *token, struct at_arena *arena,
                         struct at_survey *out, struct at_errinfo *e)
{
    char hash[65];
    int ret;

    if (!token_well_formed(token))
        return at_errinfo_set(e, AT_ENOTFOUND, "token",
                              "this survey link is not complete; open the whole link from the "
                              "mail, or the survey card in the portal");
    at_sha256_hex(token, strlen(token), hash);
    ret = d->store->surveys->survey_by_token(d->store, hash, arena, out);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "token",
                              "no survey has this link; open the link from the mail again, or "
                              "the survey card in the portal");
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return 0;
}

static int state_error(const struct at_survey_view *v, struct at_errinfo *e)
{
    char when[32];

    if (v->state == AT_SURVEY_EXPIRED) {
        at_time_format(v->survey.expires_at, when, sizeof(when));
        return at_errinfo_set(e, AT_ESTATE, "token",
                              "this survey closed on %.10s: links work for 14 days after they "
                              "are sent; if something is still wrong, reply to the ticket",
                              when);
    }
    at_time_format(v->edit_until, when, sizeof(when));
    return at_errinfo_set(e, AT_ESTATE, "token",
                          "your answer is recorded; it could be changed until %.10s %.5s UTC "
                          "and is final now",
                          when, when + 11);
}

int at_desk_survey_open(struct at_desk *d, const char *token, struct at_arena *arena,
                        struct at_survey_view *out, struct at_errinfo *e)
{
    struct at_survey s;
    int ret = find_by_token(d, token, arena, &s, e);

    if (ret)
        return ret;
    fill_view(d, &s, out);
    return out->state == AT_SURVEY_EXPIRED ? state_error(out, e) : 0;
}

static int check_score(struct at_errinfo *e, const char *field, bool has, int64_t v, int lo, int hi,
                       const char *what)
{
    if (!has)
        return at_errinfo_set(e, AT_EINVAL, field,
                              "%s is required: %s, a whole number from %d to %d", field, what, lo,
                              hi);
    if (v < lo || v > hi)
        return at_errinfo_set(e, AT_EINVAL, field, "%s must be a whole number from %d to %d (%s)",
                              field, lo, hi, what);
    return 0;
}

static int check_answer(const struct at_survey *s, const struct at_survey_answer *a,
                        struct at_errinfo *e)
{
    const char *c = a->comment ? a->comment : "";
    int ret;

    if ((ret = check_score(e, "csat", a->has_csat, a->csat, 1, 5,
                           "how satisfied you are, 5 is best")) ||
        (ret = check_score(e, "understood", a->has_understood, a->understood, 1, 5,
                           "how well you felt understood, 5 is best")) ||
        (ret = check_score(e, "effort", a->has_effort, a->effort, 1, 7,
                           "how easy it was to get help, 7 is easiest")))
        return ret;
    if (a->has_nps && !s->nps_asked)
        return at_errinfo_set(e, AT_EINVAL, "nps",
                              "this survey does not ask how likely you are to recommend us; "
                              "leave nps out");
    if (a->has_nps && (a->nps < 0 || a->nps > 10))
        return at_errinfo_set(e, AT_EINVAL, "nps",
                              "nps must be a whole number from 0 to 10 (how likely you are to "
                              "recommend us)");
    if (strlen(c) > AT_SURVEY_COMMENT_MAX)
        return at_errinfo_set(e, AT_EINVAL, "comment", "comment must be at most %d bytes",
                              AT_SURVEY_COMMENT_MAX);
    if (!at_utf8_valid(c, strlen(c)))
        return at_errinfo_set(e, AT_EUTF8, "comment", "comment must be UTF-8 text");
    return 0;
}

/* How the text engine reads a comment: "negative", "positive", "neutral", or "" without one. */
static const char *read_comment(struct at_desk *d, const char *comment, struct at_arena *arena)
{
    struct at_analysis a;

    if (!d->text || !comment[0] || !at_str_trim(at_str_from(comment)).n)
        return "";
    if (at_text_analyze(d->text, comment, strlen(comment), arena, &a) != 0)
        return "";
    if (a.polarity <= -0.3f || a.complaint)
        return "negative";
    if (a.polarity >= 0.5f)
        return "positive";
    return "neutral";
}

/* Why an answer is poor, or NULL when it is not. */
static const char *poor_reason(struct at_arena *arena, const struct at_survey *s)
{
    const char *parts[3];
    size_t n = 0;

    if (s->csat <= 2)
        parts[n++] = at_arena_printf(arena, "csat %d", s->csat);
    if (s->understood <= 2)
        parts[n++] = at_arena_printf(arena, "understood %d", s->understood);
    if (strcmp(s->comment_reading, "negative") == 0)
        parts[n++] = "negative comment";
    if (n == 0)
        return NULL;
    return at_arena_printf(arena, "%s%s%s%s%s", parts[0], n > 1 ? ", " : "", n > 1 ? parts[1] : "",
                           n > 2 ? ", " : "", n > 2 ? parts[2] : "");
}

static bool is_praise(const struct at_survey *s)
{
    if (strcmp(s->comment_reading, "positive") == 0)
        return true;
    return s->csat == 5 && at_str_trim(at_str_from(s->comment)).n > 0 &&
           strcmp(s->comment_reading, "negative") != 0;
}

/* Mails every active lead (admins when there is no lead) about a recovery task. */
static int mail_leads(struct at_desk *d, const struct at_survey *s, const char *reason,
                      struct at_arena *arena, struct at_errinfo *e)
{
    struct at_user *users;
    size_t n, sent = 0;
    const char *subject, *text;
    int ret = d->store->people->user_list(d->store, false, arena, &users, &n);

    if (ret)
        return at_errinfo_set(e, ret, NULL, "the leads cannot be read");
    subject = at_arena_printf(arena, "Recovery: #%lld %s", (long long)s->ticket_number,
                              s->ticket_subject);
    text = at_arena_printf(
        arena,
        "%s answered the survey on #%lld \"%s\" poorly (%s).\n\nCSAT %d of 5, understood %d of "
        "5, effort %d of 7.\nComment: %s\n\nPlease get back to them and close the recovery task "
        "with a note of what you did.",
        s->customer_name, (long long)s->ticket_number, s->ticket_subject, reason, s->csat,
        s->understood, s->effort, s->comment[0] ? s->comment : "(none)");
    for (int pass = 0; pass < 2 && sent == 0 && ret == 0; pass++) {
        enum at_role want = pass == 0 ? AT_ROLE_LEAD : AT_ROLE_ADMIN;

        for (size_t i = 0; i < n && ret == 0; i++) {
            if (users[i].role != want || users[i].disabled)
                continue;
            ret = at_desk_mail_user(d, users[i].id, s->ticket_id, subject, text, e);
            sent++;
        }
    }
    return ret;
}

/* After an answer: a recovery task for a poor one, recognition for praise. */
static int follow_answer(struct at_desk *d, const struct at_survey *s, struct at_arena *arena,
                         struct at_errinfo *e)
{
    struct at_store *st = d->store;
    const char *reason = poor_reason(arena, s);
    struct at_ticket t;
    int ret;

    ret = st->tickets->ticket_get(st, s->ticket_id, arena, &t);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the survey's ticket cannot be read");
    if (reason) {
        struct at_recovery r = {.survey_id = s->id,
                                .ticket_id = s->ticket_id,
                                .reason = reason,
                                .created_at = desk_now(d)};

        ret = st->surveys->recovery_add(st, &r, NULL);
        if (ret == AT_ECONFLICT)
            return 0; /* an edited answer: the task is there already */
        if (ret)
            return at_errinfo_set(e, ret, NULL, "the recovery task cannot be stored");
        ret = st->tickets->event_add(st, &(struct at_event){.ticket_id = s->ticket_id,
                                                            .kind = "recovery",
                                                            .old_value = "",
                                                            .new_value = reason,
                                                            .created_at = desk_now(d)});
        if (ret == 0 && t.status != AT_STATUS_CLOSED)
            ret = at_desk_message_add(
                d, &at_actor_system, t.id,
                at_arena_printf(arena,
                                "Survey: a poor answer (%s). CSAT %d/5, understood %d/5, effort "
                                "%d/7. Comment: %s\nA lead will get back to the customer.",
                                reason, s->csat, s->understood, s->effort,
                                s->comment[0] ? s->comment : "(none)"),
                AT_VIS_INTERNAL, NULL, arena, NULL, e);
        if (ret == 0)
            ret = mail_leads(d, s, reason, arena, e);
        return ret;
    }
    if (is_praise(s)) {
        int64_t agent = t.assignee_id ? t.assignee_id : s->agent_id;
        struct at_recognition r = {.survey_id = s->id,
                                   .ticket_id = s->ticket_id,
                                   .agent_id = agent,
                                   .comment = s->comment,
                                   .csat = s->csat,
                                   .created_at = desk_now(d)};

        if (!agent)
            return 0;
        ret = st->surveys->recognition_add(st, &r, NULL);
        if (ret == AT_ECONFLICT)
            return 0;
        if (ret)
            return at_errinfo_set(e, ret, NULL, "the recognition cannot be stored");
    }
    return 0;
}

int at_desk_survey_answer(struct at_desk *d, const char *token, const struct at_survey_answer *a,
                          struct at_arena *arena, struct at_survey_view *out, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_survey s;
    bool first;
    int ret = find_by_token(d, token, arena, &s, e);

    if (ret)
        return ret;
    fill_view(d, &s, out);
    if (out->state == AT_SURVEY_EXPIRED || out->state == AT_SURVEY_CLOSED)
        return state_error(out, e);
    if ((ret = check_answer(&s, a, e)))
        return ret;
    first = s.answered_at == 0;
    s.csat = (int)a->csat;
    s.understood = (int)a->understood;
    s.effort = (int)a->effort;
    s.nps = a->has_nps ? (int)a->nps : -1;
    s.comment = a->comment ? a->comment : "";
    s.comment_reading = read_comment(d, s.comment, arena);
    s.updated_at = desk_now(d);
    if (first)
        s.answered_at = s.updated_at;
    ret = at_desk_begin(d);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    ret = st->surveys->survey_answer(st, &s);
    if (ret == 0)
        ret = st->tickets->event_add(st,
                                     &(struct at_event){.ticket_id = s.ticket_id,
                                                        .kind = "survey",
                                                        .old_value = "",
                                                        .new_value = first ? "answered" : "edited",
                                                        .created_at = s.updated_at});
    if (ret == 0)
        ret = follow_answer(d, &s, arena, e);
    if (ret) {
        at_desk_rollback(d);
        if (!e || !e->msg[0])
            at_errinfo_set(e, ret, NULL, "the answer cannot be stored; try again");
        return ret;
    }
    ret = at_desk_commit(d);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the answer cannot be stored; try again");
    fill_view(d, &s, out);
    return 0;
}

/* ---- the portal and the ticket ---- */

int at_desk_survey_of_ticket(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             struct at_arena *arena, struct at_survey_view *out,
                             struct at_errinfo *e)
{
    struct at_ticket t;
    struct at_survey s;
    int ret = at_desk_ticket_get(d, who, ticket_id, arena, &t, e);

    if (ret)
        return ret;
    ret = d->store->surveys->survey_by_ticket(d->store, ticket_id, arena, &s);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, NULL, "ticket #%lld has no survey", (long long)t.number);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    fill_view(d, &s, out);
    return 0;
}

int at_desk_survey_link(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        struct at_arena *arena, const char **token, struct at_errinfo *e)
{
    struct at_survey_view v;
    char tok[AT_SURVEY_TOKEN_HEX + 1], hash[65];
    int ret;

    if (who->role != AT_ROLE_CUSTOMER)
        return at_errinfo_set(e, AT_EPERM, NULL,
                              "survey links are for the ticket's customer; staff see the answer "
                              "on the ticket");
    ret = at_desk_survey_of_ticket(d, who, ticket_id, arena, &v, e);
    if (ret)
        return ret;
    if (v.state == AT_SURVEY_EXPIRED || v.state == AT_SURVEY_CLOSED)
        return state_error(&v, e);
    new_token(tok, hash);
    ret = d->store->surveys->survey_token_add(d->store, v.survey.id, hash, desk_now(d));
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    *token = at_arena_strdup(arena, tok);
    return 0;
}

/* ---- recovery and recognition ---- */

int at_desk_recovery_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                          struct at_recovery **out, size_t *n, struct at_errinfo *e)
{
    int ret;

    if (!at_actor_is_lead(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "recovery tasks are for leads and admins");
    ret = d->store->surveys->recovery_list(d->store, false, arena, out, n);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return 0;
}

int at_desk_recovery_done(struct at_desk *d, const struct at_actor *who, int64_t id,
                          const char *note, struct at_arena *arena, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_ticket t;
    int64_t ticket_id = 0;
    int ret;

    if (!at_actor_is_lead(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "recovery tasks are for leads and admins");
    if (!note || !at_str_trim(at_str_from(note)).n || strlen(note) > NOTE_MAX)
        return at_errinfo_set(e, AT_EINVAL, "note",
                              "note must say what was done for the customer, 1 to %d bytes",
                              NOTE_MAX);
    if (!at_utf8_valid(note, strlen(note)))
        return at_errinfo_set(e, AT_EUTF8, "note", "note must be UTF-8 text");
    ret = at_desk_begin(d);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    ret = st->surveys->recovery_done(st, id, who->user_id, note, desk_now(d), &ticket_id);
    if (ret == AT_ENOTFOUND)
        at_errinfo_set(e, ret, "id", "no open recovery task %lld", (long long)id);
    if (ret == 0)
        ret = st->tickets->ticket_get(st, ticket_id, arena, &t);
    if (ret == 0)
        ret = st->tickets->event_add(st, &(struct at_event){.ticket_id = ticket_id,
                                                            .actor_id = who->user_id,
                                                            .kind = "recovery",
                                                            .old_value = "open",
                                                            .new_value = "done",
                                                            .created_at = desk_now(d)});
    if (ret == 0 && t.status != AT_STATUS_CLOSED)
        ret = at_desk_message_add(d, who, ticket_id,
                                  at_arena_printf(arena, "Recovery done: %s", note),
                                  AT_VIS_INTERNAL, NULL, arena, NULL, e);
    if (ret) {
        at_desk_rollback(d);
        if (!e || !e->msg[0])
            at_errinfo_set(e, ret, NULL, "the database failed; try again");
        return ret;
    }
    ret = at_desk_commit(d);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return 0;
}

int at_desk_recognition_list(struct at_desk *d, const struct at_actor *who, int64_t agent_id,
                             int64_t from, int64_t to, struct at_arena *arena,
                             struct at_recognition **out, size_t *n, struct at_errinfo *e)
{
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "recognition is for staff");
    if (agent_id < 0)
        return at_errinfo_set(e, AT_EINVAL, "agent_id", "agent_id must be a user id");
    if (to == 0)
        to = INT64_MAX; /* no end: also what is dated ahead of this clock */
    if (from < 0 || from >= to)
        return at_errinfo_set(e, AT_EINVAL, "from", "from must be before to");
    ret = d->store->surveys->recognition_list(d->store, agent_id, from, to, RECOGNITION_N, arena,
                                              out, n);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return 0;
}

/* ---- results ---- */

/*
 * The start (UTC ms) of the day, the week (from its Monday) or the month
 * (`kind` 'd', 'w', 'm') that holds instant `utc` in zone `tz`, and its key
 * ("2027-01-11", "2027-01") into `key`.
 */
static int64_t period_start(const struct at_tz *tz, char kind, int64_t utc, char key[16])
{
    int64_t local = utc + (int64_t)at_tz_offset(tz, utc) * 1000;
    time_t t = (time_t)(local / 1000 - (local % 1000 < 0));
    struct tm tm;

    gmtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    if (kind == 'w')
        tm.tm_mday -= (tm.tm_wday + 6) % 7;
    else if (kind == 'm')
        tm.tm_mday = 1;
    t = timegm(&tm); /* normalises a day before the 1st into the month before */
    gmtime_r(&t, &tm);
    strftime(key, 16, kind == 'm' ? "%Y-%m" : "%Y-%m-%d", &tm);
    return at_tz_to_utc(tz, (int64_t)t * 1000);
}

/*
 * Survey results by day, week or month in the desk's time zone: the store
 * sums each period ("all"); periods without a survey are left out.
 */
static int results_by_period(struct at_desk *d, char kind, int64_t from, int64_t to,
                             int64_t agent_id, struct at_arena *arena, struct at_survey_stats **out,
                             size_t *n, struct at_errinfo *e)
{
    /* past the longest day, week or month (clock changes included) and short of the next */
    const int64_t day = 24LL * 3600 * 1000;
    const int64_t step = kind == 'd' ? day + 7200000 : kind == 'w' ? 7 * day + 7200000 : 32 * day;
    const struct at_tz *tz = desk_zone(d->time_zone[0] ? d->time_zone : "UTC", e);
    struct at_survey_stats *all = NULL;
    size_t cap = 0, count = 0;
    char key[16], next_key[16];
    int64_t start;

    if (!tz) {
        char why[sizeof(e->msg)];

        snprintf(why, sizeof(why), "%s", e->msg); /* the message is rewritten from itself */
        return at_errinfo_set(e, AT_EINVAL, "time_zone", "the desk's time zone %s is unknown: %s",
                              d->time_zone, why);
    }
    start = period_start(tz, kind, from, key);
    while (start < to) {
        int64_t next = period_start(tz, kind, start + step, next_key);
        struct at_survey_stats *one;
        size_t got;
        int ret =
            d->store->surveys->survey_results(d->store, "all", start > from ? start : from,
                                              next < to ? next : to, agent_id, arena, &one, &got);

        if (ret)
            return ret;
        if (got) {
            if (count == cap) {
                struct at_survey_stats *grown =
                    at_arena_alloc(arena, (cap ? cap * 2 : 32) * sizeof(*grown));

                if (count)
                    memcpy(grown, all, count * sizeof(*all));
                all = grown;
                cap = cap ? cap * 2 : 32;
            }
            all[count] = one[0];
            all[count].key = at_arena_strdup(arena, key);
            all[count].label = all[count].key;
            count++;
        }
        start = next;
        memcpy(key, next_key, sizeof(key));
    }
    *out = all;
    *n = count;
    return 0;
}

int at_desk_survey_results(struct at_desk *d, const struct at_actor *who,
                           const struct at_survey_query *q, struct at_arena *arena,
                           struct at_survey_stats **out, size_t *n, struct at_errinfo *e)
{
    static const char *const groups[] = {"agent", "ticket", "day", "week", "month"};
    const char *group = q->group ? q->group : "agent";
    int64_t agent_id = q->agent_id, to = q->to ? q->to : desk_now(d) + 1;
    int64_t from = q->from ? q->from : to - DEFAULT_SPAN;
    bool known = false;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "survey results are for staff");
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        known = known || strcmp(group, groups[i]) == 0;
    if (!known)
        return at_errinfo_set(e, AT_EINVAL, "group",
                              "group must be agent, ticket, day, week or month");
    if (from >= to)
        return at_errinfo_set(e, AT_EINVAL, "to", "to must be after from");
    if (to - from > 10 * RESULTS_SPAN)
        return at_errinfo_set(e, AT_EINVAL, "from", "a period can be at most ten years long");
    if (agent_id < 0)
        return at_errinfo_set(e, AT_EINVAL, "agent_id", "agent_id must be a user id");
    if (who->role == AT_ROLE_AGENT) {
        if (agent_id && agent_id != who->user_id)
            return at_errinfo_set(e, AT_EPERM, "agent_id",
                                  "agents see their own results only; leave agent_id out or use "
                                  "your own id");
        agent_id = who->user_id;
    }
    if (strcmp(group, "day") == 0 || strcmp(group, "week") == 0 || strcmp(group, "month") == 0)
        ret = results_by_period(d, group[0], from, to, agent_id, arena, out, n, e);
    else
        ret = d->store->surveys->survey_results(d->store, group, from, to, agent_id, arena, out, n);
    if (ret)
        return desk_store_err(e, ret, "reading the results");
    return 0;
}

const struct at_job_kind at_job_survey = {"survey", at_desk_survey_job, true};
