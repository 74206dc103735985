#ifndef AT_HTTP_H
#define AT_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "desk/desk.h"
#include "text/text.h"

/*
 * The HTTP layer: libmicrohttpd with a thread pool, one JSON API. This header
 * is shared by the files of src/http; the rest of the program sees only
 * at_http_serve() (server.h) and the auth helpers of auth.h.
 */

/* Roles as a mask, for the routing table. */
#define AT_R_CUSTOMER (1u << AT_ROLE_CUSTOMER)
#define AT_R_AGENT    (1u << AT_ROLE_AGENT)
#define AT_R_LEAD     (1u << AT_ROLE_LEAD)
#define AT_R_ADMIN    (1u << AT_ROLE_ADMIN)
#define AT_R_STAFF    (AT_R_AGENT | AT_R_LEAD | AT_R_ADMIN)
#define AT_R_ALL      (AT_R_STAFF | AT_R_CUSTOMER)
#define AT_R_ANON     0u         /* no sign-in needed */
#define AT_R_FILE     (1u << 16) /* not a role: the route's body is a file (see at_route) */

struct MHD_Connection;

/* How the caller proved who they are. */
enum at_auth_kind { AT_AUTH_NONE = 0, AT_AUTH_COOKIE, AT_AUTH_TOKEN };

/* One request, from the first byte to the response. Everything lives in `arena`. */
struct at_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    struct at_arena arena;
    struct at_buf body;
    bool body_too_big;
    char rid[17]; /* request id, also in X-Request-Id */
    char address[64];
    int64_t started_ms;
    int64_t now; /* wall clock at the start, ms */

    /* set by the server before the handler runs */
    const struct at_config *cfg;
    struct at_desk *desk; /* this thread's desk (its own store handle) */
    const struct at_text_engine *text;
    struct at_actor actor;
    struct at_user user; /* the signed-in user when auth != NONE */
    enum at_auth_kind auth;
    const char *session_hash; /* cookie sessions: the stored hash of the session id */
    const char *csrf;         /* cookie sessions: the session's CSRF token */
    const char *path_id;      /* the {id} of the route, when it has one */
    int64_t id;               /* path_id as a number */

    /* the response */
    int status;
    json_t *out;             /* owned; sent as the body */
    const char *set_cookie;  /* in arena */
    const char *retry_after; /* in arena */
    const char *allow;       /* for 405 */
    const char **raw;        /* JSON texts spliced into the body, see at_http_raw() */
    size_t nraw, raw_cap;
    /* a download instead of JSON, see at_http_file() */
    const void *file;
    size_t file_len;
    const char *file_type;
    const char *file_disposition;
    /* a stream instead of JSON (h_live.c): sent with the 200, owned until then */
    struct MHD_Response *stream;
    bool streamed; /* the stream went out: its end is the reader going */
};

/* A handler fills req->status and req->out (or calls at_http_error). */
typedef void at_handler_fn(struct at_req *req);

/*
 * A route: method, path pattern ("/api/tickets/{id}"; a {token} segment is
 * text its handler checks, an {id} a positive number), the roles it admits
 * (AT_R_*; AT_R_ANON: no sign-in needed) and its handler. Each h_<area>.c
 * lists its own, ended by an entry with a NULL method, and the registry in
 * server.c names each list once. AT_R_FILE among the roles: the body is a
 * file's bytes, capped by upload_max_kib instead of max_body_kib (read them
 * with at_http_raw_body).
 */
struct at_route {
    const char *method;
    const char *pattern;
    unsigned roles;
    at_handler_fn *fn;
};

/* ---- responses ---- */

/* Sets a JSON response; takes ownership of `body`. */
void at_http_reply(struct at_req *req, int status, json_t *body);

/* Sets an error response: `code` ("invalid", ...), the field (may be NULL) and a message. */
void at_http_error(struct at_req *req, int status, const char *code, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets the error response for a desk or store error (the one place codes become statuses). */
void at_http_fail(struct at_req *req, int err, const struct at_errinfo *e);

/*
 * A placeholder for JSON text that is already written (a stored analysis):
 * the response carries `json` as it is, without parsing and printing it
 * again. `json` must be valid JSON and live as long as the request.
 */
json_t *at_http_raw(struct at_req *req, const char *json);

/*
 * Answers 200 with `len` bytes of `data` (living as long as the request) as a
 * download: Content-Type `type`, Content-Disposition: attachment with
 * `filename`, and nosniff (h_mail.c).
 */
void at_http_file(struct at_req *req, const void *data, size_t len, const char *type,
                  const char *filename);

/* ---- request input ---- */

/*
 * Parses the body as a JSON object whose keys are all in `allowed` (NULL
 * ended). On failure sets the error response (400, 413, 415, 422) and returns
 * NULL. An empty body is an empty object when `empty_ok`.
 */
json_t *at_http_body(struct at_req *req, const char *const *allowed, bool empty_ok);

/*
 * Field readers: on a wrong type they set a 422 naming `field` (written as
 * `prefix.name` for nested objects) and return false. A missing or null field
 * leaves *out alone and returns true (check `required` yourself with
 * at_http_require).
 */
bool at_http_str(struct at_req *req, json_t *obj, const char *name, const char **out);
bool at_http_int(struct at_req *req, json_t *obj, const char *name, int64_t *out, bool *present);
bool at_http_bool(struct at_req *req, json_t *obj, const char *name, bool *out, bool *present);
bool at_http_strings(struct at_req *req, json_t *obj, const char *name, const char ***out,
                     size_t *n, bool *present);

/*
 * Reads "status", "priority" and "assignee_id" (null unassigns) of a ticket
 * change from `body` into `ch` (h_tickets.c); false after a 422.
 */
struct at_ticket_change;
bool at_http_ticket_fields(struct at_req *req, json_t *body, struct at_ticket_change *ch);

/*
 * The body of a file route (AT_R_FILE) as bytes, maybe none; false after a
 * 413 (past the cap).
 */
bool at_http_raw_body(struct at_req *req, const void **data, size_t *len);

/*
 * A body of one field, `name`, a positive id (`what` says what it names, for
 * the error); false after the error response (400, 413, 415, 422).
 */
bool at_http_body_id(struct at_req *req, const char *name, const char *what, int64_t *id);

/* A query parameter, or NULL. */
const char *at_http_query(struct at_req *req, const char *name);

/* Refuses (400) any query parameter not in `allowed`; returns false then. */
bool at_http_query_only(struct at_req *req, const char *const *allowed);

/*
 * The query of a list paged from the newest back: only "before" (an id;
 * `what` names it in the error, "an entry id") and "limit" (1 to 200, default
 * 50). Refuses anything else with 400 and returns false then.
 */
bool at_http_page_back(struct at_req *req, const char *what, int64_t *before, int64_t *limit);

/* ---- records as JSON ---- */

json_t *at_json_time(int64_t ms);
json_t *at_json_user(const struct at_user *u);
json_t *at_json_customer(const struct at_customer *c);
json_t *at_json_ticket(const struct at_ticket *t);
json_t *at_json_message(struct at_req *req, const struct at_message *m);
json_t *at_json_event(const struct at_event *e);
/*
 * Adds "sla" (policy, clocks, states, business minutes left) and "triage"
 * (score and its parts) to ticket object `o`, for staff only; `r` reads the
 * clocks as of the request (h_sla.c).
 */
struct at_sla_reader;
void at_json_ticket_sla(struct at_req *req, struct at_sla_reader *r, const struct at_ticket *t,
                        json_t *o);
/* at_json_ticket() with the "sla" and "triage" of at_json_ticket_sla(). */
json_t *at_json_ticket_with_sla(struct at_req *req, const struct at_ticket *t);

/* ---- the routes ---- */

at_handler_fn at_h_login, at_h_logout, at_h_me, at_h_signup, at_h_password_reset;
at_handler_fn at_h_tokens_list, at_h_tokens_create, at_h_tokens_revoke;
at_handler_fn at_h_tickets_list, at_h_tickets_create, at_h_ticket_get, at_h_ticket_patch;
at_handler_fn at_h_messages_create, at_h_views, at_h_search, at_h_updates;
at_handler_fn at_h_customers_list, at_h_customers_create, at_h_customer_get, at_h_customer_patch;
at_handler_fn at_h_users_list, at_h_users_create, at_h_user_patch, at_h_audit_list;
at_handler_fn at_h_analyze, at_h_coach, at_h_settings_coach_get, at_h_settings_coach_put;
at_handler_fn at_h_macros_list, at_h_macros_create, at_h_macro_patch, at_h_macro_delete;
at_handler_fn at_h_macro_render;
at_handler_fn at_h_follow_up_set, at_h_follow_up_cancel, at_h_reminders_create;
at_handler_fn at_h_jobs_list, at_h_job_retry;
at_handler_fn at_h_sla_policies_list, at_h_sla_policies_create, at_h_sla_policy_patch;
at_handler_fn at_h_sla_policy_delete, at_h_sla_calendars_list, at_h_sla_calendars_create;
at_handler_fn at_h_sla_calendar_patch;
at_handler_fn at_h_attachments_list, at_h_attachment_get, at_h_quarantine_list;
at_handler_fn at_h_survey_get, at_h_survey_post, at_h_survey_link, at_h_survey_results;
at_handler_fn at_h_recovery_list, at_h_recovery_done, at_h_recognition_list;

/* The newest survey of a ticket as the caller may see it (h_surveys.c), or JSON null. */
json_t *at_json_ticket_survey(struct at_req *req, int64_t ticket_id);

/* The route lists of the handler files (h_<area>.c), in the order the registry matches them. */
extern const struct at_route at_routes_people[], at_routes_tickets[], at_routes_jobs[],
    at_routes_sla[], at_routes_macros[], at_routes_settings[], at_routes_surveys[],
    at_routes_mail[], at_routes_vocabulary[], at_routes_live[], at_routes_access[],
    at_routes_bulk[], at_routes_signature[], at_routes_merge[], at_routes_upload[];

/*
 * The live stream's side of the server (h_live.c): start once the daemon
 * runs, with the app whose stream to read (no stream: GET /api/events
 * answers 503) and whose database to watch for changes other processes make;
 * stop before it quiesces, which ends every open stream.
 */
struct at_app;
int at_http_live_start(const struct at_app *app);
void at_http_live_stop(void);

/* The registry: the route lists in the order they are matched; `*n` of them. */
const struct at_route *const *at_http_route_tables(size_t *n);

#endif
