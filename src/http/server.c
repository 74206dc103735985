/* libmicrohttpd glue: requests in, routes, credentials, roles, JSON out. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/mem.h"
#include "desk/session.h"
#include "http/http.h"

#include "core/banned.h"

#define MAX_WORKERS 512

/*
 * The registry of routes: each file of handlers (h_<area>.c) lists its routes
 * and the roles each admits next to the handlers, and is named here once. A
 * path is matched in this order, so no two tables may hold the same method
 * and pattern (tests/api checks every route for every role).
 */
static const struct at_route *const route_tables[] = {
    at_routes_people,     at_routes_tickets,  at_routes_jobs,    at_routes_sla,
    at_routes_macros,     at_routes_settings, at_routes_surveys, at_routes_mail,
    at_routes_vocabulary, at_routes_live,     at_routes_access,  at_routes_bulk,
    at_routes_signature,  at_routes_merge,    at_routes_upload,
};

const struct at_route *const *at_http_route_tables(size_t *n)
{
    *n = sizeof(route_tables) / sizeof(route_tables[0]);
    return route_tables;
}

/* A worker thread's own store handle and desk. */
struct worker {
    struct at_store *store;
    struct at_desk desk;
};

static struct {
    const struct at_app *app;
    const struct at_config *cfg;
    const struct at_text_engine *text;
    size_t max_body;
    size_t upload_max; /* of a file route's body */
    int64_t session_ttl_ms;
    bool trust_proxy;
    pthread_mutex_t lock;
    struct worker *workers[MAX_WORKERS];
    size_t nworkers;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local struct worker *this_worker;

static struct worker *worker(void)
{
    struct at_errinfo e = {0};
    struct worker *w;

    if (this_worker)
        return this_worker;
    w = at_xcalloc(1, sizeof(*w));
    w->store = at_app_connect(srv.app, &e);
    if (!w->store) {
        at_log_error("http", "worker cannot open the database: %s", e.msg);
        free(w);
        return NULL;
    }
    at_app_desk_init(srv.app, &w->desk, w->store);
    pthread_mutex_lock(&srv.lock);
    if (srv.nworkers < MAX_WORKERS)
        srv.workers[srv.nworkers++] = w;
    pthread_mutex_unlock(&srv.lock);
    this_worker = w;
    return w;
}

/* ---- responses ---- */

void at_http_reply(struct at_req *req, int status, json_t *body)
{
    if (req->out)
        json_decref(req->out);
    req->status = status;
    req->out = body;
}

void at_http_error(struct at_req *req, int status, const char *code, const char *field,
                   const char *fmt, ...)
{
    char msg[512], name[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(name, sizeof(name), "%s", field ? field : "");
    /* messages quote what the client sent, and JSON must be UTF-8 */
    at_utf8_scrub(msg);
    at_utf8_scrub(name);
    at_http_reply(
        req, status,
        json_pack("{s:{s:s, s:s, s:s}}", "error", "code", code, "message", msg, "field", name));
}

void at_http_fail(struct at_req *req, int err, const struct at_errinfo *e)
{
    const char *msg = e && e->msg[0] ? e->msg : NULL;
    const char *field = e ? e->field : "";

    switch (err) {
    case AT_EINVAL:
        at_http_error(req, 422, "invalid", field, "%s", msg ? msg : "the request is not valid");
        break;
    case AT_EUTF8:
        at_http_error(req, 400, "bad_utf8", field, "%s", msg ? msg : "text must be UTF-8");
        break;
    case AT_ENOTFOUND:
        at_http_error(req, 404, "not_found", field, "%s", msg ? msg : "not found");
        break;
    case AT_ECONFLICT:
        at_http_error(req, 409, "conflict", field, "%s", msg ? msg : "that exists already");
        break;
    case AT_ESTATE:
        at_http_error(req, 409, "bad_state", field, "%s",
                      msg ? msg : "not possible in the current state");
        break;
    case AT_EPERM:
        at_http_error(req, 403, "forbidden", field, "%s", msg ? msg : "not allowed for your role");
        break;
    case AT_EAUTH:
        at_http_error(req, 401, "unauthorized", field, "%s", msg ? msg : "sign in first");
        break;
    case AT_ETOOBIG:
        at_http_error(req, 413, "too_big", field, "%s", msg ? msg : "too big");
        break;
    case AT_ERATE:
        at_http_error(req, 429, "rate_limited", field, "%s", msg ? msg : "too many attempts");
        break;
    case AT_ECONFIRM:
        at_http_error(req, 409, "confirm_required", field, "%s",
                      msg ? msg : "send it again with \"confirm\": true");
        break;
    default:
        at_http_error(req, 500, "internal", "",
                      "something went wrong on our side; quote request id %s", req->rid);
        break;
    }
}

json_t *at_http_raw(struct at_req *req, const char *json)
{
    if (req->nraw == req->raw_cap) {
        const char **grown;

        req->raw_cap = req->raw_cap ? req->raw_cap * 2 : 8;
        grown = at_arena_alloc(&req->arena, req->raw_cap * sizeof(*grown));
        if (req->nraw)
            memcpy(grown, req->raw, req->nraw * sizeof(*grown));
        req->raw = grown;
    }
    req->raw[req->nraw] = json;
    /* the request id is random, so no text a client sent can look like this marker */
    return json_string(at_arena_printf(&req->arena, "\x01%s:%zu", req->rid, req->nraw++));
}

/* Replaces each raw marker in the printed body by its JSON text. Takes `body`; returns malloc'd. */
static char *splice_raw(struct at_req *req, char *body)
{
    struct at_buf out = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *p = body;
    char marker[64];

    snprintf(marker, sizeof(marker), "\"\\u0001%s:", req->rid);
    for (;;) {
        const char *m = strstr(p, marker);
        int64_t k;
        const char *end;

        if (!m) {
            at_buf_adds(&out, p);
            break;
        }
        at_buf_add(&out, p, (size_t)(m - p));
        end = strchr(m + strlen(marker), '"');
        if (!end ||
            !at_str_to_i64((struct at_str){m + strlen(marker), (size_t)(end - m - strlen(marker))},
                           &k) ||
            k < 0 || (size_t)k >= req->nraw) {
            at_buf_add(&out, m, 1);
            p = m + 1;
            continue;
        }
        at_buf_adds(&out, req->raw[k]);
        p = end + 1;
    }
    free(body);
    return at_buf_detach(&out, NULL);
}

/* ---- routing ---- */

/* Matches `path` against `pattern`; sets *id to the {id} segment. */
static bool match(const char *pattern, const char *path, struct at_str *id)
{
    struct at_str p = at_str_from(pattern), q = at_str_from(path);

    while (p.p && q.p) {
        struct at_str ps, qs;

        p = at_str_cut(p, '/', &ps);
        q = at_str_cut(q, '/', &qs);
        if (at_str_eqc(ps, "{id}") || at_str_eqc(ps, "{token}")) {
            if (qs.n == 0)
                return false;
            *id = qs;
        } else if (!at_str_eq(ps, qs)) {
            return false;
        }
    }
    return !p.p && !q.p;
}

static void client_address(struct at_req *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char *fwd;

    snprintf(req->address, sizeof(req->address), "unknown");
    if (srv.trust_proxy &&
        (fwd = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-For"))) {
        /* the proxy appends the address it saw: the last entry, the one a client cannot forge */
        const char *last = strrchr(fwd, ',');

        last = last ? last + 1 : fwd;
        while (*last == ' ')
            last++;
        snprintf(req->address, sizeof(req->address), "%.*s", (int)strcspn(last, " "), last);
        return;
    }
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  req->address, sizeof(req->address));
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
                  req->address, sizeof(req->address));
}

/* Who is asking: a bearer token, or a session cookie. */
static void authenticate(struct at_req *req)
{
    struct at_store *st = req->desk->store;
    const char *authz = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization");
    const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "attune_session");

    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        if (at_desk_token_user(st, authz + 7, req->now, &req->arena, &req->user) == 0)
            req->auth = AT_AUTH_TOKEN;
    } else if (cookie) {
        bool renewed = false;

        if (at_desk_session_user(st, cookie, req->now, srv.session_ttl_ms, &req->arena, &req->user,
                                 &req->session_hash, &req->csrf, &renewed) == 0)
            req->auth = AT_AUTH_COOKIE;
        /* a renewed session tells the browser to keep the cookie longer too */
        if (renewed)
            req->set_cookie = at_arena_printf(&req->arena,
                                              "attune_session=%s; HttpOnly; SameSite=Lax; Path=/; "
                                              "Max-Age=%lld",
                                              cookie, (long long)(srv.session_ttl_ms / 1000));
    }
    if (req->auth != AT_AUTH_NONE) {
        at_actor_from_user(&req->actor, &req->user);
        req->actor.address = req->address;
    } else {
        req->actor.role = AT_ROLE_CUSTOMER;
    }
}

static bool unsafe_method(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Whether `method` is already in the comma-separated list `allow`. */
static bool method_listed(const char *allow, const char *method)
{
    size_t n = strlen(method);

    for (const char *p = strstr(allow, method); p; p = strstr(p + 1, method))
        if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

static void dispatch(struct at_req *req)
{
    const struct at_route *found = NULL;
    char allow[128] = "";
    struct at_str id = {NULL, 0};

    if (strcmp(req->path, "/healthz") == 0) {
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
            at_http_reply(req, 200, json_pack("{s:s}", "status", "ok"));
        } else {
            req->allow = "GET, HEAD";
            at_http_error(req, 405, "method_not_allowed", "", "use GET");
        }
        return;
    }
    for (size_t k = 0; !found && k < sizeof(route_tables) / sizeof(route_tables[0]); k++) {
        for (const struct at_route *r = route_tables[k]; r->method; r++) {
            struct at_str rid = {NULL, 0};

            if (!match(r->pattern, req->path, &rid))
                continue;
            if (strcmp(r->method, req->method) == 0) {
                found = r;
                id = rid;
                break;
            }
            if (!method_listed(allow, r->method))
                snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s",
                         allow[0] ? ", " : "", r->method);
        }
    }
    if (!found) {
        if (allow[0]) {
            req->allow = at_arena_strdup(&req->arena, allow);
            at_http_error(req, 405, "method_not_allowed", "", "%s %s is not allowed; use %s",
                          req->method, req->path, allow);
        } else {
            at_http_error(req, 404, "not_found", "", "no such route: %s", req->path);
        }
        return;
    }
    if (id.p) {
        req->path_id = at_arena_strs(&req->arena, id);
        /* a {token} segment is text that its handler checks; an {id} is a positive number */
        if (!strstr(found->pattern, "{token}") && (!at_str_to_i64(id, &req->id) || req->id <= 0)) {
            at_http_error(req, 404, "not_found", "id", "'%s' is not an id", req->path_id);
            return;
        }
    }
    authenticate(req);
    if (found->roles != AT_R_ANON) {
        if (req->auth == AT_AUTH_NONE) {
            at_http_error(req, 401, "unauthorized", "",
                          "sign in first (POST /api/login) or send an API token");
            return;
        }
        if (!(found->roles & (1u << req->user.role))) {
            at_http_error(req, 403, "forbidden", "", "the role %s may not %s %s",
                          at_role_name(req->user.role), req->method, found->pattern);
            return;
        }
        if (req->auth == AT_AUTH_COOKIE && unsafe_method(req->method)) {
            const char *sent =
                MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");

            if (!sent || !req->csrf || !at_secret_eq(sent, req->csrf)) {
                at_http_error(req, 403, "csrf", "",
                              "send the csrf value from sign-in as the X-CSRF-Token header");
                return;
            }
        }
    }
    found->fn(req);
}

/* ---- the web app ---- */

static const char *content_type(const char *name)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain"},
    };
    const char *dot = strrchr(name, '.');

    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

static const struct at_embedded *web_file(const char *name)
{
    for (const struct at_embedded *f = at_web_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/*
 * The embedded web app: a file by its path, else the page that routes it in
 * the browser (portal.html for /portal and /reset, index.html for the rest).
 */
static const struct at_embedded *find_page(const char *path)
{
    const struct at_embedded *f = web_file(path + 1);

    if (f && path[1])
        return f;
    if (strncmp(path, "/portal", 7) == 0 || strncmp(path, "/reset", 6) == 0) {
        f = web_file("portal.html");
        if (f)
            return f;
    }
    if (strncmp(path, "/survey/", 8) == 0 && (f = web_file("survey.html")))
        return f;
    /* a missing asset is a 404, not the app */
    if (strrchr(path, '.') > strrchr(path, '/'))
        return NULL;
    return web_file("index.html");
}

static enum MHD_Result serve_static(struct at_req *req, const struct at_embedded *f)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    req->status = 200;
    MHD_add_response_header(resp, "Content-Type", content_type(f->name));
    MHD_add_response_header(resp, "X-Request-Id", req->rid);
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                            "object-src 'none'; base-uri 'none'; form-action 'self'; "
                            "frame-ancestors 'none'");
    ret = MHD_queue_response(req->conn, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- libmicrohttpd ---- */

static void add_headers(struct MHD_Response *resp, struct at_req *req, bool secure)
{
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "X-Request-Id", req->rid);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    if (req->set_cookie) {
        char *c = at_arena_printf(&req->arena, "%s%s", req->set_cookie, secure ? "; Secure" : "");

        MHD_add_response_header(resp, "Set-Cookie", c);
    }
    if (req->retry_after)
        MHD_add_response_header(resp, "Retry-After", req->retry_after);
    if (req->allow)
        MHD_add_response_header(resp, "Allow", req->allow);
}

static bool behind_tls(struct at_req *req)
{
    const char *proto;

    if (!srv.trust_proxy)
        return false;
    proto = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return proto && strcmp(proto, "https") == 0;
}

/*
 * What staff write about customers and what the text engine reads in them is
 * for staff: customers' answers never carry it, whatever route built them.
 */
static void redact_for_customers(json_t *o)
{
    static const char *const staff_only[] = {
        "notes", "tier", "lifetime_value", "mood", "analysis", "coaching", "tone"};
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_array(o)) {
        json_array_foreach(o, i, v)
        {
            redact_for_customers(v);
        }
    } else if (json_is_object(o)) {
        for (i = 0; i < sizeof(staff_only) / sizeof(staff_only[0]); i++)
            json_object_del(o, staff_only[i]);
        json_object_foreach(o, key, v)
        {
            redact_for_customers(v);
        }
    }
}

static enum MHD_Result respond(struct at_req *req)
{
    struct MHD_Response *resp;
    char *body;
    enum MHD_Result ret;

    if (req->stream && req->status == 200) {
        /* an event stream (h_live.c): its headers, then whatever its reader says */
        resp = req->stream;
        req->stream = NULL;
        req->streamed = true;
        add_headers(resp, req, behind_tls(req));
        MHD_del_response_header(resp, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
        MHD_add_response_header(resp, "X-Accel-Buffering", "no");
        MHD_add_response_header(resp, "Connection", "close");
        ret = MHD_queue_response(req->conn, 200, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    if (req->stream) {
        MHD_destroy_response(req->stream);
        req->stream = NULL;
    }
    if (!req->out)
        at_http_error(req, 500, "internal", "", "no response; quote request id %s", req->rid);
    if (req->auth != AT_AUTH_NONE && req->user.role == AT_ROLE_CUSTOMER && req->status < 400)
        redact_for_customers(req->out);
    body = json_dumps(req->out, JSON_COMPACT);
    if (!body) {
        at_http_error(req, 500, "internal", "", "cannot write the response");
        body = json_dumps(req->out, JSON_COMPACT);
    }
    if (req->nraw)
        body = splice_raw(req, body);
    if (req->file && req->status == 200) {
        /* a download (at_http_file): its bytes instead of the JSON */
        free(body);
        resp = MHD_create_response_from_buffer(req->file_len, (void *)req->file,
                                               MHD_RESPMEM_MUST_COPY);
        add_headers(resp, req, behind_tls(req));
        MHD_del_response_header(resp, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(resp, "Content-Type", req->file_type);
        MHD_add_response_header(resp, "Content-Disposition", req->file_disposition);
    } else {
        resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
        add_headers(resp, req, behind_tls(req));
    }
    ret = MHD_queue_response(req->conn, (unsigned)req->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The body cap of `method` `url`: a file route's is upload_max_kib, every other max_body_kib. */
static size_t body_cap(const char *method, const char *url)
{
    for (size_t k = 0; k < sizeof(route_tables) / sizeof(route_tables[0]); k++)
        for (const struct at_route *r = route_tables[k]; r->method; r++) {
            struct at_str id = {NULL, 0};

            if ((r->roles & AT_R_FILE) && strcmp(r->method, method) == 0 &&
                match(r->pattern, url, &id))
                return srv.upload_max;
        }
    return srv.max_body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct at_req *req = *con_cls;
    struct worker *w;

    (void)cls;
    (void)version;
    if (!req) {
        req = at_xcalloc(1, sizeof(*req));
        req->conn = conn;
        req->arena = AT_ARENA_INIT;
        req->body = AT_BUF_INIT(body_cap(method, url));
        req->method = method;
        req->path = url;
        req->started_ms = at_monotonic_ms();
        req->now = at_clock_now(&at_clock_system);
        at_random_hex(req->rid, 8);
        *con_cls = req;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!req->body_too_big && at_buf_add(&req->body, upload_data, *upload_data_size) != 0)
            req->body_too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    at_log_set_request(req->rid);
    client_address(req);
    if ((strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
        strncmp(url, "/api/", 5) != 0 && strcmp(url, "/api") != 0 && strcmp(url, "/healthz") != 0) {
        const struct at_embedded *f = find_page(url);

        if (f)
            return serve_static(req, f);
    }
    req->cfg = srv.cfg;
    req->text = srv.text;
    w = worker();
    if (!w) {
        at_http_error(req, 503, "unavailable", "", "the database cannot be opened right now");
    } else {
        req->desk = &w->desk;
        dispatch(req);
    }
    return respond(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct at_req *req = *con_cls;

    (void)cls;
    (void)conn;
    if (!req)
        return;
    at_log_set_request(req->rid);
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        at_log_info("http", "%s %s %d %lldms addr=%s", req->method, req->path, req->status,
                    (long long)(at_monotonic_ms() - req->started_ms), req->address);
    else if (req->streamed)
        /* an event stream ends when its reader goes: that is how it ends, not a fault */
        at_log_info("http", "%s %s %d %lldms addr=%s (the reader went)", req->method, req->path,
                    req->status, (long long)(at_monotonic_ms() - req->started_ms), req->address);
    else
        at_log_warn("http", "%s %s ended early (%d)", req->method, req->path, (int)toe);
    at_log_set_request(NULL);
    if (req->out)
        json_decref(req->out);
    at_buf_release(&req->body);
    at_arena_release(&req->arena);
    free(req);
    *con_cls = NULL;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    char msg[512];

    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    if (strstr(msg, "socket is no longer available"))
        at_log_info("http", "%s", msg); /* the client hung up: ordinary for an event stream */
    else
        at_log_warn("http", "%s", msg);
}

/* "127.0.0.1:8080" or "[::1]:8080" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len,
                        struct at_errinfo *e)
{
    const char *colon = strrchr(listen, ':');
    char host[128];
    int64_t port;

    memset(ss, 0, sizeof(*ss));
    if (!colon || !at_cstr_to_i64(colon + 1, &port) || port < 0 || port > 65535)
        return at_errinfo_set(e, AT_EINVAL, "listen",
                              "listen must be HOST:PORT, like 127.0.0.1:8080, not '%s'", listen);
    snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

        host[strlen(host) - 1] = '\0';
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return at_errinfo_set(e, AT_EINVAL, "listen", "'%s' is not an IPv6 address", host + 1);
        *len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;

        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return at_errinfo_set(e, AT_EINVAL, "listen",
                                  "'%s' is not an IPv4 address; use 127.0.0.1, 0.0.0.0 or [::1]",
                                  host);
        *len = sizeof(*a);
    }
    return 0;
}

int at_http_serve(const struct at_app *app, struct at_errinfo *e)
{
    const struct at_config *cfg = app->cfg;
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    struct MHD_Daemon *d;
    MHD_socket listener;
    sigset_t sigs;
    int sig = 0;
    int ret;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_EPOLL |
                     MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;

    srv.app = app;
    srv.cfg = cfg;
    srv.text = app->text;
    srv.max_body = (size_t)at_config_int(cfg, "max_body_kib") * 1024;
    srv.upload_max = (size_t)at_config_int(cfg, "upload_max_kib") * 1024;
    srv.session_ttl_ms = at_config_int(cfg, "session_hours") * 3600 * 1000;
    srv.trust_proxy = at_config_bool(cfg, "trust_proxy");
    ret = parse_listen(at_config_str(cfg, "listen"), &ss, &sslen, e);
    if (ret)
        return ret;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;

    /* the workers inherit this mask; only the main thread takes the signals */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER,
                         on_mhd_error, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)at_config_int(cfg, "threads"),
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!d)
        return at_errinfo_set(e, AT_EIO, "listen",
                              "cannot listen on %s (in use, or not an address of this machine)",
                              at_config_str(cfg, "listen"));
    if (at_http_live_start(app))
        at_log_warn("http", "the live stream cannot start; clients will poll for changes");
    at_log_info("http", "listening on http://%s", at_config_str(cfg, "listen"));

    while (sigwait(&sigs, &sig) != 0)
        ;
    at_log_info("http", "signal %d: finishing the requests in flight", sig);
    at_http_live_stop();
    /* no new connections from here on; ours to close, but only once the threads are gone */
    listener = MHD_quiesce_daemon(d);
    for (int i = 0; i < 1000; i++) {
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

        if (!di || di->num_connections == 0)
            break;
        usleep(10 * 1000);
    }
    MHD_stop_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    for (size_t i = 0; i < srv.nworkers; i++) {
        srv.workers[i]->store->core->close(srv.workers[i]->store);
        free(srv.workers[i]);
    }
    srv.nworkers = 0;
    at_log_info("http", "stopped");
    return 0;
}
