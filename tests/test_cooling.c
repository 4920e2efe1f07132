/* test_cooling.c: cooling demands and a chiller plant (models/site/
 * cooling.h) by hand: the DOE-2 reference curves at their rating point,
 * a plant of two chillers at three loads under both stagings, a day of a
 * site, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "models/site/cooling.h"
#include "models/site/dry_room.h"
#include "models/site/psychro.h"
#include "models/site/weather.h"
#include "tests/plant_helpers.h"

static void assert_rel(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* EnergyPlus's DOE-2 Centrifugal/5.50COP curves, written out here from the
 * dataset (the defaults of every [chiller]): at the rating point, 6.67
 * degC chilled water and 29.4 degC condenser water, CAPFT and EIRFT are 1
 * to within 0.4 % and EIRFPLR(1) is 1, as the curves' normalisation wants. */
static const double capft[6] = {0.257896, 0.0389016, -0.00021708, 0.0468684, -0.00094284, -0.00034344};
static const double eirft[6] = {0.933884, -0.058212, 0.00450036, 0.00243, 0.000486, -0.001215};
static const double eirfplr[3] = {0.222903, 0.313387, 0.463710};

static double bq(const double *k, double x, double y)
{
    return k[0] + k[1] * x + k[2] * x * x + k[3] * y + k[4] * y * y + k[5] * x * y;
}

static double g(double plr)
{
    return eirfplr[0] + eirfplr[1] * plr + eirfplr[2] * plr * plr;
}

static fs_cooling_spec *plant_spec(const char *text)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "plant.ini", ".", &e);
    assert_non_null(sc);
    fs_cooling_spec *spec = fs_cooling_spec_from_scenario(sc, &e);
    if (!spec)
        fail_msg("%s", e ? e->message : "no spec");
    return spec;
}

static void test_cooling_reference_point(void **state)
{
    (void)state;
    double cf = bq(capft, 6.67, 29.4), ef = bq(eirft, 6.67, 29.4);
    assert_true(fabs(cf - 1.0) < 0.004 && fabs(ef - 1.0) < 0.004);
    assert_rel(g(1.0), 1.0, 1e-12);
    g_autoptr(fs_cooling_spec) spec = plant_spec("[chiller a]\ncapacity_kw = 1000\ncondenser_degc = 29.4\n");
    const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, 0);
    assert_rel(fs_chiller_capacity_kw(c, 29.4), 1000.0 * cf, 1e-12);
    assert_rel(fs_chiller_power_kw(c, 29.4, 1000.0 * cf), 1000.0 * cf / 5.5 * ef, 1e-12);
    /* half load: EIRFPLR(0.5) of full power; below min_plr (0.1) it cycles */
    assert_rel(fs_chiller_power_kw(c, 29.4, 500.0 * cf), 1000.0 * cf / 5.5 * ef * g(0.5), 1e-12);
    assert_rel(fs_chiller_power_kw(c, 29.4, 50.0 * cf), 1000.0 * cf / 5.5 * ef * g(0.1) * 0.5, 1e-12);
}

/* Two chillers of 100 kW at fixed temperatures. Sequence: the first to
 * full, then the second. Optimal: for two like chillers with convex power,
 * both at half the load when both run, or one alone, whichever is less. */
static void test_cooling_two_chillers_three_loads(void **state)
{
    (void)state;
    g_autoptr(fs_cooling_spec) spec = plant_spec("[chiller a]\ncapacity_kw = 100\ncondenser_degc = 29.4\n"
                                                 "[chiller b]\ncapacity_kw = 100\ncondenser_degc = 29.4\n");
    double cap = 100.0 * bq(capft, 6.67, 29.4), a = cap / 5.5 * bq(eirft, 6.67, 29.4);
    const double loads[3] = {50.0, 120.0, 180.0};
    const fs_outdoor_air air20 = {20.0, NAN};
    for (int i = 0; i < 3; i++) {
        double q = loads[i], unmet = -1.0;
        double seq = q <= cap ? a * g(q / cap) : a * g(1.0) + a * g((q - cap) / cap);
        double both = 2.0 * a * g(q / 2.0 / cap), one = q <= cap ? a * g(q / cap) : INFINITY;
        assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, &air20, q, &unmet), seq, 1e-12);
        assert_rel(unmet, 0.0, 0.0);
        assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, &air20, q, &unmet), fmin(both, one), 1e-9);
    }
    /* 50 kW: one chiller at half load beats two at a quarter (the constant
     * term of EIRFPLR); 180 kW: 90 + 90 beats 100 + 80 */
    double u;
    assert_true(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, &air20, 180.0, &u)
                < fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, &air20, 180.0, &u));
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, &air20, 250.0, &u), 2.0 * a, 1e-9);
    assert_rel(u, 250.0 - 2.0 * cap, 1e-12);
    /* 5 kW: one chiller cycling at 5 % (below min_plr 0.1) under both */
    double cycling = a * g(0.1) * (5.0 / cap) / 0.1;
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, &air20, 5.0, &u), cycling, 1e-12);
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, &air20, 5.0, &u), cycling, 1e-9);
}

/* A day of 180 kW of process cooling from the two chillers, staged for the
 * least power: the chillers' electricity is the site's load, the sequence
 * is booked beside it, and the saving is theirs by hand. */
static void test_cooling_site_day(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nchiller_staging = optimal\n"
                       "[cooling_demand process]\npower_kw = 180\n"
                       "[chiller a]\ncapacity_kw = 100\ncondenser_degc = 29.4\n"
                       "[chiller b]\ncapacity_kw = 100\ncondenser_degc = 29.4\n";
    fs_plant_spec *p = plant_from(text, "chillers.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    double cap = 100.0 * bq(capft, 6.67, 29.4), a = cap / 5.5 * bq(eirft, 6.67, 29.4);
    double opt = 2.0 * a * g(90.0 / cap) * 24.0, seq = (a + a * g((180.0 - cap) / cap)) * 24.0;
    assert_rel(plant_kpi(p, &r, "cooling_demand_kwh"), 180.0 * 24.0, 1e-12);
    assert_rel(plant_kpi(p, &r, "chiller_electricity_kwh"), opt, 1e-9);
    assert_rel(plant_kpi(p, &r, "load_kwh"), opt, 1e-9);
    assert_rel(plant_kpi(p, &r, "chiller_sequence_kwh"), seq, 1e-12);
    assert_rel(plant_kpi(p, &r, "chiller_staging_saving"), 1.0 - opt / seq, 1e-9);
    assert_rel(plant_kpi(p, &r, "chiller_cop"), 180.0 * 24.0 / opt, 1e-9);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

static void test_cooling_bad_input(void **state)
{
    (void)state;
    const char *head = "[simulation]\nhorizon = 1d\n[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\n"
                       "[cooling_demand p]\npower_kw = 10\n";
    static const struct {
        const char *tail, *needle;
    } cases[] = {
        {"[chiller a]\ncapacity_kw = 10\neirfplr = 0.2, 1.0, -0.2\n", "must be positive, convex and rising in its load above min_plr"},
        {"[chiller a]\ncapacity_kw = 10\ncondenser_degc = 30\ncondenser_approach_k = 5\n",
         "condenser_approach_k = 5: is for an air-cooled condenser"},
        {"[chiller a]\ncapacity_kw = 10\ncapft = 1, 2\n", "needs 6 comma-separated coefficients, got 2"},
        {"[chiller a]\ncapacity_kw = 0\n", "capacity_kw"},
        {"[cooling_demand s]\nsetpoint_degc = 24\n", "ua_kw_per_k"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strconcat(head, cases[i].tail, NULL);
        expect_plant_error(text, cases[i].needle);
    }
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\nchiller_staging = best\n[chiller a]\ncapacity_kw = 10\n"
                       "condenser_degc = 30\n", "must be sequence or optimal");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[chiller a]\ncapacity_kw = 10\n", "[site] weather");
}

/* The curves' range: outdoors at 0 degC the condenser is held at 24
 * (condenser_min_degc, the curves' bottom); at 40 degC with curve_limits =
 * clamp the curves are evaluated at 35 and the day is counted; without
 * clamp, or with own curves and no range, or a chilled-water temperature
 * outside it, the scenario is refused. */
static void test_cooling_curve_limits(void **state)
{
    (void)state;
    const char *fmt = "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nweather = clearsky\n"
                      "latitude_deg = 31\nlongitude_deg = 117\nair_temperature_degc = %g\n"
                      "[cooling_demand p]\npower_kw = 50\n[chiller a]\ncapacity_kw = 100\n%s";
    g_autofree char *cold = g_strdup_printf(fmt, 0.0, "");
    g_autofree char *hot = g_strdup_printf(fmt, 40.0, "curve_limits = clamp\n");
    fs_plant_spec *p1 = plant_from(cold, "cold.ini", "."), *p2 = plant_from(hot, "hot.ini", ".");
    fs_run_result a, b;
    run_plant(p1, 1, &a);
    run_plant(p2, 1, &b);
    double cap24 = 100.0 * bq(capft, 6.67, 24.0), cap35 = 100.0 * bq(capft, 6.67, 35.0);
    assert_rel(plant_kpi(p1, &a, "chiller_electricity_kwh"), 24.0 * cap24 / 5.5 * bq(eirft, 6.67, 24.0) * g(50.0 / cap24), 1e-9);
    assert_rel(plant_kpi(p1, &a, "chiller_curve_clamped_h") + 1.0, 1.0, 1e-15);
    assert_rel(plant_kpi(p2, &b, "chiller_electricity_kwh"), 24.0 * cap35 / 5.5 * bq(eirft, 6.67, 35.0) * g(50.0 / cap35), 1e-9);
    assert_rel(plant_kpi(p2, &b, "chiller_curve_clamped_h"), 24.0, 1e-12);
    fs_run_result_clear(&a);
    fs_run_result_clear(&b);
    fs_plant_spec_free(p1);
    fs_plant_spec_free(p2);
    g_autofree char *refused = g_strdup_printf(fmt, 40.0, "");
    expect_plant_error(refused, "is above the curves' condenser range 24 to 35 degC");
    g_autofree char *own = g_strdup_printf(fmt, 20.0, "capft = 1, 0, 0, 0, 0, 0\n");
    expect_plant_error(own, "chw_range_degc: missing; with their own capft");
    g_autofree char *chw = g_strdup_printf(fmt, 20.0, "chw_degc = 12\n");
    expect_plant_error(chw, "outside the curves' chilled-water range 5 to 10 degC");
    g_autofree char *low = g_strdup_printf(fmt, 20.0, "condenser_min_degc = 15\n");
    expect_plant_error(low, "below the curves' condenser range");
}

/* A dry room at two humidities, by hand: 1,000 m3 with 2 outdoor air
 * changes an hour at 20 degC and 1,000 hPa (rho = 1e5 / (287.058 x
 * 293.15) = 1.18833 kg/m3: 2,376.7 kg/h of air), kept at a -40 degC frost
 * point (e_ice = 0.12850 hPa: w = 7.993e-5), a dryer at 1 kWh per kg of
 * water, 10 kW of fans. Summer, outdoor dew point 20 degC: e = 23.327 hPa,
 * w = 0.014855, 35.11 kg/h of water, 45.11 kW. Winter, -10 degC frost
 * point: e = 2.5988 hPa, w = 0.0016205, 3.662 kg/h, 13.66 kW. The vapour
 * pressures are within 0.3 % of ASHRAE's tables (2.3392 kPa at 20 degC,
 * 0.25991 at -10 over ice, 0.012849 at -40 over ice). */
static void test_dry_room_two_humidities(void **state)
{
    (void)state;
    fs_dry_room room = {.count = 1, .volume_m3 = 1000, .air_changes_per_h = 2, .room_degc = 20,
                        .room_dew_point_degc = -40, .kwh_per_kg_water = 1.0, .base_kw = 10};
    double e20 = 6.112 * exp(17.62 * 20.0 / (243.12 + 20.0)), em10 = 6.112 * exp(22.46 * -10.0 / (272.62 - 10.0));
    double em40 = 6.112 * exp(22.46 * -40.0 / (272.62 - 40.0));
    assert_rel(e20, 23.39, 0.003);
    assert_rel(em10, 2.5991, 0.003);
    assert_rel(em40, 0.12849, 0.003);
    double air = 1000.0 * 2.0 * 1e5 / (287.058 * 293.15), w_room = 0.621945 * em40 / (1000.0 - em40);
    assert_rel(air, 2376.66, 1e-5);
    double water, kw = fs_dry_room_kw(&room, 20.0, 1000.0, &water);
    double want_water = air * (0.621945 * e20 / (1000.0 - e20) - w_room);
    assert_rel(water, want_water, 1e-12);
    assert_rel(water, 35.11, 1e-3);
    assert_rel(kw, 10.0 + want_water, 1e-12);
    kw = fs_dry_room_kw(&room, -10.0, 1000.0, &water);
    want_water = air * (0.621945 * em10 / (1000.0 - em10) - w_room);
    assert_rel(water, want_water, 1e-12);
    assert_rel(kw, 13.66, 1e-3);
    kw = fs_dry_room_kw(&room, -45.0, 1000.0, &water);  /* drier outside than inside: the fans only */
    assert_rel(water + 1.0, 1.0, 1e-15);
    assert_rel(kw, 10.0, 1e-15);
}

/* Two days of two dry rooms on Hefei's weather file (the run starts at
 * midnight, Jan 1, in the file's UTC+8): the site's dry-room electricity
 * is the sum over the file's 48 hours, and all of the load. */
static void test_dry_room_site_hefei(void **state)
{
    (void)state;
    g_autofree char *epw = g_build_filename(FS_SOURCE_DIR, "scenarios", "weather", "CHN_AH_Hefei.583210_TMYx.epw", NULL);
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 2d\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n"
        "[site]\nweather = %s\n[dry_room cells]\ncount = 2\nvolume_m3 = 1000\nair_changes_per_h = 2\n"
        "room_dew_point_degc = -40\nkwh_per_kg_water = 1.0\nbase_kw = 10\n", epw);
    fs_plant_spec *p = plant_from(text, "dry.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    GError *e = NULL;
    g_autoptr(fs_weather) w = fs_weather_load_epw(epw, &e);
    assert_non_null(w);
    fs_dry_room room = {.count = 1, .volume_m3 = 1000, .air_changes_per_h = 2, .room_degc = 20,
                        .room_dew_point_degc = -40, .kwh_per_kg_water = 1.0, .base_kw = 10};
    double kwh = 0.0, water_kg = 0.0, max_kw = 0.0;
    for (int h = 0; h < 48; h++) {
        double water, kw = fs_dry_room_kw(&room, w->dew_point_degc[h], w->pressure_mbar[h], &water);
        kwh += 2.0 * kw;
        water_kg += 2.0 * water;
        max_kw = fmax(max_kw, 2.0 * kw);
    }
    assert_rel(plant_kpi(p, &r, "dry_room_kwh"), kwh, 1e-9);
    assert_rel(plant_kpi(p, &r, "dry_room_water_removed_kg"), water_kg, 1e-9);
    assert_rel(plant_kpi(p, &r, "dry_room_max_kw"), max_kw, 1e-12);
    assert_rel(plant_kpi(p, &r, "load_kwh"), kwh, 1e-9);
    assert_true(water_kg > 0.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    /* a clear sky has no humidity; a room wetter than it is warm is impossible */
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\n"
                       "[dry_room a]\nvolume_m3 = 10\nair_changes_per_h = 1\nroom_dew_point_degc = -40\n"
                       "kwh_per_kg_water = 1\n", "a clear sky has no humidity");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[dry_room a]\nvolume_m3 = 10\nair_changes_per_h = 1\n"
                       "room_dew_point_degc = 25\nkwh_per_kg_water = 1\n", "above room_degc");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[dry_room a]\nvolume_m3 = 10\nair_changes_per_h = 1\n"
                       "room_dew_point_degc = -40\nkwh_per_kg_water = 1\n", "dry rooms the outdoor dew point");
}

/* ASHRAE Handbook - Fundamentals 2017, ch. 1, Example 1: air at 40 degC
 * with a thermodynamic wet bulb of 20 degC at 101.325 kPa holds W = 0.0065
 * kg/kg. From the dew point that gives that W here, the wet bulb must come
 * back to 20 degC within 0.15 K: the Magnus vapour pressure is within
 * 0.3 % of ASHRAE's, without its 0.4 % enhancement factor (about 0.1 K
 * here), and 0.0065 is rounded. Saturated air's wet bulb is its dry bulb;
 * below freezing (over ice) the wet bulb lies between dew point and dry
 * bulb; every hour of Hefei's year too. */
static void test_psychro_wet_bulb(void **state)
{
    (void)state;
    double lo = -20.0, hi = 40.0;
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (fs_psychro_humidity_ratio(mid, 1013.25) > 0.0065)
            hi = mid;
        else
            lo = mid;
    }
    double dew = 0.5 * (lo + hi), wb = fs_psychro_wet_bulb_degc(40.0, dew, 1013.25);
    if (!(fabs(wb - 20.0) <= 0.15))
        fail_msg("wet bulb %.4f degC at 40 degC, dew point %.4f degC: ASHRAE's 20", wb, dew);
    assert_rel(fs_psychro_wet_bulb_degc(25.0, 25.0, 1013.25), 25.0, 1e-8);
    double ice = fs_psychro_wet_bulb_degc(-5.0, -10.0, 1013.25);
    assert_true(ice > -10.0 && ice < -5.0);
    g_autofree char *epw = g_build_filename(FS_SOURCE_DIR, "scenarios", "weather", "CHN_AH_Hefei.583210_TMYx.epw", NULL);
    GError *e = NULL;
    g_autoptr(fs_weather) w = fs_weather_load_epw(epw, &e);
    assert_non_null(w);
    for (int h = 0; h < 8760; h++) {
        double t = fs_psychro_wet_bulb_degc(w->temp_air_degc[h], w->dew_point_degc[h], w->pressure_mbar[h]);
        if (!(t >= w->dew_point_degc[h] - 1e-6 && t <= w->temp_air_degc[h] + 1e-6))
            fail_msg("hour %d: wet bulb %g outside dew point %g .. dry bulb %g", h, t, w->dew_point_degc[h],
                     w->temp_air_degc[h]);
    }
}

/* A chiller on a cooling tower (tower_approach_k = 4) through two of
 * Hefei's July days: each hour's condenser water is the file's wet bulb
 * (psychro.h, from its dry bulb, dew point and pressure) + 4 K, held at
 * 24 degC; the day's electricity by hand from the chiller's curves. An
 * air-cooled chiller on the dry bulb + 4 K draws more (the dry bulb is
 * the warmer). Refused: a tower with condenser_degc or
 * condenser_approach_k, and a tower on a clear sky (no humidity). */
static void test_cooling_tower_wet_bulb(void **state)
{
    (void)state;
    g_autofree char *epw = g_build_filename(FS_SOURCE_DIR, "scenarios", "weather", "CHN_AH_Hefei.583210_TMYx.epw", NULL);
    const char *chiller = "[cooling_demand process]\npower_kw = 600\n[chiller a]\ncapacity_kw = 1000\n"
                          "tower_approach_k = 4\n";
    g_autofree char *text = g_strdup_printf("[simulation]\nhorizon = 2d\nreplications = 1\n"
                                            "start = 2026-07-20T00:00:00+08:00\n[site]\nweather = %s\n%s", epw, chiller);
    fs_plant_spec *p = plant_from(text, "tower.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    g_autoptr(fs_cooling_spec) spec = plant_spec(chiller);
    const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, 0);
    GError *e = NULL;
    g_autoptr(fs_weather) w = fs_weather_load_epw(epw, &e);
    assert_non_null(w);
    double kwh = 0.0, air_kwh = 0.0;
    for (int h = 200 * 24; h < 202 * 24; h++) {
        double wb = fs_psychro_wet_bulb_degc(w->temp_air_degc[h], w->dew_point_degc[h], w->pressure_mbar[h]);
        kwh += fs_chiller_power_kw(c, fmax(wb + 4.0, 24.0), 600.0);
        air_kwh += fs_chiller_power_kw(c, fmax(w->temp_air_degc[h] + 4.0, 24.0), 600.0);
    }
    assert_rel(plant_kpi(p, &r, "chiller_electricity_kwh"), kwh, 1e-9);
    assert_true(air_kwh > kwh);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[cooling_demand p]\npower_kw = 1\n[chiller a]\n"
                       "capacity_kw = 10\ncondenser_degc = 29.4\ntower_approach_k = 4\n", "condenser_degc fixes");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[cooling_demand p]\npower_kw = 1\n[chiller a]\n"
                       "capacity_kw = 10\ncondenser_approach_k = 5\ntower_approach_k = 4\n", "give one of them");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\nweather = clearsky\nlatitude_deg = 31\n"
                       "longitude_deg = 117\n[cooling_demand p]\npower_kw = 1\n[chiller a]\ncapacity_kw = 10\n"
                       "tower_approach_k = 4\n", "a clear sky has no humidity");
}

/* The towers' fans: the same two July days at f = 0.0127 (ASHRAE 90.1's
 * least efficient axial-fan open tower, 40.2 gpm/hp): the fans draw f x
 * (cooling delivered + the chillers' electricity), the site's load grows
 * by exactly that, and the chillers' own electricity (two unequal
 * chillers staged for the least power) does not move: f x Q is the same
 * for every staging, so the fans leave the staging as it was. Refused:
 * the fans with an air-cooled chiller in the plant, or with no chiller. */
static void test_cooling_tower_fans(void **state)
{
    (void)state;
    g_autofree char *epw = g_build_filename(FS_SOURCE_DIR, "scenarios", "weather", "CHN_AH_Hefei.583210_TMYx.epw", NULL);
    const char *plant = "[cooling_demand process]\npower_kw = 600\n[chiller a]\ncapacity_kw = 1000\n"
                        "tower_approach_k = 4\n[chiller b]\ncapacity_kw = 400\ncop = 4\ntower_approach_k = 4\n";
    double kpi[2][5];
    for (int fans = 0; fans < 2; fans++) {
        g_autofree char *text = g_strdup_printf("[simulation]\nhorizon = 2d\nreplications = 1\n"
                                                "start = 2026-07-20T00:00:00+08:00\n[site]\nweather = %s\n"
                                                "chiller_staging = optimal\n%s%s", epw,
                                                fans ? "tower_fan_kw_per_kw = 0.0127\n" : "", plant);
        fs_plant_spec *p = plant_from(text, "fans.ini", ".");
        fs_run_result r;
        run_plant(p, 1, &r);
        kpi[fans][0] = plant_kpi(p, &r, "chiller_electricity_kwh");
        kpi[fans][1] = plant_kpi(p, &r, "tower_fan_kwh");
        kpi[fans][2] = plant_kpi(p, &r, "load_kwh");
        kpi[fans][3] = plant_kpi(p, &r, "cooling_demand_kwh") - plant_kpi(p, &r, "cooling_unmet_kwh");
        kpi[fans][4] = plant_kpi(p, &r, "cooling_plant_cop");
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
    assert_true(kpi[0][1] == 0.0 && kpi[0][3] == 600.0 * 48);
    assert_true(kpi[1][0] == kpi[0][0]);  /* the chillers' own electricity: unchanged */
    assert_rel(kpi[1][1], 0.0127 * (600.0 * 48 + kpi[1][0]), 1e-12);
    assert_rel(kpi[1][2] - kpi[0][2], kpi[1][1], 1e-9);
    assert_rel(kpi[1][4], 600.0 * 48 / (kpi[1][0] + kpi[1][1]), 1e-12);
    assert_true(kpi[1][4] < kpi[0][4]);
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\ntower_fan_kw_per_kw = 0.01\n[cooling_demand p]\n"
                       "power_kw = 1\n[chiller a]\ncapacity_kw = 10\ntower_approach_k = 4\n[chiller b]\n"
                       "capacity_kw = 10\ncondenser_approach_k = 5\n", "[chiller b] has no tower");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\ntower_fan_kw_per_kw = 0.01\n[cooling_demand p]\n"
                       "power_kw = 1\n", "no [chiller NAME] groups");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cooling_reference_point),
        cmocka_unit_test(test_cooling_two_chillers_three_loads),
        cmocka_unit_test(test_cooling_site_day),
        cmocka_unit_test(test_cooling_bad_input),
        cmocka_unit_test(test_cooling_curve_limits),
        cmocka_unit_test(test_dry_room_two_humidities),
        cmocka_unit_test(test_dry_room_site_hefei),
        cmocka_unit_test(test_psychro_wet_bulb),
        cmocka_unit_test(test_cooling_tower_wet_bulb),
        cmocka_unit_test(test_cooling_tower_fans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
