/* sim.h: one simulation: its clock, pending events, random streams and the
 * models that run on it.
 *
 *   NEW --fs_sim_add_model()--> NEW --fs_sim_run()--> RUNNING --> DONE
 *                                                      |  fs_sim_fail()
 *                                                      v
 *                                                    FAILED
 * An fs_sim owns everything a run touches; there is no global or static
 * mutable state anywhere in the engine, so any number of simulations run at
 * once, one per thread. The engine knows nothing of factories: models
 * register an fs_model_ops table (as ROSS models register a tw_lptype) and
 * schedule events whose handlers they own.
 *
 * Time is a double in seconds since the scenario start. fs_sim_run fires
 * events in (t_s, priority, seq) order while t_s <= horizon_s, calls every
 * model's warmup_end at warmup_s when warmup_s > 0 (before any other event
 * at that time), and
 * then sets now_s = horizon_s and calls every model's finish.
 */
#ifndef FS_SIM_H
#define FS_SIM_H

#include <glib.h>
#include <math.h>
#include <stdint.h>

#include "sim/event.h"
#include "sim/rng.h"

typedef struct {
    const char *name;
    /* Called at the warm-up time: forget statistics gathered so far. */
    void (*warmup_end)(fs_sim *sim, void *self);
    /* Called once at the horizon: close time averages at sim->now_s. */
    void (*finish)(fs_sim *sim, void *self);
} fs_model_ops;

typedef struct {
    double horizon_s;      /* run length, > 0 */
    double warmup_s;       /* statistics deleted before this, [0, horizon_s) */
    uint64_t master_seed;
    uint64_t point;        /* sweep point index */
    uint64_t replication;  /* replication index */
    gboolean common_random_numbers; /* streams ignore the point (default TRUE) */
} fs_sim_params;

typedef struct {
    const fs_model_ops *ops;
    void *self;
} fs__sim_model;

struct fs_sim {
    double now_s;          /* read-only for models */
    fs_sim_params params;
    fs_event_queue queue;
    GArray *models;        /* of fs__sim_model, in registration order */
    uint64_t n_events;     /* events fired so far */
    gboolean failed;
    char *failure;         /* why, when failed; owned */
};

#define FS_SIM_ERROR (fs_sim_error_quark())
GQuark fs_sim_error_quark(void);
typedef enum { FS_SIM_ERROR_INVARIANT } fs_sim_error;

/* Caller owns the result; free with fs_sim_free(). */
fs_sim *fs_sim_new(const fs_sim_params *p);
void fs_sim_free(fs_sim *sim);  /* NULL is a no-op; models are not freed */

/* Registers a model; ops and self are borrowed and must outlive the sim. */
void fs_sim_add_model(fs_sim *sim, const fs_model_ops *ops, void *self);

/* Seeds out as this run's stream called name (rng.h explains derivation). */
void fs_sim_stream(const fs_sim *sim, const char *name, fs_rng *out);

/* Schedules fn(sim, self, arg) at absolute time t_s >= now_s. A time in
 * the past or not finite is an invariant failure: the run stops (see
 * fs_sim_fail) and FS_EVENT_ID_NONE is returned. */
fs_event_id fs__sim_schedule_refused(fs_sim *sim, double t_s);  /* the failure, out of line */
static inline fs_event_id fs_sim_schedule(fs_sim *sim, double t_s, int priority,
                                          fs_event_fn fn, void *self, void *arg)
{
    /* Inline: every event passes here (bench_mm1's station: 5 fewer
     * instructions per customer, callgrind). */
    if (G_UNLIKELY(!(t_s >= sim->now_s && t_s <= G_MAXDOUBLE)))  /* not before now, finite */
        return fs__sim_schedule_refused(sim, t_s);
    return fs_event_queue_push(&sim->queue, t_s, priority, fn, self, arg);
}

/* fs_sim_schedule with the queue's push forced inline, for a model's
 * per-unit handlers, where gcc may keep the push a call (bench_mm1's
 * station: 12 instructions a push, callgrind). */
static G_ALWAYS_INLINE inline fs_event_id fs_sim_schedule_hot(fs_sim *sim, double t_s, int priority,
                                                              fs_event_fn fn, void *self, void *arg)
{
    if (G_UNLIKELY(!(t_s >= sim->now_s && t_s <= G_MAXDOUBLE)))  /* not before now, finite */
        return fs__sim_schedule_refused(sim, t_s);
    return fs__event_queue_push_inline(&sim->queue, t_s, priority, fn, self, arg);
}

static inline fs_event_id fs_sim_schedule_in(fs_sim *sim, double delay_s, int priority,
                                             fs_event_fn fn, void *self, void *arg)
{
    return fs_sim_schedule(sim, sim->now_s + delay_s, priority, fn, self, arg);
}

/* Cancels a pending event; FALSE when it already fired or was cancelled. */
gboolean fs_sim_cancel(fs_sim *sim, fs_event_id id);

/* fs_sim_cancel(id) then fs_sim_schedule(...), in one step and with the
 * same result bit for bit (event.h: fs_event_queue_move); id may be
 * FS_EVENT_ID_NONE or no longer pending. For a limit a model re-times at
 * every change of its flows (a battery's SoC, a store's level). */
fs_event_id fs_sim_reschedule(fs_sim *sim, fs_event_id id, double t_s, int priority,
                              fs_event_fn fn, void *self, void *arg);

/* Runs to the horizon. Returns FALSE and sets FS_SIM_ERROR_INVARIANT when a
 * model called fs_sim_fail (the message names the time, run and seed). */
gboolean fs_sim_run(fs_sim *sim, GError **error);

/* Records an invariant failure at now_s and stops the run after the
 * current event. The first failure wins. */
void fs_sim_fail(fs_sim *sim, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* fs_sim_run in steps, for an engine that keeps its own clock (the SimGrid
 * backend, sim/simgrid): begin; while next_time_s is finite, bring the
 * clock to it and fire_next; end (models finish at the horizon). The
 * events, their order and the results are those of fs_sim_run. */
void fs_sim_begin(fs_sim *sim);
double fs_sim_next_time_s(const fs_sim *sim);  /* INFINITY: none left within the horizon, or failed */
void fs_sim_fire_next(fs_sim *sim);
gboolean fs_sim_end(fs_sim *sim, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_sim, fs_sim_free)

#endif /* FS_SIM_H */
