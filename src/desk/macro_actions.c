/* What a macro does to the ticket when it is used, kept with it as JSON (see macro.h). */
#include "desk/desk_int.h"
#include "desk/macro.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

int desk_macro_actions_json(struct at_desk *d, const struct at_macro_actions *a,
                            struct at_arena *arena, const char **out, struct at_errinfo *e)
{
    const char **tags = NULL;
    size_t ntags = 0;
    json_t *o;
    char *text;
    int ret;

    *out = "";
    ret = desk_clean_tags(arena, "actions.add_tags", a->add_tags, a->nadd, &tags, &ntags, e);
    if (ret)
        return ret;
    if (a->set_assignee && a->assignee_id > 0) {
        struct at_user u;

        ret = d->store->people->user_get(d->store, a->assignee_id, arena, &u);
        if (ret || u.role == AT_ROLE_CUSTOMER || u.disabled)
            return at_errinfo_set(e, AT_EINVAL, "actions.assignee",
                                  "user %lld is not an active agent, lead or admin",
                                  (long long)a->assignee_id);
    }
    if (!a->set_status && !a->set_priority && !a->set_assignee && !ntags)
        return 0;
    o = json_object();
    if (a->set_status)
        json_object_set_new(o, "status", json_string(at_status_name(a->status)));
    if (a->set_priority)
        json_object_set_new(o, "priority", json_string(at_priority_name(a->priority)));
    if (a->set_assignee)
        json_object_set_new(o, "assignee",
                            a->assignee_id == AT_MACRO_ME ? json_string("me")
                            : a->assignee_id > 0          ? json_integer((json_int_t)a->assignee_id)
                                                          : json_null());
    if (ntags) {
        json_t *list = json_array();

        for (size_t i = 0; i < ntags; i++)
            json_array_append_new(list, json_string(tags[i]));
        json_object_set_new(o, "add_tags", list);
    }
    text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!text)
        return at_errinfo_set(e, AT_EIO, NULL, "no memory for the macro's actions");
    *out = at_arena_strdup(arena, text);
    free(text);
    return 0;
}

void at_desk_macro_actions(const struct at_macro *m, struct at_arena *arena,
                           struct at_macro_actions *out)
{
    json_t *o = m->actions && m->actions[0] ? json_loads(m->actions, 0, NULL) : NULL;
    json_t *v, *tags;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    out->set_status =
        at_status_parse(json_string_value(json_object_get(o, "status")), &out->status);
    out->set_priority =
        at_priority_parse(json_string_value(json_object_get(o, "priority")), &out->priority);
    if ((v = json_object_get(o, "assignee"))) {
        out->set_assignee = true;
        out->assignee_id = json_is_integer(v)  ? (int64_t)json_integer_value(v)
                           : json_is_string(v) ? AT_MACRO_ME
                                               : 0;
    }
    tags = json_object_get(o, "add_tags");
    if (json_is_array(tags) && json_array_size(tags)) {
        size_t i;

        out->add_tags = at_arena_alloc(arena, json_array_size(tags) * sizeof(*out->add_tags));
        json_array_foreach(tags, i, v)
        {
            if (json_is_string(v))
                out->add_tags[out->nadd++] = at_arena_strdup(arena, json_string_value(v));
        }
    }
    json_decref(o);
}

int at_desk_macro_apply(struct at_desk *d, const struct at_actor *who, int64_t id,
                        int64_t ticket_id, struct at_arena *arena, const char **body,
                        struct at_ticket *t, struct at_errinfo *e)
{
    struct at_ticket_change ch = {0};
    struct at_macro_actions a;
    struct at_macro m;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff use macros");
    ret = d->store->tickets->macro_get(d->store, id, arena, &m);
    if (ret)
        return ret == AT_ENOTFOUND ? at_errinfo_set(e, ret, "id", "no such macro")
                                   : desk_store_err(e, ret, NULL);
    at_desk_macro_actions(&m, arena, &a);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = at_desk_ticket_get(d, who, ticket_id, arena, t, e);
    if (ret == 0 && (a.set_status || a.set_priority || a.set_assignee || a.nadd)) {
        ch.set_status = a.set_status;
        ch.status = a.status;
        ch.set_priority = a.set_priority;
        ch.priority = a.priority;
        ch.set_assignee = a.set_assignee;
        ch.assignee_id = a.assignee_id == AT_MACRO_ME ? who->user_id : a.assignee_id;
        if (a.nadd) {
            const char **tags = at_arena_alloc(arena, (t->ntags + a.nadd) * sizeof(*tags));

            memcpy(tags, t->tags, t->ntags * sizeof(*tags));
            memcpy(tags + t->ntags, a.add_tags, a.nadd * sizeof(*tags));
            ch.set_tags = true;
            ch.tags = tags;
            ch.ntags = t->ntags + a.nadd;
        }
        ret = at_desk_ticket_update(d, who, ticket_id, &ch, arena, t, e);
    }
    if (ret == 0)
        ret = at_desk_macro_render(d, who, id, ticket_id, arena, body, e);
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}
