/* Follow-ups, reminders and the job list over HTTP. */
#include <string.h>

#include "desk/jobs.h"
#include "http/http.h"

#include "core/banned.h"

static json_t *job_json(const struct at_job *j)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:o, s:i, s:i, s:s, s:o}", "id", (json_int_t)j->id,
                     "kind", j->kind, "ticket_id",
                     j->ticket_id ? json_integer(j->ticket_id) : json_null(), "state",
                     at_job_state_name(j->state), "run_at", at_json_time(j->run_at), "attempts",
                     j->attempts, "max_attempts", j->max_attempts, "last_error", j->last_error,
                     "updated_at", at_json_time(j->updated_at));
}

/* "at": milliseconds since the epoch; absent for the default. */
void at_h_follow_up_set(struct at_req *req)
{
    static const char *const fields[] = {"at", NULL};
    json_t *body = at_http_body(req, fields, true);
    struct at_errinfo e = {0};
    int64_t at = 0;
    int ret;

    if (!body)
        return;
    if (at_http_int(req, body, "at", &at, NULL)) {
        ret = at_desk_follow_up_set(req->desk, &req->actor, req->id, at, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 201, json_pack("{s:b}", "ok", 1));
    }
    json_decref(body);
}

void at_h_follow_up_cancel(struct at_req *req)
{
    struct at_errinfo e = {0};
    int ret = at_desk_follow_up_cancel(req->desk, &req->actor, req->id, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

void at_h_reminders_create(struct at_req *req)
{
    static const char *const fields[] = {"at", "note", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    const char *note = NULL;
    int64_t at = 0;
    int ret;

    if (!body)
        return;
    if (at_http_int(req, body, "at", &at, NULL) && at_http_str(req, body, "note", &note)) {
        ret = at_desk_reminder_add(req->desk, &req->actor, req->id, at, note, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 201, json_pack("{s:b}", "ok", 1));
    }
    json_decref(body);
}

void at_h_jobs_list(struct at_req *req)
{
    static const char *const params[] = {"state", NULL};
    struct at_store *st = req->desk->store;
    const char *state = at_http_query(req, "state");
    int which = -1;
    struct at_job *list;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, params))
        return;
    for (int s = 0; state && s <= AT_JOB_HELD; s++)
        if (strcmp(state, at_job_state_name((enum at_job_state)s)) == 0)
            which = s;
    if (state && which < 0)
        return at_http_error(req, 400, "invalid", "state",
                             "state must be due, running, done, failed, cancelled or held");
    ret = st->jobs->job_list(st, which, 200, &req->arena, &list, &n);
    if (ret)
        return at_http_fail(req, ret, NULL);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, job_json(&list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "jobs", items));
}

void at_h_job_retry(struct at_req *req)
{
    struct at_store *st = req->desk->store;
    int ret = st->jobs->job_retry(st, req->id, req->now);

    if (ret == AT_ENOTFOUND)
        return at_http_error(req, 404, "not_found", "id", "no failed job %lld", (long long)req->id);
    if (ret)
        return at_http_fail(req, ret, NULL);
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_jobs[] = {
    {"POST", "/api/tickets/{id}/follow-up", AT_R_STAFF, at_h_follow_up_set},
    {"DELETE", "/api/tickets/{id}/follow-up", AT_R_STAFF, at_h_follow_up_cancel},
    {"POST", "/api/tickets/{id}/reminders", AT_R_STAFF, at_h_reminders_create},
    {"GET", "/api/jobs", AT_R_LEAD | AT_R_ADMIN, at_h_jobs_list},
    {"POST", "/api/jobs/{id}/retry", AT_R_LEAD | AT_R_ADMIN, at_h_job_retry},
    {NULL, NULL, 0, NULL},
};
