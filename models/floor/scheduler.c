/* scheduler.c: the fifo baseline, the LAPS-style planner and a fixed
 * schedule from elsewhere (scheduler.h). */
#include <float.h>
#include <math.h>

#include "models/floor/scheduler.h"
#include "sim/fmath.h"

#define PLAN_PRIORITY (-50)  /* after shift changes (-100), before work at the same instant */

/* An implementation: what it does with an order sent to the lines (laps
 * also schedules its plans, fs__scheduler_new). */
typedef struct {
    void (*take)(fs__scheduler *s, fs__unit *u);
} scheduler_ops;

struct fs__scheduler {
    const scheduler_ops *ops;
    const fs_scheduler_spec *spec;
    fs_floor *floor;
    fs__station *lines;    /* the group's copies, consecutive in floor->stations */
    guint n_lines;
    guint next_turn;       /* fifo: where the search for the least-loaded line starts */
    gint64 *line_load;     /* n_lines: each line's n_queue + n_holding, kept by the lines */
    GPtrArray *pool;       /* laps: fs__unit * waiting for the next plan, in arrival order */
    GPtrArray *held;       /* laps with shift: units earlier plans held back */
    guint64 shifted;       /* units first held back since the warm-up */
    guint active;          /* lines the last plan kept active */
    fs_timeavg ta_active;
    /* per plan scratch, one slot per line */
    double *backlog_s;
    int *last_family;
    /* fixed */
    const fs__order *last_order;  /* the order of the last unit taken */
    guint orders_seen;            /* orders that reached the scheduler */
    guint64 late;                 /* orders that came after their start, since the warm-up */
    guint *next_position;         /* by position: per line, the next place to release */
    GHashTable *waiting;          /* by position: (line, place) -> GSList of fs__unit * */
    GPtrArray *releases;          /* by start: the pending releases (freed with the scheduler) */
};

static void release(fs__scheduler *s, guint line, fs__unit *u)
{
    fs__station_arrive(&s->lines[line], u);
}

/* ---- fifo: the baseline ---- */

static void fifo_take(fs__scheduler *s, fs__unit *u)
{
    g_assert(s->n_lines > 0);  /* the spec has at least one line */
    /* The least-loaded line, searched from next_turn round to it again
     * (the first of equals wins): two straight scans of the dense loads
     * instead of a modulo per line. No load is below 0, so the first empty
     * line ends the search: nothing after it can win. */
    const gint64 *load = s->line_load;
    guint n = s->n_lines, start = s->next_turn, best = start;
    gint64 best_n = load[start];
    for (guint c = start + 1; c < n && best_n > 0; c++)
        if (load[c] < best_n) {
            best_n = load[c];
            best = c;
        }
    for (guint c = 0; c < start && best_n > 0; c++)
        if (load[c] < best_n) {
            best_n = load[c];
            best = c;
        }
    s->next_turn = best + 1 < n ? best + 1 : 0;
    release(s, best, u);
}

static const scheduler_ops fifo_ops = {fifo_take};

/* ---- laps: periodic planning on the fewest lines ---- */

static void laps_take(fs__scheduler *s, fs__unit *u)
{
    g_ptr_array_add(s->pool, u);
}

static const scheduler_ops laps_ops = {laps_take};

/* ---- fixed: a schedule from elsewhere ---- */

typedef struct {
    fs__scheduler *s;
    guint line;
    fs__unit *u;
} fixed_release;

static void on_fixed_start(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    fixed_release *r = self;
    (void)arg;
    release(r->s, r->line, r->u);
}

static guint64 place_key(const fs__scheduler *s, guint line, guint position)
{
    return (guint64)line * ((guint64)s->spec->n_fixed + 1) + position;
}

/* By position: releases whatever waits for the line's next places. */
static void release_in_sequence(fs__scheduler *s, guint line)
{
    for (;;) {
        guint64 key = place_key(s, line, s->next_position[line]);
        GSList *units = g_hash_table_lookup(s->waiting, &key);
        if (!units)
            return;
        g_hash_table_remove(s->waiting, &key);
        units = g_slist_reverse(units);  /* the order's units in the order they came */
        for (GSList *l = units; l; l = l->next)
            release(s, line, l->data);
        g_slist_free(units);
        s->next_position[line]++;
    }
}

static void fixed_take(fs__scheduler *s, fs__unit *u)
{
    const fs_scheduler_spec *spec = s->spec;
    gboolean first_unit = u->order != s->last_order;
    if (first_unit) {
        s->last_order = u->order;
        s->orders_seen++;
    }
    guint k = s->orders_seen - 1;
    fs_sim *sim = s->floor->sim;
    if (k >= spec->n_fixed) {
        fs_sim_fail(sim, "order %u reached the scheduler; %s places only %u orders", s->orders_seen,
                    spec->schedule_path, spec->n_fixed);
        return;
    }
    guint line = spec->fixed_line[k];
    if (spec->fixed_by_position) {
        guint pos = spec->fixed_position[k];
        if (pos < s->next_position[line]) {  /* a further unit of an order released already */
            release(s, line, u);
            return;
        }
        guint64 key = place_key(s, line, pos);
        guint64 *owned = g_new(guint64, 1);
        *owned = key;
        GSList *units = g_hash_table_lookup(s->waiting, &key);
        g_hash_table_replace(s->waiting, owned, g_slist_prepend(units, u));
        release_in_sequence(s, line);
        return;
    }
    double start_s = spec->fixed_start_s[k];
    if (start_s <= sim->now_s) {
        if (first_unit && start_s < sim->now_s && sim->now_s >= s->floor->spec->warmup_s)
            s->late++;
        release(s, line, u);
        return;
    }
    fixed_release *r = g_new(fixed_release, 1);
    *r = (fixed_release){s, line, u};
    g_ptr_array_add(s->releases, r);
    fs_sim_schedule(sim, start_s, PLAN_PRIORITY, on_fixed_start, r, NULL);
}

static const scheduler_ops fixed_ops = {fixed_take};

typedef struct {
    const double *family_due_s;  /* earliest due date of each family in the pool */
} sort_ctx;

/* Families by their earliest due date (then index); within a family by
 * due date. The sort is stable, so equal keys keep arrival order. */
static gint plan_order(gconstpointer a, gconstpointer b, gpointer data)
{
    const fs__unit *u = *(fs__unit *const *)a, *v = *(fs__unit *const *)b;
    const sort_ctx *c = data;
    if (u->family != v->family) {
        double du = u->family >= 0 ? c->family_due_s[u->family] : INFINITY;
        double dv = v->family >= 0 ? c->family_due_s[v->family] : INFINITY;
        if (du != dv)
            return du < dv ? -1 : 1;
        return u->family < v->family ? -1 : 1;
    }
    double da = u->order->due_s, db = v->order->due_s;
    return da < db ? -1 : da > db ? 1 : 0;
}

static void schedule_plan(fs__scheduler *s);

/* ---- shift: hold non-urgent work for a better period ---- */

/* The signal over the plan period starting at start_s, read at its middle
 * (tariff periods, hourly carbon and PV change on the hour; plans of an
 * hour or less that start on the hour see one value). */
static double period_signal(const fs__scheduler *s, double start_s)
{
    const fs_floor *f = s->floor;
    return f->signal(f->signal_data, s->spec->shift, start_s + 0.5 * s->spec->plan_period_s);
}

/* The lines may work in the period starting at start_s (its middle is in
 * their calendar's working time; always, without a calendar). */
static gboolean period_working(const fs__scheduler *s, double start_s)
{
    const fs_station_spec *line = s->lines[0].spec;
    if (line->calendar < 0)
        return TRUE;
    const fs_floor_spec *fsp = s->floor->spec;
    return fs_calendar_is_working(&g_array_index(fsp->calendars, fs_calendar, line->calendar), &fsp->clock,
                                  start_s + 0.5 * s->spec->plan_period_s);
}

typedef struct {
    fs__unit *unit;
    double work_s;         /* standard time on one line, s */
    gboolean fresh;        /* taken since the last plan (not held before) */
    gboolean hold;
} candidate;

/* An eligible candidate in the heap: its due date beside its index, so
 * that comparing two reads neither the unit nor its order. */
typedef struct {
    double due_s;
    guint i;               /* in cand: held units, then fresh ones, in arrival order */
} wait_key;

/* a waits before b: the later due date first, then the earlier in arrival
 * order: a strict total order, so the order the heap gives them in does
 * not depend on how the heap is laid out. */
static gboolean waits_first(const wait_key *a, const wait_key *b)
{
    return a->due_s > b->due_s || (a->due_s == b->due_s && a->i < b->i);
}

/* Max-heap by waits_first: sifts heap[i] down. */
static void sift_down(wait_key *heap, guint n, guint i)
{
    wait_key k = heap[i];
    for (;;) {
        guint l = 2 * i + 1, r = l + 1, top = l;
        if (l >= n)
            break;
        if (r < n && waits_first(&heap[r], &heap[l]))
            top = r;
        if (!waits_first(&heap[top], &k))
            break;
        heap[i] = heap[top];
        i = top;
    }
    heap[i] = k;
}

/* Marks the candidates that wait: those eligible (keys[0..n), in arrival
 * order) taken latest due date first, each held while the held work stays
 * within room_s. When all of them fit whatever the order of the sum, none
 * is ordered; otherwise a heap gives them in that order, and the taking
 * stops once not even the smallest eligible unit fits. The result is the
 * one a stable sort by due date and one pass would give (this replaced two
 * full sorts of the pool per plan: 29% of hefei-laps-tou, issue 19).
 * Returns how many it marked. */
static guint hold_latest_due(candidate *cand, wait_key *keys, guint n, double eligible_s, double min_work_s,
                            double room_s)
{
    /* each partial sum is within n eps of the total, in any order */
    if (eligible_s * (1.0 + 4.0 * (double)n * DBL_EPSILON) <= room_s) {
        for (guint i = 0; i < n; i++)
            cand[keys[i].i].hold = TRUE;
        return n;
    }
    for (guint i = n / 2; i-- > 0;)
        sift_down(keys, n, i);
    double held_s = 0.0;
    guint held = 0;
    while (n > 0 && held_s + min_work_s <= room_s) {
        candidate *c = &cand[keys[0].i];
        if (held_s + c->work_s <= room_s) {
            c->hold = TRUE;
            held_s += c->work_s;
            held++;
        }
        keys[0] = keys[--n];
        sift_down(keys, n, 0);
    }
    return held;
}

/* Before a plan: the work held back earlier rejoins the pool, and the plan
 * holds back again what can wait for a better period. The best period is
 * the lowest signal among the working periods within shift_window (the
 * earliest of equals), if it is lower than now's. A unit waits for it when
 * its due date leaves shift_slack after that period ends and the period
 * starts within shift_window of the unit's order (so nothing, not even an
 * order without a due date, waits longer than the window); units with the
 * latest due dates wait first, while the held work fits the room the
 * lines leave in the periods as good as the best: per period, all lines
 * at target_load less the fresh work this plan received (taken as what
 * each later period receives too). */
static void hold_for_better_period(fs__scheduler *s, double now_s)
{
    const fs_scheduler_spec *spec = s->spec;
    double period_s = spec->plan_period_s, servers = (double)s->lines[0].spec->servers;
    guint n_cand = s->pool->len + s->held->len, n_held = 0;
    g_autofree candidate *all = g_new(candidate, n_cand ? n_cand : 1);
    double fresh_s = 0.0;
    for (guint k = 0, at = 0; k < 2; k++) {  /* held units first: they came earlier */
        GPtrArray *from = k == 0 ? s->held : s->pool;
        for (guint i = 0; i < from->len; i++) {
            fs__unit *u = from->pdata[i];
            candidate c = {u, fs__station_expected_work_s(&s->lines[0], u) / servers, k == 1, FALSE};
            if (c.fresh)
                fresh_s += c.work_s;
            all[at++] = c;
        }
    }

    double best = period_signal(s, now_s), best_start_s = -1.0;
    guint n_best = 0;
    guint n_ahead = (guint)floor(spec->shift_window_s / period_s + 1e-9);
    for (guint j = 1; j <= n_ahead; j++) {
        double start_s = now_s + j * period_s;
        if (start_s >= s->floor->spec->horizon_s)
            break;
        if (!period_working(s, start_s))
            continue;
        double v = period_signal(s, start_s);
        if (v < best) {
            best = v;
            best_start_s = start_s;
            n_best = 1;
        } else if (v == best && best_start_s >= 0.0) {
            n_best++;
        }
    }
    double room_s = 0.0, due_from_s = INFINITY;  /* nothing waits without a better period */
    if (best_start_s >= 0.0) {
        room_s = fs_fmath_max(0.0, (double)s->n_lines * period_s * spec->target_load_frac - fresh_s) * n_best;
        due_from_s = best_start_s + period_s + spec->shift_slack_s;
    }
    if (room_s > 0.0) {
        g_autofree wait_key *keys = g_new(wait_key, n_cand ? n_cand : 1);
        guint n = 0;
        double eligible_s = 0.0, min_work_s = INFINITY;
        for (guint i = 0; i < n_cand; i++) {
            const candidate *c = &all[i];
            double due_s = c->unit->order->due_s;
            if (due_s >= due_from_s && best_start_s <= c->unit->t_created_s + spec->shift_window_s) {
                keys[n++] = (wait_key){due_s, i};
                eligible_s += c->work_s;
                min_work_s = fs_fmath_min(min_work_s, c->work_s);
            }
        }
        n_held = hold_latest_due(all, keys, n, eligible_s, min_work_s, room_s);
    }
    /* back in cand's order, each array written in place */
    g_ptr_array_set_size(s->held, n_held);
    g_ptr_array_set_size(s->pool, n_cand - n_held);
    for (guint i = 0, h = 0, p = 0; i < n_cand; i++) {
        const candidate *c = &all[i];
        if (c->hold)
            s->held->pdata[h++] = c->unit;
        else
            s->pool->pdata[p++] = c->unit;
        s->shifted += c->hold && c->fresh;
    }
}

static void laps_plan(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs__scheduler *s = self;
    const fs_scheduler_spec *spec = s->spec;
    const fs_station_spec *line = s->lines[0].spec;
    double now_s = sim->now_s, period_s = spec->plan_period_s;
    schedule_plan(s);
    if (spec->shift != FS_SHIFT_NONE && s->floor->signal)
        hold_for_better_period(s, now_s);
    /* What each line still holds, as standard time from now. */
    double load_s = 0.0;
    for (guint c = 0; c < s->n_lines; c++) {
        s->backlog_s[c] = fs__station_backlog_s(&s->lines[c], &s->last_family[c]);
        load_s += s->backlog_s[c];
    }
    GPtrArray *pool = s->pool;
    double servers = (double)line->servers, pool_s = 0.0;
    guint n_families = s->floor->spec->families->len;
    g_autofree double *family_due_s = g_new(double, n_families ? n_families : 1);
    g_autofree gboolean *seen = g_new0(gboolean, n_families ? n_families : 1);
    for (guint f = 0; f < n_families; f++)
        family_due_s[f] = INFINITY;
    for (guint i = 0; i < pool->len; i++) {
        const fs__unit *u = pool->pdata[i];
        pool_s += fs__station_expected_work_s(&s->lines[0], u);
        if (u->family >= 0) {
            family_due_s[u->family] = fmin(family_due_s[u->family], u->order->due_s);
            if (!seen[u->family]) {  /* one changeover per family batch */
                seen[u->family] = TRUE;
                pool_s += fs__station_setup_time_s(line, FS__ANOTHER_FAMILY, u->family);
            }
        }
    }
    load_s += pool_s / servers;
    /* The fewest lines that carry the work at the target load; the active
     * set is always lines 1..k, so a change of k switches only the margin. */
    double k = ceil(load_s / (period_s * spec->target_load_frac));
    guint active = (guint)CLAMP(k, (double)spec->min_lines, (double)s->n_lines);
    fs_timeavg_set(&s->ta_active, now_s, (double)active);
    s->active = active;
    sort_ctx ctx = {family_due_s};
    g_ptr_array_sort_with_data(pool, plan_order, &ctx);
    /* A line's share of the work: the period at target load, or, when the
     * plan carries more than the lines do in a period (after a break in
     * the shifts, or when held work comes back), an even share of it, so a
     * line set up for a family keeps taking that family's orders instead
     * of passing them to another line with a changeover. */
    double fill_s = fmax(period_s * spec->target_load_frac, load_s / (double)active);
    for (guint i = 0; i < pool->len; i++) {
        fs__unit *u = pool->pdata[i];
        double work_s = fs__station_expected_work_s(&s->lines[0], u) / servers;
        /* A line already on this family with room left in its share... */
        int best = -1;
        for (guint c = 0; c < active && best < 0; c++)
            if (s->last_family[c] == u->family && s->backlog_s[c] + work_s <= fill_s)
                best = (int)c;
        /* ...else the active line that would finish it first, changeover included. */
        double best_end_s = INFINITY;
        if (best < 0)
            for (guint c = 0; c < active; c++) {
                double end_s = s->backlog_s[c] + fs__station_setup_time_s(line, s->last_family[c], u->family) / servers;
                if (end_s < best_end_s) {
                    best_end_s = end_s;
                    best = (int)c;
                }
            }
        guint c = (guint)best;
        if (s->last_family[c] != u->family)
            s->backlog_s[c] += fs__station_setup_time_s(line, s->last_family[c], u->family) / servers;
        s->backlog_s[c] += work_s;
        s->last_family[c] = u->family;
        release(s, c, u);
    }
    g_ptr_array_set_size(pool, 0);
}

static void schedule_plan(fs__scheduler *s)
{
    fs_sim *sim = s->floor->sim;
    double next_s = (floor(sim->now_s / s->spec->plan_period_s) + 1.0) * s->spec->plan_period_s;
    if (next_s <= s->floor->spec->horizon_s)
        fs_sim_schedule(sim, next_s, PLAN_PRIORITY, laps_plan, s, NULL);
}

fs__scheduler *fs__scheduler_new(fs_floor *floor, const fs_scheduler_spec *spec)
{
    if (spec->kind == FS_SCHEDULER_NONE)
        return NULL;
    fs__scheduler *s = g_new0(fs__scheduler, 1);
    s->spec = spec;
    s->floor = floor;
    s->lines = &floor->stations[spec->lines];
    s->n_lines = s->lines[0].spec->copies;
    s->ops = spec->kind == FS_SCHEDULER_LAPS ? &laps_ops : spec->kind == FS_SCHEDULER_FIXED ? &fixed_ops : &fifo_ops;
    if (spec->kind == FS_SCHEDULER_FIXED) {
        s->next_position = g_new0(guint, s->n_lines);
        s->waiting = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
        s->releases = g_ptr_array_new_with_free_func(g_free);
    }
    s->pool = g_ptr_array_new();
    s->held = g_ptr_array_new();
    s->backlog_s = g_new0(double, s->n_lines);
    s->last_family = g_new0(int, s->n_lines);
    if (spec->kind == FS_SCHEDULER_FIFO) {  /* its one reader */
        s->line_load = g_new(gint64, s->n_lines);
        for (guint c = 0; c < s->n_lines; c++) {
            s->line_load[c] = s->lines[c].n_queue + s->lines[c].n_holding;
            s->lines[c].line_load = &s->line_load[c];
            s->lines[c].lean = FALSE;  /* the lean path does not mirror the load (station.c) */
        }
    }
    s->active = spec->kind == FS_SCHEDULER_LAPS ? spec->min_lines : s->n_lines;
    fs_timeavg_init(&s->ta_active, floor->sim->now_s, (double)s->active);
    if (spec->kind == FS_SCHEDULER_LAPS)
        schedule_plan(s);
    return s;
}

void fs__scheduler_free(fs__scheduler *s)
{
    if (!s)
        return;
    g_ptr_array_free(s->pool, TRUE);
    g_ptr_array_free(s->held, TRUE);
    g_free(s->backlog_s);
    g_free(s->last_family);
    if (s->line_load)
        for (guint c = 0; c < s->n_lines; c++)
            s->lines[c].line_load = NULL;
    g_free(s->line_load);
    g_free(s->next_position);
    if (s->releases)
        g_ptr_array_free(s->releases, TRUE);
    if (s->waiting) {
        GHashTableIter it;
        gpointer key, units;
        g_hash_table_iter_init(&it, s->waiting);
        while (g_hash_table_iter_next(&it, &key, &units))
            g_slist_free(units);
        g_hash_table_destroy(s->waiting);
    }
    g_free(s);
}

double fs__scheduler_next_release_s(const fs__scheduler *s, const fs__station *line, double t_s, gboolean *known)
{
    *known = FALSE;
    if (!s || s->spec->kind != FS_SCHEDULER_FIXED || s->spec->fixed_by_position || line < s->lines
        || line >= s->lines + s->n_lines)
        return INFINITY;
    guint idx = (guint)(line - s->lines);
    double next = INFINITY;
    for (guint k = 0; k < s->spec->n_fixed; k++) {
        if (s->spec->fixed_line[k] != idx)
            continue;
        double start_s = s->spec->fixed_start_s[k];
        if (start_s >= t_s)
            next = fmin(next, start_s);
        else if (k >= s->orders_seen)
            return INFINITY;  /* late: it comes when it comes */
    }
    *known = TRUE;
    return next;
}

void fs__scheduler_take(fs__scheduler *s, fs__unit *u)
{
    s->ops->take(s, u);
}

void fs__scheduler_reset_stats(fs__scheduler *s, double t_s)
{
    s->shifted = 0;
    s->late = 0;
    fs_timeavg_init(&s->ta_active, t_s, (double)s->active);
}

enum { K_LINES, K_SHIFTED, K_LATE, K_N };

static const fs_column kpi_columns[K_N] = {
    {"planned_lines_mean", "lines", "time-average lines the scheduler keeps in its plan"},
    {"shifted_releases", "1", "lots or units a LAPS plan held back for a better period ([scheduler] shift), each once; NaN without shift"},
    {"late_releases", "orders", "kind = fixed by start: orders that reached the scheduler after their scheduled start (released on arrival); NaN for other kinds"},
};

static const fs_kpi_part kpi_part = {"scheduler", K_N, kpi_columns};

const fs_kpi_part *fs__scheduler_kpi_part(void)
{
    return &kpi_part;
}

void fs__scheduler_collect(const fs__scheduler *s, double t_s, double *kpi)
{
    kpi[K_LINES] = s ? fs_timeavg_mean(&s->ta_active, t_s) : NAN;
    kpi[K_SHIFTED] = s && s->spec->shift != FS_SHIFT_NONE ? (double)s->shifted : NAN;
    kpi[K_LATE] = s && s->spec->kind == FS_SCHEDULER_FIXED && !s->spec->fixed_by_position ? (double)s->late : NAN;
}
