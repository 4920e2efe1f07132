/* bench_mm1.c: M/M/1 (lambda 0.9, mu 1) through the kernel API and through
 * the station model; prints customers/s, events/s and peak memory for a
 * horizon and a 10x longer one.
 *
 *   bench_mm1 [CUSTOMERS] [ROUNDS]   (defaults 20 million, 3 rounds)
 *
 * Kernel API: two handlers (arrival, departure), a counter queue and
 * fs_dist draws, the way a user would write M/M/1 directly on fs_sim:
 * 2 events per customer.
 * Station model: the same queue as a scenario (source + station), with all
 * the statistics a run reports.
 * Reference: the same M/M/1 as a hand-written loop (issue 19): two events
 * per customer in a two-element heap, the same streams and draws and the
 * same time-average of the number in system, no kernel. Each engine's
 * customers/s is printed as a ratio to it, measured in the same process:
 * ROUNDS rounds each run the three in turn, and the median round's time
 * and ratio are printed (with the rounds' range of ratios), so the ratio
 * means something on a noisy machine.
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "models/floor/floor.h"
#include "sim/dist.h"
#include "sim/fmath.h"
#include "sim/sim.h"
#include "sim/stats.h"

#define BENCH_MAX_ROUNDS 25

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

/* The hand-written loop: at most two pending events (the next arrival,
 * the departure of the customer in service), kept as a two-element heap. */
typedef struct {
    double t_s;
    int departure;
} ref_event;

static void ref_push(ref_event *heap, int *n, ref_event e)
{
    heap[(*n)++] = e;
    if (*n == 2 && heap[1].t_s < heap[0].t_s) {
        ref_event t = heap[0];
        heap[0] = heap[1];
        heap[1] = t;
    }
}

static ref_event ref_pop(ref_event *heap, int *n)
{
    ref_event top = heap[0];
    heap[0] = heap[--(*n)];
    return top;
}

static void run_reference(void *arg)
{
    result *r = arg;
    fs_rng arrivals, service;
    fs_rng_init_stream(&arrivals, 1, 0, 0, "arrivals");
    fs_rng_init_stream(&service, 1, 0, 0, "service");
    fs_dist interarrival, service_time;
    fs_dist_parse("exponential(mean=1.1111111111111111)", NULL, &interarrival, NULL);
    fs_dist_parse("exponential(mean=1)", NULL, &service_time, NULL);
    fs_timeavg number;
    fs_timeavg_init(&number, 0.0, 0.0);
    ref_event heap[2];
    int n = 0;
    long in_system = 0;
    guint64 served = 0, events = 0;
    double t0 = bench_now_s();
    ref_push(heap, &n, (ref_event){0.0, 0});
    while (n > 0 && heap[0].t_s <= r->horizon_s) {
        ref_event e = ref_pop(heap, &n);
        events++;
        if (!e.departure) {
            fs_timeavg_set(&number, e.t_s, (double)++in_system);
            if (in_system == 1)
                ref_push(heap, &n, (ref_event){e.t_s + fs_dist_sample(&service_time, &service), 1});
            ref_push(heap, &n, (ref_event){e.t_s + fs_dist_sample(&interarrival, &arrivals), 0});
        } else {
            served++;
            fs_timeavg_set(&number, e.t_s, (double)--in_system);
            if (in_system > 0)
                ref_push(heap, &n, (ref_event){e.t_s + fs_dist_sample(&service_time, &service), 1});
        }
    }
    r->wall_s = bench_now_s() - t0;
    r->customers = served;
    r->events = events;
    r->l = fs_timeavg_mean(&number, r->horizon_s);
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

typedef struct {
    const char *name;
    void (*fn)(void *);
    double wall_s[BENCH_MAX_ROUNDS];  /* one per round */
    result last;
} engine;

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *x, int n)
{
    double sorted[BENCH_MAX_ROUNDS];
    memcpy(sorted, x, (size_t)n * sizeof sorted[0]);  /* n >= 1 */
    qsort(sorted, (size_t)n, sizeof sorted[0], compare_double);
    return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

int main(int argc, char **argv)
{
    double customers = argc > 1 ? atof(argv[1]) : 20e6;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (!(customers >= 1.0) || rounds < 1 || rounds > BENCH_MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_mm1 [CUSTOMERS >= 1] [ROUNDS 1-%d]\n", BENCH_MAX_ROUNDS);
        return 2;
    }
    double horizon_s = customers / 0.9;
    printf("bench_mm1: M/M/1 lambda 0.9 mu 1, about %.3g customers, one core, median of %d round%s\n", customers,
           rounds, rounds == 1 ? "" : "s");
    engine engines[] = {{.name = "reference loop", .fn = run_reference},
                        {.name = "kernel API", .fn = run_kernel},
                        {.name = "station model", .fn = run_station}};
    enum { N_ENGINES = G_N_ELEMENTS(engines) };
    /* Rounds interleave the engines, so a slow spell of a shared machine
     * touches all three rather than one; each ratio is taken within its
     * round and the median of the rounds' ratios printed with their range. */
    double ratio[N_ENGINES][BENCH_MAX_ROUNDS];
    for (int k = 0; k < rounds; k++)
        for (int e = 0; e < N_ENGINES; e++) {
            engines[e].last = (result){.horizon_s = horizon_s};
            engines[e].fn(&engines[e].last);
            engines[e].wall_s[k] = engines[e].last.wall_s;
            /* customers/s over the reference's: the station model draws
             * from its own named streams, so it serves a few customers
             * more or fewer in the same horizon */
            ratio[e][k] = ((double)engines[e].last.customers / engines[e].wall_s[k])
                          / ((double)engines[0].last.customers / engines[0].wall_s[k]);
        }
    for (int e = 0; e < N_ENGINES; e++) {
        const result *r = &engines[e].last;  /* every round serves the same customers */
        double wall_s = median(engines[e].wall_s, rounds);
        double per_s = (double)r->customers / wall_s;
        printf("%-14s %12.2f M customers/s %8.2f M events/s  (%llu customers in %.3f s)", engines[e].name,
               per_s / 1e6, (double)r->events / wall_s / 1e6, (unsigned long long)r->customers, wall_s);
        if (e > 0) {
            double lo = ratio[e][0], hi = ratio[e][0];
            for (int k = 1; k < rounds; k++) {
                lo = fs_fmath_min(lo, ratio[e][k]);
                hi = fs_fmath_max(hi, ratio[e][k]);
            }
            printf("  %.2fx the reference loop", median(ratio[e], rounds));
            if (rounds > 1)
                printf(" (rounds %.2f-%.2fx)", lo, hi);
        }
        result big = {.horizon_s = 10.0 * horizon_s};
        long peak1 = bench_child_peak_kib(engines[e].fn, &engines[e].last);
        long peak10 = bench_child_peak_kib(engines[e].fn, &big);
        printf("\n%-14s peak memory %ld KiB at horizon %.3g s, %ld KiB at 10x\n", "", peak1, horizon_s, peak10);
    }
    return 0;
}
