/* floor_spec.c: reading a floor from a scenario (floor.h).
 *
 * Groups: [simulation], [source NAME], [station NAME]; docs/scenario-format.md
 * documents every key. Everything is checked here, at load, so that event
 * handlers never meet bad data.
 */
#include <math.h>
#include <string.h>

#include "models/floor.h"

static const char *const simulation_keys[] = {
    "name", "description", "include", "horizon", "warmup", "replications", "seed",
    "common_random_numbers", NULL,
};
static const char *const source_keys[] = {"interarrival", "to", NULL};
static const char *const station_keys[] = {"servers", "buffer", "service", "to", NULL};

static const fs_scenario_schema schema[] = {
    {"simulation", FALSE, simulation_keys},
    {"source", TRUE, source_keys},
    {"station", TRUE, station_keys},
    {NULL, FALSE, NULL},
};

const fs_scenario_schema *fs_floor_scenario_schema(void)
{
    return schema;
}

void fs_floor_spec_free(fs_floor_spec *spec)
{
    if (!spec)
        return;
    for (guint i = 0; spec->stations && i < spec->stations->len; i++) {
        fs_station_spec *s = &g_array_index(spec->stations, fs_station_spec, i);
        g_free(s->name);
        fs_dist_clear(&s->service);
        fs_route_clear(&s->route);
    }
    for (guint i = 0; spec->sources && i < spec->sources->len; i++) {
        fs_source_spec *s = &g_array_index(spec->sources, fs_source_spec, i);
        g_free(s->name);
        fs_dist_clear(&s->interarrival);
        fs_route_clear(&s->route);
    }
    if (spec->stations) g_array_free(spec->stations, TRUE);
    if (spec->sources) g_array_free(spec->sources, TRUE);
    g_free(spec->name);
    g_free(spec);
}

static gboolean read_simulation(const fs_scenario *sc, fs_floor_spec *spec, GError **error)
{
    gint64 reps, seed;
    if (!fs_scenario_get_duration_s(sc, "simulation", "horizon", TRUE, 0, 0, TRUE,
                                    &spec->horizon_s, error)
        || !fs_scenario_get_duration_s(sc, "simulation", "warmup", FALSE, 0, 0, FALSE,
                                       &spec->warmup_s, error)
        || !fs_scenario_get_int(sc, "simulation", "replications", FALSE, 10, 1, 1000000, &reps, error)
        || !fs_scenario_get_int(sc, "simulation", "seed", FALSE, 1, 0, G_MAXINT64, &seed, error)
        || !fs_scenario_get_bool(sc, "simulation", "common_random_numbers", TRUE,
                                 &spec->common_random_numbers, error))
        return FALSE;
    if (spec->warmup_s >= spec->horizon_s) {
        fs_scenario_error_at(sc, error, "simulation", "warmup",
                             "the warm-up must be shorter than the horizon (%g s)", spec->horizon_s);
        return FALSE;
    }
    spec->replications = (guint)reps;
    spec->seed = (uint64_t)seed;
    return TRUE;
}

static gboolean read_station(const fs_scenario *sc, const char *name, const char *const *names,
                             fs_station_spec *st, GError **error)
{
    g_autofree char *group = g_strconcat("station ", name, NULL);
    st->name = g_strdup(name);
    if (!fs_scenario_get_int(sc, group, "servers", FALSE, 1, 1, 1000000, &st->servers, error))
        return FALSE;
    g_autofree char *buf = NULL;
    if (!fs_scenario_get_string(sc, group, "buffer", FALSE, &buf, error))
        return FALSE;
    if (!buf || g_ascii_strcasecmp(buf, "inf") == 0 || g_ascii_strcasecmp(buf, "infinite") == 0)
        st->buffer = FS_FLOOR_INFINITE_BUFFER;
    else if (!fs_scenario_get_int(sc, group, "buffer", FALSE, 0, 0, 1000000000, &st->buffer, error)) {
        /* Replace the generic message: inf is allowed here too. */
        g_clear_error(error);
        fs_scenario_error_at(sc, error, group, "buffer",
                             "must be a whole number of waiting places >= 0, or inf");
        return FALSE;
    }
    return fs_scenario_get_dist(sc, group, "service", TRUE, TRUE, &st->service, error)
           && fs_route_parse(sc, group, "to", names, &st->route, error);
}

static gboolean read_source(const fs_scenario *sc, const char *name, const char *const *names,
                            fs_source_spec *src, GError **error)
{
    g_autofree char *group = g_strconcat("source ", name, NULL);
    src->name = g_strdup(name);
    if (!fs_scenario_get_dist(sc, group, "interarrival", TRUE, TRUE, &src->interarrival, error))
        return FALSE;
    if (!fs_scenario_has(sc, group, "to")) {
        fs_scenario_error_at(sc, error, group, "to", "missing; say which station the units go to");
        return FALSE;
    }
    return fs_route_parse(sc, group, "to", names, &src->route, error);
}

/* Every station must be able to reach the sink, or units routed into it
 * circle for ever and the work in progress grows without bound. Backward
 * search from the sink over the route graph. */
static gboolean check_exits(const fs_scenario *sc, const fs_floor_spec *spec, GError **error)
{
    guint n = spec->stations->len;
    g_autofree gboolean *exits = g_new0(gboolean, n ? n : 1);
    gboolean changed = TRUE;
    while (changed) {
        changed = FALSE;
        for (guint i = 0; i < n; i++) {
            const fs_route *r = &g_array_index(spec->stations, fs_station_spec, i).route;
            for (guint j = 0; j < r->n && !exits[i]; j++)
                if (r->target[j] == FS_ROUTE_SINK || exits[r->target[j]])
                    exits[i] = changed = TRUE;
        }
    }
    for (guint i = 0; i < n; i++)
        if (!exits[i]) {
            const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, i);
            g_autofree char *group = g_strconcat("station ", st->name, NULL);
            fs_scenario_error_at(sc, error, group, "to",
                                 "units routed here can never reach the sink (a cycle with no "
                                 "exit); route at least one path to sink");
            return FALSE;
        }
    return TRUE;
}

/* interarrival = 0 is a saturated input; it only makes sense when every
 * target has a finite number of places, else time would never advance. */
static gboolean check_saturated(const fs_scenario *sc, const fs_floor_spec *spec, GError **error)
{
    for (guint i = 0; i < spec->sources->len; i++) {
        const fs_source_spec *src = &g_array_index(spec->sources, fs_source_spec, i);
        if (!(fs_dist_mean(&src->interarrival) <= 0.0))
            continue;
        for (guint j = 0; j < src->route.n; j++) {
            int t = src->route.target[j];
            if (t == FS_ROUTE_SINK
                || g_array_index(spec->stations, fs_station_spec, t).buffer == FS_FLOOR_INFINITE_BUFFER) {
                g_autofree char *group = g_strconcat("source ", src->name, NULL);
                fs_scenario_error_at(sc, error, group, "interarrival",
                                     "an interarrival time of 0 (saturated input) needs every "
                                     "target station to have a finite buffer");
                return FALSE;
            }
        }
    }
    return TRUE;
}

fs_floor_spec *fs_floor_spec_from_scenario(const fs_scenario *sc, GError **error)
{
    if (!fs_scenario_check_schema(sc, schema, error))
        return NULL;
    g_autoptr(fs_floor_spec) spec = g_new0(fs_floor_spec, 1);
    spec->name = g_strdup(fs_scenario_display_name(sc));
    spec->stations = g_array_new(FALSE, TRUE, sizeof(fs_station_spec));
    spec->sources = g_array_new(FALSE, TRUE, sizeof(fs_source_spec));
    if (!read_simulation(sc, spec, error))
        return NULL;
    g_auto(GStrv) station_names = fs_scenario_groups_of_kind(sc, "station");
    g_auto(GStrv) source_names = fs_scenario_groups_of_kind(sc, "source");
    const char *const *names = (const char *const *)station_names;
    if (!station_names[0] || !source_names[0]) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: a scenario needs at least one [source NAME] and one [station NAME] group",
                    fs_scenario_display_name(sc));
        return NULL;
    }
    for (guint i = 0; station_names[i]; i++) {
        if (strcmp(station_names[i], "sink") == 0) {
            g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                        "%s: [station sink]: 'sink' is reserved for where units leave; rename the station",
                        fs_scenario_display_name(sc));
            return NULL;
        }
        g_array_set_size(spec->stations, i + 1);
        if (!read_station(sc, station_names[i], names,
                          &g_array_index(spec->stations, fs_station_spec, i), error))
            return NULL;
    }
    for (guint i = 0; source_names[i]; i++) {
        g_array_set_size(spec->sources, i + 1);
        if (!read_source(sc, source_names[i], names,
                         &g_array_index(spec->sources, fs_source_spec, i), error))
            return NULL;
    }
    if (!check_exits(sc, spec, error) || !check_saturated(sc, spec, error))
        return NULL;
    return g_steal_pointer(&spec);
}
