/* runner.h: runs every (point, replication) of a study, in parallel.
 *
 * Runs are numbered run = point * replications + replication and are
 * spread over OpenMP threads with dynamic scheduling (runs differ in
 * length). Each run builds its own simulation from the model's read-only
 * spec, so nothing is shared but that spec; results land in a caller-owned
 * array indexed by run, and everything derived from them (summaries, the
 * HDF5 file) is computed in run order, so the output is identical for any
 * thread count.
 *
 * A run that fails (an invariant, fs_sim_fail) is marked failed with its
 * message; the other runs still finish.
 */
#ifndef FS_RUNNER_H
#define FS_RUNNER_H

#include <glib.h>
#include <stdint.h>

#include "sim/result.h"

/* One replication of one point: build a sim on spec, run it, fill out
 * (already initialised with the schema). Must be re-entrant. Returns FALSE
 * with error set when the run failed. */
typedef gboolean (*fs_runner_run_fn)(const void *spec, guint point, guint replication,
                                     uint64_t master_seed, fs_run_result *out, GError **error);

typedef struct {
    const fs_result_schema *schema;
    fs_runner_run_fn run;
    const void *const *point_specs;  /* one spec per point; borrowed */
    guint n_points;
    guint replications;              /* >= 1 */
    guint first_replication;         /* run i is replication first_replication + i % replications
                                        (the stages of -r auto; 0 otherwise) */
    uint64_t master_seed;
    int threads;                     /* >= 1 */
    /* Called after each run, serialised by a lock, from whichever thread
     * finished it, with the count done so far; may be NULL. */
    void (*progress)(guint done, guint total, void *data);
    void *progress_data;
    /* When set, each result is handed over in run order as soon as it and
     * every run before it are done (serialised), then freed: memory holds
     * only the runs finished ahead of a slower one, not the whole study. */
    void (*consume)(fs_run_result *r, void *data);
    void *consume_data;
    /* When non-NULL and set (e.g. by a signal thread), no further run
     * starts; runs in progress finish. */
    volatile gint *stop;
    guint first_run;                 /* runs before it are done already (resume) */
    /* MPI: this process runs only runs with run % n_ranks == rank (0 and
     * 0 without MPI); consume sees only those, still in run order. */
    guint rank, n_ranks;
} fs_runner_config;

/* Runs everything. Without consume: returns n_points * replications results
 * in run order (caller owns, fs_runner_results_free). With consume: returns
 * NULL and *n_consumed (when non-NULL) says how many runs were handed over
 * (fewer than all when stopped). */
fs_run_result *fs_runner_run(const fs_runner_config *c);
fs_run_result *fs_runner_run_counted(const fs_runner_config *c, guint *n_consumed);
void fs_runner_results_free(fs_run_result *results, guint n);


/* Per point and KPI, over the point's successful runs. Caller owns (g_free);
 * *n_rows = n_points * n_kpi, point-major. */
fs_summary_row *fs_runner_summarise(const fs_result_schema *schema, const fs_run_result *results,
                                    guint n_points, guint replications, guint *n_rows);

#endif /* FS_RUNNER_H */
