/* scheduler_spec.c: reading [scheduler]: FIFO or LAPS release, and
 * LAPS holding work for better periods (floor.h; docs/models/scheduling.md). */
#include <math.h>
#include <string.h>

#include "models/floor/spec_internal.h"
#include "sim/csv_table.h"
#include "sim/suggest.h"
#include "sim/units.h"

static const char *const scheduler_kinds[] = {"fifo", "laps", "fixed", NULL};
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

/* The line a schedule row names: its number 1..copies, or the copy's name
 * (NAME#k; NAME when there is one copy). -1 when neither. */
static int schedule_line(const char *text, const char *group, guint copies)
{
    gint64 k;
    if (g_ascii_string_to_signed(text, 10, 1, copies, &k, NULL))
        return (int)k - 1;
    if (copies == 1 && g_str_equal(text, group))
        return 0;
    size_t n = strlen(group);
    if (strncmp(text, group, n) == 0 && text[n] == '#' && g_ascii_string_to_signed(text + n + 1, 10, 1, copies, &k, NULL))
        return (int)k - 1;
    return -1;
}

/* The one trace source whose orders all reach the line group, or NULL:
 * then the schedule is checked against the orders' release times here. */
static const fs_source_spec *trace_of_group(const parse_ctx *c, int lines)
{
    if (c->spec->sources->len != 1)
        return NULL;
    const fs_source_spec *src = &g_array_index(c->spec->sources, fs_source_spec, 0);
    if (!src->trace || c->spec->returns.active)
        return NULL;
    for (guint i = 0; i < src->trace->len; i++) {
        int family = g_array_index(src->trace, fs_order_record, i).family;
        if (family < 0 && (src->route.n != 1 || src->route.target[0] != lines))
            return NULL;
        const fs_family_spec *f = family >= 0 ? &g_array_index(c->spec->families, fs_family_spec, family) : NULL;
        if (f && (f->n_steps == 0 || f->station[0] != lines))
            return NULL;
    }
    return src;
}

/* kind = fixed: schedule_csv with columns order, line, and start or
 * position. Every row is checked; an error names the file and line. */
static gboolean read_fixed(parse_ctx *c, fs_scheduler_spec *s, GError **error)
{
    g_autofree char *file = NULL;
    if (!fs_scenario_get_string(c->sc, "scheduler", "schedule_csv", TRUE, &file, error))
        return FALSE;
    g_autofree char *path = fs_scenario_path(c->sc, "scheduler", "schedule_csv", g_strstrip(file));
    g_autoptr(fs_csv_table) t = NULL;
    GError *io = NULL;
    if (!fs_csv_table_read(path, ',', &t, &io)) {
        fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv", "%s", io->message);
        g_error_free(io);
        return FALSE;
    }
    int c_order = fs_csv_table_column(t, "order"), c_line = fs_csv_table_column(t, "line");
    int c_start = fs_csv_table_column(t, "start"), c_pos = fs_csv_table_column(t, "position");
    if (c_order < 0 || c_line < 0 || (c_start < 0) == (c_pos < 0)) {
        fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv",
                             "%s: the header must name the columns order, line, and one of start or position", path);
        return FALSE;
    }
    const fs_station_spec *group = &g_array_index(c->spec->stations, fs_station_spec, s->lines);
    const fs_source_spec *trace = trace_of_group(c, s->lines);
    s->schedule_path = g_strdup(path);
    s->fixed_by_position = c_pos >= 0;
    s->n_fixed = t->n_rows;
    s->fixed_line = g_new0(guint, t->n_rows + 1);
    s->fixed_start_s = g_new0(double, t->n_rows + 1);
    s->fixed_position = g_new0(guint, t->n_rows + 1);
    g_autofree guint *row_of = g_new0(guint, t->n_rows + 1);       /* per order: its line in the file */
    g_autoptr(GHashTable) places = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_autoptr(GArray) keys = g_array_sized_new(FALSE, FALSE, sizeof(gint64), t->n_rows);
    for (guint r = 0; r < t->n_rows; r++) {
        const char *order = fs_csv_table_field(t, r, c_order), *line = fs_csv_table_field(t, r, c_line);
        const char *when = fs_csv_table_field(t, r, s->fixed_by_position ? c_pos : c_start);
        gint64 k = 0, pos = 0;
        int l = -1;
        double start_s = NAN;
        g_autofree char *bad = NULL;
        if (!order || !line || !when)
            bad = g_strdup("a column is missing");
        else if (!g_ascii_string_to_signed(order, 10, 1, t->n_rows, &k, NULL))
            bad = g_strdup_printf("order '%s' must be a whole number from 1 to %u (the schedule's rows)", order,
                                  t->n_rows);
        else if (row_of[k - 1])
            bad = g_strdup_printf("order %" G_GINT64_FORMAT " is scheduled on line %u already", k, row_of[k - 1]);
        else if ((l = schedule_line(line, group->name, group->copies)) < 0)
            bad = g_strdup_printf("line '%s' is not a line of '%s' (1 to %u, or %s#1 to %s#%u)", line, group->name,
                                  group->copies, group->name, group->name, group->copies);
        else if (s->fixed_by_position && !g_ascii_string_to_signed(when, 10, 1, t->n_rows, &pos, NULL))
            bad = g_strdup_printf("position '%s' must be a whole number from 1", when);
        else if (!s->fixed_by_position && (!fs__spec_time(c, when, &start_s) || start_s < 0))
            bad = g_strdup_printf("start '%s' is not a time from the scenario start (seconds, a duration like 2h, or "
                                  "an ISO date-time)", when);
        else if (trace && k <= trace->trace->len && !s->fixed_by_position
                 && start_s < g_array_index(trace->trace, fs_order_record, k - 1).arrival_s)
            bad = g_strdup_printf("order %" G_GINT64_FORMAT " starts at %g s, before it is released (%g s, row %"
                                  G_GINT64_FORMAT " of the trace)", k, start_s,
                                  g_array_index(trace->trace, fs_order_record, k - 1).arrival_s, k);
        if (!bad && s->fixed_by_position) {
            gint64 key = (gint64)l * ((gint64)t->n_rows + 1) + pos;
            if (g_hash_table_contains(places, &key))
                bad = g_strdup_printf("position %" G_GINT64_FORMAT " of line %d is taken already", pos, l + 1);
            g_array_append_val(keys, key);
            g_hash_table_add(places, &g_array_index(keys, gint64, keys->len - 1));
        }
        if (bad) {
            fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv", "%s line %u: %s", path, t->line[r], bad);
            return FALSE;
        }
        row_of[k - 1] = t->line[r];
        s->fixed_line[k - 1] = (guint)l;
        s->fixed_start_s[k - 1] = start_s;
        s->fixed_position[k - 1] = (guint)(pos > 0 ? pos - 1 : 0);
    }
    if (trace && trace->trace->len != t->n_rows) {
        fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv", "%s: %u rows for the trace's %u orders; "
                             "schedule every order once", path, t->n_rows, trace->trace->len);
        return FALSE;
    }
    /* positions of a line are 1..n without a gap (a gap would hold every
     * later order of the line for ever) */
    if (s->fixed_by_position) {
        g_autofree guint *count = g_new0(guint, group->copies), *max = g_new0(guint, group->copies);
        for (guint k = 0; k < s->n_fixed; k++) {
            count[s->fixed_line[k]]++;
            max[s->fixed_line[k]] = MAX(max[s->fixed_line[k]], s->fixed_position[k] + 1);
        }
        for (guint l = 0; l < group->copies; l++)
            if (max[l] != count[l]) {
                fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv", "%s: line %u has %u orders but "
                                     "positions up to %u; number each line's orders 1, 2, 3, ...", path, l + 1,
                                     count[l], max[l]);
                return FALSE;
            }
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
    s->kind = kind == 0 ? FS_SCHEDULER_FIFO : kind == 1 ? FS_SCHEDULER_LAPS : FS_SCHEDULER_FIXED;
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
    if (s->kind == FS_SCHEDULER_FIXED) {
        if (!read_fixed(c, s, error))
            return FALSE;
    } else if (fs_scenario_has(c->sc, "scheduler", "schedule_csv")) {
        fs_scenario_error_at(c->sc, error, "scheduler", "schedule_csv", "only kind = fixed releases by a schedule");
        return FALSE;
    }
    return read_shift(c, s, error);
}
