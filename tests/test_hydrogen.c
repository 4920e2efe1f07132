/* test_hydrogen.c: the electrolyser, tank and fuel cell
 * (models/site/hydrogen.h) by hand: a day's cycle on a net-metered load
 * (12 h of surplus, 12 h of deficit) with its round trip, the
 * electrolyser's ramp, the tank's exponential loss and its fill event, a
 * full tank held against its loss, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "models/site/dispatch_lp.h"
#include "models/site/hydrogen.h"
#include "study/study.h"
#include "tests/plant_helpers.h"

#define REL 1e-9

static void assert_rel(double got, double want)
{
    if (!(fabs(got - want) <= REL * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

typedef struct {
    char *dir, *csv;
} fixture;

/* Net-metered: -100 kW (generation behind the meter) for 12 h, then a
 * 50 kW load for 12 h. */
static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = g_dir_make_tmp("fs-h2-XXXXXX", NULL);
    f->csv = g_build_filename(f->dir, "net.csv", NULL);
    GString *rows = g_string_new("time,kw\n");
    for (int h = 0; h <= 24; h++)
        g_string_append_printf(rows, "%d,%d\n", h * 3600, h < 12 ? -100 : 50);
    g_assert(g_file_set_contents(f->csv, rows->str, -1, NULL));
    g_string_free(rows, TRUE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    g_unlink(f->csv);
    g_rmdir(f->dir);
    g_free(f->csv);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static fs_plant_spec *day_site(const fixture *f, const char *extra)
{
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nload_csv = %s\nhourly_matching = true\n"
        "[electrolyser]\npower_kw = 80\nkwh_per_kg = 50\nmin_load = 0.1\n%s"
        "[hydrogen_tank]\ncapacity_kg = 100\n"
        "[fuel_cell]\npower_kw = 40\nkwh_per_kg = 20\n", f->csv, extra);
    return plant_from(text, "h2.ini", f->dir);
}

/* 12 h of 100 kW surplus: the electrolyser takes its 80 kW (1.6 kg/h,
 * 19.2 kg), 20 kW is exported. 12 h of 50 kW load: the fuel cell gives
 * its 40 kW (2 kg/h) for 19.2 / 2 = 9.6 h (384 kWh), the grid the rest
 * (10 kW for 9.6 h, 50 kW for 2.4 h). Round trip 384 / 960 = 20 / 50. */
static void test_day_cycle_by_hand(void **state)
{
    fixture *f = *state;
    fs_plant_spec *p = day_site(f, "");
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_rel(plant_kpi(p, &r, "electrolyser_kwh"), 960.0);
    assert_rel(plant_kpi(p, &r, "hydrogen_made_kg"), 19.2);
    assert_rel(plant_kpi(p, &r, "hydrogen_used_kg"), 19.2);
    assert_rel(plant_kpi(p, &r, "hydrogen_lost_kg") + 1.0, 1.0);
    assert_rel(plant_kpi(p, &r, "hydrogen_stored_end_kg") + 1.0, 1.0);
    assert_rel(plant_kpi(p, &r, "fuel_cell_kwh"), 384.0);
    assert_rel(plant_kpi(p, &r, "hydrogen_round_trip"), 0.4);
    assert_rel(plant_kpi(p, &r, "electrolyser_full_load_h"), 12.0);
    assert_rel(plant_kpi(p, &r, "grid_export_kwh"), 240.0);
    assert_rel(plant_kpi(p, &r, "grid_import_kwh"), 10.0 * 9.6 + 50.0 * 2.4);
    assert_rel(plant_kpi(p, &r, "load_kwh"), 600.0);
    assert_rel(plant_kpi(p, &r, "pv_self_consumed_kwh"), 960.0);  /* into the electrolyser */
    assert_rel(plant_kpi(p, &r, "self_sufficiency"), 384.0 / 600.0);
    /* hourly matching: the fuel cell's on-site 384 kWh is carbon-free in
     * its hours; of the 240 kWh exported, all comes back in other hours */
    assert_rel(plant_kpi(p, &r, "cfe_score"), 384.0 / 600.0);
    assert_rel(plant_kpi(p, &r, "green_bought_back_kwh"), 216.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* ramp_per_min = 0.01: from a start at min load (8 kW) the electrolyser
 * gains 0.8 kW a minute, a step each minute: 8, 8.8, ..., 79.2 kW for
 * the first 90 minutes (65.4 kWh), then 80 kW for 10.5 h. */
static void test_ramp_by_hand(void **state)
{
    fixture *f = *state;
    fs_plant_spec *p = day_site(f, "ramp_per_min = 0.01\n");
    fs_run_result r;
    run_plant(p, 1, &r);
    double ramp_kwh = (90.0 * 8.0 + 0.8 * 89.0 * 90.0 / 2.0) / 60.0;
    assert_rel(ramp_kwh, 65.4);
    assert_rel(plant_kpi(p, &r, "electrolyser_kwh"), ramp_kwh + 80.0 * 10.5);
    assert_rel(plant_kpi(p, &r, "grid_export_kwh"), 100.0 * 12.0 - (ramp_kwh + 80.0 * 10.5));
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* The tank alone: 10 kg leaking 10 % a day keeps 9 kg after a day; fed
 * 1 kg/h (50 kW at 50 kWh/kg) it fills at t = ln((m_inf - m0) / (m_inf -
 * cap)) / k, m_inf = 1 / k, k = -ln(0.9) / 24; full, it takes only what
 * holds it full (k x cap kg/h). */
static void test_tank_by_hand(void **state)
{
    (void)state;
    fs_hydrogen_spec sp = {.elz_power_kw = 80, .elz_kwh_per_kg = 50, .elz_min_load = 0.0,
                           .elz_ramp_per_min = INFINITY, .tank_capacity_kg = 20, .tank_initial_kg = 10,
                           .tank_loss_per_h = -log(0.9) / 24.0};
    fs_hydrogen h;
    fs_hydrogen_init(&h, &sp);
    fs_hydrogen_set(&h, 0.0, 0.0, 0.0);
    assert_true(isinf(fs_hydrogen_time_to_limit_h(&h)));  /* it never empties by loss alone */
    fs_hydrogen_integrate(&h, 24.0);
    assert_rel(h.stored_kg, 9.0);
    assert_rel(h.lost_kg, 1.0);
    fs_hydrogen_set(&h, 86400.0, 50.0, 0.0);
    double k = sp.tank_loss_per_h, m_inf = 1.0 / k, t_h = log((m_inf - 9.0) / (m_inf - 20.0)) / k;
    assert_rel(fs_hydrogen_time_to_limit_h(&h), t_h);
    fs_hydrogen_integrate(&h, t_h);
    fs_hydrogen_snap(&h);
    assert_rel(h.stored_kg, 20.0);
    fs_hydrogen_set(&h, 86400.0 + t_h * 3600.0, 50.0, 0.0);
    assert_rel(h.elz_kw, k * 20.0 * 50.0);  /* holds it full */
    fs_hydrogen_integrate(&h, 5.0);
    assert_rel(h.stored_kg, 20.0);
    char *message = NULL;
    assert_true(fs_hydrogen_check(&h, 1e-9, &message));
    assert_rel(h.made_kg - h.lost_kg, 10.0);  /* from 10 kg to 20 */
    h.made_kg += 0.1;  /* a book that does not close is caught */
    assert_false(fs_hydrogen_check(&h, 1e-9, &message));
    assert_non_null(strstr(message, "hydrogen balance"));
    g_free(message);
}

/* The optimal bound with hydrogen: on the day of surplus then deficit,
 * with a flat 1.0 a kWh and no export credit, the rule already does what
 * an optimum would (all the surplus the electrolyser can take is stored,
 * all of it comes back), so the bound equals the rule's bill, by hand;
 * a bound that left the chain out would be 384 dearer than the rule and
 * fail the run's own check (bound <= rule). */
static void test_optimal_bound_with_hydrogen(void **state)
{
    fixture *f = *state;
    const char *tariff = "[tariff]\nperiods = flat:1.0\nweekday = 0-24 flat\nweekend = 0-24 flat\nexport_rate = 0\n"
                         "[battery]\ncapacity_kwh = 10\ncharge_kw = 5\nself_discharge_per_month = 0\n"
                         "calendar_fade_per_year = 0\ncycle_fade_per_efc = 0\n"
                         "optimal_bound = true\n";
    fs_plant_spec *p = day_site(f, tariff);
    fs_run_result r;
    run_plant(p, 1, &r);
    double rule = plant_kpi(p, &r, "total_cost"), bound = plant_kpi(p, &r, "optimal_total_cost");
    assert_true(bound <= rule + 1e-9 * rule);
    /* 600 kWh of load less the fuel cell's 384 and the battery's window
     * (0.5 to 9.5 kWh) out at 95 %: 8.55 */
    assert_rel(bound, 600.0 - 384.0 - 9.0 * 0.95);
    assert_rel(rule, 600.0 - 384.0 - 9.0 * 0.95);
    assert_rel(plant_kpi(p, &r, "fuel_cell_kwh"), 384.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* The rolling plan with hydrogen (dispatch = optimal, planner.h): the
 * same day under a time-of-use tariff, 1.0 a kWh until 18:00 and 2.0
 * after. The rule runs the fuel cell from noon until its 19.2 kg are gone
 * at 21:36 and buys 50 kW in the dear hours after; the plan keeps 12 kg
 * for 18:00-24:00 (its 40 kW for 6 h, 240 kWh) and uses the other 7.2 kg
 * (144 kWh) before. By hand, the battery's 9 kWh window out at 95 % in
 * the dear hours too: 2.0 x (300 - 240 - 8.55) + 1.0 x (300 - 144). With
 * a perfect forecast over the whole day every hour's plan is optimal, so
 * the run's bill equals the optimal bound. */
static void test_rolling_plan_with_hydrogen(void **state)
{
    fixture *f = *state;
    const char *tou = "[tariff]\nperiods = low:1.0, high:2.0\nweekday = 0-18 low, 18-24 high\n"
                      "weekend = 0-18 low, 18-24 high\nexport_rate = 0\n"
                      "[battery]\ncapacity_kwh = 10\ncharge_kw = 5\nself_discharge_per_month = 0\n"
                      "calendar_fade_per_year = 0\ncycle_fade_per_efc = 0\noptimal_bound = true\n";
    g_autofree char *plan = g_strconcat(tou, "dispatch = optimal\nforecast = perfect\n", NULL);
    fs_plant_spec *p = day_site(f, plan);
    fs_run_result r;
    run_plant(p, 1, &r);
    double want = 2.0 * (300.0 - 240.0 - 9.0 * 0.95) + 1.0 * (300.0 - 144.0);
    assert_rel(plant_kpi(p, &r, "total_cost"), want);
    assert_rel(plant_kpi(p, &r, "optimal_total_cost"), want);
    assert_rel(plant_kpi(p, &r, "fuel_cell_kwh"), 384.0);
    assert_rel(plant_kpi(p, &r, "hydrogen_made_kg"), 19.2);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    /* the rule on the same day: the fuel cell runs out in the dear hours */
    fs_plant_spec *q = day_site(f, tou);
    run_plant(q, 1, &r);
    assert_true(plant_kpi(q, &r, "total_cost") > want + 90.0);  /* 2.4 h x 40 kW x (2.0 - 1.0) = 96 */
    fs_run_result_clear(&r);
    fs_plant_spec_free(q);
}

/* peak_target_kw = auto beside hydrogen: the limit is the battery's own
 * (planner.h), the fuel cell only lowers the imports further. 50 kW for
 * 12 h against a 9 kWh window out at 95 %: the lowest limit it holds is
 * 50 - 8.55 / 12 kW, and the month's peak is that limit, set in the hours
 * after the fuel cell's tank is empty. */
static void test_auto_limit_with_hydrogen(void **state)
{
    fixture *f = *state;
    const char *text = "[tariff]\nperiods = flat:1.0\nweekday = 0-24 flat\nweekend = 0-24 flat\nexport_rate = 0\n"
                       "demand_charge_per_kw = 10\n"
                       "[battery]\ncapacity_kwh = 10\ncharge_kw = 5\nself_discharge_per_month = 0\n"
                       "calendar_fade_per_year = 0\ncycle_fade_per_efc = 0\n"
                       "dispatch = peak_shaving\npeak_target_kw = auto\nforecast = perfect\n";
    fs_plant_spec *p = day_site(f, text);
    fs_run_result r;
    run_plant(p, 1, &r);
    double limit_kw = 50.0 - 9.0 * 0.95 / 12.0;
    assert_rel(plant_kpi(p, &r, "peak_demand_kw"), limit_kw);
    assert_rel(plant_kpi(p, &r, "fuel_cell_kwh"), 384.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* Finance with the chain, through a study: the day's site at two
 * electrolyser sizes (40 and 80 kW) with hydrogen costs in [finance]; each
 * point's LCOH is its chain's cost over the kg it made in the day, as a
 * year (1 year, no discount), by hand from its own KPIs. */
static void test_finance_with_hydrogen(void **state)
{
    fixture *f = *state;
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nload_csv = %s\n"
        "[tariff]\nperiods = flat:1.0\nweekday = 0-24 flat\nweekend = 0-24 flat\nexport_rate = 0\n"
        "[electrolyser]\npower_kw = 40\nkwh_per_kg = 50\n[hydrogen_tank]\ncapacity_kg = 100\n"
        "[fuel_cell]\npower_kw = 40\nkwh_per_kg = 20\n"
        "[finance]\nanalysis_years = 1\ndiscount_rate = 0\ncapex_per_kw_electrolyser = 1000\n"
        "om_per_kw_electrolyser_year = 20\ncapex_per_kg_hydrogen_tank = 500\ncapex_per_kw_fuel_cell = 800\n"
        "[sweep]\nelectrolyser.power_kw = 40, 80\n", f->csv);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "h2fin.ini", f->dir, &e);
    assert_non_null(sc);
    g_autoptr(fs_study) st = fs_study_new(sc, FALSE, FALSE, &e);
    if (!st)
        fail_msg("%s", e->message);
    double k[2][4];
    const char *const names[4] = {"total_cost", "lcoh", "hydrogen_made_kg", "electrolyser_kw"};
    study_points_kpis(st, 2, names, 4, &k[0][0]);
    double cost[2] = {k[0][0], k[1][0]}, lcoh[2] = {k[0][1], k[1][1]}, made[2] = {k[0][2], k[1][2]};
    double elz[2] = {k[0][3], k[1][3]};
    assert_rel(elz[0], 40.0);
    assert_rel(elz[1], 80.0);
    assert_rel(made[1], 19.2);  /* the day by hand (test_day_cycle_by_hand) */
    for (int i = 0; i < 2; i++) {
        double chain = elz[i] * (1000.0 + 20.0) + 100.0 * 500.0 + 40.0 * 800.0;
        assert_rel(lcoh[i], chain / (made[i] * 365.0));
    }
    assert_true(cost[1] < cost[0]);  /* the larger electrolyser stores more for the evening */
}

/* The plan's electrolyser bound reads the site's surplus, heat pumps
 * included: one hour, 100 kWh of PV, no other load, a heat pump drawing
 * 60 kWh (1 kWh of electricity per kWh of heat) for 60 kWh of demand,
 * hydrogen worth more than grid energy. The LP's load leaves the heat
 * pump out (its heat rows re-dispatch it), so with load - gen alone the
 * electrolyser could take all 100 kWh and the heat pump import 60; the
 * site runs the heat pump first and leaves 40 kWh, the bound given
 * h2_net_kwh = 60 - 100. */
static void test_plan_surplus_counts_heat_electricity(void **state)
{
    (void)state;
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(
        "[tariff]\nperiods = flat:0.1\nweekday = 0-24 flat\nweekend = 0-24 flat\n", "t.ini", ".", &e);
    fs_tariff t;
    memset(&t, 0, sizeof t);
    if (!sc || !fs_tariff_parse(sc, &t, &e))
        fail_msg("%s", e->message);
    fs_hydrogen_spec hy = {.elz_power_kw = 200.0, .elz_kwh_per_kg = 50.0, .elz_ramp_per_min = INFINITY,
                           .tank_capacity_kg = 100.0};
    double start_s = 1767225600.0 /* unix */, dt_s = 3600.0, load_kwh = 0.0, gen_kwh = 100.0;
    double site_net_kwh = 60.0 - 100.0;  /* the heat pump's 60 kWh in, less the PV */
    guint level = 0;
    double elec_max_kw = 1000.0, cap_kwh = 10.0, store_max_kw = 0.0 /* the tank holds still */, loss_per_h = 0.0,
           e0_kwh = 0.0;
    double heat_kwh = 60.0, waste_kwh = 0.0, demand_kwh = 60.0, elec_per_heat = 1.0;
    fs_dispatch_lp_heat ht = {.n_levels = 1, .n_elec = 1, .n_stores = 1, .elec_level = &level, .store_level = &level,
                              .elec_max_kw = &elec_max_kw, .store_capacity_kwh = &cap_kwh,
                              .store_max_kw = &store_max_kw, .store_loss_per_h = &loss_per_h, .store_e0_kwh = &e0_kwh,
                              .heat_kwh = &heat_kwh, .waste_kwh = &waste_kwh, .demand_kwh = &demand_kwh,
                              .elec_per_heat = &elec_per_heat,
                              .constant_flows = TRUE};
    for (int with_site_net = 0; with_site_net < 2; with_site_net++) {
        double elz_kwh = NAN, fc_kwh = NAN, imp_kwh = NAN;
        fs_dispatch_lp_input in = {.tariff = &t, .n = 1, .unix_s = &start_s, .dt_s = &dt_s, .load_kwh = &load_kwh,
                                   .gen_kwh = &gen_kwh, .window_s = 900.0, .plan = TRUE, .import_kwh = &imp_kwh,
                                   .hydrogen = &hy, .h2_value_per_kg = 10.0,  /* 0.2 per kWh in, above 0.1 */
                                   .h2_as_applied = TRUE, .elz_kwh = &elz_kwh, .fc_kwh = &fc_kwh, .heat = &ht,
                                   .h2_net_kwh = with_site_net ? &site_net_kwh : NULL};
        fs_dispatch_lp_result r;
        if (!fs_dispatch_lp_solve(&in, &r, &e))
            fail_msg("%s", e->message);
        /* without the site's net: all the PV to hydrogen, the heat pump's 60 kWh imported */
        assert_rel(elz_kwh, with_site_net ? 40.0 : 100.0);
        assert_rel(imp_kwh + 1.0, with_site_net ? 1.0 : 61.0);
        assert_rel(r.total_cost, with_site_net ? -0.8 * 10.0 : 0.1 * 60.0 - 2.0 * 10.0);
    }
    fs_tariff_clear(&t);
}

/* The bound's electrolyser runs on the surplus only, as the site's does
 * (dispatch_lp.h): two hours, 0.1 then 1.0 a kWh, 100 kWh of load in the
 * second; an electrolyser of 250 kW at 50 kWh/kg and a fuel cell of 100 kW
 * at 20 kWh/kg. Without on-site generation it cannot run: the second
 * hour's 100 kWh are bought at 1.0. Grid power into it would make 5 kg
 * for 25 and cover that hour (the bound before 2026-12-03). With 250 kWh
 * of PV in the first hour it makes the 5 kg from them: the bill is 0. */
static void test_bound_electrolyser_takes_the_surplus_only(void **state)
{
    (void)state;
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(
        "[tariff]\nperiods = cheap:0.1, dear:1.0\nweekday = 0-1 cheap, 1-24 dear\nweekend = 0-1 cheap, 1-24 dear\n",
        "t.ini", ".", &e);
    fs_tariff t;
    memset(&t, 0, sizeof t);
    if (!sc || !fs_tariff_parse(sc, &t, &e))
        fail_msg("%s", e->message);
    fs_hydrogen_spec hy = {.elz_power_kw = 250.0, .elz_kwh_per_kg = 50.0, .elz_ramp_per_min = INFINITY,
                           .tank_capacity_kg = 100.0, .has_fuel_cell = TRUE, .fc_power_kw = 100.0,
                           .fc_kwh_per_kg = 20.0};
    double start_s = 1772380800.0 /* 2026-03-02 00:00 +08:00 */, dt_s[2] = {3600.0, 3600.0};
    double load_kwh[2] = {0.0, 100.0};
    for (int pv = 0; pv < 2; pv++) {
        double u[2] = {start_s, start_s + 3600.0}, gen_kwh[2] = {pv ? 250.0 : 0.0, 0.0};
        double elz_kwh[2] = {NAN, NAN}, fc_kwh[2] = {NAN, NAN};
        fs_dispatch_lp_input in = {.tariff = &t, .n = 2, .unix_s = u, .dt_s = dt_s, .load_kwh = load_kwh,
                                   .gen_kwh = gen_kwh, .utc_offset_s = 8 * 3600.0, .window_s = 900.0,
                                   .hydrogen = &hy, .elz_kwh = elz_kwh, .fc_kwh = fc_kwh};
        fs_dispatch_lp_result r;
        if (!fs_dispatch_lp_solve(&in, &r, &e))
            fail_msg("%s", e->message);
        assert_rel(elz_kwh[0] + 1.0, pv ? 251.0 : 1.0);
        assert_rel(fc_kwh[1] + 1.0, pv ? 101.0 : 1.0);
        assert_rel(r.total_cost + 1.0, pv ? 1.0 : 101.0);
    }
    fs_tariff_clear(&t);
}

static void test_bad_input(void **state)
{
    (void)state;
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[fuel_cell]\npower_kw = 10\n",
                       "[fuel_cell] without [electrolyser]");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[electrolyser]\npower_kw = 10\n",
                       "[electrolyser] without [hydrogen_tank]");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[electrolyser]\npower_kw = 10\nkwh_per_kg = 30\n"
                       "[hydrogen_tank]\ncapacity_kg = 1\n", "kwh_per_kg");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[electrolyser]\npower_kw = 10\n"
                       "[hydrogen_tank]\ncapacity_kg = 1\ninitial_kg = 2\n", "more than capacity_kg");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[electrolyser]\npower_kw = 10\n"
                       "[hydrogen_tank]\ncapacity_kg = 1\n[fuel_cell]\npower_kw = 5\nkwh_per_kg = 40\n",
                       "kwh_per_kg");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[electrolyser]\npower_kw = 10\n"
                       "[hydrogen_tank]\ncapacity_kg = 0\n", "capacity_kg");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[tariff]\nperiods = flat:0.1\nweekday = 0-24 flat\n"
                       "[battery]\ncapacity_kwh = 10\ndp_bound = true\n[electrolyser]\npower_kw = 10\n"
                       "[hydrogen_tank]\ncapacity_kg = 1\n", "energy-only cross-check");
}

/* Twenty days of clear-sky PV on a flat load with a ramping electrolyser:
 * late in a run the ramp's last gap was a rounding error whose wait could
 * not advance the clock, and the run stepped in place forever (found by
 * zero-carbon-park-hydrogen.ini). It must end, with the books closed. */
static void test_ramp_late_in_a_run(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 20d\nreplications = 1\nstart = 2026-06-01T00:00:00+08:00\n"
                       "[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\n"
                       "[load base]\npower_kw = 300\n[pv roof]\nkwp = 1500\n"
                       "[electrolyser]\npower_kw = 700\nramp_per_min = 0.1\n[hydrogen_tank]\ncapacity_kg = 5000\n"
                       "loss_per_day = 0.001\n[fuel_cell]\npower_kw = 200\n";
    fs_plant_spec *p = plant_from(text, "late.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_true(plant_kpi(p, &r, "hydrogen_made_kg") > 0.0);
    assert_true(plant_kpi(p, &r, "fuel_cell_kwh") > 0.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_day_cycle_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ramp_by_hand, setup, teardown),
        cmocka_unit_test(test_tank_by_hand),
        cmocka_unit_test_setup_teardown(test_optimal_bound_with_hydrogen, setup, teardown),
        cmocka_unit_test(test_ramp_late_in_a_run),
        cmocka_unit_test_setup_teardown(test_rolling_plan_with_hydrogen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auto_limit_with_hydrogen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finance_with_hydrogen, setup, teardown),
        cmocka_unit_test(test_plan_surplus_counts_heat_electricity),
        cmocka_unit_test(test_bound_electrolyser_takes_the_surplus_only),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
