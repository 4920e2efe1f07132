/* test_calendar.c: shift patterns, midnight crossing, holidays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/floor/calendar.h"

#define H 3600.0

/* The calendar clock of a start written in ISO 8601. */
static gboolean clock_of(const char *iso8601, fs_calendar_clock *clk)
{
    fs_local_time start;
    if (!fs_local_time_parse(iso8601, &start))
        return FALSE;
    fs_calendar_clock_from_local_time(&start, clk);
    return TRUE;
}

static fs_calendar load(const char *shifts, const char *holidays)
{
    g_autofree char *text = g_strdup_printf("[calendar c]\nshifts = %s\n%s%s\n", shifts,
                                            holidays ? "holidays = " : "", holidays ? holidays : "");
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "cal.ini", NULL, NULL);
    fs_calendar c;
    GError *e = NULL;
    if (!fs_calendar_parse(sc, "c", &c, &e))
        fail_msg("%s", e->message);
    return c;
}

static void test_calendar_two_shifts_and_weekend(void **state)
{
    (void)state;
    fs_calendar c = load("Mon-Fri 06:00-14:00, Mon-Fri 14:00-22:00", NULL);
    fs_calendar_clock clk;
    assert_true(clock_of("2026-01-05T00:00:00+08:00", &clk));  /* a Monday */
    assert_int_equal(c.periods->len, 5);  /* touching shifts merge */
    assert_false(fs_calendar_is_working(&c, &clk, 5.99 * H));
    assert_true(fs_calendar_is_working(&c, &clk, 6 * H));
    assert_true(fs_calendar_is_working(&c, &clk, 14 * H));
    assert_false(fs_calendar_is_working(&c, &clk, 22 * H));
    assert_true(fs_calendar_next_change_s(&c, &clk, 0) == 6 * H);
    assert_true(fs_calendar_next_change_s(&c, &clk, 6 * H) == 22 * H);
    /* Friday 22:00 -> Monday 06:00 */
    assert_true(fs_calendar_next_change_s(&c, &clk, 4 * 24 * H + 22 * H) == 7 * 24 * H + 6 * H);
    assert_false(fs_calendar_is_working(&c, &clk, 5 * 24 * H + 10 * H));  /* Saturday */
    fs_calendar_clear(&c);
}

static void test_calendar_night_shift_and_holiday(void **state)
{
    (void)state;
    fs_calendar c = load("Sun-Thu 22:00-06:00", "2026-01-07");  /* Wednesday off */
    fs_calendar_clock clk;
    assert_true(clock_of("2026-01-05T00:00:00+00:00", &clk));
    assert_true(fs_calendar_is_working(&c, &clk, 1 * H));          /* Sunday night into Monday */
    assert_false(fs_calendar_is_working(&c, &clk, 7 * H));
    assert_true(fs_calendar_is_working(&c, &clk, 23 * H));         /* Monday 23:00 */
    assert_true(fs_calendar_is_working(&c, &clk, 24 * H + 23 * H)); /* Tuesday 23:00 */
    assert_false(fs_calendar_is_working(&c, &clk, 2 * 24 * H + 1 * H)); /* Wednesday 01:00: holiday */
    /* Tuesday 23:00: working until the holiday starts at midnight */
    assert_true(fs_calendar_next_change_s(&c, &clk, 24 * H + 23 * H) == 2 * 24 * H);
    /* then off until Wednesday 22:00 is a holiday too, so Thursday 00:00 */
    assert_true(fs_calendar_next_change_s(&c, &clk, 2 * 24 * H) == 3 * 24 * H);
    fs_calendar_clear(&c);
}

static void test_calendar_errors(void **state)
{
    (void)state;
    const char *bad[][2] = {
        {"Mon-Fir 06:00-14:00", "is not DAYS HH:MM-HH:MM"},
        {"Mon 6-14", "is not DAYS HH:MM-HH:MM"},
        {"Mon 25:00-26:00", "is not DAYS HH:MM-HH:MM"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *text = g_strdup_printf("[calendar c]\nshifts = %s\n", bad[i][0]);
        g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "cal.ini", NULL, NULL);
        fs_calendar c;
        GError *e = NULL;
        assert_false(fs_calendar_parse(sc, "c", &c, &e));
        printf("  -> %s\n", e->message);
        assert_non_null(strstr(e->message, bad[i][1]));
        assert_non_null(strstr(e->message, "cal.ini: [calendar c] shifts"));
        g_error_free(e);
    }
    g_autoptr(fs_scenario) sc = fs_scenario_load_data("[calendar c]\nshifts = daily 00:00-24:00\nholidays = 2026-02-30\n",
                                                      "cal.ini", NULL, NULL);
    fs_calendar c;
    GError *e = NULL;
    assert_false(fs_calendar_parse(sc, "c", &c, &e));
    assert_non_null(strstr(e->message, "is not a date YYYY-MM-DD"));
    g_error_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_two_shifts_and_weekend),
        cmocka_unit_test(test_calendar_night_shift_and_holiday),
        cmocka_unit_test(test_calendar_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
