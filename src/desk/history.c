/*
 * A ticket's history in words: each event as the sentence people read
 * ("Maya replied", "Maya changed the status: open → solved", "Maya assigned
 * it to Omar"), with names for ids and labels for names.
 */
#include "desk/desk_int.h"

#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "desk/vocabulary.h"

#include "core/banned.h"

/* A name's label from a vocabulary list, or the name itself. */
static const char *label_of(enum at_vocab_list list, const char *name)
{
    struct at_words w = at_vocab(list);

    for (size_t i = 0; i < w.n; i++)
        if (strcmp(w.w[i].name, name) == 0)
            return w.w[i].label;
    return name;
}

/* The name of user `id` as text ("Omar Agent"), or "a former colleague" when it cannot be read. */
static const char *user_name(struct at_desk *d, const char *id_text, struct at_arena *arena)
{
    struct at_user u;
    int64_t id;

    if (!at_str_to_i64(at_str_from(id_text), &id) || id <= 0 ||
        d->store->people->user_get(d->store, id, arena, &u) != 0)
        return "a former colleague";
    return u.name;
}

/* The words of `text` (space-separated) that are not in `other`, joined by ", ". */
static const char *tags_not_in(const char *text, const char *other, struct at_arena *arena)
{
    struct at_str rest = at_str_from(text), w;
    struct at_buf b = AT_BUF_INIT(4096);
    const char *out;

    while (rest.p) {
        struct at_str o = at_str_from(other), x;
        bool found = false;

        rest = at_str_cut(rest, ' ', &w);
        if (!w.n)
            continue;
        while (o.p && !found) {
            o = at_str_cut(o, ' ', &x);
            found = at_str_eq(w, x);
        }
        if (!found) {
            if (b.len)
                at_buf_adds(&b, ", ");
            at_buf_add(&b, w.p, w.n);
        }
    }
    out = b.len ? at_arena_strndup(arena, b.data, b.len) : NULL;
    at_buf_release(&b);
    return out;
}

static const char *tags_words(const char *who, const char *old, const char *now,
                              struct at_arena *arena)
{
    const char *added = tags_not_in(now, old, arena), *removed = tags_not_in(old, now, arena);

    if (added && removed)
        return at_arena_printf(arena, "%s tagged it %s and removed %s", who, added, removed);
    if (added)
        return at_arena_printf(arena, "%s tagged it %s", who, added);
    if (removed)
        return at_arena_printf(arena, "%s removed the tags %s", who, removed);
    return at_arena_printf(arena, "%s left the tags as they were", who);
}

static const char *event_words(struct at_desk *d, const struct at_event *e, struct at_arena *arena)
{
    const char *who = e->actor_id && e->actor_name && e->actor_name[0] ? e->actor_name : NULL;
    const char *by = who ? who : "attune";
    const char *k = e->kind, *old = e->old_value ? e->old_value : "",
               *now = e->new_value ? e->new_value : "";

    if (!strcmp(k, "created"))
        return at_arena_printf(arena, "%s opened the ticket", who ? who : "The customer");
    if (!strcmp(k, "customer_message"))
        return at_arena_printf(arena, "%s wrote", who ? who : "The customer");
    if (!strcmp(k, "reply"))
        return at_arena_printf(arena, "%s replied", by);
    if (!strcmp(k, "note"))
        return at_arena_printf(arena, "%s added an internal note", by);
    if (!strcmp(k, "first_response"))
        return "First response given";
    if (!strcmp(k, "status"))
        return at_arena_printf(arena, "%s changed the status: %s → %s", by,
                               label_of(AT_VOCAB_STATUSES, old), label_of(AT_VOCAB_STATUSES, now));
    if (!strcmp(k, "priority"))
        return at_arena_printf(arena, "%s changed the priority: %s → %s", who ? who : "Triage",
                               label_of(AT_VOCAB_PRIORITIES, old),
                               label_of(AT_VOCAB_PRIORITIES, now));
    if (!strcmp(k, "assignee")) {
        if (!now[0])
            return at_arena_printf(arena, "%s unassigned it", by);
        if (e->actor_id && strcmp(now, at_arena_printf(arena, "%lld", (long long)e->actor_id)) == 0)
            return at_arena_printf(arena, "%s took it", by);
        return at_arena_printf(arena, "%s assigned it to %s", by, user_name(d, now, arena));
    }
    if (!strcmp(k, "tags"))
        return tags_words(by, old, now, arena);
    if (!strcmp(k, "sla_warning"))
        return at_arena_printf(arena, "SLA: the %s is due soon", label_of(AT_VOCAB_CLOCKS, old));
    if (!strcmp(k, "sla_breach"))
        return at_arena_printf(arena, "SLA: the %s is overdue", label_of(AT_VOCAB_CLOCKS, old));
    if (!strcmp(k, "survey"))
        return !strcmp(now, "sent")       ? "The survey was sent"
               : !strcmp(now, "answered") ? "The customer answered the survey"
               : !strcmp(now, "edited")   ? "The customer changed their survey answer"
                                          : at_arena_printf(arena, "Survey: %s", now);
    if (!strcmp(k, "recovery"))
        return !strcmp(now, "done") ? at_arena_printf(arena, "%s closed the recovery task", by)
                                    : at_arena_printf(arena, "Recovery task opened: %s", now);
    if (!strcmp(k, "merged_into"))
        return at_arena_printf(arena, "%s merged it into %s", by, now);
    if (!strcmp(k, "merged_from"))
        return at_arena_printf(arena, "%s merged %s into it", by, now);
    if (!strcmp(k, "follow_up"))
        return at_arena_printf(arena, "%s scheduled a follow-up", by);
    /* a kind without words of its own: its name, and the change */
    if (old[0] && now[0])
        return at_arena_printf(arena, "%s: %s → %s", k, old, now);
    return at_arena_printf(arena, "%s: %s", k, now[0] ? now : old);
}

void desk_event_words(struct at_desk *d, struct at_event *events, size_t n, struct at_arena *arena)
{
    for (size_t i = 0; i < n; i++)
        events[i].words = event_words(d, &events[i], arena);
}
