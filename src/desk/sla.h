#ifndef AT_SLA_H
#define AT_SLA_H

#include <stddef.h>
#include <stdint.h>

#include "core/tz.h"

/*
 * Business-hours arithmetic for service level targets: a calendar says when
 * the team works (per weekday, in a time zone, minus holidays), and the
 * functions count working time between two instants, or find when a number of
 * working hours after an instant runs out. Times are ms since the epoch, UTC.
 */
struct at_calendar {
    const struct at_tz *tz;
    /*
     * Working hours per weekday (0 = Sunday ... 6 = Saturday) in minutes after
     * local midnight: open_min <= t < close_min. open_min == close_min: a day
     * off. 0 and 1440: the whole day.
     */
    int16_t open_min[7];
    int16_t close_min[7];
    const int32_t *holidays; /* local dates as YYYYMMDD, days off */
    size_t nholidays;
};

/* Sets `c` up as Monday to Friday, `open_h`:00 to `close_h`:00 in `tz`, no holidays. */
void at_calendar_weekdays(struct at_calendar *c, const struct at_tz *tz, int open_h, int close_h);

/* Sets `c` up as always open (24 hours, 7 days) in `tz`. */
void at_calendar_always(struct at_calendar *c, const struct at_tz *tz);

/* Working milliseconds between `from` and `to` (0 when to <= from). */
int64_t at_sla_business_ms(const struct at_calendar *c, int64_t from, int64_t to);

/*
 * The instant at which `ms` working milliseconds after `from` have passed.
 * Returns -1 when the calendar has no working time (every day off).
 */
int64_t at_sla_due(const struct at_calendar *c, int64_t from, int64_t ms);

/* The local date (YYYYMMDD) and weekday (0 = Sunday) of instant `utc_ms` in `tz`. */
int32_t at_sla_local_date(const struct at_tz *tz, int64_t utc_ms, int *weekday);

#endif
