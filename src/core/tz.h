#ifndef AT_TZ_H
#define AT_TZ_H

#include <stdint.h>

#include "core/err.h"

/*
 * Time zones from the system's tz database (/usr/share/zoneinfo, TZif files),
 * for rules that follow local time: business hours, holidays. A loaded zone
 * is read-only and may be shared by threads.
 */
struct at_tz;

/*
 * Loads zone `name` ("Europe/Berlin", "America/New_York", "UTC"). Returns the
 * zone, or NULL with `e` saying what is wrong (unknown name, unreadable file).
 * Free with at_tz_free().
 */
struct at_tz *at_tz_load(const char *name, struct at_errinfo *e);

/* Frees a zone (NULL is fine). */
void at_tz_free(struct at_tz *tz);

/* The zone's name as loaded. */
const char *at_tz_name(const struct at_tz *tz);

/* Seconds east of UTC in force at the instant `utc_ms`. */
int32_t at_tz_offset(const struct at_tz *tz, int64_t utc_ms);

/*
 * The instant (ms, UTC) of local wall-clock time `local_ms` (milliseconds
 * since the epoch as if local time were UTC). In a gap (clocks going forward)
 * the time after the gap is returned; in an overlap, the earlier instant.
 */
int64_t at_tz_to_utc(const struct at_tz *tz, int64_t local_ms);

#endif
