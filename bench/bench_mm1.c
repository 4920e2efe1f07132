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
 * same time-average of the number in system, no kernel.
 * Hand-written station: the station model's bookkeeping for this one queue
 * written out on the kernel API (an order and a unit per customer from
 * free lists, the wait, sojourn and lead-time tallies, the queue, station,
 * busy and WIP averages, the machine's meter, the floor's power, the MSER
 * bins), with the station model's streams: what the model costs without
 * its generality. It must give the station model's statistics to the bit
 * (checked every run; the bench exits 1 when they differ). Each engine's
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
#include "models/floor/floor_internal.h"  /* the MSER bin step, shared rather than copied */
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

/* The statistics the hand-written station and the station model must
 * agree on, in this order. */
static const char *const checked_stats[] = {
    "wip_mean",          "mean_lead_time_s", "utilisation", "mean_queue_length", "mean_number_in_station",
    "mean_wait_s",       "mean_sojourn_s",   "prob_wait",   "arrivals",          "departures",
    "units_created",     "orders_completed"};
enum { N_CHECKED = G_N_ELEMENTS(checked_stats) };

typedef struct {
    double horizon_s;
    guint64 customers, events;
    double wall_s, l;
    gboolean has_stats;
    double stats[N_CHECKED];  /* checked_stats, in their units */
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
    /* the checked statistics from what a run reports: the floor's KPIs
     * and the station's row */
    const fs_result_schema *schema = fs_floor_spec_schema(spec);
    fs_run_result out;
    fs_run_result_init(&out, schema);
    fs_floor_collect(floor, &out);
    r->has_stats = TRUE;
    for (int i = 0; i < N_CHECKED; i++) {
        int k = fs_result_schema_kpi_index(schema, checked_stats[i]);
        if (k >= 0) {
            r->stats[i] = out.kpi[k];
            continue;
        }
        const fs_table_schema *stations = &schema->tables[0];
        r->stats[i] = NAN;
        for (guint c = 0; c < stations->n_cols; c++)
            if (g_str_equal(stations->cols[c].name, checked_stats[i]))
                r->stats[i] = g_array_index(out.tables[0].values, double, c);  /* the one station's row */
    }
    fs_run_result_clear(&out);
    fs_floor_free(floor);
    fs_sim_free(sim);
    fs_floor_spec_free(spec);
    fs_scenario_free(sc);
}


/* The hand-written station: one source, one machine, FIFO, infinite
 * buffer, no power drawn; the station model's steps in its order. */
typedef struct hw_order {
    double t_created_s;
    gint64 entities_left;
    struct hw_order *next_free;
} hw_order;

typedef struct hw_unit {
    double t_created_s, t_arrive_s, proc_s;
    hw_order *order;
    struct hw_unit *next;  /* queue or free list */
} hw_unit;

typedef struct {
    fs_rng interarrival_rng, service_rng;
    fs_dist interarrival, service_time;  /* s */
    double horizon_s;
    GPtrArray *blocks;                   /* owned units and orders */
    hw_unit *free_units, *queue_head, *queue_tail, *in_service;
    hw_order *free_orders;
    gint64 n_queue, n_holding, n_busy, units_in_system;
    guint64 arrivals, departures, waited, units_created, units_completed, orders_completed;
    fs_timeavg ta_busy, ta_queue, ta_in, ta_wip;  /* machines, units */
    fs_tally wait_s, sojourn_s, lead_time_s;
    /* the machine's meter (machine.h) at 0 kW, and the floor's energy */
    fs_machine_state state;
    double since_s, time_s[FS_MACHINE_N_STATES], entries[FS_MACHINE_N_STATES];
    double floor_energy_t_s;
    double mser_sum_s[FS__MSER_BINS];
    guint32 mser_n[FS__MSER_BINS];
    int mser_bin;
    double mser_next_s;
} hand_written;

static void hw_departure(fs_sim *sim, void *self, void *arg);

static void hw_meter_set(hand_written *m, double t_s, fs_machine_state state)
{
    m->time_s[m->state] += t_s - m->since_s;
    m->since_s = t_s;
    if (state != m->state)
        m->entries[state] += 1.0;
    m->state = state;
    m->floor_energy_t_s = t_s;  /* the floor's power change at 0 kW */
}

static void hw_take(fs_sim *sim, hand_written *m, hw_unit *u, double t_s)
{
    double wait_s = t_s - u->t_arrive_s;
    fs_tally_add(&m->wait_s, wait_s);
    if (wait_s > 0.0)
        m->waited++;
    m->n_holding++;
    m->in_service = u;
    hw_meter_set(m, t_s, FS_MACHINE_BUSY);
    fs_sim_schedule(sim, t_s + u->proc_s, 0, hw_departure, m, NULL);
}

static void hw_arrival(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    hand_written *m = self;
    double t_s = sim->now_s;
    if (!m->free_orders) {
        m->free_orders = g_new(hw_order, 1);
        m->free_orders->next_free = NULL;
        g_ptr_array_add(m->blocks, m->free_orders);
    }
    hw_order *o = m->free_orders;
    m->free_orders = o->next_free;
    *o = (hw_order){.t_created_s = t_s, .entities_left = 1};
    if (!m->free_units) {
        m->free_units = g_new(hw_unit, 1);
        m->free_units->next = NULL;
        g_ptr_array_add(m->blocks, m->free_units);
    }
    hw_unit *u = m->free_units;
    m->free_units = u->next;
    *u = (hw_unit){.t_created_s = t_s, .t_arrive_s = t_s, .order = o};
    m->units_created++;
    fs_timeavg_set(&m->ta_wip, t_s, (double)++m->units_in_system);
    m->arrivals++;
    u->proc_s = fs_fmath_max(0.0, fs_dist_sample(&m->service_time, &m->service_rng));
    fs_timeavg_set(&m->ta_in, t_s, (double)(m->n_queue + m->n_holding + 1));
    if (!m->queue_head && m->n_busy == 0) {
        fs_timeavg_set(&m->ta_queue, t_s, (double)m->n_queue);
        hw_take(sim, m, u, t_s);
        fs_timeavg_set(&m->ta_busy, t_s, (double)++m->n_busy);
    } else {
        u->next = NULL;
        if (m->queue_tail)
            m->queue_tail->next = u;
        else
            m->queue_head = u;
        m->queue_tail = u;
        fs_timeavg_set(&m->ta_queue, t_s, (double)++m->n_queue);
    }
    double next_s = t_s + fs_fmath_max(0.0, fs_dist_sample(&m->interarrival, &m->interarrival_rng));
    if (next_s <= m->horizon_s)
        fs_sim_schedule(sim, next_s, 0, hw_arrival, m, NULL);
}

static void hw_departure(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    hand_written *m = self;
    double t_s = sim->now_s;
    hw_unit *u = m->in_service;
    fs_tally_add(&m->sojourn_s, t_s - u->t_arrive_s);
    m->departures++;
    fs_timeavg_set(&m->ta_in, t_s, (double)(m->n_queue + m->n_holding - 1));
    m->units_completed++;
    fs_timeavg_set(&m->ta_wip, t_s, (double)--m->units_in_system);
    hw_order *o = u->order;
    if (--o->entities_left == 0) {
        double lead_s = t_s - o->t_created_s;
        fs_tally_add(&m->lead_time_s, lead_s);
        m->orders_completed++;
        int bin = fs__mser_bin_cached(&m->mser_bin, &m->mser_next_s, t_s, m->horizon_s);
        m->mser_sum_s[bin] += lead_s;
        m->mser_n[bin]++;
        o->next_free = m->free_orders;
        m->free_orders = o;
    }
    u->next = m->free_units;
    m->free_units = u;
    m->n_holding--;
    m->in_service = NULL;
    hw_meter_set(m, t_s, FS_MACHINE_IDLE);
    if (m->queue_head) {
        hw_unit *v = m->queue_head;
        m->queue_head = v->next;
        if (!m->queue_head)
            m->queue_tail = NULL;
        fs_timeavg_set(&m->ta_queue, t_s, (double)--m->n_queue);
        hw_take(sim, m, v, t_s);
        fs_timeavg_set(&m->ta_busy, t_s, (double)m->n_busy);
    } else {
        fs_timeavg_set(&m->ta_busy, t_s, (double)--m->n_busy);
    }
}

static void run_hand_written(void *arg)
{
    result *r = arg;
    fs_sim_params p = {.horizon_s = r->horizon_s, .master_seed = 1, .common_random_numbers = TRUE};
    fs_sim *sim = fs_sim_new(&p);
    hand_written *m = g_new0(hand_written, 1);
    m->horizon_s = r->horizon_s;
    m->blocks = g_ptr_array_new_with_free_func(g_free);
    m->state = FS_MACHINE_IDLE;
    m->mser_next_s = -INFINITY;
    fs_tally_reset(&m->wait_s);
    fs_tally_reset(&m->sojourn_s);
    fs_tally_reset(&m->lead_time_s);
    fs_dist_parse("exponential(mean=1.1111111111111111)", NULL, &m->interarrival, NULL);
    fs_dist_parse("exponential(mean=1.0)", NULL, &m->service_time, NULL);
    fs_sim_stream(sim, "source/arrivals/interarrival", &m->interarrival_rng);
    fs_sim_stream(sim, "station/queue/service", &m->service_rng);
    fs_sim_schedule(sim, fs_fmath_max(0.0, fs_dist_sample(&m->interarrival, &m->interarrival_rng)), 0, hw_arrival,
                    m, NULL);
    double t0 = bench_now_s();
    fs_sim_run(sim, NULL);
    r->wall_s = bench_now_s() - t0;
    double t_s = r->horizon_s;
    r->customers = m->units_completed;
    r->events = sim->n_events;
    r->has_stats = TRUE;
    double stats[N_CHECKED] = {fs_timeavg_mean(&m->ta_wip, t_s),   fs_tally_mean(&m->lead_time_s),
                               fs_timeavg_mean(&m->ta_busy, t_s),  fs_timeavg_mean(&m->ta_queue, t_s),
                               fs_timeavg_mean(&m->ta_in, t_s),    fs_tally_mean(&m->wait_s),
                               fs_tally_mean(&m->sojourn_s),       (double)m->waited / m->wait_s.n,
                               (double)m->arrivals,                (double)m->departures,
                               (double)m->units_created,           (double)m->orders_completed};
    memcpy(r->stats, stats, sizeof stats);
    g_ptr_array_free(m->blocks, TRUE);
    g_free(m);
    fs_sim_free(sim);
}

typedef struct {
    const char *name;
    void (*fn)(void *);
    double wall_s[BENCH_MAX_ROUNDS];  /* one per round */
    result last;
} engine;

/* a and b are the same double, bit for bit (a -0 is not a 0; a NaN is
 * its own payload) */
static gboolean same_bits(double a, double b)
{
    guint64 x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

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
                        {.name = "station model", .fn = run_station},
                        {.name = "hand-written station", .fn = run_hand_written}};
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
    int name_width = (int)strlen(engines[N_ENGINES - 1].name);  /* the longest */
    for (int e = 0; e < N_ENGINES; e++) {
        const result *r = &engines[e].last;  /* every round serves the same customers */
        double wall_s = median(engines[e].wall_s, rounds);
        double per_s = (double)r->customers / wall_s;
        printf("%-*s %12.2f M customers/s %8.2f M events/s  (%llu customers in %.3f s)", name_width, engines[e].name,
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
        printf("\n%-*s peak memory %ld KiB at horizon %.3g s, %ld KiB at 10x\n", name_width, "", peak1, horizon_s,
               peak10);
    }
    /* The hand-written station's figure means something only if it did
     * the station model's work: the same statistics, to the bit. */
    const result *model = &engines[2].last, *hand = &engines[3].last;
    int differ = model->customers != hand->customers;
    for (int i = 0; i < N_CHECKED; i++)
        if (!same_bits(model->stats[i], hand->stats[i])) {
            printf("%s: station model %.17g, hand-written %.17g\n", checked_stats[i], model->stats[i],
                   hand->stats[i]);
            differ = 1;
        }
    if (differ) {
        printf("the hand-written station and the station model DIFFER\n");
        return 1;
    }
    printf("the hand-written station and the station model agree to the bit: %llu customers, %d statistics\n",
           (unsigned long long)model->customers, N_CHECKED);
    return 0;
}
