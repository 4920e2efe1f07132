/* floor_spec.c: reading a floor from a scenario (floor.h).
 *
 * Groups: [calendar NAME], [family NAME], [source NAME], [station NAME],
 * [scheduler], [returns] ([simulation] is sim/settings.c's, handed in);
 * docs/scenario-format.md documents every key. Everything
 * is checked here, at load, so that event handlers never meet bad data.
 */
#include <math.h>
#include <string.h>

#include "models/floor/floor.h"
#include "models/floor/spec_internal.h"
#include "sim/suggest.h"
#include "sim/units.h"


static const char *const calendar_keys[] = {"shifts", "holidays", NULL};
static const char *const family_keys[] = {
    "route", "time_*", "power_busy_kw_*", "scope3_materials_kg", "scope3_packaging_kg", "scope3_transport_kg", NULL,
};
static const char *const source_keys[] = {
    "interarrival", "to", "family", "quantity", "due", "lot", "on_full", "profile_hour", "profile_weekday",
    "trace", NULL,
};
static const char *const station_keys[] = {
    "servers", "buffer", "service", "to", "discipline", "kind", "length_m", "belt_speed_m_per_min",
    "pitch_m", "power_off_kw", "power_idle_kw", "power_busy_kw", "power_setup_kw",
    "power_standby_kw", "power_failed_kw", "power_blocked_kw", "warmup_time", "warmup_energy_kwh", "shutdown_time", "shutdown_energy_kwh",
    "standby_to_idle_time", "standby_to_idle_energy_kwh", "policy", "standby_after", "calendar",
    "initial_state", "setup", "ttf", "ttr", "failure_clock", "oven_zone_degc", "oven_base_kw", "oven_load_kw",
    "oven_zone_loss_kw_per_k", "oven_board_kw_per_k", "ambient_degc", "copies", "off_outside_shifts", "lot_sampling",
    "heat_level_degc", "heat_off_kw", "heat_warmup_kw", "heat_idle_kw", "heat_busy_kw", "heat_setup_kw",
    "heat_standby_kw", "heat_failed_kw", "heat_blocked_kw", "heat_shutdown_kw",
    NULL,
};
static const char *const returns_keys[] = {
    "families", "collection_rate", "lifetime", "installed_base_interarrival", "grade", "reman_family",
    "unit_mass_kg", "parts_replaced", "recycling_yield", "new_unit_energy_kwh", "new_unit_co2_kg",
    "process_co2_kg_per_kwh", NULL,
};
static const char *const scheduler_keys[] = {"kind", "lines", "plan_period", "target_load", "min_lines",
                                             "shift", "shift_window", "shift_slack", "schedule_csv", NULL};

static const fs_scenario_schema schema[] = {
    {"calendar", TRUE, calendar_keys},
    {"family", TRUE, family_keys},
    {"source", TRUE, source_keys},
    {"station", TRUE, station_keys},
    {"scheduler", FALSE, scheduler_keys},
    {"returns", FALSE, returns_keys},
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
    fs_result_schema_free(spec->schema);
    for (guint i = 0; spec->stations && i < spec->stations->len; i++) {
        fs_station_spec *s = &g_array_index(spec->stations, fs_station_spec, i);
        g_free(s->name);
        if (s->copy_index > 0)
            continue;  /* the copies of a group share its leader's allocations */
        fs_dist_clear(&s->service);
        fs_dist_clear(&s->ttf);
        fs_dist_clear(&s->ttr);
        fs_route_clear(&s->route);
        g_free(s->setups);
        g_free(s->setup_table_s);
    }
    for (guint i = 0; spec->sources && i < spec->sources->len; i++) {
        fs_source_spec *s = &g_array_index(spec->sources, fs_source_spec, i);
        g_free(s->name);
        fs_dist_clear(&s->interarrival);
        fs_dist_clear(&s->quantity);
        fs_dist_clear(&s->due_allowance);
        fs_route_clear(&s->route);
        g_free(s->family);
        g_free(s->family_cum);
        g_free(s->profile_hour);
        g_free(s->profile_weekday);
        if (s->trace) g_array_free(s->trace, TRUE);
    }
    for (guint i = 0; spec->families && i < spec->families->len; i++) {
        fs_family_spec *f = &g_array_index(spec->families, fs_family_spec, i);
        g_free(f->name);
        for (guint k = 0; k < f->n_steps; k++)
            fs_dist_clear(&f->time[k]);
        g_free(f->station);
        g_free(f->time);
        g_free(f->has_time);
        g_free(f->power_busy_kw);
    }
    for (guint i = 0; spec->calendars && i < spec->calendars->len; i++)
        fs_calendar_clear(&g_array_index(spec->calendars, fs_calendar, i));
    g_free(spec->scheduler.schedule_path);
    g_free(spec->scheduler.fixed_line);
    g_free(spec->scheduler.fixed_start_s);
    g_free(spec->scheduler.fixed_position);
    g_free(spec->returns.collect_family);
    fs_dist_clear(&spec->returns.lifetime);
    fs_dist_clear(&spec->returns.installed_base_interarrival);
    if (spec->stations) g_array_free(spec->stations, TRUE);
    if (spec->sources) g_array_free(spec->sources, TRUE);
    if (spec->families) g_array_free(spec->families, TRUE);
    if (spec->calendars) g_array_free(spec->calendars, TRUE);
    g_free(spec->name);
    g_free(spec->start_iso8601);
    g_free(spec);
}

int fs__spec_find_name(char **names, const char *name)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* Index of name among names, or an error at group.key listing them. */
gboolean fs__spec_lookup(const parse_ctx *c, char **names, const char *what, const char *group,
                       const char *key, const char *name, int *out, GError **error)
{
    *out = fs__spec_find_name(names, name);
    if (*out >= 0)
        return TRUE;
    GString *m = g_string_new(NULL);
    g_string_append_printf(m, "no %s named '%s'", what, name);
    fs_suggest_append(m, name, (const char *const *)names);
    g_autofree char *all = g_strjoinv(", ", names);
    size_t n = strlen(what);  /* "family" -> "families", "station" -> "stations" */
    if (n > 0 && what[n - 1] == 'y')
        g_string_append_printf(m, " (%.*sies: %s)", (int)(n - 1), what, *all ? all : "none defined");
    else
        g_string_append_printf(m, " (%ss: %s)", what, *all ? all : "none defined");
    fs_scenario_error_at(c->sc, error, group, key, "%s", m->str);
    g_string_free(m, TRUE);
    return FALSE;
}

/* A keyword from allowed (index returned in out), defaulting to 0. */
gboolean fs__spec_get_choice(const fs_scenario *sc, const char *group, const char *key,
                           const char *const *allowed, int *out, GError **error)
{
    g_autofree char *v = NULL;
    *out = 0;
    if (!fs_scenario_get_string(sc, group, key, FALSE, &v, error))
        return FALSE;
    if (!v)
        return TRUE;
    for (int i = 0; allowed[i]; i++)
        if (strcmp(v, allowed[i]) == 0) {
            *out = i;
            return TRUE;
        }
    GString *m = g_string_new("must be one of ");
    for (int i = 0; allowed[i]; i++)
        g_string_append_printf(m, "%s%s", i ? ", " : "", allowed[i]);
    fs_suggest_append(m, v, allowed);
    fs_scenario_error_at(sc, error, group, key, "%s", m->str);
    g_string_free(m, TRUE);
    return FALSE;
}

/* The floor keeps its own copy of what it reads of [simulation]. */
static void take_settings(parse_ctx *c)
{
    fs_floor_spec *spec = c->spec;
    const fs_settings *st = c->settings;
    spec->horizon_s = st->horizon_s;
    spec->warmup_s = st->warmup_s;
    spec->replications = st->replications;
    spec->seed = st->seed;
    spec->common_random_numbers = st->common_random_numbers;
    spec->start_iso8601 = g_strdup(st->start_iso8601);
    fs_calendar_clock_from_local_time(&st->start, &spec->clock);
}

/* Every station must be able to reach the sink, or units routed into it
 * circle for ever. Backward search from the sink over station routes. */
static gboolean check_exits(const parse_ctx *c, GError **error)
{
    const fs_floor_spec *spec = c->spec;
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
            g_autofree char *group = g_strconcat("station ", c->stations[i], NULL);
            fs_scenario_error_at(c->sc, error, group, "to",
                                 "units routed here can never reach the sink (a cycle with no exit); "
                                 "route at least one path to sink");
            return FALSE;
        }
    return TRUE;
}

/* Each station must know a processing time for every unit that can reach it. */
static gboolean check_times(const parse_ctx *c, GError **error)
{
    const fs_floor_spec *spec = c->spec;
    gboolean familyless = FALSE;
    for (guint i = 0; i < spec->sources->len; i++)
        familyless |= g_array_index(spec->sources, fs_source_spec, i).n_families == 0
                      && !g_array_index(spec->sources, fs_source_spec, i).trace;
    for (guint s = 0; s < spec->stations->len; s++) {
        const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, s);
        if (st->has_service)
            continue;
        const char *missing = familyless ? "units without a family" : NULL;
        for (guint f = 0; f < spec->families->len && !missing; f++) {
            const fs_family_spec *fam = &g_array_index(spec->families, fs_family_spec, f);
            for (guint k = 0; k < fam->n_steps; k++)
                if (fam->station[k] == (int)s && !fam->has_time[k])
                    missing = fam->name;
        }
        if (missing) {
            g_autofree char *group = g_strconcat("station ", st->name, NULL);
            fs_scenario_error_at(c->sc, error, group, "service",
                                 "missing; %s reach this station without a time: give service here or "
                                 "time_%s in the family", missing, st->name);
            return FALSE;
        }
    }
    return TRUE;
}

/* interarrival = 0 is a saturated input; it needs a finite buffer ahead. */
static gboolean check_saturated(const parse_ctx *c, GError **error)
{
    const fs_floor_spec *spec = c->spec;
    for (guint i = 0; i < spec->sources->len; i++) {
        const fs_source_spec *src = &g_array_index(spec->sources, fs_source_spec, i);
        if (src->trace || !(fs_dist_mean(&src->interarrival) <= 0.0))
            continue;
        gboolean finite = TRUE;
        for (guint j = 0; j < src->route.n; j++)
            finite &= src->route.target[j] != FS_ROUTE_SINK
                      && g_array_index(spec->stations, fs_station_spec, src->route.target[j]).buffer
                             != FS_FLOOR_INFINITE_BUFFER;
        for (guint j = 0; j < src->n_families; j++) {
            int first = g_array_index(spec->families, fs_family_spec, src->family[j]).station[0];
            finite &= g_array_index(spec->stations, fs_station_spec, first).buffer != FS_FLOOR_INFINITE_BUFFER;
        }
        if (!finite) {
            g_autofree char *group = g_strconcat("source ", src->name, NULL);
            fs_scenario_error_at(c->sc, error, group, "interarrival",
                                 "an interarrival time of 0 (saturated input) needs every target station "
                                 "to have a finite buffer");
            return FALSE;
        }
    }
    return TRUE;
}

static void remap_route(fs_route *r, const int *leader)
{
    for (guint j = 0; j < r->n; j++)
        if (r->target[j] != FS_ROUTE_SINK)
            r->target[j] = leader[r->target[j]];
}

/* Replaces each station with copies = N by N stations NAME#1..NAME#N that
 * share the leader's allocations; routes keep naming the group, which now
 * means its first copy (the leader). */
static void expand_copies(fs_floor_spec *spec)
{
    guint n = spec->stations->len, total = 0;
    for (guint i = 0; i < n; i++)
        total += g_array_index(spec->stations, fs_station_spec, i).copies;
    if (total == n)
        return;
    g_autofree int *leader = g_new(int, n);
    for (guint i = 0, next = 0; i < n; i++) {
        leader[i] = (int)next;
        next += g_array_index(spec->stations, fs_station_spec, i).copies;
    }
    for (guint i = 0; i < n; i++)
        remap_route(&g_array_index(spec->stations, fs_station_spec, i).route, leader);
    for (guint i = 0; i < spec->sources->len; i++)
        remap_route(&g_array_index(spec->sources, fs_source_spec, i).route, leader);
    for (guint i = 0; i < spec->families->len; i++) {
        fs_family_spec *f = &g_array_index(spec->families, fs_family_spec, i);
        for (guint k = 0; k < f->n_steps; k++)
            f->station[k] = leader[f->station[k]];
    }
    GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(fs_station_spec), total);
    for (guint i = 0; i < n; i++) {
        fs_station_spec *s = &g_array_index(spec->stations, fs_station_spec, i);
        for (guint k = 0; k < s->copies; k++) {
            fs_station_spec cp = *s;
            cp.copy_index = k;
            cp.copy_leader = leader[i];
            cp.name = s->copies > 1 ? g_strdup_printf("%s#%u", s->name, k + 1) : g_strdup(s->name);
            g_array_append_val(out, cp);
        }
        g_free(s->name);
    }
    g_array_free(spec->stations, TRUE);
    spec->stations = out;
}

static gboolean parse(parse_ctx *c, GError **error)
{
    fs_floor_spec *spec = c->spec;
    const fs_scenario *sc = c->sc;
    take_settings(c);
    g_auto(GStrv) source_names = fs_scenario_groups_of_kind(sc, "source");
    if (!c->stations[0] || !source_names[0]) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: a scenario needs at least one [source NAME] and one [station NAME] group",
                    fs_scenario_display_name(sc));
        return FALSE;
    }
    if (fs__spec_find_name(c->stations, "sink") >= 0) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: [station sink]: 'sink' is reserved for where units leave; rename the station",
                    fs_scenario_display_name(sc));
        return FALSE;
    }
    for (guint i = 0; c->calendars[i]; i++) {
        g_array_set_size(spec->calendars, i + 1);
        if (!fs_calendar_parse(sc, c->calendars[i], &g_array_index(spec->calendars, fs_calendar, i), error))
            return FALSE;
    }
    for (guint i = 0; c->families[i]; i++) {
        g_array_set_size(spec->families, i + 1);
        if (!fs__spec_read_family(c, (int)i, &g_array_index(spec->families, fs_family_spec, i), error))
            return FALSE;
    }
    gint64 machines = 0;
    for (guint i = 0; c->stations[i]; i++) {
        g_array_set_size(spec->stations, i + 1);
        const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, i);
        if (!fs__spec_read_station(c, (int)i, &g_array_index(spec->stations, fs_station_spec, i), error))
            return FALSE;
        machines += (gint64)st->copies * st->servers;
        if (machines > FS_FLOOR_MAX_MACHINES) {
            g_autofree char *group = g_strconcat("station ", c->stations[i], NULL);
            fs_scenario_error_at(sc, error, group, "servers",
                                 "the stations so far have %" G_GINT64_FORMAT " machines (copies x servers); a "
                                 "floor has at most %d", machines, FS_FLOOR_MAX_MACHINES);
            return FALSE;
        }
    }
    for (guint i = 0; source_names[i]; i++) {
        g_array_set_size(spec->sources, i + 1);
        if (!fs__spec_read_source(c, source_names[i], &g_array_index(spec->sources, fs_source_spec, i), error))
            return FALSE;
    }
    if (!check_exits(c, error) || !check_times(c, error) || !check_saturated(c, error) || !fs__spec_read_scheduler(c, error)
        || !fs__spec_read_returns(c, error))
        return FALSE;
    expand_copies(spec);
    if (spec->scheduler.lines >= 0)  /* the group's leader after expansion */
        for (guint i = 0, next = 0; i < spec->stations->len; i++) {
            const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, i);
            if (st->copy_index == 0 && next++ == (guint)spec->scheduler.lines) {
                spec->scheduler.lines = (int)i;
                break;
            }
        }
    return TRUE;
}

fs_floor_spec *fs_floor_spec_from_scenario(const fs_scenario *sc, GError **error)
{
    const fs_scenario_schema *parts[2] = {fs_settings_scenario_schema(), schema};
    g_autofree fs_scenario_schema *both = fs_scenario_schema_join(parts, 2);
    if (!fs_scenario_check_schema(sc, both, error))
        return NULL;
    g_autoptr(fs_settings) settings = fs_settings_from_scenario(sc, error);
    return settings ? fs__floor_spec_parse(sc, settings, error) : NULL;
}

fs_floor_spec *fs__floor_spec_parse(const fs_scenario *sc, const fs_settings *settings, GError **error)
{
    fs_floor_spec *spec = g_new0(fs_floor_spec, 1);
    spec->name = g_strdup(fs_scenario_display_name(sc));
    spec->stations = g_array_new(FALSE, TRUE, sizeof(fs_station_spec));
    spec->sources = g_array_new(FALSE, TRUE, sizeof(fs_source_spec));
    spec->families = g_array_new(FALSE, TRUE, sizeof(fs_family_spec));
    spec->calendars = g_array_new(FALSE, TRUE, sizeof(fs_calendar));
    spec->scheduler.lines = -1;
    spec->returns.reman_family = -1;
    parse_ctx c = {sc, spec, fs_scenario_groups_of_kind(sc, "station"),
                   fs_scenario_groups_of_kind(sc, "family"), fs_scenario_groups_of_kind(sc, "calendar"), settings};
    gboolean ok = parse(&c, error);
    g_strfreev(c.stations);
    g_strfreev(c.families);
    g_strfreev(c.calendars);
    if (!ok) {
        fs_floor_spec_free(spec);
        return NULL;
    }
    spec->schema = fs__floor_result_schema_new(spec);
    return spec;
}
