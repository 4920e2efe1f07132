/* station.c: a station of identical machines with energy states, a queue
 * discipline, setups, failures, a shift calendar and blocking after
 * service (floor.h has the model; machine.h the states).
 *
 * Invariants at every event (checked through the results by the tests):
 *   n_queue + n_holding <= servers + buffer      (has_space)
 *   a machine is in the idle stack  <=>  it is IDLE
 *   n_busy = machines in BUSY, n_blocked = machines in BLOCKED
 * Every state change goes through set_state(), which keeps the meter, the
 * floor's total power, these counts and the trace in step.
 */
#include <math.h>

#include "models/floor/floor_internal.h"
#include "models/floor/scheduler.h"
#include "sim/fmath.h"

#define TIMER_PRIORITY 0
#define SHIFT_PRIORITY (-100)  /* shift changes before work at the same instant */

enum { T_WARMUP_DONE = 1, T_SETUP_DONE, T_SERVICE_DONE, T_STANDBY, T_PLANNED_WAKE, T_REPAIR, T_SHUTDOWN_DONE };

static void on_timer(fs_sim *sim, void *self, void *arg);
static void on_service_done_lean(fs_sim *sim, void *self, void *arg);
static void on_failure(fs_sim *sim, void *self, void *arg);
static void pull(fs__station *st, fs__server *srv);
static G_ALWAYS_INLINE inline void machine_released(fs__station *st, fs__server *srv);
void fs__station_on_idle(fs__station *st, fs__server *srv);

static double now_s(const fs__station *st) { return st->floor->sim->now_s; }

/* A pending timer (a standby timeout when work comes) is moved, one sift
 * instead of a removal and a push: the same order of events, bit for bit.
 * Without one (a finished service's, say), a plain push: what moving no
 * event does. Inline: it is the one event a unit's service schedules. */
static G_ALWAYS_INLINE inline void set_timer_fn(fs__station *st, fs__server *srv, double delay_s, int kind,
                                                fs_event_fn fn)
{
    fs_sim *sim = st->floor->sim;
    srv->timer_end_s = sim->now_s + delay_s;
    if (srv->timer == FS_EVENT_ID_NONE && fn == on_service_done_lean)  /* every unit of a lean station */
        srv->timer = fs_sim_schedule_hot(sim, srv->timer_end_s, TIMER_PRIORITY, fn, srv, GINT_TO_POINTER(kind));
    else if (srv->timer == FS_EVENT_ID_NONE)
        srv->timer = fs_sim_schedule(sim, srv->timer_end_s, TIMER_PRIORITY, fn, srv, GINT_TO_POINTER(kind));
    else
        srv->timer = fs_sim_reschedule(sim, srv->timer, srv->timer_end_s, TIMER_PRIORITY, fn, srv,
                                       GINT_TO_POINTER(kind));
}

/* A lean station's service of a unit without a family ends in its own
 * handler (the same event time, priority and place in the order: only the
 * function differs), which therefore need not ask the unit's family. */
static G_ALWAYS_INLINE inline fs_event_fn service_done_fn(const fs__station *st, const fs__unit *u)
{
    return st->lean && u->family < 0 ? on_service_done_lean : on_timer;
}

static G_ALWAYS_INLINE inline void set_timer(fs__station *st, fs__server *srv, double delay_s, int kind)
{
    set_timer_fn(st, srv, delay_s, kind, kind == T_SERVICE_DONE ? service_done_fn(st, srv->unit) : on_timer);
}

static void cancel_timer(fs__station *st, fs__server *srv)
{
    if (srv->timer == FS_EVENT_ID_NONE)
        return;
    fs_sim_cancel(st->floor->sim, srv->timer);
    srv->timer = FS_EVENT_ID_NONE;
}

static void idle_remove(fs__station *st, fs__server *srv)
{
    for (guint i = 0; i < st->n_idle; i++)
        if (st->idle[i] == srv) {
            st->idle[i] = st->idle[--st->n_idle];
            return;
        }
    g_assert_not_reached();
}

static double busy_power_kw(const fs__station *st, const fs__server *srv)
{
    const fs__unit *u = srv->unit;
    if (u && u->family >= 0) {
        const fs_family_spec *f = &g_array_index(st->floor->spec->families, fs_family_spec, u->family);
        if (u->step < f->n_steps && isfinite(f->power_busy_kw[u->step]))
            return f->power_busy_kw[u->step];
    }
    return st->spec->power_kw[FS_MACHINE_BUSY];
}

/* The one place a machine changes state. power_kw < 0: the station's
 * power for that state. */
static void set_state_power(fs__station *st, fs__server *srv, fs_machine_state state, double power_kw)
{
    double t_s = now_s(st);
    fs_machine_state old = srv->meter.state;
    if (power_kw < 0.0)
        power_kw = state == FS_MACHINE_BUSY ? busy_power_kw(st, srv) : st->spec->power_kw[state];
    /* the meter first: the power change tells the site, which may read
     * this machine's power (a waste-heat supply's named machines) */
    double delta_kw = power_kw - srv->meter.power_kw;
    fs_machine_meter_set(&srv->meter, t_s, state, power_kw);
    fs__floor_power_change(st->floor, delta_kw);
    if (st->heat_level >= 0) {
        double heat_kw = st->spec->heat_kw[state];
        fs__floor_heat_change(st->floor, st->heat_level, heat_kw - srv->heat_kw);
        srv->heat_kw = heat_kw;
    }
    if (old == FS_MACHINE_IDLE)
        idle_remove(st, srv);
    if (state == FS_MACHINE_IDLE)
        st->idle[st->n_idle++] = srv;
    if ((old == FS_MACHINE_BUSY) != (state == FS_MACHINE_BUSY))
        fs_timeavg_set(&st->ta_busy, t_s, (double)(st->n_busy += state == FS_MACHINE_BUSY ? 1 : -1));
    if ((old == FS_MACHINE_BLOCKED) != (state == FS_MACHINE_BLOCKED))
        fs_timeavg_set(&st->ta_blocked, t_s, (double)(st->n_blocked += state == FS_MACHINE_BLOCKED ? 1 : -1));
    if (old == FS_MACHINE_WARMUP) st->n_warming--;
    if (state == FS_MACHINE_WARMUP) st->n_warming++;
    st->n_asleep += (state == FS_MACHINE_STANDBY || state == FS_MACHINE_OFF)
                    - (old == FS_MACHINE_STANDBY || old == FS_MACHINE_OFF);
    if (old != state)
        fs__floor_trace(st->floor, srv->global_index, state);
    const fs_machine_observer *obs = &st->floor->observer;
    if (obs->state)
        obs->state(obs->data, srv->global_index, state, power_kw);
}

void fs__station_set_state_power(fs__station *st, fs__server *srv, fs_machine_state state, double power_kw)
{
    set_state_power(st, srv, state, power_kw);
}

void fs__station_set_state(fs__station *st, fs__server *srv, fs_machine_state state)
{
    set_state_power(st, srv, state, -1.0);
}

/* OFF or STANDBY -> WARMUP -> IDLE; a zero-length warm-up is an energy impulse. */
static void start_warmup(fs__station *st, fs__server *srv)
{
    gboolean from_standby = srv->meter.state == FS_MACHINE_STANDBY;
    double t_s = from_standby ? st->spec->wake_time_s : st->spec->warmup_time_s;
    double e_kwh = from_standby ? st->spec->wake_energy_kwh : st->spec->warmup_energy_kwh;
    cancel_timer(st, srv);
    if (t_s > 0.0) {
        set_state_power(st, srv, FS_MACHINE_WARMUP, e_kwh / (t_s / 3600.0));
        set_timer(st, srv, t_s, T_WARMUP_DONE);
        return;
    }
    set_state_power(st, srv, FS_MACHINE_WARMUP, 0.0);
    fs_machine_meter_add_kwh(&srv->meter, FS_MACHINE_WARMUP, e_kwh);
    if (st->floor->observer.impulse)
        st->floor->observer.impulse(st->floor->observer.data, srv->global_index, FS_MACHINE_WARMUP, e_kwh);
    st->floor->energy_kwh += e_kwh;
    fs__station_set_state(st, srv, FS_MACHINE_IDLE);
    if (st->spec->flow)
        fs__flow_machine_ready(st);
    else
        pull(st, srv);
}

/* The machine is off: warm up ahead of known work, and for work that came
 * (or a shift that started) while it was shutting down. */
static void off_reached(fs__station *st, fs__server *srv)
{
    fs__station_set_state(st, srv, FS_MACHINE_OFF);
    if (isfinite(srv->wake_at_s))
        set_timer(st, srv, fs_fmath_max(0.0, srv->wake_at_s - st->spec->warmup_time_s - now_s(st)), T_PLANNED_WAKE);
    if (st->spec->policy == FS_POLICY_SHIFT_CALENDAR && st->working)
        start_warmup(st, srv);
    else
        fs__station_wake_machines(st);
}

/* IDLE or STANDBY -> OFF: through SHUTDOWN for shutdown_time at
 * shutdown_energy / shutdown_time, or an energy impulse when it takes no
 * time, or at once when it costs nothing. wake_at_s: when known work comes
 * (INFINITY: none known); the machine is then warm by that time. */
static void go_off(fs__station *st, fs__server *srv, double wake_at_s)
{
    const fs_station_spec *s = st->spec;
    cancel_timer(st, srv);
    srv->wake_at_s = wake_at_s;
    if (s->shutdown_time_s > 0.0) {
        set_state_power(st, srv, FS_MACHINE_SHUTDOWN, s->shutdown_energy_kwh / (s->shutdown_time_s / 3600.0));
        set_timer(st, srv, s->shutdown_time_s, T_SHUTDOWN_DONE);
        return;
    }
    if (s->shutdown_energy_kwh > 0.0) {
        set_state_power(st, srv, FS_MACHINE_SHUTDOWN, 0.0);
        fs_machine_meter_add_kwh(&srv->meter, FS_MACHINE_SHUTDOWN, s->shutdown_energy_kwh);
        if (st->floor->observer.impulse)
            st->floor->observer.impulse(st->floor->observer.data, srv->global_index, FS_MACHINE_SHUTDOWN,
                                        s->shutdown_energy_kwh);
        st->floor->energy_kwh += s->shutdown_energy_kwh;
        off_reached(st, srv);
        return;
    }
    /* no transition: as before shutdowns were modelled, to the bit */
    fs__station_set_state(st, srv, FS_MACHINE_OFF);
    if (isfinite(wake_at_s))
        set_timer(st, srv, fs_fmath_max(0.0, wake_at_s - s->warmup_time_s - now_s(st)), T_PLANNED_WAKE);
}

/* Wakes sleeping machines for queued units that no warming machine will take. */
void fs__station_wake_machines(fs__station *st)
{
    if (!st->working || st->n_asleep == 0)
        return;
    gint64 needed = st->n_queue - st->n_warming;
    for (int pass = 0; pass < 2 && needed > 0; pass++) {
        fs_machine_state want = pass == 0 ? FS_MACHINE_STANDBY : FS_MACHINE_OFF;
        for (guint i = 0; i < st->n_servers && needed > 0; i++)
            if (st->servers[i].meter.state == want) {
                start_warmup(st, &st->servers[i]);
                needed--;
            }
    }
}

/* Does src send its orders straight to station index? */
static gboolean source_feeds(const fs_floor *floor, const fs_source_spec *src, int index)
{
    index = floor->stations[index].spec->copy_leader;  /* routes name a group by its leader */
    for (guint j = 0; j < src->route.n && src->n_families == 0; j++)
        if (src->route.target[j] == index)
            return TRUE;
    for (guint j = 0; j < src->n_families; j++) {
        const fs_family_spec *f = &g_array_index(floor->spec->families, fs_family_spec, src->family[j]);
        if (f->n_steps > 0 && f->station[0] == index)
            return TRUE;
    }
    return FALSE;
}

/* Can work reach station index other than from sources routed to it? */
static gboolean fed_only_by_sources(const fs_floor *floor, int index)
{
    const fs_floor_spec *spec = floor->spec;
    if (spec->returns.active || spec->scheduler.kind != FS_SCHEDULER_NONE)
        return FALSE;
    for (guint i = 0; i < spec->stations->len; i++) {
        const fs_station_spec *s = &g_array_index(spec->stations, fs_station_spec, i);
        for (guint j = 0; j < s->route.n; j++)
            if (s->route.target[j] == floor->stations[index].spec->copy_leader)
                return FALSE;
    }
    for (guint f = 0; f < spec->families->len; f++) {
        const fs_family_spec *fam = &g_array_index(spec->families, fs_family_spec, f);
        for (guint k = 1; k < fam->n_steps; k++)
            if (fam->station[k] == floor->stations[index].spec->copy_leader)
                return FALSE;
    }
    return TRUE;
}

/* A planned source with no order left before the horizon. */
static gboolean source_done(const fs_floor *floor, const fs__source *src)
{
    if (src->spec->trace)
        return src->trace_next >= src->spec->trace->len;
    return src->next_arrival_s > floor->spec->horizon_s;
}

/* When the next unit is expected, from what the machine can know: the
 * shift calendar, the release plan of planned sources feeding it, else the
 * mean gap between arrivals observed so far. Never from the random streams.
 * INFINITY and known: no work will come (every source feeding a station fed
 * only by sources is planned and has no order left). */
static double expected_next_work_s(const fs__station *st, gboolean *known_out)
{
    const fs_floor *floor = st->floor;
    double t = now_s(st), next = INFINITY;
    gboolean known = FALSE, all_done = st->sources_only, any_feeds = FALSE;
    /* a line under a fixed schedule knows its next release from the plan */
    double planned_s = fs__scheduler_next_release_s(floor->scheduler, st, t, &known);
    if (known) {
        *known_out = TRUE;
        return planned_s;
    }
    for (guint i = 0; i < floor->n_sources; i++) {
        const fs__source *src = &floor->sources[i];
        if (!source_feeds(floor, src->spec, st->index))
            continue;
        any_feeds = TRUE;
        if (src->spec->planned && src->next_arrival_s >= t && !source_done(floor, src)) {
            next = fs_fmath_min(next, src->next_arrival_s);
            known = TRUE;
        }
        if (!src->spec->planned || !source_done(floor, src))
            all_done = FALSE;
    }
    if (all_done && any_feeds && !known) {
        *known_out = TRUE;
        return INFINITY;
    }
    if (!known && st->arrival_gap_s.n >= 1.0)
        next = t + fs_tally_mean(&st->arrival_gap_s);
    if (st->spec->calendar >= 0) {
        const fs_calendar *c = &g_array_index(floor->spec->calendars, fs_calendar, st->spec->calendar);
        double change = fs_calendar_next_change_s(c, &floor->spec->clock, t);
        if (!st->working) {
            next = fs_fmath_max(isfinite(next) ? next : change, change);
            known = TRUE;
        } else if (change < next) {
            next = fs_calendar_next_change_s(c, &floor->spec->clock, change);
            known = TRUE;
        }
    }
    *known_out = known;
    return next;
}

/* Between shifts (off_outside_shifts): off unless the next shift starts
 * within the warm-up time. TRUE when the machine went off. */
static gboolean off_until_shift(fs__station *st, fs__server *srv)
{
    const fs_calendar *c = &g_array_index(st->floor->spec->calendars, fs_calendar, st->spec->calendar);
    double start_s = fs_calendar_next_change_s(c, &st->floor->spec->clock, now_s(st));
    if (start_s - now_s(st) <= st->spec->warmup_time_s)
        return FALSE;
    go_off(st, srv, INFINITY);
    return TRUE;
}

/* Mouzon et al. (2007): switching off pays when the idle time exceeds the
 * break-even time, the transition energy (shutting down and warming up)
 * over the power saved while off. */
static double breakeven_s(const fs_station_spec *s)
{
    double saved_kw = s->power_kw[FS_MACHINE_IDLE] - s->power_kw[FS_MACHINE_OFF];
    return saved_kw > 0.0 ? (s->warmup_energy_kwh + s->shutdown_energy_kwh) / saved_kw * 3600.0 : INFINITY;
}

/* An idle machine with nothing it may start: apply the energy policy. */
void fs__station_on_idle(fs__station *st, fs__server *srv)
{
    const fs_station_spec *s = st->spec;
    if (s->off_outside_shifts && !st->working && off_until_shift(st, srv))
        return;
    switch (s->policy) {
    case FS_POLICY_ALWAYS_ON:
        break;
    case FS_POLICY_STANDBY_AFTER:
        if (s->standby_after_s > 0.0)
            set_timer(st, srv, s->standby_after_s, T_STANDBY);
        else
            fs__station_set_state(st, srv, FS_MACHINE_STANDBY);
        break;
    case FS_POLICY_BREAKEVEN: {
        gboolean known;
        double next_s = expected_next_work_s(st, &known);
        /* a known gap must also hold the shutdown and the warm-up, or
         * the work would wait for them */
        gboolean room = !known || s->shutdown_time_s == 0.0
                        || next_s - now_s(st) >= s->shutdown_time_s + s->warmup_time_s;
        if ((known || isfinite(next_s)) && next_s - now_s(st) > breakeven_s(s) && room)
            /* With a known next arrival (release plan, calendar), be warm
             * when it comes. Not for an estimate: waking ahead of the mean
             * gap found no work, switched off and woke again, so machines
             * spent most of their time warming up (seen in a Gantt chart). */
            go_off(st, srv, known && isfinite(next_s) ? next_s : INFINITY);
        break;
    }
    case FS_POLICY_SHIFT_CALENDAR:
        if (!st->working && s->calendar >= 0) {
            const fs_calendar *c = &g_array_index(st->floor->spec->calendars, fs_calendar, s->calendar);
            double start_s = fs_calendar_next_change_s(c, &st->floor->spec->clock, now_s(st));
            if (start_s - now_s(st) > s->warmup_time_s)
                go_off(st, srv, INFINITY);
        }
        break;
    }
}

double fs__setup_rules_time_s(const fs_station_spec *s, int from, int to)
{
    if (from == FS__ANOTHER_FAMILY && to >= 0) {
        for (int any_to = 0; any_to < 2; any_to++)
            for (guint i = 0; i < s->n_setups; i++)
                if (s->setups[i].from == -1 && s->setups[i].to == (any_to ? -1 : to))
                    return s->setups[i].time_s;
        return 0.0;
    }
    if (from < 0 || to < 0)
        return 0.0;
    /* exact, then (any -> to), (from -> any), (any change); same family: exact only */
    static const int order[4][2] = {{1, 1}, {0, 1}, {1, 0}, {0, 0}};
    for (int k = 0; k < (from == to ? 1 : 4); k++)
        for (guint i = 0; i < s->n_setups; i++) {
            const fs_setup_rule *r = &s->setups[i];
            if ((order[k][0] ? r->from == from : r->from == -1) && (order[k][1] ? r->to == to : r->to == -1))
                return r->time_s;
        }
    return 0.0;
}

double fs__station_setup_time_s(const fs_station_spec *s, int from, int to)
{
    if (!s->setup_table_s)
        return fs__setup_rules_time_s(s, from, to);
    if (to < 0 || from < FS__ANOTHER_FAMILY || from == -1)
        return 0.0;
    guint n = s->setup_table_families, row = from == FS__ANOTHER_FAMILY ? n : (guint)from;
    return s->setup_table_s[(gsize)row * n + (guint)to];
}

/* The processing-time distribution of u here (s per piece): its family's
 * time at this step, else the station's service. */
static const fs_dist *unit_time_dist(const fs__station *st, const fs__unit *u)
{
    if (u->family >= 0) {
        const fs_family_spec *f = &g_array_index(st->floor->spec->families, fs_family_spec, u->family);
        if (u->step < f->n_steps && f->has_time[u->step])
            return &f->time[u->step];
    }
    return &st->spec->service;
}

double fs__station_expected_work_s(const fs__station *st, const fs__unit *u)
{
    if (st->spec->flow)
        return st->spec->flow_spacing_s * (double)u->quantity;
    const fs_dist *d = unit_time_dist(st, u);
    return fs_dist_mean(d) * (double)u->quantity;
}

double fs__station_backlog_s(const fs__station *st, int *last_family)
{
    double t = now_s(st), total_s = 0.0;
    int last = -1;
    for (guint i = 0; i < st->n_servers; i++) {
        const fs__server *srv = &st->servers[i];
        if (srv->timer && (srv->meter.state == FS_MACHINE_BUSY || srv->meter.state == FS_MACHINE_SETUP
                           || srv->meter.state == FS_MACHINE_WARMUP))
            total_s += srv->timer_end_s - t;
        if (srv->meter.state == FS_MACHINE_SETUP && srv->unit)
            total_s += fs__station_expected_work_s(st, srv->unit);
        if (srv->last_family >= 0)
            last = srv->last_family;
    }
    for (const fs__unit *u = st->queue_head; u; u = u->next) {
        total_s += fs__station_setup_time_s(st->spec, last, u->family) + fs__station_expected_work_s(st, u);
        if (u->family >= 0)
            last = u->family;
    }
    *last_family = last;
    return total_s / (double)st->n_servers;
}

/* n_queue or n_holding changed at st. lean: st is lean, so no scheduler's
 * line (fs__scheduler_new turns lean off where it keeps a line's load) and
 * there is nothing to mirror; constant at every call, so the test goes. */
static G_ALWAYS_INLINE inline void load_changed(fs__station *st, gboolean lean)
{
    if (!lean)
        fs__station_load_changed(st);
}

/* Takes u (after prev, or the head) out of the queue at t_s (now). */
static G_ALWAYS_INLINE inline void dequeue_at(fs__station *st, fs__unit *u, fs__unit *prev, double t_s,
                                              gboolean lean)
{
    if (prev)
        prev->next = u->next;
    else
        st->queue_head = u->next;
    if (st->queue_tail == u)
        st->queue_tail = prev;
    fs_timeavg_set(&st->ta_queue, t_s, (double)--st->n_queue);
    load_changed(st, lean);
}

static inline void dequeue(fs__station *st, fs__unit *u, fs__unit *prev)
{
    dequeue_at(st, u, prev, now_s(st), FALSE);
}

/* Takes the unit the discipline chooses out of the queue. */
static fs__unit *pick(fs__station *st, const fs__server *srv)
{
    fs__unit *best = st->queue_head, *best_prev = NULL, *prev = NULL;
    switch (st->spec->discipline) {
    case FS_DISCIPLINE_FIFO:
        break;
    case FS_DISCIPLINE_EDD:
    case FS_DISCIPLINE_SPT:
        for (fs__unit *u = st->queue_head; u; prev = u, u = u->next) {
            double ku = st->spec->discipline == FS_DISCIPLINE_EDD ? u->order->due_s : u->proc_s;
            double kb = st->spec->discipline == FS_DISCIPLINE_EDD ? best->order->due_s : best->proc_s;
            if (ku < kb) {
                best = u;
                best_prev = prev;
            }
        }
        break;
    case FS_DISCIPLINE_SAME_FAMILY:
        for (fs__unit *u = st->queue_head; u; prev = u, u = u->next)
            if (u->family == srv->last_family) {
                best = u;
                best_prev = prev;
                break;
            }
        break;
    }
    dequeue(st, best, best_prev);
    return best;
}

static void schedule_busy_failure(fs__station *st, fs__server *srv, double busy_s)
{
    if (st->spec->failures && st->spec->ttf_busy_clock && srv->ttf_left_s < busy_s)
        srv->failure = fs_sim_schedule_in(st->floor->sim, srv->ttf_left_s, TIMER_PRIORITY, on_failure, srv, NULL);
}

static void start_busy(fs__station *st, fs__server *srv, double duration_s)
{
    fs__station_set_state(st, srv, FS_MACHINE_BUSY);
    srv->busy_start_s = now_s(st);
    set_timer(st, srv, duration_s, T_SERVICE_DONE);
    schedule_busy_failure(st, srv, duration_s);
}

static double setup_before_s(const fs__station *st, const fs__server *srv, const fs__unit *u)
{
    return st->spec->n_setups ? fs__station_setup_time_s(st->spec, srv->last_family, u->family) : 0.0;
}

/* srv takes u: the wait, the place, the family it is set up for. */
static G_ALWAYS_INLINE inline void take_unit_at(fs__station *st, fs__server *srv, fs__unit *u, double t_s,
                                                gboolean lean)
{
    double wait_s = t_s - u->t_arrive_s;
    fs_tally_add(&st->wait_s, wait_s);
    if (wait_s > 0.0)
        st->waited++;
    st->n_holding++;
    load_changed(st, lean);
    srv->unit = u;  /* a pending timer is replaced by the setup's or the service's */
    if (u->family >= 0)
        srv->last_family = u->family;
}

static void take_unit(fs__station *st, fs__server *srv, fs__unit *u)
{
    take_unit_at(st, srv, u, now_s(st), FALSE);
}

static void begin(fs__station *st, fs__server *srv, fs__unit *u)
{
    double setup_s = setup_before_s(st, srv, u);
    take_unit(st, srv, u);
    if (setup_s > 0.0) {
        st->setups++;
        fs__station_set_state(st, srv, FS_MACHINE_SETUP);
        set_timer(st, srv, setup_s, T_SETUP_DONE);
    } else {
        start_busy(st, srv, u->proc_s);
    }
}

/* srv is IDLE: start the next unit, or apply the policy. */
static void pull(fs__station *st, fs__server *srv)
{
    if (st->working && st->queue_head)
        begin(st, srv, pick(st, srv));
    else
        fs__station_on_idle(st, srv);
}

static void service_done_to(fs__station *st, fs__server *srv, fs__unit *u, int target);

static void service_done(fs__station *st, fs__server *srv)
{
    if (st->spec->failures && st->spec->ttf_busy_clock) {
        srv->ttf_left_s -= now_s(st) - srv->busy_start_s;
        fs_sim_cancel(st->floor->sim, srv->failure);
        srv->failure = FS_EVENT_ID_NONE;
    }
    service_done_to(st, srv, srv->unit, fs__floor_next_target(st->floor, st, srv->unit));
}

/* A service's unit u goes on to target. */
static void service_done_to(fs__station *st, fs__server *srv, fs__unit *u, int target)
{
    if (target == FS_ROUTE_SINK && !st->spec->flow) {
        /* what fs__floor_send and fs__station_sender_released do when
         * the unit leaves the floor, in the same order, without the calls */
        fs__station_record_departure(st, u);
        fs__floor_sink(st->floor, u);
        machine_released(st, srv);
        return;
    }
    if (fs__floor_send(st->floor, &srv->sender, u, target))
        fs__station_sender_released(st, &srv->sender);
    else
        fs__station_set_state(st, srv, FS_MACHINE_BLOCKED);
}

static void on_timer(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    fs__server *srv = self;
    fs__station *st = srv->st;
    srv->timer = FS_EVENT_ID_NONE;
    switch (GPOINTER_TO_INT(arg)) {
    case T_WARMUP_DONE:
        fs__station_set_state(st, srv, FS_MACHINE_IDLE);
        if (st->spec->flow)
            fs__flow_machine_ready(st);
        else
            pull(st, srv);
        break;
    case T_SETUP_DONE:
        start_busy(st, srv, srv->unit->proc_s);
        break;
    case T_SERVICE_DONE:
        service_done(st, srv);
        break;
    case T_STANDBY:
        fs__station_set_state(st, srv, FS_MACHINE_STANDBY);
        break;
    case T_PLANNED_WAKE:
        if (srv->meter.state == FS_MACHINE_OFF)
            start_warmup(st, srv);
        break;
    case T_SHUTDOWN_DONE:
        off_reached(st, srv);
        break;
    case T_REPAIR: {
        if (!st->spec->ttf_busy_clock)
            srv->failure = fs_sim_schedule_in(sim, fs_dist_sample(&st->spec->ttf, &st->failure_rng),
                                              TIMER_PRIORITY, on_failure, srv, NULL);
        else
            srv->ttf_left_s = fs_dist_sample(&st->spec->ttf, &st->failure_rng);
        fs_machine_state back = srv->resume_state;
        double left_s = srv->resume_left_s;
        if (back == FS_MACHINE_BUSY) {
            start_busy(st, srv, left_s);
        } else if (back == FS_MACHINE_SETUP) {
            fs__station_set_state(st, srv, FS_MACHINE_SETUP);
            set_timer(st, srv, left_s, T_SETUP_DONE);
        } else if (back == FS_MACHINE_WARMUP) {
            start_warmup(st, srv);  /* an interrupted warm-up starts again */
        } else if (back == FS_MACHINE_STANDBY) {
            fs__station_set_state(st, srv, FS_MACHINE_STANDBY);
            fs__station_wake_machines(st);
        } else {
            fs__station_set_state(st, srv, FS_MACHINE_IDLE);
            pull(st, srv);
        }
        break;
    }
    }
}

/* A failure interrupts whatever the machine does (preempt-resume); a
 * machine that is off, shutting down or blocked does not fail, and draws a
 * new time. */
static void on_failure(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs__server *srv = self;
    fs__station *st = srv->st;
    srv->failure = FS_EVENT_ID_NONE;
    fs_machine_state s = srv->meter.state;
    if (s == FS_MACHINE_OFF || s == FS_MACHINE_BLOCKED || s == FS_MACHINE_SHUTDOWN) {
        if (!st->spec->ttf_busy_clock)
            srv->failure = fs_sim_schedule_in(sim, fs_dist_sample(&st->spec->ttf, &st->failure_rng),
                                              TIMER_PRIORITY, on_failure, srv, NULL);
        return;
    }
    /* BUSY and SETUP resume where they stopped; IDLE and STANDBY return as
     * they were (a pending standby timeout is re-armed by the policy). */
    srv->resume_state = s;
    srv->resume_left_s = srv->timer ? srv->timer_end_s - sim->now_s : 0.0;
    cancel_timer(st, srv);
    fs__station_set_state(st, srv, FS_MACHINE_FAILED);
    set_timer(st, srv, fs_dist_sample(&st->spec->ttr, &st->failure_rng), T_REPAIR);
}

static void on_shift_change(fs_sim *sim, void *self, void *arg);

static void schedule_shift_events(fs__station *st)
{
    const fs_calendar *c = &g_array_index(st->floor->spec->calendars, fs_calendar, st->spec->calendar);
    double next_s = fs_calendar_next_change_s(c, &st->floor->spec->clock, now_s(st));
    if (!isfinite(next_s))
        return;
    fs_sim_schedule(st->floor->sim, next_s, SHIFT_PRIORITY, on_shift_change, st, GINT_TO_POINTER(0));
    /* Warm up ahead of the next shift, so machines are ready at its start. */
    if (!st->working && st->spec->policy == FS_POLICY_SHIFT_CALENDAR)
        fs_sim_schedule(st->floor->sim, fs_fmath_max(now_s(st), next_s - st->spec->warmup_time_s), SHIFT_PRIORITY,
                        on_shift_change, st, GINT_TO_POINTER(1));
}

static void on_shift_change(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    fs__station *st = self;
    if (GPOINTER_TO_INT(arg) == 1) {  /* pre-shift warm-up */
        for (guint i = 0; i < st->n_servers; i++)
            if (st->servers[i].meter.state == FS_MACHINE_OFF)
                start_warmup(st, &st->servers[i]);
        return;
    }
    const fs_calendar *c = &g_array_index(st->floor->spec->calendars, fs_calendar, st->spec->calendar);
    st->working = fs_calendar_is_working(c, &st->floor->spec->clock, now_s(st));
    schedule_shift_events(st);
    for (guint i = 0; i < st->n_servers; i++) {
        fs__server *srv = &st->servers[i];
        if (srv->meter.state == FS_MACHINE_OFF && st->working && st->spec->policy == FS_POLICY_SHIFT_CALENDAR)
            start_warmup(st, srv);
        else if (srv->meter.state == FS_MACHINE_STANDBY && !st->working && st->spec->off_outside_shifts)
            off_until_shift(st, srv);
        else if (srv->meter.state == FS_MACHINE_IDLE && !st->spec->flow)
            pull(st, srv);
    }
    if (st->spec->flow)
        fs__flow_machine_ready(st);
    else
        fs__station_wake_machines(st);
}

/* At the start: an off machine under the break-even policy warms up so
 * as to be ready for known work, as it does after switching off. */
static void on_start(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs__station *st = self;
    gboolean known;
    double next_s = expected_next_work_s(st, &known);
    if (!known || !isfinite(next_s))
        return;
    for (guint i = 0; i < st->n_servers; i++)
        if (st->servers[i].meter.state == FS_MACHINE_OFF && !st->servers[i].timer)
            set_timer(st, &st->servers[i], fs_fmath_max(0.0, next_s - st->spec->warmup_time_s - now_s(st)), T_PLANNED_WAKE);
}

void fs__station_init(fs__station *st, fs_floor *floor, int index, const fs_station_spec *spec,
                      guint *next_machine)
{
    fs_sim *sim = floor->sim;
    *st = (fs__station){.spec = spec, .floor = floor, .index = index, .working = TRUE, .heat_level = -1};
    for (guint l = 0; fs__station_draws_heat(spec) && l < floor->n_heat_levels; l++)
        if (floor->heat_level_degc[l] == spec->heat_level_degc)
            st->heat_level = (int)l;
    g_autofree char *svc = g_strdup_printf("station/%s/service", spec->name);
    g_autofree char *route = g_strdup_printf("station/%s/route", spec->name);
    g_autofree char *fail = g_strdup_printf("station/%s/failure", spec->name);
    fs_sim_stream(sim, svc, &st->service_rng);
    fs_sim_stream(sim, route, &st->route_rng);
    fs_sim_stream(sim, fail, &st->failure_rng);
    st->exit_sender.station = st;
    fs_tally_reset(&st->arrival_gap_s);
    st->last_arrival_s = NAN;
    if (spec->calendar >= 0) {
        const fs_calendar *c = &g_array_index(floor->spec->calendars, fs_calendar, spec->calendar);
        st->working = fs_calendar_is_working(c, &floor->spec->clock, 0.0);
    }
    st->n_servers = (guint)spec->servers;
    st->servers = g_new0(fs__server, st->n_servers);
    st->idle = g_new(fs__server *, st->n_servers);
    gboolean off = spec->start_off || (spec->policy == FS_POLICY_SHIFT_CALENDAR && !st->working);
    /* Machines enter the idle stack in reverse, so machine 0 is used first. */
    for (guint k = st->n_servers; k-- > 0;) {
        fs__server *srv = &st->servers[k];
        srv->sender.station = st;
        srv->st = st;
        srv->index = k;
        srv->global_index = *next_machine + k;
        srv->last_family = -1;
        fs_machine_state s0 = off ? FS_MACHINE_OFF : FS_MACHINE_IDLE;
        double p0 = spec->power_kw[s0];
        fs_machine_meter_init(&srv->meter, 0.0, s0, p0);
        fs__floor_power_change(floor, p0);
        if (st->heat_level >= 0) {
            srv->heat_kw = spec->heat_kw[s0];
            fs__floor_heat_change(floor, st->heat_level, srv->heat_kw);
        }
        fs__floor_trace(floor, srv->global_index, s0);
        if (s0 == FS_MACHINE_IDLE)
            st->idle[st->n_idle++] = srv;
        else
            st->n_asleep++;
        if (spec->failures) {
            double ttf_s = fs_dist_sample(&spec->ttf, &st->failure_rng);
            if (spec->ttf_busy_clock)
                srv->ttf_left_s = ttf_s;
            else
                srv->failure = fs_sim_schedule(sim, ttf_s, TIMER_PRIORITY, on_failure, srv, NULL);
        }
    }
    *next_machine += st->n_servers;
    fs__station_reset_stats(st, 0.0);
    if (spec->calendar >= 0)
        schedule_shift_events(st);
    st->sources_only = fed_only_by_sources(floor, index);
    st->lean = !spec->flow && spec->discipline == FS_DISCIPLINE_FIFO && spec->n_setups == 0 && !spec->failures
               && st->heat_level < 0 && spec->policy != FS_POLICY_BREAKEVEN;
    st->exits_to_sink = spec->route.n == 1 && spec->route.target[0] == FS_ROUTE_SINK;
    if (off && spec->policy == FS_POLICY_BREAKEVEN)
        fs_sim_schedule(sim, 0.0, TIMER_PRIORITY, on_start, st, NULL);
}

void fs__station_clear(fs__station *st)
{
    g_free(st->servers);
    g_free(st->idle);
}

/* The processing time of a unit of `quantity` pieces from d (s per piece).
 * A lot takes the sum of its units' times: one draw per unit keeps the
 * per-unit variability (the sum of q draws, not q times one draw); with
 * lot_sampling = exact_sum, one draw of that sum's distribution (the spec
 * checked that it has one). */
static G_ALWAYS_INLINE inline double draw_total_s(fs__station *st, const fs_dist *d, gint64 quantity)
{
    if (st->spec->lot_exact_sum)
        return fs_fmath_max(0.0, fs_dist_sample_sum(d, quantity, &st->service_rng));
    return fs_dist_sample_total_nonneg(d, quantity, &st->service_rng);
}

double fs__station_draw_proc_s(fs__station *st, const fs__unit *u)
{
    if (st->spec->flow)
        return st->spec->flow_dwell_s;
    return draw_total_s(st, unit_time_dist(st, u), u->quantity);
}

static G_ALWAYS_INLINE inline gboolean arrive_lean(fs__station *st, fs__unit *u);

/* u, arrived at t_s (now) and not taken at once, joins the queue; idle
 * machines take what the discipline picks, sleeping ones wake for it. The
 * loop's usually false test comes first (the queue is not empty). */
static G_ALWAYS_INLINE inline void queue_arrival(fs__station *st, fs__unit *u, double t_s, gboolean lean)
{
    fs__unit_fifo_push(&st->queue_head, &st->queue_tail, u);
    fs_timeavg_set(&st->ta_queue, t_s, (double)++st->n_queue);
    load_changed(st, lean);
    while (st->n_idle > 0 && st->working && st->queue_head)
        begin(st, st->idle[st->n_idle - 1], pick(st, st->idle[st->n_idle - 1]));
    if (st->n_asleep > 0)  /* what fs__station_wake_machines looks at first */
        fs__station_wake_machines(st);
}

void fs__station_arrive(fs__station *st, fs__unit *u)
{
    if (arrive_lean(st, u))
        return;
    double t = now_s(st);
    u->t_arrive_s = t;
    st->arrivals++;
    if (st->spec->policy == FS_POLICY_BREAKEVEN) {  /* expected_next_work_s's mean gap */
        if (isfinite(st->last_arrival_s))
            fs_tally_add(&st->arrival_gap_s, t - st->last_arrival_s);
        st->last_arrival_s = t;
    }
    u->proc_s = fs__station_draw_proc_s(st, u);
    fs_timeavg_set(&st->ta_in, t, (double)(st->n_queue + st->n_holding + 1));
    if (st->spec->flow) {
        fs__flow_arrive(st, u);
        return;
    }
    if (st->working && !st->queue_head && st->n_idle > 0) {
        /* Straight into service: what queueing and picking it at once
         * would do, to the bit (the queue's average closes its interval
         * here; its +1 and -1 at this instant add nothing), and nothing
         * is left for a sleeping machine to wake for. */
        fs_timeavg_set(&st->ta_queue, t, (double)st->n_queue);
        begin(st, st->idle[st->n_idle - 1], u);
        return;
    }
    queue_arrival(st, u, t, FALSE);
}

void fs__station_enqueue_blocked(fs__station *st, fs__sender *s)
{
    s->next_blocked = NULL;
    if (st->blocked_tail)
        st->blocked_tail->next_blocked = s;
    else
        st->blocked_head = s;
    st->blocked_tail = s;
    if (st->spec->flow)
        fs__flow_ensure_entry_timer(st);
}

void fs__station_start(fs__station *st)
{
    if (st->spec->flow) {
        fs__flow_machine_ready(st);
        return;
    }
    for (guint i = 0; i < st->n_servers; i++)
        if (st->servers[i].meter.state == FS_MACHINE_IDLE && !st->queue_head)
            fs__station_on_idle(st, &st->servers[i]);
}

static G_ALWAYS_INLINE inline void record_departure_at(fs__station *st, fs__unit *u, double t_s)
{
    fs_tally_add(&st->sojourn_s, t_s - u->t_arrive_s);
    st->departures++;
    fs_timeavg_set(&st->ta_in, t_s, (double)(st->n_queue + st->n_holding - 1));
}

void fs__station_record_departure(fs__station *st, fs__unit *u)
{
    record_departure_at(st, u, now_s(st));
}

/* set_state_power(IDLE)'s meter and power steps (no heat drawn). */
static G_ALWAYS_INLINE inline void meter_to_idle(fs__station *st, fs__server *srv, double t_s)
{
    double idle_kw = st->spec->power_kw[FS_MACHINE_IDLE];
    double to_idle_kw = idle_kw - srv->meter.power_kw;
    fs_machine_meter_set(&srv->meter, t_s, FS_MACHINE_IDLE, idle_kw);
    fs__floor_power_change(st->floor, to_idle_kw);
}

/* A busy machine whose unit left while work waits: BUSY -> IDLE -> BUSY at
 * one instant, as set_state_power(IDLE), pull() and begin() would do it, to
 * the bit, without what the second change undoes at once: the idle stack's
 * push and removal, n_busy's -1 and +1 (the busy average's interval closes
 * here all the same; the +0 area of no time is no change), the counts of
 * warming and sleeping machines, which neither state touches. The meter
 * records the IDLE entry and the floor's power both steps, as before: the
 * site hears both. Taken only where nobody watches the instant (no trace,
 * no state observer, no heat drawn), under FIFO, and when the head of the
 * queue needs no setup (looked at before anything changes); FALSE: nothing
 * done. The steps keep the general path's order: IDLE, the unit taken,
 * BUSY, the service timer. It saved about 135 instructions per customer
 * of bench_mm1's station when it came in (callgrind, 1,270 -> 1,135). */
static G_ALWAYS_INLINE inline void hand_over_steps(fs__station *st, fs__server *srv, fs__unit *u, double t_s,
                                                   fs_event_fn service_fn)
{
    gboolean lean = service_fn == on_service_done_lean;  /* a lean station's: no line load, no failures */
    fs_floor *floor = st->floor;
    meter_to_idle(st, srv, t_s);
    dequeue_at(st, u, NULL, t_s, lean);  /* what pick() does under FIFO */
    take_unit_at(st, srv, u, t_s, lean);
    double busy_kw = busy_power_kw(st, srv);
    double to_busy_kw = busy_kw - srv->meter.power_kw;
    fs_machine_meter_set_at_once(&srv->meter, FS_MACHINE_BUSY, busy_kw);
    fs__floor_power_change_at_once(floor, to_busy_kw);
    fs_timeavg_set(&st->ta_busy, t_s, (double)st->n_busy);
    srv->busy_start_s = t_s;
    set_timer_fn(st, srv, u->proc_s, T_SERVICE_DONE, service_fn);
    if (!lean)  /* a lean station has no failures */
        schedule_busy_failure(st, srv, u->proc_s);
}

static gboolean hand_over(fs__station *st, fs__server *srv)
{
    fs_floor *floor = st->floor;
    if (!st->working || !st->queue_head || srv->meter.state != FS_MACHINE_BUSY || floor->watched
        || st->heat_level >= 0)
        return FALSE;
    /* FIFO takes the head; other disciplines and setups are the general
     * path's */
    fs__unit *u = st->queue_head;
    if (st->spec->discipline != FS_DISCIPLINE_FIFO || setup_before_s(st, srv, u) > 0.0)
        return FALSE;
    hand_over_steps(st, srv, u, now_s(st), service_done_fn(st, u));
    return TRUE;
}

/* srv's unit has left: its place opens, and it takes the next unit or
 * goes idle. */
static G_ALWAYS_INLINE inline void machine_released(fs__station *st, fs__server *srv)
{
    st->n_holding--;
    fs__station_load_changed(st);
    srv->unit = NULL;
    if (!hand_over(st, srv)) {
        fs__station_set_state(st, srv, FS_MACHINE_IDLE);
        pull(st, srv);
    }
    fs__station_space_opened(st);
}

/* The lean path (issue 19). A lean station (st->lean: FIFO, no setups, no
 * failures, not a flow server, no heat drawn, not under break-even; fixed
 * at init) takes a unit's arrival and its service's end each in one
 * function, with the time and the floor read once, when nobody watches
 * the instant (no trace, no state observer) and the unit has no family:
 * the general path's steps in its order, to the bit, without its tests for
 * what the station cannot have and without its call layers. Where the two
 * part (a unit routed to another station, no machine idle, a machine
 * asleep, work left for none), the general functions take over from that
 * point. tests/test_floor.c runs every shipped scenario untraced (lean)
 * and traced (a trace turns it off) and compares every result to the bit. */
static gboolean nobody_watches(const fs_floor *floor)
{
    return !floor->watched;
}

/* begin() on an idle lean station's top idle machine: take_unit, then
 * set_state_power(BUSY) from IDLE and start_busy's timer. */
static G_ALWAYS_INLINE inline void begin_lean(fs__station *st, fs__server *srv, fs__unit *u, double t_s)
{
    take_unit_at(st, srv, u, t_s, TRUE);
    double busy_kw = st->spec->power_kw[FS_MACHINE_BUSY];  /* busy_power_kw: no family */
    double delta_kw = busy_kw - srv->meter.power_kw;
    fs_machine_meter_set(&srv->meter, t_s, FS_MACHINE_BUSY, busy_kw);
    fs__floor_power_change(st->floor, delta_kw);
    st->n_idle--;  /* idle_remove: srv is the top of the idle stack */
    fs_timeavg_set(&st->ta_busy, t_s, (double)++st->n_busy);
    srv->busy_start_s = t_s;
    set_timer_fn(st, srv, u->proc_s, T_SERVICE_DONE, on_service_done_lean);  /* service_done_fn: no family */
}

/* arrive_lean's steps, its conditions known to hold. */
static G_ALWAYS_INLINE inline void arrive_lean_steps(fs__station *st, fs__unit *u)
{
    double t_s = st->floor->sim->now_s;
    u->t_arrive_s = t_s;
    st->arrivals++;
    u->proc_s = draw_total_s(st, &st->spec->service, u->quantity);
    fs_timeavg_set(&st->ta_in, t_s, (double)(st->n_queue + st->n_holding + 1));
    if (st->working && !st->queue_head && st->n_idle > 0) {
        fs_timeavg_set(&st->ta_queue, t_s, (double)st->n_queue);
        begin_lean(st, st->idle[st->n_idle - 1], u, t_s);
        return;
    }
    queue_arrival(st, u, t_s, TRUE);
}

static G_ALWAYS_INLINE inline gboolean arrive_lean(fs__station *st, fs__unit *u)
{
    if (!st->lean || u->family >= 0 || !nobody_watches(st->floor))
        return FALSE;
    arrive_lean_steps(st, u);
    return TRUE;
}

gboolean fs__station_arrive_lean(fs__station *st, fs__unit *u)
{
    if (!nobody_watches(st->floor))
        return FALSE;
    arrive_lean_steps(st, u);
    return TRUE;
}

static void on_service_done_lean(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs__server *srv = self;
    fs__station *st = srv->st;
    fs_floor *floor = st->floor;
    srv->timer = FS_EVENT_ID_NONE;
    fs__unit *u = srv->unit;  /* without a family: service_done_fn */
    if (!nobody_watches(floor)) {
        service_done(st, srv);
        return;
    }
    if (!st->exits_to_sink) {
        int target = fs_route_pick(&st->spec->route, &st->route_rng);  /* fs__floor_next_target: no family */
        if (target != FS_ROUTE_SINK) {
            service_done_to(st, srv, u, target);
            return;
        }
    }
    double t_s = sim->now_s;
    /* service_done_to's way to the sink: the departure, the sink, then
     * machine_released with hand_over's tests known to pass */
    record_departure_at(st, u, t_s);
    fs__floor_sink(floor, u);
    st->n_holding--;  /* no line load to mirror: lean */
    srv->unit = NULL;
    if (st->working && st->queue_head) {
        hand_over_steps(st, srv, st->queue_head, t_s, on_service_done_lean);  /* FIFO, no setup, no heat, unwatched */
    } else {
        /* set_state_power(IDLE) from BUSY, with no heat, trace or
         * observer: the meter and power, the idle stack's push, n_busy */
        meter_to_idle(st, srv, t_s);
        st->idle[st->n_idle++] = srv;
        fs_timeavg_set(&st->ta_busy, t_s, (double)--st->n_busy);
        pull(st, srv);
    }
    fs__station_space_opened(st);
}

void fs__station_sender_released(fs__station *st, fs__sender *s)
{
    if (st->spec->flow) {
        fs__flow_exit_released(st);
        return;
    }
    machine_released(st, (fs__server *)s);
}

/* A place opened here: let blocked senders in, first come first served. A
 * sender's unit enters before the sender is released, because releasing
 * it can cascade (upstream stations unblock, feedback routes re-enter this
 * station) and the place must already be taken by then. */
void fs__station_admit_blocked(fs__station *st)
{
    while (st->blocked_head && fs__station_has_space(st)) {
        fs__sender *s = st->blocked_head;
        st->blocked_head = s->next_blocked;
        if (!st->blocked_head)
            st->blocked_tail = NULL;
        fs__unit *u = s->held;
        s->held = NULL;
        if (s->station)
            fs__station_record_departure(s->station, u);
        fs__station_arrive(st, u);
        if (s->station)
            fs__station_sender_released(s->station, s);
        else
            fs__source_resume(s->source);
    }
}

void fs__station_reset_stats(fs__station *st, double t_s)
{
    fs_timeavg_init(&st->ta_busy, t_s, (double)st->n_busy);
    fs_timeavg_init(&st->ta_blocked, t_s, (double)st->n_blocked);
    fs_timeavg_init(&st->ta_queue, t_s, (double)st->n_queue);
    fs_timeavg_init(&st->ta_in, t_s, (double)(st->n_queue + st->n_holding));
    fs_tally_reset(&st->wait_s);
    fs_tally_reset(&st->sojourn_s);
    st->arrivals = st->departures = st->waited = st->setups = 0;
    for (guint i = 0; i < st->n_servers; i++)
        fs_machine_meter_reset(&st->servers[i].meter, t_s);
}

void fs__station_finish(fs__station *st, double t_s)
{
    fs_timeavg_set(&st->ta_busy, t_s, (double)st->n_busy);
    fs_timeavg_set(&st->ta_blocked, t_s, (double)st->n_blocked);
    fs_timeavg_set(&st->ta_queue, t_s, (double)st->n_queue);
    fs_timeavg_set(&st->ta_in, t_s, (double)(st->n_queue + st->n_holding));
    for (guint i = 0; i < st->n_servers; i++)
        fs_machine_meter_flush(&st->servers[i].meter, t_s);
}
