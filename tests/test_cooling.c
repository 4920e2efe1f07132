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
    for (int i = 0; i < 3; i++) {
        double q = loads[i], unmet = -1.0;
        double seq = q <= cap ? a * g(q / cap) : a * g(1.0) + a * g((q - cap) / cap);
        double both = 2.0 * a * g(q / 2.0 / cap), one = q <= cap ? a * g(q / cap) : INFINITY;
        assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, 20.0, q, &unmet), seq, 1e-12);
        assert_rel(unmet, 0.0, 0.0);
        assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, 20.0, q, &unmet), fmin(both, one), 1e-9);
    }
    /* 50 kW: one chiller at half load beats two at a quarter (the constant
     * term of EIRFPLR); 180 kW: 90 + 90 beats 100 + 80 */
    double u;
    assert_true(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, 20.0, 180.0, &u)
                < fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, 20.0, 180.0, &u));
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, 20.0, 250.0, &u), 2.0 * a, 1e-9);
    assert_rel(u, 250.0 - 2.0 * cap, 1e-12);
    /* 5 kW: one chiller cycling at 5 % (below min_plr 0.1) under both */
    double cycling = a * g(0.1) * (5.0 / cap) / 0.1;
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_SEQUENCE, 20.0, 5.0, &u), cycling, 1e-12);
    assert_rel(fs_cooling_plant_kw(spec, FS_STAGING_OPTIMAL, 20.0, 5.0, &u), cycling, 1e-9);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cooling_reference_point),
        cmocka_unit_test(test_cooling_two_chillers_three_loads),
        cmocka_unit_test(test_cooling_site_day),
        cmocka_unit_test(test_cooling_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
