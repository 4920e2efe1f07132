/* sim.c: the simulation object and its dispatch loop (sim.h). */
#include "sim/sim.h"

#include <math.h>

G_DEFINE_QUARK(fs-sim-error-quark, fs_sim_error)

/* Warm-up runs before anything else scheduled at the same instant, so a
 * departure at exactly warmup_s is counted in the steady state. */
#define WARMUP_PRIORITY (-32768)

fs_sim *fs_sim_new(const fs_sim_params *p)
{
    g_return_val_if_fail(p != NULL, NULL);
    g_return_val_if_fail(p->horizon_s > 0.0 && p->warmup_s >= 0.0 && p->warmup_s < p->horizon_s, NULL);
    fs_sim *sim = g_new0(fs_sim, 1);
    sim->params = *p;
    fs_event_queue_init(&sim->queue);
    sim->models = g_array_new(FALSE, FALSE, sizeof(fs__sim_model));
    return sim;
}

void fs_sim_free(fs_sim *sim)
{
    if (!sim)
        return;
    fs_event_queue_clear(&sim->queue);
    g_array_free(sim->models, TRUE);
    g_free(sim->failure);
    g_free(sim);
}

void fs_sim_add_model(fs_sim *sim, const fs_model_ops *ops, void *self)
{
    fs__sim_model m = {ops, self};
    g_array_append_val(sim->models, m);
}

void fs_sim_stream(const fs_sim *sim, const char *name, fs_rng *out)
{
    uint64_t point = sim->params.common_random_numbers ? 0 : sim->params.point;
    fs_rng_init_stream(out, sim->params.master_seed, point, sim->params.replication, name);
}

void fs_sim_fail(fs_sim *sim, const char *fmt, ...)
{
    if (sim->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    sim->failed = TRUE;
    sim->failure = g_strdup_printf("invariant failed at t = %.9g s (point %" G_GUINT64_FORMAT
                                   ", replication %" G_GUINT64_FORMAT ", seed %" G_GUINT64_FORMAT
                                   "): %s",
                                   sim->now_s, sim->params.point, sim->params.replication,
                                   sim->params.master_seed, what);
    g_free(what);
}

fs_event_id fs__sim_schedule_refused(fs_sim *sim, double t_s)
{
    fs_sim_fail(sim, "an event was scheduled at t = %.9g s, before now or not finite", t_s);
    return FS_EVENT_ID_NONE;
}

gboolean fs_sim_cancel(fs_sim *sim, fs_event_id id)
{
    return fs_event_queue_cancel(&sim->queue, id);
}

fs_event_id fs_sim_reschedule(fs_sim *sim, fs_event_id id, double t_s, int priority,
                              fs_event_fn fn, void *self, void *arg)
{
    if (G_UNLIKELY(!(t_s >= sim->now_s) || isinf(t_s))) {
        fs_event_queue_cancel(&sim->queue, id);
        return fs_sim_schedule(sim, t_s, priority, fn, self, arg);  /* the invariant failure */
    }
    return fs_event_queue_move(&sim->queue, id, t_s, priority, fn, self, arg);
}

static void warmup_event(fs_sim *sim, void *self, void *arg)
{
    (void)self;
    (void)arg;
    for (guint i = 0; i < sim->models->len; i++) {
        fs__sim_model *m = &g_array_index(sim->models, fs__sim_model, i);
        if (m->ops->warmup_end)
            m->ops->warmup_end(sim, m->self);
    }
}

void fs_sim_begin(fs_sim *sim)
{
    /* With no warm-up there is nothing to delete; resetting at t = 0 would
     * also erase what models counted while they set up at t = 0. */
    if (sim->params.warmup_s > 0.0)
        fs_sim_schedule(sim, sim->params.warmup_s, WARMUP_PRIORITY, warmup_event, NULL, NULL);
}

double fs_sim_next_time_s(const fs_sim *sim)
{
    if (sim->failed || fs_event_queue_empty(&sim->queue)
        || fs_event_queue_next_t_s(&sim->queue) > sim->params.horizon_s)
        return INFINITY;
    return fs_event_queue_next_t_s(&sim->queue);
}

void fs_sim_fire_next(fs_sim *sim)
{
    fs_event_fn fn;
    void *self, *arg;
    fs_event_queue_pop(&sim->queue, &sim->now_s, &fn, &self, &arg);
    sim->n_events++;
    fn(sim, self, arg);
}

gboolean fs_sim_end(fs_sim *sim, GError **error)
{
    if (!sim->failed) {
        sim->now_s = sim->params.horizon_s;
        for (guint i = 0; i < sim->models->len; i++) {
            fs__sim_model *m = &g_array_index(sim->models, fs__sim_model, i);
            if (m->ops->finish)
                m->ops->finish(sim, m->self);
        }
    }
    if (sim->failed) {
        g_set_error_literal(error, FS_SIM_ERROR, FS_SIM_ERROR_INVARIANT, sim->failure);
        return FALSE;
    }
    return TRUE;
}

gboolean fs_sim_run(fs_sim *sim, GError **error)
{
    double horizon_s = sim->params.horizon_s;
    fs_sim_begin(sim);

    /* The hot loop: pop, advance the clock, dispatch. */
    fs_event_queue *q = &sim->queue;
    while (!fs_event_queue_empty(q) && fs_event_queue_next_t_s(q) <= horizon_s && !sim->failed) {
        fs_event_fn fn;
        void *self, *arg;
        fs_event_queue_pop(q, &sim->now_s, &fn, &self, &arg);
        sim->n_events++;
        fn(sim, self, arg);
    }

    return fs_sim_end(sim, error);
}
