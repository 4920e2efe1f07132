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
 * point (*n_rows set; caller frees), else NULL. */
fs_summary_row *fs_study_consume(fs_study *st, fs_run_result *r, guint *n_rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_study, fs_study_free)

#endif /* FS_STUDY_H */
