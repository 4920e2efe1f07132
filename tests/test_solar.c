/* test_solar.c: NREL SPA against the paper's worked example, and sanity
 * of the sun's path (solar noon to the south at northern mid-latitudes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>

#include "models/site/solar_position.h"

/* Reda and Andreas (2004), Table A5.1: 2003-10-17 12:30:30 at UTC-7 =
 * 19:30:30 UTC, 39.742476 N, 105.1786 W, 1830.14 m, 820 mbar, 11 degC,
 * delta T 67 s -> zenith 50.11162, azimuth 194.34024 (degrees). */
static void test_solar_spa_reference(void **state)
{
    (void)state;
    fs_solar_site s = {39.742476, -105.1786, 1830.14, 820, 11, 67};
    fs_solar_angles a = fs_solar_position(fs_solar_julian_day(1066419030.0), &s);
    printf("zenith %.6f (50.11162), azimuth %.6f (194.34024)\n", a.zenith_deg, a.azimuth_deg);
    assert_true(fabs(a.zenith_deg - 50.11162) < 1e-4);
    assert_true(fabs(a.azimuth_deg - 194.34024) < 1e-4);
}

/* Hefei, 2026-06-20: the sun at local solar noon stands near the zenith
 * minus (latitude - declination) = 31.96 - 23.44 = 8.5 degrees, due south. */
static void test_solar_hefei_solstice_noon(void **state)
{
    (void)state;
    fs_solar_site s = {31.9555, 117.0574, 27, 1013, 16, 69};
    double best_zenith = 90, best_az = 0;
    /* 2026-06-20T00:00Z = 1781913600; scan 03:00-06:00 UTC by minute */
    for (int m = 180; m < 360; m++) {
        fs_solar_angles a = fs_solar_position(fs_solar_julian_day(1781913600.0 + 60.0 * m), &s);
        if (a.zenith_deg < best_zenith) {
            best_zenith = a.zenith_deg;
            best_az = a.azimuth_deg;
        }
    }
    printf("Hefei solstice noon: zenith %.3f azimuth %.2f\n", best_zenith, best_az);
    assert_true(fabs(best_zenith - 8.52) < 0.05);
    assert_true(fabs(best_az - 180.0) < 5.0 || fabs(best_az - 0.0) < 5.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solar_spa_reference),
        cmocka_unit_test(test_solar_hefei_solstice_noon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
