/* test_heat.c: heat demands and suppliers (models/site/heat.h) by hand:
 * a heat pump's COP at a rating point, a day of a site with a heat pump,
 * an electric boiler, a CHP and a gas boiler, space heating with a setback
 * and the machines' gains with recovered waste heat, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "models/site/heat.h"
#include "study/study.h"
#include "tests/plant_helpers.h"

#define REL 1e-12

static void assert_rel(double got, double want)
{
    if (!(fabs(got - want) <= REL * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* EN 14511's rating point A7/W35 (air 7 degC, water 35 degC): with half
 * the Carnot COP, 0.5 x 308.15 / 28 = 5.5027; capped by cop_max; a source
 * as warm as the sink gives cop_max, not infinity. */
static void test_heat_pump_cop(void **state)
{
    (void)state;
    fs_heat_supply hp = {.kind = FS_HEAT_PUMP, .carnot_fraction = 0.5, .cop_max = 8.0};
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 7.0), 0.5 * 308.15 / 28.0);
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 7.0), 5.50267857142857);
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 30.0), 8.0);  /* 0.5 x 308.15 / 5 = 30.8, capped */
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 40.0), 8.0);
    assert_rel(fs_heat_pump_cop(&hp, 60.0, -10.0), 0.5 * 333.15 / 70.0);
}

static const char site_day[] =
    "[simulation]\nhorizon = 1d\nreplications = 1\n"
    "[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\nair_temperature_degc = 0\n"
    "[heat_demand process]\nlevel_degc = 90\npower_kw = 100\n"
    "[heat_demand hall]\nlevel_degc = 45\nua_kw_per_k = 10\nsetpoint_degc = 20\n"
    "[heat_supply hp]\nkind = heat_pump\nlevel_degc = 45\ncapacity_kw = 150\ncarnot_fraction = 0.5\n"
    "[heat_supply eboiler]\nkind = electric_boiler\nlevel_degc = 45\ncapacity_kw = 30\n"
    "[heat_supply chp]\nkind = chp\nlevel_degc = 90\ncapacity_kw = 60\nelectric_efficiency = 0.35\n"
    "heat_efficiency = 0.45\nfuel_kg_co2_per_kwh = 0.2\n"
    "[heat_supply gas]\nkind = boiler\nlevel_degc = 90\ncapacity_kw = 100\nfuel_kg_co2_per_kwh = 0.2\n"
    "fuel_price_per_kwh = 0.05\n";

/* A day at 0 degC outdoors. The hall loses 10 kW/K x 20 K = 200 kW: the
 * heat pump (COP 0.5 x 318.15 / 45 = 3.535) gives its 150, the electric
 * boiler (0.99) its 30, and 20 kW are unmet. The process's 100 kW at
 * 90 degC: the CHP its 60 (fuel 60 / 0.45, electricity x 0.35), the gas
 * boiler (0.9) the other 40. The CHP's electricity is used on site, so
 * the grid brings the rest of the heat's electricity. */
static void test_heat_site_day_by_hand(void **state)
{
    (void)state;
    fs_plant_spec *p = plant_from(site_day, "heat.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    double cop = 0.5 * 318.15 / 45.0, elec = (150.0 / cop + 30.0 / 0.99) * 24.0;
    double fuel = (60.0 / 0.45 + 40.0 / 0.9) * 24.0, chp = 60.0 / 0.45 * 0.35 * 24.0;
    assert_rel(plant_kpi(p, &r, "heat_demand_kwh"), 300.0 * 24.0);
    assert_rel(plant_kpi(p, &r, "heat_delivered_kwh"), 280.0 * 24.0);
    assert_rel(plant_kpi(p, &r, "heat_unmet_kwh"), 20.0 * 24.0);
    assert_rel(plant_kpi(p, &r, "heat_electricity_kwh"), elec);
    assert_rel(plant_kpi(p, &r, "load_kwh"), elec);
    assert_rel(plant_kpi(p, &r, "chp_electricity_kwh"), chp);
    assert_rel(plant_kpi(p, &r, "grid_import_kwh"), elec - chp);
    assert_rel(plant_kpi(p, &r, "pv_kwh"), 0.0);  /* CHP is on-site generation, not PV */
    assert_rel(plant_kpi(p, &r, "heat_fuel_kwh"), fuel);
    assert_rel(plant_kpi(p, &r, "heat_fuel_co2_kg"), fuel * 0.2);
    assert_rel(plant_kpi(p, &r, "co2_scope1_kg"), fuel * 0.2);
    assert_rel(plant_kpi(p, &r, "heat_fuel_cost"), 40.0 / 0.9 * 24.0 * 0.05);
    assert_rel(plant_kpi(p, &r, "heat_pump_spf"), cop);
    assert_true(isnan(plant_kpi(p, &r, "co2_per_unit_kg")));  /* no floor */
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* Space heating over two days at 0 degC, set point 20 degC from 08:00 to
 * 18:00 and 10 degC otherwise, UA 10 kW/K; one idle machine of 20 kW,
 * half of which warms the hall and half of which is recovered as waste
 * heat for the same water: 10 h x (200 - 10) + 14 h x (100 - 10) = 3,160
 * kWh a day, 240 of it recovered, the rest from an electric boiler at 0.95. */
static void test_heat_space_setback_gains_and_waste(void **state)
{
    (void)state;
    const char *text =
        "[simulation]\nhorizon = 2d\nreplications = 1\n"
        "[source a]\ninterarrival = 1e9\nto = m\n[station m]\nservice = 1\npower_idle_kw = 20\npower_busy_kw = 20\n"
        "[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\nair_temperature_degc = 0\n"
        "[heat_demand hall]\nlevel_degc = 45\nua_kw_per_k = 10\nsetpoint_degc = 20\nsetback_degc = 10\n"
        "occupied_hour = 0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0\ngain_share = 0.5\n"
        "[heat_supply recovered]\nkind = waste_heat\nlevel_degc = 45\ncapacity_kw = 100\nshare = 0.5\n"
        "[heat_supply eb]\nkind = electric_boiler\nlevel_degc = 45\ncapacity_kw = 1000\nefficiency = 0.95\n";
    fs_plant_spec *p = plant_from(text, "hall.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    double demand = 2.0 * (10.0 * 190.0 + 14.0 * 90.0), waste = 2.0 * 24.0 * 10.0;
    assert_rel(plant_kpi(p, &r, "energy_kwh"), 2.0 * 24.0 * 20.0);
    assert_rel(plant_kpi(p, &r, "heat_demand_kwh"), demand);
    assert_rel(plant_kpi(p, &r, "waste_heat_used_kwh"), waste);
    assert_rel(plant_kpi(p, &r, "waste_heat_rejected_kwh"), 0.0);
    assert_rel(plant_kpi(p, &r, "heat_unmet_kwh"), 0.0);
    assert_rel(plant_kpi(p, &r, "heat_electricity_kwh"), (demand - waste) / 0.95);
    assert_rel(plant_kpi(p, &r, "load_kwh"), 2.0 * 24.0 * 20.0 + (demand - waste) / 0.95);
    assert_true(isnan(plant_kpi(p, &r, "heat_pump_spf")));
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* A dryer draws heat at 120 degC as well as electricity: 20 kW of heat
 * idle and 50 busy against 2 and 5 kW electric, so its heat is exactly
 * ten times its electricity, state by state, whatever the schedule; a gas
 * boiler at 0.9 makes the steam. */
static void test_heat_machines_draw_heat(void **state)
{
    (void)state;
    const char *text =
        "[simulation]\nhorizon = 1d\nreplications = 1\n"
        "[source a]\ninterarrival = exponential(mean=100)\nto = dryer\n"
        "[station dryer]\nservice = exponential(mean=60)\npower_idle_kw = 2\npower_busy_kw = 5\n"
        "heat_level_degc = 120\nheat_idle_kw = 20\nheat_busy_kw = 50\n"
        "[site]\n[heat_supply steam]\nkind = boiler\nlevel_degc = 120\ncapacity_kw = 100\nefficiency = 0.9\n"
        "fuel_kg_co2_per_kwh = 0.2\n";
    fs_plant_spec *p = plant_from(text, "dryer.ini", ".");
    fs_run_result r;
    run_plant(p, 7, &r);
    double electric = plant_kpi(p, &r, "energy_kwh"), heat = plant_kpi(p, &r, "heat_machines_kwh");
    assert_true(electric > 50.0);
    assert_true(fabs(heat - 10.0 * electric) <= 1e-9 * heat);
    assert_true(fabs(plant_kpi(p, &r, "heat_demand_kwh") - heat) <= 1e-12 * heat);
    assert_true(fabs(plant_kpi(p, &r, "heat_fuel_kwh") - heat / 0.9) <= 1e-9 * heat);
    assert_rel(plant_kpi(p, &r, "heat_unmet_kwh"), 0.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* A 600 kWh tank (1 %/h of its heat lost) charged from an electric
 * boiler's spare capacity (150 kW) from 00:00 to 06:00 and drawn by a
 * process of 100 kW from 08:00 to 18:00. By hand: it fills at t1 =
 * ln(15000 / 14400) / 0.01 = 4.082 h (E = 15000 (1 - e^(-0.01 t))), is held
 * full at 6 kW to 06:00, decays to 600 e^(-0.02) by 08:00, and empties at
 * t2 = ln((10000 + E8) / 10000) / 0.01 after 08:00; the boiler does the
 * rest. Charged, discharged, lost and the boiler's electricity to 1e-12. */
static void test_heat_store_by_hand(void **state)
{
    (void)state;
    const char *text =
        "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\n"
        "[heat_demand process]\nlevel_degc = 60\npower_kw = 100\n"
        "profile_hour = 0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0\n"
        "[heat_supply eb]\nkind = electric_boiler\nlevel_degc = 60\ncapacity_kw = 150\nefficiency = 1\n"
        "[heat_store tank]\nlevel_degc = 60\ncapacity_kwh = 600\nmax_kw = 200\nloss_per_h = 0.01\n"
        "charge_from = eb\ncharge_hour = 1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n";
    fs_plant_spec *p = plant_from(text, "tank.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    double k = 0.01, t1 = log(15000.0 / 14400.0) / k, charged = 150.0 * t1 + 6.0 * (6.0 - t1);
    double e8 = 600.0 * exp(-2.0 * k), t2 = log((10000.0 + e8) / 10000.0) / k, discharged = 100.0 * t2;
    double tol = 1e-12;
    assert_true(fabs(plant_kpi(p, &r, "heat_store_charged_kwh") - charged) <= tol * charged);
    assert_true(fabs(plant_kpi(p, &r, "heat_store_discharged_kwh") - discharged) <= tol * charged);
    assert_true(fabs(plant_kpi(p, &r, "heat_store_loss_kwh") - (charged - discharged)) <= tol * charged);
    assert_true(fabs(plant_kpi(p, &r, "heat_electricity_kwh") - (charged + 100.0 * (10.0 - t2))) <= tol * charged);
    assert_rel(plant_kpi(p, &r, "heat_demand_kwh"), 1000.0);
    assert_rel(plant_kpi(p, &r, "heat_unmet_kwh"), 0.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* A store charged from surplus on-site electricity (charge_from_surplus):
 * 100 kW generated behind the meter until noon, nothing after; 50 kW of
 * heat at 60 degC from noon, from a heat pump on a 20 degC source (COP c
 * = 0.5 x 333.15 / 40). The heat pump charges the 600 kWh tank at its
 * max_kw of 100 from the surplus: full at 06:00, 600 / c kWh of
 * electricity, all of it the site's own; from noon the tank meets the
 * demand alone and is empty at midnight. Nothing is bought; without the
 * key the heat pump buys 600 / c from the grid and the surplus is
 * exported. */
static void test_heat_store_from_surplus(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fs-heat-XXXXXX", NULL);
    g_autofree char *csv = g_build_filename(dir, "net.csv", NULL);
    GString *rows = g_string_new("time,kw\n");
    for (int h = 0; h <= 24; h++)
        g_string_append_printf(rows, "%d,%d\n", h * 3600, h < 12 ? -100 : 0);
    g_assert(g_file_set_contents(csv, rows->str, -1, NULL));
    g_string_free(rows, TRUE);
    for (int with = 1; with >= 0; with--) {
        g_autofree char *text = g_strdup_printf(
            "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nload_csv = %s\n"
            "[heat_demand process]\nlevel_degc = 60\npower_kw = 50\n"
            "profile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1\n"
            "[heat_supply hp]\nkind = heat_pump\nlevel_degc = 60\ncapacity_kw = 200\nsource_degc = 20\n"
            "carnot_fraction = 0.5\n"
            "[heat_store tank]\nlevel_degc = 60\ncapacity_kwh = 600\nmax_kw = 100\nloss_per_h = 0\n%s",
            csv, with ? "charge_from = hp\ncharge_from_surplus = true\n" : "");
        fs_plant_spec *p = plant_from(text, "surplus.ini", dir);
        fs_run_result r;
        run_plant(p, 1, &r);
        double c = 0.5 * 333.15 / 40.0;
        assert_rel(plant_kpi(p, &r, "heat_electricity_kwh"), 600.0 / c);
        assert_rel(plant_kpi(p, &r, "heat_demand_kwh"), 600.0);
        assert_rel(plant_kpi(p, &r, "heat_unmet_kwh"), 0.0);
        if (with) {
            assert_rel(plant_kpi(p, &r, "heat_store_charged_kwh"), 600.0);
            assert_rel(plant_kpi(p, &r, "heat_store_discharged_kwh"), 600.0);
            assert_rel(plant_kpi(p, &r, "heat_from_surplus_kwh"), 600.0 / c);
            assert_rel(plant_kpi(p, &r, "grid_import_kwh") + 1.0, 1.0);
            assert_rel(plant_kpi(p, &r, "grid_export_kwh"), 1200.0 - 600.0 / c);
            assert_rel(plant_kpi(p, &r, "pv_self_consumed_kwh"), 600.0 / c);
        } else {
            assert_rel(plant_kpi(p, &r, "heat_from_surplus_kwh") + 1.0, 1.0);
            assert_rel(plant_kpi(p, &r, "grid_import_kwh"), 600.0 / c);
            assert_rel(plant_kpi(p, &r, "grid_export_kwh"), 1200.0);
        }
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
    g_unlink(csv);
    g_rmdir(dir);
}

/* The optimal bound dispatches the heat store (dispatch_lp.h,
 * fs_dispatch_lp_heat). 100 kW of heat at 60 degC from 08:00 to 18:00,
 * from a heat pump of 100 kW (COP c = 0.5 x 333.15 / 40) and then an
 * electric boiler (efficiency 1); electricity at 0.1 before 08:00 and 1.0
 * after, billed by the hour. The 600 kWh tank starts half full; the rule
 * never charges it (it has no charge hours), so it carries the first 3 h
 * of the first day and the pump does the rest.
 * - One day: the rule buys 700 / c kWh by day. The bound refills the tank
 *   with the pump at night (300 / c at 0.1) and buys 400 / c by day.
 * - Two days, the first a warm-up: the tank is empty where the bound's
 *   intervals start; the rule buys 1,000 / c by day, the bound 600 / c at
 *   night and 400 / c by day (the boiler never: the pump is cheaper).
 * - The same with the tank losing 1 %/h (a = e^-0.01 an hour): the bound
 *   charges as late as it can (100 kW to 08:00, E_prev = (E - 100) / a back
 *   from 600, the first hour partial) and discharges at once, 100 kW an hour
 *   with the loss at its floor (1 - a) E_prev - 0.01 x 100, the last hour
 *   all that is left with no loss (the floor is below 0 there); the pump
 *   makes the rest by day.
 * The bound is asked at the site ([site] optimal_bound) without a battery,
 * and in the second case at a battery that can neither charge nor
 * discharge: the whole gap is the store's; a bound that left it out would
 * equal the rule's bill. */
static const char store_bound_site[] =
    "[simulation]\nhorizon = %s\nwarmup = %s\nreplications = 1\n[site]\nbilling_interval = 1h\n%s"
    "[tariff]\nperiods = night:0.1, day:1.0\nweekday = 0-8 night, 8-24 day\nweekend = 0-8 night, 8-24 day\n"
    "export_rate = 0\n"
    "[heat_demand process]\nlevel_degc = 60\npower_kw = 100\n"
    "profile_hour = 0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0\n"
    "[heat_supply hp]\nkind = heat_pump\nlevel_degc = 60\ncapacity_kw = 100\nsource_degc = 20\n"
    "carnot_fraction = 0.5\n"
    "[heat_supply eb]\nkind = electric_boiler\nlevel_degc = 60\ncapacity_kw = 150\nefficiency = 1\n"
    "[heat_store tank]\nlevel_degc = 60\ncapacity_kwh = 600\nmax_kw = 200\ninitial_soc = 0.5\nloss_per_h = %g\n%s";

static void run_store_bound(const char *horizon, const char *warmup, double loss_per_h, gboolean with_battery,
                            double *rule, double *bound)
{
    /* the bound asked at the site without a battery, or at a battery that cannot move */
    const char *site_key = with_battery ? "" : "optimal_bound = true\n";
    const char *battery = "[battery]\ncapacity_kwh = 10\ncharge_kw = 0\ndischarge_kw = 0\noptimal_bound = true\n";
    g_autofree char *text = g_strdup_printf(store_bound_site, horizon, warmup, site_key, loss_per_h,
                                            with_battery ? battery : "");
    fs_plant_spec *p = plant_from(text, "store-bound.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    *rule = plant_kpi(p, &r, "total_cost");
    *bound = plant_kpi(p, &r, "optimal_total_cost");
    assert_rel(plant_kpi(p, &r, "heat_store_charged_kwh") + 1.0, 1.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

static void test_heat_store_in_optimal_bound(void **state)
{
    (void)state;
    double c = 0.5 * 333.15 / 40.0, rule, bound;
    run_store_bound("1d", "0", 0.0, FALSE, &rule, &bound);
    assert_rel(rule, 700.0 / c);
    assert_rel(bound, 300.0 * 0.1 / c + 400.0 / c);
    run_store_bound("2d", "1d", 0.0, TRUE, &rule, &bound);
    assert_rel(rule, 1000.0 / c);
    assert_rel(bound, 600.0 * 0.1 / c + 400.0 / c);
    run_store_bound("2d", "1d", 0.01, FALSE, &rule, &bound);
    assert_rel(rule, 1000.0 / c);
    double k = 0.01, a = exp(-k), charged = 0.0, e = 600.0, delivered = 0.0;
    for (int hour = 0; hour < 8 && e > 0.0; hour++) {  /* back from 08:00 */
        double prev = fmax(0.0, (e - 100.0) / a);
        charged += e - a * prev;
        e = prev;
    }
    e = 600.0;
    for (int hour = 0; hour < 10 && e > 0.0; hour++) {
        double d = e > 100.0 ? 100.0 : e, loss = e > 100.0 ? fmax(0.0, (1.0 - a) * e - k * d) : 0.0;
        delivered += d;
        e -= d + loss;
    }
    assert_rel(bound, charged * 0.1 / c + (1000.0 - delivered) / c);
}

/* The rolling plan (dispatch = optimal) dispatches the same heat store:
 * the site of test_heat_store_in_optimal_bound with a battery that cannot
 * move planning a day ahead every hour, the bound asked beside it.
 * - One day on a perfect forecast: the plan is the bound's optimum, so
 *   the run's bill is the bound, 300 x 0.1 / c + 400 / c (the rule's is
 *   700 / c).
 * - Two days, the first a warm-up, on yesterday's heat (persistence_day):
 *   on the first day the plan sees demand from 09:00 (the hour before, all
 *   day ahead) and uses the tank's 300 kWh at once (its tie-break: at one
 *   price, now rather than later), so the second starts empty; that day
 *   repeats the first, so its forecast is exact and its bill is the bound
 *   from empty, 600 x 0.1 / c + 400 / c.
 * - One day with a loss of 1 %/h: the plan's content is exact for flows
 *   held over each hour (as the site holds them), so the bill is worked
 *   out by hand below; the bound's loss row is a lower bound, so the bound
 *   is below it.
 * And a store's own rule beside the plan is refused by name. */
static void run_store_plan(const char *horizon, const char *warmup, double loss_per_h, const char *forecast,
                           double *bill, double *bound)
{
    g_autofree char *battery = g_strdup_printf(
        "[battery]\ncapacity_kwh = 10\ncharge_kw = 0\ndischarge_kw = 0\noptimal_bound = true\n"
        "dispatch = optimal\nforecast = %s\nhorizon = 24h\nreplan = 1h\n", forecast);
    g_autofree char *text = g_strdup_printf(store_bound_site, horizon, warmup, "", loss_per_h, battery);
    fs_plant_spec *p = plant_from(text, "store-plan.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    *bill = plant_kpi(p, &r, "total_cost");
    *bound = plant_kpi(p, &r, "optimal_total_cost");
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

static void test_heat_store_in_rolling_plan(void **state)
{
    (void)state;
    double c = 0.5 * 333.15 / 40.0, bill, bound;
    run_store_plan("1d", "0", 0.0, "perfect", &bill, &bound);
    assert_rel(bound, 300.0 * 0.1 / c + 400.0 / c);
    assert_true(fabs(bill - bound) <= 1e-9 * bound);
    run_store_plan("2d", "1d", 0.0, "persistence_day", &bill, &bound);
    assert_rel(bound, 600.0 * 0.1 / c + 400.0 / c);  /* the first day's plan used the tank up */
    assert_true(fabs(bill - bound) <= 1e-9 * bound);
    run_store_plan("1d", "0", 0.01, "perfect", &bill, &bound);
    /* by hand: the plan's flows are constant over each hour, so its content
     * is exact, E = a E_prev + (charge - discharge) f with f = (1 - a) / k.
     * Back from 600 at 08:00 at 100 kW until the idle tank (300 a^t at hour
     * t) needs only part of an hour; then 100 kW from 08:00 until the last,
     * partial hour empties it. */
    double k = 0.01, a = exp(-k), f = -expm1(-k) / k, need = 600.0, charged = 0.0, delivered = 0.0;
    for (int hour = 7; hour >= 0; hour--) {
        double idle = 300.0 * pow(a, hour), before = (need - 100.0 * f) / a;
        if (before <= idle) {
            charged += (need - a * idle) / f;
            break;
        }
        charged += 100.0;
        need = before;
    }
    double e = 600.0;
    for (int hour = 0; hour < 10; hour++) {
        double d = fmin(100.0, a * e / f);  /* the last hour: what empties it */
        delivered += d;
        e = a * e - d * f;
        if (d < 100.0)
            break;
    }
    assert_true(fabs(bill - (charged * 0.1 / c + (1000.0 - delivered) / c)) <= 1e-9 * bill);
    assert_true(bill > bound);  /* the bound's loss is a lower bound */

    g_autofree char *text = g_strdup_printf(
        store_bound_site, "1d", "0", "", 0.0,
        "charge_from = hp\ncharge_hour = 1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n"
        "[battery]\ncapacity_kwh = 10\ncharge_kw = 0\ndischarge_kw = 0\ndispatch = optimal\n");
    expect_plant_error(text, "[heat_store tank] charge_from = hp: is the store's rule; with [battery] dispatch = optimal");
}

/* A carbon price on Scope 1 and location-based Scope 2, and finance that
 * counts the heat's fuel and the carbon: a day of 100 kW of heat at 50 degC
 * from a gas boiler (point 0) or a heat pump from a 10 degC source
 * (point 1, COP 0.5 x 323.15 / 40), grid 0.5 kg/kWh at 0.1 a kWh, gas
 * 0.2 kg and 0.05 a kWh, 80 a tonne. The heat pump's NPV over one year at
 * no discount and no capital cost is the year's saving of bill + fuel +
 * carbon, by hand. */
static void test_heat_carbon_price_and_finance(void **state)
{
    (void)state;
    const char *text =
        "[simulation]\nhorizon = 1d\nreplications = 1\n"
        "[site]\ngrid_factor = 0.5\ncarbon_price_per_t = 80\ncarbon_price_covers = scope1_2_location\n"
        "[tariff]\nperiods = a:0.1\nweekday = 0-24 a\n"
        "[heat_demand p]\nlevel_degc = 50\npower_kw = 100\n"
        "[heat_supply hp]\nkind = heat_pump\nlevel_degc = 50\ncapacity_kw = 0\nsource_degc = 10\n"
        "carnot_fraction = 0.5\n"
        "[heat_supply gas]\nkind = boiler\nlevel_degc = 50\ncapacity_kw = 1000\nfuel_kg_co2_per_kwh = 0.2\n"
        "fuel_price_per_kwh = 0.05\n"
        "[finance]\nanalysis_years = 1\ndiscount_rate = 0\n"
        "[sweep]\nheat_supply.hp.capacity_kw = 0, 100\n";
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "carbon.ini", ".", &e);
    assert_non_null(sc);
    g_autoptr(fs_study) st = fs_study_new(sc, FALSE, FALSE, &e);
    if (!st)
        fail_msg("%s", e->message);
    double k[2][4];
    const char *const names[4] = {"carbon_cost", "carbon_priced_kg", "npv", "total_cost"};
    study_points_kpis(st, 2, names, 4, &k[0][0]);
    double gas_fuel = 2400.0 / 0.9, gas_co2 = gas_fuel * 0.2;
    double cop = 0.5 * 323.15 / 40.0, hp_kwh = 2400.0 / cop, hp_co2 = hp_kwh * 0.5;
    assert_rel(k[0][1], gas_co2);
    assert_rel(k[0][0], gas_co2 / 1000.0 * 80.0);
    assert_rel(k[1][1], hp_co2);
    assert_rel(k[1][0], hp_co2 / 1000.0 * 80.0);
    assert_rel(k[1][3], hp_kwh * 0.1);
    double cost0 = gas_fuel * 0.05 + gas_co2 * 0.08, cost1 = hp_kwh * 0.1 + hp_co2 * 0.08;
    assert_true(fabs(k[1][2] - (cost0 - cost1) * 365.0) <= 1e-9 * cost0 * 365.0);
}

/* Scope 3 from a family's data and the product carbon footprint: family A
 * (12.5 + 0.5 + 2 kg a unit) arrives every 100 s, units without a family
 * every 250 s, over 10,000 s: 99 and 39 completed (deterministic). The
 * footprint shares the site's Scope 1 and 2 over all 138 units and adds
 * the Scope 3 of A's 99 (B's 39 are counted as having no data). Without a
 * site there is no Scope 2: the footprint is NaN, Scope 3 is not. */
static void test_heat_scope3_footprint(void **state)
{
    (void)state;
    const char *floor = "[simulation]\nhorizon = 10000\nreplications = 1\n"
                        "[family A]\nroute = m\nscope3_materials_kg = 12.5\nscope3_packaging_kg = 0.5\n"
                        "scope3_transport_kg = 2\n[source a]\ninterarrival = 100\nfamily = A\n"
                        "[source b]\ninterarrival = 250\nto = m\n"
                        "[station m]\nservice = 10\npower_idle_kw = 1\npower_busy_kw = 10\n";
    for (int with_site = 0; with_site < 2; with_site++) {
        g_autofree char *text = g_strconcat(floor, with_site ? "[site]\ngrid_factor = 0.5\n" : "", NULL);
        fs_plant_spec *p = plant_from(text, "footprint.ini", ".");
        fs_run_result r;
        run_plant(p, 1, &r);
        assert_rel(plant_kpi(p, &r, "units_completed"), 138.0);
        assert_rel(plant_kpi(p, &r, "scope3_materials_kg"), 99.0 * 12.5);
        assert_rel(plant_kpi(p, &r, "scope3_packaging_kg"), 99.0 * 0.5);
        assert_rel(plant_kpi(p, &r, "scope3_transport_kg"), 99.0 * 2.0);
        assert_rel(plant_kpi(p, &r, "scope3_kg"), 99.0 * 15.0);
        assert_rel(plant_kpi(p, &r, "scope3_units_without_data"), 39.0);
        if (with_site) {
            double s12 = plant_kpi(p, &r, "co2_scope1_kg") + plant_kpi(p, &r, "co2_location_kg");
            assert_true(s12 > 0.0);
            assert_rel(plant_kpi(p, &r, "co2_location_kg"), plant_kpi(p, &r, "energy_kwh") * 0.5);
            assert_rel(plant_kpi(p, &r, "pcf_location_kg_per_unit"), (s12 + 99.0 * 15.0) / 138.0);
        } else {
            assert_true(isnan(plant_kpi(p, &r, "pcf_location_kg_per_unit")));
        }
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
}

/* Inputs the model cannot honour are refused, naming group and key. */
static void test_heat_bad_input(void **state)
{
    (void)state;
    const char *head = "[simulation]\nhorizon = 1d\n[site]\nweather = clearsky\nlatitude_deg = 31\n"
                       "longitude_deg = 117\n[heat_demand p]\nlevel_degc = 60\npower_kw = 10\n";
    static const struct {
        const char *tail, *needle;
    } cases[] = {
        {"[heat_supply hp]\nkind = heat_pump\nlevel_degc = 60\ncapacity_kw = 10\nsource_degc = 70\n",
         "[heat_supply hp] source_degc = 70: the source (70 degC) must be colder than the sink"},
        {"[heat_supply b]\nkind = boiler\nlevel_degc = 80\ncapacity_kw = 10\nfuel_kg_co2_per_kwh = 0.2\n",
         "no [heat_demand] and no machine (heat_level_degc) has level_degc = 80"},
        {"[heat_supply c]\nkind = chp\nlevel_degc = 60\ncapacity_kw = 10\nelectric_efficiency = 0.5\n"
         "heat_efficiency = 0.6\nfuel_kg_co2_per_kwh = 0.2\n",
         "electric (0.5) + heat (0.6) efficiency exceed 1"},
        {"[heat_supply x]\nkind = furnace\nlevel_degc = 60\ncapacity_kw = 10\n",
         "must be waste_heat, electric_boiler, heat_pump, boiler or chp"},
        {"[heat_supply e]\nkind = electric_boiler\nlevel_degc = 60\ncapacity_kw = 10\ncop_max = 4\n",
         "[heat_supply e] cop_max = 4: does not apply to kind = electric_boiler"},
        {"[heat_supply b]\nkind = boiler\nlevel_degc = 60\ncapacity_kw = 10\n", "fuel_kg_co2_per_kwh"},
        {"[heat_supply w]\nkind = waste_heat\nlevel_degc = 60\ncapacity_kw = 10\nshare = 1.5\n", "share"},
        {"[heat_demand s]\nlevel_degc = 40\nsetpoint_degc = 20\n", "ua_kw_per_k"},
        {"[heat_demand s]\nlevel_degc = 18\nua_kw_per_k = 5\n",
         "space heating at 18 degC cannot warm a space to its set point of 20 degC"},
        {"[heat_demand s]\nlevel_degc = 40\nua_kw_per_k = 5\noccupied_hour = 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
         "1,1,1,0.5\n", "hour 23 is 0.5"},
        {"[heat_demand t]\nlevel_degc = 2000\npower_kw = 1\n", "level_degc"},
        {"[heat_store t]\nlevel_degc = 60\ncapacity_kwh = 0\nmax_kw = 10\nloss_per_h = 0\n", "capacity_kwh"},
        {"[heat_store t]\nlevel_degc = 60\ncapacity_kwh = 10\nmax_kw = 10\n", "loss_per_h"},
        {"[heat_store t]\nlevel_degc = 70\ncapacity_kwh = 10\nmax_kw = 10\nloss_per_h = 0\n",
         "a store serves the demands of its own level"},
        {"[heat_store t]\nlevel_degc = 60\ncapacity_kwh = 10\nmax_kw = 10\nloss_per_h = 0\ncharge_from = nobody\n"
         "charge_hour = 1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n", "'nobody' is no [heat_supply]"},
        {"[heat_supply e]\nkind = electric_boiler\nlevel_degc = 60\ncapacity_kw = 10\n"
         "[heat_store t]\nlevel_degc = 60\ncapacity_kwh = 10\nmax_kw = 10\nloss_per_h = 0\ncharge_from = e\n",
         "charge_from goes with charge_hour or charge_from_surplus"},
        {"[heat_supply g]\nkind = boiler\nlevel_degc = 60\ncapacity_kw = 10\nfuel_kg_co2_per_kwh = 0.2\n"
         "[heat_store t]\nlevel_degc = 60\ncapacity_kwh = 10\nmax_kw = 10\nloss_per_h = 0\ncharge_from = g\n"
         "charge_from_surplus = true\n", "needs an electric boiler or a heat pump in charge_from"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strconcat(head, cases[i].tail, NULL);
        expect_plant_error(text, cases[i].needle);
    }
    /* machines' heat: a level without heat, heat without a level, no site */
    const char *floor = "[simulation]\nhorizon = 1d\n[source a]\ninterarrival = 10\nto = m\n[station m]\nservice = 5\n";
    g_autofree char *level_only = g_strconcat(floor, "heat_level_degc = 90\n[site]\n", NULL);
    expect_plant_error(level_only, "[station m] heat_level_degc = 90: is the temperature of the heat the machines draw");
    g_autofree char *heat_only = g_strconcat(floor, "heat_busy_kw = 9\n[site]\n", NULL);
    expect_plant_error(heat_only, "heat_level_degc");
    g_autofree char *no_site = g_strconcat(floor, "heat_busy_kw = 9\nheat_level_degc = 90\n", NULL);
    expect_plant_error(no_site, "machines draw heat at 90 degC (a station's heat_level_degc): the heat comes from a "
                                "[site]'s [heat_supply] groups");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\ncarbon_price_covers = scope1\n[load l]\npower_kw = 1\n",
                       "carbon_price_covers = scope1: goes with carbon_price_per_t");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\ncarbon_price_per_t = 80\ncarbon_price_covers = all\n"
                       "[load l]\npower_kw = 1\n", "must be scope1, scope1_2_location or scope1_2_market");
    /* space heating needs the outdoor temperature: a site without weather */
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[heat_demand s]\nlevel_degc = 40\nua_kw_per_k = 5\n",
                       "[site] weather");
}

/* A datasheet's table instead of the Carnot fraction: COP 2.7, 3.4 and 4.4
 * at -7, 2 and 7 degC of outdoor air (for its 35 degC water). At 2 degC a
 * day's 100 kW of heat takes 100 / 3.4 kW; at 4.5 degC the COP is halfway,
 * 3.9; a year colder than the table, a table out of order, or a table
 * beside a Carnot fraction is refused. */
static void test_heat_pump_datasheet_table(void **state)
{
    (void)state;
    fs_heat_supply hp = {.kind = FS_HEAT_PUMP, .n_cop = 3, .cop_source_degc = {-7, 2, 7}, .cop_at = {2.7, 3.4, 4.4}};
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 2.0), 3.4);
    assert_rel(fs_heat_pump_cop(&hp, 35.0, 4.5), 3.9);
    assert_rel(fs_heat_pump_cop(&hp, 35.0, -7.0), 2.7);
    assert_rel(fs_heat_pump_cop(&hp, 35.0, -2.5), 2.7 + 0.7 * 0.5);
    const char *fmt = "[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nweather = clearsky\nlatitude_deg = 31\n"
                      "longitude_deg = 117\nair_temperature_degc = %g\n[heat_demand p]\nlevel_degc = 35\npower_kw = 100\n"
                      "[heat_supply hp]\nkind = heat_pump\nlevel_degc = 35\ncapacity_kw = 200\ncop_table = %s\n";
    g_autofree char *text = g_strdup_printf(fmt, 2.0, "-7:2.7, 2:3.4, 7:4.4");
    fs_plant_spec *p = plant_from(text, "table.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_rel(plant_kpi(p, &r, "heat_electricity_kwh"), 2400.0 / 3.4);
    assert_rel(plant_kpi(p, &r, "heat_pump_spf"), 3.4);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    g_autofree char *cold = g_strdup_printf(fmt, -10.0, "-7:2.7, 2:3.4, 7:4.4");
    expect_plant_error(cold, "cop_table covers sources of -7 to 7 degC");
    g_autofree char *order = g_strdup_printf(fmt, 2.0, "7:4.4, 2:3.4");
    expect_plant_error(order, "point 2: give at most 16 source degC:COP pairs, sources increasing");
    g_autofree char *both = g_strdup_printf(fmt, 2.0, "-7:2.7, 7:4.4\ncarnot_fraction = 0.5");
    expect_plant_error(both, "is for a pump without cop_table");
}

/* Waste heat from named machines: half the oven's electricity is
 * recovered, none of the press's (it draws none); a 1 MW demand takes all
 * that is offered. An unknown station is refused. */
static void test_heat_waste_from_named_machines(void **state)
{
    (void)state;
    const char *floor = "[simulation]\nhorizon = 1d\nreplications = 1\n"
                        "[source a]\ninterarrival = exponential(mean=100)\nto = oven\n"
                        "[station oven]\nservice = exponential(mean=60)\npower_idle_kw = 2\npower_busy_kw = 10\nto = press\n"
                        "[station press]\nservice = exponential(mean=30)\npower_idle_kw = 0\npower_busy_kw = 0\n"
                        "[site]\n[heat_demand process]\nlevel_degc = 60\npower_kw = 1000\n";
    g_autofree char *text = g_strconcat(floor, "[heat_supply oven_heat]\nkind = waste_heat\nlevel_degc = 60\n"
                                        "capacity_kw = 1000000\nshare = 0.5\nmachines = oven\n"
                                        "[heat_supply press_heat]\nkind = waste_heat\nlevel_degc = 60\n"
                                        "capacity_kw = 1000000\nshare = 0.9\nmachines = press\n", NULL);
    fs_plant_spec *p = plant_from(text, "named.ini", ".");
    fs_run_result r;
    run_plant(p, 3, &r);
    double electric = plant_kpi(p, &r, "energy_kwh");
    assert_true(electric > 48.0);  /* at least the oven's idle day */
    assert_rel(plant_kpi(p, &r, "waste_heat_used_kwh"), 0.5 * electric);
    assert_rel(plant_kpi(p, &r, "waste_heat_rejected_kwh") + 1.0, 1.0);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    g_autofree char *bad = g_strconcat(floor, "[heat_supply w]\nkind = waste_heat\nlevel_degc = 60\ncapacity_kw = 10\n"
                                       "share = 0.5\nmachines = oven, nope\n", NULL);
    expect_plant_error(bad, "machines = oven, nope: 'nope' is not a [station] of this scenario");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[heat_demand d]\nlevel_degc = 60\npower_kw = 1\n"
                       "[heat_supply w]\nkind = boiler\nlevel_degc = 60\ncapacity_kw = 10\nfuel_kg_co2_per_kwh = 0.2\n"
                       "machines = oven\n", "does not apply to kind = boiler");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heat_pump_cop),
        cmocka_unit_test(test_heat_pump_datasheet_table),
        cmocka_unit_test(test_heat_site_day_by_hand),
        cmocka_unit_test(test_heat_space_setback_gains_and_waste),
        cmocka_unit_test(test_heat_machines_draw_heat),
        cmocka_unit_test(test_heat_waste_from_named_machines),
        cmocka_unit_test(test_heat_store_by_hand),
        cmocka_unit_test(test_heat_store_from_surplus),
        cmocka_unit_test(test_heat_store_in_optimal_bound),
        cmocka_unit_test(test_heat_store_in_rolling_plan),
        cmocka_unit_test(test_heat_carbon_price_and_finance),
        cmocka_unit_test(test_heat_scope3_footprint),
        cmocka_unit_test(test_heat_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
