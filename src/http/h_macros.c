/* Macros over HTTP. */
#include <string.h>

#include "desk/macro.h"
#include "http/http.h"

#include "core/banned.h"

/* A macro's actions as the API shows them: {"status", "priority", "assignee", "add_tags"}. */
static json_t *actions_json(struct at_req *req, const struct at_macro *m)
{
    struct at_macro_actions a;
    json_t *o = json_object();

    at_desk_macro_actions(m, &req->arena, &a);
    if (a.set_status)
        json_object_set_new(o, "status", json_string(at_status_name(a.status)));
    if (a.set_priority)
        json_object_set_new(o, "priority", json_string(at_priority_name(a.priority)));
    if (a.set_assignee)
        json_object_set_new(o, "assignee",
                            a.assignee_id == AT_MACRO_ME ? json_string("me")
                            : a.assignee_id > 0          ? json_integer((json_int_t)a.assignee_id)
                                                         : json_null());
    if (a.nadd) {
        json_t *tags = json_array();

        for (size_t i = 0; i < a.nadd; i++)
            json_array_append_new(tags, json_string(a.add_tags[i]));
        json_object_set_new(o, "add_tags", tags);
    }
    return o;
}

static json_t *macro_json(struct at_req *req, const struct at_macro *m)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id, "title", m->title,
                     "body", m->body, "actions", actions_json(req, m), "created_at",
                     at_json_time(m->created_at), "updated_at", at_json_time(m->updated_at));
}

/*
 * Reads "actions" of a macro's body into `a`: {"status"?, "priority"?,
 * "assignee"? ("me", a user id, or null for nobody), "add_tags"?}; `*present`
 * says whether it was there. False after a 422.
 */
static bool read_actions(struct at_req *req, json_t *body, struct at_macro_actions *a,
                         bool *present)
{
    static const char *const keys[] = {"status", "priority", "assignee", "add_tags", NULL};
    json_t *o = json_object_get(body, "actions"), *v;
    const char *k;
    bool tags;

    memset(a, 0, sizeof(*a));
    *present = o != NULL && !json_is_null(o);
    if (!*present)
        return true;
    if (!json_is_object(o)) {
        at_http_error(req, 422, "invalid", "actions",
                      "actions must be an object: status, priority, assignee, add_tags");
        return false;
    }
    json_object_foreach(o, k, v)
    {
        size_t i;

        for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
            ;
        if (!keys[i]) {
            at_http_error(req, 422, "unknown_field", "actions", "unknown action '%s'", k);
            return false;
        }
    }
    if ((v = json_object_get(o, "status")) && !json_is_null(v)) {
        if (!at_status_parse(json_string_value(v), &a->status)) {
            at_http_error(req, 422, "invalid", "actions.status",
                          "status must be new, open, pending, on_hold, solved or closed");
            return false;
        }
        a->set_status = true;
    }
    if ((v = json_object_get(o, "priority")) && !json_is_null(v)) {
        if (!at_priority_parse(json_string_value(v), &a->priority)) {
            at_http_error(req, 422, "invalid", "actions.priority",
                          "priority must be low, normal, high or urgent");
            return false;
        }
        a->set_priority = true;
    }
    if ((v = json_object_get(o, "assignee"))) {
        if (json_is_string(v) && strcmp(json_string_value(v), "me") == 0)
            a->assignee_id = AT_MACRO_ME;
        else if (json_is_integer(v) && json_integer_value(v) > 0)
            a->assignee_id = (int64_t)json_integer_value(v);
        else if (!json_is_null(v)) {
            at_http_error(req, 422, "invalid", "actions.assignee",
                          "assignee is \"me\" (whoever uses the macro), a user id, or null");
            return false;
        }
        a->set_assignee = true;
    }
    return at_http_strings(req, o, "add_tags", &a->add_tags, &a->nadd, &tags);
}

void at_h_macros_list(struct at_req *req)
{
    static const char *const params[] = {"q", NULL};
    struct at_macro *list;
    struct at_errinfo e = {0};
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, params))
        return;
    ret = at_desk_macro_list(req->desk, &req->actor, at_http_query(req, "q"), &req->arena, &list,
                             &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, macro_json(req, &list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "macros", items));
}

void at_h_macros_create(struct at_req *req)
{
    static const char *const fields[] = {"title", "body", "actions", NULL};
    const char *title = NULL, *text = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_macro_actions a;
    struct at_errinfo e = {0};
    struct at_macro m;
    bool has_actions;
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "title", &title) && at_http_str(req, body, "body", &text) &&
        read_actions(req, body, &a, &has_actions)) {
        ret = at_desk_macro_add(req->desk, &req->actor, title, text, has_actions ? &a : NULL,
                                &req->arena, &m, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 201, macro_json(req, &m));
    }
    json_decref(body);
}

void at_h_macro_patch(struct at_req *req)
{
    static const char *const fields[] = {"title", "body", "actions", NULL};
    const char *title = NULL, *text = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_macro_actions a;
    struct at_errinfo e = {0};
    struct at_macro m;
    bool has_actions;
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "title", &title) && at_http_str(req, body, "body", &text) &&
        read_actions(req, body, &a, &has_actions)) {
        /* "actions": null removes them */
        if (!has_actions && json_is_null(json_object_get(body, "actions")))
            has_actions = true;
        ret = at_desk_macro_update(req->desk, &req->actor, req->id, title, text,
                                   has_actions ? &a : NULL, &req->arena, &m, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 200, macro_json(req, &m));
    }
    json_decref(body);
}

void at_h_macro_delete(struct at_req *req)
{
    struct at_errinfo e = {0};
    int ret = at_desk_macro_delete(req->desk, &req->actor, req->id, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

void at_h_macro_render(struct at_req *req)
{
    struct at_errinfo e = {0};
    int64_t ticket_id;
    const char *text;
    int ret;

    if (!at_http_body_id(req, "ticket_id", "the ticket to fill the macro in for", &ticket_id))
        return;
    ret = at_desk_macro_render(req->desk, &req->actor, req->id, ticket_id, &req->arena, &text, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, json_pack("{s:s}", "body", text));
}

/* POST /api/macros/{id}/apply {"ticket_id"}: the macro's actions change the ticket, and its
   text comes back filled in. */
static void macro_apply(struct at_req *req)
{
    struct at_errinfo e = {0};
    struct at_ticket t;
    int64_t ticket_id;
    const char *text;
    int ret;

    if (!at_http_body_id(req, "ticket_id", "the ticket to use the macro on", &ticket_id))
        return;
    ret =
        at_desk_macro_apply(req->desk, &req->actor, req->id, ticket_id, &req->arena, &text, &t, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(
        req, 200,
        json_pack("{s:s, s:o}", "body", text, "ticket", at_json_ticket_with_sla(req, &t)));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_macros[] = {
    {"GET", "/api/macros", AT_R_STAFF, at_h_macros_list},
    {"POST", "/api/macros", AT_R_LEAD | AT_R_ADMIN, at_h_macros_create},
    {"PATCH", "/api/macros/{id}", AT_R_LEAD | AT_R_ADMIN, at_h_macro_patch},
    {"DELETE", "/api/macros/{id}", AT_R_LEAD | AT_R_ADMIN, at_h_macro_delete},
    {"POST", "/api/macros/{id}/render", AT_R_STAFF, at_h_macro_render},
    {"POST", "/api/macros/{id}/apply", AT_R_STAFF, macro_apply},
    {NULL, NULL, 0, NULL},
};
