/* scheduler_spec.c: reading [scheduler]: FIFO or LAPS release, and
 * LAPS holding work for better periods (floor.h; docs/models/scheduling.md). */
#include <math.h>
#include <string.h>

#include "models/floor/spec_internal.h"
#include "sim/suggest.h"
#include "sim/units.h"

static const char *const scheduler_kinds[] = {"fifo", "laps", NULL};
/* in fs_shift_signal order */
static const char *const shift_signals[] = {"none", "price", "carbon", "onsite", NULL};
/* A plan evaluates the signal once per period ahead: bound the work. */
#define MAX_SHIFT_PERIODS 1000.0

/* The shift keys of [scheduler] (LAPS only): what to hold work back for,
 * how far ahead to look, the due-date margin to keep. */
static gboolean read_shift(parse_ctx *c, fs_scheduler_spec *s, GError **error)
{
    int signal;
    if (!fs__spec_get_choice(c->sc, "scheduler", "shift", shift_signals, &signal, error)
        || !fs_scenario_get_duration_s(c->sc, "scheduler", "shift_window", FALSE, 12 * 3600.0, 0, TRUE,
                                       &s->shift_window_s, error)
        || !fs_scenario_get_duration_s(c->sc, "scheduler", "shift_slack", FALSE, 4 * 3600.0, 0, FALSE,
                                       &s->shift_slack_s, error))
        return FALSE;
    s->shift = (fs_shift_signal)signal;
    if (s->shift == FS_SHIFT_NONE)
        return TRUE;
    if (s->kind != FS_SCHEDULER_LAPS) {
        fs_scenario_error_at(c->sc, error, "scheduler", "shift", "only a laps planner holds work back "
                             "(kind = laps); fifo releases every order on arrival");
        return FALSE;
    }
    if (s->shift_window_s < s->plan_period_s || s->shift_window_s > MAX_SHIFT_PERIODS * s->plan_period_s) {
        fs_scenario_error_at(c->sc, error, "scheduler", "shift_window", "must be from one plan_period to "
                             "%.0f of them (plan_period is %g s)", MAX_SHIFT_PERIODS, s->plan_period_s);
        return FALSE;
    }
    return TRUE;
}

/* [scheduler]: who releases orders to a group of parallel lines. Read
 * before the copies are expanded (lines names a group). */
gboolean fs__spec_read_scheduler(parse_ctx *c, GError **error)
{
    fs_scheduler_spec *s = &c->spec->scheduler;
    *s = (fs_scheduler_spec){.kind = FS_SCHEDULER_NONE, .lines = -1, .plan_period_s = 3600.0,
                             .target_load_frac = 0.85, .min_lines = 1, .shift = FS_SHIFT_NONE,
                             .shift_window_s = 12 * 3600.0, .shift_slack_s = 4 * 3600.0};
    if (!g_key_file_has_group(fs_scenario_keyfile(c->sc), "scheduler"))
        return TRUE;
    int kind;
    gint64 min_lines;
    g_autofree char *lines = NULL;
    if (!fs__spec_get_choice(c->sc, "scheduler", "kind", scheduler_kinds, &kind, error)
        || !fs_scenario_get_string(c->sc, "scheduler", "lines", TRUE, &lines, error)
        || !fs__spec_lookup(c, c->stations, "station", "scheduler", "lines", g_strstrip(lines), &s->lines, error)
        || !fs_scenario_get_duration_s(c->sc, "scheduler", "plan_period", FALSE, 3600.0, 0, TRUE,
                                       &s->plan_period_s, error)
        || !fs_scenario_get_number(c->sc, "scheduler", "target_load", FALSE, 0.85, 0.01, 1.0, &s->target_load_frac, error)
        || !fs_scenario_get_int(c->sc, "scheduler", "min_lines", FALSE, 1, 1, 100000, &min_lines, error))
        return FALSE;
    s->kind = kind == 0 ? FS_SCHEDULER_FIFO : FS_SCHEDULER_LAPS;
    const fs_station_spec *st = &g_array_index(c->spec->stations, fs_station_spec, s->lines);
    g_autofree char *group = g_strconcat("station ", st->name, NULL);
    if (st->flow || st->buffer != FS_FLOOR_INFINITE_BUFFER) {
        fs_scenario_error_at(c->sc, error, "scheduler", "lines",
                             "'%s' must be machines with an unlimited buffer (the scheduler releases into "
                             "its queues and never waits for a place); see [%s]", st->name, group);
        return FALSE;
    }
    if ((guint)min_lines > st->copies) {
        fs_scenario_error_at(c->sc, error, "scheduler", "min_lines", "%" G_GINT64_FORMAT " is more than the %u "
                             "copies of '%s'", min_lines, st->copies, st->name);
        return FALSE;
    }
    s->min_lines = (guint)min_lines;
    return read_shift(c, s, error);
}
