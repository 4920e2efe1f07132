/* test_machine.c: a machine's energy meter (models/floor/machine.h) and
 * the scenario clock (sim/local_time.h), by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "models/floor/machine.h"
#include "sim/local_time.h"

#define assert_close(a, b) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= 1e-12 * fmax(1.0, fabs(b_)))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); } while (0)

/* Idle at 2 kW for 10 s, busy at 10 kW for 5 s (and a 0.5 kWh warm-up
 * impulse), idle again to 20 s: idle 30 kWs, busy 50 kWs. */
static void test_machine_meter_by_hand(void **state)
{
    (void)state;
    fs_machine_meter m;
    fs_machine_meter_init(&m, 0.0, FS_MACHINE_IDLE, 2.0);
    fs_machine_meter_set(&m, 10.0, FS_MACHINE_BUSY, 10.0);
    fs_machine_meter_add_kwh(&m, FS_MACHINE_WARMUP, 0.5);
    fs_machine_meter_set(&m, 15.0, FS_MACHINE_IDLE, 2.0);
    fs_machine_meter_flush(&m, 20.0);
    assert_close(m.time_s[FS_MACHINE_IDLE], 15.0);
    assert_close(m.time_s[FS_MACHINE_BUSY], 5.0);
    assert_close(m.energy_kwh[FS_MACHINE_IDLE], 30.0 / 3600.0);
    assert_close(m.energy_kwh[FS_MACHINE_BUSY], 50.0 / 3600.0);
    assert_close(m.energy_kwh[FS_MACHINE_WARMUP], 0.5);
    assert_close(m.entries[FS_MACHINE_BUSY], 1.0);
    assert_close(m.entries[FS_MACHINE_IDLE], 1.0);  /* transitions into it: the start is none */
    assert_close(fs_machine_meter_total_kwh(&m), 80.0 / 3600.0 + 0.5);
    /* the warm-up deletion forgets the totals; the state goes on */
    fs_machine_meter_reset(&m, 20.0);
    assert_close(fs_machine_meter_total_kwh(&m), 0.0);
    fs_machine_meter_flush(&m, 38.0);
    assert_close(m.energy_kwh[FS_MACHINE_IDLE], 36.0 / 3600.0);
    assert_int_equal(m.state, FS_MACHINE_IDLE);
    assert_string_equal(fs_machine_state_name(FS_MACHINE_STANDBY), "standby");
}

/* 2026-01-05T06:00+08:00 is 2026-01-04T22:00Z, unix 1,767,564,000, a
 * Monday in local time; 18 h later it is Tuesday 00:00 local. */
static void test_local_time_clock(void **state)
{
    (void)state;
    fs_local_time lt;
    assert_true(fs_local_time_parse("2026-01-05T06:00:00+08:00", &lt));
    assert_close(lt.start_unix_s, 1767564000.0);
    assert_close(lt.utc_offset_s, 8 * 3600.0);
    fs_civil_time c;
    fs_local_time_at(&lt, 0.0, &c);
    assert_int_equal(c.year, 2026);
    assert_int_equal(c.month, 1);
    assert_int_equal(c.day, 5);
    assert_int_equal(c.weekday, 0);
    assert_int_equal(c.hour, 6);
    assert_int_equal(c.day_number, 20458);
    fs_local_time_at(&lt, 18 * 3600.0 + 1.0, &c);
    assert_int_equal(c.day, 6);
    assert_int_equal(c.weekday, 1);
    assert_int_equal(c.hour, 0);
    assert_close(c.second_of_day_s, 1.0);
    /* a date without an offset is local; one with Z is UTC */
    double t_s;
    assert_true(fs_local_time_since_start(&lt, "2026-01-05T07:00:00", &t_s));
    assert_close(t_s, 3600.0);
    assert_true(fs_local_time_since_start(&lt, "2026-01-05T07:00:00Z", &t_s));
    assert_close(t_s, 9 * 3600.0);
    assert_false(fs_local_time_since_start(&lt, "5 January", &t_s));
    assert_false(fs_local_time_parse("2026-13-05T00:00:00Z", &lt));
    /* no offset: UTC */
    assert_true(fs_local_time_parse("1970-01-02T00:00:00", &lt));
    assert_close(lt.start_unix_s, 86400.0);
    assert_close(lt.utc_offset_s, 0.0);
}

/* Civil dates against GLib's GDate over 1900-2200, leap days included. */
static void test_local_time_civil_dates(void **state)
{
    (void)state;
    assert_int_equal(fs_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(fs_days_from_civil(2000, 3, 1), 11017);
    GDate *epoch = g_date_new_dmy(1, G_DATE_JANUARY, 1970);
    guint32 j0 = g_date_get_julian(epoch);
    for (gint64 day = -25567; day < 84000; day += 7) {
        int y, m, d;
        fs_civil_from_days(day, &y, &m, &d);
        GDate *g = g_date_new_julian((guint32)((gint64)j0 + day));
        if (g_date_get_year(g) != y || (int)g_date_get_month(g) != m || g_date_get_day(g) != d)
            fail_msg("day %" G_GINT64_FORMAT ": %d-%d-%d, GDate %d-%d-%d", day, y, m, d, g_date_get_year(g),
                     g_date_get_month(g), g_date_get_day(g));
        assert_int_equal(fs_days_from_civil(y, m, d), day);
        g_date_free(g);
    }
    int y, m, d;
    fs_civil_from_days(fs_days_from_civil(2028, 2, 29), &y, &m, &d);
    assert_true(y == 2028 && m == 2 && d == 29);
    g_date_free(epoch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_machine_meter_by_hand),
        cmocka_unit_test(test_local_time_clock),
        cmocka_unit_test(test_local_time_civil_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
