/* Surveys over HTTP: the anonymous form behind a link, results, recovery and recognition. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "desk/survey.h"
#include "http/http.h"

#include "core/banned.h"

/* The answer part of a survey, or null when it has none. */
static json_t *answer_json(const struct at_survey *s)
{
    if (!s->answered_at)
        return json_null();
    return json_pack("{s:i, s:i, s:i, s:o, s:s, s:o, s:o}", "csat", s->csat, "understood",
                     s->understood, "effort", s->effort, "nps",
                     s->nps >= 0 ? json_integer(s->nps) : json_null(), "comment", s->comment,
                     "answered_at", at_json_time(s->answered_at), "updated_at",
                     at_json_time(s->updated_at));
}

/* What the link shows: the ticket's subject, the customer's first name, the questions. */
static json_t *form_json(struct at_req *req, const struct at_survey_view *v)
{
    const struct at_survey *s = &v->survey;
    const char *first =
        s->customer_preferred_name[0]
            ? s->customer_preferred_name
            : at_arena_strndup(&req->arena, s->customer_name, strcspn(s->customer_name, " "));
    json_t *questions = json_pack("[s, s, s]", "csat", "understood", "effort");

    if (s->nps_asked)
        json_array_append_new(questions, json_string("nps"));
    json_array_append_new(questions, json_string("comment"));
    return json_pack("{s:{s:I, s:s}, s:{s:s}, s:o, s:b, s:o, s:s, s:b, s:o, s:o}", "ticket",
                     "number", (json_int_t)s->ticket_number, "subject", s->ticket_subject,
                     "customer", "first_name", first, "questions", questions, "nps_asked",
                     s->nps_asked, "answer", answer_json(s), "state",
                     at_survey_state_name(v->state), "editable",
                     v->state == AT_SURVEY_OPEN || v->state == AT_SURVEY_EDITABLE, "edit_until",
                     v->edit_until ? at_json_time(v->edit_until) : json_null(), "expires_at",
                     at_json_time(s->expires_at));
}

/* A desk error on a survey link: unknown links are 404, expired ones 410, final answers 409. */
static void survey_fail(struct at_req *req, int ret, const struct at_survey_view *v,
                        const struct at_errinfo *e)
{
    if (ret == AT_ESTATE && v->state == AT_SURVEY_EXPIRED)
        return at_http_error(req, 410, "gone", "token", "%s", e->msg);
    at_http_fail(req, ret, e);
}

void at_h_survey_get(struct at_req *req)
{
    struct at_survey_view v = {0};
    struct at_errinfo e = {0};
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_survey_open(req->desk, req->path_id, &req->arena, &v, &e);
    if (ret)
        return survey_fail(req, ret, &v, &e);
    at_http_reply(req, 200, form_json(req, &v));
}

/* Reads a score: given (and not null) or not. */
static bool score(struct at_req *req, json_t *body, const char *name, int64_t *out, bool *has)
{
    json_t *v = json_object_get(body, name);

    *has = v && !json_is_null(v);
    return at_http_int(req, body, name, out, NULL);
}

void at_h_survey_post(struct at_req *req)
{
    static const char *const fields[] = {"csat", "understood", "effort", "nps", "comment", NULL};
    struct at_survey_answer a = {0};
    struct at_survey_view v = {0};
    struct at_errinfo e = {0};
    json_t *body;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    body = at_http_body(req, fields, false);
    if (!body)
        return;
    if (score(req, body, "csat", &a.csat, &a.has_csat) &&
        score(req, body, "understood", &a.understood, &a.has_understood) &&
        score(req, body, "effort", &a.effort, &a.has_effort) &&
        score(req, body, "nps", &a.nps, &a.has_nps) &&
        at_http_str(req, body, "comment", &a.comment)) {
        ret = at_desk_survey_answer(req->desk, req->path_id, &a, &req->arena, &v, &e);
        if (ret)
            survey_fail(req, ret, &v, &e);
        else
            at_http_reply(req, 200, form_json(req, &v));
    }
    json_decref(body);
}

void at_h_survey_link(struct at_req *req)
{
    struct at_errinfo e = {0};
    const char *token;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_survey_link(req->desk, &req->actor, req->id, &req->arena, &token, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 201,
                  json_pack("{s:s, s:s}", "token", token, "url",
                            at_arena_printf(&req->arena, "/survey/%s", token)));
}

json_t *at_json_ticket_survey(struct at_req *req, int64_t ticket_id)
{
    struct at_survey_view v;
    struct at_errinfo e = {0};
    const struct at_survey *s = &v.survey;

    if (at_desk_survey_of_ticket(req->desk, &req->actor, ticket_id, &req->arena, &v, &e) != 0)
        return json_null();
    return json_pack("{s:I, s:s, s:b, s:o, s:o, s:o, s:o}", "id", (json_int_t)s->id, "state",
                     at_survey_state_name(v.state), "nps_asked", s->nps_asked, "sent_at",
                     at_json_time(s->created_at), "expires_at", at_json_time(s->expires_at),
                     "edit_until", v.edit_until ? at_json_time(v.edit_until) : json_null(),
                     "answer", answer_json(s));
}

/* ---- results ---- */

/*
 * A time of the query: milliseconds since the epoch, or a date YYYY-MM-DD (UTC;
 * as `to`, the end of that day). Returns false with a 400 set.
 */
static bool query_time(struct at_req *req, const char *name, bool end_of_day, int64_t *out)
{
    const char *v = at_http_query(req, name);
    struct tm tm = {0};
    int y, m, d, used = 0;

    if (!v)
        return true;
    if (at_cstr_to_i64(v, out) && *out > 0)
        return true;
    if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
        m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1970 && y <= 9999) {
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        *out = ((int64_t)timegm(&tm) + (end_of_day ? 86400 : 0)) * 1000;
        return true;
    }
    at_http_error(req, 400, "invalid", name,
                  "%s must be a date like 2026-12-01 or milliseconds since the epoch", name);
    return false;
}

static json_t *avg(int64_t sum, int64_t n)
{
    return n ? json_real(round((double)sum / (double)n * 100.0) / 100.0) : json_null();
}

static json_t *pct(int64_t part, int64_t n)
{
    return n ? json_real(round((double)part * 1000.0 / (double)n) / 10.0) : json_null();
}

static json_t *stats_json(const struct at_survey_stats *g)
{
    return json_pack(
        "{s:s, s:s, s:I, s:I, s:o, s:{s:I, s:o, s:o}, s:{s:I, s:o, s:o}, s:{s:I, s:o}, "
        "s:{s:I, s:I, s:I, s:I, s:o}}",
        "key", g->key, "label", g->label, "sent", (json_int_t)g->sent, "answered",
        (json_int_t)g->answered, "response_rate", pct(g->answered, g->sent), "csat", "responses",
        (json_int_t)g->csat_n, "average", avg(g->csat_sum, g->csat_n), "satisfied_pct",
        pct(g->csat_satisfied, g->csat_n), "understood", "responses", (json_int_t)g->understood_n,
        "average", avg(g->understood_sum, g->understood_n), "understood_pct",
        pct(g->understood_yes, g->understood_n), "effort", "responses", (json_int_t)g->effort_n,
        "average", avg(g->effort_sum, g->effort_n), "nps", "responses", (json_int_t)g->nps_n,
        "promoters", (json_int_t)g->promoters, "passives", (json_int_t)g->passives, "detractors",
        (json_int_t)g->detractors, "score",
        g->nps_n
            ? json_real(round((double)(g->promoters - g->detractors) * 1000.0 / (double)g->nps_n) /
                        10.0)
            : json_null());
}

static bool query_id(struct at_req *req, const char *name, int64_t *out)
{
    const char *v = at_http_query(req, name);

    if (!v)
        return true;
    if (at_cstr_to_i64(v, out) && *out > 0)
        return true;
    at_http_error(req, 400, "invalid", name, "%s must be a user id (a positive whole number)",
                  name);
    return false;
}

void at_h_survey_results(struct at_req *req)
{
    static const char *const params[] = {"group", "from", "to", "agent_id", NULL};
    struct at_survey_query q = {.group = at_http_query(req, "group")};
    struct at_survey_stats *list, total = {.key = "total", .label = "total"};
    struct at_errinfo e = {0};
    json_t *groups;
    size_t n;
    int ret;

    if (!at_http_query_only(req, params) || !query_time(req, "from", false, &q.from) ||
        !query_time(req, "to", true, &q.to) || !query_id(req, "agent_id", &q.agent_id))
        return;
    ret = at_desk_survey_results(req->desk, &req->actor, &q, &req->arena, &list, &n, &e);
    if (ret == AT_EINVAL)
        return at_http_error(req, 400, "invalid", e.field, "%s", e.msg);
    if (ret)
        return at_http_fail(req, ret, &e);
    groups = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct at_survey_stats *g = &list[i];

        json_array_append_new(groups, stats_json(g));
        total.sent += g->sent;
        total.answered += g->answered;
        total.csat_n += g->csat_n;
        total.csat_sum += g->csat_sum;
        total.csat_satisfied += g->csat_satisfied;
        total.understood_n += g->understood_n;
        total.understood_sum += g->understood_sum;
        total.understood_yes += g->understood_yes;
        total.effort_n += g->effort_n;
        total.effort_sum += g->effort_sum;
        total.nps_n += g->nps_n;
        total.promoters += g->promoters;
        total.passives += g->passives;
        total.detractors += g->detractors;
    }
    at_http_reply(req, 200,
                  json_pack("{s:s, s:o, s:o, s:o, s:o}", "group", q.group ? q.group : "agent",
                            "from", q.from ? at_json_time(q.from) : json_null(), "to",
                            q.to ? at_json_time(q.to) : json_null(), "groups", groups, "total",
                            stats_json(&total)));
}

/* ---- recovery and recognition ---- */

void at_h_recovery_list(struct at_req *req)
{
    struct at_recovery *list;
    struct at_errinfo e = {0};
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_recovery_list(req->desk, &req->actor, &req->arena, &list, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct at_recovery *r = &list[i];
        const struct at_survey *s = &r->survey;

        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:i, s:i, s:i, s:o, s:s, s:s, s:o}",
                      "id", (json_int_t)r->id, "ticket_id", (json_int_t)r->ticket_id,
                      "ticket_number", (json_int_t)s->ticket_number, "subject", s->ticket_subject,
                      "customer_id", (json_int_t)s->customer_id, "customer_name", s->customer_name,
                      "reason", r->reason, "csat", s->csat, "understood", s->understood, "effort",
                      s->effort, "nps", s->nps >= 0 ? json_integer(s->nps) : json_null(), "comment",
                      s->comment, "comment_reading", s->comment_reading, "created_at",
                      at_json_time(r->created_at)));
    }
    at_http_reply(req, 200, json_pack("{s:o}", "tasks", items));
}

void at_h_recovery_done(struct at_req *req)
{
    static const char *const fields[] = {"note", NULL};
    struct at_errinfo e = {0};
    const char *note = NULL;
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "note", &note)) {
        ret = at_desk_recovery_done(req->desk, &req->actor, req->id, note, &req->arena, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
    }
    json_decref(body);
}

void at_h_recognition_list(struct at_req *req)
{
    static const char *const params[] = {"agent_id", "from", "to", NULL};
    struct at_recognition *list;
    struct at_errinfo e = {0};
    int64_t agent_id = 0, from = 0, to = 0;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, params) || !query_id(req, "agent_id", &agent_id) ||
        !query_time(req, "from", false, &from) || !query_time(req, "to", true, &to))
        return;
    ret = at_desk_recognition_list(req->desk, &req->actor, agent_id, from, to, &req->arena, &list,
                                   &n, &e);
    if (ret == AT_EINVAL)
        return at_http_error(req, 400, "invalid", e.field, "%s", e.msg);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct at_recognition *r = &list[i];

        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:i, s:o}", "id", (json_int_t)r->id,
                      "agent_id", (json_int_t)r->agent_id, "agent_name", r->agent_name, "ticket_id",
                      (json_int_t)r->ticket_id, "ticket_number", (json_int_t)r->ticket_number,
                      "subject", r->ticket_subject, "comment", r->comment, "csat", r->csat,
                      "created_at", at_json_time(r->created_at)));
    }
    at_http_reply(req, 200, json_pack("{s:o}", "recognition", items));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_surveys[] = {
    {"GET", "/api/surveys/results", AT_R_STAFF, at_h_survey_results},
    {"GET", "/api/surveys/{token}", AT_R_ANON, at_h_survey_get},
    {"POST", "/api/surveys/{token}", AT_R_ANON, at_h_survey_post},
    {"POST", "/api/tickets/{id}/survey/link", AT_R_CUSTOMER, at_h_survey_link},
    {"GET", "/api/recovery", AT_R_LEAD | AT_R_ADMIN, at_h_recovery_list},
    {"POST", "/api/recovery/{id}/done", AT_R_LEAD | AT_R_ADMIN, at_h_recovery_done},
    {"GET", "/api/recognition", AT_R_STAFF, at_h_recognition_list},
    {NULL, NULL, 0, NULL},
};
