/* Signatures over HTTP: your own, and the team's (admins). */
#include <jansson.h>

#include "desk/signature.h"
#include "http/http.h"

#include "core/banned.h"

/* GET /api/signature: {"mine", "team", "shown"}: what ends your replies, filled in. */
static void signature_get(struct at_req *req)
{
    const char *mine, *team;
    struct at_errinfo e = {0};
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_signatures(req->desk, &req->actor, &req->arena, &mine, &team, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200,
                  json_pack("{s:s, s:s, s:s}", "mine", mine, "team", team, "shown",
                            at_desk_signature_for(req->desk, &req->actor, &req->arena)));
}

static void put(struct at_req *req, bool team)
{
    static const char *const fields[] = {"signature", NULL};
    json_t *body = at_http_body(req, fields, false);
    const char *text = NULL;
    struct at_errinfo e = {0};
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "signature", &text)) {
        ret = at_desk_signature_set(req->desk, &req->actor, team, text, req->address, &e);
        if (ret) {
            at_http_fail(req, ret, &e);
        } else {
            json_decref(body);
            return signature_get(req);
        }
    }
    json_decref(body);
}

static void mine_put(struct at_req *req)
{
    put(req, false);
}
static void team_put(struct at_req *req)
{
    put(req, true);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_signature[] = {
    {"GET", "/api/signature", AT_R_STAFF, signature_get},
    {"PUT", "/api/signature", AT_R_STAFF, mine_put},
    {"PUT", "/api/settings/signature", AT_R_ADMIN, team_put},
    {NULL, NULL, 0, NULL},
};
