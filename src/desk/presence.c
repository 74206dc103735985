/*
 * Telling the live stream (live/live.h): each ticket change once its
 * transaction commits, and who is viewing a ticket or writing on it.
 */
#include "desk/desk.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <stdio.h>
#include <string.h>

#include "core/banned.h"

int at_desk_live_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    struct at_live_event *ev;

    (void)e;
    if (!d->live)
        return 0;
    /* the same ticket twice in one transaction is told once, with both changes */
    for (size_t i = 0; i < d->live_npending && i < AT_DESK_LIVE_PENDING; i++) {
        if (d->live_pending[i].kind == AT_LIVE_TICKET &&
            d->live_pending[i].ticket_id == c->ticket->id) {
            d->live_pending[i].what |= c->what;
            return 0;
        }
    }
    if (d->live_npending++ >= AT_DESK_LIVE_PENDING)
        return 0; /* too many to tell one by one: flush says "read everything" */
    ev = &d->live_pending[d->live_npending - 1];
    memset(ev, 0, sizeof(*ev));
    ev->kind = AT_LIVE_TICKET;
    ev->ticket_id = c->ticket->id;
    ev->customer_id = c->ticket->customer_id;
    ev->user_id = c->who ? c->who->user_id : 0;
    ev->what = c->what;
    ev->at = desk_now(d);
    return 0;
}

void desk_live_mention(struct at_desk *d, const struct at_ticket *t, const struct at_actor *by,
                       int64_t to_user_id)
{
    struct at_live_event *ev;

    if (!d->live || d->live_npending >= AT_DESK_LIVE_PENDING)
        return; /* a transaction that full says "read everything" anyway */
    ev = &d->live_pending[d->live_npending++];
    memset(ev, 0, sizeof(*ev));
    ev->kind = AT_LIVE_MENTION;
    ev->ticket_id = t->id;
    ev->customer_id = t->customer_id;
    ev->user_id = by->user_id;
    ev->to_user_id = to_user_id;
    snprintf(ev->name, sizeof(ev->name), "%s", by->name ? by->name : "");
    ev->at = desk_now(d);
}

void desk_live_flush(struct at_desk *d, bool told)
{
    size_t n = d->live_npending;

    d->live_npending = 0;
    if (!told || !d->live || n == 0)
        return;
    if (n > AT_DESK_LIVE_PENDING) {
        struct at_live_event all = {.kind = AT_LIVE_TICKET, .at = desk_now(d)};

        d->live->ops->publish(d->live, &all);
        return;
    }
    for (size_t i = 0; i < n; i++)
        d->live->ops->publish(d->live, &d->live_pending[i]);
}

int at_desk_presence(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                     const char *state, struct at_errinfo *e)
{
    static const char *const states[] = {"viewing", "writing", "left"};
    struct at_live_event ev = {.kind = AT_LIVE_PRESENCE};
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket t;
    bool known = false;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff show their presence on a ticket");
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        known |= state && strcmp(state, states[i]) == 0;
    if (!known)
        return at_errinfo_set(e, AT_EINVAL, "state", "state is viewing, writing or left");
    ret = at_desk_ticket_get(d, who, ticket_id, &arena, &t, e);
    if (ret == 0 && d->live) {
        ev.ticket_id = t.id;
        ev.customer_id = t.customer_id;
        ev.user_id = who->user_id;
        ev.at = desk_now(d);
        snprintf(ev.state, sizeof(ev.state), "%s", state);
        snprintf(ev.name, sizeof(ev.name), "%s", who->name ? who->name : "");
        d->live->ops->publish(d->live, &ev);
    }
    at_arena_release(&arena);
    return ret;
}

/* how far behind the newest change seen the next look starts: a longer transaction than this
   that commits later is told by the next poll of the clients instead */
#define OUTSIDE_OVERLAP_MS 10000
#define OUTSIDE_MAX        100

int at_desk_live_outside(struct at_desk *d, int64_t *since, struct at_errinfo *e)
{
    struct at_view_query q = {
        .view = AT_VIEW_ALL, .sort_set = true, .sort = AT_SORT_UPDATED, .limit = OUTSIDE_MAX};
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket_page page;
    int64_t newest = *since;
    int ret;

    if (!d->live)
        return 0;
    q.filter.updated_since = *since > OUTSIDE_OVERLAP_MS ? *since - OUTSIDE_OVERLAP_MS : 0;
    ret = at_desk_ticket_list(d, &at_actor_system, &q, &arena, &page, e);
    if (ret == 0 && page.n == OUTSIDE_MAX && page.next) {
        /* too many to tell one by one: "read everything" */
        struct at_live_event all = {.kind = AT_LIVE_TICKET, .at = desk_now(d)};

        d->live->ops->publish(d->live, &all);
        newest = page.items[0].updated_at;
    } else if (ret == 0) {
        /* oldest first, as they happened */
        for (size_t i = page.n; i-- > 0;) {
            const struct at_ticket *t = &page.items[i];
            struct at_live_event ev = {.kind = AT_LIVE_TICKET};

            if (t->updated_at > newest)
                newest = t->updated_at;
            if (d->live->ops->told(d->live, t->id, t->updated_at))
                continue;
            ev.ticket_id = t->id;
            ev.customer_id = t->customer_id;
            ev.at = t->updated_at; /* so the next look finds it told */
            d->live->ops->publish(d->live, &ev);
        }
    }
    *since = newest;
    at_arena_release(&arena);
    return ret;
}
