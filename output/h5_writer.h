/* h5_writer.h: the results file (layout in output/SCHEMA.md).
 *
 *   fs_h5_writer_begin()  (or _resume(): a copy of an interrupted FILE.h5)
 *     -> _write_header() -> { _append_run(), _append_summary(),
 *                             _checkpoint(): FILE.h5 := a valid copy }*
 *     -> _write_footer() -> _commit()  -> FILE.h5
 *     (any step)         -> _abort()   -> the temporary removed, FILE.h5 as it was
 * (_write_study() is header, runs, summary and footer at once; the
 * transitions are drawn in docs/architecture.md.)
 * The file is written under a temporary name beside the requested one
 * (FILE.h5.tmp-PID) and renamed over it only when complete, so a crash,
 * Ctrl-C or failed run never leaves a partial file under the requested name
 * and never replaces an existing good file with a broken one. begin()
 * creates the temporary file at once, so an unwritable directory is found
 * before any simulation time is spent.
 *
 * Tables are HDF5 high-level (H5TB) compound datasets, readable as they are
 * by h5py and pandas. Every column's unit is an attribute FIELD_<i>_UNIT,
 * beside the FIELD_<i>_NAME attributes H5TB writes.
 *
 * Not thread-safe (the Debian HDF5 build is not): call from one thread.
 */
#ifndef FS_H5_WRITER_H
#define FS_H5_WRITER_H

#include <glib.h>
#include <stdint.h>

#include "sim/result.h"

typedef struct {
    const char *program_version;
    const char *git_commit;
    const char *command_line;
    const char *engine;          /* "native" or "simgrid" */
    const char *scenario_name;   /* file name, or "default.ini (built in)" */
    const char *scenario_text;   /* the resolved scenario */
    uint64_t master_seed;
    guint replications;
    guint n_points;
    double observed_s;           /* horizon - warm-up */
    const char *scenario_dir;    /* where relative paths resolve (for --resume) */
    const char *detail;          /* kpi, trace or series */
    const char *urdb_left_out;   /* URDB fields the bill leaves out at the user's word, or NULL */
    const char *replications_rule; /* -r auto: the stopping rule, or NULL */
    const char *replications_stop; /* -r auto: why it stopped (and the stages), or NULL */
    /* the sweep's parameters for /points: n_params labels ("pv.roof.kwp"),
     * and param_values[point * n_params + p] as written in [sweep] */
    guint n_params;
    const char *const *param_labels;
    const char *const *param_values;
    /* the data files the scenario names, for /inputs (--resume checks
     * them): n_inputs rows of group, key, the folder the key resolves
     * from, the resolved path and the file's SHA-256 */
    guint n_inputs;
    const char *const *input_group;
    const char *const *input_key;
    const char *const *input_dir;
    const char *const *input_path;
    const char *const *input_sha256;
    const char *start_iso8601;   /* the run's t = 0, local time with its offset */
    double utc_offset_s;         /* local = UTC + this */
} fs_provenance;

/* The layout version this program writes (output/SCHEMA.md); run --resume
 * continues only files of this version. */
#define FS_H5_SCHEMA_VERSION "3"

#define FS_H5_ERROR (fs_h5_error_quark())
GQuark fs_h5_error_quark(void);
typedef enum { FS_H5_ERROR_IO, FS_H5_ERROR_FORMAT } fs_h5_error;

typedef struct fs_h5_writer fs_h5_writer;

/* Creates the temporary file. Caller owns the writer: end it with commit
 * or abort. */
fs_h5_writer *fs_h5_writer_begin(const char *path, GError **error);
/* Continues an interrupted file: works on a copy (the original stays as it
 * is until commit renames the copy over it); appends go after its rows. */
fs_h5_writer *fs_h5_writer_resume(const char *path, GError **error);

/* Streaming: the header (provenance attributes, /scenario) first, then
 * runs in run order as they finish (rows of /kpi, the entity tables and
 * per-run logs), summaries as points complete, and the footer (run counts,
 * failures, whether the study was interrupted; empty tables made so every
 * path exists). Rows are buffered per table and written every 1,000 runs,
 * 2 s or 8 MiB, and always by _checkpoint, _write_footer and _commit, so
 * a write error may surface at a later append than the run it came from,
 * and never later than those three. Memory does not grow with the number
 * of runs. */
gboolean fs_h5_writer_write_header(fs_h5_writer *w, const fs_provenance *prov, GError **error);
gboolean fs_h5_writer_append_run(fs_h5_writer *w, const fs_result_schema *schema, const fs_run_result *r,
                                 GError **error);
gboolean fs_h5_writer_append_summary(fs_h5_writer *w, const fs_result_schema *schema,
                                     const fs_summary_row *summary, guint n_summary, GError **error);
/* The run's wall time (s) and the events its runs fired, stored by the
 * footer as the file's wall_s, events and events_per_s attributes (of
 * the last session that wrote it, when resumed). */
void fs_h5_writer_set_timing(fs_h5_writer *w, double wall_s, guint64 events);

/* The temporary file being written (FILE.h5.tmp-PID; its lock is that + ".lock"). */
const char *fs_h5_writer_temp_path(const fs_h5_writer *w);

/* failures: "run N: message" lines (may be empty); n_total: runs planned. */
gboolean fs_h5_writer_write_footer(fs_h5_writer *w, const fs_result_schema *schema, guint n_runs, guint n_total,
                                   const char *failures, guint n_failed, GError **error);

/* All at once: header, every run, the summary, the footer. */
gboolean fs_h5_writer_write_study(fs_h5_writer *w, const fs_provenance *prov,
                                  const fs_result_schema *schema, const fs_run_result *results,
                                  guint n_runs, const fs_summary_row *summary, guint n_summary,
                                  GError **error);

/* A valid file at path now (the footer for n_runs of n_total, marked
 * interrupted), while the writer goes on: `--resume` finishes it. The
 * copy is written beside path and renamed over it, so path is at every
 * moment a complete file, the previous checkpoint or this one. */
gboolean fs_h5_writer_checkpoint(fs_h5_writer *w, const fs_result_schema *schema, guint n_runs, guint n_total,
                                 const char *failures, guint n_failed, GError **error);

/* Closes and renames into place; frees w whatever happens. On failure the
 * temporary file is removed and an existing file at path is untouched. */
gboolean fs_h5_writer_commit(fs_h5_writer *w, GError **error);
void fs_h5_writer_abort(fs_h5_writer *w);  /* NULL is a no-op */

/* HDF5 1.10 crashes in its exit handler after a close that failed (a full
 * disk): a program calls fs_h5_library_begin() before any HDF5 call, which
 * turns the handler off, and fs_h5_library_end(clean) last, which shuts the
 * library down only when no close failed (clean). */
void fs_h5_library_begin(void);
void fs_h5_library_end(gboolean clean);

#endif /* FS_H5_WRITER_H */
