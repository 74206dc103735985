/* POST /api/tickets/bulk: one change to several tickets from the queue, all or nothing. */
#include <jansson.h>

#include "desk/bulk.h"
#include "desk/merge.h"
#include "http/http.h"

#include "core/banned.h"

static void bulk_post(struct at_req *req)
{
    static const char *const fields[] = {"ids",      "status",      "priority",   "assignee_id",
                                         "add_tags", "remove_tags", "merge_into", NULL};
    json_t *body = at_http_body(req, fields, false);
    json_t *ids, *v, *done;
    struct at_bulk_change c = {0};
    struct at_errinfo e = {0};
    int64_t list[AT_BULK_MAX], failed;
    size_t n = 0, i;
    bool present;
    int ret;

    if (!body)
        return;
    ids = json_object_get(body, "ids");
    if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > AT_BULK_MAX) {
        at_http_error(req, 422, "invalid", "ids", "ids must be a list of 1 to %d ticket ids",
                      AT_BULK_MAX);
        goto out;
    }
    json_array_foreach(ids, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            at_http_error(req, 422, "invalid", "ids", "ids[%zu] must be a ticket id", i);
            goto out;
        }
        list[n++] = (int64_t)json_integer_value(v);
    }
    if (json_object_get(body, "merge_into")) {
        struct at_ticket t;
        int64_t into = 0;

        if (json_object_size(body) != 2 || !at_http_int(req, body, "merge_into", &into, &present) ||
            into <= 0) {
            if (!req->out)
                at_http_error(
                    req, 422, "invalid", "merge_into",
                    "merge_into is the id of the ticket to keep, and comes alone with ids");
            goto out;
        }
        ret = at_desk_tickets_merge_many(req->desk, &req->actor, list, n, into, &req->arena, &t,
                                         &failed, &e);
        if (ret) {
            at_http_fail(req, ret, &e);
            if (failed && req->out)
                json_object_set_new(json_object_get(req->out, "error"), "ticket_id",
                                    json_integer((json_int_t)failed));
            goto out;
        }
        at_http_reply(req, 200,
                      json_pack("{s:I, s:o}", "merged_into", (json_int_t)into, "ticket",
                                at_json_ticket_with_sla(req, &t)));
        goto out;
    }
    if (!at_http_ticket_fields(req, body, &c.set) ||
        !at_http_strings(req, body, "add_tags", &c.add_tags, &c.nadd, &present) ||
        !at_http_strings(req, body, "remove_tags", &c.remove_tags, &c.nremove, &present))
        goto out;
    ret = at_desk_tickets_bulk(req->desk, &req->actor, list, n, &c, &failed, &e);
    if (ret) {
        at_http_fail(req, ret, &e);
        if (failed && req->out)
            json_object_set_new(json_object_get(req->out, "error"), "ticket_id",
                                json_integer((json_int_t)failed));
        goto out;
    }
    done = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(done, json_integer((json_int_t)list[i]));
    at_http_reply(req, 200, json_pack("{s:I, s:o}", "updated", (json_int_t)n, "ids", done));
out:
    json_decref(body);
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_bulk[] = {
    {"POST", "/api/tickets/bulk", AT_R_STAFF, bulk_post},
    {NULL, NULL, 0, NULL},
};
