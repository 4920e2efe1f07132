/* bench_mm1.c: M/M/1 (lambda 0.9, mu 1) through the kernel API and through
 * the station model; prints customers/s, events/s and peak memory for a
 * horizon and a 10x longer one.
 *
 *   bench_mm1 [CUSTOMERS]     (default 20 million)
 *
 * Kernel API: two handlers (arrival, departure), a counter queue and
 * fs_dist draws, the way a user would write M/M/1 directly on fs_sim:
 * 2 events per customer.
 * Station model: the same queue as a scenario (source + station), with all
 * the statistics a run reports.
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "models/floor/floor.h"
#include "sim/dist.h"
#include "sim/fmath.h"
#include "sim/sim.h"
#include "sim/stats.h"

typedef struct {
    fs_rng arrivals, service;
    fs_dist interarrival, service_time;  /* s */
    long in_system;
    guint64 served;
    fs_timeavg number;  /* so the kernel bench keeps one statistic, as a model would */
} mm1;

static void departure(fs_sim *sim, void *self, void *arg);

static void arrival(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    mm1 *m = self;
    fs_timeavg_set(&m->number, sim->now_s, (double)++m->in_system);
    if (m->in_system == 1)
        fs_sim_schedule_in(sim, fs_dist_sample(&m->service_time, &m->service), 0, departure, m, NULL);
    fs_sim_schedule_in(sim, fs_dist_sample(&m->interarrival, &m->arrivals), 0, arrival, m, NULL);
}

static void departure(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    mm1 *m = self;
    m->served++;
    fs_timeavg_set(&m->number, sim->now_s, (double)--m->in_system);
    if (m->in_system > 0)
        fs_sim_schedule_in(sim, fs_dist_sample(&m->service_time, &m->service), 0, departure, m, NULL);
}

typedef struct {
    double horizon_s;
    guint64 customers, events;
    double wall_s, l;
} result;

static void run_kernel(void *arg)
{
    result *r = arg;
    fs_sim_params p = {.horizon_s = r->horizon_s, .master_seed = 1};
    fs_sim *sim = fs_sim_new(&p);
    mm1 m = {0};
    fs_dist_parse("exponential(mean=1.1111111111111111)", NULL, &m.interarrival, NULL);
    fs_dist_parse("exponential(mean=1)", NULL, &m.service_time, NULL);
    fs_sim_stream(sim, "arrivals", &m.arrivals);
    fs_sim_stream(sim, "service", &m.service);
    fs_timeavg_init(&m.number, 0.0, 0.0);
    fs_sim_schedule(sim, 0.0, 0, arrival, &m, NULL);
    double t0 = bench_now_s();
    fs_sim_run(sim, NULL);
    r->wall_s = bench_now_s() - t0;
    r->customers = m.served;
    r->events = sim->n_events;
    r->l = fs_timeavg_mean(&m.number, r->horizon_s);
    fs_sim_free(sim);
}

static void run_station(void *arg)
{
    result *r = arg;
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %.17g\nreplications = 1\nseed = 1\n"
        "[source arrivals]\ninterarrival = exponential(mean=1.1111111111111111)\nto = queue\n"
        "[station queue]\nservice = exponential(mean=1.0)\n", r->horizon_s);
    fs_scenario *sc = fs_scenario_load_data(text, "bench", NULL, NULL);
    fs_floor_spec *spec = fs_floor_spec_from_scenario(sc, NULL);
    fs_sim_params p = {.horizon_s = r->horizon_s, .master_seed = 1, .common_random_numbers = TRUE};
    fs_sim *sim = fs_sim_new(&p);
    fs_floor *floor = fs_floor_new(sim, spec);
    double t0 = bench_now_s();
    fs_sim_run(sim, NULL);
    r->wall_s = bench_now_s() - t0;
    r->customers = fs_floor_units_completed(floor);
    r->events = sim->n_events;
    fs_floor_free(floor);
    fs_sim_free(sim);
    fs_floor_spec_free(spec);
    fs_scenario_free(sc);
}

/* Runs in the parent for timing, then in children for peak memory. */
static void report(const char *name, void (*fn)(void *), double horizon_s)
{
    result r = {.horizon_s = horizon_s};
    fn(&r);
    result big = {.horizon_s = 10.0 * horizon_s};
    long peak1 = bench_child_peak_kib(fn, &r), peak10 = bench_child_peak_kib(fn, &big);
    printf("%-14s %12.2f M customers/s %8.2f M events/s  (%llu customers in %.3f s)\n", name,
           (double)r.customers / r.wall_s / 1e6, (double)r.events / r.wall_s / 1e6,
           (unsigned long long)r.customers, r.wall_s);
    printf("%-14s peak memory %ld KiB at horizon %.3g s, %ld KiB at 10x\n", "", peak1, horizon_s, peak10);
}

int main(int argc, char **argv)
{
    double customers = argc > 1 ? atof(argv[1]) : 20e6;
    double horizon_s = customers / 0.9;
    printf("bench_mm1: M/M/1 lambda 0.9 mu 1, about %.3g customers, one core\n", customers);
    report("kernel API", run_kernel, horizon_s);
    report("station model", run_station, horizon_s);
    return 0;
}
