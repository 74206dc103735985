/* Working time over calendars with time zones and holidays. */
#include "desk/sla.h"

#include <stdbool.h>
#include <time.h>

#include "core/banned.h"

#define DAY_MS   (86400LL * 1000)
#define MAX_DAYS 3700 /* ten years: no target runs longer */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* YYYYMMDD of day `days` after 1970-01-01. */
static int32_t civil(int64_t days)
{
    time_t t = (time_t)(days * 86400);
    struct tm tm;

    gmtime_r(&t, &tm);
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

void at_calendar_weekdays(struct at_calendar *c, const struct at_tz *tz, int open_h, int close_h)
{
    c->tz = tz;
    for (int d = 0; d < 7; d++) {
        bool work = d >= 1 && d <= 5;

        c->open_min[d] = (int16_t)(work ? open_h * 60 : 0);
        c->close_min[d] = (int16_t)(work ? close_h * 60 : 0);
    }
    c->holidays = NULL;
    c->nholidays = 0;
}

void at_calendar_always(struct at_calendar *c, const struct at_tz *tz)
{
    c->tz = tz;
    for (int d = 0; d < 7; d++) {
        c->open_min[d] = 0;
        c->close_min[d] = 1440;
    }
    c->holidays = NULL;
    c->nholidays = 0;
}

static int64_t local_day(const struct at_tz *tz, int64_t utc_ms)
{
    return floor_div(utc_ms + (int64_t)at_tz_offset(tz, utc_ms) * 1000, DAY_MS);
}

int32_t at_sla_local_date(const struct at_tz *tz, int64_t utc_ms, int *weekday)
{
    int64_t day = local_day(tz, utc_ms);

    if (weekday)
        *weekday = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    return civil(day);
}

static bool holiday(const struct at_calendar *c, int32_t date)
{
    for (size_t i = 0; i < c->nholidays; i++)
        if (c->holidays[i] == date)
            return true;
    return false;
}

/* The working window of local day `day` as UTC instants; false on a day off. */
static bool window(const struct at_calendar *c, int64_t day, int64_t *start, int64_t *end)
{
    int wd = (int)(((day % 7) + 7 + 4) % 7);

    if (c->open_min[wd] >= c->close_min[wd] || holiday(c, civil(day)))
        return false;
    *start = at_tz_to_utc(c->tz, day * DAY_MS + (int64_t)c->open_min[wd] * 60000);
    *end = at_tz_to_utc(c->tz, day * DAY_MS + (int64_t)c->close_min[wd] * 60000);
    return *end > *start;
}

/* The working time of a whole week with no holiday and no change of UTC offset. */
static int64_t plain_week_ms(const struct at_calendar *c)
{
    int64_t ms = 0;

    for (int d = 0; d < 7; d++)
        if (c->open_min[d] < c->close_min[d])
            ms += (int64_t)(c->close_min[d] - c->open_min[d]) * 60000;
    return ms;
}

/* True when local days `day` to `day` + 6 hold no holiday and the UTC offset is the same all week.
 */
static bool plain_week(const struct at_calendar *c, int64_t day)
{
    int32_t first = civil(day), last = civil(day + 6);
    int64_t start = at_tz_to_utc(c->tz, day * DAY_MS);
    int64_t end = at_tz_to_utc(c->tz, (day + 7) * DAY_MS);

    if (at_tz_offset(c->tz, start) != at_tz_offset(c->tz, end) || end - start != 7 * DAY_MS)
        return false;
    for (size_t i = 0; i < c->nholidays; i++)
        if (c->holidays[i] >= first && c->holidays[i] <= last)
            return false;
    return true;
}

int64_t at_sla_business_ms(const struct at_calendar *c, int64_t from, int64_t to)
{
    int64_t total = 0;
    int64_t first = local_day(c->tz, from);
    int64_t last = local_day(c->tz, to);

    if (to <= from)
        return 0;
    for (int64_t day = first; day <= last; day++) {
        int64_t s, e;

        /* whole weeks strictly inside the span count at once (a span of months stays cheap) */
        while (day > first && day + 7 < last && plain_week(c, day)) {
            total += plain_week_ms(c);
            day += 7;
        }
        if (!window(c, day, &s, &e))
            continue;
        if (s < from)
            s = from;
        if (e > to)
            e = to;
        if (e > s)
            total += e - s;
    }
    return total;
}

int64_t at_sla_due(const struct at_calendar *c, int64_t from, int64_t ms)
{
    int64_t day = local_day(c->tz, from);

    if (ms <= 0)
        return from;
    for (int i = 0; i < MAX_DAYS; i++, day++) {
        int64_t s, e;

        if (!window(c, day, &s, &e))
            continue;
        if (s < from)
            s = from;
        if (e <= s)
            continue;
        if (ms <= e - s)
            return s + ms;
        ms -= e - s;
    }
    return -1;
}
