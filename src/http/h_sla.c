/* Service levels over HTTP: policies, calendars, and the SLA and triage of a ticket. */
#include <stdio.h>
#include <string.h>

#include "desk/sla_policy.h"
#include "http/http.h"

#include "core/banned.h"

/* ---- records ---- */

static json_t *calendar_json(const struct at_sla_calendar *c)
{
    json_t *hours = json_array(), *holidays = json_array();

    /* days with the same hours are one range, in week order from Monday */
    for (int i = 0; i < 7; i++) {
        int d = (i + 1) % 7;
        json_t *days;
        char open[8], close[8];
        bool seen = false;

        if (c->open_min[d] >= c->close_min[d])
            continue;
        for (int k = 0; k < i; k++) {
            int e = (k + 1) % 7;

            if (c->open_min[e] == c->open_min[d] && c->close_min[e] == c->close_min[d])
                seen = true;
        }
        if (seen)
            continue;
        days = json_array();
        for (int k = i; k < 7; k++) {
            int e = (k + 1) % 7;

            if (c->open_min[e] == c->open_min[d] && c->close_min[e] == c->close_min[d])
                json_array_append_new(days, json_string(at_sla_day_name(e)));
        }
        snprintf(open, sizeof(open), "%02u:%02u", (unsigned)c->open_min[d] / 60 % 100,
                 (unsigned)c->open_min[d] % 60);
        snprintf(close, sizeof(close), "%02u:%02u", (unsigned)c->close_min[d] / 60 % 100,
                 (unsigned)c->close_min[d] % 60);
        json_array_append_new(
            hours, json_pack("{s:o, s:s, s:s}", "days", days, "open", open, "close", close));
    }
    for (size_t i = 0; i < c->nholidays; i++) {
        char date[16];
        unsigned v = (unsigned)c->holidays[i];

        snprintf(date, sizeof(date), "%04u-%02u-%02u", v / 10000 % 10000, v / 100 % 100, v % 100);
        json_array_append_new(holidays, json_string(date));
    }
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id, "name",
                     c->name, "tz", c->tz, "hours", hours, "holidays", holidays, "created_at",
                     at_json_time(c->created_at), "updated_at", at_json_time(c->updated_at));
}

static json_t *policy_json(const struct at_sla_policy *p)
{
    return json_pack(
        "{s:I, s:s, s:o, s:o, s:b, s:I, s:s, s:i, s:i, s:i, s:i, s:o, s:o}", "id",
        (json_int_t)p->id, "name", p->name, "priority",
        p->priority >= 0 ? json_string(at_priority_name((enum at_priority)p->priority))
                         : json_null(),
        "tier", p->tier && p->tier[0] ? json_string(p->tier) : json_null(), "default",
        p->priority < 0 && (!p->tier || !p->tier[0]), "calendar_id", (json_int_t)p->calendar_id,
        "calendar_name", p->calendar_name ? p->calendar_name : "", "first_response_minutes",
        (int)p->first_response_min, "next_response_minutes", (int)p->next_response_min,
        "resolution_minutes", (int)p->resolution_min, "follow_up_hours", (int)p->follow_up_hours,
        "created_at", at_json_time(p->created_at), "updated_at", at_json_time(p->updated_at));
}

static json_t *clock_json(const struct at_sla_clock_view *v)
{
    if (!v->started)
        return json_null();
    return json_pack("{s:s, s:o, s:I, s:I, s:i, s:o}", "state", v->state, "due_at",
                     at_json_time(v->due_at), "minutes_left", (json_int_t)v->minutes_left,
                     "late_minutes", (json_int_t)v->late_minutes, "target_minutes",
                     (int)v->target_min, "met_at", at_json_time(v->met_at));
}

void at_json_ticket_sla(struct at_req *req, struct at_sla_reader *r, const struct at_ticket *t,
                        json_t *o)
{
    struct at_sla_view v;
    json_t *sla = json_null();

    if (!at_actor_is_staff(&req->actor))
        return; /* service levels and triage are the team's business */
    at_sla_reader_view(r, t, &v);
    if (v.applied) {
        sla = json_pack("{s:s, s:s, s:o}", "policy", v.policy ? v.policy : "", "state", v.state,
                        "next_due_at",
                        at_json_time(t->sla.next_due == INT64_MAX ? 0 : t->sla.next_due));
        for (int k = 0; k < AT_CLOCK_COUNT; k++)
            json_object_set_new(sla, v.clock[k].name ? v.clock[k].name : "?",
                                clock_json(&v.clock[k]));
    }
    json_object_set_new(o, "sla", sla);
    json_object_set_new(o, "triage",
                        json_pack("{s:i, s:b, s:o}", "score", t->sla.triage_score,
                                  "priority_manual", t->sla.priority_manual, "parts",
                                  at_http_raw(req, t->sla.triage_parts && t->sla.triage_parts[0]
                                                       ? t->sla.triage_parts
                                                       : "[]")));
}

/* ---- policies ---- */

static const char *const policy_fields[] = {"name",
                                            "priority",
                                            "tier",
                                            "calendar_id",
                                            "first_response_minutes",
                                            "next_response_minutes",
                                            "resolution_minutes",
                                            "follow_up_hours",
                                            NULL};

static bool policy_input(struct at_req *req, json_t *body, struct at_sla_policy_input *in)
{
    json_t *pr = json_object_get(body, "priority");
    json_t *tier = json_object_get(body, "tier");

    memset(in, 0, sizeof(*in));
    if (!at_http_str(req, body, "name", &in->name))
        return false;
    if (pr) {
        in->set_priority = true;
        if (!json_is_null(pr) && !at_http_str(req, body, "priority", &in->priority))
            return false;
    }
    if (tier) {
        in->tier = "";
        if (!json_is_null(tier) && !at_http_str(req, body, "tier", &in->tier))
            return false;
    }
    return at_http_int(req, body, "calendar_id", &in->calendar_id, &in->set_calendar) &&
           at_http_int(req, body, "first_response_minutes", &in->first_response_min,
                       &in->set_first_response) &&
           at_http_int(req, body, "next_response_minutes", &in->next_response_min,
                       &in->set_next_response) &&
           at_http_int(req, body, "resolution_minutes", &in->resolution_min, &in->set_resolution) &&
           at_http_int(req, body, "follow_up_hours", &in->follow_up_hours, &in->set_follow_up);
}

void at_h_sla_policies_list(struct at_req *req)
{
    struct at_sla_policy *list;
    struct at_errinfo e = {0};
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_sla_policy_list(req->desk, &req->actor, &req->arena, &list, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, policy_json(&list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "policies", items));
}

/* Adds a policy (POST, 201) or changes the one of the path (PATCH, 200). */
static void policy_write(struct at_req *req, bool adding)
{
    json_t *body = at_http_body(req, policy_fields, false);
    struct at_sla_policy_input in;
    struct at_errinfo e = {0};
    struct at_sla_policy p;
    int ret;

    if (!body)
        return;
    if (policy_input(req, body, &in)) {
        ret = adding ? at_desk_sla_policy_add(req->desk, &req->actor, &in, &req->arena, &p, &e)
                     : at_desk_sla_policy_update(req->desk, &req->actor, req->id, &in, &req->arena,
                                                 &p, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, adding ? 201 : 200, policy_json(&p));
    }
    json_decref(body);
}

void at_h_sla_policies_create(struct at_req *req)
{
    policy_write(req, true);
}

void at_h_sla_policy_patch(struct at_req *req)
{
    policy_write(req, false);
}

void at_h_sla_policy_delete(struct at_req *req)
{
    struct at_errinfo e = {0};
    int ret = at_desk_sla_policy_delete(req->desk, &req->actor, req->id, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- calendars ---- */

static const char *const calendar_fields[] = {"name", "tz", "hours", "holidays", NULL};

static bool calendar_input(struct at_req *req, json_t *body, struct at_sla_calendar_input *in)
{
    json_t *hours = json_object_get(body, "hours");
    size_t i;
    json_t *item;

    memset(in, 0, sizeof(*in));
    if (!at_http_str(req, body, "name", &in->name) || !at_http_str(req, body, "tz", &in->tz) ||
        !at_http_strings(req, body, "holidays", &in->holidays, &in->nholidays, &in->set_holidays))
        return false;
    if (!hours || json_is_null(hours))
        return true;
    if (!json_is_array(hours)) {
        at_http_error(req, 422, "invalid", "hours",
                      "hours must be a list of {\"days\": [\"mon\", ...], \"open\": \"09:00\", "
                      "\"close\": \"17:00\"}");
        return false;
    }
    in->set_hours = true;
    in->nhours = json_array_size(hours);
    in->hours = at_arena_alloc(&req->arena, (in->nhours + 1) * sizeof(*in->hours));
    json_array_foreach(hours, i, item)
    {
        struct at_sla_hours *h = (struct at_sla_hours *)&in->hours[i];
        json_t *days = json_object_get(item, "days");
        const char *key;
        json_t *v;
        char field[64];

        snprintf(field, sizeof(field), "hours[%zu]", i);
        if (!json_is_object(item)) {
            at_http_error(req, 422, "invalid", field,
                          "%s must be an object with days, open and "
                          "close",
                          field);
            return false;
        }
        json_object_foreach(item, key, v)
        {
            if (strcmp(key, "days") != 0 && strcmp(key, "open") != 0 && strcmp(key, "close") != 0) {
                snprintf(field, sizeof(field), "hours[%zu].%.20s", i, key);
                at_http_error(req, 422, "unknown_field", field,
                              "%s is not a field of hours; use days, open and close", field);
                return false;
            }
        }
        h->open = json_string_value(json_object_get(item, "open"));
        h->close = json_string_value(json_object_get(item, "close"));
        if (!json_is_array(days)) {
            snprintf(field, sizeof(field), "hours[%zu].days", i);
            at_http_error(req, 422, "invalid", field,
                          "%s must be a list of days such as "
                          "[\"mon\", \"tue\"]",
                          field);
            return false;
        }
        h->ndays = json_array_size(days);
        h->days = at_arena_alloc(&req->arena, (h->ndays + 1) * sizeof(*h->days));
        for (size_t k = 0; k < h->ndays; k++) {
            const char *day = json_string_value(json_array_get(days, k));

            h->days[k] = day ? day : "";
        }
    }
    return true;
}

void at_h_sla_calendars_list(struct at_req *req)
{
    struct at_sla_calendar *list;
    struct at_errinfo e = {0};
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_sla_calendar_list(req->desk, &req->actor, &req->arena, &list, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, calendar_json(&list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "calendars", items));
}

/* Adds a calendar (POST, 201) or changes the one of the path (PATCH, 200). */
static void calendar_write(struct at_req *req, bool adding)
{
    json_t *body = at_http_body(req, calendar_fields, false);
    struct at_sla_calendar_input in;
    struct at_errinfo e = {0};
    struct at_sla_calendar c;
    int ret;

    if (!body)
        return;
    if (calendar_input(req, body, &in)) {
        ret = adding ? at_desk_sla_calendar_add(req->desk, &req->actor, &in, &req->arena, &c, &e)
                     : at_desk_sla_calendar_update(req->desk, &req->actor, req->id, &in,
                                                   &req->arena, &c, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, adding ? 201 : 200, calendar_json(&c));
    }
    json_decref(body);
}

void at_h_sla_calendars_create(struct at_req *req)
{
    calendar_write(req, true);
}

void at_h_sla_calendar_patch(struct at_req *req)
{
    calendar_write(req, false);
}

json_t *at_json_ticket_with_sla(struct at_req *req, const struct at_ticket *t)
{
    struct at_sla_reader r;
    json_t *o = at_json_ticket(t);

    at_sla_reader_init(&r, req->desk);
    at_json_ticket_sla(req, &r, t, o);
    at_sla_reader_release(&r);
    return o;
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_sla[] = {
    {"GET", "/api/sla/policies", AT_R_STAFF, at_h_sla_policies_list},
    {"POST", "/api/sla/policies", AT_R_ADMIN, at_h_sla_policies_create},
    {"PATCH", "/api/sla/policies/{id}", AT_R_ADMIN, at_h_sla_policy_patch},
    {"DELETE", "/api/sla/policies/{id}", AT_R_ADMIN, at_h_sla_policy_delete},
    {"GET", "/api/sla/calendars", AT_R_STAFF, at_h_sla_calendars_list},
    {"POST", "/api/sla/calendars", AT_R_ADMIN, at_h_sla_calendars_create},
    {"PATCH", "/api/sla/calendars/{id}", AT_R_ADMIN, at_h_sla_calendar_patch},
    {NULL, NULL, 0, NULL},
};
