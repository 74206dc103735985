/* Mail over HTTP: the attachments of a ticket, one attachment's bytes, the quarantine. */
#include <ctype.h>
#include <string.h>

#include "core/str.h"
#include "desk/inbound.h"
#include "desk/outbound.h"
#include "desk/upload.h"
#include "http/http.h"

#include "core/banned.h"

void at_http_file(struct at_req *req, const void *data, size_t len, const char *type,
                  const char *filename)
{
    /*
     * The name goes in quotes with anything that could break out of them, or
     * out of the header, replaced; the UTF-8 name goes as filename* (RFC 6266).
     */
    struct at_buf ascii = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_buf utf8 = AT_BUF_INIT(AT_BUF_NOLIMIT);
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
        at_buf_addch(&ascii, *p < 0x20 || *p >= 0x7F || *p == '"' || *p == '\\' ? '_' : (char)*p);
        if (isalnum(*p) || strchr("!#$&+-.^_`|~", *p)) {
            at_buf_addch(&utf8, (char)*p);
        } else {
            char q[3] = {'%', hex[*p >> 4], hex[*p & 15]};

            at_buf_add(&utf8, q, 3);
        }
    }
    req->file = data;
    req->file_len = len;
    /* a type that would make a browser run the file is served as plain bytes */
    req->file_type = type && type[0] && !strpbrk(type, "\r\n") && !strstr(type, "html") &&
                             !strstr(type, "javascript") && !strstr(type, "svg") &&
                             !strstr(type, "xml")
                         ? type
                         : "application/octet-stream";
    req->file_disposition = at_arena_printf(&req->arena,
                                            "attachment; filename=\"%s\"; "
                                            "filename*=UTF-8''%s",
                                            ascii.data, utf8.data);
    at_buf_release(&ascii);
    at_buf_release(&utf8);
    at_http_reply(req, 200, json_object());
}

static json_t *attachment_json(const struct at_attachment *a)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:o}", "id", (json_int_t)a->id,
                     "ticket_id", (json_int_t)a->ticket_id, "message_id", (json_int_t)a->message_id,
                     "filename", a->filename, "content_type", a->content_type, "size",
                     (json_int_t)a->size, "sha256", a->sha256, "created_at",
                     at_json_time(a->created_at));
}

void at_h_attachments_list(struct at_req *req)
{
    struct at_errinfo e = {0};
    struct at_attachment *list;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_attachment_list(req->desk, &req->actor, req->id, &req->arena, &list, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, attachment_json(&list[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "attachments", items));
}

void at_h_attachment_get(struct at_req *req)
{
    static const char *const params[] = {"inline", NULL};
    struct at_errinfo e = {0};
    struct at_attachment a;
    const char *image, *in = NULL;
    int ret;

    if (!at_http_query_only(req, params))
        return;
    in = at_http_query(req, "inline");
    ret = at_desk_attachment_get(req->desk, &req->actor, req->id, &req->arena, &a, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_file(req, a.data, (size_t)a.size, a.content_type, a.filename);
    /* ?inline=1 shows a picture in the page, and only when its bytes are a picture (PNG, JPEG,
       GIF, WebP): never what the sender only called one */
    if (in && strcmp(in, "1") == 0 && at_desk_inline_image(a.data, (size_t)a.size, &image)) {
        req->file_type = image;
        req->file_disposition =
            at_arena_printf(&req->arena, "inline%s", strchr(req->file_disposition, ';'));
    }
}

void at_h_quarantine_list(struct at_req *req)
{
    struct at_quarantine *list;
    struct at_errinfo e = {0};
    int64_t before, limit;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_page_back(req, "a quarantine id", &before, &limit))
        return;
    ret = at_desk_quarantine_list(req->desk, &req->actor, before, (size_t)limit, &req->arena, &list,
                                  &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "id",
                                        (json_int_t)list[i].id, "reason", list[i].reason, "from",
                                        list[i].from_addr, "subject", list[i].subject, "message_id",
                                        list[i].message_id, "size", (json_int_t)list[i].size,
                                        "kept", (json_int_t)list[i].raw_len, "created_at",
                                        at_json_time(list[i].created_at)));
    at_http_reply(
        req, 200,
        json_pack("{s:o, s:o}", "quarantine", items, "next",
                  (int64_t)n == limit
                      ? json_string(at_arena_printf(&req->arena, "%lld", (long long)list[n - 1].id))
                      : json_null()));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
/* GET /api/mail/status: whether mail goes out, and how much waits in the outbox for it. */
static void mail_status(struct at_req *req)
{
    struct at_mail_status ms;
    struct at_errinfo e = {0};
    json_t *o;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_mail_status(req->desk, &req->arena, &ms, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    o = json_pack("{s:b, s:s?, s:I}", "outbound", ms.outbound, "from", ms.from[0] ? ms.from : NULL,
                  "held", (json_int_t)ms.held);
    /* admins see how it is set up (never the password) */
    if (req->actor.role == AT_ROLE_ADMIN && req->cfg)
        json_object_set_new(o, "relay",
                            json_pack("{s:s, s:I, s:s, s:b}", "host",
                                      at_config_str(req->cfg, "smtp_host"), "port",
                                      (json_int_t)at_config_int(req->cfg, "smtp_port"), "starttls",
                                      at_config_str(req->cfg, "smtp_starttls"), "auth",
                                      at_config_str(req->cfg, "smtp_user")[0] != '\0'));
    at_http_reply(req, 200, o);
}

/* POST /api/mail/test {"to"}: a test mail through the relay now; its answer comes back. */
static void mail_test(struct at_req *req)
{
    static const char *const fields[] = {"to", NULL};
    json_t *body = at_http_body(req, fields, false);
    const char *to = NULL;
    struct at_errinfo e = {0};
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "to", &to)) {
        ret = at_desk_mail_test(req->desk, &req->actor, to, req->address, &e);
        if (ret)
            at_http_fail(req, ret == AT_EIO ? AT_ESTATE : ret, &e);
        else
            at_http_reply(req, 200, json_pack("{s:b, s:s}", "sent", 1, "to", to));
    }
    json_decref(body);
}

const struct at_route at_routes_mail[] = {
    {"GET", "/api/tickets/{id}/attachments", AT_R_ALL, at_h_attachments_list},
    {"GET", "/api/attachments/{id}", AT_R_ALL, at_h_attachment_get},
    {"GET", "/api/mail/quarantine", AT_R_LEAD | AT_R_ADMIN, at_h_quarantine_list},
    {"GET", "/api/mail/status", AT_R_STAFF, mail_status},
    {"POST", "/api/mail/test", AT_R_ADMIN, mail_test},
    {NULL, NULL, 0, NULL},
};
