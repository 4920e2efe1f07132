/* test_scheduler.c: parallel lines (copies), the fifo baseline and the
 * LAPS-style planner, checked against counts worked out by hand on
 * deterministic floors, plus the errors a user meets. Seed 1 throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "tests/floor_helpers.h"
#include "tests/plant_helpers.h"

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

/* ---- shift: holding work for a better period ---- */

/* One family, an order of 10 units at 30 s every 6 min (3,000 s of work an
 * hour), on `lines` lines (busy 10 kW, idle 4 kW), from local midnight, a
 * plan every hour; scheduler: the [scheduler] keys after lines and
 * plan_period; site: the [site] group's keys and groups, or NULL for none. */
static char *shift_text(guint lines, const char *horizon, const char *due, const char *scheduler,
                        const char *site)
{
    return g_strdup_printf("[simulation]\nhorizon = %s\nreplications = 1\nseed = 1\n"
                           "start = 2026-01-05T00:00:00+08:00\n"
                           "[source orders]\ninterarrival = 6min\nlot = true\nquantity = 10\ndue = %s\n"
                           "to = line\n"
                           "[station line]\ncopies = %u\nservice = 30s\npower_busy_kw = 10\npower_idle_kw = 4\n"
                           "[scheduler]\nlines = line\nplan_period = 1h\n%s%s%s",
                           horizon, due, lines, scheduler, site ? "[site]\n" : "", site ? site : "");
}

/* A tariff dear (0.5) from 0 to 4 h and cheap (0.1) after. */
static const char dear_then_cheap[] = "[tariff]\nperiods = dear:0.5, cheap:0.1\nweekday = 0-4 dear, 4-24 cheap\n"
                                      "currency = CNY\n";

/* Two lines have room for everything: the plans at 1, 2 and 3 h see the
 * cheap hours from 4 h and hold every order (those of 6..174 min: 29);
 * the plan at 4 h releases them. So the dear hours see only the two
 * lines idling, 2 x 4 kW x 4 h = 32 kWh, and the energy charge is
 * 0.5 x 32 + 0.1 x (the rest). Without shift work runs in the dear hours
 * and costs more. */
static void test_shift_to_cheap_hours(void **state)
{
    (void)state;
    g_autofree char *text = shift_text(2, "8h", "1d", "kind = laps\nshift = price\n", dear_then_cheap);
    g_autoptr(fs_plant_spec) p = plant_from(text, "shift.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_close(plant_kpi(p, &r, "shifted_releases"), 29.0, 0.0);
    double load_kwh = plant_kpi(p, &r, "load_kwh");
    assert_close(plant_kpi(p, &r, "energy_cost"), 0.5 * 32.0 + 0.1 * (load_kwh - 32.0), 1e-9 * load_kwh);
    assert_close(load_kwh, plant_kpi(p, &r, "energy_kwh"), 1e-9 * load_kwh);

    g_autofree char *none_text = shift_text(2, "8h", "1d", "kind = laps\n", dear_then_cheap);
    g_autoptr(fs_plant_spec) none = plant_from(none_text, "shift.ini", ".");
    fs_run_result rn;
    run_plant(none, 1, &rn);
    assert_true(isnan(plant_kpi(none, &rn, "shifted_releases")));
    double none_kwh = plant_kpi(none, &rn, "load_kwh");
    assert_true(plant_kpi(none, &rn, "energy_cost") > 0.5 * 32.0 + 0.1 * (none_kwh - 32.0) + 1.0);
    /* the held work is done by the horizon too: both finish the 69 orders
     * (690 units) of 6..414 min planned by 7 h; those after wait for 8 h */
    assert_close(plant_kpi(p, &r, "units_completed"), 690.0, 0.0);
    assert_close(plant_kpi(none, &rn, "units_completed"), 690.0, 0.0);
    fs_run_result_clear(&r);
    fs_run_result_clear(&rn);
}

/* shifted_releases (and on_time_fraction) of 8 h of shift_text. */
static double shifted_releases(guint lines, const char *due, const char *scheduler, const char *site,
                               double *on_time)
{
    g_autofree char *text = shift_text(lines, "8h", due, scheduler, site);
    g_autoptr(fs_plant_spec) p = plant_from(text, "shift.ini", ".");
    fs_run_result r;
    run_plant(p, 1, &r);
    double n = plant_kpi(p, &r, "shifted_releases");
    *on_time = plant_kpi(p, &r, "on_time_fraction");
    fs_run_result_clear(&r);
    return n;
}

/* Due dates bound the wait: with due = 4 h and no slack an order may wait
 * for the 4 h period only if due at or after its end, 5 h, i.e. created at
 * 1 h or later. The 1 h plan holds none of its 9; the 2 h plan holds the
 * 10 of 60..114 min, the 3 h plan those and 120..174 min: 20 in all. */
static void test_shift_keeps_due_dates(void **state)
{
    (void)state;
    double on_time;
    assert_close(shifted_releases(2, "4h", "kind = laps\nshift = price\nshift_slack = 0\n", dear_then_cheap,
                                  &on_time), 20.0, 0.0);
    assert_close(on_time, 1.0, 0.0);
}

/* Room bounds the wait: one line at target_load 0.85 carries 3,060 s an
 * hour. At 1 h the fresh work is 9 orders (2,700 s), leaving 360 s in each
 * of the 4 cheap hours ahead (4..7 h): 1,440 s, so the 4 orders due last
 * wait (1,200 s). At 2 h and 3 h the fresh work is 3,000 s: 60 s x 4 of
 * room, less than an order, so nothing more waits: 4 in all. */
static void test_shift_fits_the_room(void **state)
{
    (void)state;
    double on_time;
    assert_close(shifted_releases(1, "1d", "kind = laps\nshift = price\n", dear_then_cheap, &on_time), 4.0, 0.0);
}

/* The window bounds the wait: dear (0.5) to 4 h, 0.3 to 6 h, 0.1 after, a
 * 4 h window, orders due in 1000 days (as good as none). At 1 h the best
 * period ahead is 4 h (0.3): the 9 orders of 6..54 min wait. At 2 h it is
 * 6 h (0.1), more than 4 h after those orders and the 10 new ones (60..114
 * min): all go. At 3 h the 10 of 120..174 min wait for 6 h, at 4 h the 10
 * of 180..234 min join them (6,000 s in 6,240 s of room: 2 lines x 3,600 s
 * x 0.85 less 3,000 s fresh, for the 2 periods at 0.1 before the horizon);
 * at 5 h the room takes 20 of 30, those due last: the 10 new and those of
 * 180..234 min: 39 in all. Without the bound the 2 h plan would hold its
 * 10 new orders for 6 h too, and the count would be 49. */
static void test_shift_window_bounds_the_wait(void **state)
{
    (void)state;
    double on_time;
    assert_close(shifted_releases(2, "1000d", "kind = laps\nshift = price\nshift_window = 4h\n",
                                  "[tariff]\nperiods = dear:0.5, mid:0.3, cheap:0.1\n"
                                  "weekday = 0-4 dear, 4-6 mid, 6-24 cheap\n", &on_time), 39.0, 0.0);
}

/* The same with the grid's carbon as the signal: an hourly series (a
 * typical year by local hour) at 1.0 kg/kWh from 0 to 4 h each day and 0.2
 * after, no tariff. Every order again waits for 4 h, and the dear hours
 * emit only the idle lines' 32 kWh x 1.0. */
static void test_shift_to_clean_hours(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("shift-XXXXXX", NULL);
    GString *csv = g_string_new("time,kg_per_kwh\n");
    for (guint h = 0; h < 8760; h++)
        g_string_append_printf(csv, "%u,%s\n", h * 3600u, h % 24 < 4 ? "1.0" : "0.2");
    g_autofree char *csv_path = g_build_filename(dir, "carbon.csv", NULL);
    assert_true(g_file_set_contents(csv_path, csv->str, (gssize)csv->len, NULL));
    g_string_free(csv, TRUE);
    g_autofree char *text = shift_text(2, "8h", "1d", "kind = laps\nshift = carbon\n", "carbon_csv = carbon.csv\n");
    g_autoptr(fs_plant_spec) p = plant_from(text, "shift.ini", dir);
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_close(plant_kpi(p, &r, "shifted_releases"), 29.0, 0.0);
    double load_kwh = plant_kpi(p, &r, "load_kwh");
    assert_close(plant_kpi(p, &r, "co2_location_kg"), 1.0 * 32.0 + 0.2 * (load_kwh - 32.0), 1e-9 * load_kwh);
    fs_run_result_clear(&r);
    g_unlink(csv_path);
    g_rmdir(dir);
}

/* On-site generation as the signal, more being better: a 60 kWp roof
 * (more than the lines draw at noon) under a clear sky at Hefei, a day
 * from local midnight, orders due 2 days later. Plans in the night and
 * morning see the sunnier hours ahead and hold work for them, so the lines
 * use more of the roof's output than when they work as the orders come. */
static void test_shift_to_sunny_hours(void **state)
{
    (void)state;
    static const char roof[] = "weather = clearsky\nlatitude_deg = 31.8\nlongitude_deg = 117.3\n[pv roof]\nkwp = 60\n";
    double used_kwh[2], shifted[2];
    for (int shift = 0; shift < 2; shift++) {
        g_autofree char *text = shift_text(2, "1d", "2d", shift ? "kind = laps\nshift = onsite\n" : "kind = laps\n", roof);
        g_autoptr(fs_plant_spec) p = plant_from(text, "shift.ini", ".");
        fs_run_result r;
        run_plant(p, 1, &r);
        used_kwh[shift] = plant_kpi(p, &r, "pv_self_consumed_kwh");
        shifted[shift] = plant_kpi(p, &r, "shifted_releases");
        fs_run_result_clear(&r);
    }
    assert_true(isnan(shifted[0]));
    assert_true(shifted[1] > 0.0);
    assert_true(used_kwh[1] > used_kwh[0] + 1.0);  /* 108.4 against 103.4 kWh */
}

/* The site holds PV for the run's hours and for the planner's reach past
 * them, and no more: a day to the year's end with 10 h plans, whose last
 * plan (at 20 h) reads the signal at 25 h, 1 a.m. on the next year's first
 * day. It runs (the spec's years and hours include that hour), and the PV
 * the meter counts is the year's last day's. */
static void test_shift_reads_past_the_year_end(void **state)
{
    (void)state;
    static const char roof[] = "weather = clearsky\nlatitude_deg = 31.8\nlongitude_deg = 117.3\n[pv roof]\nkwp = 60\n";
    g_autofree char *text = shift_text(2, "1d", "2d", "kind = laps\nshift = onsite\n", roof);
    char *start = strstr(text, "2026-01-05"), *period = strstr(text, "plan_period = 1h");
    memcpy(start, "2026-12-31", 10);
    g_autofree char *shifted = g_strdup_printf("%.*splan_period = 10h%s", (int)(period - text), text,
                                               period + strlen("plan_period = 1h"));
    g_autoptr(fs_plant_spec) p = plant_from(shifted, "shift.ini", ".");
    assert_true(p->site->pv_n_years == 2 && p->site->pv_first_year == 2026);
    /* from midnight to the horizon and half a plan period past it: 29 h, whole hours: 30 */
    assert_true(p->site->pv_to_unix_s - p->site->pv_from_unix_s == 30 * 3600.0);
    fs_run_result r;
    run_plant(p, 1, &r);
    double pv_kwh = plant_kpi(p, &r, "pv_kwh");
    assert_true(pv_kwh > 100.0 && pv_kwh < 60.0 * 8);  /* a clear December day on 60 kWp */
    fs_run_result_clear(&r);
}

/* kind = fixed: four one-hour orders on two lines, from a trace (orders
 * 1-3 at t = 0, order 4 at 30 min). By start: line 1 runs order 1 at 0,
 * order 3 at 1 h and order 4 at 3 h; line 2 order 2 at 2 h: utilisation
 * 3/5 and 1/5 over 5 h, lead times 1, 3, 2 and 3.5 h. By position (line 1:
 * orders 1, 4, 3; line 2: order 2): order 3 waits for order 4, which
 * arrives at 30 min: lead times 1, 1, 3 and 1.5 h. */
static fs_floor_spec *fixed_spec(const char *dir, const char *schedule, GError **error)
{
    g_autofree char *trace = g_build_filename(dir, "orders.csv", NULL);
    g_autofree char *sched = g_build_filename(dir, "schedule.csv", NULL);
    g_assert(g_file_set_contents(trace, "arrival,family,quantity\n0,a,1\n0,a,1\n0,a,1\n30min,a,1\n", -1, NULL));
    g_assert(g_file_set_contents(sched, schedule, -1, NULL));
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(
        "[simulation]\nhorizon = 5h\nreplications = 1\nseed = 1\n"
        "[source orders]\ntrace = orders.csv\nlot = true\n[family a]\nroute = line\n"
        "[station line]\ncopies = 2\nservice = 1h\npower_busy_kw = 10\npower_idle_kw = 1\n"
        "[scheduler]\nkind = fixed\nlines = line\nschedule_csv = schedule.csv\n", "fixed.ini", dir, error);
    return sc ? fs_floor_spec_from_scenario(sc, error) : NULL;
}

static void test_fixed_schedule(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fixed-XXXXXX", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(fs_floor_spec) by_start =
        fixed_spec(dir, "order,line,start\n1,1,0\n2,line#2,2h\n3,1,1h\n4,1,3h\n", &error);
    if (!by_start)
        fail_msg("%s", error->message);
    fs_run_result r;
    run_one(by_start, 0, &r);
    assert_close(cell(&r, 0, 0, "utilisation"), 0.6, 1e-12);
    assert_close(cell(&r, 0, 1, "utilisation"), 0.2, 1e-12);
    assert_close(kpi(&r, "mean_lead_time_s"), (1 + 3 + 2 + 3.5) / 4 * 3600, 1e-9);
    assert_close(kpi(&r, "late_releases"), 0.0, 0.0);
    fs_run_result_clear(&r);
    g_autoptr(fs_floor_spec) by_position =
        fixed_spec(dir, "order,line,position\n1,1,1\n2,2,1\n3,1,3\n4,1,2\n", &error);
    if (!by_position)
        fail_msg("%s", error->message);
    run_one(by_position, 0, &r);
    assert_close(kpi(&r, "mean_lead_time_s"), (1 + 1 + 3 + 1.5) / 4 * 3600, 1e-9);
    assert_true(isnan(kpi(&r, "late_releases")));
    fs_run_result_clear(&r);
    /* bad rows: errors with the line of the file */
    static const struct {
        const char *csv, *error;
    } bad[] = {
        {"order,line,start\n1,1,0\n2,line#3,0\n3,1,0\n4,1,1h\n", "line 3: line 'line#3' is not a line of 'line'"},
        {"order,line,start\n1,1,0\n2,2,0\n3,1,1h\n4,1,0\n", "line 5: order 4 starts at 0 s, before it is released (1800 s"},
        {"order,line,start\n1,1,0\n1,2,0\n", "line 3: order 1 is scheduled on line 2 already"},
        {"order,line,start\n1,1,0\n2,2,0\n3,1,1h\n", "3 rows for the trace's 4 orders"},
        {"order,line,position\n1,1,1\n2,2,1\n3,1,3\n4,1,4\n", "line 1 has 3 orders but positions up to 4"},
        {"order,station,start\n1,1,0\n", "the header must name the columns order, line, and one of start or position"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_clear_error(&error);
        fs_floor_spec *spec = fixed_spec(dir, bad[i].csv, &error);
        if (spec)
            fail_msg("no error for case %u", i);
        if (!strstr(error->message, bad[i].error))
            fail_msg("case %u: '%s' lacks '%s'", i, error->message, bad[i].error);
        assert_non_null(strstr(error->message, "schedule_csv"));
    }
    g_autofree char *trace = g_build_filename(dir, "orders.csv", NULL);
    g_autofree char *sched = g_build_filename(dir, "schedule.csv", NULL);
    g_unlink(trace);
    g_unlink(sched);
    g_rmdir(dir);
}

/* The benchmark's Table 1 example (Aghelinejad et al. 2019; its costed
 * schedule has TEC 155) as a whole plant: the jobs as a trace, the
 * schedule as [scheduler] kind = fixed, the instance's prices as an hourly
 * tariff. The break-even machine reads its next release from the schedule:
 * it warms up in hours 1-2 (8 kW at 3 and 2: 40), runs hours 3-7 (6 kW:
 * 54 + 12 + 42), and, nothing more to come, shuts down in hour 8 (1 kW x
 * 7): the bill's energy charge is the instance's 155 (test_energy_states
 * costs the same schedule with the instance's own model). */
static void test_fixed_schedule_billed(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fixedbill-XXXXXX", NULL);
    g_autofree char *trace = g_build_filename(dir, "jobs.csv", NULL);
    g_autofree char *sched = g_build_filename(dir, "schedule.csv", NULL);
    assert_true(g_file_set_contents(trace, "arrival,family,quantity\n0,j,2\n0,j,1\n0,j,2\n", -1, NULL));
    assert_true(g_file_set_contents(sched, "order,line,start\n1,1,3h\n2,1,5h\n3,1,6h\n", -1, NULL));
    static const int price[16] = {0, 3, 2, 5, 4, 2, 3, 4, 7, 2, 5, 4, 6, 1, 3, 2};
    GString *periods = g_string_new("periods = "), *weekday = g_string_new("weekday = ");
    for (int h = 0; h < 16; h++) {
        g_string_append_printf(periods, "%sh%d:%d", h ? ", " : "", h, price[h]);
        g_string_append_printf(weekday, "%s%d-%d h%d", h ? ", " : "", h, h == 15 ? 24 : h + 1, h);
    }
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 16h\nreplications = 1\nseed = 1\nstart = 2026-01-05T00:00:00+00:00\n"
        "[source jobs]\ntrace = jobs.csv\nlot = true\n[family j]\nroute = machine\n"
        "[station machine]\nservice = 1h\npower_busy_kw = 6\npower_idle_kw = 2\npower_off_kw = 0\n"
        "warmup_time = 2h\nwarmup_energy_kwh = 16\nshutdown_time = 1h\nshutdown_energy_kwh = 1\n"
        "initial_state = off\npolicy = off_if_idle_longer_than_breakeven\n"
        "[scheduler]\nkind = fixed\nlines = machine\nschedule_csv = schedule.csv\n"
        "[site]\nbilling_interval = 1h\n[tariff]\n%s\n%s\n", periods->str, weekday->str);
    g_string_free(periods, TRUE);
    g_string_free(weekday, TRUE);
    g_autoptr(fs_plant_spec) p = plant_from(text, "fixed.ini", dir);
    fs_run_result r;
    run_plant(p, 1, &r);
    assert_close(plant_kpi(p, &r, "energy_cost"), 155.0, 1e-9);
    assert_close(plant_kpi(p, &r, "energy_kwh"), 16 + 6 * 5 + 1, 1e-9);
    assert_close(plant_kpi(p, &r, "mean_lead_time_s"), (5 + 6 + 8) / 3.0 * 3600, 1e-6);
    fs_run_result_clear(&r);
    g_unlink(trace);
    g_unlink(sched);
    g_rmdir(dir);
}

static void test_shift_errors(void **state)
{
    (void)state;
    static const struct {
        const char *scheduler, *site, *error;
    } rows[] = {
        {"kind = laps\nshift = carbon\n", dear_then_cheap,
         "[scheduler] shift = carbon: needs a [site] with an hourly grid carbon"},
        {"kind = laps\nshift = onsite\n", dear_then_cheap, "shift = onsite: needs a [site] with PV"},
        {"kind = laps\nshift = prise\n", dear_then_cheap, "did you mean 'price'"},
        {"kind = laps\nshift = price\nshift_window = 30min\n", dear_then_cheap,
         "[scheduler] shift_window = 30min: must be from one plan_period to 1000"},
        {"kind = fifo\nshift = price\n", dear_then_cheap, "only a laps planner holds work back"},
        {"kind = laps\nshift = price\n", NULL, "shift = price: needs a [site] with a [tariff]"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *text = shift_text(2, "8h", "1d", rows[i].scheduler, rows[i].site);
        expect_plant_error(text, rows[i].error);
    }
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
        cmocka_unit_test(test_shift_to_cheap_hours),
        cmocka_unit_test(test_shift_keeps_due_dates),
        cmocka_unit_test(test_shift_window_bounds_the_wait),
        cmocka_unit_test(test_shift_to_clean_hours),
        cmocka_unit_test(test_shift_to_sunny_hours),
        cmocka_unit_test(test_shift_reads_past_the_year_end),
        cmocka_unit_test(test_shift_fits_the_room),
        cmocka_unit_test(test_shift_errors),
        cmocka_unit_test(test_fixed_schedule),
        cmocka_unit_test(test_fixed_schedule_billed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
