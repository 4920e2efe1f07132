/* study.h: a study: the points of a sweep (or one point), each run built
 * from the base scenario and the point's values, sharing cached inputs.
 *
 *   fs_study_new() -> [fs_runner_run with fs_study_run, one spec per run]
 *                  -> fs_study_consume() for each result in run order
 *                     (finance against the reference point, summaries)
 * Run specs are built inside the run and freed after it, so memory does
 * not grow with the number of points. Points are checked when the study
 * is made, so bad values fail before any simulation time is spent.
 */
#ifndef FS_STUDY_H
#define FS_STUDY_H

#include "study/finance.h"
#include "study/plant.h"
#include "study/runner.h"
#include "study/sweep.h"

typedef struct fs_study fs_study;

/* A study runs at most this many runs (points x replications): run
 * numbers and counts stay exact in 32 bits, and a results file of a
 * billion rows is already more than any reader wants. */
#define FS_STUDY_MAX_RUNS 1000000000u

/* Takes a copy of sc. Caller owns the study. */
fs_study *fs_study_new(const fs_scenario *sc, gboolean trace, gboolean series, GError **error);
void fs_study_free(fs_study *st);

const fs_result_schema *fs_study_schema(const fs_study *st);
guint fs_study_n_points(const fs_study *st);
guint fs_study_replications(const fs_study *st);
uint64_t fs_study_seed(const fs_study *st);
const fs_sweep *fs_study_sweep(const fs_study *st);  /* NULL without [sweep] */
const fs_plant_spec *fs_study_point0(const fs_study *st);
/* The plant of one point (the scenario with that point's values). Caller owns. */
fs_plant_spec *fs_study_point_spec(const fs_study *st, guint point, GError **error);
/* "pv.roof.kwp=500, battery.capacity_kwh=1000" for point (caller owns). */
char *fs_study_point_label(const fs_study *st, guint point);

/* One replication of one point; the fs_runner_run_fn of a study (spec is
 * the study). */
gboolean fs_study_run(const void *study, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error);

/* Completes r in run order: sizes and finance against the reference
 * point's same replication; returns summary rows when r completes its
 * point (*n_rows set; caller frees), else NULL. fs_study_run_all calls
 * it; call it directly only to replay runs read back from a file. */
fs_summary_row *fs_study_consume(fs_study *st, fs_run_result *r, guint *n_rows);

/* How to run a study's runs; the study supplies the rest (its points,
 * its schema, its master seed: the seed is the study's, never the
 * caller's). */
typedef struct {
    int threads;                      /* >= 1 */
    /* each run in run order, completed by the study (finance), with the
     * summary rows of its point when it completes the point (else NULL,
     * 0); r is freed after the call. MPI: on rank 0 only. */
    void (*consume)(const fs_run_result *r, const fs_summary_row *rows, guint n_rows, void *data);
    void *consume_data;
    void (*progress)(guint done, guint total, void *data);  /* may be NULL */
    void *progress_data;
    volatile gint *stop;              /* set: no further run starts (may be NULL) */
    guint first_run;                  /* runs before it are done (resume) */
    int rank, n_ranks;                /* MPI (0 and 1 without) */
    /* Another engine's run function and the spec it takes for every point
     * (the SimGrid process runner); NULL: the native engine, fs_study_run. */
    fs_runner_run_fn engine_run;
    const void *engine_spec;
} fs_study_run_options;

/* Runs the study from o->first_run on o->threads threads (and MPI ranks).
 * Returns the runs consumed, first_run included (fewer than all when
 * stopped). Collective under MPI: every rank calls it. */
guint fs_study_run_all(fs_study *st, const fs_study_run_options *o);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_study, fs_study_free)

#endif /* FS_STUDY_H */
