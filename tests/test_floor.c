/* test_floor.c: the station network against hand calculations, blocking,
 * determinism across threads, common random numbers, Little's law. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include "sim/build_info.h"
#include "study/runner.h"

#include "study/plant.h"
#include "models/floor/floor_internal.h"
#include "tests/floor_helpers.h"

/* Arrivals every 10 s from t = 10, service 4 s, horizon 1000 s: 100
 * arrivals (the one at t = 1000 is still in service at the end), 99
 * completions, each after exactly 4 s; busy 99 * 4 s of 1000. */
static void test_floor_deterministic_single_station(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 1000\n[source a]\ninterarrival = 10\nto = m\n"
        "[station m]\nservice = 4\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "units_created"), 100, 0);
    assert_close(kpi(&r, "throughput_units"), 99, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), 4.0, 1e-12);
    assert_close(kpi(&r, "wip_mean"), 0.396, 1e-12);
    assert_close(station(&r, 0, "utilisation"), 0.396, 1e-12);
    assert_close(station(&r, 0, "mean_wait_s"), 0.0, 0);
    assert_close(station(&r, 0, "prob_wait"), 0.0, 0);
    assert_close(station(&r, 0, "arrivals"), 100, 0);
    fs_run_result_clear(&r);
}

/* Saturated input, first 2 s, second 3 s, no buffer between: second
 * finishes every 3 s from t = 5, first is blocked 1 s in every 3. Unit k
 * >= 3 is created at 3k - 7 (when the source is let in) and leaves at
 * 3k + 2, so its lead time is 9; units 1 and 2 take 5 and 8. */
static void test_floor_deterministic_tandem_blocking(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 3005\nwarmup = 5\n[source raw]\ninterarrival = 0\nto = first\n"
        "[station first]\nbuffer = 0\nservice = 2\nto = second\n"
        "[station second]\nbuffer = 0\nservice = 3\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "throughput_units"), 1001, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), 9004.0 / 1001.0, 1e-12);
    assert_close(station(&r, 0, "utilisation"), 2.0 / 3.0, 1e-12);
    assert_close(station(&r, 0, "blocked_fraction"), 1.0 / 3.0, 1e-12);
    assert_close(station(&r, 1, "utilisation"), 1.0, 1e-12);
    assert_close(station(&r, 1, "blocked_fraction"), 0.0, 0);
    fs_run_result_clear(&r);
}

/* Setup rules by precedence (exact, any -> to, from -> any, any change;
 * the same family only by an exact rule), resolved into the station's
 * table at load: every pair by hand, and the table against the search. */
static void test_floor_setup_table_matches_rules(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 100\n[source s]\ninterarrival = 10\nfamily = a:0.25, b:0.25, c:0.25, d:0.25\n"
        "[family a]\nroute = m\n[family b]\nroute = m\n[family c]\nroute = m\n[family d]\nroute = m\n"
        "[station m]\nservice = 1\nsetup = a>b:10, *>c:5, b>*:7, *:3, a>a:2\n");
    const fs_station_spec *m = &g_array_index(spec->stations, fs_station_spec, 0);
    assert_non_null(m->setup_table_s);
    assert_int_equal(m->setup_table_families, 4);
    enum { A, B, C, D };
    const double want[4][4] = {
        [A] = {[A] = 2, [B] = 10, [C] = 5, [D] = 3},
        [B] = {[A] = 7, [B] = 0, [C] = 5, [D] = 7},
        [C] = {[A] = 3, [B] = 3, [C] = 0, [D] = 3},
        [D] = {[A] = 3, [B] = 3, [C] = 5, [D] = 0},
    };
    for (int from = 0; from < 4; from++)
        for (int to = 0; to < 4; to++) {
            assert_close(fs__station_setup_time_s(m, from, to), want[from][to], 0);
            assert_close(fs__setup_rules_time_s(m, from, to), want[from][to], 0);
        }
    const double another[4] = {3, 3, 5, 3};  /* from some other family: any -> to, then any change */
    for (int to = 0; to < 4; to++) {
        assert_close(fs__station_setup_time_s(m, FS__ANOTHER_FAMILY, to), another[to], 0);
        assert_close(fs__setup_rules_time_s(m, FS__ANOTHER_FAMILY, to), another[to], 0);
        assert_close(fs__station_setup_time_s(m, -1, to), 0.0, 0);  /* set up for nothing yet */
        assert_close(fs__station_setup_time_s(m, to, -1), 0.0, 0);
    }
    /* a rule naming no family is refused by name, listing the families */
    expect_floor_error("[simulation]\nhorizon = 100\n[source s]\ninterarrival = 10\nfamily = a\n[family a]\nroute = m\n"
                       "[station m]\nservice = 1\nsetup = a>zz:1\n",
                       "[station m] setup = a>zz:1: no family named 'zz' (families: a)");
}

/* A busy machine whose unit leaves while work waits passes BUSY -> IDLE ->
 * BUSY in no time; without a trace the station takes a shorter path there
 * (station.c hand_over). A trace forces the general one, so the two runs
 * must agree to the bit: every KPI and every table cell, energy by state,
 * state entries and the busy averages included. Two lines of two machines
 * with distinct powers, families with their own busy power, a setup between
 * families (which the short path leaves to the general one), busy-clock
 * failures and a finite buffer that blocks the first line. */
/* Runs one replication of spec; traced, every lean and hand-over path is
 * off (they are taken only where nobody watches the instant). */
static void run_traced(fs_floor_spec *spec, gboolean traced, guint rep, fs_run_result *r)
{
    spec->trace = traced;
    run_one(spec, rep, r);
}

/* Every KPI and table cell of a and b (but the trace) is the same double. */
static void assert_untraced_equals_traced(const char *what, const fs_run_result *a, const fs_run_result *b)
{
    for (guint k = 0; k < a->schema->n_kpi; k++)
        if (memcmp(&a->kpi[k], &b->kpi[k], sizeof(double)) != 0)
            fail_msg("%s: KPI %s: %.17g untraced, %.17g traced", what, a->schema->kpi[k].name, a->kpi[k], b->kpi[k]);
    for (guint t = 0; t < a->schema->n_tables; t++) {
        if (strcmp(a->schema->tables[t].name, "trace") == 0)
            continue;
        GArray *x = a->tables[t].values, *y = b->tables[t].values;
        assert_int_equal(x->len, y->len);
        for (guint i = 0; i < x->len; i++)
            if (memcmp(&g_array_index(x, double, i), &g_array_index(y, double, i), sizeof(double)) != 0)
                fail_msg("%s: table %s cell %u: %.17g untraced, %.17g traced", what, a->schema->tables[t].name, i,
                         g_array_index(x, double, i), g_array_index(y, double, i));
    }
}

static void test_floor_hand_over_matches_general_path(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 200000\nseed = 7\n"
                       "[source s]\ninterarrival = exponential(mean=5.2)\nfamily = a:0.75, b:0.25\n"
                       "[family a]\nroute = m, n\ntime_m = exponential(mean=9)\ntime_n = gamma(shape=2, scale=4.5)\n"
                       "power_busy_kw_m = 7.3\n"
                       "[family b]\nroute = m, n\ntime_m = lognormal(mean=8, sd=3)\ntime_n = 8.5\n"
                       "[station m]\nservers = 2\nbuffer = 2\npower_idle_kw = 2.35\npower_busy_kw = 6.1\n"
                       "power_blocked_kw = 3.3\nsetup = a>b:1.5, b>a:2\n"
                       "ttf = exponential(mean=3h)\nttr = exponential(mean=10min)\nfailure_clock = busy\n"
                       "[station n]\nservers = 2\nbuffer = 1\npower_idle_kw = 1.1\npower_busy_kw = 9.7\n";
    fs_run_result r[2];
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    for (int traced = 0; traced < 2; traced++)
        run_traced(spec, traced, 0, &r[traced]);
    assert_true(kpi(&r[0], "units_completed") > 30000);
    assert_true(station(&r[0], 0, "blocked_fraction") > 0.0);
    assert_untraced_equals_traced("hand-over floor", &r[0], &r[1]);
    fs_run_result_clear(&r[0]);
    fs_run_result_clear(&r[1]);
}

/* The lean path (issue 19: a lean station's arrival and service end, a
 * lean source's order, each in one function) gives the general path's
 * results to the bit, on every shipped scenario (floor and site, the
 * sweep's base point) for two days and two replications: untraced (lean
 * and hand-over paths taken where they apply) against traced (every unit
 * through the general path). Not vacuous: the counts of lean stations and
 * sources over the scenarios are checked. */
static void test_floor_lean_path_matches_general_path(void **state)
{
    (void)state;
    g_autofree char *dir = g_build_filename(FS_SOURCE_DIR, "scenarios", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    assert_non_null(d);
    const char *name;
    guint scenarios = 0, lean_stations = 0, lean_sources = 0;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".ini") || strcmp(name, "hefei-common.ini") == 0)  /* included by the Hefei ones */
            continue;
        g_autofree char *path = g_build_filename(dir, name, NULL);
        GError *e = NULL;
        g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
        if (!sc || !fs_scenario_set(sc, "simulation.horizon=2d", &e))
            fail_msg("%s", e->message);
        fs_plant_spec *plant = fs_plant_spec_from_scenario(sc, &e);
        if (!plant)
            fail_msg("%s", e->message);
        if (plant->floor) {  /* which of its stations and sources are lean */
            fs_sim_params p = {.horizon_s = plant->floor->horizon_s, .master_seed = 1};
            g_autoptr(fs_sim) sim = fs_sim_new(&p);
            g_autoptr(fs_floor) floor = fs_floor_new(sim, plant->floor);
            for (guint i = 0; i < floor->n_stations; i++)
                lean_stations += floor->stations[i].lean;
            for (guint i = 0; i < floor->n_sources; i++)
                lean_sources += floor->sources[i].lean_dest != NULL;
        }
        for (guint rep = 0; rep < 2; rep++) {
            fs_run_result r[2];
            for (int traced = 0; traced < 2; traced++) {
                fs_plant_spec_set_detail(plant, traced, FALSE);
                fs_run_result_init(&r[traced], plant->schema);
                if (!fs_plant_run(plant, 0, rep, 1, &r[traced], &e))
                    fail_msg("%s: %s", name, e->message);
            }
            g_autofree char *what = g_strdup_printf("%s, replication %u", name, rep);
            assert_untraced_equals_traced(what, &r[0], &r[1]);
            fs_run_result_clear(&r[0]);
            fs_run_result_clear(&r[1]);
        }
        fs_plant_spec_free(plant);
        scenarios++;
    }
    g_dir_close(d);
    printf("lean path: %u scenarios, %u lean stations, %u lean sources, results identical\n", scenarios,
           lean_stations, lean_sources);
    assert_true(scenarios >= 15);
    assert_true(lean_sources >= 3);
    assert_true(lean_stations >= 10);
}

/* lot_sampling: lots of 10 units, gamma(shape 2, scale 2 s) per unit, so
 * a lot takes gamma(20, 2 s): mean 40 s, E[S^2] = 20 x 21 x 4 = 1680 s^2.
 * Poisson lots every 100 s on one machine: M/G/1, and Pollaczek-Khinchine
 * gives the mean lead time 40 + 0.01 x 1680 / (2 x 0.6) = 54 s, per unit
 * or by one draw of the sum alike (20,000 lots; the standard error of the
 * mean is about 0.4 s). Constant times sum exactly either way. */
static void test_floor_lot_sampling_exact_sum(void **state)
{
    (void)state;
    const char *base = "[simulation]\nhorizon = 2000000\n[source a]\ninterarrival = exponential(mean=100)\n"
                       "to = m\nquantity = 10\nlot = true\n[station m]\nservice = gamma(shape=2, scale=2)\n";
    double lead_s[2];
    for (int k = 0; k < 2; k++) {
        g_autofree char *text = g_strconcat(base, k ? "lot_sampling = exact_sum\n" : "", NULL);
        g_autoptr(fs_floor_spec) spec = spec_from(text);
        fs_run_result r;
        run_one(spec, 0, &r);
        lead_s[k] = kpi(&r, "mean_lead_time_s");
        printf("lot_sampling %s: mean lead time %.3f s (Pollaczek-Khinchine 54), utilisation %.4f (0.4)\n",
               k ? "exact_sum" : "per_unit", lead_s[k], station(&r, 0, "utilisation"));
        assert_close(lead_s[k], 54.0, 2.0);
        assert_close(station(&r, 0, "utilisation"), 0.4, 0.01);
        fs_run_result_clear(&r);
    }
    assert_true(lead_s[0] != lead_s[1]);  /* one draw per lot is another sequence */
    g_autoptr(fs_floor_spec) fixed = spec_from("[simulation]\nhorizon = 1000\n[source a]\ninterarrival = 100\n"
                                               "to = m\nquantity = 10\nlot = true\n[station m]\nservice = 4\n"
                                               "lot_sampling = exact_sum\n");
    fs_run_result r;
    run_one(fixed, 0, &r);
    assert_close(kpi(&r, "mean_lead_time_s"), 40.0, 1e-12);
    fs_run_result_clear(&r);
    expect_floor_error("[simulation]\nhorizon = 100\n[source a]\ninterarrival = 10\nto = m\n[station m]\nservice = lognormal(mean=4, sd=1)\n"
                       "lot_sampling = exact_sum\n",
                       "[station m] lot_sampling = exact_sum: exact_sum needs every unit time at this station to have an exact "
                       "one-draw sum: constant, exponential or gamma; its service is "
                       "lognormal(mean=4, sd=1)");
    expect_floor_error("[simulation]\nhorizon = 100\n[source a]\ninterarrival = 10\nto = m\n[station m]\n"
                       "service = uniform(min=1, max=2)\nlot_sampling = exact_sum\n",
                       "its service is uniform(min=1, max=2)");
    expect_floor_error("[simulation]\nhorizon = 100\n[source a]\ninterarrival = 10\nfamily = f\n[family f]\nroute = m\n"
                       "time_m = weibull(shape=2, scale=3)\n[station m]\nservice = 4\nlot_sampling = exact_sum\n",
                       "[family f] time_m is weibull(shape=2, scale=3)");
    expect_floor_error("[simulation]\nhorizon = 100\n[source a]\ninterarrival = 10\nto = m\n[station m]\nservice = 4\nlot_sampling = sum\n",
                       "lot_sampling");
}

static fs_run_result *run_all(const fs_floor_spec *spec, guint points, int threads)
{
    const void **specs = g_new(const void *, points);
    for (guint p = 0; p < points; p++)
        specs[p] = spec;
    fs_runner_config cfg = {
        .schema = fs_floor_spec_schema(spec), .run = fs_floor_run, .point_specs = specs,
        .n_points = points, .replications = spec->replications, .master_seed = spec->seed,
        .threads = threads,
    };
    fs_run_result *res = fs_runner_run(&cfg);
    g_free(specs);
    return res;
}

static void assert_same_results(const fs_run_result *a, const fs_run_result *b, guint n, gboolean same)
{
    guint n_kpi = a[0].schema->n_kpi;
    gboolean all_equal = TRUE;
    for (guint i = 0; i < n; i++) {
        all_equal &= memcmp(a[i].kpi, b[i].kpi, n_kpi * sizeof(double)) == 0;
        all_equal &= a[i].tables[0].values->len == b[i].tables[0].values->len
                     && memcmp(a[i].tables[0].values->data, b[i].tables[0].values->data,
                               a[i].tables[0].values->len * sizeof(double)) == 0;
    }
    assert_int_equal(all_equal, same);
}

/* The default plant (floor and site) from the scenario directory. */
static fs_plant_spec *default_plant(void)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(fs_build_default_scenario(), "default.ini",
                                                      fs_build_scenario_dir(), &e);
    fs_plant_spec *p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p)
        fail_msg("%s", e->message);
    return p;
}

static fs_run_result *run_plant(const fs_plant_spec *p, int threads)
{
    const void *specs[1] = {p};
    fs_runner_config cfg = {.schema = p->schema, .run = fs_plant_run, .point_specs = specs, .n_points = 1,
                            .replications = p->settings->replications, .master_seed = p->settings->seed,
                            .threads = threads};
    return fs_runner_run(&cfg);
}

/* The default plant on 1 and 2 threads: bit-identical KPIs and tables. */
static void test_floor_threads_bit_identical(void **state)
{
    (void)state;
    g_autoptr(fs_plant_spec) p = default_plant();
    guint n = p->settings->replications;
    printf("default scenario, seed %" G_GUINT64_FORMAT ", %u replications\n", p->settings->seed, n);
    fs_run_result *one = run_plant(p, 1), *two = run_plant(p, 2);
    for (guint i = 0; i < n; i++) {
        assert_memory_equal(one[i].kpi, two[i].kpi, p->schema->n_kpi * sizeof(double));
        for (guint t = 0; t < p->schema->n_tables; t++) {
            assert_int_equal(one[i].tables[t].values->len, two[i].tables[t].values->len);
            assert_memory_equal(one[i].tables[t].values->data, two[i].tables[t].values->data,
                                one[i].tables[t].values->len * sizeof(double));
        }
    }
    assert_true(one[0].kpi[0] != one[1].kpi[0]);  /* replications differ */
    fs_runner_results_free(one, n);
    fs_runner_results_free(two, n);
}

/* Common random numbers: point 1 replays point 0's draws; without CRN it does not. */
static void test_floor_common_random_numbers(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 5000\nreplications = 3\nseed = 8\n"
        "[source a]\ninterarrival = exponential(mean=2)\nto = m\n[station m]\nservice = exponential(mean=1.5)\n");
    fs_run_result *res = run_all(spec, 2, 2);
    assert_same_results(res, res + 3, 3, TRUE);
    fs_runner_results_free(res, 6);
    spec->common_random_numbers = FALSE;
    res = run_all(spec, 2, 2);
    assert_same_results(res, res + 3, 3, FALSE);
    fs_runner_results_free(res, 6);
}

/* A steady-state line (no calendar, long horizon): Little's law L = X W
 * at every station in every run. */
static const char steady_line[] =
    "[simulation]\nhorizon = 7d\nwarmup = 1d\nreplications = 5\nseed = 42\n"
    "[source boards]\ninterarrival = exponential(mean=60s)\nto = printer\n"
    "[station printer]\nbuffer = 20\nservice = triangular(min=35s, mode=40s, max=50s)\nto = placement\n"
    "[station placement]\nservers = 2\nbuffer = 10\nservice = lognormal(mean=95s, sd=20s)\nto = reflow\n"
    "[station reflow]\nkind = flow\nlength_m = 6\nbelt_speed_m_per_min = 1.2\npitch_m = 0.4\nto = inspection\n"
    "[station inspection]\nbuffer = 10\nservice = gamma(shape=4, scale=12s)\nto = sink:0.95, placement:0.05\n";

static void test_floor_little_steady_state(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(steady_line);
    guint n = spec->replications;
    fs_run_result *res = run_all(spec, 1, 2);
    for (guint r = 0; r < n; r++)
        for (guint s = 0; s < spec->stations->len; s++) {
            double l = station(&res[r], s, "mean_number_in_station");
            double xw = station(&res[r], s, "throughput_per_h") / 3600.0 * station(&res[r], s, "mean_sojourn_s");
            if (!(fabs(l - xw) / l < 0.01))
                fail_msg("run %u station %u: L %.6g, X W %.6g", r, s, l, xw);
            double u = station(&res[r], s, "utilisation");
            assert_true(u > 0.0 && u < 1.0);
        }
    fs_runner_results_free(res, n);
}

/* The default plant: the energy split by state adds up to the total, per
 * run and per station, and no station sends on more than it received. */
static void test_floor_default_books_balance(void **state)
{
    (void)state;
    g_autoptr(fs_plant_spec) p = default_plant();
    const fs_floor_spec *spec = p->floor;
    guint n = spec->replications;
    fs_run_result *res = run_plant(p, 2);
    static const char *const states[] = {"off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked"};
    for (guint r = 0; r < n; r++) {
        double split = 0.0, by_station = 0.0;
        for (int k = 0; k < 8; k++) {
            g_autofree char *name = g_strdup_printf("energy_%s_kwh", states[k]);
            split += kpi(&res[r], name);
        }
        for (guint s = 0; s < spec->stations->len; s++) {
            by_station += station(&res[r], s, "energy_kwh");
            assert_true(station(&res[r], s, "departures") <= station(&res[r], s, "arrivals"));
        }
        assert_close(split, kpi(&res[r], "energy_kwh"), 1e-9 * split);
        assert_close(by_station, kpi(&res[r], "energy_kwh"), 1e-9 * split);
        assert_close(kpi(&res[r], "energy_per_unit_kwh"), kpi(&res[r], "energy_kwh") / kpi(&res[r], "units_completed"), 1e-12);
        assert_true(kpi(&res[r], "units_completed") > 5000);
    }
    fs_runner_results_free(res, n);
}

/* on_full = lose makes an M/M/1/K loss system: Poisson arrivals see time
 * averages, so the share lost is the probability the station is full,
 * P_K = (1 - rho) rho^K / (1 - rho^(K+1)); rho = 0.8, K = 1 + buffer 2 = 3:
 * 0.173442. The same line with on_full = block loses nothing. */
static void test_floor_lose_when_full_mm1k(void **state)
{
    (void)state;
    static const char text[] =
        "[simulation]\nhorizon = 400000\nwarmup = 1000\nreplications = 4\nseed = 5\n"
        "[source a]\ninterarrival = exponential(mean=1)\nto = m\non_full = lose\n"
        "[station m]\nservice = exponential(mean=0.8)\nbuffer = 2\n";
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    fs_run_result *res = run_all(spec, 1, 2);
    double lost = 0, entered = 0;
    for (guint r = 0; r < spec->replications; r++) {
        lost += kpi(&res[r], "units_lost");
        entered += kpi(&res[r], "units_created");
        assert_true(kpi(&res[r], "orders_lost") == kpi(&res[r], "units_lost"));  /* one unit an order */
    }
    double rho = 0.8, pk = (1 - rho) * pow(rho, 3) / (1 - pow(rho, 4)), share = lost / (lost + entered);
    printf("M/M/1/3 loss: lost %.0f of %.0f arrivals, share %.5f (analytic %.5f)\n", lost, lost + entered, share, pk);
    assert_true(fabs(share - pk) < 0.01 * pk);
    fs_runner_results_free(res, spec->replications);
    g_autofree char *blocking = g_strdup(text);
    memcpy(strstr(blocking, "on_full = lose"), "on_full = blok", 14);
    expect_floor_error(blocking, "on_full = blok: must be block");
}

static gint compare_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The least t with fs__mser_bin_of(t) > bin (bin < BINS - 1), by stepping
 * one double at a time from t_s (down or up): the boundary the cached MSER
 * bin must not pass. */
static double mser_next_bin_start_s(double horizon_s, int bin, double t_s)
{
    while (t_s > 0.0 && fs__mser_bin_of(nextafter(t_s, -INFINITY), horizon_s) > bin)
        t_s = nextafter(t_s, -INFINITY);
    while (fs__mser_bin_of(t_s, horizon_s) <= bin)
        t_s = nextafter(t_s, INFINITY);
    return t_s;
}

/* sink()'s cached MSER bin gives every completion the bin of the formula
 * (t / H * BINS): the bound it keeps is never past the next bin's first
 * time, for horizons from milliseconds to 30,000 years, and is within
 * 1e-12 of it (so completions after the bound rarely take the formula
 * again); completions exactly at and one double before every boundary,
 * and past the horizon, land in the formula's bin. */
static void test_floor_mser_cached_bin_is_the_formulas(void **state)
{
    (void)state;
    GRand *rng = g_rand_new_with_seed(20261203);
    double horizons_s[64] = {1.0, 1000.0, 3600.0, 86400.0, 31536000.0, 31557600.0, 1e7 / 0.9, 1e12, 1e-3, 7.0};
    for (int i = 10; i < 64; i++)
        horizons_s[i] = pow(10.0, g_rand_double_range(rng, -3.0, 12.0));
    for (int i = 0; i < 64; i++) {
        double h_s = horizons_s[i];
        GArray *times = g_array_new(FALSE, FALSE, sizeof(double));
        for (int bin = 0; bin + 1 < FS__MSER_BINS; bin++) {
            double bound_s = fs__mser_bound_s(h_s, bin), start_s = mser_next_bin_start_s(h_s, bin, bound_s);
            assert_true(bound_s <= start_s);
            assert_true(fs__mser_bin_of(nextafter(bound_s, -INFINITY), h_s) <= bin);
            assert_true(start_s - bound_s <= 1e-12 * start_s);
            double edge[] = {nextafter(start_s, -INFINITY), start_s, bound_s, nextafter(bound_s, -INFINITY),
                             g_rand_double_range(rng, 0.0, 1.1 * h_s)};
            g_array_append_vals(times, edge, G_N_ELEMENTS(edge));
        }
        double past[] = {h_s, 1.5 * h_s, 0.0};
        g_array_append_vals(times, past, G_N_ELEMENTS(past));
        g_array_sort(times, compare_double);
        /* sink()'s steps, completion by completion */
        int cached = 0, recomputed = 0;
        double next_s = -INFINITY;
        for (guint k = 0; k < times->len; k++) {
            double t_s = g_array_index(times, double, k);
            recomputed += t_s >= next_s;
            assert_int_equal(fs__mser_bin_cached(&cached, &next_s, t_s, h_s), fs__mser_bin_of(t_s, h_s));
        }
        assert_true(recomputed <= 3 * FS__MSER_BINS);  /* not once a completion */
        g_array_free(times, TRUE);
    }
    g_rand_free(rng);
    /* the last bin has no end; out-of-range horizons take the formula always */
    assert_true(fs__mser_bound_s(1000.0, FS__MSER_BINS - 1) == INFINITY);
    assert_true(fs__mser_bound_s(1e-300, 3) == -INFINITY);
    assert_true(fs__mser_bound_s(INFINITY, 3) == -INFINITY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floor_deterministic_single_station),
        cmocka_unit_test(test_floor_deterministic_tandem_blocking),
        cmocka_unit_test(test_floor_lot_sampling_exact_sum),
        cmocka_unit_test(test_floor_threads_bit_identical),
        cmocka_unit_test(test_floor_common_random_numbers),
        cmocka_unit_test(test_floor_little_steady_state),
        cmocka_unit_test(test_floor_default_books_balance),
        cmocka_unit_test(test_floor_lose_when_full_mm1k),
        cmocka_unit_test(test_floor_hand_over_matches_general_path),
        cmocka_unit_test(test_floor_lean_path_matches_general_path),
        cmocka_unit_test(test_floor_setup_table_matches_rules),
        cmocka_unit_test(test_floor_mser_cached_bin_is_the_formulas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
