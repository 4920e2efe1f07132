/* floor_internal.h: runtime structures shared by floor.c, station.c,
 * flow.c and source.c. Not for use outside models/. */
#ifndef FS_FLOOR_INTERNAL_H
#define FS_FLOOR_INTERNAL_H

#include <float.h>
#include <math.h>

#include "models/floor/floor.h"
#include "sim/fmath.h"
#include "sim/stats.h"

typedef struct fs__order fs__order;
struct fs__order {
    double t_created_s;
    double due_s;          /* INFINITY when the order has no due date */
    gint64 entities_left;  /* units or lots not yet through the sink */
    fs__order *next_free;
};

typedef struct fs__unit fs__unit;
struct fs__unit {
    double t_created_s;    /* when its order was created */
    double t_arrive_s;     /* when it entered its current station */
    double proc_s;         /* processing time at the current station, drawn on arrival */
    fs__order *order;
    int family;            /* -1: no family, follows station routes */
    guint step;            /* index of the current station in the family route */
    gint64 quantity;       /* units in this entity: 1, or a lot */
    fs__unit *next;        /* queue or free-list link */
};

/* Appends u to a singly linked FIFO of units (queues, a flow server's exit). */
static inline void fs__unit_fifo_push(fs__unit **head, fs__unit **tail, fs__unit *u)
{
    u->next = NULL;
    if (*tail)
        (*tail)->next = u;
    else
        *head = u;
    *tail = u;
}

/* Removes and returns the first unit (the FIFO must not be empty). */
static inline fs__unit *fs__unit_fifo_pop(fs__unit **head, fs__unit **tail)
{
    fs__unit *u = *head;
    *head = u->next;
    if (!*head)
        *tail = NULL;
    return u;
}

typedef struct fs__station fs__station;
typedef struct fs__source fs__source;

/* Anything that can hold a unit while the next station is full: a machine
 * (station set), a flow server's exit (station set, flow) or a source. */
typedef struct fs__sender fs__sender;
struct fs__sender {
    fs__station *station;
    fs__source *source;
    fs__unit *held;
    fs__sender *next_blocked;
};

typedef struct {
    fs__sender sender;     /* first member: a machine is its sender */
    fs__station *st;
    guint index;           /* within the station */
    guint global_index;    /* across the floor: the row in `machines` */
    fs__unit *unit;        /* being set up, processed, or blocked */
    fs_machine_meter meter;
    int last_family;       /* the family it is set up for, -1 none */
    fs_event_id timer;     /* end of warm-up, setup or service, or standby timeout */
    double timer_end_s;
    fs_machine_state resume_state;  /* what a repair returns to */
    double resume_left_s;           /* time left of the interrupted activity */
    double wake_at_s;               /* shutting down: known work then (INFINITY: none known) */
    double heat_kw;                 /* heat drawn now (station's heat_kw of its state) */
    fs_event_id failure;
    double ttf_left_s;     /* busy-clock failures: busy time to the next failure */
    double busy_start_s;
} fs__server;

struct fs__station {
    const fs_station_spec *spec;
    fs_floor *floor;
    int index;
    int heat_level;        /* the floor's heat level its machines draw at, or -1 */
    fs_rng service_rng, route_rng, failure_rng;
    fs__server *servers;
    guint n_servers;
    fs__server **idle;     /* machines in IDLE, ready to take work */
    guint n_idle;
    fs__unit *queue_head, *queue_tail;
    gint64 n_queue;        /* units waiting */
    gint64 n_holding;      /* units held by machines or inside a flow server */
    gint64 *line_load;     /* a scheduler's line: its slot in the scheduler's dense
                              n_queue + n_holding (fs__station_load_changed), else NULL */
    gint64 n_busy, n_blocked, n_warming;
    gint64 n_asleep;       /* machines in STANDBY or OFF: what fs__station_wake_machines may wake */
    fs__sender *blocked_head, *blocked_tail;  /* senders waiting for a place here */
    gboolean working;      /* the calendar allows work now */
    gboolean lean;         /* takes the lean path (station.c): FIFO, no setups, failures, flow,
                              heat or break-even, and no line load to mirror (fs__scheduler_new) */
    gboolean exits_to_sink;  /* its route is the sink alone: no draw decides */
    gboolean sources_only; /* work comes only from sources routed here (no station, family step,
                              return loop or scheduler feeds it): when they are all planned and
                              have no order left, no work will come */
    /* what the machines can know of arrivals: kept only under the
     * break-even policy, its one reader (a division per arrival otherwise) */
    double last_arrival_s;
    fs_tally arrival_gap_s;
    /* flow server */
    gint64 flow_inside;
    double flow_next_entry_s;
    fs_event_id flow_entry_timer;
    fs__unit *exit_head, *exit_tail;   /* done, waiting to leave */
    fs__sender exit_sender;
    guint next_copy;       /* group leader without a scheduler: where the least-loaded search starts */
    guint64 setups;        /* setups started since warm-up */
    /* statistics since warm-up */
    fs_timeavg ta_busy, ta_blocked, ta_queue, ta_in;
    fs_tally wait_s, sojourn_s;
    guint64 arrivals, departures, waited;
};

/* n_queue or n_holding changed. A scheduler's line mirrors their sum in
 * one dense array: fifo's least-loaded search reads every line's per
 * order (43 lines in the Hefei plant, where that scan was 7 % of a year's
 * instructions), and one array is read faster than 43 station structs. */
static inline void fs__station_load_changed(fs__station *st)
{
    if (st->line_load)
        *st->line_load = st->n_queue + st->n_holding;
}

struct fs__source {
    const fs_source_spec *spec;
    fs_floor *floor;
    fs_rng interarrival_rng, route_rng, family_rng, quantity_rng, due_rng, thinning_rng;
    fs__sender sender;
    fs__unit *pending;     /* units of the current order not yet sent */
    int first_target;      /* on_full = lose: the first unit's station, picked at arrival; -2: none */
    gint64 constant_quantity;  /* the order quantity when its distribution is a constant */
    guint trace_next;      /* next record of a trace */
    double next_arrival_s; /* when the next order is due (planned sources) */
    fs__station *lean_dest;  /* orders take the lean path to this station (source.c), or NULL */
};

typedef struct {
    double t_s;
    gint32 machine;
    gint32 state;
} fs__trace_record;

#define FS__MSER_BINS 1000

/* The MSER bin of an order completed at t_s (mser5_warmup_s's input). */
static inline int fs__mser_bin_of(double t_s, double horizon_s)
{
    return CLAMP((int)(t_s / horizon_s * FS__MSER_BINS), 0, FS__MSER_BINS - 1);
}

/* A time (s) before which every completion at or after one in `bin` is
 * still in it: at or below the next bin's first time T, the least t with
 * fs__mser_bin_of(t) > bin. In double arithmetic T is within 2 roundings
 * (2^-53 each) of k H / BINS (k = bin + 1, H the horizon); the estimate
 * k (H / BINS) has 2 roundings more, and taking 64 DBL_EPSILON off it keeps
 * it below T with room to spare. INFINITY for the last bin; -INFINITY
 * (every completion computes its bin) for horizons outside 1e-280..1e280 s,
 * where subnormals or overflow leave the estimate's error unbounded. */
static inline double fs__mser_bound_s(double horizon_s, int bin)
{
    if (!(horizon_s >= 1e-280 && horizon_s <= 1e280))
        return -INFINITY;
    if (bin + 1 >= FS__MSER_BINS)
        return INFINITY;
    return (bin + 1) * (horizon_s / FS__MSER_BINS) * (1.0 - 64.0 * DBL_EPSILON);
}

/* The bin of a completion at t_s, completions coming in time order: *bin
 * and *next_s (-INFINITY before the first) keep the last one's bin and
 * its bound, and the formula runs only once t_s reaches the bound, so the
 * bin is always the formula's. (The division it saves, whose result the
 * next store's address waited on, had 1 in 6 of bench_mm1's samples in
 * fs__floor_send.) */
static inline int fs__mser_bin_cached(int *bin, double *next_s, double t_s, double horizon_s)
{
    if (G_UNLIKELY(t_s >= *next_s)) {
        *bin = fs__mser_bin_of(t_s, horizon_s);
        *next_s = fs__mser_bound_s(horizon_s, *bin);
    }
    return *bin;
}

struct fs_floor {
    fs_sim *sim;
    const fs_floor_spec *spec;
    fs__station *stations;
    guint n_stations;
    fs__source *sources;
    guint n_sources;
    guint n_machines;
    fs__unit *free_units;
    fs__order *free_orders;
    GPtrArray *chunks;     /* owned blocks of units and orders */
    struct fs__scheduler *scheduler;  /* releases orders to a line group, or NULL */
    struct fs__returns *returns;      /* the return loop, or NULL */
    /* energy: the floor's total, integrated from the sum of machine powers */
    double power_kw;
    double energy_kwh;
    double energy_t_s;
    void (*power_listener)(void *data);  /* power or heat changed */
    void *power_listener_data;
    double *family_completed;  /* units of each family through the sink since warm-up */
    /* heat the machines draw, per level (fs_floor_spec_heat_levels order) */
    guint n_heat_levels;
    double *heat_level_degc, *heat_kw;
    fs_signal_fn signal;           /* what a shifting planner reads, or NULL */
    const void *signal_data;
    fs_machine_observer observer;  /* state == NULL: none */
    GArray *trace;         /* fs__trace_record, when spec->trace */
    gboolean watched;      /* a trace or a state observer: the lean paths are off (station.c) */
    /* system statistics since warm-up */
    gint64 units_in_system;
    fs_timeavg ta_wip;
    fs_tally lead_time_s;  /* per order */
    guint64 orders_created, orders_completed, orders_on_time, orders_with_due;
    double tardiness_sum_s;  /* sum of max(0, completion - due) */
    guint64 units_created, units_completed;
    gint64 units_created_total, units_completed_total;  /* whole run: conservation */
    guint64 orders_lost, units_lost;  /* on_full = lose, after the warm-up (lost orders never enter) */
    double mser_sum[FS__MSER_BINS];
    guint32 mser_n[FS__MSER_BINS];
    /* fs__mser_bin_cached's state: the last completion's bin, and the
     * time (s) from which the formula runs again */
    int mser_bin;
    double mser_next_s;
};

/* floor.c */
/* Pools: chunks of units and orders, recycled through free lists. The
 * refills (one allocation per 256) are out of line; taking from the list
 * is inline, as it is on every order's path (bench_mm1's station: 21
 * fewer instructions per order, callgrind). */
void fs__floor_units_refill(fs_floor *floor);
void fs__floor_orders_refill(fs_floor *floor);

static inline fs__unit *fs__floor_unit_new(fs_floor *floor, fs__order *order, int family, gint64 quantity)
{
    if (G_UNLIKELY(!floor->free_units))
        fs__floor_units_refill(floor);
    fs__unit *u = floor->free_units;
    floor->free_units = u->next;
    double now_s = floor->sim->now_s;
    *u = (fs__unit){.t_created_s = now_s, .t_arrive_s = now_s, .order = order, .family = family,
                    .quantity = quantity};
    floor->units_created += (guint64)quantity;
    floor->units_created_total += quantity;
    floor->units_in_system += quantity;
    fs_timeavg_set(&floor->ta_wip, now_s, (double)floor->units_in_system);
    return u;
}

static inline fs__order *fs__floor_order_new(fs_floor *floor, double due_s, gint64 entities)
{
    if (G_UNLIKELY(!floor->free_orders))
        fs__floor_orders_refill(floor);
    fs__order *o = floor->free_orders;
    floor->free_orders = o->next_free;
    *o = (fs__order){.t_created_s = floor->sim->now_s, .due_s = due_s, .entities_left = entities};
    floor->orders_created++;
    return o;
}
/* Sends u from sender to its next station (target from the route, or the
 * family route). TRUE when u moved; FALSE when the target is full and the
 * sender now holds u. */
gboolean fs__floor_send(fs_floor *floor, fs__sender *sender, fs__unit *u, int target);
/* The return loop hears that u was sold (floor.c). */
void fs__floor_sold(fs_floor *floor, const fs__unit *u);
/* u leaves the floor (what fs__floor_send does for FS_ROUTE_SINK after the
 * departure is recorded): the counts, the lead time, the pools. Inline:
 * every unit's last step (bench_mm1's station: a call of 16 instructions
 * per customer). */
static inline void fs__floor_sink(fs_floor *floor, fs__unit *u)
{
    double now_s = floor->sim->now_s;
    if (floor->returns)
        fs__floor_sold(floor, u);
    floor->units_completed += (guint64)u->quantity;
    floor->units_completed_total += u->quantity;
    if (u->family >= 0)
        floor->family_completed[u->family] += (double)u->quantity;
    floor->units_in_system -= u->quantity;
    fs_timeavg_set(&floor->ta_wip, now_s, (double)floor->units_in_system);
    fs__order *o = u->order;
    if (--o->entities_left == 0) {
        double lead_s = now_s - o->t_created_s;
        fs_tally_add(&floor->lead_time_s, lead_s);
        floor->orders_completed++;
        if (isfinite(o->due_s)) {
            floor->orders_with_due++;
            floor->orders_on_time += now_s <= o->due_s;
            floor->tardiness_sum_s += fs_fmath_max(0.0, now_s - o->due_s);
        }
        int bin = fs__mser_bin_cached(&floor->mser_bin, &floor->mser_next_s, now_s, floor->spec->horizon_s);
        floor->mser_sum[bin] += lead_s;
        floor->mser_n[bin]++;
        o->next_free = floor->free_orders;
        floor->free_orders = o;
    }
    u->next = floor->free_units;
    floor->free_units = u;
}
/* Whether a unit sent to target now would enter (not be held). */
gboolean fs__floor_has_room(fs_floor *floor, int target);
/* Where u goes after station st: the next step of its family route, or a
 * draw from the station's route. */
int fs__floor_next_target(fs_floor *floor, fs__station *st, fs__unit *u);
void fs__floor_power_change(fs_floor *floor, double delta_kw);
/* A second fs__floor_power_change at the same instant: the energy is
 * already integrated to now (the power times 0 s adds nothing), so only
 * the power moves, and the listener hears it as before. */
static inline void fs__floor_power_change_at_once(fs_floor *floor, double delta_kw)
{
    floor->power_kw += delta_kw;
    if (G_UNLIKELY(floor->power_listener != NULL) && delta_kw != 0.0)  /* as fs__floor_power_change */
        floor->power_listener(floor->power_listener_data);
}
/* A station whose machines draw heat in some state. */
static inline gboolean fs__station_draws_heat(const fs_station_spec *st)
{
    gboolean any = FALSE;
    for (int s = 0; s < FS_MACHINE_N_STATES; s++)
        any |= st->heat_kw[s] > 0.0;
    return any && isfinite(st->heat_level_degc);
}
/* The machines' heat at the floor's level changes by delta_kw. */
void fs__floor_heat_change(fs_floor *floor, int level, double delta_kw);
void fs__floor_trace(fs_floor *floor, guint machine, fs_machine_state state);

/* station.c */
void fs__station_init(fs__station *st, fs_floor *floor, int index, const fs_station_spec *spec,
                      guint *next_machine);
void fs__station_clear(fs__station *st);
gboolean fs__flow_has_space(const fs__station *st);
/* A unit may enter st now. Inline, as the space_opened check below: both
 * are asked at every send and every departure. */
static inline gboolean fs__station_has_space(const fs__station *st)
{
    if (G_UNLIKELY(st->spec->flow))
        return fs__flow_has_space(st);
    /* buffer first: servers + an infinite buffer would overflow */
    return st->spec->buffer == FS_FLOOR_INFINITE_BUFFER
           || st->n_queue + st->n_holding < (gint64)st->n_servers + st->spec->buffer;
}
/* u enters st (the lean path first, when it applies). */
void fs__station_arrive(fs__station *st, fs__unit *u);
/* The lean path of fs__station_arrive (station.c), to the bit, for a lean
 * station st and a unit u without a family (the caller's to know; the lean
 * source's are, by how it is chosen and what it builds): TRUE when taken;
 * FALSE (nothing done) when the floor is watched (trace, state observer).
 * For the lean source, its one caller, so that it is inlined there. */
gboolean fs__station_arrive_lean(fs__station *st, fs__unit *u);
/* The station target names when a unit sent there goes to it and to no
 * other: not the sink, one copy, not the scheduler's lines. NULL
 * otherwise. */
static inline fs__station *fs__floor_single_dest(fs_floor *floor, int target)
{
    if (target < 0)
        return NULL;
    fs__station *dest = &floor->stations[target];
    if (dest->spec->copies > 1 || (floor->scheduler && target == floor->spec->scheduler.lines))
        return NULL;
    return dest;
}
/* The station a unit sent to target enters at once with no choice made:
 * fs__floor_single_dest, with space. NULL otherwise: fs__floor_send
 * decides. Inline: a source's every unit asks it. */
static inline fs__station *fs__floor_plain_dest(fs_floor *floor, int target)
{
    fs__station *dest = fs__floor_single_dest(floor, target);
    return dest && fs__station_has_space(dest) ? dest : NULL;
}
void fs__station_enqueue_blocked(fs__station *st, fs__sender *s);
void fs__station_record_departure(fs__station *st, fs__unit *u);
/* A sender that belonged to st has handed its unit on. */
void fs__station_sender_released(fs__station *st, fs__sender *s);
/* A place opened at st: blocked senders enter, first come first served. */
void fs__station_admit_blocked(fs__station *st);
static inline void fs__station_space_opened(fs__station *st)
{
    if (st->blocked_head)
        fs__station_admit_blocked(st);
}
void fs__station_reset_stats(fs__station *st, double t_s);
/* After every source has scheduled its first order: apply the energy
 * policy to machines that start with nothing to do. */
void fs__station_start(fs__station *st);
void fs__station_finish(fs__station *st, double t_s);
void fs__station_set_state(fs__station *st, fs__server *srv, fs_machine_state state);
void fs__station_set_state_power(fs__station *st, fs__server *srv, fs_machine_state state, double power_kw);
double fs__station_draw_proc_s(fs__station *st, const fs__unit *u);
/* An idle machine with nothing it may start: apply the energy policy. */
void fs__station_on_idle(fs__station *st, fs__server *srv);
/* Warms sleeping machines for queued units no warming machine will take. */
void fs__station_wake_machines(fs__station *st);

/* Setup time (s) from family `from` to `to` under the station's rules;
 * from = FS__ANOTHER_FAMILY: a change from some other family (the rules
 * for any family into `to`, then for any change). 0 when from < 0 (a
 * machine set up for nothing yet). */
#define FS__ANOTHER_FAMILY (-2)
double fs__station_setup_time_s(const fs_station_spec *s, int from, int to);
/* The same by searching the rules (what the station's table holds). */
double fs__setup_rules_time_s(const fs_station_spec *s, int from, int to);
/* Standard (mean) processing time of u here, s: the mean of its time
 * distribution times its quantity. */
double fs__station_expected_work_s(const fs__station *st, const fs__unit *u);
/* Standard time (s) from now until the station has done what it holds,
 * per machine: what is left of jobs started (their timers) plus the
 * standard times and changeovers of the queue. *last_family: the family
 * the station ends up set up for. */
double fs__station_backlog_s(const fs__station *st, int *last_family);

/* flow.c: the flow-server variant of a station */
void fs__flow_arrive(fs__station *st, fs__unit *u);
void fs__flow_exit_released(fs__station *st);
void fs__flow_machine_ready(fs__station *st);
void fs__flow_ensure_entry_timer(fs__station *st);

/* source.c */
void fs__source_init(fs__source *src, fs_floor *floor, const fs_source_spec *spec);
void fs__source_resume(fs__source *src);

#endif /* FS_FLOOR_INTERNAL_H */
