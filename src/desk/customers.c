/* Customers: adding, reading, changing and listing them, and the history of their tickets. */
#include "desk/desk.h"
#include "desk/desk_int.h"

#include <string.h>

#include "core/str.h"
#include "desk/sla_policy.h"

#include "core/banned.h"

#define FIELD_MAX 2000

/* ---- customers ---- */

static bool may_see_customer(const struct at_actor *who, int64_t customer_id)
{
    return at_actor_is_staff(who) || (who->customer_id && who->customer_id == customer_id);
}

static int check_customer_fields(const struct at_customer_change *c, struct at_errinfo *e)
{
    int ret = 0;

    if (c->name && !at_str_trim(at_str_from(c->name)).n)
        return at_errinfo_set(e, AT_EINVAL, "name", "name cannot be empty");
    if ((ret = desk_check_text(e, "name", c->name, AT_NAME_MAX, false)) ||
        (ret = desk_check_text(e, "preferred_name", c->preferred_name, AT_NAME_MAX, false)) ||
        (ret = desk_check_text(e, "phone", c->phone, 64, false)) ||
        (ret = desk_check_text(e, "company", c->company, AT_NAME_MAX, false)) ||
        (ret = desk_check_text(e, "tier", c->tier, 32, false)) ||
        (ret = desk_check_text(e, "notes", c->notes, FIELD_MAX * 5, false)))
        return ret;
    if (c->set_value && c->lifetime_value_cents < 0)
        return at_errinfo_set(e, AT_EINVAL, "lifetime_value", "lifetime value cannot be negative");
    return 0;
}

int at_desk_customer_add(struct at_desk *d, const struct at_actor *who, const struct at_customer *c,
                         struct at_arena *arena, struct at_customer *out, struct at_errinfo *e)
{
    struct at_customer_change ch = {
        .name = c->name,
        .preferred_name = c->preferred_name,
        .phone = c->phone,
        .company = c->company,
        .tier = c->tier,
        .notes = c->notes,
        .set_value = true,
        .lifetime_value_cents = c->lifetime_value_cents,
    };
    struct at_customer nc;
    char *email;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff can add customers");
    if ((ret = desk_check_text(e, "name", c->name, AT_NAME_MAX, true)) ||
        (ret = check_customer_fields(&ch, e)) ||
        (ret = desk_clean_email(arena, "email", c->email, &email, e)))
        return ret;
    nc = (struct at_customer){
        .name = desk_trimmed(arena, c->name),
        .preferred_name = desk_trimmed(arena, c->preferred_name),
        .email = email,
        .phone = desk_trimmed(arena, c->phone),
        .company = desk_trimmed(arena, c->company),
        .tier = c->tier && c->tier[0] ? desk_trimmed(arena, c->tier) : "standard",
        .lifetime_value_cents = c->lifetime_value_cents,
        .notes = c->notes ? c->notes : "",
        .created_at = desk_now(d),
    };
    nc.updated_at = nc.created_at;
    ret = d->store->tickets->customer_add(d->store, &nc, &nc.id);
    if (ret == AT_ECONFLICT)
        return at_errinfo_set(e, ret, "email", "a customer with the email %s exists already",
                              email);
    if (ret)
        return desk_store_err(e, ret, "adding the customer");
    if (out)
        *out = nc;
    return 0;
}

int at_desk_customer_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                         struct at_arena *arena, struct at_customer *out, struct at_errinfo *e)
{
    int ret;

    if (!may_see_customer(who, id))
        return at_errinfo_set(e, AT_ENOTFOUND, "id", "no customer %lld", (long long)id);
    ret = d->store->tickets->customer_get(d->store, id, arena, out);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no customer %lld", (long long)id);
    return desk_store_err(e, ret, "reading the customer");
}

int at_desk_customer_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                            const struct at_customer_change *ch, struct at_arena *arena,
                            struct at_customer *out, struct at_errinfo *e)
{
    struct at_customer c, before;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff can change customer profiles");
    ret = check_customer_fields(ch, e);
    if (ret)
        return ret;
    ret = at_desk_customer_get(d, who, id, arena, &c, e);
    if (ret)
        return ret;
    before = c;
    if (ch->name)
        c.name = desk_trimmed(arena, ch->name);
    if (ch->preferred_name)
        c.preferred_name = desk_trimmed(arena, ch->preferred_name);
    if (ch->phone)
        c.phone = desk_trimmed(arena, ch->phone);
    if (ch->company)
        c.company = desk_trimmed(arena, ch->company);
    if (ch->tier)
        c.tier = ch->tier[0] ? desk_trimmed(arena, ch->tier) : "standard";
    if (ch->notes)
        c.notes = ch->notes;
    if (ch->set_value)
        c.lifetime_value_cents = ch->lifetime_value_cents;
    /* nothing new: nothing is written, and the profile keeps its time of change */
    if (strcmp(c.name, before.name) == 0 && strcmp(c.preferred_name, before.preferred_name) == 0 &&
        strcmp(c.phone, before.phone) == 0 && strcmp(c.company, before.company) == 0 &&
        strcmp(c.tier, before.tier) == 0 && strcmp(c.notes, before.notes) == 0 &&
        c.lifetime_value_cents == before.lifetime_value_cents) {
        if (out)
            *out = c;
        return 0;
    }
    c.updated_at = desk_now(d);
    ret = at_desk_begin(d);
    if (ret == 0)
        ret = d->store->tickets->customer_update(d->store, &c);
    /* another tier can mean another service level policy for the open tickets */
    if (ret == 0 && strcmp(c.tier, before.tier) != 0)
        ret = at_desk_sla_customer_changed(d, c.id, e);
    if (ret == 0)
        ret = at_desk_commit(d);
    else
        at_desk_rollback(d);
    if (ret)
        return desk_store_err(e, ret, "saving the customer");
    if (out)
        *out = c;
    return 0;
}

int at_desk_customer_list(struct at_desk *d, const struct at_actor *who, const char *query,
                          int64_t after_id, size_t limit, struct at_arena *arena,
                          struct at_customer **out, size_t *n, struct at_errinfo *e)
{
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff can list customers");
    ret = desk_check_text(e, "q", query, 200, false);
    if (ret)
        return ret;
    ret = d->store->tickets->customer_list(d->store, query && query[0] ? query : NULL, after_id,
                                           desk_page_limit(limit), arena, out, n);
    return desk_store_err(e, ret, "listing customers");
}

int at_desk_customer_history(struct at_desk *d, const struct at_actor *who, int64_t customer_id,
                             struct at_arena *arena, struct at_ticket **out, size_t *n,
                             struct at_errinfo *e)
{
    struct at_ticket_query q = {0};
    struct at_ticket *all = NULL;
    size_t total = 0, cap = 0;
    struct at_customer c;
    int ret;

    ret = at_desk_customer_get(d, who, customer_id, arena, &c, e);
    if (ret)
        return ret;
    q.filter.customer_id = customer_id;
    q.sort = AT_SORT_NEWEST;
    q.limit = 500;
    for (;;) {
        struct at_ticket *page;
        size_t got;

        ret = d->store->tickets->ticket_list(d->store, &q, arena, &page, &got);
        if (ret)
            return desk_store_err(e, ret, "reading the customer's history");
        if (total + got > cap) {
            struct at_ticket *grown;

            cap = (total + got) * 2;
            grown = at_arena_alloc(arena, cap * sizeof(*grown));
            if (total)
                memcpy(grown, all, total * sizeof(*grown));
            all = grown;
        }
        if (got)
            memcpy(all + total, page, got * sizeof(*page));
        total += got;
        if (got < q.limit)
            break;
        q.after.set = true;
        q.after.key = page[got - 1].created_at;
        q.after.id = page[got - 1].id;
    }
    *out = all;
    *n = total;
    return 0;
}
