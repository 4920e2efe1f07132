/* source.c: order sources (floor.h).
 *
 * An order gets a family (drawn from the mix), a quantity (rounded, >= 1)
 * and a due date (arrival + allowance); it becomes `quantity` units, or one
 * lot, sent one by one to the first station of the family route (or along
 * the source's route when there are no families). A source whose first
 * station is full holds the unit and sends the rest once it is in; only
 * then is the next arrival drawn, so "interarrival = 0" is a saturated
 * input (on_full = block, the default). With on_full = lose an order that
 * finds no room for its first unit is lost whole (counted, never created)
 * and arrivals keep their pace; an order that gets its first unit in
 * sends the rest as in block. Arrivals follow the interarrival distribution, or a Poisson
 * process whose rate is scaled by hour-of-day and day-of-week profiles
 * (thinning: Lewis and Shedler, 1979), or a CSV trace of orders.
 */
#include <math.h>

#include "models/floor/floor_internal.h"
#include "sim/ziggurat.h"
#include "sim/fmath.h"

#define ARRIVAL_PRIORITY 0

static void on_arrival(fs_sim *sim, void *self, void *arg);

/* Rate multiplier at sim time t_s from the profiles (1 without them). */
static double profile_at(const fs__source *src, double t_s)
{
    const fs_source_spec *s = src->spec;
    const fs_calendar_clock *clk = &src->floor->spec->clock;
    double m = 1.0, week_s = fmod(clk->week_offset_s + t_s, 604800.0);
    if (s->profile_hour)
        m *= s->profile_hour[(int)fmod(week_s / 3600.0, 24.0)];
    if (s->profile_weekday)
        m *= s->profile_weekday[(int)(week_s / 86400.0)];
    return m;
}

/* The next order at t_s, unless past the horizon. */
static G_ALWAYS_INLINE inline void schedule_at(fs__source *src, double t_s)
{
    src->next_arrival_s = t_s;
    if (t_s <= src->floor->spec->horizon_s)
        fs_sim_schedule_hot(src->floor->sim, t_s, ARRIVAL_PRIORITY, on_arrival, src, NULL);
}

/* schedule_next and send_pending are forced inline: each order's arrival
 * runs both, and gcc kept them as calls (bench_mm1: 9 instructions per
 * order, callgrind). */
static G_ALWAYS_INLINE inline void schedule_next(fs__source *src)
{
    const fs_source_spec *s = src->spec;
    fs_sim *sim = src->floor->sim;
    double t_s = sim->now_s;
    if (s->trace) {
        if (src->trace_next >= s->trace->len)
            return;
        t_s = fs_fmath_max(t_s, g_array_index(s->trace, fs_order_record, src->trace_next).arrival_s);
    } else if (s->profile_hour || s->profile_weekday) {
        /* Candidates at the peak rate, each kept with probability
         * rate(t)/peak: an exact non-homogeneous Poisson process. */
        double peak_mean_s = fs_dist_mean(&s->interarrival) / s->profile_max;
        do {
            t_s += peak_mean_s * fs_ziggurat_exp1(&src->interarrival_rng);
        } while (fs_rng_uniform(&src->thinning_rng) * s->profile_max > profile_at(src, t_s)
                 && t_s <= src->floor->spec->horizon_s);
    } else {
        t_s += fs_fmath_max(0.0, fs_dist_sample(&s->interarrival, &src->interarrival_rng));
    }
    schedule_at(src, t_s);
}

/* Sends pending units; FALSE when one is held (blocked). */
static G_ALWAYS_INLINE inline gboolean send_pending(fs__source *src)
{
    fs_floor *floor = src->floor;
    while (src->pending) {
        fs__unit *u = src->pending;
        src->pending = u->next;
        u->next = NULL;
        int target = u->family >= 0 ? g_array_index(floor->spec->families, fs_family_spec, u->family).station[0]
                     : src->first_target != -2 ? src->first_target
                                               : fs_route_pick(&src->spec->route, &src->route_rng);
        src->first_target = -2;
        /* a station it goes straight into: fs__floor_send's own first
         * case, without the call (a source records no departure) */
        fs__station *dest = fs__floor_plain_dest(floor, target);
        if (dest)
            fs__station_arrive(dest, u);
        else if (!fs__floor_send(floor, &src->sender, u, target))
            return FALSE;
    }
    return TRUE;
}

/* An order's arrival on the lean path (issue 19), for a source whose
 * orders are one entity of a constant quantity (one unit, or one lot) with
 * no family, due date, trace, profile or on_full = lose, sent to one lean
 * station (station.c) of one copy that is not the scheduler's lines
 * (src->lean_dest, fixed at init): on_arrival's steps in its order, to the
 * bit, without its tests. A full station or a watched floor: the general
 * send (send_pending). */
static G_ALWAYS_INLINE inline void arrival_lean(fs__source *src)
{
    fs_floor *floor = src->floor;
    fs__order *order = fs__floor_order_new(floor, INFINITY, 1);
    fs__unit *u = fs__floor_unit_new(floor, order, -1, src->constant_quantity);  /* u->next = NULL */
    fs__station *dest = src->lean_dest;
    if (!fs__station_has_space(dest) || !fs__station_arrive_lean(dest, u)) {
        src->pending = u;
        if (!send_pending(src))
            return;
    }
    /* schedule_next without a trace or profiles */
    schedule_at(src, floor->sim->now_s
                         + fs_fmath_max(0.0, fs_dist_sample(&src->spec->interarrival, &src->interarrival_rng)));
}

/* An order's quantity from a drawn value: rounded, at least 1. */
static gint64 quantity_of(double drawn)
{
    return (gint64)fs_fmath_max(1.0, nearbyint(drawn));
}

void fs__source_init(fs__source *src, fs_floor *floor, const fs_source_spec *spec)
{
    *src = (fs__source){.spec = spec, .floor = floor, .next_arrival_s = INFINITY, .first_target = -2};
    src->sender.source = src;
    if (spec->quantity.kind == FS_DIST_CONSTANT)  /* p[0] of another distribution may not fit a gint64 */
        src->constant_quantity = quantity_of(spec->quantity.p[0]);
    static const char *const purposes[] = {"interarrival", "route", "family", "quantity", "due", "thinning"};
    fs_rng *rngs[] = {&src->interarrival_rng, &src->route_rng, &src->family_rng,
                      &src->quantity_rng, &src->due_rng, &src->thinning_rng};
    for (size_t i = 0; i < G_N_ELEMENTS(purposes); i++) {
        g_autofree char *name = g_strdup_printf("source/%s/%s", spec->name, purposes[i]);
        fs_sim_stream(floor->sim, name, rngs[i]);
    }
    /* lean (arrival_lean): the stations are built, so their lean flag is known */
    const fs_route *r = &spec->route;
    if (!spec->trace && !spec->profile_hour && !spec->profile_weekday && spec->n_families == 0
        && spec->quantity.kind == FS_DIST_CONSTANT && (spec->lot || src->constant_quantity == 1) && !spec->has_due
        && !spec->lose_when_full && r->n == 1) {
        fs__station *dest = fs__floor_single_dest(floor, r->target[0]);
        if (dest && dest->lean)
            src->lean_dest = dest;
    }
    schedule_next(src);
}

void fs__source_resume(fs__source *src)
{
    if (send_pending(src))
        schedule_next(src);
}

static int draw_family(fs__source *src)
{
    const fs_source_spec *s = src->spec;
    if (s->n_families == 0)
        return -1;
    if (s->n_families == 1)
        return s->family[0];
    double u = fs_rng_uniform(&src->family_rng);
    for (guint i = 0; i + 1 < s->n_families; i++)
        if (u < s->family_cum[i])
            return s->family[i];
    return s->family[s->n_families - 1];
}

static void on_arrival(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs__source *src = self;
    if (G_LIKELY(src->lean_dest)) {  /* laid out as the fall-through: the cheap orders, where a jump shows */
        arrival_lean(src);
        return;
    }
    const fs_source_spec *s = src->spec;
    int family;
    gint64 quantity;
    double due_s = INFINITY;
    if (s->trace) {
        const fs_order_record *r = &g_array_index(s->trace, fs_order_record, src->trace_next++);
        family = r->family;
        quantity = r->quantity;
        due_s = r->due_s;
    } else {
        family = draw_family(src);
        quantity = s->quantity.kind == FS_DIST_CONSTANT  /* no draw: skip the rounding call */
                       ? src->constant_quantity
                       : quantity_of(fs_dist_sample(&s->quantity, &src->quantity_rng));
        if (s->has_due)
            due_s = sim->now_s + fs_dist_sample(&s->due_allowance, &src->due_rng);
    }
    if (s->lose_when_full) {
        /* the first unit's station (the route's pick is kept for it) */
        int target = family >= 0 ? g_array_index(src->floor->spec->families, fs_family_spec, family).station[0]
                                 : fs_route_pick(&s->route, &src->route_rng);
        if (!fs__floor_has_room(src->floor, target)) {
            src->floor->orders_lost++;
            src->floor->units_lost += (guint64)quantity;
            schedule_next(src);
            return;
        }
        src->first_target = family >= 0 ? -2 : target;
    }
    gint64 entities = s->lot ? 1 : quantity;
    fs__order *order = fs__floor_order_new(src->floor, due_s, entities);
    /* Built back to front so the pending list is in unit order. */
    for (gint64 i = 0; i < entities; i++) {
        fs__unit *u = fs__floor_unit_new(src->floor, order, family, s->lot ? quantity : 1);
        u->next = src->pending;
        src->pending = u;
    }
    if (send_pending(src))
        schedule_next(src);
}
