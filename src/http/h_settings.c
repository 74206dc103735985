/* The team's settings over HTTP: the coach's floor below which a reply waits for a confirm. */
#include "desk/coaching.h"
#include "http/http.h"

#include "core/banned.h"

static json_t *coach_settings_json(int floor)
{
    return json_pack("{s:i, s:i}", "confirm_below", floor, "default", AT_COACH_FLOOR_DEFAULT);
}

void at_h_settings_coach_get(struct at_req *req)
{
    struct at_errinfo e = {0};
    int floor = 0;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_coach_floor_get(req->desk, &req->actor, &floor, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, coach_settings_json(floor));
}

/* {"confirm_below": 0 (off) to 100}: the whole setting, so PUT. */
void at_h_settings_coach_put(struct at_req *req)
{
    static const char *const fields[] = {"confirm_below", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    int64_t floor = 0;
    bool present = false;
    int ret;

    if (!body)
        return;
    if (!at_http_int(req, body, "confirm_below", &floor, &present))
        goto out;
    if (!present || json_is_null(json_object_get(body, "confirm_below"))) {
        at_http_error(req, 422, "invalid", "confirm_below",
                      "confirm_below is required: a whole number from 0 (off) to %d",
                      AT_COACH_FLOOR_MAX);
        goto out;
    }
    ret = at_desk_coach_floor_set(req->desk, &req->actor, floor, req->address, &e);
    if (ret) {
        at_http_fail(req, ret, &e);
        goto out;
    }
    at_http_reply(req, 200, coach_settings_json((int)floor));
out:
    json_decref(body);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_settings[] = {
    {"GET", "/api/settings/coach", AT_R_ADMIN, at_h_settings_coach_get},
    {"PUT", "/api/settings/coach", AT_R_ADMIN, at_h_settings_coach_put},
    {NULL, NULL, 0, NULL},
};
