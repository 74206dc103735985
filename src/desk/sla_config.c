/* Service levels, configured: calendars of business hours and policies of targets, by admins. */
#include "desk/desk_int.h"
#include "desk/sla_int.h"
#include "desk/sla_policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "desk/account.h"

#include "core/banned.h"

#define NAME_MAX_BYTES 100
#define TIER_MAX_BYTES 50
#define MAX_HOURS      14
#define MAX_HOLIDAYS   400
#define MAX_TARGET_MIN (366LL * 24 * 60) /* a year of minutes */

static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char *const day_full[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};

const char *at_sla_day_name(int wd)
{
    return wd >= 0 && wd < 7 ? day_names[wd] : "?";
}

/* ---- checking what people give ---- */

bool sla_staff(const struct at_actor *who, struct at_errinfo *e)
{
    if (at_actor_is_staff(who))
        return true;
    at_errinfo_set(e, AT_EPERM, NULL, "only staff see service level settings");
    return false;
}

static bool admin(const struct at_actor *who, struct at_errinfo *e)
{
    if (who->role == AT_ROLE_ADMIN)
        return true;
    at_errinfo_set(e, AT_EPERM, NULL, "only admins change service level settings");
    return false;
}

static int check_name(struct at_errinfo *e, const char *field, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;

    if (!s || !at_str_trim(at_str_from(s)).n)
        return at_errinfo_set(e, AT_EINVAL, field, "%s is required", field);
    if (n > max || !at_utf8_valid(s, n))
        return at_errinfo_set(e, AT_EINVAL, field, "%s must be text of at most %zu bytes", field,
                              max);
    return 0;
}

/* "HH:MM" into minutes after midnight; "24:00" only when `end`. */
static bool parse_hhmm(const char *s, bool end, int *out)
{
    int h, m;

    if (!s || strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (m || !end)))
        return false;
    *out = h * 60 + m;
    return true;
}

static int day_of(const char *s)
{
    for (int i = 0; s && i < 7; i++)
        if (strcmp(s, day_names[i]) == 0)
            return i;
    return -1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" into YYYYMMDD; false for anything that is not a real date. */
static bool parse_date(const char *s, int32_t *out)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 0, m, d;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (s[i] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
        return false;
    *out = y * 10000 + m * 100 + d;
    return true;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

    return (x > y) - (x < y);
}

static void hhmm(int min, char out[8])
{
    unsigned m = (unsigned)min % 1441;

    snprintf(out, 8, "%02u:%02u", m / 60, m % 60);
}

/* Applies `in` to `c`, checking every field; `adding` makes name, tz and hours required. */
static int apply_calendar(struct at_desk *d, const struct at_sla_calendar_input *in, bool adding,
                          struct at_arena *arena, struct at_sla_calendar *c, struct at_errinfo *e)
{
    int ret;

    if (in->name || adding) {
        if ((ret = check_name(e, "name", in->name, NAME_MAX_BYTES)))
            return ret;
        c->name = desk_trimmed(arena, in->name);
    }
    if (in->tz || adding) {
        struct at_errinfo tz_e = {0};

        if ((ret = check_name(e, "tz", in->tz, 64)))
            return ret;
        if (!desk_zone(in->tz, &tz_e))
            return at_errinfo_set(e, AT_EINVAL, "tz",
                                  "unknown time zone '%s'; use a name of the tz database such as "
                                  "Europe/Berlin or America/New_York",
                                  in->tz);
        c->tz = at_arena_strdup(arena, in->tz);
    }
    if (adding && !in->set_hours)
        return at_errinfo_set(e, AT_EINVAL, "hours",
                              "hours is required: the working hours of each day");
    if (in->set_hours) {
        int owner[7];
        int16_t open[7] = {0}, close[7] = {0};
        bool any = false;

        if (in->nhours > MAX_HOURS)
            return at_errinfo_set(e, AT_EINVAL, "hours", "at most %d ranges of hours", MAX_HOURS);
        for (int k = 0; k < 7; k++)
            owner[k] = -1;
        for (size_t i = 0; i < in->nhours; i++) {
            const struct at_sla_hours *h = &in->hours[i];
            char field[64];
            int o, cl;

            snprintf(field, sizeof(field), "hours[%zu].open", i);
            if (!parse_hhmm(h->open, false, &o))
                return at_errinfo_set(e, AT_EINVAL, field, "%s must be a time of day as HH:MM",
                                      field);
            snprintf(field, sizeof(field), "hours[%zu].close", i);
            if (!parse_hhmm(h->close, true, &cl))
                return at_errinfo_set(e, AT_EINVAL, field,
                                      "%s must be a time of day as HH:MM (24:00 for midnight)",
                                      field);
            if (cl <= o)
                return at_errinfo_set(e, AT_EINVAL, field,
                                      "%s (%s) must be after the opening time (%s)", field,
                                      h->close, h->open);
            snprintf(field, sizeof(field), "hours[%zu].days", i);
            if (h->ndays == 0)
                return at_errinfo_set(e, AT_EINVAL, field, "%s must name at least one day", field);
            for (size_t k = 0; k < h->ndays; k++) {
                int wd = day_of(h->days[k]);

                if (wd < 0)
                    return at_errinfo_set(e, AT_EINVAL, field,
                                          "%s: unknown day '%s'; use mon, tue, wed, thu, fri, "
                                          "sat or sun",
                                          field, h->days[k]);
                if (owner[wd] >= 0) {
                    char a[8], b[8];
                    bool overlap = o < close[wd] && open[wd] < cl;

                    hhmm(open[wd], a);
                    hhmm(close[wd], b);
                    snprintf(field, sizeof(field), "hours[%zu]", i);
                    if (overlap)
                        return at_errinfo_set(e, AT_EINVAL, field,
                                              "%s overlaps hours[%d] on %s (%s-%s); give each "
                                              "day one range",
                                              field, owner[wd], day_full[wd], a, b);
                    return at_errinfo_set(e, AT_EINVAL, field,
                                          "%s: %s has hours in hours[%d] already (%s-%s); give "
                                          "each day one range",
                                          field, day_full[wd], owner[wd], a, b);
                }
                owner[wd] = (int)i;
                open[wd] = (int16_t)o;
                close[wd] = (int16_t)cl;
                any = true;
            }
        }
        if (!any)
            return at_errinfo_set(e, AT_EINVAL, "hours",
                                  "a calendar needs working hours on at least one day");
        memcpy(c->open_min, open, sizeof(open));
        memcpy(c->close_min, close, sizeof(close));
    }
    if (in->set_holidays) {
        if (in->nholidays > MAX_HOLIDAYS)
            return at_errinfo_set(e, AT_EINVAL, "holidays", "at most %d holidays", MAX_HOLIDAYS);
        c->holidays = at_arena_alloc(arena, (in->nholidays + 1) * sizeof(*c->holidays));
        c->nholidays = 0;
        for (size_t i = 0; i < in->nholidays; i++) {
            int32_t v;
            char field[32];

            snprintf(field, sizeof(field), "holidays[%zu]", i);
            if (!parse_date(in->holidays[i], &v))
                return at_errinfo_set(e, AT_EINVAL, field,
                                      "%s must be a date as YYYY-MM-DD, such as 2026-12-25", field);
            c->holidays[c->nholidays++] = v;
        }
        qsort(c->holidays, c->nholidays, sizeof(*c->holidays), cmp_i32);
    }
    (void)d;
    return 0;
}

static int conflict(struct at_errinfo *e, int ret, const char *field, const char *what)
{
    if (ret == AT_ECONFLICT)
        return at_errinfo_set(e, ret, field, "%s", what);
    return desk_store_err(e, ret, "saving");
}

/* Admins' changes to how service levels are counted go to the audit log, in the change's
 * transaction. */
static int audit_sla(struct at_desk *d, const struct at_actor *who, const char *action,
                     const char *kind, int64_t id, const char *name)
{
    char target[48];

    snprintf(target, sizeof(target), "%s:%lld", kind, (long long)id);
    return at_desk_audit(d, who, action, target, name, who->address);
}

static int end_tx(struct at_desk *d, int ret)
{
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    return at_desk_commit(d);
}

int at_desk_sla_calendar_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                              struct at_sla_calendar **out, size_t *n, struct at_errinfo *e)
{
    *out = NULL;
    *n = 0;
    if (!sla_staff(who, e))
        return AT_EPERM;
    return desk_store_err(e, d->store->sla->sla_calendar_list(d->store, arena, out, n), "listing");
}

int at_desk_sla_calendar_add(struct at_desk *d, const struct at_actor *who,
                             const struct at_sla_calendar_input *in, struct at_arena *arena,
                             struct at_sla_calendar *out, struct at_errinfo *e)
{
    struct at_sla_calendar c = {0};
    int ret;

    if (!admin(who, e))
        return AT_EPERM;
    ret = apply_calendar(d, in, true, arena, &c, e);
    if (ret)
        return ret;
    if (!c.holidays)
        c.holidays = at_arena_alloc(arena, sizeof(*c.holidays));
    c.created_at = c.updated_at = desk_now(d);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "saving the calendar");
    ret = d->store->sla->sla_calendar_add(d->store, &c, &c.id);
    if (ret == 0)
        ret = audit_sla(d, who, "sla.calendar.add", "calendar", c.id, c.name);
    ret = end_tx(d, ret);
    if (ret)
        return conflict(e, ret, "name", "a calendar with this name exists already");
    if (out)
        *out = c;
    return 0;
}

int at_desk_sla_calendar_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                                const struct at_sla_calendar_input *in, struct at_arena *arena,
                                struct at_sla_calendar *out, struct at_errinfo *e)
{
    struct at_sla_calendar c;
    int ret;

    if (!admin(who, e))
        return AT_EPERM;
    ret = d->store->sla->sla_calendar_get(d->store, id, arena, &c);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no calendar %lld", (long long)id);
    if (ret)
        return desk_store_err(e, ret, "reading the calendar");
    ret = apply_calendar(d, in, false, arena, &c, e);
    if (ret)
        return ret;
    c.updated_at = desk_now(d);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "saving the calendar");
    ret = d->store->sla->sla_calendar_update(d->store, &c);
    if (ret == 0)
        ret = audit_sla(d, who, "sla.calendar.update", "calendar", c.id, c.name);
    ret = end_tx(d, ret);
    if (ret)
        return conflict(e, ret, "name", "a calendar with this name exists already");
    if (out)
        *out = c;
    return 0;
}

static int check_target(struct at_errinfo *e, const char *field, bool set, bool adding, int64_t v,
                        int32_t *out)
{
    if (!set) {
        if (adding)
            return at_errinfo_set(e, AT_EINVAL, field, "%s is required (business minutes)", field);
        return 0;
    }
    if (v < 0 || v > MAX_TARGET_MIN)
        return at_errinfo_set(e, AT_EINVAL, field,
                              "%s must be business minutes from 0 to %lld, not %lld", field,
                              (long long)MAX_TARGET_MIN, (long long)v);
    *out = (int32_t)v;
    return 0;
}

static bool is_default(const struct at_sla_policy *p)
{
    return p->priority < 0 && (!p->tier || !p->tier[0]);
}

static int apply_policy(struct at_desk *d, const struct at_sla_policy_input *in, bool adding,
                        struct at_arena *arena, struct at_sla_policy *p, struct at_errinfo *e)
{
    bool was_default = !adding && is_default(p);
    int ret;

    if (in->name || adding) {
        if ((ret = check_name(e, "name", in->name, NAME_MAX_BYTES)))
            return ret;
        p->name = desk_trimmed(arena, in->name);
    }
    if (in->set_priority) {
        enum at_priority pr;

        if (!in->priority || !in->priority[0])
            p->priority = -1;
        else if (at_priority_parse(in->priority, &pr))
            p->priority = (int)pr;
        else
            return at_errinfo_set(e, AT_EINVAL, "priority",
                                  "priority must be low, normal, high, urgent, or null for any");
    } else if (adding) {
        p->priority = -1;
    }
    if (in->tier) {
        size_t n = strlen(in->tier);

        if (n > TIER_MAX_BYTES || !at_utf8_valid(in->tier, n))
            return at_errinfo_set(e, AT_EINVAL, "tier",
                                  "tier must be text of at most %d bytes (\"\" for any)",
                                  TIER_MAX_BYTES);
        p->tier = desk_trimmed(arena, in->tier);
    } else if (adding) {
        p->tier = "";
    }
    if (in->set_calendar || adding) {
        struct at_sla_calendar c;
        int64_t cal = in->set_calendar ? in->calendar_id : 1;

        ret = d->store->sla->sla_calendar_get(d->store, cal, arena, &c);
        if (ret == AT_ENOTFOUND)
            return at_errinfo_set(e, AT_EINVAL, "calendar_id", "no calendar %lld", (long long)cal);
        if (ret)
            return desk_store_err(e, ret, "reading the calendar");
        p->calendar_id = cal;
        p->calendar_name = c.name;
    }
    if ((ret = check_target(e, "first_response_minutes", in->set_first_response, adding,
                            in->first_response_min, &p->first_response_min)) ||
        (ret = check_target(e, "next_response_minutes", in->set_next_response, adding,
                            in->next_response_min, &p->next_response_min)) ||
        (ret = check_target(e, "resolution_minutes", in->set_resolution, adding, in->resolution_min,
                            &p->resolution_min)))
        return ret;
    if (in->set_follow_up) {
        if (in->follow_up_hours < 0 || in->follow_up_hours > AT_SLA_FOLLOW_UP_MAX_HOURS)
            return at_errinfo_set(e, AT_EINVAL, "follow_up_hours",
                                  "follow_up_hours must be from 0 (no check-in) to %d, not %lld",
                                  AT_SLA_FOLLOW_UP_MAX_HOURS, (long long)in->follow_up_hours);
        p->follow_up_hours = (int32_t)in->follow_up_hours;
    } else if (adding) {
        p->follow_up_hours = (int32_t)(AT_FOLLOW_UP_DELAY_MS / 3600000);
    }
    if (was_default && !is_default(p))
        return at_errinfo_set(e, AT_ESTATE, in->set_priority ? "priority" : "tier",
                              "the default policy applies to any priority and tier; add a policy "
                              "for the narrower case instead");
    return 0;
}

int at_desk_sla_policy_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                            struct at_sla_policy **out, size_t *n, struct at_errinfo *e)
{
    *out = NULL;
    *n = 0;
    if (!sla_staff(who, e))
        return AT_EPERM;
    return desk_store_err(e, d->store->sla->sla_policy_list(d->store, arena, out, n), "listing");
}

#define POLICY_TAKEN "a policy with this name, or for this priority and tier, exists already"

int at_desk_sla_policy_add(struct at_desk *d, const struct at_actor *who,
                           const struct at_sla_policy_input *in, struct at_arena *arena,
                           struct at_sla_policy *out, struct at_errinfo *e)
{
    struct at_sla_policy p = {0};
    int ret;

    if (!admin(who, e))
        return AT_EPERM;
    ret = apply_policy(d, in, true, arena, &p, e);
    if (ret)
        return ret;
    p.created_at = p.updated_at = desk_now(d);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "saving the policy");
    ret = d->store->sla->sla_policy_add(d->store, &p, &p.id);
    if (ret == 0)
        ret = audit_sla(d, who, "sla.policy.add", "policy", p.id, p.name);
    ret = end_tx(d, ret);
    if (ret)
        return conflict(e, ret, "name", POLICY_TAKEN);
    if (out)
        *out = p;
    return 0;
}

int at_desk_sla_policy_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                              const struct at_sla_policy_input *in, struct at_arena *arena,
                              struct at_sla_policy *out, struct at_errinfo *e)
{
    struct at_sla_policy p;
    bool was_default;
    int ret;

    if (!admin(who, e))
        return AT_EPERM;
    ret = d->store->sla->sla_policy_get(d->store, id, arena, &p);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no policy %lld", (long long)id);
    if (ret)
        return desk_store_err(e, ret, "reading the policy");
    was_default = p.priority == -1 && p.tier[0] == '\0';
    ret = apply_policy(d, in, false, arena, &p, e);
    if (ret)
        return ret;
    if (was_default && (p.priority != -1 || p.tier[0] != '\0'))
        return at_errinfo_set(e, AT_ESTATE, p.priority != -1 ? "priority" : "tier",
                              "the default policy applies to every ticket no other policy fits; "
                              "it keeps no priority and no tier (change its targets instead)");
    p.updated_at = desk_now(d);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "saving the policy");
    ret = d->store->sla->sla_policy_update(d->store, &p);
    if (ret == 0)
        ret = audit_sla(d, who, "sla.policy.update", "policy", p.id, p.name);
    ret = end_tx(d, ret);
    if (ret)
        return conflict(e, ret, "name", POLICY_TAKEN);
    if (out)
        *out = p;
    return 0;
}

int at_desk_sla_policy_delete(struct at_desk *d, const struct at_actor *who, int64_t id,
                              struct at_errinfo *e)
{
    int ret;

    if (!admin(who, e))
        return AT_EPERM;
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "deleting the policy");
    {
        struct at_arena arena = AT_ARENA_INIT;
        struct at_sla_policy p;

        ret = d->store->sla->sla_policy_get(d->store, id, &arena, &p);
        if (ret == 0 && p.priority == -1 && p.tier[0] == '\0')
            ret = AT_ESTATE; /* every ticket must find a policy */
        at_arena_release(&arena);
    }
    if (ret == 0)
        ret = d->store->sla->sla_policy_delete(d->store, id);
    if (ret == 0)
        ret = audit_sla(d, who, "sla.policy.delete", "policy", id, "");
    ret = end_tx(d, ret);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no policy %lld", (long long)id);
    if (ret == AT_ESTATE)
        return at_errinfo_set(e, ret, "id",
                              "the default policy cannot be deleted: every ticket needs one; "
                              "change its targets instead");
    return desk_store_err(e, ret, "deleting the policy");
}
