/* sweep.h: parameter sweeps: the points of a study.
 *
 *   [sweep]
 *   pv.roof.kwp = 0, 500, 1000, 2000        (a list)
 *   battery.capacity_kwh = 0:2000:500       (a range FROM:TO:STEP, TO included)
 *   station.placement.servers = 2, 3
 *   zip = pv.roof.kwp, battery.capacity_kwh (these lists vary together)
 *   reference = 0                           (the point finance compares with)
 *
 * A parameter is KIND.NAME.KEY for a named group ("pv roof" -> pv.roof) or
 * KIND.KEY ("simulation.horizon"). The points are the product of the
 * independent lists (zipped lists count as one), the first parameter
 * varying slowest; point 0 is every first value. Each point is the base
 * scenario with its values set, as --set would. A range, and a sweep,
 * give at most FS_SWEEP_MAX_POINTS values (points).
 */
#ifndef FS_SWEEP_H
#define FS_SWEEP_H

#include <glib.h>

#include "sim/scenario.h"

/* At most this many points (every one is checked before the first run).
 * The fuzzing build lowers it (CMakeLists.txt): every point repeats the
 * same checks, and inputs with hundreds of points took 95% of
 * fuzz_scenario's time (15 ms an input on average, up to 4 s). */
#ifndef FS_SWEEP_MAX_POINTS
#define FS_SWEEP_MAX_POINTS 100000u
#endif

typedef struct {
    char *group, *key;      /* where the value goes */
    char *label;            /* as written in [sweep], e.g. "pv.roof.kwp" */
    GPtrArray *values;      /* char*, owned */
} fs_sweep_param;

typedef struct {
    GPtrArray *params;      /* fs_sweep_param*, owned */
    guint n_points;
    guint reference;        /* point index */
    /* per param: its axis (zipped params share one), and per axis its size */
    guint *axis_of;
    guint n_axes;
    guint *axis_size;
} fs_sweep;

/* Reads [sweep] (NULL without error when there is none: one point).
 * Errors name file, group and key. Caller owns. */
fs_sweep *fs_sweep_parse(const fs_scenario *sc, GError **error);
void fs_sweep_free(fs_sweep *s);

/* The value of parameter p at point. Borrowed. */
const char *fs_sweep_value(const fs_sweep *s, guint p, guint point);

/* Applies point's values to sc (fs_scenario_set). */
gboolean fs_sweep_apply(const fs_sweep *s, guint point, fs_scenario *sc, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_sweep, fs_sweep_free)

#endif /* FS_SWEEP_H */
