/* test_pv.c: PVWatts DC and inverter against hand-computed values, the
 * loss breakdown, cell temperature, IAM, the EPW reader and its errors,
 * and the Hefei annual yield against the range published for Anhui. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/site/pv.h"
#include "models/site/wind.h"

/* the repository's copy (byte-identical to shared/, scenarios/weather/SOURCES.md) */
#define HEFEI FS_SOURCE_DIR "/scenarios/weather/CHN_AH_Hefei.583210_TMYx.epw"

static fs_pv_array array_100kwp(void)
{
    fs_pv_array a = {"roof", 100.0, 32.0, 180.0, 1.2, -0.0047, 0, 0.96, 0.2, TRUE, FALSE};
    a.losses_frac = fs_pv_default_losses_frac();
    return a;
}

/* Each figure below was worked out by hand (a Python session re-deriving
 * Dobos 2014's equations): losses 1 - 0.98 x 0.97 x 0.98 x 0.98 x 0.995 x
 * 0.985 x 0.99 x 0.97 = 0.1407566; at 800 W/m2 and 45 degC the DC power
 * is 0.8 x 100 x (1 - 0.0047 x 20) x 0.8592434 = 62.27796 kW; the
 * inverter (AC rating 83.333 kW) runs at 0.9622451 and gives 59.92666 kW. */
static void test_pv_pvwatts_hand_values(void **state)
{
    (void)state;
    fs_pv_array a = array_100kwp();
    assert_true(fabs(fs_pv_default_losses_frac() - 0.14075660688264469) < 1e-15);
    double dc = fs_pv_dc_kw(&a, 800.0, 45.0);
    assert_true(fabs(dc - 62.277961133145915) < 1e-9);
    assert_true(fabs(fs_pv_ac_kw(&a, dc) - 59.92666447649556) < 1e-9);
    /* 1100 W/m2 at 25 degC: 94.5 kW DC would give 90.6 kW AC; clipped at 83.33 */
    assert_true(fabs(fs_pv_ac_kw(&a, fs_pv_dc_kw(&a, 1100.0, 25.0)) - 100.0 / 1.2) < 1e-12);
    assert_true(fs_pv_ac_kw(&a, 0.0) == 0.0);
    /* SAPM: 1000 W/m2, 20 degC air, 1 m/s: 1000 e^(-3.635) + 20 + 3 */
    assert_true(fabs(fs_pv_cell_temp_degc(1000, 20, 1) - 49.38393438742414) < 1e-9);
    assert_true(fabs(fs_pv_iam(0.0) - 1.0) < 1e-9);
    assert_true(fabs(fs_pv_iam(60.0) - 0.9460029142226124) < 1e-9);
    assert_true(fabs(fs_pv_iam(80.0) - 0.6341166932367233) < 1e-9);
}

/* A horizontal array sees GHI: beam DNI cos(zenith) + isotropic DHI. The
 * cover loss: on the beam only (PVWatts v5, iam = beam, the default: the
 * sun overhead loses nothing), or on the diffuse too at its effective
 * 59.7 degrees (iam = all). At 60 degrees from the zenith (due south) the
 * beam alone takes the loss of 60 degrees. */
static void test_pv_transposition_horizontal(void **state)
{
    (void)state;
    fs_pv_array a = array_100kwp();
    a.tilt_deg = 0.0;
    a.hay_davies = FALSE;
    double poa = fs_pv_poa_w_per_m2(&a, 0.0, 180.0, 900, 800, 100, 1367);
    assert_true(fabs(poa - (800.0 + 100.0)) < 1e-9);
    double slant = fs_pv_poa_w_per_m2(&a, 60.0, 180.0, 500, 800, 100, 1367);
    assert_true(fabs(slant - (800.0 * 0.5 * fs_pv_iam(60.0) + 100.0)) < 1e-9);
    a.iam_all = TRUE;
    poa = fs_pv_poa_w_per_m2(&a, 0.0, 180.0, 900, 800, 100, 1367);
    assert_true(fabs(poa - (800.0 + 100.0 * fs_pv_iam(59.7))) < 1e-9);
}

static void test_pv_hefei_annual_yield(void **state)
{
    (void)state;
    GError *e = NULL;
    g_autoptr(fs_weather) w = fs_weather_load_epw(HEFEI, &e);
    assert_non_null(w);
    assert_true(fabs(w->latitude_deg - 31.9555) < 1e-9 && w->tz_h == 8.0);
    double ghi = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++)
        ghi += w->ghi_w_per_m2[h];
    assert_true(fabs(ghi / 1000.0 - 1482.6) < 0.1);  /* SOURCES.md: 1482.6 kWh/m2 */
    fs_pv_array a = array_100kwp();
    a.tilt_deg = 32.0;  /* latitude tilt, due south */
    double *ac = fs_pv_hourly_ac_kw(&a, w, 2026), kwh = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++)
        kwh += ac[h];
    /* a run's hours alone (a week from 3 March, what a short run pays for)
     * are the year's own hours, bit for bit, and nothing else is filled */
    double *week = fs_pv_hourly_ac_kw_range(&a, w, 2026, 61 * 24 + 5, 68 * 24 + 5);
    int sunny = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++) {
        gboolean in = h >= 61 * 24 + 5 && h < 68 * 24 + 5;
        assert_true(week[h] == (in ? ac[h] : 0.0));
        sunny += in && week[h] > 0;
    }
    assert_true(sunny > 50);
    g_free(week);
    g_free(ac);
    double yield = kwh / a.dc_kwp;
    /* PVWatts v5 conventions (cover loss on the beam only) give 1,262.7;
     * with the loss on all light (iam = all) 1,244.3. Published Anhui
     * figures are utility plants after availability and grid limits
     * (Xuancheng 100 MW about 1,116); a fixed 14 % loss model of a
     * latitude-tilted array reads higher. The band is a sanity check: the
     * exact figure is checked hour by hour (validate site_pv_calendar). */
    printf("Hefei, 32 deg south: %.1f kWh/kWp/yr (published for Anhui about 1,050-1,300)\n", yield);
    assert_true(yield >= 1050 && yield <= 1300);
    a.iam_all = TRUE;
    ac = fs_pv_hourly_ac_kw(&a, w, 2026);
    double kwh_all = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++)
        kwh_all += ac[h];
    g_free(ac);
    /* the loss on diffuse and ground light costs Hefei 1.4 % (issue 16) */
    printf("the cover loss on all light: %.1f kWh/kWp/yr (%.2f %% less)\n", kwh_all / a.dc_kwp,
           100.0 * (1.0 - kwh_all / kwh));
    assert_true(kwh_all < kwh && 1.0 - kwh_all / kwh > 0.01 && 1.0 - kwh_all / kwh < 0.02);
}

/* Clear sky at Hefei: Haurwitz GHI at solar noon on the June solstice
 * (zenith 8.5 deg) is 1098 cos Z exp(-0.057 / cos Z) = 1024 W/m2; a clear
 * year yields more than the typical year, and the clearness factor
 * scales the GHI exactly. */
static void test_pv_clear_sky(void **state)
{
    (void)state;
    g_autoptr(fs_weather) w = fs_weather_clear_sky(31.9555, 117.0574, 8, 27, 1.0, 20, 2026);
    double best = 0, ghi_year = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++) {
        best = fmax(best, w->ghi_w_per_m2[h]);
        ghi_year += w->ghi_w_per_m2[h];
    }
    printf("clear-sky Hefei: max GHI %.1f W/m2, year %.0f kWh/m2\n", best, ghi_year / 1000);
    assert_true(fabs(best - 1024.0) < 5.0);  /* mid-hour sampling: within a few W/m2 */
    g_autoptr(fs_weather) half = fs_weather_clear_sky(31.9555, 117.0574, 8, 27, 0.5, 20, 2026);
    for (int h = 0; h < FS_WEATHER_HOURS; h += 97)
        assert_true(fabs(half->ghi_w_per_m2[h] - 0.5 * w->ghi_w_per_m2[h]) < 1e-9);
    for (int h = 0; h < FS_WEATHER_HOURS; h++)
        assert_true(w->dhi_w_per_m2[h] <= w->ghi_w_per_m2[h] + 1e-9 && w->dni_w_per_m2[h] >= 0.0);
    assert_true(ghi_year / 1000 > 1482.6);  /* clearer than the typical year */
}

/* Wind by hand: 5 m/s at 10 m to an 80 m hub: power law 5 x 8^(1/7) =
 * 6.72950 m/s; log law (z0 0.03 m) 5 ln(2666.67) / ln(333.33) = 6.78972;
 * a curve point pair (6:282, 7:460) at 6.5 m/s gives 371 kW. */
static void test_pv_wind_by_hand(void **state)
{
    (void)state;
    fs_wind_turbines t = {.count = 2, .hub_height_m = 80, .measurement_height_m = 10, .shear_exponent = 1.0 / 7.0,
                          .roughness_length_m = 0.03, .cut_out_m_per_s = 25, .losses_frac = 0.1, .n_curve = 4,
                          .curve_m_per_s = {3, 6, 7, 12}, .curve_kw = {0, 282, 460, 2000}, .rated_kw = 2000};
    assert_true(fabs(fs_wind_hub_speed(&t, 5.0) - 5.0 * pow(8.0, 1.0 / 7.0)) < 1e-12);
    t.log_law = TRUE;
    assert_true(fabs(fs_wind_hub_speed(&t, 5.0) - 5.0 * log(80 / 0.03) / log(10 / 0.03)) < 1e-12);
    assert_true(fabs(fs_wind_curve_kw(&t, 6.5) - 371.0) < 1e-9);
    assert_true(fs_wind_curve_kw(&t, 2.9) == 0.0 && fs_wind_curve_kw(&t, 25.0) == 0.0);
    assert_true(fs_wind_curve_kw(&t, 20.0) == 2000.0);
    /* a year at Hefei, power law: the capacity factor is low (a calm site) */
    t.log_law = FALSE;
    g_autoptr(fs_weather) w = fs_weather_load_epw(HEFEI, NULL);
    assert_non_null(w);
    g_autofree double *kw = fs_wind_hourly_kw(&t, w);
    double kwh = 0, v = 0;
    for (int h = 0; h < FS_WEATHER_HOURS; h++) {
        kwh += kw[h];
        v += w->wind_m_per_s[h] / FS_WEATHER_HOURS;
    }
    printf("Hefei: mean 10 m wind %.2f m/s; 2 x 2 MW at 80 m: %.0f MWh, capacity factor %.3f\n", v, kwh / 1000,
           kwh / (2 * 2000.0 * 8760));
    assert_true(kwh > 0 && kwh < 0.9 * 2 * 2000 * 8760);
}

static void test_pv_epw_errors(void **state)
{
    (void)state;
    g_autofree char *text = NULL;
    assert_true(g_file_get_contents(HEFEI, &text, NULL, NULL));
    g_autofree char *dir = g_dir_make_tmp("fs-epw-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "short.epw", NULL);
    /* cut the file after 100 data rows: a short year */
    char *p = text;
    for (int i = 0; i < 108 && p; i++)
        p = strchr(p, '\n') + 1;
    *p = '\0';
    assert_true(g_file_set_contents(path, text, -1, NULL));
    GError *e = NULL;
    assert_null(fs_weather_load_epw(path, &e));
    printf("  -> %s\n", e->message);
    assert_non_null(strstr(e->message, "only 100 hourly rows; a year needs 8760"));
    g_clear_error(&e);
    /* a broken GHI field on data row 5 (file line 13) */
    g_autofree char *full = NULL;
    assert_true(g_file_get_contents(HEFEI, &full, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(full, "\n", -1);
    g_auto(GStrv) f = g_strsplit(lines[12], ",", -1);
    g_free(f[13]);
    f[13] = g_strdup("abc");
    g_free(lines[12]);
    lines[12] = g_strjoinv(",", f);
    g_autofree char *broken = g_strjoinv("\n", lines);
    assert_true(g_file_set_contents(path, broken, -1, NULL));
    assert_null(fs_weather_load_epw(path, &e));
    printf("  -> %s\n", e->message);
    assert_non_null(strstr(e->message, "line 13: GHI (field 14) is 'abc': not a valid value (allowed 0 to 1500)"));
    g_clear_error(&e);
    /* EPW's missing-value markers are named as such, never read as data */
    static const struct { int field; const char *value, *want; } markers[] = {
        {13, "9999", "GHI (field 14) is '9999': EPW's missing-value marker"},
        {14, "9999", "DNI (field 15) is '9999': EPW's missing-value marker"},
        {6, "99.9", "dry bulb (field 7) is '99.9': EPW's missing-value marker"},
        {21, "999", "wind speed (field 22) is '999': EPW's missing-value marker"},
        {6, "-9999", "dry bulb (field 7) is '-9999': not a valid value (allowed -70 to 70)"},
    };
    for (guint m = 0; m < G_N_ELEMENTS(markers); m++) {
        g_auto(GStrv) lines2 = g_strsplit(full, "\n", -1);
        g_auto(GStrv) f2 = g_strsplit(lines2[12], ",", -1);
        g_free(f2[markers[m].field]);
        f2[markers[m].field] = g_strdup(markers[m].value);
        g_free(lines2[12]);
        lines2[12] = g_strjoinv(",", f2);
        g_autofree char *marked = g_strjoinv("\n", lines2);
        assert_null(fs_weather_parse_epw(marked, "m.epw", &e));
        if (!strstr(e->message, markers[m].want))
            fail_msg("%s lacks '%s'", e->message, markers[m].want);
        g_clear_error(&e);
    }
    /* a LOCATION out of range (latitude 999) */
    g_autofree char *far = g_strdup(full);
    char *lat = strstr(far, "31.95550");
    memcpy(lat, "999.0000", 8);
    assert_null(fs_weather_parse_epw(far, "far.epw", &e));
    assert_non_null(strstr(e->message, "latitude (field 7) must be -90 to 90"));
    g_clear_error(&e);
    /* found by fuzz_epw: a month of 1e300 was cast to int (undefined) */
    g_auto(GStrv) row = g_strsplit(lines[8], ",", -1);
    g_free(row[1]);
    row[1] = g_strdup("1e300");
    g_autofree char *bad_row = g_strjoinv(",", row);
    g_autofree char *head = g_strjoinv("\n", (char *[]){lines[0], lines[1], lines[2], lines[3], lines[4], lines[5],
                                                          lines[6], lines[7], bad_row, NULL});
    assert_null(fs_weather_parse_epw(head, "month.epw", &e));
    printf("  -> %s\n", e->message);
    assert_non_null(strstr(e->message, "month.epw line 9: expected month/day/hour of hour 1 of a 365-day year, got 1e+300/1/1"));
    g_clear_error(&e);
    g_unlink(path);
    g_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pv_pvwatts_hand_values),
        cmocka_unit_test(test_pv_transposition_horizontal),
        cmocka_unit_test(test_pv_hefei_annual_yield),
        cmocka_unit_test(test_pv_clear_sky),
        cmocka_unit_test(test_pv_wind_by_hand),
        cmocka_unit_test(test_pv_epw_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
