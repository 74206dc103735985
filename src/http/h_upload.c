/*
 * Files sent with a message: POST /api/tickets/{id}/uploads?filename=NAME with
 * the file's bytes as the body (its Content-Type the file's type); the
 * message then names the upload in "attachments". GET
 * /api/attachments/{id}/inline shows an image inline, when its bytes are one.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <string.h>

#include "desk/upload.h"
#include "http/http.h"

#include "core/banned.h"

static void upload_post(struct at_req *req)
{
    static const char *const params[] = {"filename", NULL};
    const char *type = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
    struct at_upload u;
    struct at_errinfo e = {0};
    const void *data;
    size_t len;
    int ret;

    if (!at_http_query_only(req, params) || !at_http_raw_body(req, &data, &len))
        return;
    ret = at_desk_upload(req->desk, &req->actor, req->id, at_http_query(req, "filename"), type,
                         data, len, &req->arena, &u, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 201,
                  json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)u.id, "filename", u.filename,
                            "content_type", u.content_type, "size", (json_int_t)u.size));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_upload[] = {
    {"POST", "/api/tickets/{id}/uploads", AT_R_ALL | AT_R_FILE, upload_post},
    {NULL, NULL, 0, NULL},
};
