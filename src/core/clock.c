#include "core/clock.h"

#include <stdio.h>
#include <time.h>

#include "core/banned.h"

static int64_t system_now(const struct at_clock *c)
{
    struct timespec ts;

    (void)c;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t fake_now(const struct at_clock *c)
{
    return c->fake_ms;
}

struct at_clock at_clock_system = {.now_ms = system_now};

int64_t at_clock_now(const struct at_clock *c)
{
    return c->now_ms(c);
}

void at_clock_fake_init(struct at_clock *c, int64_t ms)
{
    c->now_ms = fake_now;
    c->fake_ms = ms;
}

void at_clock_advance(struct at_clock *c, int64_t ms)
{
    c->fake_ms += ms;
}

void at_time_format(int64_t ms, char *out, size_t size)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&secs, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

int64_t at_monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
