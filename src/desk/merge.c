/* Two records of one customer become one (see merge.h). */
#include "desk/merge.h"
#include "desk/account.h"
#include "desk/bulk.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <string.h>

#include "core/banned.h"

static const char *either(const char *mine, const char *theirs)
{
    return mine && mine[0] ? mine : theirs ? theirs : "";
}

int at_desk_customers_merge(struct at_desk *d, const struct at_actor *who, int64_t from,
                            int64_t into, const char *address, struct at_arena *arena,
                            struct at_customer *out, int64_t *moved, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_customer a, b;
    int ret;

    *moved = 0;
    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff merge customers");
    if (from == into)
        return at_errinfo_set(e, AT_EINVAL, "into", "a customer cannot be merged into itself");
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = st->tickets->customer_get(st, from, arena, &a);
    if (ret == 0) {
        ret = st->tickets->customer_get(st, into, arena, &b);
        if (ret == AT_ENOTFOUND)
            at_errinfo_set(e, ret, "into", "no customer %lld to merge into", (long long)into);
    } else if (ret == AT_ENOTFOUND) {
        at_errinfo_set(e, ret, "id", "no such customer");
    }
    if (ret) {
        at_desk_rollback(d);
        return ret == AT_ENOTFOUND ? ret : desk_store_err(e, ret, "reading the customers");
    }
    b.preferred_name = either(b.preferred_name, a.preferred_name);
    b.phone = either(b.phone, a.phone);
    b.company = either(b.company, a.company);
    if (a.notes[0] && b.notes[0])
        b.notes = at_arena_printf(arena, "%s\n\n(from %s:) %s", b.notes, a.email, a.notes);
    else
        b.notes = either(b.notes, a.notes);
    b.lifetime_value_cents += a.lifetime_value_cents;
    b.updated_at = desk_now(d);
    ret = st->tickets->customer_merge(st, from, into, moved);
    if (ret == 0)
        ret = st->tickets->customer_update(st, &b);
    if (ret == 0)
        ret = at_desk_audit(
            d, who, "customer.merge", at_arena_printf(arena, "customer:%lld", (long long)into),
            at_arena_printf(arena, "customer #%lld %s (%lld tickets) merged into #%lld %s",
                            (long long)from, a.email, (long long)*moved, (long long)into, b.email),
            address);
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, "merging the customers");
    }
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    return at_desk_customer_get(d, who, into, arena, out, e);
}

int at_desk_tickets_merge(struct at_desk *d, const struct at_actor *who, int64_t from, int64_t into,
                          struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e)
{
    static const char *const due[] = {"follow_up", "survey", "reminder"};
    struct at_store *st = d->store;
    struct at_ticket a, b;
    int64_t now = desk_now(d), n;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff merge tickets");
    if (from == into)
        return at_errinfo_set(e, AT_EINVAL, "into", "a ticket cannot be merged into itself");
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = at_desk_ticket_get(d, who, from, arena, &a, e);
    if (ret == 0) {
        ret = at_desk_ticket_get(d, who, into, arena, &b, e);
        if (ret == AT_ENOTFOUND)
            at_errinfo_set(e, ret, "into", "no ticket %lld to merge into", (long long)into);
    }
    if (ret == 0 && a.customer_id != b.customer_id)
        ret = at_errinfo_set(e, AT_EINVAL, "into",
                             "#%lld and #%lld are of two customers; merge the customers first",
                             (long long)a.number, (long long)b.number);
    if (ret == 0 && (b.status == AT_STATUS_CLOSED || b.merged_into))
        ret = at_errinfo_set(e, AT_ESTATE, "into", "#%lld is closed; merge into an open ticket",
                             (long long)b.number);
    if (ret == 0 && (a.status == AT_STATUS_CLOSED || a.merged_into))
        ret = at_errinfo_set(e, AT_ESTATE, "id", "#%lld is closed already", (long long)a.number);
    if (ret == 0 && (ret = st->tickets->ticket_merge(st, from, into)) != 0)
        desk_store_err(e, ret, "merging the tickets");
    if (ret == 0) {
        /* closed without a solve: no survey, no check-in for what goes on elsewhere */
        a.status = AT_STATUS_CLOSED;
        a.closed_at = now;
        a.updated_at = now;
        a.merged_into = into;
        b.updated_at = now;
        for (size_t i = 0; ret == 0 && i < sizeof(due) / sizeof(due[0]); i++)
            ret = st->jobs->job_cancel(st, from, due[i], now, &n);
        if (ret == 0)
            ret = st->tickets->ticket_update(st, &a);
        if (ret == 0)
            ret = st->tickets->ticket_update(st, &b);
        if (ret == 0)
            ret = st->tickets->event_add(
                st, &(struct at_event){.ticket_id = from,
                                       .actor_id = who->user_id,
                                       .kind = "merged_into",
                                       .old_value = "",
                                       .new_value =
                                           at_arena_printf(arena, "#%lld", (long long)b.number),
                                       .created_at = now});
        if (ret == 0)
            ret = st->tickets->event_add(
                st, &(struct at_event){.ticket_id = into,
                                       .actor_id = who->user_id,
                                       .kind = "merged_from",
                                       .old_value = "",
                                       .new_value =
                                           at_arena_printf(arena, "#%lld", (long long)a.number),
                                       .created_at = now});
        if (ret)
            desk_store_err(e, ret, "merging the tickets");
    }
    if (ret == 0)
        ret = at_desk_ticket_changed(
            d,
            &(struct at_ticket_changed){
                .who = who, .ticket = &a, .what = AT_TC_STATUS, .arena = arena},
            e);
    if (ret == 0)
        ret = at_desk_ticket_changed(
            d,
            &(struct at_ticket_changed){
                .who = who, .ticket = &b, .what = AT_TC_FIELDS, .arena = arena},
            e);
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    return at_desk_ticket_get(d, who, into, arena, out, e);
}

int at_desk_tickets_merge_many(struct at_desk *d, const struct at_actor *who, const int64_t *from,
                               size_t n, int64_t into, struct at_arena *arena,
                               struct at_ticket *out, int64_t *failed_id, struct at_errinfo *e)
{
    int ret;

    *failed_id = 0;
    if (n == 0 || n > AT_BULK_MAX)
        return at_errinfo_set(e, AT_EINVAL, "ids", "choose 1 to %d tickets", AT_BULK_MAX);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        if (from[i] == into)
            continue;
        ret = at_desk_tickets_merge(d, who, from[i], into, arena, out, e);
        if (ret)
            *failed_id = from[i];
    }
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    return at_desk_ticket_get(d, who, into, arena, out, e);
}
