/* Service levels: calendars and policies, the clocks of tickets, warnings and breaches. */
#include "desk/sla_policy.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
#include "desk/account.h"
#include "desk/jobs.h"
#include "desk/outbound.h"
#include "desk/sla.h"
#include "desk/triage.h"

#include "core/banned.h"

#define NAME_MAX_BYTES 100
#define TIER_MAX_BYTES 50
#define MAX_HOURS      14
#define MAX_HOLIDAYS   400
#define MAX_TARGET_MIN (366LL * 24 * 60) /* a year of minutes */
#define NONE           INT64_MAX
#define DAY_MS         (24LL * 3600 * 1000)

static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char *const day_full[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
static const char *const clock_names[] = {"first_response", "next_response", "resolution"};
static const char *const clock_words[] = {"first response", "next response", "resolution"};

const char *at_sla_day_name(int wd)
{
    return wd >= 0 && wd < 7 ? day_names[wd] : "?";
}

/* ---- time zones, loaded once per process and shared (they are read-only) ---- */

struct zone {
    struct at_tz *tz;
    struct zone *next;
};
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static struct zone *zones;

static const struct at_tz *zone(const char *name, struct at_errinfo *e)
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

/* The arithmetic's view of a stored calendar; false when its zone cannot be loaded. */
static bool to_calendar(const struct at_sla_calendar *c, struct at_calendar *out)
{
    struct at_errinfo e = {0};
    const struct at_tz *tz = zone(c->tz, &e);

    if (!tz) {
        at_log_warn("sla", "calendar %lld: time zone %s: %s; counting in UTC", (long long)c->id,
                    c->tz, e.msg);
        tz = zone("UTC", &e);
        if (!tz)
            return false;
    }
    out->tz = tz;
    memcpy(out->open_min, c->open_min, sizeof(out->open_min));
    memcpy(out->close_min, c->close_min, sizeof(out->close_min));
    out->holidays = c->holidays;
    out->nholidays = c->nholidays;
    return true;
}

/* ---- checking what people give ---- */

static bool staff(const struct at_actor *who, struct at_errinfo *e)
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

static char *trimmed(struct at_arena *arena, const char *s)
{
    return at_arena_strs(arena, at_str_trim(at_str_from(s)));
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
        c->name = trimmed(arena, in->name);
    }
    if (in->tz || adding) {
        struct at_errinfo tz_e = {0};

        if ((ret = check_name(e, "tz", in->tz, 64)))
            return ret;
        if (!zone(in->tz, &tz_e))
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
    if (!staff(who, e))
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
        p->name = trimmed(arena, in->name);
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
        p->tier = trimmed(arena, in->tier);
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
    if (!staff(who, e))
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

/* ---- the clocks ---- */

static int warning_percent(const struct at_desk *d)
{
    int p = d->sla_warning_percent;

    return p > 0 && p < 100 ? p : AT_SLA_WARNING_PERCENT;
}

/* Due and warning times of a started clock from its start, target and paused time. */
static void derive(const struct at_calendar *cal, int pct, struct at_sla_clock *c)
{
    int64_t target = (int64_t)c->target_min * 60000;
    int64_t before_warning = target - target * pct / 100;

    if (!c->start_at) {
        c->due_at = c->warn_at = 0;
        return;
    }
    c->due_at = at_sla_due(cal, c->start_at, target + c->paused_ms);
    c->warn_at = at_sla_due(cal, c->start_at, before_warning + c->paused_ms);
    if (c->due_at < 0) /* a calendar without working time: the clock never runs out */
        c->due_at = c->warn_at = NONE;
}

static bool running(const struct at_ticket_sla *s, const struct at_sla_clock *c)
{
    return c->start_at && !c->met_at && !s->paused_at;
}

static const char *clock_state(const struct at_ticket_sla *s, const struct at_sla_clock *c,
                               int64_t at)
{
    if (!c->start_at)
        return NULL;
    if (c->met_at)
        return c->met_at <= c->due_at ? "met" : "breached";
    if (s->paused_at)
        return c->due_at <= s->paused_at ? "breached" : "paused";
    if (at >= c->due_at)
        return "breached";
    if (at >= c->warn_at)
        return "warning";
    return "ok";
}

/* Business ms left on a clock at `at` (at its pause while paused); negative when overdue. */
static int64_t left_ms(const struct at_calendar *cal, const struct at_ticket_sla *s,
                       const struct at_sla_clock *c, int64_t at)
{
    int64_t from = s->paused_at ? s->paused_at : at;

    if (c->due_at == NONE)
        return NONE;
    if (from <= c->due_at)
        return at_sla_business_ms(cal, from, c->due_at);
    return -at_sla_business_ms(cal, c->due_at, from);
}

/* Sets the targets of the policy on the clocks that started. */
static void retarget(struct at_ticket_sla *s, const struct at_sla_policy *p)
{
    int32_t targets[AT_CLOCK_COUNT] = {p->first_response_min, p->next_response_min,
                                       p->resolution_min};

    s->policy_id = p->id;
    s->policy_name = p->name;
    s->calendar_id = p->calendar_id;
    for (int k = 0; k < AT_CLOCK_COUNT; k++)
        s->clock[k].target_min = targets[k];
}

static bool policy_differs(const struct at_ticket_sla *s, const struct at_sla_policy *p)
{
    return s->policy_id != p->id || s->calendar_id != p->calendar_id ||
           s->clock[AT_CLOCK_FIRST_RESPONSE].target_min != p->first_response_min ||
           s->clock[AT_CLOCK_NEXT_RESPONSE].target_min != p->next_response_min ||
           s->clock[AT_CLOCK_RESOLUTION].target_min != p->resolution_min ||
           strcmp(s->policy_name ? s->policy_name : "", p->name) != 0;
}

static bool waiting_on_customer(enum at_status st)
{
    return st == AT_STATUS_PENDING || st == AT_STATUS_ON_HOLD || st == AT_STATUS_SOLVED ||
           st == AT_STATUS_CLOSED;
}

static int event(struct at_desk *d, int64_t ticket_id, const char *kind, const char *old_value,
                 const char *new_value)
{
    struct at_event ev = {.ticket_id = ticket_id,
                          .actor_id = 0,
                          .kind = kind,
                          .old_value = old_value,
                          .new_value = new_value,
                          .created_at = desk_now(d)};

    return d->store->tickets->event_add(d->store, &ev);
}

/* Mails a warning or breach to the assignee and every active lead (nothing when mail is off). */
static int notify(struct at_desk *d, const struct at_ticket *t, int k, bool breach,
                  struct at_arena *arena, struct at_errinfo *e)
{
    const struct at_sla_clock *c = &t->sla.clock[k];
    struct at_user *users = NULL;
    size_t n = 0;
    char due[32];
    const char *subject, *text;
    int ret;

    at_time_format(c->due_at, due, sizeof(due));
    subject =
        at_arena_printf(arena, "SLA %s: #%lld %s %s", breach ? "breach" : "warning",
                        (long long)t->number, clock_words[k], breach ? "overdue" : "due soon");
    text =
        at_arena_printf(arena,
                        "Ticket #%lld \"%s\" %s its %s target (policy %s): due %s UTC, "
                        "%d business minutes after it started.\n",
                        (long long)t->number, t->subject, breach ? "has gone past" : "is close to",
                        clock_words[k], t->sla.policy_name, due, c->target_min);
    if (!d->mailer)
        return 0;
    ret = d->store->people->user_list(d->store, false, arena, &users, &n);
    if (ret)
        return desk_store_err(e, ret, "finding the leads");
    if (t->assignee_id) {
        ret = at_desk_mail_user(d, t->assignee_id, t->id, subject, text, e);
        if (ret)
            return ret;
    }
    for (size_t i = 0; i < n; i++) {
        if (users[i].role != AT_ROLE_LEAD || users[i].disabled || users[i].id == t->assignee_id)
            continue;
        ret = at_desk_mail_user(d, users[i].id, t->id, subject, text, e);
        if (ret)
            return ret;
    }
    return 0;
}

/* Records warnings and breaches that are due on running clocks, once per clock and due time. */
static int record_due(struct at_desk *d, struct at_ticket *t, struct at_arena *arena,
                      struct at_errinfo *e)
{
    int64_t at = desk_now(d);
    int ret = 0;

    for (int k = 0; ret == 0 && k < AT_CLOCK_COUNT; k++) {
        struct at_sla_clock *c = &t->sla.clock[k];
        char due[32];

        if (!running(&t->sla, c) || c->due_at == NONE)
            continue;
        at_time_format(c->due_at, due, sizeof(due));
        if (at >= c->due_at && c->breach_for != c->due_at) {
            ret = event(d, t->id, "sla_breach", clock_names[k], due);
            if (ret == 0)
                ret = notify(d, t, k, true, arena, e);
            c->breach_for = c->warned_for = c->due_at;
        } else if (at >= c->warn_at && at < c->due_at && c->warned_for != c->due_at) {
            ret = event(d, t->id, "sla_warning", clock_names[k], due);
            if (ret == 0)
                ret = notify(d, t, k, false, arena, e);
            c->warned_for = c->due_at;
        }
    }
    return ret;
}

/* The ticket-level summary: earliest due and warning times, and whether a clock is breached. */
static void summarise(struct at_ticket_sla *s, int64_t at)
{
    s->next_due = s->next_warn = NONE;
    s->breached = false;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &s->clock[k];
        const char *state = clock_state(s, c, at);

        if (state && strcmp(state, "breached") == 0)
            s->breached = true;
        if (!running(s, c))
            continue;
        if (c->due_at < s->next_due)
            s->next_due = c->due_at;
        if (c->warn_at < s->next_warn)
            s->next_warn = c->warn_at;
    }
}

/* The analysis of the latest customer message with one, or "". */
static const char *latest_analysis(struct at_desk *d, int64_t ticket_id, struct at_arena *arena)
{
    struct at_message *m = NULL;
    size_t n = 0;

    if (d->store->tickets->message_list(d->store, ticket_id, false, arena, &m, &n) != 0)
        return "";
    for (size_t i = n; i-- > 0;)
        if (m[i].author_customer_id && m[i].analysis && m[i].analysis[0])
            return m[i].analysis;
    return "";
}

static int score(struct at_desk *d, struct at_ticket *t, const struct at_calendar *cal,
                 const struct at_customer *cust, const char *analysis, struct at_arena *arena)
{
    struct at_triage_input in = {0};
    struct at_triage tr;
    struct at_buf json = AT_BUF_INIT(AT_BUF_NOLIMIT);
    int64_t at = desk_now(d);
    double worst = 2.0;
    int ret;

    in.analysis = analysis;
    in.tier = cust->tier;
    in.lifetime_value_cents = cust->lifetime_value_cents;
    in.manual = t->sla.priority_manual;
    in.priority = t->priority;
    if (!waiting_on_customer(t->status)) {
        const struct at_sla_clock *nr = &t->sla.clock[AT_CLOCK_NEXT_RESPONSE];
        const struct at_sla_clock *fr = &t->sla.clock[AT_CLOCK_FIRST_RESPONSE];

        if (nr->start_at && !nr->met_at)
            in.waiting_ms = at - nr->start_at;
        else if (fr->start_at && !fr->met_at)
            in.waiting_ms = at - fr->start_at;
    }
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &t->sla.clock[k];
        int64_t target = (int64_t)c->target_min * 60000, left;
        double ratio;

        if (!c->start_at || c->met_at || c->due_at == NONE)
            continue;
        left = left_ms(cal, &t->sla, c, at);
        ratio = target > 0 ? (double)left / (double)target : (left > 0 ? 1.0 : -1.0);
        if (ratio < worst) {
            worst = ratio;
            in.sla_running = true;
            in.sla_clock = clock_words[k];
            in.sla_left_ms = left;
            in.sla_target_ms = target > 0 ? target : 1;
        }
    }
    ret = d->store->sla->ticket_recent_count(d->store, t->customer_id, t->id, at - 7 * DAY_MS,
                                             &in.repeat_7d);
    if (ret == 0)
        ret = d->store->sla->ticket_recent_count(d->store, t->customer_id, t->id, at - 30 * DAY_MS,
                                                 &in.repeat_30d);
    if (ret)
        return ret;
    at_triage_score(&in, &tr);
    at_triage_parts_json(&tr, &json);
    t->sla.triage_score = tr.score;
    t->sla.triage_parts = at_arena_strndup(arena, json.data, json.len);
    at_buf_release(&json);
    return 0;
}

const struct at_sla_policy *at_sla_policy_pick(const struct at_sla_policy *p, size_t n,
                                               int priority, const char *tier)
{
    const struct at_sla_policy *best = NULL;
    int best_rank = 0;

    if (!tier)
        tier = "";
    for (size_t i = 0; i < n; i++) {
        bool any_priority = p[i].priority == -1, any_tier = p[i].tier[0] == '\0';
        int rank;

        if ((!any_priority && p[i].priority != priority) ||
            (!any_tier && strcmp(p[i].tier, tier) != 0))
            continue;
        /* both, then the priority, then the tier, then the default */
        rank = !any_priority && !any_tier ? 4 : !any_priority ? 3 : !any_tier ? 2 : 1;
        if (rank > best_rank) {
            best = &p[i];
            best_rank = rank;
        }
    }
    return best;
}

/* Loads the policy for the ticket's priority and tier and its calendar. */
static int policy_for(struct at_desk *d, const struct at_ticket *t, const struct at_customer *cust,
                      struct at_arena *arena, struct at_sla_policy *p, struct at_calendar *cal)
{
    struct at_sla_calendar c;
    struct at_sla_policy *all;
    const struct at_sla_policy *best;
    size_t n;
    int ret = d->store->sla->sla_policy_list(d->store, arena, &all, &n);

    if (ret == 0) {
        best = at_sla_policy_pick(all, n, (int)t->priority, cust->tier);
        if (best)
            *p = *best;
        else
            ret = AT_ENOTFOUND;
    }

    if (ret == 0)
        ret = d->store->sla->sla_calendar_get(d->store, p->calendar_id, arena, &c);
    if (ret == 0 && !to_calendar(&c, cal))
        ret = AT_ESTORE;
    return ret;
}

/* True when the instants at which sla_check jobs should run differ between `a` and `b`. */
static bool schedule_differs(const struct at_ticket_sla *a, const struct at_ticket_sla *b)
{
    if (!a->clock[AT_CLOCK_FIRST_RESPONSE].start_at)
        return true;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *x = &a->clock[k], *y = &b->clock[k];

        if (running(a, x) != running(b, y))
            return true;
        if (running(b, y) && (x->due_at != y->due_at || x->warn_at != y->warn_at ||
                              x->warned_for != y->warned_for || x->breach_for != y->breach_for))
            return true;
    }
    return false;
}

static int reschedule(struct at_desk *d, const struct at_ticket *t)
{
    int64_t n, at = desk_now(d);
    /* the checks only ever move: the old ones go, no cancelled rows pile up */
    int ret = d->store->jobs->job_drop(d->store, t->id, "sla_check", &n);

    for (int k = 0; ret == 0 && k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &t->sla.clock[k];
        int64_t when[2] = {c->warn_at, c->due_at};
        bool wanted[2] = {c->warned_for != c->due_at, c->breach_for != c->due_at};

        if (!running(&t->sla, c) || c->due_at == NONE)
            continue;
        for (int i = 0; ret == 0 && i < 2; i++) {
            struct at_job j = {.kind = "sla_check",
                               .ticket_id = t->id,
                               .payload = "",
                               .run_at = when[i] > at ? when[i] : at,
                               .max_attempts = 5,
                               .created_at = at};

            if (wanted[i] && (i == 1 || when[0] < when[1]))
                ret = d->store->jobs->job_add(d->store, &j, NULL);
        }
    }
    return ret;
}

int at_desk_sla_ticket(struct at_desk *d, struct at_ticket *t, enum at_sla_cause cause,
                       const char *analysis, struct at_arena *out_arena, struct at_errinfo *out_e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_errinfo le = {0}, *e = &le;
    struct at_ticket_sla *s = &t->sla;
    struct at_ticket_sla before = t->sla;
    struct at_customer cust;
    struct at_sla_policy p;
    struct at_calendar cal;
    int64_t at = desk_now(d);
    int pct = warning_percent(d);
    int ret;

    ret = d->store->tickets->customer_get(d->store, t->customer_id, &arena, &cust);
    if (ret == 0)
        ret = policy_for(d, t, &cust, &arena, &p, &cal);
    if (ret) {
        at_errinfo_set(e, ret == AT_ENOTFOUND ? AT_ESTORE : ret, NULL,
                       "the service level policy of the ticket cannot be read; try again");
        goto out;
    }

    /* first time (a new ticket, or one from before service levels); a ticket whose policy was
       deleted keeps its clocks and takes the next matching policy's targets */
    if (!s->clock[AT_CLOCK_FIRST_RESPONSE].start_at || cause == AT_SLA_CREATED) {
        int64_t start = t->created_at ? t->created_at : at;

        memset(s->clock, 0, sizeof(s->clock));
        s->clock[AT_CLOCK_FIRST_RESPONSE].start_at = start;
        s->clock[AT_CLOCK_RESOLUTION].start_at = start;
        if (t->first_response_at)
            s->clock[AT_CLOCK_FIRST_RESPONSE].met_at = t->first_response_at;
        s->paused_at = 0;
        retarget(s, &p);
    } else if (policy_differs(s, &p)) {
        retarget(s, &p);
    }

    /* a solved ticket has met its resolution target; reopened, the clock runs on */
    if (t->status == AT_STATUS_SOLVED || t->status == AT_STATUS_CLOSED) {
        if (!s->clock[AT_CLOCK_RESOLUTION].met_at)
            s->clock[AT_CLOCK_RESOLUTION].met_at = t->solved_at ? t->solved_at : at;
    } else {
        s->clock[AT_CLOCK_RESOLUTION].met_at = 0;
    }
    /* waiting on the customer: the clocks stand still; back with us: the time is added back */
    if (waiting_on_customer(t->status)) {
        if (!s->paused_at)
            s->paused_at = at;
    } else if (s->paused_at) {
        for (int k = 0; k < AT_CLOCK_COUNT; k++) {
            struct at_sla_clock *c = &s->clock[k];

            if (c->start_at && !c->met_at)
                c->paused_ms += at_sla_business_ms(&cal, s->paused_at, at);
        }
        s->paused_at = 0;
    }

    if (cause == AT_SLA_STAFF_REPLY) {
        for (int k = AT_CLOCK_FIRST_RESPONSE; k <= AT_CLOCK_NEXT_RESPONSE; k++)
            if (s->clock[k].start_at && !s->clock[k].met_at)
                s->clock[k].met_at = at;
    } else if (cause == AT_SLA_CUSTOMER_MESSAGE) {
        struct at_sla_clock *nr = &s->clock[AT_CLOCK_NEXT_RESPONSE];

        /* after the first answer, each message the customer sends starts the next-response clock */
        if (s->clock[AT_CLOCK_FIRST_RESPONSE].met_at && (!nr->start_at || nr->met_at)) {
            memset(nr, 0, sizeof(*nr));
            nr->start_at = at;
            nr->target_min = p.next_response_min;
        }
    }
    for (int k = 0; k < AT_CLOCK_COUNT; k++)
        derive(&cal, pct, &s->clock[k]);

    if (!analysis)
        analysis = latest_analysis(d, t->id, &arena);
    ret = score(d, t, &cal, &cust, analysis, &arena);
    /* the priority follows the score unless staff set it by hand; the policy follows it */
    if (ret == 0 && !s->priority_manual && at_triage_band(s->triage_score) != t->priority) {
        enum at_priority band = at_triage_band(s->triage_score);

        if (cause != AT_SLA_CREATED)
            ret =
                event(d, t->id, "priority", at_priority_name(t->priority), at_priority_name(band));
        t->priority = band;
        if (ret == 0)
            ret = policy_for(d, t, &cust, &arena, &p, &cal);
        if (ret == 0 && policy_differs(s, &p)) {
            retarget(s, &p);
            for (int k = 0; k < AT_CLOCK_COUNT; k++)
                derive(&cal, pct, &s->clock[k]);
            ret = score(d, t, &cal, &cust, analysis, &arena);
        }
    }
    if (ret == 0 && t->status != AT_STATUS_SOLVED && t->status != AT_STATUS_CLOSED)
        ret = record_due(d, t, &arena, e);
    summarise(s, at);
    s->triage_at = at;
    if (ret == 0)
        ret = d->store->sla->ticket_sla_set(d->store, t->id, t->priority, s);
    /* jobs only move when their times do (most changes leave them where they are) */
    if (ret == 0 && schedule_differs(&before, s))
        ret = reschedule(d, t);
out:
    if (ret && !e->msg[0])
        desk_store_err(e, ret, "updating the service level clocks");
    if (ret && out_e)
        *out_e = le;
    /* what `t` keeps must outlive this function's arena */
    s->policy_name = at_arena_strdup(out_arena, s->policy_name ? s->policy_name : "");
    s->triage_parts = at_arena_strdup(out_arena, s->triage_parts ? s->triage_parts : "[]");
    at_arena_release(&arena);
    return ret;
}

int at_desk_sla_customer_changed(struct at_desk *d, int64_t customer_id, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_ticket_query q = {0};
    struct at_ticket *items = NULL;
    size_t n = 0;
    int ret;

    q.filter.customer_id = customer_id;
    q.filter.status_mask = AT_STATUS_UNSOLVED;
    q.sort = AT_SORT_OLDEST;
    q.limit = 500;
    ret = d->store->tickets->ticket_list(d->store, &q, &arena, &items, &n);
    for (size_t i = 0; ret == 0 && i < n; i++)
        ret = at_desk_sla_ticket(d, &items[i], AT_SLA_CHANGED, NULL, &arena, e);
    if (ret && e && !e->msg[0])
        desk_store_err(e, ret, "updating the service level clocks");
    at_arena_release(&arena);
    return ret;
}

int at_desk_triage_refresh(struct at_desk *d, int64_t older_than, size_t limit, size_t *scored)
{
    struct at_arena arena = AT_ARENA_INIT;
    int64_t *ids;
    size_t n, done = 0;
    int ret;

    ret = d->store->sla->ticket_triage_stale(d->store, desk_now(d) - older_than, limit, &arena,
                                             &ids, &n);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        struct at_arena one = AT_ARENA_INIT;
        struct at_ticket t;

        /* one transaction a ticket: a ticket that cannot be scored holds up no other */
        ret = at_desk_begin(d);
        if (ret)
            break;
        ret = d->store->tickets->ticket_get(d->store, ids[i], &one, &t);
        if (ret == 0)
            ret = at_desk_sla_ticket(d, &t, AT_SLA_TICK, NULL, &one, NULL);
        if (ret == 0) {
            ret = at_desk_commit(d);
            done += ret == 0;
        } else {
            at_desk_rollback(d);
            at_log_warn("sla", "ticket %lld could not be scored again (%s)", (long long)ids[i],
                        at_err_name(ret));
            ret = ret == AT_ESTORE ? ret : 0;
        }
        at_arena_release(&one);
    }
    at_arena_release(&arena);
    if (scored)
        *scored = done;
    return ret;
}

int at_desk_sla_check_job(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                          struct at_errinfo *e)
{
    struct at_ticket t;
    int ret = d->store->tickets->ticket_get(d->store, j->ticket_id, arena, &t);

    if (ret == AT_ENOTFOUND)
        return 0;
    if (ret)
        return desk_store_err(e, ret, "reading the ticket");
    if (t.status == AT_STATUS_CLOSED)
        return 0;
    return at_desk_sla_ticket(d, &t, AT_SLA_TICK, NULL, arena, e);
}

/* ---- reading ---- */

void at_sla_reader_init(struct at_sla_reader *r, struct at_desk *d)
{
    memset(r, 0, sizeof(*r));
    r->desk = d;
    r->now = desk_now(d);
    r->arena = AT_ARENA_INIT;
}

void at_sla_reader_release(struct at_sla_reader *r)
{
    at_arena_release(&r->arena);
    r->ncals = 0;
}

static bool reader_calendar(struct at_sla_reader *r, int64_t id, struct at_calendar *out)
{
    struct at_sla_calendar *c = NULL;

    for (size_t i = 0; i < r->ncals; i++)
        if (r->cals[i].id == id)
            c = &r->cals[i];
    if (!c) {
        struct at_sla_calendar tmp;

        if (r->desk->store->sla->sla_calendar_get(r->desk->store, id, &r->arena, &tmp) != 0)
            return false;
        if (r->ncals < sizeof(r->cals) / sizeof(r->cals[0])) {
            r->cals[r->ncals] = tmp;
            c = &r->cals[r->ncals++];
        } else {
            r->cals[0] = tmp;
            c = &r->cals[0];
        }
    }
    return to_calendar(c, out);
}

void at_sla_reader_view(struct at_sla_reader *r, const struct at_ticket *t, struct at_sla_view *out)
{
    static const char *const rank[] = {"met", "ok", "paused", "warning", "breached"};
    const struct at_ticket_sla *s = &t->sla;
    struct at_calendar cal;
    int worst = -1;

    memset(out, 0, sizeof(*out));
    out->state = "none";
    if (!s->clock[AT_CLOCK_FIRST_RESPONSE].start_at || !reader_calendar(r, s->calendar_id, &cal))
        return;
    out->applied = true;
    out->policy = s->policy_name;
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &s->clock[k];
        struct at_sla_clock_view *v = &out->clock[k];

        v->name = clock_names[k];
        v->state = clock_state(s, c, r->now);
        if (!v->state)
            continue;
        v->started = true;
        v->due_at = c->due_at == NONE ? 0 : c->due_at;
        v->met_at = c->met_at;
        v->target_min = c->target_min;
        if (c->met_at)
            v->minutes_left = 0;
        else {
            int64_t left = left_ms(&cal, s, c, r->now);

            v->minutes_left = left == NONE ? 0 : left / 60000;
        }
        for (int i = 0; i < 5; i++)
            if (strcmp(rank[i], v->state) == 0 && i > worst)
                worst = i;
    }
    out->state = worst >= 0 ? rank[worst] : "none";
}

int at_desk_sla_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    enum at_sla_cause cause = AT_SLA_CHANGED;
    const char *analysis = NULL;

    if (c->what & AT_TC_CREATED) {
        cause = AT_SLA_CREATED;
        analysis = c->analysis;
    } else if (c->what & AT_TC_CUSTOMER_MESSAGE) {
        cause = AT_SLA_CUSTOMER_MESSAGE;
        analysis = c->analysis && c->analysis[0] ? c->analysis : NULL;
    } else if (c->what & AT_TC_PUBLIC_REPLY) {
        cause = AT_SLA_STAFF_REPLY;
    }
    return at_desk_sla_ticket(d, c->ticket, cause, analysis, c->arena, e);
}

const struct at_job_kind at_job_sla_check = {"sla_check", at_desk_sla_check_job, true};
