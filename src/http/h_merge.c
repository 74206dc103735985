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
    struct at_customer c;
    struct at_errinfo e = {0};
    int64_t into, moved;
    int ret;

    if (!at_http_body_id(req, "into", "the id of the customer to keep", &into))
        return;
    ret = at_desk_customers_merge(req->desk, &req->actor, req->id, into, req->address, &req->arena,
                                  &c, &moved, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200,
                  json_pack("{s:o, s:I}", "customer", at_json_customer(&c), "tickets_moved",
                            (json_int_t)moved));
}

static void ticket_merge(struct at_req *req)
{
    struct at_ticket t;
    struct at_errinfo e = {0};
    int64_t into;
    int ret;

    if (!at_http_body_id(req, "into", "the id of the ticket to keep", &into))
        return;
    ret = at_desk_tickets_merge(req->desk, &req->actor, req->id, into, &req->arena, &t, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, at_json_ticket_with_sla(req, &t));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_merge[] = {
    {"POST", "/api/customers/{id}/merge", AT_R_STAFF, customer_merge},
    {"POST", "/api/tickets/{id}/merge", AT_R_STAFF, ticket_merge},
    {NULL, NULL, 0, NULL},
};
