/* test_energy.c: machine energy states under each policy, against hand
 * calculations to 1e-9; the break-even rule at its threshold; failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "study/runner.h"
#include "sim/stats.h"
#include "tests/floor_helpers.h"

#define TOL 1e-9

/* One machine, arrivals every 100 s from t = 100, service 40 s, 1000 s. */
static char *line(const char *station_extra)
{
    return g_strdup_printf("[simulation]\nhorizon = 1000\n"
                           "[source a]\ninterarrival = 100\nto = m\n"
                           "[station m]\nservice = 40\npower_busy_kw = 10\npower_idle_kw = 2\n%s",
                           station_extra);
}

static double kwh(double kw, double s) { return kw * s / 3600.0; }

/* Busy [100k, 100k+40] for k = 1..9 and a zero-length start at t = 1000:
 * busy 360 s, idle 640 s. */
static void test_energy_always_on(void **state)
{
    (void)state;
    g_autofree char *text = line("");
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_busy_s"), 360.0, TOL);
    assert_close(machine(&r, 0, "time_idle_s"), 640.0, TOL);
    assert_close(machine(&r, 0, "energy_busy_kwh"), kwh(10, 360), TOL);
    assert_close(machine(&r, 0, "energy_idle_kwh"), kwh(2, 640), TOL);
    assert_close(machine(&r, 0, "entries_busy"), 10, 0);
    assert_close(kpi(&r, "energy_kwh"), kwh(10, 360) + kwh(2, 640), TOL);
    assert_close(kpi(&r, "energy_per_unit_kwh"), (kwh(10, 360) + kwh(2, 640)) / 9.0, TOL);
    assert_close(station(&r, 0, "energy_kwh"), kpi(&r, "energy_kwh"), TOL);
    fs_run_result_clear(&r);
}

/* Standby 20 s after going idle; a wake-up takes 10 s and 0.01 kWh.
 * Idle [0,20], standby [20,100]; then per arrival k = 1..9: warm-up
 * [100k, +10], busy [+10, +50], idle [+50, +70], standby [+70, 100(k+1)];
 * the wake-up starting at t = 1000 has length 0. */
static void test_energy_standby_after(void **state)
{
    (void)state;
    g_autofree char *text = line("power_standby_kw = 0.5\npolicy = standby_after\nstandby_after = 20\n"
                                 "standby_to_idle_time = 10\nstandby_to_idle_energy_kwh = 0.01\n");
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_idle_s"), 200.0, TOL);
    assert_close(machine(&r, 0, "time_standby_s"), 350.0, TOL);
    assert_close(machine(&r, 0, "time_warmup_s"), 90.0, TOL);
    assert_close(machine(&r, 0, "time_busy_s"), 360.0, TOL);
    assert_close(machine(&r, 0, "energy_standby_kwh"), kwh(0.5, 350), TOL);
    assert_close(machine(&r, 0, "energy_warmup_kwh"), 9 * 0.01, TOL);
    assert_close(machine(&r, 0, "energy_idle_kwh"), kwh(2, 200), TOL);
    assert_close(machine(&r, 0, "entries_standby"), 10, 0);
    assert_close(machine(&r, 0, "entries_warmup"), 10, 0);
    assert_close(machine(&r, 0, "entries_idle"), 18, 0);  /* after each wake-up and each job */
    assert_close(kpi(&r, "mean_lead_time_s"), 50.0, TOL);  /* 10 s wake-up + 40 s service */
    fs_run_result_clear(&r);
}

/* Break-even: gaps of 60 s; the switch-off pays when
 * E / (P_idle - P_off) < 60 s, i.e. E < 2 kW x 60 s = 1/30 kWh. */
static fs_run_result breakeven_run(double warmup_kwh, double warmup_s)
{
    g_autofree char *extra = g_strdup_printf(
        "power_off_kw = 0\npolicy = off_if_idle_longer_than_breakeven\nwarmup_energy_kwh = %.17g\n"
        "warmup_time = %.17g\n", warmup_kwh, warmup_s);
    g_autofree char *text = line(extra);
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    printf("E = %.4f kWh, warm-up %g s: off %g s, idle %g s, energy %.6f kWh\n", warmup_kwh, warmup_s,
           machine(&r, 0, "time_off_s"), machine(&r, 0, "time_idle_s"), kpi(&r, "energy_kwh"));
    return r;
}

static void test_energy_breakeven_threshold(void **state)
{
    (void)state;
    /* just above the threshold (break-even 60.12 s > 60 s gaps): stays on
     * between jobs; only the first gap, [0, 100], is long enough to be off */
    fs_run_result on = breakeven_run(0.0334, 0.0);
    assert_close(machine(&on, 0, "time_off_s"), 100.0, TOL);
    assert_close(machine(&on, 0, "time_idle_s"), 540.0, TOL);
    assert_close(kpi(&on, "energy_kwh"), kwh(10, 360) + kwh(2, 540) + 0.0334, TOL);
    /* just below (59.94 s): off [0,100] and [100k+40, 100(k+1)], a warm-up
     * impulse per job including the one at t = 1000 */
    fs_run_result off = breakeven_run(0.0333, 0.0);
    assert_close(machine(&off, 0, "time_off_s"), 640.0, TOL);
    assert_close(machine(&off, 0, "time_idle_s"), 0.0, TOL);
    assert_close(machine(&off, 0, "energy_warmup_kwh"), 10 * 0.0333, TOL);
    assert_close(machine(&off, 0, "entries_off"), 10, 0);
    /* the difference is the idle energy avoided minus the warm-ups spent */
    assert_close(kpi(&on, "energy_kwh") - kpi(&off, "energy_kwh"),
                 kwh(2, 540) + 0.0334 - 9 * 0.0333 - 0.0333, TOL);
    fs_run_result_clear(&on);
    fs_run_result_clear(&off);
}

/* With a 10 s warm-up and a known release plan the machine warms up
 * ahead and is ready when the unit arrives: no lead time is lost. */
static void test_energy_breakeven_warms_ahead(void **state)
{
    (void)state;
    fs_run_result r = breakeven_run(0.02, 10.0);
    assert_close(machine(&r, 0, "time_off_s"), 90 + 9 * 50.0, TOL);
    assert_close(machine(&r, 0, "time_warmup_s"), 100.0, TOL);
    assert_close(machine(&r, 0, "energy_warmup_kwh"), 10 * 0.02, TOL);
    assert_close(kpi(&r, "mean_lead_time_s"), 40.0, TOL);
    fs_run_result_clear(&r);
}

/* A shutdown of 5 s and 0.01 kWh besides the 10 s, 0.02 kWh warm-up:
 * break-even (0.02 + 0.01) / 2 kW = 54 s < the 60 s gaps, which also hold
 * both transitions, so after every job (and at t = 0) the machine shuts
 * down (5 s at 7.2 kW), is off, and warms up in time: 10 shutdowns, off
 * 85 s + 9 x 45 s. Zero-length, the shutdown is an impulse of 0.01 kWh. */
static void test_energy_shutdown(void **state)
{
    (void)state;
    g_autofree char *timed = line("power_off_kw = 0\npolicy = off_if_idle_longer_than_breakeven\n"
                                  "warmup_energy_kwh = 0.02\nwarmup_time = 10\nshutdown_time = 5\n"
                                  "shutdown_energy_kwh = 0.01\n");
    g_autoptr(fs_floor_spec) spec = spec_from(timed);
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_shutdown_s"), 50.0, TOL);
    assert_close(machine(&r, 0, "entries_shutdown"), 10, 0);
    assert_close(machine(&r, 0, "energy_shutdown_kwh"), 0.1, TOL);
    assert_close(kpi(&r, "energy_shutdown_kwh"), 0.1, TOL);
    assert_close(machine(&r, 0, "time_off_s"), 85.0 + 9 * 45.0, TOL);
    assert_close(machine(&r, 0, "time_warmup_s"), 100.0, TOL);
    assert_close(kpi(&r, "mean_lead_time_s"), 40.0, TOL);
    assert_close(kpi(&r, "energy_kwh"), kwh(10, 360) + 10 * 0.02 + 10 * 0.01, TOL);
    fs_run_result_clear(&r);
    g_autofree char *impulse = line("power_off_kw = 0\npolicy = off_if_idle_longer_than_breakeven\n"
                                    "warmup_energy_kwh = 0.02\nwarmup_time = 10\nshutdown_energy_kwh = 0.01\n");
    g_autoptr(fs_floor_spec) spec2 = spec_from(impulse);
    run_one(spec2, 0, &r);
    assert_close(machine(&r, 0, "time_shutdown_s"), 0.0, 0);
    assert_close(machine(&r, 0, "entries_shutdown"), 10, 0);
    assert_close(machine(&r, 0, "energy_shutdown_kwh"), 0.1, TOL);
    assert_close(machine(&r, 0, "time_off_s"), 90.0 + 9 * 50.0, TOL);
    fs_run_result_clear(&r);
}

/* Mon-Fri 08:00-16:00 from Monday 00:00, one day, no work: off until the
 * 07:30 warm-up (30 min, 5 kWh), idle through the shift, off from 16:00. */
static void test_energy_shift_calendar(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n"
        "[calendar day]\nshifts = Mon-Fri 08:00-16:00\n"
        "[source a]\ninterarrival = 2d\nto = m\n"
        "[station m]\nservice = 40\npower_idle_kw = 2\npower_off_kw = 0.1\npolicy = shift_calendar\n"
        "calendar = day\nwarmup_time = 30min\nwarmup_energy_kwh = 5\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_off_s"), 15.5 * 3600, TOL);
    assert_close(machine(&r, 0, "time_warmup_s"), 0.5 * 3600, TOL);
    assert_close(machine(&r, 0, "time_idle_s"), 8 * 3600, TOL);
    assert_close(machine(&r, 0, "energy_off_kwh"), 0.1 * 15.5, TOL);
    assert_close(machine(&r, 0, "energy_warmup_kwh"), 5.0, TOL);
    assert_close(machine(&r, 0, "energy_idle_kwh"), 16.0, TOL);
    fs_run_result_clear(&r);
}

/* Busy-clock failures, all deterministic: a failure after every 25 s of
 * busy time, 5 s to repair, service 10 s every 20 s. Jobs 3, 6 and 9 are
 * interrupted 5 s in and resume after repair: lead times 10 x 6 and 15 x 3. */
static void test_energy_failures_busy_clock(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 200\n[source a]\ninterarrival = 20\nto = m\n"
        "[station m]\nservice = 10\nttf = 25\nttr = 5\nfailure_clock = busy\npower_failed_kw = 1\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_failed_s"), 15.0, TOL);
    assert_close(machine(&r, 0, "entries_failed"), 3, 0);
    assert_close(machine(&r, 0, "time_busy_s"), 90.0, TOL);
    assert_close(kpi(&r, "throughput_units"), 9, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), 105.0 / 9.0, TOL);
    assert_close(machine(&r, 0, "energy_failed_kwh"), kwh(1, 15), TOL);
    fs_run_result_clear(&r);
}

/* Calendar-clock failures of an idle machine: availability
 * MTTF / (MTTF + MTTR) = 900 / 1000 within the replications' 99% CI. */
static void test_energy_failures_availability(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 1000000\nreplications = 10\nseed = 17\n"
        "[source a]\ninterarrival = 1e9\nto = m\n"
        "[station m]\nservice = 1\nttf = exponential(mean=900)\nttr = exponential(mean=100)\n");
    double x[10], mean, hw;
    for (guint rep = 0; rep < 10; rep++) {
        fs_run_result r;
        run_one(spec, rep, &r);
        x[rep] = 1.0 - machine(&r, 0, "time_failed_s") / spec->horizon_s;
        fs_run_result_clear(&r);
    }
    fs_stats_ci(x, 10, 0.99, &mean, &hw);
    printf("seed 17: availability %.5f +/- %.5f (99%%), expected 0.9\n", mean, hw);
    assert_true(fabs(mean - 0.9) <= hw);
    assert_true(hw < 0.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_energy_always_on),
        cmocka_unit_test(test_energy_standby_after),
        cmocka_unit_test(test_energy_breakeven_threshold),
        cmocka_unit_test(test_energy_breakeven_warms_ahead),
        cmocka_unit_test(test_energy_shift_calendar),
        cmocka_unit_test(test_energy_shutdown),
        cmocka_unit_test(test_energy_failures_busy_clock),
        cmocka_unit_test(test_energy_failures_availability),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
