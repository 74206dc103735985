/* One change to several tickets, all or nothing (see bulk.h). */
#include "desk/bulk.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/banned.h"

static bool listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* The ticket's tags with `c`'s added and removed, in the arena. */
static void new_tags(const struct at_ticket *t, const struct at_bulk_change *c,
                     struct at_arena *arena, struct at_ticket_change *ch)
{
    size_t cap = t->ntags + c->nadd, n = 0;
    const char **tags = at_arena_alloc(arena, (cap ? cap : 1) * sizeof(*tags));

    for (size_t i = 0; i < t->ntags; i++)
        if (!listed(c->remove_tags, c->nremove, t->tags[i]))
            tags[n++] = t->tags[i];
    for (size_t i = 0; i < c->nadd; i++)
        if (!listed(tags, n, c->add_tags[i]) && !listed(c->remove_tags, c->nremove, c->add_tags[i]))
            tags[n++] = c->add_tags[i];
    ch->set_tags = true;
    ch->tags = tags;
    ch->ntags = n;
}

int at_desk_tickets_bulk(struct at_desk *d, const struct at_actor *who, const int64_t *ids,
                         size_t n, const struct at_bulk_change *c, int64_t *failed_id,
                         struct at_errinfo *e)
{
    int ret;

    *failed_id = 0;
    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff change tickets together");
    if (n == 0 || n > AT_BULK_MAX)
        return at_errinfo_set(e, AT_EINVAL, "ids", "choose 1 to %d tickets", AT_BULK_MAX);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (ids[i] == ids[j])
                return at_errinfo_set(e, AT_EINVAL, "ids", "ticket id %lld is listed twice",
                                      (long long)ids[i]);
    if (!c->set.set_status && !c->set.set_priority && !c->set.set_assignee && !c->nadd &&
        !c->nremove)
        return at_errinfo_set(e, AT_EINVAL, NULL,
                              "say what to change: status, priority, assignee_id, add_tags or "
                              "remove_tags");
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    for (size_t i = 0; i < n && ret == 0; i++) {
        struct at_arena arena = AT_ARENA_INIT;
        struct at_ticket_change ch = c->set;
        struct at_ticket t;
        struct at_errinfo one = {0};
        int64_t number = ids[i];

        ch.set_tags = false;
        ret = at_desk_ticket_get(d, who, ids[i], &arena, &t, &one);
        if (ret == 0)
            number = t.number;
        if (ret == 0 && (c->nadd || c->nremove))
            new_tags(&t, c, &arena, &ch);
        if (ret == 0)
            ret = at_desk_ticket_update(d, who, ids[i], &ch, &arena, &t, &one);
        if (ret) {
            *failed_id = ids[i];
            if (ret == AT_ENOTFOUND)
                at_errinfo_set(e, ret, "ids", "ticket id %lld does not exist; nothing changed",
                               (long long)ids[i]);
            else
                at_errinfo_set(e, ret, one.field[0] ? one.field : NULL,
                               "#%lld: %s; nothing changed", (long long)number, one.msg);
        }
        at_arena_release(&arena);
    }
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}
