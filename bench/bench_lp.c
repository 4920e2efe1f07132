/* bench_lp.c: the optimal dispatch's linear program (dispatch_lp.h) over
 * a metered site at 15-minute intervals on the Guangdong tariff (TOU
 * energy and a 32 CNY/kW monthly demand charge), 1 MWh / 500 kW battery,
 * solved by COIN-OR Clp. Prints the problem size and the solve time.
 *
 *   bench_lp [DAYS]   (default 365)
 *
 * The load is synthetic: 450 kW weekday production 6-22 h over a 150 kW
 * base, and a midday PV shape peaking at 400 kW. Issue 17's target is a
 * year under 2 s.
 *
 * Then dispatch = optimal on a like site run through the scenario path
 * (the same tariff and battery, the loads as hourly profiles, PV from the
 * Hefei weather): a plan every hour over 48 h (6 h at 15 min, then hourly
 * blocks: 66 intervals), perfect forecast (the run ahead included). Issue 17's target: a year under 20 s.
 *
 * Then size --optimise's program (study/sizing.h) on that site at hourly
 * and 15-minute intervals: PV, battery kWh and kW as variables. Issue 17's
 * target: a metered year under 30 s. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "models/site/dispatch_lp.h"
#include "study/plant.h"
#include "study/sizing.h"
#include "sim/build_info.h"
#include "sim/local_time.h"

static void run_optimal(int days)
{
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %dd\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n"
        "include = tariffs/china-guangdong-2021.ini\n"
        "[site]\nweather = weather/CHN_AH_Hefei.583210_TMYx.epw\nbilling_interval = 15min\n"
        "[load base]\npower_kw = 150\n[load production]\npower_kw = 450\n"
        "profile_hour = 0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0\nprofile_weekday = 1,1,1,1,1,0,0\n"
        "[pv roof]\nkwp = 500\ntilt_deg = 25\n"
        "[battery]\ncapacity_kwh = 1000\ncharge_kw = 500\nsoc_min = 0.1\ndispatch = optimal\n", days);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "bench_lp", fs_build_scenario_dir(), &e);
    g_autoptr(fs_plant_spec) p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p) {
        fprintf(stderr, "%s\n", e->message);
        exit(1);
    }
    fs_run_result r;
    fs_run_result_init(&r, p->schema);
    double t0 = bench_now_s();
    if (!fs_plant_run(p, 0, 0, 1, &r, &e)) {
        fprintf(stderr, "%s\n", e->message);
        exit(1);
    }
    double t1 = bench_now_s();
    int k = fs_result_schema_kpi_index(p->schema, "total_cost");
    double cost = k >= 0 ? r.kpi[k] : NAN;
    printf("bench_lp: dispatch = optimal, %d days: %d plans of 66 intervals (6 h at 15 min, then hourly blocks to 48 h: "
           "about 350 variables each); "
           "run in %.2f s (one core); bill %.0f CNY\n", days, days * 24, t1 - t0, cost);
    fs_run_result_clear(&r);
}

static void run_sizing(int days, const char *interval)
{
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %dd\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n"
        "include = tariffs/china-guangdong-2021.ini\n"
        "[site]\nweather = weather/CHN_AH_Hefei.583210_TMYx.epw\nbilling_interval = %s\n"
        "[load base]\npower_kw = 150\n[load production]\npower_kw = 450\n"
        "profile_hour = 0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0\nprofile_weekday = 1,1,1,1,1,0,0\n"
        "[pv roof]\nkwp = 100\ntilt_deg = 25\n[battery]\ncapacity_kwh = 0\nsoc_min = 0.1\n"
        "[finance]\ncapex_per_kwp = 3500\ncapex_per_kwh = 1200\ncapex_per_kw = 400\n", days, interval);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "bench_lp", fs_build_scenario_dir(), &e);
    g_autoptr(fs_plant_spec) p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    fs_sizing_bounds b = {.pv_kwp_max = 2000, .battery_kwh_max = 4000, .battery_kw_max = 2000, .budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    fs_sizing_result r;
    double t0 = bench_now_s();
    if (!p || !fs_sizing_optimise(sc, p, &b, &r, &e)) {
        fprintf(stderr, "%s\n", e->message);
        exit(1);
    }
    double t1 = bench_now_s();
    printf("bench_lp: size --optimise, %d days at %s (%u intervals): %u variables, %u rows; %.2f s in all "
           "(the program twice: with nothing built, then sized); PV %.0f kWp, battery %.0f kWh / %.0f kW, NPV %.0f CNY\n",
           days, interval, r.n_intervals, r.n_vars, r.n_rows, t1 - t0, r.pv_kwp, r.battery_kwh, r.battery_kw, r.npv);
}

int main(int argc, char **argv)
{
    int days = argc > 1 ? atoi(argv[1]) : 365;
    guint n = (guint)days * 96;
    g_autofree char *path = g_build_filename(fs_build_scenario_dir(), "tariffs", "china-guangdong-2021.ini", NULL);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
    fs_tariff t;
    if (!sc || !fs_tariff_parse(sc, &t, &e)) {
        fprintf(stderr, "%s\n", e->message);
        return 1;
    }
    fs_battery_spec b = {.capacity_kwh = 1000, .charge_kw = 500, .discharge_kw = 500, .charge_eff_frac = 0.95,
                         .discharge_eff_frac = 0.95, .soc_min_frac = 0.1, .soc_max_frac = 0.95,
                         .self_discharge_per_month_frac = 0.02, .soh_initial_frac = 1.0};
    double *u = g_new(double, n), *dt = g_new(double, n), *load = g_new(double, n), *gen = g_new(double, n);
    double start = (double)fs_days_from_civil(2026, 1, 1) * 86400.0 - 8 * 3600.0;
    for (guint i = 0; i < n; i++) {
        double hour = fmod(i / 4.0, 24.0);
        int weekday = (int)((i / 96 + 3) % 7);  /* 2026-01-01 is a Thursday */
        u[i] = start + i * 900.0;
        dt[i] = 900.0;
        load[i] = 0.25 * (150.0 + (weekday < 5 && hour >= 6 && hour < 22 ? 450.0 : 0.0));
        gen[i] = 0.25 * fmax(0.0, 400.0 * sin(M_PI * (hour - 6.0) / 12.0));
    }
    fs_dispatch_lp_input in = {.tariff = &t, .battery = &b, .capacity_kwh = 1000.0, .soc0_kwh = 500.0,
                               .utc_offset_s = 8 * 3600.0, .window_s = 900.0, .n = n, .unix_s = u, .dt_s = dt,
                               .load_kwh = load, .gen_kwh = gen};
    double t0 = bench_now_s();
    fs_dispatch_lp_result r;
    if (!fs_dispatch_lp_solve(&in, &r, &e)) {
        fprintf(stderr, "%s\n", e->message);
        return 1;
    }
    double t1 = bench_now_s();
    printf("bench_lp: %d days at 15 min (%u intervals): %u variables, %u rows; solved in %.2f s "
           "(Clp, one core); optimal bill %.0f CNY\n", days, n, r.n_vars, r.n_rows, t1 - t0, r.total_cost);
    fs_tariff_clear(&t);
    g_free(u);
    g_free(dt);
    g_free(load);
    g_free(gen);
    run_optimal(days);
    run_sizing(days, "1h");
    run_sizing(days, "15min");
    return 0;
}
