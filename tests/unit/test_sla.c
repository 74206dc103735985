/* Business hours over time zones, weekends, holidays and clock changes. */
#include "testutil.h"

#include <string.h>

#include "core/tz.h"
#include "desk/sla.h"

#define H   (3600LL * 1000)
#define MIN (60LL * 1000)

/* 2026-03-27 was a Friday; Europe's clocks went forward on Sunday 2026-03-29. */
#define FRI_27_MAR_2026_UTC 1774569600000LL /* 2026-03-27T00:00:00Z */

static void test_zone_offsets_follow_daylight_saving(void **state)
{
    struct at_errinfo e = {0};
    struct at_tz *berlin = at_tz_load("Europe/Berlin", &e);
    struct at_tz *utc = at_tz_load("UTC", &e);

    (void)state;
    assert_non_null(berlin);
    assert_non_null(utc);
    assert_int_equal(at_tz_offset(berlin, FRI_27_MAR_2026_UTC), 3600);
    assert_int_equal(at_tz_offset(berlin, FRI_27_MAR_2026_UTC + 4 * 24 * H), 7200);
    assert_int_equal(at_tz_offset(utc, FRI_27_MAR_2026_UTC), 0);
    /* 09:00 local on Monday 30 March is 07:00 UTC (summer time) */
    assert_int_equal(at_tz_to_utc(berlin, FRI_27_MAR_2026_UTC + 3 * 24 * H + 9 * H),
                     FRI_27_MAR_2026_UTC + 3 * 24 * H + 7 * H);
    assert_null(at_tz_load("../../etc/passwd", &e));
    assert_int_equal(e.code, AT_EINVAL);
    assert_null(at_tz_load("Mars/Olympus_Mons", &e));
    assert_non_null(strstr(e.msg, "unknown time zone"));
    at_tz_free(berlin);
    at_tz_free(utc);
}

static void test_due_skips_the_weekend_across_a_clock_change(void **state)
{
    struct at_errinfo e = {0};
    struct at_tz *berlin = at_tz_load("Europe/Berlin", &e);
    struct at_calendar c;
    int64_t fri_16_local = FRI_27_MAR_2026_UTC + 15 * H; /* 16:00 CET = 15:00 UTC */
    int wd;

    (void)state;
    at_calendar_weekdays(&c, berlin, 9, 17);
    assert_int_equal(at_sla_local_date(berlin, fri_16_local, &wd), 20260327);
    assert_int_equal(wd, 5);
    /* one hour left on Friday, one more on Monday from 09:00 CEST (07:00 UTC) */
    assert_int_equal(at_sla_due(&c, fri_16_local, 2 * H), FRI_27_MAR_2026_UTC + 3 * 24 * H + 8 * H);
    assert_int_equal(at_sla_business_ms(&c, fri_16_local, FRI_27_MAR_2026_UTC + 3 * 24 * H + 8 * H),
                     2 * H);
    at_tz_free(berlin);
}

static void test_holidays_are_days_off(void **state)
{
    struct at_errinfo e = {0};
    struct at_tz *utc = at_tz_load("UTC", &e);
    const int32_t holidays[] = {20260330};
    struct at_calendar c;

    (void)state;
    at_calendar_weekdays(&c, utc, 9, 17);
    c.holidays = holidays;
    c.nholidays = 1;
    /* Friday 16:00 + 2 h: one on Friday, Monday is a holiday, the other on Tuesday */
    assert_int_equal(at_sla_due(&c, FRI_27_MAR_2026_UTC + 16 * H, 2 * H),
                     FRI_27_MAR_2026_UTC + 4 * 24 * H + 10 * H);
    /* a whole week holds 32 working hours with the holiday */
    assert_int_equal(
        at_sla_business_ms(&c, FRI_27_MAR_2026_UTC + 3 * 24 * H, FRI_27_MAR_2026_UTC + 10 * 24 * H),
        32 * H);
    at_tz_free(utc);
}

static void test_time_zones_shift_the_working_day(void **state)
{
    struct at_errinfo e = {0};
    struct at_tz *ny = at_tz_load("America/New_York", &e);
    struct at_calendar c;

    (void)state;
    assert_non_null(ny);
    at_calendar_weekdays(&c, ny, 9, 17);
    /* Friday 27 March 12:00 UTC is 08:00 in New York (EDT): work starts at 13:00 UTC */
    assert_int_equal(at_sla_due(&c, FRI_27_MAR_2026_UTC + 12 * H, 30 * MIN),
                     FRI_27_MAR_2026_UTC + 13 * H + 30 * MIN);
    at_tz_free(ny);
}

static void test_always_open_and_never_open(void **state)
{
    struct at_errinfo e = {0};
    struct at_tz *utc = at_tz_load("UTC", &e);
    struct at_calendar c;

    (void)state;
    at_calendar_always(&c, utc);
    assert_int_equal(at_sla_due(&c, 1000, 5 * H), 1000 + 5 * H);
    assert_int_equal(at_sla_business_ms(&c, 0, 48 * H), 48 * H);
    for (int d = 0; d < 7; d++)
        c.close_min[d] = c.open_min[d];
    assert_int_equal(at_sla_due(&c, 1000, H), -1);
    assert_int_equal(at_sla_business_ms(&c, 0, 48 * H), 0);
    at_tz_free(utc);
}

/*
 * Long spans count whole weeks at once; they must agree with the same span
 * counted a few days at a time, across clock changes and holidays.
 */
static void test_long_spans_agree_with_short_steps(void **state)
{
    static const int32_t holidays[] = {20260403, 20260406, 20260501, 20261225, 20261226};
    struct at_errinfo e = {0};
    struct at_tz *berlin = at_tz_load("Europe/Berlin", &e);
    struct at_tz *york = at_tz_load("America/New_York", &e);
    struct at_calendar cals[3];
    uint64_t seed = 12345;

    (void)state;
    assert_non_null(berlin);
    assert_non_null(york);
    at_calendar_weekdays(&cals[0], berlin, 9, 17);
    cals[0].holidays = holidays;
    cals[0].nholidays = sizeof(holidays) / sizeof(holidays[0]);
    at_calendar_always(&cals[1], york);
    at_calendar_weekdays(&cals[2], york, 8, 20);
    cals[2].open_min[6] = 10 * 60; /* Saturday mornings too */
    cals[2].close_min[6] = 14 * 60;
    for (int k = 0; k < 300; k++) {
        const struct at_calendar *c = &cals[k % 3];
        int64_t from, to, stepped = 0;

        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        from = FRI_27_MAR_2026_UTC - 200 * 24 * H + (int64_t)(seed >> 11) % (300 * 24 * H);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        to = from + (int64_t)(seed >> 11) % (400 * 24 * H);
        for (int64_t a = from; a < to; a += 5 * 24 * H)
            stepped += at_sla_business_ms(c, a, a + 5 * 24 * H < to ? a + 5 * 24 * H : to);
        assert_int_equal(at_sla_business_ms(c, from, to), stepped);
    }
    at_tz_free(berlin);
    at_tz_free(york);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_offsets_follow_daylight_saving),
        cmocka_unit_test(test_due_skips_the_weekend_across_a_clock_change),
        cmocka_unit_test(test_holidays_are_days_off),
        cmocka_unit_test(test_time_zones_shift_the_working_day),
        cmocka_unit_test(test_always_open_and_never_open),
        cmocka_unit_test(test_long_spans_agree_with_short_steps),
    };

    return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
