/* test_weather.c: the EPW reader (models/site/weather.h) on a file made
 * here, whose every value is known: the LOCATION fields, hour-ending rows
 * mapped to hours of the year from 0, Pa to mbar, and a wrong row named by
 * its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "models/site/weather.h"

static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* Hour i (0 = 1 January 00:00-01:00) has GHI i mod 500, DNI 2 x (i mod
 * 300), DHI i mod 100, dry bulb -10 + i / 219 degC, wind 3 m/s, pressure
 * 101325 Pa. bad_line: a row (its line number) with a GHI of "x". */
static char *make_epw(int bad_line)
{
    GString *s = g_string_new("LOCATION,Testville,XX,TST,SRC,000000,31.5,117.25,8.0,27.0\n");
    for (int i = 0; i < 7; i++)
        g_string_append(s, "HEADER,line\n");
    int hour = 0;
    for (int m = 0; m < 12; m++)
        for (int d = 0; d < days_in_month[m]; d++)
            for (int h = 1; h <= 24; h++, hour++) {
                g_string_append_printf(s, "1999,%d,%d,%d,60,flags,%.6f,0,50,101325,0,0,0,", m + 1, d + 1, h,
                                       -10.0 + hour / 219.0);
                if (hour + 9 == bad_line)
                    g_string_append(s, "x,");
                else
                    g_string_append_printf(s, "%d,", hour % 500);
                g_string_append_printf(s, "%d,%d,0,0,0,0,0,3,0,0,0,0,0,0,0,0,0,0,0,0,0\n", 2 * (hour % 300),
                                       hour % 100);
            }
    return g_string_free(s, FALSE);
}

static void test_weather_epw_by_hand(void **state)
{
    (void)state;
    g_autofree char *text = make_epw(0);
    GError *e = NULL;
    g_autoptr(fs_weather) w = fs_weather_parse_epw(text, "test.epw", &e);
    if (!w)
        fail_msg("%s", e->message);
    assert_string_equal(w->city, "Testville");
    assert_true(w->latitude_deg == 31.5 && w->longitude_deg == 117.25);
    assert_true(w->tz_h == 8.0 && w->elevation_m == 27.0);
    for (int i = 0; i < FS_WEATHER_HOURS; i += 97) {
        assert_true(w->ghi_w_per_m2[i] == i % 500);
        assert_true(w->dni_w_per_m2[i] == 2 * (i % 300));
        assert_true(w->dhi_w_per_m2[i] == i % 100);
        assert_true(fabs(w->temp_air_degc[i] - (-10.0 + i / 219.0)) < 1e-6);
        assert_true(w->wind_m_per_s[i] == 3.0);
        assert_true(fabs(w->pressure_mbar[i] - 1013.25) < 1e-12);
    }
    assert_true(w->ghi_w_per_m2[8759] == 8759 % 500);  /* 31 December, 23:00-24:00 */
}

static void test_weather_epw_bad_row(void **state)
{
    (void)state;
    g_autofree char *text = make_epw(1000);
    GError *e = NULL;
    fs_weather *w = fs_weather_parse_epw(text, "test.epw", &e);
    assert_null(w);
    assert_non_null(strstr(e->message, "test.epw"));
    assert_non_null(strstr(e->message, "1000"));
    assert_non_null(strstr(e->message, "GHI"));
    g_error_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weather_epw_by_hand),
        cmocka_unit_test(test_weather_epw_bad_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
