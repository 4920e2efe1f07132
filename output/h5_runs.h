/* h5_runs.h: the runs of a complete results file read back as run results
 * (sim/result.h), for `run --extend` (and `select --run`).
 *
 * A file's runs are point-major (run = point x replications + replication),
 * so more replications per point are not an append: the file with N
 * replications is written again from the start, and its first replications
 * come from here instead of being simulated again. Every value a run put in
 * the file comes back as it is stored (float64 and int32 columns exactly;
 * labels as the file holds them), so the new file's rows for those runs are
 * the old file's, bit for bit, and the whole file is what `run -r N` would
 * have written (tests/cli_test.sh compares the two with h5diff).
 *
 * Reading loads /kpi, every entity table and every per-run log of the
 * schema into memory once (a trace or series file takes its size in RAM);
 * fs_h5_runs_get only reads that memory, so the runner's threads may call
 * it at once.
 */
#ifndef FS_H5_RUNS_H
#define FS_H5_RUNS_H

#include <glib.h>

#include "output/h5_reader.h"
#include "sim/result.h"

typedef struct fs_h5_runs fs_h5_runs;

/* The runs of f (read as path in messages), for a study of the given
 * schema. Refused with a message naming the file and what is wrong: an
 * interrupted file (finish it with --resume first), a run missing or twice,
 * a run out of point-major order, a KPI, table or column of the schema the
 * file does not have (another scenario or program version). */
fs_h5_runs *fs_h5_runs_read(fs_h5_file *f, const char *path, const fs_result_schema *schema, GError **error);
guint fs_h5_runs_points(const fs_h5_runs *runs);
guint fs_h5_runs_replications(const fs_h5_runs *runs);

/* Fills out (initialised with the schema given to read) with replication
 * `replication` of point `point` as the file holds it: KPIs, table rows and
 * logs; out->run, point and replication are left as they are (the caller's
 * study numbers them). FALSE with the run's stored failure message when
 * the run failed in the file (its rows are filled all the same), or when
 * the run is not in the file. */
gboolean fs_h5_runs_get(const fs_h5_runs *runs, guint point, guint replication, fs_run_result *out,
                        GError **error);
void fs_h5_runs_free(fs_h5_runs *runs);  /* NULL is a no-op */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_h5_runs, fs_h5_runs_free)

#endif /* FS_H5_RUNS_H */
