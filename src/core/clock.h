#ifndef AT_CLOCK_H
#define AT_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/*
 * struct at_clock: where time comes from. Code that applies time-based rules
 * (SLA, follow-ups, expiry) asks a clock it was given, never the system, so
 * tests can use a fake clock and move it forward without sleeping.
 */
struct at_clock {
    int64_t (*now_ms)(const struct at_clock *c);
    int64_t fake_ms; /* the time of a fake clock */
};

/* The real wall clock. */
extern struct at_clock at_clock_system;

/* Milliseconds since the Unix epoch, UTC. */
int64_t at_clock_now(const struct at_clock *c);

/* Sets `c` up as a fake clock that stands at `ms` until moved. */
void at_clock_fake_init(struct at_clock *c, int64_t ms);

/* Moves a fake clock forward by `ms`. */
void at_clock_advance(struct at_clock *c, int64_t ms);

/* Writes `ms` as "2026-11-24T07:00:00.123Z" into `out` (at least 25 bytes). */
void at_time_format(int64_t ms, char *out, size_t size);

/* Monotonic milliseconds, for measuring durations only. */
int64_t at_monotonic_ms(void);

#endif
