/*
 * The desk's core: actors, transactions that nest, the clock, store failures
 * in words and the checks of text fields, shared by every desk file.
 */
#include "desk/desk.h"
#include "desk/desk_int.h"

#include <pthread.h>
#include <string.h>

#include "core/mem.h"
#include "core/str.h"
#include "core/tz.h"

#include "core/banned.h"

const struct at_actor at_actor_system = {
    .user_id = 0, .role = AT_ROLE_ADMIN, .customer_id = 0, .name = "attune"};

bool at_actor_is_staff(const struct at_actor *a)
{
    return a->role == AT_ROLE_AGENT || a->role == AT_ROLE_LEAD || a->role == AT_ROLE_ADMIN;
}

const char *at_first_name(struct at_arena *arena, const char *preferred, const char *name)
{
    if (preferred && preferred[0])
        return preferred;
    return at_arena_strndup(arena, name, strcspn(name, " "));
}

void at_actor_from_user(struct at_actor *out, const struct at_user *u)
{
    out->user_id = u->id;
    out->role = u->role;
    out->customer_id = u->customer_id;
    out->name = u->name;
    out->address = NULL;
}

int at_desk_begin(struct at_desk *d)
{
    int ret;

    if (d->tx_depth > 0) {
        d->tx_depth++;
        return 0;
    }
    ret = d->store->core->begin(d->store);
    if (ret == 0) {
        d->tx_depth = 1;
        d->tx_failed = false;
    }
    return ret;
}

int at_desk_commit(struct at_desk *d)
{
    int ret;

    if (d->tx_depth > 1) {
        d->tx_depth--;
        return 0;
    }
    d->tx_depth = 0;
    if (d->tx_failed) {
        d->store->core->rollback(d->store);
        d->tx_failed = false;
        desk_live_flush(d, false);
        return AT_ESTORE;
    }
    ret = d->store->core->commit(d->store);
    if (ret != 0)
        d->store->core->rollback(d->store);
    desk_live_flush(d, ret == 0);
    return ret;
}

void at_desk_rollback(struct at_desk *d)
{
    if (d->tx_depth > 1) {
        d->tx_depth--;
        d->tx_failed = true;
        return;
    }
    d->tx_depth = 0;
    d->tx_failed = false;
    d->store->core->rollback(d->store);
    desk_live_flush(d, false);
}

int desk_check_text(struct at_errinfo *e, const char *field, const char *s, size_t max,
                    bool required)
{
    size_t n;

    if (!s || !at_str_trim(at_str_from(s)).n) {
        if (required)
            return at_errinfo_set(e, AT_EINVAL, field, "%s is required", field);
        return 0;
    }
    n = strlen(s);
    if (n > max)
        return at_errinfo_set(e, AT_EINVAL, field, "%s is too long (%zu bytes; at most %zu)", field,
                              n, max);
    if (!at_utf8_valid(s, n))
        return at_errinfo_set(e, AT_EUTF8, field, "%s is not valid UTF-8", field);
    return 0;
}

bool at_actor_is_lead(const struct at_actor *a)
{
    return a->role == AT_ROLE_LEAD || a->role == AT_ROLE_ADMIN;
}

int64_t desk_now(const struct at_desk *d)
{
    return at_clock_now(d->clock);
}

int desk_store_err(struct at_errinfo *e, int ret, const char *what)
{
    if (ret != AT_ESTORE)
        return ret;
    if (what)
        return at_errinfo_set(e, ret, NULL, "the database failed while %s; try again", what);
    return at_errinfo_set(e, ret, NULL, "the database failed; try again");
}

int desk_clean_email(struct at_arena *arena, const char *field, const char *in, char **out,
                     struct at_errinfo *e)
{
    struct at_str s = at_str_trim(at_str_from(in));
    char *p;

    if (s.n == 0)
        return at_errinfo_set(e, AT_EINVAL, field, "%s is required", field);
    p = at_arena_strs(arena, s);
    for (char *q = p; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    if (!at_desk_email_valid(p))
        return at_errinfo_set(e, AT_EINVAL, field,
                              "%s must be an email address like name@example.com", field);
    *out = p;
    return 0;
}

char *desk_trimmed(struct at_arena *arena, const char *s)
{
    return at_arena_strs(arena, at_str_trim(at_str_from(s ? s : "")));
}

size_t desk_page_limit(size_t limit)
{
    if (limit == 0)
        return DESK_PAGE_DEFAULT;
    return limit > DESK_PAGE_MAX ? DESK_PAGE_MAX : limit;
}

/* ---- time zones, loaded once per process and shared (they are read-only) ---- */

struct zone {
    struct at_tz *tz;
    struct zone *next;
};
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static struct zone *zones;

const struct at_tz *desk_zone(const char *name, struct at_errinfo *e)
{
    struct at_tz *tz = NULL;

    pthread_mutex_lock(&zones_lock);
    for (struct zone *z = zones; z; z = z->next) {
        if (strcmp(at_tz_name(z->tz), name) == 0) {
            tz = z->tz;
            break;
        }
    }
    if (!tz) {
        tz = at_tz_load(name, e);
        if (tz) {
            struct zone *z = at_xcalloc(1, sizeof(*z));

            z->tz = tz;
            z->next = zones;
            zones = z;
        }
    }
    pthread_mutex_unlock(&zones_lock);
    return tz;
}
