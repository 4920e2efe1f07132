/* test_finance.c: finance by hand: an annuity, IRR, payback, replacements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "study/finance.h"
#include "study/sizing.h"
#include "sim/build_info.h"
#include "tests/plant_helpers.h"

static fs_finance_spec spec(void)
{
    fs_finance_spec f = {0};
    f.capex_per_kwp = 1000.0;
    f.pv_lifetime_years = 25;
    f.battery_lifetime_years = 15;
    f.battery_eol_soh = 0.7;
    f.discount_rate = 0.05;
    f.analysis_years = 10;
    return f;
}

/* 1 kWp at 1000, saving 200 a year for 10 years at 5%: NPV = -1000 + 200 x
 * (1 - 1.05^-10) / 0.05 = -1000 + 200 x 7.7217349 = 544.34699; IRR solves
 * annuity factor 5: 15.0984%; payback 5 years; annualised cost 1000 x CRF
 * = 129.50457. */
static void test_finance_annuity(void **state)
{
    (void)state;
    fs_finance_spec f = spec();
    fs_finance_inputs in = {.pv_kwp = 1.0, .savings_per_year = 200.0, .pv_kwh_per_year = 1200.0};
    fs_finance_result r = fs_finance_evaluate(&f, &in);
    printf("NPV %.6f IRR %.6f payback %.3f annualised %.5f LCOE %.6f\n", r.npv, r.irr, r.simple_payback_years,
           r.annualised_cost, r.lcoe);
    assert_true(fabs(r.npv - 544.3469865) < 1e-6);
    assert_true(fabs(r.irr - 0.1509841) < 1e-6);
    assert_true(fabs(r.simple_payback_years - 5.0) < 1e-12);
    assert_true(fabs(r.annualised_cost - 129.5045750) < 1e-6);
    /* LCOE: 1000 / (1200 x 7.7217349) */
    assert_true(fabs(r.lcoe - 1000.0 / (1200.0 * 7.7217349)) < 1e-6);
}

/* A battery fading 6% a year reaches 70% SoH in 5 years: replaced in year 5
 * of 10 (not in year 10, the last). */
static void test_finance_battery_replacement(void **state)
{
    (void)state;
    fs_finance_spec f = spec();
    f.capex_per_kwp = 0;
    f.capex_per_kwh = 100;
    f.discount_rate = 0.0;
    fs_finance_inputs in = {.battery_kwh = 10, .savings_per_year = 300.0, .soh_fade_per_year = 0.06};
    fs_finance_result r = fs_finance_evaluate(&f, &in);
    /* undiscounted: -1000 + 10 x 300 - 1000 (year 5) = 1000 */
    assert_true(fabs(r.npv - 1000.0) < 1e-9);
    in.savings_per_year = 50;  /* 500 back for 2000 spent: a negative return */
    r = fs_finance_evaluate(&f, &in);
    assert_true(fabs(r.npv - (-1500.0)) < 1e-9);
    assert_true(r.irr < 0.0);
    assert_true(isnan(r.simple_payback_years) == FALSE && r.simple_payback_years > 10);
}


/* The hydrogen chain by hand, undiscounted over 20 years: an electrolyser
 * of 1,000 kW at 500 a kW (O&M 10 a kW-year, 20 years), a 100 kg tank at
 * 1,000 a kg (30 years), a fuel cell of 500 kW at 300 a kW (O&M 5 a
 * kW-year, 10 years: replaced once, in year 10). Capex 500,000 + 100,000
 * + 150,000; O&M 12,500 a year; with 200,000 a year saved, NPV = -750,000
 * - 150,000 + 20 x (200,000 - 12,500); LCOH over 40,000 kg a year =
 * (750,000 + 150,000 + 20 x 12,500) / (20 x 40,000). Discounted at 5 %,
 * the LCOH is the discounted costs over the discounted kg. */
static void test_finance_hydrogen_by_hand(void **state)
{
    (void)state;
    fs_finance_spec f = spec();
    f.capex_per_kwp = 0;
    f.discount_rate = 0.0;
    f.analysis_years = 20;
    f.capex_per_kw_electrolyser = 500;
    f.om_per_kw_electrolyser_year = 10;
    f.electrolyser_lifetime_years = 20;
    f.capex_per_kg_hydrogen_tank = 1000;
    f.hydrogen_tank_lifetime_years = 30;
    f.capex_per_kw_fuel_cell = 300;
    f.om_per_kw_fuel_cell_year = 5;
    f.fuel_cell_lifetime_years = 10;
    fs_finance_inputs in = {.savings_per_year = 200000.0, .electrolyser_kw = 1000, .hydrogen_tank_kg = 100,
                            .fuel_cell_kw = 500, .hydrogen_kg_per_year = 40000};
    fs_finance_result r = fs_finance_evaluate(&f, &in);
    assert_true(fabs(r.capex - 750000.0) < 1e-6);
    assert_true(fabs(r.npv - (-750000.0 - 150000.0 + 20.0 * (200000.0 - 12500.0))) < 1e-6);
    assert_true(fabs(r.lcoh - (750000.0 + 150000.0 + 20.0 * 12500.0) / (20.0 * 40000.0)) < 1e-12);
    assert_true(fabs(r.simple_payback_years - 750000.0 / (200000.0 - 12500.0)) < 1e-9);
    assert_true(isnan(r.lcoe));
    f.discount_rate = 0.05;
    r = fs_finance_evaluate(&f, &in);
    double cost = 750000.0 + 150000.0 / pow(1.05, 10), kg = 0.0;
    for (int y = 1; y <= 20; y++) {
        cost += 12500.0 / pow(1.05, y);
        kg += 40000.0 / pow(1.05, y);
    }
    assert_true(fabs(r.lcoh - cost / kg) < 1e-9 * (cost / kg));
    /* no hydrogen: no LCOH, and the rest as before */
    fs_finance_inputs none = {.savings_per_year = 200000.0};
    assert_true(isnan(fs_finance_evaluate(&f, &none).lcoh));
}

static fs_sizing_result sized(const char *text, const fs_sizing_bounds *bounds)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "sizing.ini", fs_build_scenario_dir(), &e);
    assert_non_null(sc);
    fs_plant_spec *p = fs_plant_spec_from_scenario(sc, &e);
    if (!p)
        fail_msg("%s", e->message);
    fs_sizing_result r;
    if (!fs_sizing_optimise(sc, p, bounds, &r, &e))
        fail_msg("%s", e->message);
    fs_plant_spec_free(p);
    return r;
}

/* The message with which the program refuses text under bounds (fails the
 * test when it does not refuse). Caller frees. */
static char *sizing_refusal(const char *text, const fs_sizing_bounds *bounds)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "sizing.ini", fs_build_scenario_dir(), &e);
    assert_non_null(sc);
    fs_plant_spec *p = fs_plant_spec_from_scenario(sc, &e);
    assert_non_null(p);
    fs_sizing_result r;
    assert_false(fs_sizing_optimise(sc, p, bounds, &r, &e));
    fs_plant_spec_free(p);
    char *message = g_strdup(e->message);
    g_error_free(e);
    printf("%s\n", message);
    return message;
}

/* A flat 1,000 kW load under 0.1 a kWh by night (0-8 h) and 0.5 by day;
 * a battery without losses (its [battery] group's efficiency keys). */
#define NIGHT_DAY_LOAD                                                                              \
    "[load b]\npower_kw = 1000\n[tariff]\nperiods = night:0.1, day:0.5\nweekday = 0-8 night, 8-24 day\n" \
    "weekend = 0-8 night, 8-24 day\n"
#define LOSSLESS "charge_efficiency = 1\ndischarge_efficiency = 1\n"

static double pwf_bill(double r, guint n)
{
    double f = 0.0;
    for (guint y = 1; y <= n; y++)
        f += pow(1.0 + r, -(double)y);
    return f;
}

/* Sizing by linear program (sizing.h), by hand. A lossless battery under
 * 0.1 (0-8 h) and 0.5 (8-24 h) a kWh against a flat 1,000 kW load fills at
 * night and empties by day, once a day: each kWh saves 0.4 x 365 a year,
 * worth 0.4 x 365 x PWF(6 %, 20 y) = 1,674.6 against its 300; charging in
 * 8 h needs E / 8 kW at 100. So the program takes the bound, 2,000 kWh, and
 * 250 kW: NPV = 2,000 x (146 x PWF - 300) - 250 x 100. A month stands for the
 * year (its bill is scaled to one). Then PV against the same load at a flat
 * 0.5: every kWh it makes is bought less, so with 500 kWp it must save
 * exactly 0.5 x the PV energy the simulation computes for 500 kWp (pv_kwh)
 * a year, less its capital. */
static void test_sizing_by_hand(void **state)
{
    (void)state;
    static const char battery[] =
        "[simulation]\nhorizon = 30d\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n[site]\nbilling_interval = 1h\n"
        NIGHT_DAY_LOAD "[battery]\ncapacity_kwh = 0\n" LOSSLESS
        "soc_min = 0\nsoc_max = 1\ninitial_soc = 0\nself_discharge_per_month = 0\n"
        "[finance]\ncapex_per_kwh = 300\ncapex_per_kw = 100\ndiscount_rate = 0.06\nanalysis_years = 20\n"
        "battery_lifetime_years = 30\n";
    fs_sizing_bounds b = {.battery_kwh_max = 2000, .battery_kw_max = 1000, .budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    fs_sizing_result r = sized(battery, &b);
    double pwf = pwf_bill(0.06, 20), npv = 2000 * (0.4 * 365 * pwf - 300) - 250 * 100;
    printf("battery: %g kWh, %g kW, NPV %.4f (by hand %.4f)\n", r.battery_kwh, r.battery_kw, r.npv, npv);
    assert_true(fabs(r.battery_kwh - 2000) < 1e-6);
    assert_true(fabs(r.battery_kw - 250) < 1e-6);
    assert_true(r.battery_kwh_at_max && !r.battery_kw_at_max);
    assert_true(fabs(r.npv - npv) < 1e-6 * npv);
    /* within a budget of 300,000: each kWh takes 300 + 100 / 8 = 312.5 of
     * capital with its power, so 960 kWh and 120 kW */
    b.budget = 300000;
    r = sized(battery, &b);
    npv = 960 * (0.4 * 365 * pwf - 300) - 120 * 100;
    printf("budget 300000: %g kWh, %g kW, NPV %.4f (by hand %.4f)\n", r.battery_kwh, r.battery_kw, r.npv, npv);
    assert_true(fabs(r.battery_kwh - 960) < 1e-6 && fabs(r.battery_kw - 120) < 1e-6);
    assert_true(fabs(r.npv - npv) < 1e-6 * npv);
    /* the SoC window 0.2-0.9 starting at 0.5: each kWh bought is 0.7 kWh
     * cycled a day, charged in 8 h (P = 0.7 E / 8), and the first day's
     * 0.3 kWh above the floor is not bought at night (0.1 x 0.3 once in
     * the month, a year being 365 / 30 months) */
    static const char window[] =
        "[simulation]\nhorizon = 30d\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n[site]\nbilling_interval = 1h\n"
        NIGHT_DAY_LOAD "[battery]\ncapacity_kwh = 0\n" LOSSLESS
        "soc_min = 0.2\nsoc_max = 0.9\ninitial_soc = 0.5\nself_discharge_per_month = 0\n"
        "[finance]\ncapex_per_kwh = 300\ncapex_per_kw = 100\ndiscount_rate = 0.06\nanalysis_years = 20\n"
        "battery_lifetime_years = 30\n";
    b.budget = INFINITY;
    r = sized(window, &b);
    npv = 2000 * (0.7 * 0.4 * 365 * pwf + 0.3 * 0.1 * 365.0 / 30.0 * pwf - 300) - 175 * 100;
    printf("window: %g kWh, %g kW, NPV %.4f (by hand %.4f)\n", r.battery_kwh, r.battery_kw, r.npv, npv);
    assert_true(fabs(r.battery_kwh - 2000) < 1e-6 && fabs(r.battery_kw - 175) < 1e-6);
    assert_true(fabs(r.npv - npv) < 1e-6 * npv);
    /* a Scope 2 cap no battery can meet (a battery only moves the imports): refused by name */
    b.budget = INFINITY;
    b.scope2_max_kg_per_year = 1.0;
    {
        g_autofree char *message = sizing_refusal(battery, &b);
        assert_non_null(strstr(message, "sizing.ini: no PV and battery within the bounds (PV 0 kWp, battery 2000 kWh, "
                                        "1000 kW) meet Scope 2 at most 1 kg a year (the program is infeasible)"));
    }

    static const char pv[] =
        "[simulation]\nhorizon = 30d\nreplications = 1\nstart = 2026-06-01T00:00:00+08:00\n[site]\nbilling_interval = 1h\n"
        "weather = weather/CHN_AH_Hefei.583210_TMYx.epw\n[load b]\npower_kw = 1000\n[tariff]\nperiods = all:0.5\n"
        "weekday = 0-24 all\n[pv roof]\nkwp = 500\ntilt_deg = 25\n"
        "[finance]\ncapex_per_kwp = 900\ndiscount_rate = 0.06\nanalysis_years = 20\npv_lifetime_years = 25\n";
    fs_sizing_bounds bp = {.pv_kwp_max = 500, .budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    r = sized(pv, &bp);
    fs_plant_spec *p = plant_from(pv, "pv.ini", fs_build_scenario_dir());
    fs_run_result run;
    run_plant(p, 1, &run);
    double pv_kwh_year = plant_kpi(p, &run, "pv_kwh") * 365.0 / 30.0;
    double npv_pv = 0.5 * pv_kwh_year * pwf - 900 * 500;
    printf("PV: %g kWp, NPV %.4f (simulated PV %.1f kWh a year: %.4f)\n", r.pv_kwp, r.npv, pv_kwh_year, npv_pv);
    assert_true(npv_pv > 0);
    assert_true(fabs(r.pv_kwp - 500) < 1e-6 && r.pv_at_max);
    assert_true(fabs(r.npv - npv_pv) < 1e-6 * npv_pv);
    fs_run_result_clear(&run);
    fs_plant_spec_free(p);
}

/* A battery that is not sized stays as the scenario has it, in the
 * program and in the reference. 1,000 kWh charged at 125 kW in the 8 night
 * hours (0.1) and spent by day (0.5) against a flat 1,000 kW saves 1,000 x
 * 0.4 a day: the reference's LCC is that much x 365 x PWF below the same
 * site's without it. PV (500 kWp, always below the load) is worth the same
 * with or without the battery: the NPV is the same. */
static void test_sizing_keeps_an_unsized_battery(void **state)
{
    (void)state;
    static const char site[] =
        "[simulation]\nhorizon = 30d\nreplications = 1\nstart = 2026-06-01T00:00:00+08:00\n[site]\nbilling_interval = 1h\n"
        "weather = weather/CHN_AH_Hefei.583210_TMYx.epw\n" NIGHT_DAY_LOAD "[pv roof]\nkwp = 500\ntilt_deg = 25\n"
        "[battery]\ncapacity_kwh = %g\ncharge_kw = 125\n" LOSSLESS
        "soc_min = 0\nsoc_max = 1\ninitial_soc = 0\nself_discharge_per_month = 0\n"
        "[finance]\ncapex_per_kwp = 900\ndiscount_rate = 0.06\nanalysis_years = 20\npv_lifetime_years = 25\n";
    fs_sizing_bounds b = {.pv_kwp_max = 500, .budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    g_autofree char *kept_text = g_strdup_printf(site, 1000.0), *none_text = g_strdup_printf(site, 0.0);
    fs_sizing_result kept = sized(kept_text, &b), none = sized(none_text, &b);
    double saving = 1000 * 0.4 * 365 * pwf_bill(0.06, 20);
    printf("kept: battery %g kWh given, LCC reference %.4f against %.4f without (by hand %.4f less); NPV %.4f, %.4f\n",
           kept.battery_given_kwh, kept.lcc_reference, none.lcc_reference, saving, kept.npv, none.npv);
    assert_true(kept.battery_given_kwh == 1000 && none.battery_given_kwh == 0);
    assert_true(kept.battery_kwh == 0 && kept.battery_kw == 0);  /* nothing of it sized */
    assert_true(fabs(none.lcc_reference - kept.lcc_reference - saving) < 1e-6 * saving);
    assert_true(fabs(none.lcc - kept.lcc - saving) < 1e-6 * saving);
    assert_true(fabs(kept.npv - none.npv) < 1e-6 * none.npv);
    assert_true(fabs(kept.pv_kwp - 500) < 1e-6);
    /* second-life packs would change the kept bank: refused by name */
    g_autofree char *packs = g_strconcat(kept_text, "[second_life]\ninterarrival = 1d\nsoh = 0.5\npack_kwh = 10\n", NULL);
    g_autofree char *message = sizing_refusal(packs, &b);
    assert_non_null(strstr(message, "sizing.ini: sizing by linear program does not yet model second-life packs "
                                    "([second_life]): the bank they change"));
}

/* Whole turbines: the program's relaxed count rounded to the better of its
 * floor and ceiling must be the best of every whole count (each count
 * fixed and the rest optimised: a brute force); and a minimum
 * self-sufficiency binds exactly, at a higher life-cycle cost. */
static void test_sizing_wind_and_self_sufficiency(void **state)
{
    (void)state;
    static const char park[] =
        "[simulation]\nhorizon = 30d\nreplications = 1\nstart = 2026-03-01T00:00:00+08:00\n[site]\nbilling_interval = 1h\n"
        "weather = weather/CHN_AH_Hefei.583210_TMYx.epw\n[load park]\npower_kw = 1000\n"
        "[tariff]\nperiods = all:0.8\nweekday = 0-24 all\n"
        "[wind farm]\ncount = 0\nhub_height_m = 90\n"
        "power_curve = 2:0, 4:300, 6:800, 8:1500, 10:2000, 25:2000\ncut_out_m_per_s = 25\n"
        "[battery]\ncapacity_kwh = 0\n"
        "[finance]\ncapex_per_kw_wind = 4000\nom_per_kw_wind_year = 40\ndiscount_rate = 0.06\nanalysis_years = 20\n"
        "wind_lifetime_years = 25\ncapex_per_kwh = 900\ncapex_per_kw = 300\n";
    fs_sizing_bounds b = {.wind_max = 12, .budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    fs_sizing_result r = sized(park, &b);
    printf("wind: relaxed %.6f turbines, whole %g, LCC %.4f, NPV %.4f\n", r.wind_relaxed, r.wind_count, r.lcc, r.npv);
    assert_true(r.wind_count == floor(r.wind_relaxed) || r.wind_count == ceil(r.wind_relaxed));
    double best = INFINITY;
    int best_n = -1;
    for (int k = 0; k <= 12; k++) {
        fs_sizing_bounds f = b;
        f.wind_min = f.wind_max = k;
        f.skip_reference = TRUE;
        fs_sizing_result rk = sized(park, &f);
        assert_true(rk.wind_count == k);
        assert_true(isnan(rk.npv));
        if (best_n < 0 || rk.lcc < best - 1e-9 * fabs(best)) {
            best = rk.lcc;
            best_n = k;
        }
    }
    printf("brute force: %d turbines, LCC %.4f\n", best_n, best);
    assert_true(r.wind_count == best_n);
    assert_true(fabs(r.lcc - best) <= 1e-9 * best);
    assert_true(r.wind_relaxed != floor(r.wind_relaxed));  /* the case tests the rounding */

    /* self-sufficiency at least 0.6 with wind and a battery: the constraint binds */
    fs_sizing_bounds s = {.wind_max = 40, .battery_kwh_max = 50000, .battery_kw_max = 5000, .budget = INFINITY,
                          .scope2_max_kg_per_year = INFINITY};
    fs_sizing_result free_r = sized(park, &s);
    s.self_sufficiency_min = fmin(0.95, free_r.self_sufficiency + 0.15);
    fs_sizing_result ss = sized(park, &s);
    printf("self-sufficiency: free %.4f (LCC %.2f), at least %.4f: %.6f (LCC %.2f, %g turbines, %g kWh)\n",
           free_r.self_sufficiency, free_r.lcc, s.self_sufficiency_min, ss.self_sufficiency, ss.lcc, ss.wind_count,
           ss.battery_kwh);
    assert_true(ss.self_sufficiency >= s.self_sufficiency_min - 1e-7);
    assert_true(ss.lcc > free_r.lcc);
    /* a self-sufficiency nothing within the bounds can reach: refused by name */
    s.self_sufficiency_min = 1.0;
    s.wind_max = 1;
    s.battery_kwh_max = s.battery_kw_max = 0;
    g_autofree char *message = sizing_refusal(park, &s);
    assert_non_null(strstr(message, "meet self-sufficiency at least 1 (the program is infeasible)"));
}

/* Sizing with a simulated floor: a random line over a 50 kW base load on a
 * flat tariff, PV up to 30 kWp (never more than the load, so each kWh it
 * makes saves the rate exactly) and a battery that only costs (no
 * arbitrage, no demand charge). The program on the expected load and the
 * search by simulation must both give PV at its bound and no battery; the
 * NPV against nothing built is the PV's by hand, and with common random
 * numbers its paired half-width is zero (the floor draws the same streams
 * with and without PV). */
static void test_sizing_with_a_floor(void **state)
{
    (void)state;
    static const char floor_text[] =
        "[simulation]\nhorizon = 7d\nwarmup = 0\nreplications = 4\nseed = 11\nstart = 2026-06-01T00:00:00+08:00\n"
        "[site]\nbilling_interval = 1h\nweather = weather/CHN_AH_Hefei.583210_TMYx.epw\n"
        "[load base]\npower_kw = 50\n"
        "[tariff]\nperiods = all:0.5\nweekday = 0-24 all\n"
        "[source orders]\ninterarrival = exponential(mean=300s)\nfamily = a:1\nquantity = 2\n"
        "[family a]\nroute = cut, press\n"
        "[station cut]\nservice = exponential(mean=100s)\npower_idle_kw = 2\npower_busy_kw = 20\n"
        "[station press]\nservice = exponential(mean=120s)\npower_idle_kw = 3\npower_busy_kw = 40\n"
        "[pv roof]\nkwp = 0\ntilt_deg = 25\n"
        "[battery]\ncapacity_kwh = 0\n"
        "[finance]\ncapex_per_kwp = 900\ncapex_per_kwh = 500\ncapex_per_kw = 100\ndiscount_rate = 0.06\n"
        "analysis_years = 20\npv_lifetime_years = 25\nbattery_lifetime_years = 30\n";
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(floor_text, "floor.ini", fs_build_scenario_dir(), &e);
    if (!sc)
        fail_msg("%s", e->message);
    fs_sizing_floor_opts o = {
        .bounds = {.pv_kwp_max = 30, .battery_kwh_max = 200, .battery_kw_max = 100, .budget = INFINITY,
                   .scope2_max_kg_per_year = INFINITY},
        .replications = 4, .max_evaluations = 30,
    };
    fs_sizing_floor_result r;
    if (!fs_sizing_optimise_floor(sc, &o, &r, &e))
        fail_msg("%s", e->message);
    printf("floor: program PV %g kWp, %g kWh / %g kW; search PV %g kWp, %g kWh / %g kW after %u candidates; "
           "NPV %.4f +/- %.3g\n", r.lp.pv_kwp, r.lp.battery_kwh, r.lp.battery_kw, r.pv_kwp, r.battery_kwh, r.battery_kw,
           r.evaluations, r.npv_mean, r.npv_half_width);
    assert_true(fabs(r.lp.pv_kwp - 30) < 1e-6 && r.lp.battery_kwh < 1e-6);
    assert_true(r.pv_kwp == 30 && r.battery_kwh == 0 && r.at_max[0]);
    assert_true(r.gain_over_lp_mean >= 0);
    /* by hand: the PV's year of energy (a run with 30 kWp) at 0.5, less its capital */
    g_autoptr(fs_scenario) with_pv = fs_scenario_copy(sc);
    assert_true(fs_scenario_set(with_pv, "pv roof.kwp=30", &e));
    fs_plant_spec *p = fs_plant_spec_from_scenario(with_pv, &e);
    fs_run_result run;
    run_plant(p, 1, &run);
    double pv_kwh_year = plant_kpi(p, &run, "pv_kwh") * 365.0 / 7.0;
    double npv = 0.5 * pv_kwh_year * pwf_bill(0.06, 20) - 900 * 30;
    printf("by hand: PV %.3f kWh a year, NPV %.4f\n", pv_kwh_year, npv);
    assert_true(fabs(r.npv_mean - npv) < 1e-6 * npv);
    assert_true(r.npv_half_width < 1e-6 * npv);
    /* the LCC itself varies with the floor: its half-width is not zero */
    assert_true(r.lcc_half_width > 0);
    fs_run_result_clear(&run);
    fs_plant_spec_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finance_annuity),
        cmocka_unit_test(test_finance_battery_replacement),
        cmocka_unit_test(test_finance_hydrogen_by_hand),
        cmocka_unit_test(test_sizing_keeps_an_unsized_battery),
        cmocka_unit_test(test_sizing_by_hand),
        cmocka_unit_test(test_sizing_wind_and_self_sufficiency),
        cmocka_unit_test(test_sizing_with_a_floor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
