/*
 * Getting in, over HTTP: "Forgot your password?" (a link by mail), the portal
 * link staff send a customer, and the invitation an admin sends a user.
 */
#include <jansson.h>

#include "desk/access.h"
#include "http/http.h"

#include "core/banned.h"

static const char *const no_fields[] = {NULL};

/* POST /api/password-reset/request {"email"}: the same answer whether the address is known. */
static void request_link(struct at_req *req)
{
    static const char *const fields[] = {"email", NULL};
    json_t *body = at_http_body(req, fields, false);
    const char *email = NULL;
    struct at_errinfo e = {0};
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "email", &email))
        goto out;
    if (!email) {
        at_http_error(req, 422, "invalid", "email", "email is required");
        goto out;
    }
    ret = at_desk_access_request(req->desk, email, req->address, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 202,
                      json_pack("{s:b, s:s}", "ok", 1, "message",
                                "If that address is known here, a link to set a password is on "
                                "its way to it. It works for an hour."));
out:
    json_decref(body);
}

static void sent_reply(struct at_req *req, int ret, const struct at_access_sent *s,
                       const struct at_errinfo *e)
{
    if (ret)
        return at_http_fail(req, ret, e);
    at_http_reply(req, 200,
                  json_pack("{s:I, s:s, s:b, s:s}", "user_id", (json_int_t)s->user_id, "email",
                            s->email, "created", s->created, "mail", s->held ? "outbox" : "sent"));
}

typedef int invite_fn(struct at_desk *d, const struct at_actor *who, int64_t id,
                      const char *address, struct at_arena *arena, struct at_access_sent *out,
                      struct at_errinfo *e);

/* A link sent by mail to the account of record {id}, as `send` makes it; the body is empty. */
static void invite_route(struct at_req *req, invite_fn *send)
{
    json_t *body = at_http_body(req, no_fields, true);
    struct at_access_sent s;
    struct at_errinfo e = {0};
    int ret;

    if (!body)
        return;
    json_decref(body);
    ret = send(req->desk, &req->actor, req->id, req->address, &req->arena, &s, &e);
    sent_reply(req, ret, &s, &e);
}

/* POST /api/customers/{id}/portal-link: a link into the portal, by mail, to the customer. */
static void portal_link(struct at_req *req)
{
    invite_route(req, at_desk_portal_invite);
}

/* POST /api/users/{id}/invite: a link to set the password, by mail, to the user. */
static void user_invite(struct at_req *req)
{
    invite_route(req, at_desk_user_invite);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_access[] = {
    {"POST", "/api/password-reset/request", AT_R_ANON, request_link},
    {"POST", "/api/customers/{id}/portal-link", AT_R_STAFF, portal_link},
    {"POST", "/api/users/{id}/invite", AT_R_ADMIN, user_invite},
    {NULL, NULL, 0, NULL},
};
