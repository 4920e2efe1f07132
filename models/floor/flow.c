/* flow.c: flow servers: conveyors and reflow ovens (floor.h).
 *
 * A belt of length L moving at speed v carries units spaced at least one
 * pitch p apart: a unit takes L/v inside, entries are at least p/v apart,
 * and at most floor(L/p) units are inside at once. The station has one
 * machine (the oven or conveyor drive), BUSY while anything is inside and
 * IDLE when empty, under the station's energy policy like any machine.
 * An oven cannot stop its belt, so a unit that cannot leave (the next
 * station is full) waits at the exit, and those behind it queue at the
 * exit in order; entries go on while there is room inside.
 *
 *   entry queue --(spacing, room, machine on)--> inside --(dwell)--> exit --> next
 */
#include <math.h>

#include "models/floor/floor_internal.h"
#include "sim/fmath.h"

#define FLOW_PRIORITY 0

static void on_belt_exit(fs_sim *sim, void *self, void *arg);
static void on_entry_timer(fs_sim *sim, void *self, void *arg);

static fs__server *drive(fs__station *st) { return &st->servers[0]; }

/* A reflow oven's power follows its load: set at each entry and exit while
 * busy (power stays piecewise constant, so energy is still exact). */
static void oven_follow_load(fs__station *st)
{
    if (st->spec->oven_n_zones == 0 || drive(st)->meter.state != FS_MACHINE_BUSY)
        return;
    double load = (double)st->flow_inside / (double)st->spec->flow_capacity;
    fs__station_set_state_power(st, drive(st), FS_MACHINE_BUSY, fs_floor_oven_power_kw(st->spec, load));
}

static gboolean machine_on(const fs__station *st)
{
    fs_machine_state s = st->servers[0].meter.state;
    return s == FS_MACHINE_IDLE || s == FS_MACHINE_BUSY;
}

static gboolean can_enter(const fs__station *st)
{
    return st->working && machine_on(st) && st->flow_inside < st->spec->flow_capacity
           && st->floor->sim->now_s >= st->flow_next_entry_s;
}

gboolean fs__flow_has_space(const fs__station *st)
{
    if (st->spec->buffer == FS_FLOOR_INFINITE_BUFFER || st->n_queue < st->spec->buffer)
        return TRUE;
    return st->n_queue == 0 && can_enter(st);
}

/* Lets queued units onto the belt while spacing and room allow. */
static void try_enter(fs__station *st)
{
    fs_sim *sim = st->floor->sim;
    gboolean entered = FALSE;
    while (st->queue_head && can_enter(st)) {
        fs__unit *u = fs__unit_fifo_pop(&st->queue_head, &st->queue_tail);
        fs_timeavg_set(&st->ta_queue, sim->now_s, (double)--st->n_queue);
        fs__station_load_changed(st);
        double wait_s = sim->now_s - u->t_arrive_s;
        fs_tally_add(&st->wait_s, wait_s);
        if (wait_s > 0.0)
            st->waited++;
        st->flow_inside++;
        st->n_holding++;
        fs__station_load_changed(st);
        if (drive(st)->meter.state == FS_MACHINE_IDLE) {
            fs_sim_cancel(sim, drive(st)->timer);  /* a pending standby timeout */
            drive(st)->timer = FS_EVENT_ID_NONE;
            fs__station_set_state(st, drive(st), FS_MACHINE_BUSY);
        }
        oven_follow_load(st);
        st->flow_next_entry_s = sim->now_s + st->spec->flow_spacing_s;
        fs_sim_schedule_in(sim, u->proc_s, FLOW_PRIORITY, on_belt_exit, st, u);
        entered = TRUE;
    }
    fs__flow_ensure_entry_timer(st);
    if (entered)
        fs__station_space_opened(st);
}

/* Units waiting (queued, or held by a blocked sender) only for the belt
 * spacing: come back when the gap has passed. */
void fs__flow_ensure_entry_timer(fs__station *st)
{
    if ((st->queue_head || st->blocked_head) && !st->flow_entry_timer && st->working && machine_on(st)
        && st->flow_inside < st->spec->flow_capacity)
        st->flow_entry_timer = fs_sim_schedule(st->floor->sim, fs_fmath_max(st->floor->sim->now_s, st->flow_next_entry_s),
                                               FLOW_PRIORITY, on_entry_timer, st, NULL);
}

static void on_entry_timer(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs__station *st = self;
    st->flow_entry_timer = FS_EVENT_ID_NONE;
    try_enter(st);
    fs__station_space_opened(st);  /* the entry may admit a blocked sender */
    fs__flow_ensure_entry_timer(st);
}

void fs__flow_arrive(fs__station *st, fs__unit *u)
{
    fs__unit_fifo_push(&st->queue_head, &st->queue_tail, u);
    fs_timeavg_set(&st->ta_queue, st->floor->sim->now_s, (double)++st->n_queue);
    fs__station_load_changed(st);
    try_enter(st);
    fs__station_wake_machines(st);
}

/* A unit left the belt for good. */
static void left(fs__station *st)
{
    st->flow_inside--;
    st->n_holding--;
    fs__station_load_changed(st);
    oven_follow_load(st);
    if (st->flow_inside == 0 && drive(st)->meter.state == FS_MACHINE_BUSY) {
        fs__station_set_state(st, drive(st), FS_MACHINE_IDLE);
        if (!st->queue_head)
            fs__station_on_idle(st, drive(st));
    }
    try_enter(st);
    fs__station_space_opened(st);
}

/* Sends exit units on in order until one is blocked. */
static void send_exits(fs__station *st)
{
    while (st->exit_head && !st->exit_sender.held) {
        fs__unit *u = fs__unit_fifo_pop(&st->exit_head, &st->exit_tail);
        int target = fs__floor_next_target(st->floor, st, u);
        if (!fs__floor_send(st->floor, &st->exit_sender, u, target))
            return;
        left(st);
    }
}

static void on_belt_exit(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    fs__station *st = self;
    fs__unit_fifo_push(&st->exit_head, &st->exit_tail, arg);
    send_exits(st);
}

void fs__flow_exit_released(fs__station *st)
{
    left(st);
    send_exits(st);
}

void fs__flow_machine_ready(fs__station *st)
{
    try_enter(st);
    if (st->flow_inside == 0 && !st->queue_head && drive(st)->meter.state == FS_MACHINE_IDLE)
        fs__station_on_idle(st, drive(st));
}
