/* test_scheduler.c: parallel lines (copies), the fifo baseline and the
 * LAPS-style planner, checked against counts worked out by hand on
 * deterministic floors, plus the errors a user meets. Seed 1 throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/floor_helpers.h"

/* One order every 6 min alternating families a and b (a trace), 10 units
 * each at 30 s a unit (300 s of work), on `lines` parallel lines with a
 * 60 s changeover between families. */
static char *two_family_text(const char *scheduler, guint lines, const char *extra)
{
    GString *s = g_string_new("[simulation]\nhorizon = 4h\nreplications = 1\nseed = 1\n"
                              "[source orders]\ninterarrival = 6min\nlot = true\nquantity = 10\n"
                              "due = 1d\nfamily = a:0.5, b:0.5\n"
                              "[family a]\nroute = line\n[family b]\nroute = line\n");
    g_string_append_printf(s, "[station line]\ncopies = %u\nservice = 30s\nsetup = *:60s\n"
                              "power_busy_kw = 10\npower_idle_kw = 4\npower_standby_kw = 1\n%s",
                           lines, extra ? extra : "");
    if (scheduler)
        g_string_append_printf(s, "[scheduler]\nlines = line\n%s", scheduler);
    return g_string_free(s, FALSE);
}

/* copies = 3 makes three stations line#1..line#3 with their own machines. */
static void test_copies_expand(void **state)
{
    (void)state;
    g_autofree char *text = two_family_text(NULL, 3, NULL);
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    assert_int_equal(spec->stations->len, 3);
    for (guint i = 0; i < 3; i++) {
        const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, i);
        g_autofree char *want = g_strdup_printf("line#%u", i + 1);
        assert_string_equal(st->name, want);
        assert_int_equal(st->copy_leader, 0);
        assert_int_equal(st->copy_index, i);
    }
}

/* fifo with idle lines: each order goes to an empty line, taken in turn,
 * so 40 orders over 4 lines give 10 each; every order after a line's
 * first meets the other family's changeover only when the family changes. */
static void test_fifo_spreads_over_all_lines(void **state)
{
    (void)state;
    g_autofree char *text = two_family_text("kind = fifo\n", 4, NULL);
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    /* orders at 6, 12, ..., 240 min: 40, each done before the next comes */
    assert_close(kpi(&r, "units_created"), 400.0, 0.0);
    for (guint i = 0; i < 4; i++)
        assert_close(station(&r, i, "arrivals"), 10.0, 0.0);
    assert_close(kpi(&r, "planned_lines_mean"), 4.0, 0.0);
    fs_run_result_clear(&r);
}

/* LAPS on one line: every hour ten orders (5 a, 5 b) are planned as two
 * family batches, so each plan costs at most two changeovers (the first
 * plan one: the line starts set up for nothing). FIFO alternates families
 * and changes over before every order but the first. */
static void test_laps_batches_families(void **state)
{
    (void)state;
    g_autofree char *fifo_text = two_family_text("kind = fifo\n", 1, NULL);
    g_autofree char *laps_text = two_family_text("kind = laps\nplan_period = 1h\n", 1, NULL);
    g_autoptr(fs_floor_spec) fifo = spec_from(fifo_text);
    g_autoptr(fs_floor_spec) laps = spec_from(laps_text);
    fs_run_result rf, rl;
    run_one(fifo, 0, &rf);
    run_one(laps, 0, &rl);
    /* the family draws are random; count the changes FIFO must make */
    double orders_fifo = station(&rf, 0, "arrivals");
    assert_true(kpi(&rf, "setups") >= 1.0 && kpi(&rf, "setups") <= orders_fifo - 1.0);
    /* plans at 1, 2, 3 and 4 h, at most two changeovers each */
    assert_true(kpi(&rl, "setups") <= 8.0);
    assert_true(kpi(&rl, "setups") < kpi(&rf, "setups"));
    /* the same orders (common random numbers) and the same work done */
    assert_close(kpi(&rl, "units_created"), kpi(&rf, "units_created"), 0.0);
    fs_run_result_clear(&rf);
    fs_run_result_clear(&rl);
}

/* The planner keeps the fewest lines that carry the work: 10 orders of
 * 300 s an hour on one family is 3,000 s of work per 3,600 s period; at
 * target_load 0.5 that needs ceil(3000 / 1800) = 2 lines, so lines 3 and
 * 4 never get an order, and the time-average active count is 1 in the
 * first hour (min_lines) and 2 after: (1 + 2 + 2 + 2) / 4 = 1.75 over 4 h. */
static void test_laps_fewest_lines(void **state)
{
    (void)state;
    g_autofree char *text = two_family_text("kind = laps\nplan_period = 1h\ntarget_load = 0.5\n", 4,
                                            NULL);
    /* one family only: replace the mix */
    static const char one[] = "family = a           ";  /* as long as the mix it replaces */
    char *mix = strstr(text, "family = a:0.5, b:0.5");
    memcpy(mix, one, strlen(one));
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "planned_lines_mean"), 1.75, 1e-12);
    assert_true(station(&r, 0, "arrivals") > 0.0);
    assert_true(station(&r, 1, "arrivals") > 0.0);
    assert_close(station(&r, 2, "arrivals"), 0.0, 0.0);
    assert_close(station(&r, 3, "arrivals"), 0.0, 0.0);
    /* lines never used sat idle the whole 4 h at 4 kW: 16 kWh each */
    assert_close(station(&r, 3, "energy_kwh"), 16.0, 1e-9);
    fs_run_result_clear(&r);
}

/* off_outside_shifts: off between shifts (08:00-16:00), woken by work.
 * Orders at 10:00 and 20:00: off until 10:00, 30 s busy, idle to 16:00,
 * off after; the 20:00 order waits for the next shift. 18 h x 0.5 kW +
 * 30 s x 10 kW + (6 h - 30 s) x 4 kW = 33.05 kWh. */
static void test_off_outside_shifts(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 1d\nreplications = 1\nseed = 1\n"
                       "start = 2026-01-05T00:00:00+08:00\n"
                       "[calendar day]\nshifts = daily 08:00-16:00\n"
                       "[source orders]\ninterarrival = 10h\nto = cell\n"
                       "[station cell]\nservice = 30s\npower_busy_kw = 10\npower_idle_kw = 4\n"
                       "power_off_kw = 0.5\ncalendar = day\noff_outside_shifts = true\n";
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(machine(&r, 0, "time_off_s"), 18.0 * 3600.0, 1e-6);
    assert_close(machine(&r, 0, "time_busy_s"), 30.0, 1e-9);
    assert_close(machine(&r, 0, "time_idle_s"), 6.0 * 3600.0 - 30.0, 1e-6);
    assert_close(kpi(&r, "energy_kwh"), 33.05, 1e-9);
    assert_close(kpi(&r, "units_completed"), 1.0, 0.0);
    fs_run_result_clear(&r);
}

static void test_scheduler_errors(void **state)
{
    (void)state;
    g_autofree char *finite = two_family_text("kind = laps\n", 2, "buffer = 5\n");
    expect_floor_error(finite, "[scheduler] lines");
    expect_floor_error(finite, "unlimited buffer");
    g_autofree char *too_many = two_family_text("kind = laps\nmin_lines = 3\n", 2, NULL);
    expect_floor_error(too_many, "min_lines");
    g_autofree char *kind = two_family_text("kind = lapz\n", 2, NULL);
    expect_floor_error(kind, "did you mean 'laps'");
    g_autofree char *lines = two_family_text("kind = laps\n", 2, NULL);
    char *at = strstr(lines, "lines = line");
    memcpy(at, "lines = lime", 12);
    expect_floor_error(lines, "no station named 'lime'");
    g_autofree char *copies = two_family_text(NULL, 0, NULL);
    expect_floor_error(copies, "copies");
    expect_floor_error("[simulation]\nhorizon = 1d\n[calendar c]\nshifts = daily 08:00-16:00\n"
                 "[source s]\ninterarrival = 1h\nto = m\n[station m]\nservice = 1\n"
                 "off_outside_shifts = true\n", "needs a calendar");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copies_expand),
        cmocka_unit_test(test_fifo_spreads_over_all_lines),
        cmocka_unit_test(test_laps_batches_families),
        cmocka_unit_test(test_laps_fewest_lines),
        cmocka_unit_test(test_off_outside_shifts),
        cmocka_unit_test(test_scheduler_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
