/* validation.h: the built-in validation cases of `factorysim validate`.
 *
 * Each case is a scenario (text compiled in) with known analytic answers,
 * computed here from the case's own parameters: M/M/1, M/M/c (Erlang C),
 * M/D/1 (Pollaczek-Khinchine), a saturated two-station tandem line with
 * blocking, an open Jackson network with feedback, and Little's law per
 * station. A check passes when the expected value lies inside the 99%
 * Student-t confidence interval of the replication means AND that interval
 * is narrower than max_rel_width of the expected value, so a case cannot
 * pass by being too noisy to fail. Deterministic checks (Little's law is an
 * identity up to edge effects) use a stated relative tolerance instead.
 */
#ifndef FS_VALIDATION_H
#define FS_VALIDATION_H

#include <glib.h>
#include <stdint.h>

#include "study/plant.h"

typedef struct {
    char *case_name;   /* e.g. "mm1" */
    char *check;       /* e.g. "queue mean_sojourn_s (W)" */
    double expected;
    double got;
    double tolerance;  /* absolute: the 99% half-width or the stated bound */
    gboolean pass;
    /* A published figure the model honestly does not reproduce: `expected`
     * is the published value, the check passes when the model's own figure
     * stays where docs/reproductions.md explains it, and the line says
     * "differs" instead of "pass". */
    gboolean differs;
} fs_validation_line;

/* A second engine to cross-check the native one against (the SimGrid
 * backend lives above this layer, in app/, and is handed in): runs
 * replication `replication` of point 0 of p, loaded from scenario_path,
 * into out (initialised with p's schema). */
typedef struct {
    const char *name;  /* e.g. "SimGrid" */
    gboolean (*run)(const fs_plant_spec *p, const char *scenario_path, guint replication, uint64_t master_seed,
                    fs_run_result *out, void *data, GError **error);
    void *data;
} fs_validation_engine;

/* Runs every case whose name contains filter (NULL: all) on threads
 * threads; the cross-check case runs second_engine (NULL: that case
 * fails, saying no engine was given). Returns the lines (caller owns:
 * g_ptr_array_free frees them), or NULL with error when a case could not
 * run at all. */
GPtrArray *fs_validation_run(const char *filter, int threads, const fs_validation_engine *second_engine,
                             GError **error);

/* The names of all cases, NULL-terminated. Caller owns (g_strfreev). */
char **fs_validation_case_names(void);

#endif /* FS_VALIDATION_H */
