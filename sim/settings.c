/* settings.c: the [simulation] group (settings.h). */
#include "sim/settings.h"

#include <string.h>

static const char *const keys[] = {
    "name", "description", "include", "horizon", "warmup", "replications", "seed",
    "common_random_numbers", "start", NULL,
};

static const fs_scenario_schema schema[] = {
    {"simulation", FALSE, keys},
    {NULL, FALSE, NULL},
};

const fs_scenario_schema *fs_settings_scenario_schema(void)
{
    return schema;
}

/* The start names its UTC offset (Z, +08:00, -0500, +08): local time is
 * that offset, and a start without one would silently be taken as UTC. */
static gboolean has_utc_offset(const char *iso8601)
{
    const char *t = strchr(iso8601, 'T');
    if (!t)
        return FALSE;
    gsize n = strlen(t);
    if (n > 0 && (t[n - 1] == 'Z' || t[n - 1] == 'z'))
        return TRUE;
    const char *sign = strpbrk(t, "+-");
    return sign && g_ascii_isdigit(sign[1]) && g_ascii_isdigit(sign[2]);
}

fs_settings *fs_settings_from_scenario(const fs_scenario *sc, GError **error)
{
    g_autoptr(fs_settings) s = g_new0(fs_settings, 1);
    gint64 reps, seed;
    g_autofree char *start = NULL;
    if (!fs_scenario_get_duration_s(sc, "simulation", "horizon", TRUE, 0, 0, TRUE, &s->horizon_s, error)
        || !fs_scenario_get_duration_s(sc, "simulation", "warmup", FALSE, 0, 0, FALSE, &s->warmup_s, error)
        || !fs_scenario_get_int(sc, "simulation", "replications", FALSE, 10, 1, 1000000, &reps, error)
        || !fs_scenario_get_int(sc, "simulation", "seed", FALSE, 1, 0, G_MAXINT64, &seed, error)
        || !fs_scenario_get_bool(sc, "simulation", "common_random_numbers", TRUE, &s->common_random_numbers, error)
        || !fs_scenario_get_string(sc, "simulation", "start", FALSE, &start, error))
        return NULL;
    if (s->warmup_s >= s->horizon_s) {
        fs_scenario_error_at(sc, error, "simulation", "warmup", "the warm-up must be shorter than the horizon (%g s)",
                             s->horizon_s);
        return NULL;
    }
    s->start_iso8601 = g_strdup(start ? start : FS_SETTINGS_DEFAULT_START);
    if (!has_utc_offset(s->start_iso8601) || !fs_local_time_parse(s->start_iso8601, &s->start)) {
        fs_scenario_error_at(sc, error, "simulation", "start",
                             "must be a local date-time with its UTC offset, e.g. 2026-01-05T06:00:00+08:00");
        return NULL;
    }
    s->replications = (guint)reps;
    s->seed = (uint64_t)seed;
    return g_steal_pointer(&s);
}

fs_settings *fs_settings_copy(const fs_settings *s)
{
    fs_settings *c = g_memdup2(s, sizeof *s);
    c->start_iso8601 = g_strdup(s->start_iso8601);
    return c;
}

void fs_settings_free(fs_settings *s)
{
    if (!s)
        return;
    g_free(s->start_iso8601);
    g_free(s);
}
