/* Macros over HTTP. */
#include <string.h>

#include "desk/macro.h"
#include "http/http.h"

#include "core/banned.h"

static json_t *macro_json(const struct at_macro *m)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)m->id, "title", m->title,
                     "body", m->body, "created_at", at_json_time(m->created_at), "updated_at",
                     at_json_time(m->updated_at));
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
        json_array_append_new(items, macro_json(&list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "macros", items));
}

void at_h_macros_create(struct at_req *req)
{
    static const char *const fields[] = {"title", "body", NULL};
    const char *title = NULL, *text = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    struct at_macro m;
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "title", &title) && at_http_str(req, body, "body", &text)) {
        ret = at_desk_macro_add(req->desk, &req->actor, title, text, &req->arena, &m, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 201, macro_json(&m));
    }
    json_decref(body);
}

void at_h_macro_patch(struct at_req *req)
{
    static const char *const fields[] = {"title", "body", NULL};
    const char *title = NULL, *text = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    struct at_macro m;
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "title", &title) && at_http_str(req, body, "body", &text)) {
        ret =
            at_desk_macro_update(req->desk, &req->actor, req->id, title, text, &req->arena, &m, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(req, 200, macro_json(&m));
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
    static const char *const fields[] = {"ticket_id", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    int64_t ticket_id = 0;
    const char *text;
    int ret;

    if (!body)
        return;
    if (at_http_int(req, body, "ticket_id", &ticket_id, NULL)) {
        if (ticket_id <= 0) {
            at_http_error(req, 422, "invalid", "ticket_id", "ticket_id is required");
        } else {
            ret = at_desk_macro_render(req->desk, &req->actor, req->id, ticket_id, &req->arena,
                                       &text, &e);
            if (ret)
                at_http_fail(req, ret, &e);
            else
                at_http_reply(req, 200, json_pack("{s:s}", "body", text));
        }
    }
    json_decref(body);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_macros[] = {
    {"GET", "/api/macros", AT_R_STAFF, at_h_macros_list},
    {"POST", "/api/macros", AT_R_LEAD | AT_R_ADMIN, at_h_macros_create},
    {"PATCH", "/api/macros/{id}", AT_R_LEAD | AT_R_ADMIN, at_h_macro_patch},
    {"DELETE", "/api/macros/{id}", AT_R_LEAD | AT_R_ADMIN, at_h_macro_delete},
    {"POST", "/api/macros/{id}/render", AT_R_STAFF, at_h_macro_render},
    {NULL, NULL, 0, NULL},
};
