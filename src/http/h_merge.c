/*
 * Merging: POST /api/customers/{id}/merge {"into"} (customer {id} goes into
 * customer `into`) and POST /api/tickets/{id}/merge {"into"} (ticket {id}
 * goes into ticket `into`).
 */
#include <jansson.h>

#include "desk/merge.h"
#include "http/http.h"

#include "core/banned.h"

static void customer_merge(struct at_req *req)
{
    static const char *const fields[] = {"into", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_customer c;
    struct at_errinfo e = {0};
    int64_t into = 0, moved;
    bool present = false;
    int ret;

    if (!body)
        return;
    if (at_http_int(req, body, "into", &into, &present)) {
        if (!present || into <= 0) {
            at_http_error(req, 422, "invalid", "into", "into is the id of the customer to keep");
        } else {
            ret = at_desk_customers_merge(req->desk, &req->actor, req->id, into, req->address,
                                          &req->arena, &c, &moved, &e);
            if (ret)
                at_http_fail(req, ret, &e);
            else
                at_http_reply(req, 200,
                              json_pack("{s:o, s:I}", "customer", at_json_customer(&c),
                                        "tickets_moved", (json_int_t)moved));
        }
    }
    json_decref(body);
}

static void ticket_merge(struct at_req *req)
{
    static const char *const fields[] = {"into", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_ticket t;
    struct at_errinfo e = {0};
    int64_t into = 0;
    bool present = false;
    int ret;

    if (!body)
        return;
    if (at_http_int(req, body, "into", &into, &present)) {
        if (!present || into <= 0) {
            at_http_error(req, 422, "invalid", "into", "into is the id of the ticket to keep");
        } else {
            ret = at_desk_tickets_merge(req->desk, &req->actor, req->id, into, &req->arena, &t, &e);
            if (ret)
                at_http_fail(req, ret, &e);
            else
                at_http_reply(req, 200, at_json_ticket_with_sla(req, &t));
        }
    }
    json_decref(body);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_merge[] = {
    {"POST", "/api/customers/{id}/merge", AT_R_STAFF, customer_merge},
    {"POST", "/api/tickets/{id}/merge", AT_R_STAFF, ticket_merge},
    {NULL, NULL, 0, NULL},
};
