/* JSON in (strictly) and out, for the HTTP layer. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "http/http.h"

#include "core/banned.h"

#define MAX_DEPTH 16

/* The deepest nesting of objects and arrays in `p[0..n)`, outside strings. */
static int json_depth(const char *p, size_t n)
{
    int depth = 0, max = 0;
    bool in_string = false;

    for (size_t i = 0; i < n; i++) {
        char c = p[i];

        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[')
            max = ++depth > max ? depth : max;
        else if (c == '}' || c == ']')
            depth--;
    }
    return max;
}

bool at_http_body_id(struct at_req *req, const char *name, const char *what, int64_t *id)
{
    const char *const fields[] = {name, NULL};
    json_t *body = at_http_body(req, fields, false);
    bool present = false, ok;

    if (!body)
        return false;
    *id = 0;
    ok = at_http_int(req, body, name, id, &present);
    json_decref(body);
    if (ok && (!present || *id <= 0)) {
        at_http_error(req, 422, "invalid", name, "%s is %s", name, what);
        ok = false;
    }
    return ok;
}

bool at_http_raw_body(struct at_req *req, const void **data, size_t *len)
{
    if (req->body_too_big) {
        at_http_error(req, 413, "too_big", "file", "files may have at most %zu KiB",
                      req->body.max / 1024);
        return false;
    }
    *data = req->body.len ? req->body.data : "";
    *len = req->body.len;
    return true;
}

json_t *at_http_body(struct at_req *req, const char *const *allowed, bool empty_ok)
{
    const char *type = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
    json_error_t jerr;
    const char *key;
    json_t *obj, *value;

    if (req->body_too_big) {
        at_http_error(req, 413, "too_big", "", "the body is larger than %zu KiB",
                      req->body.max / 1024);
        return NULL;
    }
    if (req->body.len == 0 && empty_ok)
        return json_object();
    if (!type || strncmp(type, "application/json", 16) != 0 ||
        (type[16] != '\0' && type[16] != ';')) {
        at_http_error(req, 415, "unsupported_media_type", "",
                      "send the body as JSON with Content-Type: application/json");
        return NULL;
    }
    if (!at_utf8_valid(req->body.data, req->body.len)) {
        at_http_error(req, 400, "bad_utf8", "", "the body is not valid UTF-8");
        return NULL;
    }
    if (json_depth(req->body.data, req->body.len) > MAX_DEPTH) {
        at_http_error(req, 400, "bad_json", "", "the JSON is nested deeper than %d levels",
                      MAX_DEPTH);
        return NULL;
    }
    obj = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj) {
        at_http_error(req, 400, "bad_json", "", "the body is not valid JSON: %s (line %d)",
                      jerr.text, jerr.line);
        return NULL;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        at_http_error(req, 400, "bad_json", "", "the body must be a JSON object");
        return NULL;
    }
    json_object_foreach(obj, key, value)
    {
        bool known = false;

        for (size_t i = 0; allowed && allowed[i]; i++)
            known |= strcmp(allowed[i], key) == 0;
        if (!known) {
            at_http_error(req, 422, "unknown_field", key, "unknown field '%s'", key);
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

static bool wrong_type(struct at_req *req, const char *name, const char *want)
{
    at_http_error(req, 422, "invalid", name, "%s must be %s", name, want);
    return false;
}

bool at_http_str(struct at_req *req, json_t *obj, const char *name, const char **out)
{
    json_t *v = json_object_get(obj, name);

    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return wrong_type(req, name, "a string");
    *out = json_string_value(v);
    return true;
}

bool at_http_int(struct at_req *req, json_t *obj, const char *name, int64_t *out, bool *present)
{
    json_t *v = json_object_get(obj, name);

    if (present)
        *present = v != NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v))
        return wrong_type(req, name, "a whole number");
    *out = (int64_t)json_integer_value(v);
    return true;
}

bool at_http_bool(struct at_req *req, json_t *obj, const char *name, bool *out, bool *present)
{
    json_t *v = json_object_get(obj, name);

    if (present)
        *present = v != NULL && !json_is_null(v);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_boolean(v))
        return wrong_type(req, name, "true or false");
    *out = json_is_true(v);
    return true;
}

bool at_http_strings(struct at_req *req, json_t *obj, const char *name, const char ***out,
                     size_t *n, bool *present)
{
    json_t *v = json_object_get(obj, name);
    size_t i;
    json_t *item;

    if (present)
        *present = v != NULL && !json_is_null(v);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return wrong_type(req, name, "a list of strings");
    *n = json_array_size(v);
    *out = at_arena_alloc(&req->arena, (*n + 1) * sizeof(**out));
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return wrong_type(req, name, "a list of strings");
        (*out)[i] = json_string_value(item);
    }
    return true;
}

const char *at_http_query(struct at_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_check {
    const char *const *allowed;
    const char *unknown;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct query_check *qc = cls;

    (void)kind;
    (void)value;
    for (size_t i = 0; qc->allowed && qc->allowed[i]; i++)
        if (strcmp(qc->allowed[i], key) == 0)
            return MHD_YES;
    qc->unknown = key;
    return MHD_NO;
}

bool at_http_query_only(struct at_req *req, const char *const *allowed)
{
    struct query_check qc = {allowed, NULL};

    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &qc);
    if (qc.unknown) {
        at_http_error(req, 400, "invalid", qc.unknown, "unknown query parameter '%s'", qc.unknown);
        return false;
    }
    for (const char *const *a = allowed; a && *a; a++) {
        const char *v = at_http_query(req, *a);

        if (v && !at_utf8_valid(v, strlen(v))) {
            at_http_error(req, 400, "bad_utf8", *a, "%s is not valid UTF-8", *a);
            return false;
        }
    }
    return true;
}

bool at_http_page_back(struct at_req *req, const char *what, int64_t *before, int64_t *limit)
{
    static const char *const params[] = {"before", "limit", NULL};
    const char *v;

    *before = 0;
    *limit = 50;
    if (!at_http_query_only(req, params))
        return false;
    if ((v = at_http_query(req, "before")) && (!at_cstr_to_i64(v, before) || *before < 0)) {
        at_http_error(req, 400, "invalid", "before", "before must be %s", what);
        return false;
    }
    if ((v = at_http_query(req, "limit")) &&
        (!at_cstr_to_i64(v, limit) || *limit < 1 || *limit > 200)) {
        at_http_error(req, 400, "invalid", "limit", "limit must be from 1 to 200");
        return false;
    }
    return true;
}

/* ---- records ---- */

json_t *at_json_time(int64_t ms)
{
    char s[40];

    if (!ms)
        return json_null();
    at_time_format(ms, s, sizeof(s));
    return json_string(s);
}

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *at_json_user(const struct at_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:o}", "id", (json_int_t)u->id, "email",
                     u->email, "name", u->name, "role", at_role_name(u->role), "disabled",
                     u->disabled, "customer_id", id_or_null(u->customer_id), "created_at",
                     at_json_time(u->created_at));
}

json_t *at_json_customer(const struct at_customer *c)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:I, s:o, s:o}", "id",
                     (json_int_t)c->id, "name", c->name, "preferred_name", c->preferred_name,
                     "email", c->email, "phone", c->phone, "company", c->company, "tier", c->tier,
                     "lifetime_value", (double)c->lifetime_value_cents / 100.0, "notes", c->notes,
                     "ticket_count", (json_int_t)c->ticket_count, "created_at",
                     at_json_time(c->created_at), "updated_at", at_json_time(c->updated_at));
}

json_t *at_json_ticket(const struct at_ticket *t)
{
    json_t *tags = json_array();
    json_t *o;

    for (size_t i = 0; i < t->ntags; i++)
        json_array_append_new(tags, json_string(t->tags[i]));
    o = json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:s?, s:s, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:I}",
        "id", (json_int_t)t->id, "number", (json_int_t)t->number, "subject", t->subject, "status",
        at_status_name(t->status), "priority", at_priority_name(t->priority), "channel", t->channel,
        "customer_id", (json_int_t)t->customer_id, "customer_name",
        t->customer_name ? t->customer_name : "", "customer_email",
        t->customer_email ? t->customer_email : "", "assignee_id", id_or_null(t->assignee_id),
        "assignee_name", t->assignee_id ? t->assignee_name : NULL, "group", t->group_name, "tags",
        tags, "created_at", at_json_time(t->created_at), "updated_at", at_json_time(t->updated_at),
        "first_response_at", at_json_time(t->first_response_at), "solved_at",
        at_json_time(t->solved_at), "closed_at", at_json_time(t->closed_at), "message_count",
        (json_int_t)t->message_count);
    json_object_set_new(o, "mood", t->mood && t->mood[0] ? json_string(t->mood) : json_null());
    json_object_set_new(o, "merged_into", id_or_null(t->merged_into));
    return o;
}

/* The coach's verdict on a staff reply: {"score", "empathy": {...}, "rubric": {...}, ...}. */
static json_t *coaching_json(struct at_req *req, const struct at_reply_coaching *c)
{
    const char *rubric = c->rubric && c->rubric[0] == '{' ? c->rubric : "{}";

    return json_pack("{s:i, s:s, s:{s:i, s:i, s:i}, s:o, s:i, s:b}", "score", c->score, "grade",
                     at_text_grade(c->score), "empathy", "emotional_reaction",
                     c->emotional_reaction, "interpretation", c->interpretation, "exploration",
                     c->exploration, "rubric", at_http_raw(req, rubric), "floor", c->floor,
                     "confirmed", c->confirmed);
}

/*
 * The tone of a customer message in one word, from the polarity of its stored
 * analysis (read here, the analysis itself goes out as it was stored), or null.
 */
static json_t *tone_json(const char *analysis)
{
    json_t *a = json_loads(analysis, 0, NULL);
    json_t *polarity = json_object_get(a, "polarity");
    json_t *tone = json_is_number(polarity)
                       ? json_string(at_text_tone((float)json_number_value(polarity)))
                       : json_null();

    json_decref(a);
    return tone;
}

json_t *at_json_message(struct at_req *req, const struct at_message *m)
{
    json_t *analysis = NULL, *tone = NULL;
    json_t *o;

    if (m->analysis && m->analysis[0] == '{') {
        analysis = at_http_raw(req, m->analysis);
        tone = tone_json(m->analysis);
    }
    o = json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)m->id,
                  "ticket_id", (json_int_t)m->ticket_id, "author_user_id",
                  id_or_null(m->author_user_id), "author_customer_id",
                  id_or_null(m->author_customer_id), "author_name",
                  m->author_name ? m->author_name : "", "visibility",
                  at_visibility_name(m->visibility), "body", m->body, "analysis",
                  analysis ? analysis : json_null(), "created_at", at_json_time(m->created_at));
    json_object_set_new(o, "tone", tone ? tone : json_null());
    /* the coach's verdict is for staff; a customer's answer never carries it */
    if (at_actor_is_staff(&req->actor))
        json_object_set_new(o, "coaching",
                            m->coaching ? coaching_json(req, m->coaching) : json_null());
    return o;
}

json_t *at_json_event(const struct at_event *e)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id, "kind",
                     e->kind, "actor_id", id_or_null(e->actor_id), "actor_name", e->actor_name,
                     "old", e->old_value, "new", e->new_value, "text",
                     e->words ? e->words : e->kind, "created_at", at_json_time(e->created_at));
}
