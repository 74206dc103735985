/* Macros: canned replies with variables. */
#include "desk/macro.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"

#include "core/banned.h"

#define TITLE_MAX 200
#define BODY_MAX  (16 * 1024)

static const char *const variables[] = {
    "customer.first_name",
    "customer.name",
    "agent.first_name",
    "agent.name",
    "ticket.number",
    "ticket.subject",
    "customer.last_ticket_subject",
};
#define NVARS (sizeof(variables) / sizeof(variables[0]))

/* Calls `fn` for each {{name}} in `body`; stops at the first non-zero return. */
static int each_variable(const char *body, int (*fn)(struct at_str name, void *ctx), void *ctx)
{
    const char *p = body;

    while ((p = strstr(p, "{{"))) {
        const char *end = strstr(p + 2, "}}");
        int ret;

        if (!end)
            break;
        ret = fn(at_str_trim((struct at_str){p + 2, (size_t)(end - p - 2)}), ctx);
        if (ret)
            return ret;
        p = end + 2;
    }
    return 0;
}

static int known(struct at_str name, void *ctx)
{
    struct at_errinfo *e = ctx;

    for (size_t i = 0; i < NVARS; i++)
        if (at_str_eqc(name, variables[i]))
            return 0;
    return at_errinfo_set(e, AT_EINVAL, "body",
                          "unknown variable {{%.*s}}; use customer.first_name, customer.name, "
                          "agent.first_name, agent.name, ticket.number, ticket.subject or "
                          "customer.last_ticket_subject",
                          (int)(name.n > 60 ? 60 : name.n), name.p);
}

static int check(const char *title, const char *body, struct at_errinfo *e)
{
    if (title && (!at_str_trim(at_str_from(title)).n || strlen(title) > TITLE_MAX ||
                  !at_utf8_valid(title, strlen(title))))
        return at_errinfo_set(e, AT_EINVAL, "title", "title must be text of 1 to %d bytes",
                              TITLE_MAX);
    if (body && (!at_str_trim(at_str_from(body)).n || strlen(body) > BODY_MAX ||
                 !at_utf8_valid(body, strlen(body))))
        return at_errinfo_set(e, AT_EINVAL, "body", "body must be text of 1 to %d bytes", BODY_MAX);
    return body ? each_variable(body, known, e) : 0;
}

static int store_err(struct at_errinfo *e, int ret, const char *title)
{
    if (ret == AT_ECONFLICT)
        return at_errinfo_set(e, ret, "title", "a macro called '%s' exists already",
                              title ? title : "");
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no such macro");
    if (ret == AT_ESTORE)
        return desk_store_err(e, ret, NULL);
    return ret;
}

int at_desk_macro_add(struct at_desk *d, const struct at_actor *who, const char *title,
                      const char *body, const struct at_macro_actions *actions,
                      struct at_arena *arena, struct at_macro *out, struct at_errinfo *e)
{
    struct at_macro m = {.actions = ""};
    int ret;

    if (!at_actor_is_lead(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only leads and admins manage macros");
    if (!title || !body)
        return at_errinfo_set(e, AT_EINVAL, title ? "body" : "title",
                              "title and body are required");
    ret = check(title, body, e);
    if (ret == 0 && actions)
        ret = desk_macro_actions_json(d, actions, arena, &m.actions, e);
    if (ret)
        return ret;
    m.title = at_arena_strs(arena, at_str_trim(at_str_from(title)));
    m.body = at_arena_strdup(arena, body);
    m.created_by = who->user_id;
    m.created_at = m.updated_at = at_clock_now(d->clock);
    ret = d->store->tickets->macro_add(d->store, &m, &m.id);
    if (ret)
        return store_err(e, ret, m.title);
    if (out)
        *out = m;
    return 0;
}

int at_desk_macro_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                         const char *title, const char *body,
                         const struct at_macro_actions *actions, struct at_arena *arena,
                         struct at_macro *out, struct at_errinfo *e)
{
    const char *json = NULL;
    struct at_macro m;
    int ret;

    if (!at_actor_is_lead(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only leads and admins manage macros");
    ret = check(title, body, e);
    if (ret == 0 && actions)
        ret = desk_macro_actions_json(d, actions, arena, &json, e);
    if (ret)
        return ret;
    ret = d->store->tickets->macro_get(d->store, id, arena, &m);
    if (ret)
        return store_err(e, ret, NULL);
    if (title)
        m.title = at_arena_strs(arena, at_str_trim(at_str_from(title)));
    if (body)
        m.body = at_arena_strdup(arena, body);
    if (json)
        m.actions = json;
    m.updated_at = at_clock_now(d->clock);
    ret = d->store->tickets->macro_update(d->store, &m);
    if (ret)
        return store_err(e, ret, m.title);
    if (out)
        *out = m;
    return 0;
}

int at_desk_macro_delete(struct at_desk *d, const struct at_actor *who, int64_t id,
                         struct at_errinfo *e)
{
    if (!at_actor_is_lead(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only leads and admins manage macros");
    return store_err(e, d->store->tickets->macro_delete(d->store, id), NULL);
}

int at_desk_macro_list(struct at_desk *d, const struct at_actor *who, const char *query,
                       struct at_arena *arena, struct at_macro **out, size_t *n,
                       struct at_errinfo *e)
{
    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff use macros");
    if (query && strlen(query) > 200)
        return at_errinfo_set(e, AT_EINVAL, "q", "q is too long");
    return store_err(e, d->store->tickets->macro_list(d->store, query, arena, out, n), NULL);
}

int at_desk_macro_render(struct at_desk *d, const struct at_actor *who, int64_t id,
                         int64_t ticket_id, struct at_arena *arena, const char **out,
                         struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_ticket t, *history;
    struct at_customer c;
    struct at_macro m;
    struct at_user agent;
    const char *values[NVARS];
    const char *p;
    size_t n;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff use macros");
    ret = st->tickets->macro_get(st, id, arena, &m);
    if (ret)
        return store_err(e, ret, NULL);
    ret = at_desk_ticket_get(d, who, ticket_id, arena, &t, e);
    if (ret == 0)
        ret = at_desk_customer_get(d, who, t.customer_id, arena, &c, e);
    if (ret == 0)
        ret = at_desk_customer_history(d, who, t.customer_id, arena, &history, &n, e);
    if (ret)
        return ret;
    if (st->people->user_get(st, who->user_id, arena, &agent) != 0)
        agent.name = who->name ? who->name : "";
    values[0] = at_first_name(arena, c.preferred_name, c.name);
    values[1] = c.name;
    values[2] = at_first_name(arena, NULL, agent.name);
    values[3] = agent.name;
    values[4] = at_arena_printf(arena, "#%lld", (long long)t.number);
    values[5] = t.subject;
    values[6] = "";
    /* history is newest first: the first ticket older than this one */
    for (size_t i = 0; i < n; i++) {
        if (history[i].id != t.id && history[i].created_at <= t.created_at) {
            values[6] = history[i].subject;
            break;
        }
    }
    for (p = m.body; *p;) {
        const char *open = strstr(p, "{{");
        const char *end = open ? strstr(open + 2, "}}") : NULL;
        struct at_str name;
        size_t k;

        if (!open || !end) {
            at_buf_adds(&b, p);
            break;
        }
        at_buf_add(&b, p, (size_t)(open - p));
        name = at_str_trim((struct at_str){open + 2, (size_t)(end - open - 2)});
        for (k = 0; k < NVARS && !at_str_eqc(name, variables[k]); k++)
            ;
        if (k < NVARS)
            at_buf_adds(&b, values[k]);
        else
            at_buf_add(&b, open, (size_t)(end + 2 - open)); /* unknown: left as written */
        p = end + 2;
    }
    *out = at_arena_strndup(arena, b.data, b.len);
    at_buf_release(&b);
    return 0;
}
