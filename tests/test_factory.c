/* test_factory.c: families, routes, setups, queue disciplines, orders and
 * lots, order traces, flow servers and rate profiles, by hand calculation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "study/runner.h"
#include "tests/floor_helpers.h"

#define TOL 1e-9

/* Writes an order trace and returns the scenario text using it: four
 * orders at t = 0 (a, b, a, b) on one machine; a takes 10 s, b 20 s;
 * setups a>b 5 s, b>a 7 s. */
static char *setup_scenario(const char *dir, const char *discipline)
{
    g_autofree char *path = g_build_filename(dir, "orders.csv", NULL);
    g_assert(g_file_set_contents(path, "arrival,family,quantity,due\n0,a,1,100\n0,b,1,30\n"
                                       "0,a,1,200\n0,b,1,60\n", -1, NULL));
    return g_strdup_printf("[simulation]\nhorizon = 1000\n"
                           "[family a]\nroute = m\ntime_m = 10\n[family b]\nroute = m\ntime_m = 20\n"
                           "[source book]\ntrace = %s\n"
                           "[station m]\ndiscipline = %s\nsetup = a>b:5, b>a:7\npower_setup_kw = 3\n",
                           path, discipline);
}

static fs_run_result run_text(const char *text)
{
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    return r;
}

/* FIFO: a [0,10]; b setup [10,15] busy [15,35]; a setup [35,42] busy
 * [42,52]; b setup [52,57] busy [57,77]. Lead times 10, 35, 52, 77. */
static void test_factory_setups_fifo(void **state)
{
    g_autofree char *text = setup_scenario(*state, "fifo");
    fs_run_result r = run_text(text);
    assert_close(kpi(&r, "orders_completed"), 4, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), (10 + 35 + 52 + 77) / 4.0, TOL);
    assert_close(machine(&r, 0, "time_setup_s"), 17.0, TOL);
    assert_close(machine(&r, 0, "entries_setup"), 3, 0);
    assert_close(machine(&r, 0, "energy_setup_kwh"), 3 * 17 / 3600.0, TOL);
    assert_close(kpi(&r, "on_time_fraction"), 2.0 / 4.0, TOL);  /* b due 30 done 35, b due 60 done 77 */
    assert_close(kpi(&r, "mean_tardiness_s"), (5.0 + 17.0) / 4.0, TOL);
    fs_run_result_clear(&r);
}

/* Same family first: a [0,10], a [10,20], b setup [20,25] busy [25,45], b [45,65]. */
static void test_factory_same_family_first(void **state)
{
    g_autofree char *text = setup_scenario(*state, "same_family");
    fs_run_result r = run_text(text);
    assert_close(kpi(&r, "mean_lead_time_s"), (10 + 20 + 45 + 65) / 4.0, TOL);
    assert_close(machine(&r, 0, "time_setup_s"), 5.0, TOL);
    fs_run_result_clear(&r);
}

/* Earliest due date: a starts at once (the machine is idle); then b due
 * 30 (setup [10,15], busy [15,35]), b due 60 [35,55], a due 200 (setup
 * [55,62], busy [62,72]). On time: 10 <= 100, 35 > 30, 55 <= 60, 72 <= 200. */
static void test_factory_edd(void **state)
{
    g_autofree char *text = setup_scenario(*state, "edd");
    fs_run_result r = run_text(text);
    assert_close(kpi(&r, "mean_lead_time_s"), (10 + 35 + 55 + 72) / 4.0, TOL);
    assert_close(kpi(&r, "on_time_fraction"), 0.75, TOL);
    assert_close(kpi(&r, "mean_tardiness_s"), 5.0 / 4.0, TOL);
    fs_run_result_clear(&r);
}

/* Shortest processing time: orders b, b, a, a at t = 0 (b 20 s, a 10 s).
 * The first b starts at once; then the a's, then the other b:
 * done at 20, 30, 40, 60 (FIFO would give 20, 40, 50, 60). */
static void test_factory_spt(void **state)
{
    g_autofree char *path = g_build_filename(*state, "orders.csv", NULL);
    g_assert(g_file_set_contents(path, "arrival,family,quantity\n0,b,1\n0,b,1\n0,a,1\n0,a,1\n", -1, NULL));
    const char *fmt = "[simulation]\nhorizon = 1000\n[family a]\nroute = m\ntime_m = 10\n"
                      "[family b]\nroute = m\ntime_m = 20\n[source s]\ntrace = %s\n"
                      "[station m]\ndiscipline = %s\n";
    g_autofree char *spt = g_strdup_printf(fmt, path, "spt");
    g_autofree char *fifo = g_strdup_printf(fmt, path, "fifo");
    fs_run_result r = run_text(spt), f = run_text(fifo);
    assert_close(kpi(&r, "mean_lead_time_s"), (20 + 30 + 40 + 60) / 4.0, TOL);
    assert_close(kpi(&f, "mean_lead_time_s"), (20 + 40 + 50 + 60) / 4.0, TOL);
    assert_true(isnan(kpi(&r, "on_time_fraction")));
    fs_run_result_clear(&r);
    fs_run_result_clear(&f);
}

/* Orders at t = 0 via a planned source that fires at 0: quantity 5. */
static void test_factory_order_of_units_vs_lot(void **state)
{
    (void)state;
    const char *fmt = "[simulation]\nhorizon = 100\n[family f]\nroute = p, q\ntime_p = 2\ntime_q = 3\n"
                      "[source s]\ninterarrival = 60\nfamily = f\nquantity = 5\nlot = %s\n"
                      "[station p]\n[station q]\n";
    g_autofree char *a = g_strdup_printf(fmt, "false");
    g_autofree char *b = g_strdup_printf(fmt, "true");
    fs_run_result u = run_text(a), l = run_text(b);
    /* one order at t = 60 (the next at 120 is past the horizon) */
    assert_close(kpi(&u, "orders_completed"), 1, 0);
    assert_close(kpi(&u, "units_completed"), 5, 0);
    assert_close(kpi(&u, "mean_lead_time_s"), 17.0, TOL);
    assert_close(kpi(&l, "orders_completed"), 1, 0);
    assert_close(kpi(&l, "units_completed"), 5, 0);
    assert_close(kpi(&l, "mean_lead_time_s"), 25.0, TOL);
    assert_close(station(&l, 1, "arrivals"), 1, 0);  /* one lot */
    assert_close(station(&u, 1, "arrivals"), 5, 0);
    fs_run_result_clear(&u);
    fs_run_result_clear(&l);
}

/* An oven 6 m long, belt 1 m/min, pitch 0.5 m: 360 s inside, an entry
 * every 30 s, 12 inside at once. Saturated input for an hour: unit k
 * enters at 30(k-1) and leaves 360 s later, so 109 leave by t = 3600.
 * Unit 1 is made at t = 0 and enters at once (lead 360); every later unit
 * is made when its predecessor enters and waits 30 s (lead 390). */
static void test_factory_flow_server(void **state)
{
    (void)state;
    fs_run_result r = run_text(
        "[simulation]\nhorizon = 3600\n[source boards]\ninterarrival = 0\nto = oven\n"
        "[station oven]\nkind = flow\nlength_m = 6\nbelt_speed_m_per_min = 1\npitch_m = 0.5\nbuffer = 0\n"
        "power_busy_kw = 9.9\npower_idle_kw = 6\n");
    assert_close(kpi(&r, "throughput_units"), 109, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), (360.0 + 108 * 390.0) / 109.0, TOL);
    assert_close(station(&r, 0, "mean_sojourn_s"), 360.0, TOL);
    assert_close(machine(&r, 0, "time_busy_s"), 3600.0, TOL);
    assert_close(machine(&r, 0, "energy_busy_kwh"), 9.9, TOL);
    /* inside: k units during [30(k-1), 30k) for k = 1..12, then 12 */
    assert_close(station(&r, 0, "mean_number_in_station"), (30.0 * 78 + 12 * 3240.0) / 3600.0, TOL);
    fs_run_result_clear(&r);
}

/* The thermal oven: 12 places, an entry every 30 s, saturated: occupancy
 * k/12 during [30(k-1), 30k) for k = 1..12, then full to 3600 s. Power
 * P(L) = 3 + 1 L + 0.01 x (100 + 150) + 0.02 L x (200 - 50): zones at 150
 * and 200 degC, ambient 50. */
static void test_factory_oven_follows_load(void **state)
{
    (void)state;
    fs_run_result r = run_text(
        "[simulation]\nhorizon = 3600\n[source boards]\ninterarrival = 0\nto = oven\n"
        "[station oven]\nkind = flow\nlength_m = 6\nbelt_speed_m_per_min = 1\npitch_m = 0.5\nbuffer = 0\n"
        "oven_zone_degc = 150, 200\nambient_degc = 50\noven_base_kw = 3\noven_load_kw = 1\n"
        "oven_zone_loss_kw_per_k = 0.01\noven_board_kw_per_k = 0.02\n");
    double kwh = 0.0;
    for (int k = 1; k <= 12; k++) {
        double load = k / 12.0;
        kwh += (3 + load + 2.5 + 0.02 * load * 150) * 30 / 3600.0;
    }
    kwh += (3 + 1 + 2.5 + 3) * (3600 - 360) / 3600.0;
    assert_close(machine(&r, 0, "energy_busy_kwh"), kwh, 1e-9);
    assert_close(machine(&r, 0, "entries_busy"), 1, 0);  /* load changes are not transitions */
    fs_run_result_clear(&r);
}

/* A day-of-week profile with zeros: no order arrives on those days. */
static void test_factory_rate_profile(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 7d\nreplications = 1\nseed = 5\nstart = 2026-01-05T00:00:00+08:00\n"
        "[source s]\ninterarrival = exponential(mean=60)\nto = m\nprofile_weekday = 1, 1, 1, 1, 1, 0, 0\n"
        "profile_hour = 0,0,0,0,0,0,0,0,2,2,2,2,2,2,2,2,0,0,0,0,0,0,0,0\n"
        "[station m]\nservice = 1\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    /* mean arrivals: 5 days x 8 h x 2/min x 60 = 4800; Poisson sd 69 */
    double n = kpi(&r, "units_created");
    printf("seed 5: %g orders in the week (expected 4800)\n", n);
    assert_true(fabs(n - 4800) < 5 * sqrt(4800));
    fs_run_result_clear(&r);
}

/* Found by fuzz_csv: a quantity of 1e308 was cast to gint64 (undefined). */
static void test_factory_trace_quantity_range(void **state)
{
    g_autofree char *path = g_build_filename(*state, "orders.csv", NULL);
    g_assert(g_file_set_contents(path, "arrival,family,quantity\n0,a,1e308\n", -1, NULL));
    g_autofree char *text = g_strdup_printf("[simulation]\nhorizon = 100\n[family a]\nroute = m\ntime_m = 1\n"
                                            "[source s]\ntrace = %s\n[station m]\n", path);
    expect_floor_error(text, "line 2: quantity must be a whole number from 1 to 1e9");
}

static int make_dir(void **state)
{
    *state = g_dir_make_tmp("fs-factory-XXXXXX", NULL);
    return 0;
}

static int remove_dir(void **state)
{
    g_autofree char *path = g_build_filename(*state, "orders.csv", NULL);
    g_unlink(path);
    g_rmdir(*state);
    g_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_factory_setups_fifo, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_factory_same_family_first, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_factory_edd, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_factory_spt, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_factory_trace_quantity_range, make_dir, remove_dir),
        cmocka_unit_test(test_factory_order_of_units_vs_lot),
        cmocka_unit_test(test_factory_flow_server),
        cmocka_unit_test(test_factory_rate_profile),
        cmocka_unit_test(test_factory_oven_follows_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
