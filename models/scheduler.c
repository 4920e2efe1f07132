/* scheduler.c: the fifo baseline and the LAPS-style planner (scheduler.h). */
#include <math.h>

#include "models/scheduler.h"

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
    GPtrArray *pool;       /* laps: fs__unit * waiting for the next plan, in arrival order */
    guint active;          /* lines the last plan kept active */
    fs_timeavg ta_active;
    /* per plan scratch, one slot per line */
    double *backlog_s;
    int *last_family;
};

static void release(fs__scheduler *s, guint line, fs__unit *u)
{
    fs__station_arrive(&s->lines[line], u);
}

/* ---- fifo: the baseline ---- */

static void fifo_take(fs__scheduler *s, fs__unit *u)
{
    g_assert(s->n_lines > 0);  /* the spec has at least one line */
    guint best = s->next_turn;
    gint64 best_n = G_MAXINT64;
    for (guint k = 0; k < s->n_lines; k++) {
        guint c = (s->next_turn + k) % s->n_lines;
        gint64 n = s->lines[c].n_queue + s->lines[c].n_holding;
        if (n < best_n) {
            best_n = n;
            best = c;
        }
    }
    s->next_turn = (best + 1) % s->n_lines;
    release(s, best, u);
}

static const scheduler_ops fifo_ops = {fifo_take};

/* ---- laps: periodic planning on the fewest lines ---- */

static void laps_take(fs__scheduler *s, fs__unit *u)
{
    g_ptr_array_add(s->pool, u);
}

static const scheduler_ops laps_ops = {laps_take};

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

static void laps_plan(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs__scheduler *s = self;
    const fs_scheduler_spec *spec = s->spec;
    const fs_station_spec *line = s->lines[0].spec;
    double now_s = sim->now_s, period_s = spec->plan_period_s;
    schedule_plan(s);
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
    double k = ceil(load_s / (period_s * spec->target_load));
    guint active = (guint)CLAMP(k, (double)spec->min_lines, (double)s->n_lines);
    fs_timeavg_set(&s->ta_active, now_s, (double)active);
    s->active = active;
    sort_ctx ctx = {family_due_s};
    g_ptr_array_sort_with_data(pool, plan_order, &ctx);
    double fill_s = period_s * spec->target_load;  /* a line's share of the period */
    for (guint i = 0; i < pool->len; i++) {
        fs__unit *u = pool->pdata[i];
        double work_s = fs__station_expected_work_s(&s->lines[0], u) / servers;
        /* A line already on this family with room left in the period... */
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
    s->ops = spec->kind == FS_SCHEDULER_LAPS ? &laps_ops : &fifo_ops;
    s->pool = g_ptr_array_new();
    s->backlog_s = g_new0(double, s->n_lines);
    s->last_family = g_new0(int, s->n_lines);
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
    g_free(s->backlog_s);
    g_free(s->last_family);
    g_free(s);
}

void fs__scheduler_take(fs__scheduler *s, fs__unit *u)
{
    s->ops->take(s, u);
}

void fs__scheduler_reset_stats(fs__scheduler *s, double t_s)
{
    fs_timeavg_init(&s->ta_active, t_s, (double)s->active);
}

double fs__scheduler_active_lines_mean(const fs__scheduler *s, double t_s)
{
    return fs_timeavg_mean(&s->ta_active, t_s);
}
