/* Tickets, messages, views, search, and the text engine over HTTP. */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "desk/coaching.h"
#include "desk/sla_policy.h"
#include "desk/upload.h"
#include "http/http.h"

#include "core/banned.h"

static const char *const list_params[] = {"view",   "status", "priority",    "assignee_id",
                                          "tag",    "sla",    "customer_id", "sort",
                                          "cursor", "limit",  NULL};
static const char *const search_params[] = {"q",           "view",   "status", "priority",
                                            "assignee_id", "tag",    "sla",    "customer_id",
                                            "sort",        "cursor", "limit",  NULL};

/* "open,pending" into a mask; false (and a 400) for an unknown name. */
static bool parse_mask(struct at_req *req, const char *name, const char *value,
                       bool (*parse)(const char *, int *), uint32_t *mask)
{
    struct at_str rest = at_str_from(value);

    while (rest.p) {
        struct at_str one;
        char buf[32];
        int v;

        rest = at_str_cut(rest, ',', &one);
        one = at_str_trim(one);
        if (one.n == 0)
            continue;
        snprintf(buf, sizeof(buf), "%.*s", (int)one.n, one.p);
        if (one.n >= sizeof(buf) || !parse(buf, &v)) {
            at_http_error(req, 400, "invalid", name, "unknown %s '%.*s'", name, (int)one.n, one.p);
            return false;
        }
        *mask |= 1u << v;
    }
    return true;
}

static bool status_of(const char *s, int *v)
{
    enum at_status st;

    if (!at_status_parse(s, &st))
        return false;
    *v = (int)st;
    return true;
}

static bool priority_of(const char *s, int *v)
{
    enum at_priority p;

    if (!at_priority_parse(s, &p))
        return false;
    *v = (int)p;
    return true;
}

static bool query_id(struct at_req *req, const char *name, int64_t *out)
{
    const char *v = at_http_query(req, name);

    if (!v)
        return true;
    if (!at_cstr_to_i64(v, out) || *out <= 0) {
        at_http_error(req, 400, "invalid", name, "%s must be a positive whole number", name);
        return false;
    }
    return true;
}

/* The view, filters, order, cursor and page size of a list or search. */
static bool view_query(struct at_req *req, struct at_view_query *q)
{
    const char *v;
    int64_t limit = 0;

    memset(q, 0, sizeof(*q));
    v = at_http_query(req, "view");
    if (v && !at_view_parse(v, &q->view)) {
        at_http_error(req, 400, "invalid", "view",
                      "view must be all, mine, unassigned, open, pending, solved, breached or "
                      "at_risk");
        return false;
    }
    if ((v = at_http_query(req, "sla"))) {
        if (strcmp(v, "breached") == 0)
            q->filter.sla = AT_SLA_BREACHED;
        else if (strcmp(v, "at_risk") == 0)
            q->filter.sla = AT_SLA_AT_RISK;
        else {
            at_http_error(req, 400, "invalid", "sla", "sla must be breached or at_risk");
            return false;
        }
    }
    if ((v = at_http_query(req, "status")) &&
        !parse_mask(req, "status", v, status_of, &q->filter.status_mask))
        return false;
    if ((v = at_http_query(req, "priority")) &&
        !parse_mask(req, "priority", v, priority_of, &q->filter.priority_mask))
        return false;
    v = at_http_query(req, "assignee_id");
    if (v && strcmp(v, "none") == 0)
        q->filter.unassigned = true;
    else if (!query_id(req, "assignee_id", &q->filter.assignee_id))
        return false;
    if (!query_id(req, "customer_id", &q->filter.customer_id))
        return false;
    q->filter.tag = at_http_query(req, "tag");
    if ((v = at_http_query(req, "sort"))) {
        if (!at_sort_parse(v, &q->sort)) {
            at_http_error(req, 400, "invalid", "sort",
                          "sort must be newest, oldest, updated, priority, solved, triage or "
                          "due");
            return false;
        }
        q->sort_set = true;
    }
    q->cursor = at_http_query(req, "cursor");
    if ((v = at_http_query(req, "limit")) &&
        (!at_cstr_to_i64(v, &limit) || limit < 1 || limit > 200)) {
        at_http_error(req, 400, "invalid", "limit", "limit must be a number from 1 to 200");
        return false;
    }
    q->limit = (size_t)limit;
    return true;
}

static json_t *page_json(struct at_req *req, const char *key, const struct at_ticket_page *p,
                         bool search)
{
    json_t *items = json_array();
    struct at_sla_reader r;

    at_sla_reader_init(&r, req->desk);
    for (size_t i = 0; i < p->n; i++) {
        json_t *t = at_json_ticket(&p->items[i]);

        at_json_ticket_sla(req, &r, &p->items[i], t);

        if (search) {
            json_object_set_new(t, "snippet", json_string(p->items[i].snippet));
            json_object_set_new(t, "rank", json_real(p->items[i].rank));
        }
        json_array_append_new(items, t);
    }
    at_sla_reader_release(&r);
    return json_pack("{s:o, s:o}", key, items, "next",
                     p->next ? json_string(p->next) : json_null());
}

void at_h_tickets_list(struct at_req *req)
{
    struct at_view_query q;
    struct at_ticket_page page;
    struct at_errinfo e = {0};
    int ret;

    if (!at_http_query_only(req, list_params) || !view_query(req, &q))
        return;
    ret = at_desk_ticket_list(req->desk, &req->actor, &q, &req->arena, &page, &e);
    if (ret == AT_EINVAL) /* everything came from the query string */
        return at_http_error(req, 400, "invalid", e.field, "%s", e.msg);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, page_json(req, "tickets", &page, false));
}

void at_h_search(struct at_req *req)
{
    struct at_view_query q;
    struct at_ticket_page page;
    struct at_errinfo e = {0};
    const char *text;
    int ret;

    if (!at_http_query_only(req, search_params) || !view_query(req, &q))
        return;
    text = at_http_query(req, "q");
    if (!text || !at_str_trim(at_str_from(text)).n)
        return at_http_error(req, 400, "invalid", "q", "q is required: the words to look for");
    ret = at_desk_search(req->desk, &req->actor, text, &q, &req->arena, &page, &e);
    if (ret == AT_EINVAL) /* everything came from the query string */
        return at_http_error(req, 400, "invalid", e.field, "%s", e.msg);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, page_json(req, "results", &page, true));
}

void at_h_views(struct at_req *req)
{
    json_t *views = json_array();
    struct at_errinfo e = {0};

    if (!at_http_query_only(req, NULL)) {
        json_decref(views);
        return;
    }
    for (int v = 0; v < AT_VIEW_COUNT; v++) {
        int64_t n = 0;
        int ret = at_desk_view_count(req->desk, &req->actor, (enum at_view)v, &n, &e);

        if (ret) {
            json_decref(views);
            return at_http_fail(req, ret, &e);
        }
        json_array_append_new(views, json_pack("{s:s, s:I}", "name", at_view_name((enum at_view)v),
                                               "count", (json_int_t)n));
    }
    at_http_reply(req, 200, json_pack("{s:o}", "views", views));
}

void at_h_tickets_create(struct at_req *req)
{
    static const char *const fields[] = {"subject", "body",    "customer",    "priority",
                                         "tags",    "channel", "assignee_id", NULL};
    struct at_new_ticket nt = {0};
    struct at_ticket t;
    struct at_errinfo e = {0};
    const char *priority = NULL;
    json_t *body = at_http_body(req, fields, false);
    json_t *cust;
    int ret;

    if (!body)
        return;
    cust = json_object_get(body, "customer");
    if (!at_http_str(req, body, "subject", &nt.subject) ||
        !at_http_str(req, body, "body", &nt.body) ||
        !at_http_str(req, body, "priority", &priority) ||
        !at_http_str(req, body, "channel", &nt.channel) ||
        !at_http_strings(req, body, "tags", &nt.tags, &nt.ntags, NULL) ||
        !at_http_int(req, body, "assignee_id", &nt.assignee_id, NULL))
        goto out;
    if (cust && !json_is_null(cust)) {
        const char *key;
        json_t *v;

        if (!json_is_object(cust)) {
            at_http_error(req, 422, "invalid", "customer",
                          "customer must be an object with email and name");
            goto out;
        }
        json_object_foreach(cust, key, v)
        {
            if (strcmp(key, "email") != 0 && strcmp(key, "name") != 0) {
                char *f = at_arena_printf(&req->arena, "customer.%s", key);

                at_http_error(req, 422, "unknown_field", f, "unknown field '%s'", f);
                goto out;
            }
            if (!json_is_string(v) && !json_is_null(v)) {
                char *f = at_arena_printf(&req->arena, "customer.%s", key);

                at_http_error(req, 422, "invalid", f, "%s must be a string", f);
                goto out;
            }
        }
        nt.customer_email = json_string_value(json_object_get(cust, "email"));
        nt.customer_name = json_string_value(json_object_get(cust, "name"));
    }
    if (priority) {
        if (!at_priority_parse(priority, &nt.priority)) {
            at_http_error(req, 422, "invalid", "priority",
                          "priority must be low, normal, high or urgent");
            goto out;
        }
        nt.set_priority = true;
    }
    if (at_actor_is_staff(&req->actor) && !nt.customer_email) {
        at_http_error(req, 422, "invalid", "customer.email",
                      "customer.email is required: whom is the ticket for?");
        goto out;
    }
    ret = at_desk_ticket_create(req->desk, &req->actor, &nt, &req->arena, &t, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 201, at_json_ticket_with_sla(req, &t));
out:
    json_decref(body);
}

void at_h_ticket_get(struct at_req *req)
{
    struct at_ticket_detail det;
    struct at_errinfo e = {0};
    json_t *t, *messages, *events;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_ticket_detail(req->desk, &req->actor, req->id, &req->arena, &det, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    t = at_json_ticket_with_sla(req, &det.ticket);
    messages = json_array();
    for (size_t i = 0; i < det.nmessages; i++)
        json_array_append_new(messages, at_json_message(req, &det.messages[i]));
    json_object_set_new(t, "messages", messages);
    if (at_actor_is_staff(&req->actor)) {
        events = json_array();
        for (size_t i = 0; i < det.nevents; i++)
            json_array_append_new(events, at_json_event(&det.events[i]));
        json_object_set_new(t, "events", events);
    }
    json_object_set_new(t, "customer", at_json_customer(&det.customer));
    json_object_set_new(t, "survey", at_json_ticket_survey(req, det.ticket.id));
    at_http_reply(req, 200, t);
}

/* The same answer as GET /api/tickets/{id}, for the number people see ("#1039"). */
static void ticket_by_number(struct at_req *req)
{
    struct at_ticket t;
    struct at_errinfo e = {0};
    int ret = at_desk_ticket_by_number(req->desk, &req->actor, req->id, &req->arena, &t, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    req->id = t.id;
    at_h_ticket_get(req);
}

bool at_http_ticket_fields(struct at_req *req, json_t *body, struct at_ticket_change *ch)
{
    const char *status = NULL, *priority = NULL;
    json_t *assignee;

    if (!at_http_str(req, body, "status", &status) ||
        !at_http_str(req, body, "priority", &priority))
        return false;
    if (status) {
        if (!at_status_parse(status, &ch->status)) {
            at_http_error(req, 422, "invalid", "status",
                          "status must be new, open, pending, on_hold, solved or closed");
            return false;
        }
        ch->set_status = true;
    }
    if (priority) {
        if (!at_priority_parse(priority, &ch->priority)) {
            at_http_error(req, 422, "invalid", "priority",
                          "priority must be low, normal, high or urgent");
            return false;
        }
        ch->set_priority = true;
    }
    assignee = json_object_get(body, "assignee_id");
    if (assignee) {
        if (!json_is_null(assignee) && !json_is_integer(assignee)) {
            at_http_error(req, 422, "invalid", "assignee_id",
                          "assignee_id must be a user id, or null to unassign");
            return false;
        }
        ch->set_assignee = true;
        ch->assignee_id = json_is_null(assignee) ? 0 : (int64_t)json_integer_value(assignee);
    }
    return true;
}

void at_h_ticket_patch(struct at_req *req)
{
    static const char *const fields[] = {"status", "priority", "assignee_id", "tags",
                                         "group",  "subject",  NULL};
    struct at_ticket_change ch = {0};
    struct at_ticket t;
    struct at_errinfo e = {0};
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (!at_http_ticket_fields(req, body, &ch) ||
        !at_http_strings(req, body, "tags", &ch.tags, &ch.ntags, &ch.set_tags) ||
        !at_http_str(req, body, "group", &ch.group_name) ||
        !at_http_str(req, body, "subject", &ch.subject))
        goto out;
    ch.set_group = ch.group_name != NULL;
    ch.set_subject = ch.subject != NULL;
    ret = at_desk_ticket_update(req->desk, &req->actor, req->id, &ch, &req->arena, &t, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 200, at_json_ticket_with_sla(req, &t));
out:
    json_decref(body);
}

/*
 * The 409 of a reply held below the team's floor: the one error shape, with
 * the score, the floor and the reasons beside it, so a client can ask the
 * sender and send again with "confirm": true.
 */
static void reply_held(struct at_req *req, const struct at_reply_verdict *v,
                       const struct at_errinfo *e)
{
    json_t *err, *reasons = json_array();

    at_http_fail(req, AT_ECONFIRM, e);
    for (size_t i = 0; i < v->nreasons; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}", "item",
                                                 at_text_rubric_name(v->reasons[i].item), "state",
                                                 at_desk_rubric_state_name(v->reasons[i].state),
                                                 "text", v->reasons[i].text));
    err = json_object_get(req->out, "error");
    json_object_set_new(err, "score", json_integer(v->coaching.score));
    json_object_set_new(err, "floor", json_integer(v->floor));
    json_object_set_new(err, "reasons", reasons);
}

void at_h_messages_create(struct at_req *req)
{
    static const char *const fields[] = {"body",    "visibility",  "status",
                                         "confirm", "attachments", NULL};
    int64_t files[AT_UPLOADS_PER_MESSAGE];
    size_t nfiles = 0;
    json_t *list, *v;
    size_t i;
    struct at_message m;
    struct at_reply_verdict v_;
    struct at_errinfo e = {0};
    const char *body_text = NULL, *vis_s = NULL, *status_s = NULL;
    enum at_visibility vis = AT_VIS_PUBLIC;
    enum at_status status;
    bool confirm = false;
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "body", &body_text) ||
        !at_http_str(req, body, "visibility", &vis_s) ||
        !at_http_str(req, body, "status", &status_s) ||
        !at_http_bool(req, body, "confirm", &confirm, NULL))
        goto out;
    if (vis_s && !at_visibility_parse(vis_s, &vis)) {
        at_http_error(req, 422, "invalid", "visibility", "visibility must be public or internal");
        goto out;
    }
    if (status_s && !at_status_parse(status_s, &status)) {
        at_http_error(req, 422, "invalid", "status",
                      "status must be open, pending, on_hold or solved");
        goto out;
    }
    list = json_object_get(body, "attachments");
    if (list && !json_is_null(list)) {
        if (!json_is_array(list) || json_array_size(list) > AT_UPLOADS_PER_MESSAGE) {
            at_http_error(req, 422, "invalid", "attachments",
                          "attachments is a list of at most %d upload ids", AT_UPLOADS_PER_MESSAGE);
            goto out;
        }
        json_array_foreach(list, i, v)
        {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                at_http_error(req, 422, "invalid", "attachments",
                              "attachments[%zu] must be an upload id", i);
                goto out;
            }
            files[nfiles++] = (int64_t)json_integer_value(v);
        }
    }
    ret = at_desk_reply_with_files(req->desk, &req->actor, req->id, body_text, vis,
                                   status_s ? &status : NULL, confirm, files, nfiles, &req->arena,
                                   &m, &v_, &e);
    if (ret == AT_ECONFIRM)
        reply_held(req, &v_, &e);
    else if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 201, at_json_message(req, &m));
out:
    json_decref(body);
}

/* ---- the text engine ---- */

static void reply_raw_json(struct at_req *req, const struct at_buf *b)
{
    json_t *o = json_loadb(b->data, b->len, 0, NULL);

    if (!o)
        return at_http_error(req, 500, "internal", "", "the text engine wrote bad JSON");
    at_http_reply(req, 200, o);
}

void at_h_analyze(struct at_req *req)
{
    static const char *const fields[] = {"text", NULL};
    struct at_analysis a;
    struct at_errinfo e = {0};
    struct at_buf out = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *text = NULL;
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "text", &text))
        goto out;
    if (!req->text) {
        at_http_error(req, 503, "unavailable", "", "the text engine is not loaded");
        goto out;
    }
    if (!text || (ret = at_text_validate(text, strlen(text), &e)) != 0) {
        at_http_error(req, 422, "invalid", "text", "%s", text ? e.msg : "text is required");
        goto out;
    }
    ret = at_text_analyze(req->text, text, strlen(text), &req->arena, &a);
    if (ret == 0)
        ret = at_text_analysis_json(&a, &out);
    if (ret)
        at_http_fail(req, ret, NULL);
    else
        reply_raw_json(req, &out);
out:
    at_buf_release(&out);
    json_decref(body);
}

/* The coach's words for people: {"rubric": {item: label}, "mechanisms": {name: label}}. */
static json_t *coach_labels_json(void)
{
    json_t *rubric = json_object(), *mechanisms = json_object();

    for (int r = 0; r < AT_RUB_COUNT; r++)
        json_object_set_new(rubric, at_text_rubric_name((enum at_rubric)r),
                            json_string(at_text_rubric_label((enum at_rubric)r)));
    for (int m = 0; m < AT_EMP_COUNT; m++)
        json_object_set_new(mechanisms, at_text_empathy_name((enum at_empathy)m),
                            json_string(at_text_empathy_label((enum at_empathy)m)));
    return json_pack("{s:o, s:o}", "rubric", rubric, "mechanisms", mechanisms);
}

void at_h_coach(struct at_req *req)
{
    static const char *const fields[] = {"customer", "reply", "customer_name", NULL};
    struct at_coaching c;
    struct at_errinfo e = {0};
    struct at_buf out = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *customer = "", *reply = NULL, *name = NULL;
    json_t *body = at_http_body(req, fields, false), *o;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "customer", &customer) ||
        !at_http_str(req, body, "reply", &reply) || !at_http_str(req, body, "customer_name", &name))
        goto out;
    if (!req->text) {
        at_http_error(req, 503, "unavailable", "", "the text engine is not loaded");
        goto out;
    }
    if (!reply || at_text_validate(reply, strlen(reply), &e) != 0) {
        at_http_error(req, 422, "invalid", "reply", "%s", reply ? e.msg : "reply is required");
        goto out;
    }
    if (customer[0] && at_text_validate(customer, strlen(customer), &e) != 0) {
        at_http_error(req, 422, "invalid", "customer", "%s", e.msg);
        goto out;
    }
    ret = at_text_coach(req->text, customer, strlen(customer), reply, strlen(reply), name,
                        &req->arena, &c);
    if (ret == 0)
        ret = at_text_coaching_json(&c, &out);
    if (ret) {
        at_http_fail(req, ret, NULL);
        goto out;
    }
    if (!(o = json_loadb(out.data, out.len, 0, NULL))) {
        at_http_error(req, 500, "internal", "", "the text engine wrote bad JSON");
        goto out;
    }
    json_object_set_new(o, "labels", coach_labels_json());
    at_http_reply(req, 200, o);
out:
    at_buf_release(&out);
    json_decref(body);
}

/*
 * What changed since a moment: the tickets `who` may see that changed after
 * `since` (ms), newest change first, for consoles that poll for live updates.
 */
void at_h_updates(struct at_req *req)
{
    static const char *const params[] = {"since", NULL};
    struct at_view_query q = {
        .view = AT_VIEW_ALL, .sort_set = true, .sort = AT_SORT_UPDATED, .limit = 100};
    struct at_ticket_page page;
    struct at_errinfo e = {0};
    const char *v;
    int64_t since = 0;
    json_t *o;
    int ret;

    if (!at_http_query_only(req, params))
        return;
    if ((v = at_http_query(req, "since")) && (!at_cstr_to_i64(v, &since) || since < 0))
        return at_http_error(req, 400, "invalid", "since",
                             "since must be the \"now\" of the previous answer");
    q.filter.updated_since = since ? since : req->now;
    ret = at_desk_ticket_list(req->desk, &req->actor, &q, &req->arena, &page, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    o = page_json(req, "tickets", &page, false);
    json_object_del(o, "next");
    json_object_set_new(o, "now", json_integer(req->now));
    at_http_reply(req, 200, o);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_tickets[] = {
    {"GET", "/api/tickets", AT_R_ALL, at_h_tickets_list},
    {"POST", "/api/tickets", AT_R_ALL, at_h_tickets_create},
    {"GET", "/api/tickets/by-number/{id}", AT_R_ALL, ticket_by_number},
    {"GET", "/api/tickets/{id}", AT_R_ALL, at_h_ticket_get},
    {"PATCH", "/api/tickets/{id}", AT_R_ALL, at_h_ticket_patch},
    {"POST", "/api/tickets/{id}/messages", AT_R_ALL, at_h_messages_create},
    {"GET", "/api/views", AT_R_ALL, at_h_views},
    {"GET", "/api/search", AT_R_ALL, at_h_search},
    {"GET", "/api/updates", AT_R_ALL, at_h_updates},
    {"POST", "/api/analyze", AT_R_STAFF, at_h_analyze},
    {"POST", "/api/coach", AT_R_STAFF, at_h_coach},
    {NULL, NULL, 0, NULL},
};
