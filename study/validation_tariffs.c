/* validation_tariffs.c: the bills of REopt.jl's public tariff tests
 * (tests/data/reopt/README.md gives the cases and their provenance): the
 * same URDB records or tariff inputs, the same loads, and REopt's expected
 * charges, within 0.1 %. The loads are written here as REopt's tests build
 * them (flat, or zero or flat with single hours raised), into a temporary
 * directory as meter files. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sim/build_info.h"
#include "sim/local_time.h"
#include "study/validation_internal.h"

#define REL_TOL 1e-3

static void within(case_ctx *c, const char *check, double expected, double got)
{
    double tol = REL_TOL * fmax(fabs(expected), 1e-9);
    fs__validation_add_line(c, check, expected, got, tol, fabs(got - expected) <= tol);
}

static char *record(const char *name)
{
    return g_build_filename(fs_build_data_dir(), "reopt", name, NULL);
}

/* An hourly meter file of n hours (hour i: kw[i % 8760]) in dir. */
static char *write_load(const char *dir, const double *kw, guint n)
{
    GString *s = g_string_new("time,kw\n");
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%u,%.17g\n", i * 3600u, kw[i % 8760]);
    char *path = g_build_filename(dir, "load.csv", NULL);
    if (!g_file_set_contents(path, s->str, (gssize)s->len, NULL))
        g_clear_pointer(&path, g_free);
    g_string_free(s, TRUE);
    return path;
}

/* Runs a site with [tariff] tariff and a load (a flat power_kw, or the
 * hourly kw[8760] repeated over `years`, the first of them warm-up when
 * years is 2), starting at start; the named KPIs into got. */
static gboolean run_bill(case_ctx *c, const char *start, guint years, double flat_kw, const double *kw,
                         const char *tariff, const char *const *kpis, double *got)
{
    g_autofree char *dir = g_dir_make_tmp("factorysim-reopt-XXXXXX", NULL);
    g_autofree char *load = NULL;
    if (!dir || (kw && !(load = write_load(dir, kw, 8760 * years)))) {
        fs__validation_add_line(c, "cannot write the load file in a temporary directory", 0, 1, 0, FALSE);
        return FALSE;
    }
    g_autofree char *flat = load ? g_strdup("") : g_strdup_printf("[load flat]\npower_kw = %.17g\n", flat_kw);
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %uh\nwarmup = %uh\nstart = %s\n[site]\nbilling_interval = 1h\n%s%s\n%s"
        "[tariff]\n%s",
        8760 * years, years == 2 ? 8760u : 0u, start, load ? "load_csv = " : "", load ? load : "", flat, tariff);
    fs_run_result r;
    fs_plant_spec *p = fs__validation_run_plant(c, text, dir, &r);
    if (p) {
        for (guint i = 0; kpis[i]; i++)
            got[i] = fs__validation_plant_kpi(p, &r, kpis[i]);
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
    if (load)
        g_unlink(load);
    g_rmdir(dir);
    return p != NULL;
}

static const char *const energy_demand[] = {"energy_cost", "demand_cost", NULL};

/* "Tiered TOU Demand": a flat 1,000,000 kWh a year; demand tier 1 (50 kW)
 * at 0, the rest at 12; energy 40,000 kWh a month at 0.10, then 0.12. */
static void tiered_tou_demand(case_ctx *c)
{
    g_autofree char *rec = record("tiered_tou_demand.urdb.json");
    g_autofree char *tariff = g_strdup_printf("urdb = %s\n", rec);
    double kw = 1e6 / 8760, got[2];
    if (!run_bill(c, "2017-01-01T00:00:00-08:00", 1, kw, NULL, tariff, energy_demand, got))
        return;
    within(c, "energy charge, USD (12 x 40,000 x 0.10 + 520,000 x 0.12)", 110400.0, got[0]);
    within(c, "demand charge, USD (REopt: 12 x (50 x 0 + (kW - 50) x 12))", 12 * ((kw - 50) * 12.0), got[1]);
}

/* "Demand and Energy Tier Limits": a flat 100 kW; the first tiers' limits
 * (74,400 kWh, 100 kW) are the load's, so nothing reaches tier 2. */
static void tiered_energy_demand(case_ctx *c)
{
    g_autofree char *rec = record("tiered_energy_demand.urdb.json");
    g_autofree char *tariff = g_strdup_printf("urdb = %s\n", rec);
    double got[2];
    if (!run_bill(c, "2017-01-01T00:00:00-08:00", 1, 100.0, NULL, tariff, energy_demand, got))
        return;
    within(c, "energy charge, USD (876,000 kWh x 0.10, none in tier 2)", 87600.0, got[0]);
    within(c, "demand charge, USD (12 x 100 kW x 10, none in tier 2)", 12000.0, got[1]);
}

/* "Test leap year for URDB demand and energy charges": 10 kW in one hour,
 * 2023 and 2024. Hour 31x24 + 29x24 + 3x24 + 15 is Sunday 5 March 2023
 * (off-peak energy 0.28, flat demand 18.05) and Monday 4 March 2024
 * (on-peak 0.36; flat 18.05 plus TOU 10). Then 10 kW on 28 February at
 * 7 h and 24 hours later: 29 February in 2024 (one month's peak), 1 March
 * in 2023 (two months'). */
static void leap_year(case_ctx *c)
{
    g_autofree char *rec = record("leap_year.urdb.json");
    g_autofree char *tariff = g_strdup_printf("urdb = %s\n", rec);
    double *kw = g_new0(double, 8760);
    for (int year = 2023; year <= 2024; year++) {
        g_autofree char *start = g_strdup_printf("%d-01-01T00:00:00-08:00", year);
        double got[2];
        memset(kw, 0, 8760 * sizeof *kw);
        kw[31 * 24 + 29 * 24 + 3 * 24 + 15] = 10.0;
        if (!run_bill(c, start, 1, 0, kw, tariff, energy_demand, got))
            break;
        g_autofree char *e = g_strdup_printf("%d TOU hour: energy charge, USD", year);
        g_autofree char *d = g_strdup_printf("%d TOU hour: demand charge, USD", year);
        within(c, e, year == 2023 ? 0.28 * 10 : 0.36 * 10, got[0]);
        within(c, d, year == 2023 ? 18.05 * 10 : (18.05 + 10.0) * 10, got[1]);
        memset(kw, 0, 8760 * sizeof *kw);
        kw[31 * 24 + 27 * 24 + 7] = kw[31 * 24 + 28 * 24 + 7] = 10.0;
        if (!run_bill(c, start, 1, 0, kw, tariff, energy_demand, got))
            break;
        g_autofree char *f = g_strdup_printf("%d flat demand, 28 Feb and the next day: demand charge, USD", year);
        within(c, f, year == 2024 ? 18.05 * 10 : 2 * 18.05 * 10, got[1]);
    }
    g_free(kw);
}

/* "Lookback Demand Charges", cases 2 and 3: 100 kW with 200 kW in January,
 * 400 in April, 500 in June, 300 in December; monthly demand rates; 75 %
 * of the largest peak in the lookback months (January, April, December),
 * or in the previous 6 months. REopt bills one year as if it repeated:
 * here two years of the same load run, the first as warm-up (its peaks
 * count for the ratchet), and the second is billed. */
static void lookback(case_ctx *c)
{
    static const double rates[12] = {10, 10, 20, 50, 20, 10, 20, 20, 20, 20, 20, 5};
    static const double by_months[12] = {300, 300, 300, 400, 300, 500, 300, 300, 300, 300, 300, 300};
    static const double by_range[12] = {225, 225, 225, 400, 300, 500, 375, 375, 375, 375, 375, 375};
    double *kw = g_new(double, 8760);
    for (int i = 0; i < 8760; i++)
        kw[i] = 100.0;
    kw[21] = 200;
    kw[2402] = 400;
    kw[4087] = 500;
    kw[8332] = 300;
    for (int k = 0; k < 2; k++) {
        g_autofree char *tariff = g_strdup_printf(
            "periods = all:0.01\nweekday = 0-24 all\ndemand_charge_by_month = 10,10,20,50,20,10,20,20,20,20,20,5\n"
            "demand_ratchet = 0.75\n%s\n", k ? "demand_ratchet_range_months = 6" : "demand_ratchet_months = 1,4,12");
        double got[2], want = 0.0;
        for (int m = 0; m < 12; m++)
            want += rates[m] * (k ? by_range[m] : by_months[m]);
        if (!run_bill(c, "2021-01-01T00:00:00-05:00", 2, 0, kw, tariff, energy_demand, got))
            break;
        within(c, k ? "lookback range 6 months: demand charge, USD" : "lookback months Jan, Apr, Dec: demand charge, USD",
               want, got[1]);
    }
    g_free(kw);
}

/* "Coincident Peak Charges": a flat 1 kW; 10/kW on REopt time steps 1, 2
 * and 100, 5/kW on 6000 and 7000 (hours of the year, from 1). */
static void coincident(case_ctx *c)
{
    static const int steps[2][3] = {{1, 2, 100}, {6000, 7000, 0}};
    GString *hours = g_string_new(NULL);
    gint64 jan1 = fs_days_from_civil(2017, 1, 1);
    for (int g = 0; g < 2; g++)
        for (int i = 0; i < 3 && steps[g][i]; i++) {
            int h = steps[g][i] - 1, y, m, d;
            fs_civil_from_days(jan1 + h / 24, &y, &m, &d);
            g_string_append_printf(hours, "%s%04d-%02d-%02dT%02d", i ? ", " : g ? "; " : "", y, m, d, h % 24);
        }
    g_autofree char *tariff = g_strdup_printf("periods = all:1.0\nweekday = 0-24 all\n"
                                              "coincident_peak_per_kw = 10, 5\ncoincident_peak_hours = %s\n",
                                              hours->str);
    g_string_free(hours, TRUE);
    static const char *const cp[] = {"coincident_cost", NULL};
    double got[1];
    if (run_bill(c, "2017-01-01T00:00:00-06:00", 1, 1.0, NULL, tariff, cp, got))
        within(c, "coincident peak charge, USD (1 kW x 10 + 1 kW x 5)", 15.0, got[0]);
}

/* "Blended tariff": 10,000 kWh a year flat, 0.10/kWh and 10/kW a month. */
static void blended(case_ctx *c)
{
    double got[2];
    if (!run_bill(c, "2017-01-01T00:00:00-08:00", 1, 10000.0 / 8760, NULL,
                  "periods = all:0.1\nweekday = 0-24 all\ndemand_charge_per_kw = 10\n", energy_demand, got))
        return;
    within(c, "energy charge, USD", 1000.0, got[0]);
    within(c, "demand charge, USD (REopt's test: 136.99)", 136.99, got[1]);
}

/* HOMER Grid's worked example of demand charges: a load of 100 kW rising
 * to 200 kW for 4 hours every day (here 14-18 h), 0.10 USD/kWh and 35
 * USD/kW a month. Without a battery, exactly: demand 35 x 200 = 7,000 a
 * month, energy 2,800 kWh a day: 8,400 in June (30 days), 8,680 in July.
 * With a lossless 200 kWh / 100 kW battery starting empty, the lowest
 * monthly limit it can hold is 200 - min(200 kWh / 4 h, 100 kW) = 150 kW
 * (it recharges in the 20 other hours under the limit: 50 kW x 20 h >=
 * 200 kWh), so the optimal bill for the two months is 17,080 + 2 x 35 x
 * 150 = 27,580: the linear program must find it. The peak-shaving rule
 * told 150 kW holds it too, and refills the battery after the last
 * afternoon as after every other: 200 kWh x 0.10 more, 27,600. */
static void homer_grid(case_ctx *c)
{
    static const char base[] =
        "[simulation]\nhorizon = 61d\nstart = 2026-06-01T00:00:00-07:00\n[site]\nbilling_interval = 15min\n"
        "[load base]\npower_kw = 100\n[load afternoon]\npower_kw = 100\n"
        "profile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,0,0,0,0,0,0\n"
        "[tariff]\nperiods = all:0.10\nweekday = 0-24 all\ndemand_charge_per_kw = 35\ncurrency = USD\n";
    fs_run_result r;
    fs_plant_spec *p = fs__validation_run_plant(c, base, NULL, &r);
    if (!p)
        return;
    const fs_table_rows *bills = &r.tables[2];
    guint cols = p->schema->tables[2].n_cols;
    if (bills->labels->len != 2) {
        fs__validation_add_line(c, "two monthly bills", 2, bills->labels->len, 0, FALSE);
    } else {
        for (guint m = 0; m < 2; m++) {
            g_autofree char *e = g_strdup_printf("no battery, %s: energy charge, USD", (char *)bills->labels->pdata[m]);
            g_autofree char *d = g_strdup_printf("no battery, %s: demand charge, USD", (char *)bills->labels->pdata[m]);
            within(c, e, m == 0 ? 8400.0 : 8680.0, g_array_index(bills->values, double, m * cols + 0));
            within(c, d, 7000.0, g_array_index(bills->values, double, m * cols + 1));
        }
    }
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
    g_autofree char *with = g_strconcat(
        base, "[battery]\ncapacity_kwh = 200\ncharge_kw = 100\ncharge_efficiency = 1\ndischarge_efficiency = 1\n"
              "soc_min = 0\nsoc_max = 1\ninitial_soc = 0\nself_discharge_per_month = 0\ncalendar_fade_per_year = 0\n"
              "cycle_fade_per_efc = 0\ndispatch = peak_shaving\npeak_target_kw = 150\noptimal_bound = true\n", NULL);
    p = fs__validation_run_plant(c, with, NULL, &r);
    if (!p)
        return;
    within(c, "200 kWh / 100 kW battery: optimal bill (LP), USD", 27580.0,
           fs__validation_plant_kpi(p, &r, "optimal_total_cost"));
    within(c, "the same with peak_shaving at 150 kW: bill (+ the last refill), USD", 27600.0, fs__validation_plant_kpi(p, &r, "total_cost"));
    within(c, "the same: monthly peak, kW", 150.0, fs__validation_plant_kpi(p, &r, "peak_demand_kw"));
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* The same load and tariff for June (30 days) with a lossy battery, 200
 * kWh (SoC 0..1, empty at the start), eta 0.9 each way, no
 * self-discharge or fade. The lowest monthly limit L it can hold, derived:
 *   energy:   4 h x (200 - L) / 0.9 <= 200 kWh stored   -> L >= 155 kW
 *   power:    200 - L <= 100 kW                           -> L >= 100 kW
 *   recharge: 20 h x (L - 100) x 0.9 >= 4 (200 - L) / 0.9 -> L >= 119.8 kW
 * so L = 155 (energy-limited); with 1,000 kWh and 40 kW instead the power
 * binds: L = 160. peak_target_kw = auto must find both and the rule hold
 * them. The optimal bill with 200 kWh: demand 35 x 155 = 5,425; energy:
 * 2,800 kWh a day and each of the 30 afternoons takes 180 kWh from the
 * battery, refilled with 200 / 0.9 kWh (the first fill before it), so
 * 84,000 + 30 x (222.2 - 180) = 85,266.67 kWh, 8,526.67: 13,951.67 USD.
 * dispatch = optimal (perfect forecast, hourly plans 48 h ahead) must
 * reach it. */
static void homer_grid_battery(case_ctx *c)
{
    static const char base[] =
        "[simulation]\nhorizon = 30d\nstart = 2026-06-01T00:00:00-07:00\nreplications = 1\n[site]\nbilling_interval = 15min\n"
        "[load base]\npower_kw = 100\n[load afternoon]\npower_kw = 100\n"
        "profile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,0,0,0,0,0,0\n"
        "[tariff]\nperiods = all:0.10\nweekday = 0-24 all\ndemand_charge_per_kw = 35\ncurrency = USD\n"
        "[battery]\ncharge_efficiency = 0.9\ndischarge_efficiency = 0.9\nsoc_min = 0\nsoc_max = 1\ninitial_soc = 0\n"
        "self_discharge_per_month = 0\ncalendar_fade_per_year = 0\ncycle_fade_per_efc = 0\n";
    static const struct {
        const char *battery, *what;
        double limit_kw;
    } autos[] = {
        {"capacity_kwh = 200\ncharge_kw = 100\n", "200 kWh / 100 kW (energy-limited)", 155.0},
        {"capacity_kwh = 1000\ncharge_kw = 40\n", "1,000 kWh / 40 kW (power-limited)", 160.0},
    };
    for (guint i = 0; i < G_N_ELEMENTS(autos); i++) {
        g_autofree char *text = g_strconcat(base, autos[i].battery, "dispatch = peak_shaving\npeak_target_kw = auto\n", NULL);
        fs_run_result r;
        fs_plant_spec *p = fs__validation_run_plant(c, text, NULL, &r);
        if (!p)
            return;
        const fs_table_rows *bills = &r.tables[2];
        const fs_table_schema *bt = &p->schema->tables[2];
        guint col = 0;
        while (col < bt->n_cols && !g_str_equal(bt->cols[col].name, "demand_limit_kw"))
            col++;
        g_autofree char *found = g_strdup_printf("%s, peak_target_kw = auto: the limit found, kW", autos[i].what);
        g_autofree char *held = g_strdup_printf("%s: the month's peak under it, kW", autos[i].what);
        within(c, found, autos[i].limit_kw, bills->labels->len == 1 && col < bt->n_cols ? g_array_index(bills->values, double, col) : NAN);
        within(c, held, autos[i].limit_kw, fs__validation_plant_kpi(p, &r, "peak_demand_kw"));
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
    g_autofree char *text = g_strconcat(base, autos[0].battery, "dispatch = optimal\n", NULL);
    fs_run_result r;
    fs_plant_spec *p = fs__validation_run_plant(c, text, NULL, &r);
    if (!p)
        return;
    within(c, "200 kWh: dispatch = optimal (perfect forecast, 1 h / 48 h): bill, USD", 5425.0 + 8526.0 + 2.0 / 3.0,
           fs__validation_plant_kpi(p, &r, "total_cost"));
    within(c, "the same: the month's peak, kW", 155.0, fs__validation_plant_kpi(p, &r, "peak_demand_kw"));
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

static const fs__validation_case cases[] = {
    {"tariffs_reopt_tiered_tou_demand", NULL, tiered_tou_demand},
    {"tariffs_reopt_tier_limits", NULL, tiered_energy_demand},
    {"tariffs_reopt_leap_year", NULL, leap_year},
    {"tariffs_reopt_lookback", NULL, lookback},
    {"tariffs_reopt_coincident_peak", NULL, coincident},
    {"tariffs_reopt_blended", NULL, blended},
    {"tariffs_homer_grid_demand", NULL, homer_grid},
    {"tariffs_homer_grid_battery", NULL, homer_grid_battery},
};

const fs__validation_case *fs__validation_tariff_cases(guint *n)
{
    *n = G_N_ELEMENTS(cases);
    return cases;
}
