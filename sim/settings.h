/* settings.h: the [simulation] group: how long, how often, from when.
 *
 *   [simulation]
 *   name = ...           description = ...
 *   horizon = 30d        warmup = 1d         (durations; warmup < horizon)
 *   replications = 10    seed = 1            common_random_numbers = true
 *   start = 2026-01-05T06:00:00+08:00        (local time with its offset)
 *
 * Every simulation has them, whatever it models, so they are parsed once
 * here and handed to the models (the floor, the site) and the study; the
 * start's local clock (local_time.h) is the one the shift calendars, the
 * tariff and the sun read.
 */
#ifndef FS_SETTINGS_H
#define FS_SETTINGS_H

#include <glib.h>
#include <stdint.h>

#include "sim/local_time.h"
#include "sim/scenario.h"

/* Without a start the run begins on a Monday at midnight UTC. */
#define FS_SETTINGS_DEFAULT_START "2026-01-05T00:00:00+00:00"

typedef struct {
    double horizon_s;              /* > 0 */
    double warmup_s;               /* 0 <= warmup_s < horizon_s */
    guint replications;            /* 1 .. 1,000,000 */
    uint64_t seed;                 /* the master seed */
    gboolean common_random_numbers;
    char *start_iso8601;           /* the start as written, or the default */
    fs_local_time start;           /* t = 0 in UTC and the local offset */
} fs_settings;

/* The [simulation] group's schema ({NULL}-terminated, static), to join
 * with the models' (fs_scenario_schema_join). */
const fs_scenario_schema *fs_settings_scenario_schema(void);

/* Reads [simulation] (the group may be absent only if horizon has a
 * default: it has none, so a scenario needs it). Errors name the file,
 * group, key, value and what is allowed. Caller owns: fs_settings_free. */
fs_settings *fs_settings_from_scenario(const fs_scenario *sc, GError **error);
fs_settings *fs_settings_copy(const fs_settings *s);
void fs_settings_free(fs_settings *s);  /* NULL is a no-op */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_settings, fs_settings_free)

#endif /* FS_SETTINGS_H */
