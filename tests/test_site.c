/* test_site.c: the site energy system by hand calculation: a tariff bill,
 * TOU arbitrage with a SoC-limit event, peak shaving, carbon accounting,
 * the DP bound, URDB import, and input errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/build_info.h"
#include "tests/plant_helpers.h"

/* A battery's keys for hand-worked cases: the whole SoC window from soc0
 * (a string: "0" or "1"), no self-discharge and no fade. */
#define LOSSLESS_BATTERY(soc0)                                                                                   \
    "soc_min = 0\nsoc_max = 1\ninitial_soc = " soc0 "\nself_discharge_per_month = 0\ncalendar_fade_per_year = 0\n" \
    "cycle_fade_per_efc = 0\n"

#define TOL 1e-6

typedef struct {
    char *dir;
    char *load_csv;
} fixture;

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = g_dir_make_tmp("fs-site-XXXXXX", NULL);
    f->load_csv = g_build_filename(f->dir, "load.csv", NULL);
    /* a constant 100 kW, hourly, covering the tests' day */
    GString *rows = g_string_new("time,kw\n");
    for (int h = 0; h <= 24; h++)
        g_string_append_printf(rows, "%d,100\n", h * 3600);
    g_assert(g_file_set_contents(f->load_csv, rows->str, -1, NULL));
    g_string_free(rows, TRUE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    g_autoptr(GDir) d = g_dir_open(f->dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(f->dir, name, NULL);
        g_unlink(p);
    }
    g_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->load_csv);
    g_free(f);
    return 0;
}

/* China-style day: valley 0-8 at 0.3, flat 8-10, 12-14, 19-24 at 0.6,
 * peak 10-12, 14-19 at 1.0; demand 30 per kW; fixed 500 per month. */
static const char tariff[] =
    "[tariff]\nperiods = valley:0.3, flat:0.6, peak:1.0\n"
    "weekday = 0-8 valley, 8-10 flat, 10-12 peak, 12-14 flat, 14-19 peak, 19-24 flat\n"
    "demand_charge_per_kw = 30\nfixed_per_month = 500\nexport_rate = 0.2\ncurrency = CNY\n";

static fs_run_result run_text(const char *text, fs_plant_spec **out_spec)
{
    *out_spec = plant_from(text, "site.ini", ".");
    fs_run_result r;
    run_plant(*out_spec, 1, &r);
    return r;
}

/* The tariff's currency is the unit of every money column: KPIs, bills,
 * series; without one they say "currency". */
static const char *unit_of(const fs_column *cols, guint n, const char *name)
{
    for (guint i = 0; i < n; i++)
        if (strcmp(cols[i].name, name) == 0)
            return cols[i].unit;
    fail_msg("no column %s", name);
    return NULL;
}

static void test_site_currency_units(void **state)
{
    (void)state;
    const char *base = "[simulation]\nhorizon = 1d\n[site]\n[load b]\npower_kw = 10\n[finance]\n"
                       "[tariff]\nperiods = a:0.2\nweekday = 0-24 a\n";
    for (int named = 0; named < 2; named++) {
        g_autofree char *text = g_strconcat(base, named ? "currency = GBP\n" : "", NULL);
        fs_plant_spec *p = plant_from(text, "units.ini", ".");
        const char *c = named ? "GBP" : "currency";
        g_autofree char *per_kwh = g_strconcat(c, "/kWh", NULL), *per_year = g_strconcat(c, "/year", NULL);
        assert_string_equal(unit_of(p->schema->kpi, p->schema->n_kpi, "total_cost"), c);
        assert_string_equal(unit_of(p->schema->kpi, p->schema->n_kpi, "npv"), c);
        assert_string_equal(unit_of(p->schema->kpi, p->schema->n_kpi, "lcoe"), per_kwh);
        assert_string_equal(unit_of(p->schema->kpi, p->schema->n_kpi, "annualised_cost"), per_year);
        assert_string_equal(unit_of(p->schema->kpi, p->schema->n_kpi, "grid_import_kwh"), "kWh");
        assert_string_equal(unit_of(p->schema->tables[2].cols, p->schema->tables[2].n_cols, "total"), c);
        assert_string_equal(unit_of(p->schema->logs[1].cols, p->schema->logs[1].n_cols, "price_per_kwh"), per_kwh);
        /* the static declarations the copies came from are untouched */
        assert_string_equal(unit_of(fs_site_bills_table()->cols, fs_site_bills_table()->n_cols, "total"), "currency");
        fs_plant_spec_free(p);
    }
}

/* 100 kW for one weekday: valley 800 kWh x 0.3 = 240, flat 900 x 0.6 =
 * 540, peak 700 x 1.0 = 700; demand 30 x 100 = 3000; fixed 500. */
static void test_site_bill_by_hand(void **state)
{
    fixture *f = *state;
    g_autofree char *text = g_strdup_printf("[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n"
                                            "[site]\nload_csv = %s\n%s", f->load_csv, tariff);
    fs_plant_spec *p;
    fs_run_result r = run_text(text, &p);
    assert_true(fabs(plant_kpi(p, &r, "load_kwh") - 2400) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "energy_cost") - 1480) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "demand_cost") - 3000) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "fixed_cost") - 500) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "total_cost") - 4980) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "peak_demand_kw") - 100) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "co2_location_kg") - 2400 * 0.5366) < TOL);
    /* no floor, no battery: their parts are absent from the schema */
    assert_int_equal(fs_result_schema_kpi_index(p->schema, "throughput_units"), -1);
    assert_int_equal(fs_result_schema_kpi_index(p->schema, "battery_soh_end"), -1);
    assert_true(fs_result_schema_kpi_index(p->schema, "pv_kwp") >= 0);
    /* the bills table: one month */
    assert_int_equal(r.tables[2].labels->len, 1);
    assert_string_equal(r.tables[2].labels->pdata[0], "2026-01");
    assert_true(fabs(g_array_index(r.tables[2].values, double, 4) - 4980) < TOL);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* TOU arbitrage, lossless 200 kWh battery at 50 kW, empty at midnight, on
 * the tariff without its demand charge: charges 0-4 h (full at 04:00, a
 * SoC event), discharges 50 kW at peak 10-12 and 14-16 (empty at 16:00).
 * Imports: 150 kW 0-4, 100 kW 4-8, 50 kW in the discharge hours. Energy:
 * valley 1000 x 0.3 + flat 900 x 0.6 + peak 500 x 1.0 = 1340. With the
 * demand charge (30/kW) the same rule does not charge from the grid above
 * the month's running peak (100 kW, the flat load): charging would cost
 * 30 x 50 = 1500 in demand to save 140 in energy, so it stays empty. */
static void test_site_tou_arbitrage(void **state)
{
    fixture *f = *state;
    g_autofree char *no_demand = g_strdup(tariff);
    char *d = strstr(no_demand, "demand_charge_per_kw = 30\n");
    memmove(d, d + strlen("demand_charge_per_kw = 30\n"), strlen(d + strlen("demand_charge_per_kw = 30\n")) + 1);
    g_autofree char *demand_text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = %s\n%s"
        "[battery]\ncapacity_kwh = 200\ncharge_kw = 50\ncharge_efficiency = 1\ndischarge_efficiency = 1\n"
        LOSSLESS_BATTERY("0")
        "dispatch = tou_arbitrage\ncharge_periods = valley\ndischarge_periods = peak\n",
        f->load_csv, tariff);
    fs_plant_spec *pd;
    fs_run_result rd = run_text(demand_text, &pd);
    assert_true(fabs(plant_kpi(pd, &rd, "peak_demand_kw") - 100) < TOL);
    assert_true(fabs(plant_kpi(pd, &rd, "battery_throughput_kwh")) < TOL);
    fs_run_result_clear(&rd);
    fs_plant_spec_free(pd);
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = %s\n%s"
        "[battery]\ncapacity_kwh = 200\ncharge_kw = 50\ncharge_efficiency = 1\ndischarge_efficiency = 1\n"
        LOSSLESS_BATTERY("0")
        "dispatch = tou_arbitrage\ncharge_periods = valley\ndischarge_periods = peak\n"
        "dp_bound = true\ndp_levels = 17\noptimal_bound = true\n", f->load_csv, no_demand);
    fs_plant_spec *p;
    fs_run_result r = run_text(text, &p);
    assert_true(fabs(plant_kpi(p, &r, "energy_cost") - 1340) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "demand_cost")) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "peak_demand_kw") - 150) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "battery_throughput_kwh") - 200) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "grid_import_kwh") - 2400) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "battery_soh_end") - 1.0) < 1e-12);
    /* no on-site generation: the 200 kWh the battery gave the load were
     * bought, so nothing of the load is self-supplied (the old definition,
     * 1 - grid imports to the load / load, said 200 / 2400) */
    assert_true(plant_kpi(p, &r, "self_sufficiency") == 0.0);
    /* the perfect-foresight bound is no worse than the rule */
    double rule = plant_kpi(p, &r, "rule_energy_cost"), dp = plant_kpi(p, &r, "dp_energy_cost");
    printf("rule %.4f, DP bound %.4f\n", rule, dp);
    assert_true(dp <= rule + 1e-6);
    assert_true(dp >= rule - 200 * (1.0 - 0.3) - 1e-6);  /* at most one more cycle's spread */
    /* energy only, lossless, the DP's 17 levels 12.5 kWh apart (a 15-minute
     * interval at 50 kW): the linear program and the DP must agree, and both
     * bound the rule's bill (the fixed 500 is in every bill) */
    double lp = plant_kpi(p, &r, "optimal_total_cost"), fixed = plant_kpi(p, &r, "fixed_cost");
    printf("LP bound %.6f (energy part %.6f), rule's bill %.6f\n", lp, lp - fixed, plant_kpi(p, &r, "total_cost"));
    assert_true(fabs((lp - fixed) - dp) < 1e-6);
    assert_true(lp <= plant_kpi(p, &r, "total_cost") + 1e-9);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* The bound's export limit is the surplus inside each interval, at the
 * site's own resolution (site.c records it; dispatch_lp.h, surplus_kwh).
 * A net-metered day, hourly billing: each hour 100 kW for half an hour
 * and -60 kW (generation behind the meter) the other half, 0.1 to buy and
 * 0.5 to sell. Each hour nets to 20 kWh imported, yet 50 are bought and 30
 * sold: 5 - 15 = -10 an hour, -240 the day. Without a battery the bound
 * has nothing to choose and must equal the bill; from the hour's totals
 * alone it would allow no export and say +48, above the bill (the run
 * would fail). */
static void test_site_bound_exports_the_surplus_inside_an_interval(void **state)
{
    fixture *f = *state;
    g_autofree char *csv = g_build_filename(f->dir, "net.csv", NULL);
    GString *rows = g_string_new("time,kw\n");
    for (int k = 0; k <= 48; k++)
        g_string_append_printf(rows, "%d,%s\n", k * 1800, k % 2 ? "-60" : "100");
    g_assert(g_file_set_contents(csv, rows->str, -1, NULL));
    g_string_free(rows, TRUE);
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = %s\n"
        "billing_interval = 1h\noptimal_bound = true\n[tariff]\nperiods = a:0.1\nweekday = 0-24 a\n"
        "weekend = 0-24 a\nexport_rate = 0.5\n", csv);
    fs_plant_spec *p;
    fs_run_result r = run_text(text, &p);
    assert_true(fabs(plant_kpi(p, &r, "grid_import_kwh") - 24 * 50.0) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "grid_export_kwh") - 24 * 30.0) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "total_cost") - -240.0) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "optimal_total_cost") - -240.0) < TOL);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* Peak shaving to 80 kW against a 100 kW load with a full 100 kWh battery:
 * 20 kW for 5 h, then the load is back at 100 kW. */
static void test_site_peak_shaving(void **state)
{
    fixture *f = *state;
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n%s"
        "[battery]\ncapacity_kwh = 100\ncharge_kw = 50\ncharge_efficiency = 1\ndischarge_efficiency = 1\n"
        LOSSLESS_BATTERY("1")
        "dispatch = peak_shaving\npeak_target_kw = 80\n", f->load_csv, tariff);
    fs_plant_spec *p;
    fs_run_result r = run_text(text, &p);
    assert_true(fabs(plant_kpi(p, &r, "battery_throughput_kwh") - 100) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "grid_import_kwh") - 2300) < TOL);
    assert_true(fabs(plant_kpi(p, &r, "peak_demand_kw") - 100) < TOL);  /* shaved only 5 h */
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* Swapping the grid factor from 0.25 to 0.69 (UK and China, IEA 2018)
 * scales location-based Scope 2 by exactly 2.76; certificates covering all
 * imports take market-based to zero and leave location-based alone. */
static void test_site_carbon_accounting(void **state)
{
    fixture *f = *state;
    const char *fmt = "[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\ngrid_factor = %s\n"
                      "certificates_kwh_per_year = %s\n";
    g_autofree char *uk = g_strdup_printf(fmt, f->load_csv, "uk_iea_2018", "0");
    g_autofree char *cn = g_strdup_printf(fmt, f->load_csv, "china_iea_2018", "0");
    g_autofree char *irec = g_strdup_printf(fmt, f->load_csv, "china_iea_2018", "876000");
    fs_plant_spec *p1, *p2, *p3;
    fs_run_result a = run_text(uk, &p1), b = run_text(cn, &p2), c = run_text(irec, &p3);
    double ratio = plant_kpi(p2, &b, "co2_location_kg") / plant_kpi(p1, &a, "co2_location_kg");
    printf("location-based ratio %.15g (0.69 / 0.25 = 2.76)\n", ratio);
    assert_true(fabs(ratio - 2.76) < 1e-12);
    assert_true(fabs(plant_kpi(p2, &b, "co2_market_kg") - 2400 * 0.69) < TOL);
    assert_true(plant_kpi(p3, &c, "co2_market_kg") == 0.0);
    assert_true(plant_kpi(p3, &c, "co2_location_kg") == plant_kpi(p2, &b, "co2_location_kg"));
    fs_run_result_clear(&a);
    fs_run_result_clear(&b);
    fs_run_result_clear(&c);
    fs_plant_spec_free(p1);
    fs_plant_spec_free(p2);
    fs_plant_spec_free(p3);
}

/* Hourly matching: 100 kW all day; a PPA delivering 150 kW in the first
 * 12 local hours only (ppa_profile_hour 1 then 0; 150 x 12 x 365 =
 * 657,000 kWh a year). By volume it covers 1,800 of 2,400 kWh (0.75); hour
 * by hour only 1,200 (score 0.5), 600 kWh are excess. With the grid 20 %
 * carbon-free, the other 1,200 kWh add 240 (score 0.6). */
static void test_site_hourly_matching(void **state)
{
    fixture *f = *state;
    const char *fmt = "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = %s\n"
                      "ppa_kwh_per_year = 657000\nppa_profile_hour = 1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0\n%s";
    g_autofree char *plain = g_strdup_printf(fmt, f->load_csv, "");
    g_autofree char *grid = g_strdup_printf(fmt, f->load_csv, "grid_cfe_share = 0.2\n");
    fs_plant_spec *p1, *p2;
    fs_run_result a = run_text(plain, &p1), b = run_text(grid, &p2);
    assert_true(fabs(plant_kpi(p1, &a, "ppa_delivered_kwh") - 1800.0) < TOL);
    assert_true(fabs(plant_kpi(p1, &a, "cfe_kwh") - 1200.0) < TOL);
    assert_true(fabs(plant_kpi(p1, &a, "cfe_score") - 0.5) < TOL);
    assert_true(fabs(plant_kpi(p1, &a, "ppa_excess_kwh") - 600.0) < TOL);
    assert_true(fabs(plant_kpi(p1, &a, "cfe_annual_match") - 0.75) < TOL);
    assert_true(fabs(plant_kpi(p2, &b, "cfe_score") - 0.6) < TOL);
    fs_run_result_clear(&a);
    fs_run_result_clear(&b);
    fs_plant_spec_free(p1);
    fs_plant_spec_free(p2);
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\nppa_profile_hour = 1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0\n",
                       "give ppa_kwh_per_year > 0");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\nppa_kwh_per_year = 100\nppa_profile_month = 0,0,0,0,0,0,0,0,0,0,0,0\n",
                       "zero all year");
}

/* The same tariff as a URDB record gives the same bill. */
static void test_site_urdb_import(void **state)
{
    fixture *f = *state;
    g_autofree char *json = g_build_filename(f->dir, "rate.json", NULL);
    GString *j = g_string_new("{\"items\":[{\"name\":\"test\",\"energyratestructure\":"
                              "[[{\"rate\":0.3}],[{\"rate\":0.6}],[{\"rate\":1.0,\"sell\":0.2}]],"
                              "\"flatdemandstructure\":[[{\"rate\":30}]],\"fixedmonthlycharge\":500,");
    const int day[24] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1};
    for (int s = 0; s < 2; s++) {
        g_string_append_printf(j, "\"%s\":[", s ? "energyweekendschedule" : "energyweekdayschedule");
        for (int m = 0; m < 12; m++) {
            g_string_append(j, m ? ",[" : "[");
            for (int h = 0; h < 24; h++)
                g_string_append_printf(j, "%s%d", h ? "," : "", day[h]);
            g_string_append(j, "]");
        }
        g_string_append(j, s ? "]" : "],");
    }
    g_string_append(j, "}]}");
    g_assert(g_file_set_contents(json, j->str, -1, NULL));
    g_string_free(j, TRUE);
    g_autofree char *text = g_strdup_printf("[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n"
                                            "[site]\nload_csv = %s\n[tariff]\nurdb = %s\n", f->load_csv, json);
    fs_plant_spec *p;
    fs_run_result r = run_text(text, &p);
    assert_true(fabs(plant_kpi(p, &r, "total_cost") - 4980) < TOL);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

#define assert_close(a, b, tol) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); } while (0)

/* Second life: a 10 kWh pack a day (t = 1..9 d) into an empty bank over
 * 9.5 days. At SoH 0.5 fading 0.1 a year each joins; at the end the bank
 * holds sum_i 10 (0.5 - 0.1 (9.5 - i) / 365) = 45 - 40.5 / 365 kWh. At 0.9
 * all go back to vehicles, at 0.2 to recycling; at 0.31 fading 1.0 a year
 * a pack retires (below 0.3) 3.65 days after joining: packs 1-5 by 9.5 d. */
static void test_site_second_life(void **state)
{
    (void)state;
    static const char fmt[] = "[simulation]\nhorizon = 9.5d\n[site]\n[load base]\npower_kw = 10\n"
                              "[battery]\ncapacity_kwh = 0\ndispatch = self_consumption\n"
                              "[second_life]\ninterarrival = 1d\nsoh = %s\npack_kwh = 10\nfade_per_year = %s\n";
    static const struct {
        const char *soh, *fade;
        double joined, reused, recycled, in_service, kwh;
    } cases[] = {
        {"0.5", "0.1", 9, 0, 0, 9, 45.0 - 40.5 / 365.0},
        {"0.9", "0.1", 0, 9, 0, 0, 0.0},
        {"0.2", "0.1", 0, 0, 9, 0, 0.0},
        {"0.31", "1.0", 9, 0, 5, 4, 0.0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strdup_printf(fmt, cases[i].soh, cases[i].fade);
        fs_plant_spec *p;
        fs_run_result r = run_text(text, &p);
        assert_close(plant_kpi(p, &r, "second_life_packs_returned"), 9.0, 0.0);
        assert_close(plant_kpi(p, &r, "second_life_packs_joined"), cases[i].joined, 0.0);
        assert_close(plant_kpi(p, &r, "second_life_packs_reused"), cases[i].reused, 0.0);
        assert_close(plant_kpi(p, &r, "second_life_packs_recycled"), cases[i].recycled, 0.0);
        assert_close(plant_kpi(p, &r, "second_life_packs_in_service"), cases[i].in_service, 0.0);
        if (i < 3)
            assert_close(plant_kpi(p, &r, "second_life_kwh_in_service"), cases[i].kwh, 1e-3);
        fs_run_result_clear(&r);
        fs_plant_spec_free(p);
    }
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[load base]\npower_kw = 10\n[second_life]\n"
                 "interarrival = 1d\nsoh = 0.5\npack_kwh = 10\n", "add a [battery] group");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[load base]\npower_kw = 10\n[battery]\ncapacity_kwh = 0\n"
                 "[second_life]\ninterarrival = 1d\nsoh = 0.5\npack_kwh = 10\nmin_soh = 0.8\nmax_soh = 0.3\n",
                 "must be above min_soh");
    /* the optimal bound beside packs, or without a bill to bound, is refused rather than left NaN */
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[load base]\npower_kw = 10\n[tariff]\nperiods = flat:1\n"
                       "weekday = 0-24 flat\nweekend = 0-24 flat\n[battery]\ncapacity_kwh = 0\noptimal_bound = true\n"
                       "[second_life]\ninterarrival = 1d\nsoh = 0.5\npack_kwh = 10\n",
                       "[battery] optimal_bound = true: second-life packs join and leave the bank");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\n[load base]\npower_kw = 10\n[battery]\ncapacity_kwh = 10\n"
                       "optimal_bound = true\n", "[battery] optimal_bound = true: the optimal bound is the least bill: it "
                       "needs a [tariff]");
    expect_plant_error("[simulation]\nhorizon = 1d\n[site]\noptimal_bound = true\n[load base]\npower_kw = 10\n",
                       "[site] optimal_bound = true: the optimal bound is the least bill: it needs a [tariff]");
}

static void test_site_input_errors(void **state)
{
    fixture *f = *state;
    g_autofree char *bad_csv = g_build_filename(f->dir, "bad.csv", NULL);
    g_assert(g_file_set_contents(bad_csv, "time,kw\n0,100\n3600,90\n1800,80\n", -1, NULL));
    g_autofree char *t1 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n", bad_csv);
    expect_plant_error(t1, "line 4: time '1800' is before the row before's; rows must be in time order");
    g_autofree char *t2 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n"
                                          "[tariff]\nperiods = a:1\nweekday = 0-20 a\n", f->load_csv);
    expect_plant_error(t2, "test.ini: [tariff] weekday = 0-20 a: hour 20-21 has no period; cover 0-24");
    g_autofree char *t3 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n"
                                          "[tariff]\nperiods = a:1\nweekday = 0-24 b\n", f->load_csv);
    expect_plant_error(t3, "period 'b' has no rate in periods");
    g_autofree char *t4 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\nbilling_interval = 7min\n",
                                          f->load_csv);
    expect_plant_error(t4, "must divide an hour");
    g_autofree char *t5 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n[pv roof]\nkwp = 10\n",
                                          f->load_csv);
    expect_plant_error(t5, "[site] weather: missing; [pv] arrays and [wind] turbines need a weather file");
    g_autofree char *t6 = g_strdup_printf("[simulation]\nhorizon = 1d\n[site]\nload_csv = %s\n[battery]\ncapacity_kwh = 10\n"
                                          "dispatch = self_consumtion\n", f->load_csv);
    expect_plant_error(t6, "did you mean 'self_consumption'?");
    expect_plant_error("[simulation]\nhorizon = 1d\n", "nothing to simulate");
}

/* The default scenario (combined rule, 400 kWh, demand charged): with the
 * battery no month's peak is above the same month without it (same seed,
 * the same floor) by more than 1e-5 of it, and the bill falls. Before the
 * rules respected the month's running peak, the battery charged from the
 * grid up to its 150 kW target and raised the peak from 112.6 to 150 kW
 * (issue 17). Why not exactly: a rule decides now; grid charging below the
 * running peak early in an interval whose later load sets a new peak adds
 * its energy to that interval's average (here 0.0002 kW of 112.76). The
 * optimal dispatch is the one with foresight. */
static void test_site_battery_never_raises_the_peak(void **state)
{
    (void)state;
    for (int weeks = 1; weeks <= 5; weeks += 4) {
        g_autofree char *horizon = g_strdup_printf("simulation.horizon=%dd", 7 * weeks);
        fs_plant_spec *with = NULL, *without = NULL;
        for (int b = 0; b < 2; b++) {
            GError *e = NULL;
            g_autoptr(fs_scenario) sc = fs_scenario_load_data(fs_build_default_scenario(), "default.ini",
                                                              fs_build_scenario_dir(), &e);
            assert_non_null(sc);
            assert_true(fs_scenario_set(sc, horizon, &e));
            if (b)
                assert_true(fs_scenario_set(sc, "battery.capacity_kwh=0", &e));
            fs_plant_spec *p = fs_plant_spec_from_scenario(sc, &e);
            if (!p)
                fail_msg("%s", e->message);
            *(b ? &without : &with) = p;
        }
        fs_run_result rw, rn;
        run_plant(with, 7, &rw);
        run_plant(without, 7, &rn);
        const fs_table_rows *bw = &rw.tables[2], *bn = &rn.tables[2];
        assert_int_equal(bw->labels->len, bn->labels->len);
        for (guint m = 0; m < bw->labels->len; m++) {
            guint nc = fs_site_bills_table()->n_cols;
            double pw = g_array_index(bw->values, double, m * nc + 7), pn = g_array_index(bn->values, double, m * nc + 7);
            printf("%s: peak %.12g kW with the battery, %.12g kW without\n", (char *)bw->labels->pdata[m], pw, pn);
            assert_true(pw <= pn * (1.0 + 1e-5));
        }
        double cw = plant_kpi(with, &rw, "total_cost"), cn = plant_kpi(without, &rn, "total_cost");
        printf("%d days: bill %.2f with the battery, %.2f without\n", 7 * weeks, cw, cn);
        assert_true(cw < cn);
        fs_run_result_clear(&rw);
        fs_run_result_clear(&rn);
        fs_plant_spec_free(with);
        fs_plant_spec_free(without);
    }
}


static fs_plant_spec *default_with(const char *const *sets)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(fs_build_default_scenario(), "default.ini",
                                                      fs_build_scenario_dir(), &e);
    assert_non_null(sc);
    for (guint i = 0; sets[i]; i++)
        assert_true(fs_scenario_set(sc, sets[i], &e));
    fs_plant_spec *p = fs_plant_spec_from_scenario(sc, &e);
    if (!p)
        fail_msg("%s", e->message);
    return p;
}

/* dispatch = optimal on the default factory (a floor, the Guangdong
 * tariff with its demand charge): with a perfect forecast (the floor's own
 * future, run ahead) the bill is at or above the LP bound of the same
 * run (the run fails otherwise), below the shipped combined rule's and
 * below no battery's; no month's peak is above the no-battery peak. With
 * persistence it runs and stays at or above the bound. */
static void test_site_optimal_dispatch_on_the_floor(void **state)
{
    (void)state;
    const char *const opt[] = {"battery.dispatch=optimal", "battery.optimal_bound=true", NULL};
    const char *const pers[] = {"battery.dispatch=optimal", "battery.forecast=persistence_day",
                                "battery.optimal_bound=true", NULL};
    const char *const rule[] = {"battery.optimal_bound=true", NULL};
    const char *const none[] = {"battery.capacity_kwh=0", NULL};
    fs_plant_spec *po = default_with(opt), *pp = default_with(pers), *pr = default_with(rule), *pn = default_with(none);
    fs_run_result ro, rp, rr, rn;
    run_plant(po, 3, &ro);
    run_plant(pp, 3, &rp);
    run_plant(pr, 3, &rr);
    run_plant(pn, 3, &rn);
    double opt_cost = plant_kpi(po, &ro, "total_cost"), bound = plant_kpi(po, &ro, "optimal_total_cost");
    double pers_cost = plant_kpi(pp, &rp, "total_cost"), rule_cost = plant_kpi(pr, &rr, "total_cost");
    double none_cost = plant_kpi(pn, &rn, "total_cost");
    printf("bound %.2f <= optimal (perfect) %.2f < combined %.2f < no battery %.2f; persistence_day %.2f\n", bound,
           opt_cost, rule_cost, none_cost, pers_cost);
    assert_true(bound <= opt_cost * (1 + 1e-9));
    assert_true(opt_cost < rule_cost);
    assert_true(rule_cost < none_cost);
    assert_true(bound <= pers_cost * (1 + 1e-9));
    assert_true(fabs(plant_kpi(pp, &rp, "optimal_total_cost") - bound) < 1e-6 * bound);  /* the same run's bound */
    guint nc = fs_site_bills_table()->n_cols;
    assert_int_equal(ro.tables[2].labels->len, rn.tables[2].labels->len);
    for (guint m = 0; m < ro.tables[2].labels->len; m++)
        assert_true(g_array_index(ro.tables[2].values, double, m * nc + 7)
                    <= g_array_index(rn.tables[2].values, double, m * nc + 7) * (1 + 1e-9));
    fs_run_result_clear(&ro);
    fs_run_result_clear(&rp);
    fs_run_result_clear(&rr);
    fs_run_result_clear(&rn);
    fs_plant_spec_free(po);
    fs_plant_spec_free(pp);
    fs_plant_spec_free(pr);
    fs_plant_spec_free(pn);
}

/* The peaks (kW) of a run's two months, from its bills table. */
static void two_month_peaks(const char *text, double *first_kw, double *second_kw)
{
    fs_plant_spec *p = plant_from(text, "peaks.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    guint nc = fs_site_bills_table()->n_cols;
    assert_int_equal(r.tables[2].labels->len, 2);
    *first_kw = g_array_index(r.tables[2].values, double, 7);
    *second_kw = g_array_index(r.tables[2].values, double, nc + 7);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* Persistence plans blind on the first day: HOMER Grid's example with an
 * empty 200 kWh battery (0.9 each way) and hourly intervals. June's first
 * afternoon comes unforeseen and sets 200 kW; from the second day the
 * forecast (yesterday) holds it, and July, planned from June's days, holds
 * the energy-limited 155 kW from its first afternoon. */
static void test_site_persistence_plans_from_history(void **state)
{
    (void)state;
    static const char text[] =
        "[simulation]\nhorizon = 61d\nreplications = 1\nstart = 2026-06-01T00:00:00-07:00\n[site]\nbilling_interval = 1h\n"
        "[load base]\npower_kw = 100\n[load afternoon]\npower_kw = 100\n"
        "profile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,0,0,0,0,0,0\n"
        "[tariff]\nperiods = all:0.10\nweekday = 0-24 all\ndemand_charge_per_kw = 35\n"
        "[battery]\ncapacity_kwh = 200\ncharge_kw = 100\ncharge_efficiency = 0.9\ndischarge_efficiency = 0.9\n"
        LOSSLESS_BATTERY("0")
        "dispatch = optimal\nforecast = persistence_day\n";
    double june, july;
    two_month_peaks(text, &june, &july);
    printf("persistence_day: June peak %.6f kW, July %.6f kW\n", june, july);
    assert_true(fabs(june - 200.0) < 1e-6);
    assert_true(fabs(july - 155.0) < 1e-6);
}

/* A plan made at a month's first interval starts the month afresh: its
 * peaks so far are none, not the month before's. January 31 ends with
 * 300 kW from 20:00 (the battery, full, shaves it to 250 and is empty at
 * midnight); February 1 has 150 kW from 14:00 to 18:00 over 100 kW. The
 * battery (200 kWh, 100 kW) must charge in February's first 14 hours to
 * shave that afternoon: the least peak P holds 14 (P - 100) = 4 (150 - P),
 * P = 2000 / 18 = 111.1 kW, though 00:00-01:00 is cheap. A plan that took
 * January's 250 kW as February's peak so far charged at 100 kW in that
 * cheap hour, and February's peak was 200 kW. */
static void test_site_plan_starts_the_month_afresh(void **state)
{
    (void)state;
    static const char text[] =
        "[simulation]\nhorizon = 2d\nreplications = 1\nstart = 2026-01-31T00:00:00+00:00\n[site]\nbilling_interval = 1h\n"
        "[load base]\npower_kw = 100\n"
        "[load saturday]\npower_kw = 200\nprofile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1\n"
        "profile_weekday = 0,0,0,0,0,1,0\n"
        "[load sunday]\npower_kw = 50\nprofile_hour = 0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,0,0,0,0,0,0\n"
        "profile_weekday = 0,0,0,0,0,0,1\n"
        "[tariff]\nperiods = cheap:0.05, dear:0.2\nweekday = 0-1 cheap, 1-24 dear\nweekend = 0-1 cheap, 1-24 dear\n"
        "demand_charge_per_kw = 30\n"
        "[battery]\ncapacity_kwh = 200\ncharge_kw = 100\ncharge_efficiency = 1\ndischarge_efficiency = 1\n"
        LOSSLESS_BATTERY("0")
        "dispatch = optimal\n";
    double jan, feb;
    two_month_peaks(text, &jan, &feb);
    printf("January peak %.6f kW, February %.6f kW\n", jan, feb);
    assert_true(fabs(jan - 250.0) < 1e-6);
    assert_true(fabs(feb - 2000.0 / 18.0) < 1e-6);
}

/* A valid 42-year horizon with a battery finishes with every balance
 * closed (issue 21 found one failing by 1e-4 kWh of accumulated rounding;
 * the battery's tolerance scales with its throughput, the site's with its
 * energy): the run is not failed, its load is exact and the battery
 * cycled 2 GWh. (The default scenario over 42 years, 33 s, also passes;
 * too slow for the sanitizer builds, it is run by hand.) */
static void test_site_battery_over_42_years(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 15340d\nreplications = 1\nstart = 2026-01-01T00:00:00+08:00\n"
                       "[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\n"
                       "[load base]\npower_kw = 100\n[pv roof]\nkwp = 300\n"
                       "[battery]\ncapacity_kwh = 400\ncharge_kw = 200\ndispatch = self_consumption\n";
    fs_plant_spec *p = plant_from(text, "y42.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);  /* fails the test if the run fails its invariants */
    assert_true(plant_kpi(p, &r, "load_kwh") == 100.0 * 24.0 * 15340.0);
    assert_true(plant_kpi(p, &r, "battery_throughput_kwh") > 1e6);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_site_bill_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_tou_arbitrage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_bound_exports_the_surplus_inside_an_interval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_peak_shaving, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_carbon_accounting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_hourly_matching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_urdb_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_input_errors, setup, teardown),
        cmocka_unit_test(test_site_second_life),
        cmocka_unit_test(test_site_currency_units),
        cmocka_unit_test(test_site_battery_never_raises_the_peak),
        cmocka_unit_test(test_site_optimal_dispatch_on_the_floor),
        cmocka_unit_test(test_site_persistence_plans_from_history),
        cmocka_unit_test(test_site_plan_starts_the_month_afresh),
        cmocka_unit_test(test_site_battery_over_42_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
