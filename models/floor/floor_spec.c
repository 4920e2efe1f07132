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
#include "sim/suggest.h"
#include "sim/units.h"


static const char *const calendar_keys[] = {"shifts", "holidays", NULL};
static const char *const family_keys[] = {"route", "time_*", "power_busy_kw_*", NULL};
static const char *const source_keys[] = {
    "interarrival", "to", "family", "quantity", "due", "lot", "profile_hour", "profile_weekday",
    "trace", NULL,
};
static const char *const station_keys[] = {
    "servers", "buffer", "service", "to", "discipline", "kind", "length_m", "belt_speed_m_per_min",
    "pitch_m", "power_off_kw", "power_idle_kw", "power_busy_kw", "power_setup_kw",
    "power_standby_kw", "power_failed_kw", "power_blocked_kw", "warmup_time", "warmup_energy_kwh",
    "standby_to_idle_time", "standby_to_idle_energy_kwh", "policy", "standby_after", "calendar",
    "initial_state", "setup", "ttf", "ttr", "failure_clock", "oven_zone_degc", "oven_base_kw", "oven_load_kw",
    "oven_zone_loss_kw_per_k", "oven_board_kw_per_k", "ambient_degc", "copies", "off_outside_shifts", NULL,
};
static const char *const returns_keys[] = {
    "families", "collection_rate", "lifetime", "installed_base_interarrival", "grade", "reman_family",
    "unit_mass_kg", "parts_replaced", "recycling_yield", "new_unit_energy_kwh", "new_unit_co2_kg",
    "process_co2_kg_per_kwh", NULL,
};
static const char *const scheduler_keys[] = {"kind", "lines", "plan_period", "target_load", "min_lines",
                                             "shift", "shift_window", "shift_slack", NULL};

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

double fs_floor_oven_power_kw(const fs_station_spec *st, double load_frac)
{
    double sum = 0.0, peak = st->ambient_degc;
    for (guint i = 0; i < st->oven_n_zones; i++) {
        sum += st->oven_zone_degc[i] - st->ambient_degc;
        peak = fmax(peak, st->oven_zone_degc[i]);
    }
    return st->oven_base_kw + st->oven_load_kw * load_frac + st->oven_zone_loss_kw_per_k * sum
           + st->oven_board_kw_per_k * load_frac * (peak - st->ambient_degc);
}

/* Everything a parse needs at hand. */
typedef struct {
    const fs_scenario *sc;
    fs_floor_spec *spec;
    char **stations, **families, **calendars;  /* names, NULL-terminated */
    const fs_settings *settings;               /* [simulation], parsed by the caller */
} parse_ctx;

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

static int find_name(char **names, const char *name)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* Index of name among names, or an error at group.key listing them. */
static gboolean lookup(const parse_ctx *c, char **names, const char *what, const char *group,
                       const char *key, const char *name, int *out, GError **error)
{
    *out = find_name(names, name);
    if (*out >= 0)
        return TRUE;
    GString *m = g_string_new(NULL);
    g_string_append_printf(m, "no %s named '%s'", what, name);
    fs_suggest_append(m, name, (const char *const *)names);
    g_autofree char *all = g_strjoinv(", ", names);
    g_string_append_printf(m, " (%ss: %s)", what, *all ? all : "none defined");
    fs_scenario_error_at(c->sc, error, group, key, "%s", m->str);
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

static const char *const policy_names[] = {
    "always_on", "standby_after", "off_if_idle_longer_than_breakeven", "shift_calendar", NULL,
};
static const char *const discipline_names[] = {"fifo", "edd", "spt", "same_family", NULL};

/* A keyword from allowed (index returned in out), defaulting to 0. */
static gboolean get_choice(const fs_scenario *sc, const char *group, const char *key,
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

static gboolean read_energy(parse_ctx *c, const char *group, fs_station_spec *st, GError **error)
{
    const fs_scenario *sc = c->sc;
    static const char *const power_keys[FS_MACHINE_N_STATES] = {
        "power_off_kw", NULL, "power_idle_kw", "power_busy_kw", "power_setup_kw",
        "power_standby_kw", "power_failed_kw", "power_blocked_kw",
    };
    for (int s = 0; s < FS_MACHINE_N_STATES; s++)
        if (power_keys[s] && !fs_scenario_get_number(sc, group, power_keys[s], FALSE, 0.0, 0.0, 1e9,
                                                     &st->power_kw[s], error))
            return FALSE;
    /* A machine being set up or waiting blocked is powered as when idle,
     * unless the scenario says otherwise. */
    if (!fs_scenario_has(sc, group, "power_setup_kw"))
        st->power_kw[FS_MACHINE_SETUP] = st->power_kw[FS_MACHINE_IDLE];
    if (!fs_scenario_has(sc, group, "power_blocked_kw"))
        st->power_kw[FS_MACHINE_BLOCKED] = st->power_kw[FS_MACHINE_IDLE];
    int policy, initial;
    static const char *const initial_names[] = {"idle", "off", NULL};
    if (!fs_scenario_get_duration_s(sc, group, "warmup_time", FALSE, 0, 0, FALSE, &st->warmup_time_s, error)
        || !fs_scenario_get_number(sc, group, "warmup_energy_kwh", FALSE, 0, 0, 1e12, &st->warmup_energy_kwh, error)
        || !fs_scenario_get_duration_s(sc, group, "standby_to_idle_time", FALSE, 0, 0, FALSE, &st->wake_time_s, error)
        || !fs_scenario_get_number(sc, group, "standby_to_idle_energy_kwh", FALSE, 0, 0, 1e12,
                                   &st->wake_energy_kwh, error)
        || !get_choice(sc, group, "policy", policy_names, &policy, error)
        || !get_choice(sc, group, "initial_state", initial_names, &initial, error))
        return FALSE;
    st->policy = (fs_energy_policy)policy;
    st->start_off = initial == 1;
    if (!fs_scenario_get_duration_s(sc, group, "standby_after", st->policy == FS_POLICY_STANDBY_AFTER,
                                    0, 0, FALSE, &st->standby_after_s, error))
        return FALSE;
    g_autofree char *cal = NULL;
    if (!fs_scenario_get_string(sc, group, "calendar", FALSE, &cal, error))
        return FALSE;
    st->calendar = -1;
    if (cal && !lookup(c, c->calendars, "calendar", group, "calendar", cal, &st->calendar, error))
        return FALSE;
    if (st->policy == FS_POLICY_SHIFT_CALENDAR && st->calendar < 0) {
        fs_scenario_error_at(sc, error, group, "policy",
                             "shift_calendar needs a calendar: add calendar = NAME and a [calendar NAME] group");
        return FALSE;
    }
    if (!fs_scenario_get_bool(sc, group, "off_outside_shifts", FALSE, &st->off_outside_shifts, error))
        return FALSE;
    if (st->off_outside_shifts && st->calendar < 0) {
        fs_scenario_error_at(sc, error, group, "off_outside_shifts",
                             "needs a calendar: add calendar = NAME and a [calendar NAME] group");
        return FALSE;
    }
    return TRUE;
}

/* setup = a>b:10min, *>b:5min, *:2min */
static gboolean read_setups(parse_ctx *c, const char *group, fs_station_spec *st, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, group, "setup", FALSE, &text, error))
        return FALSE;
    if (!text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    st->setups = g_new0(fs_setup_rule, g_strv_length(items) + 1);
    for (int i = 0; items[i]; i++) {
        char *item = g_strstrip(items[i]), *colon = strrchr(item, ':');
        if (!*item)
            continue;
        fs_setup_rule r = {-1, -1, 0};
        if (!colon || !fs_units_parse_duration_s(colon + 1, &r.time_s) || r.time_s < 0) {
            fs_scenario_error_at(c->sc, error, group, "setup",
                                 "'%s' is not FROM>TO:DURATION (families or *, e.g. a>b:10min, *>b:5min, *:2min)", item);
            return FALSE;
        }
        *colon = '\0';
        char *gt = strchr(item, '>');
        char *from = g_strstrip(item), *to = gt ? g_strstrip(gt + 1) : NULL;
        if (gt) *gt = '\0';
        from = g_strstrip(from);
        if (!gt && strcmp(from, "*") != 0) {
            fs_scenario_error_at(c->sc, error, group, "setup", "'%s' needs FROM>TO, or * for any change", from);
            return FALSE;
        }
        if (gt && strcmp(from, "*") != 0 && !lookup(c, c->families, "family", group, "setup", from, &r.from, error))
            return FALSE;
        if (gt && strcmp(to, "*") != 0 && !lookup(c, c->families, "family", group, "setup", to, &r.to, error))
            return FALSE;
        st->setups[st->n_setups++] = r;
    }
    return TRUE;
}

static gboolean read_flow(parse_ctx *c, const char *group, fs_station_spec *st, GError **error)
{
    double length_m, speed_m_per_min, pitch_m;
    if (!fs_scenario_get_number(c->sc, group, "length_m", TRUE, 0, 1e-9, 1e6, &length_m, error)
        || !fs_scenario_get_number(c->sc, group, "belt_speed_m_per_min", TRUE, 0, 1e-9, 1e6, &speed_m_per_min, error)
        || !fs_scenario_get_number(c->sc, group, "pitch_m", TRUE, 0, 1e-9, 1e6, &pitch_m, error))
        return FALSE;
    static const char *const not_for_flow[] = {"setup", "ttf", "ttr", "discipline", "service", NULL};
    for (int i = 0; not_for_flow[i]; i++)
        if (fs_scenario_has(c->sc, group, not_for_flow[i])) {
            fs_scenario_error_at(c->sc, error, group, not_for_flow[i],
                                 "a flow server (kind = flow) has no %s: its time is length_m / belt speed",
                                 not_for_flow[i]);
            return FALSE;
        }
    if (st->servers != 1) {
        fs_scenario_error_at(c->sc, error, group, "servers",
                             "a flow server is one belt: leave servers out, or add another station");
        return FALSE;
    }
    if (pitch_m > length_m) {
        fs_scenario_error_at(c->sc, error, group, "pitch_m", "must not exceed length_m (%g m)", length_m);
        return FALSE;
    }
    g_autofree char *zones = NULL;
    if (!fs_scenario_get_string(c->sc, group, "oven_zone_degc", FALSE, &zones, error))
        return FALSE;
    if (zones) {
        g_auto(GStrv) z = g_strsplit(zones, ",", -1);
        st->oven_n_zones = g_strv_length(z);
        if (st->oven_n_zones == 0 || st->oven_n_zones > 16) {
            fs_scenario_error_at(c->sc, error, group, "oven_zone_degc", "give 1 to 16 zone setpoints, degC");
            return FALSE;
        }
        for (guint i = 0; i < st->oven_n_zones; i++)
            if (!fs_units_parse_number(g_strstrip(z[i]), &st->oven_zone_degc[i]) || st->oven_zone_degc[i] > 500) {
                fs_scenario_error_at(c->sc, error, group, "oven_zone_degc", "zone %u: a temperature up to 500 degC", i + 1);
                return FALSE;
            }
        if (!fs_scenario_get_number(c->sc, group, "oven_base_kw", TRUE, 0, 0, 1e4, &st->oven_base_kw, error)
            || !fs_scenario_get_number(c->sc, group, "oven_load_kw", FALSE, 0, 0, 1e4, &st->oven_load_kw, error)
            || !fs_scenario_get_number(c->sc, group, "oven_zone_loss_kw_per_k", TRUE, 0, 0, 100, &st->oven_zone_loss_kw_per_k, error)
            || !fs_scenario_get_number(c->sc, group, "oven_board_kw_per_k", FALSE, 0, 0, 100, &st->oven_board_kw_per_k, error)
            || !fs_scenario_get_number(c->sc, group, "ambient_degc", FALSE, 25, -40, 60, &st->ambient_degc, error))
            return FALSE;
        /* the empty oven's power is its idle power */
        st->power_kw[FS_MACHINE_IDLE] = fs_floor_oven_power_kw(st, 0.0);
        st->power_kw[FS_MACHINE_BUSY] = fs_floor_oven_power_kw(st, 1.0);
    }
    double speed_m_per_s = speed_m_per_min / 60.0;
    st->flow = TRUE;
    st->flow_dwell_s = length_m / speed_m_per_s;
    st->flow_spacing_s = pitch_m / speed_m_per_s;
    st->flow_capacity = (gint64)floor(length_m / pitch_m + 1e-9);
    st->service = fs_dist_constant(st->flow_dwell_s);
    st->has_service = TRUE;
    return TRUE;
}

static gboolean read_station(parse_ctx *c, int index, fs_station_spec *st, GError **error)
{
    const fs_scenario *sc = c->sc;
    const char *name = c->stations[index];
    g_autofree char *group = g_strconcat("station ", name, NULL);
    st->name = g_strdup(name);
    int kind, discipline;
    gint64 copies;
    static const char *const kinds[] = {"machines", "flow", NULL};
    if (!fs_scenario_get_int(sc, group, "copies", FALSE, 1, 1, 100000, &copies, error)
        || !fs_scenario_get_int(sc, group, "servers", FALSE, 1, 1, 1000000, &st->servers, error)
        || !get_choice(sc, group, "kind", kinds, &kind, error)
        || !get_choice(sc, group, "discipline", discipline_names, &discipline, error))
        return FALSE;
    st->discipline = (fs_discipline)discipline;
    st->copies = (guint)copies;
    st->copy_leader = index;
    g_autofree char *buf = NULL;
    if (!fs_scenario_get_string(sc, group, "buffer", FALSE, &buf, error))
        return FALSE;
    if (!buf || g_ascii_strcasecmp(buf, "inf") == 0 || g_ascii_strcasecmp(buf, "infinite") == 0) {
        st->buffer = FS_FLOOR_INFINITE_BUFFER;
    } else {
        double b;
        if (!fs_units_parse_number(buf, &b) || b < 0 || b != floor(b) || b > 1e9) {
            fs_scenario_error_at(sc, error, group, "buffer", "must be a whole number of waiting places >= 0, or inf");
            return FALSE;
        }
        st->buffer = (gint64)b;
    }
    if (!read_energy(c, group, st, error) || !read_setups(c, group, st, error)
        || !fs_route_parse(sc, group, "to", (const char *const *)c->stations, &st->route, error))
        return FALSE;
    if (kind == 1)
        return read_flow(c, group, st, error);
    if (fs_scenario_has(sc, group, "service")) {
        if (!fs_scenario_get_dist(sc, group, "service", TRUE, TRUE, &st->service, error))
            return FALSE;
        st->has_service = TRUE;
    }
    gboolean has_ttf = fs_scenario_has(sc, group, "ttf"), has_ttr = fs_scenario_has(sc, group, "ttr");
    if (has_ttf != has_ttr) {
        fs_scenario_error_at(sc, error, group, has_ttf ? "ttr" : "ttf",
                             "failures need both ttf (time to failure) and ttr (time to repair)");
        return FALSE;
    }
    if (has_ttf) {
        int clock;
        static const char *const clocks[] = {"calendar", "busy", NULL};
        if (!fs_scenario_get_dist(sc, group, "ttf", TRUE, TRUE, &st->ttf, error)
            || !fs_scenario_get_dist(sc, group, "ttr", TRUE, TRUE, &st->ttr, error)
            || !get_choice(sc, group, "failure_clock", clocks, &clock, error))
            return FALSE;
        if (!(fs_dist_mean(&st->ttf) > 0)) {
            fs_scenario_error_at(sc, error, group, "ttf", "the mean time to failure must be > 0");
            return FALSE;
        }
        st->failures = TRUE;
        st->ttf_busy_clock = clock == 1;
    }
    return TRUE;
}

static gboolean read_family(parse_ctx *c, int index, fs_family_spec *f, GError **error)
{
    const char *name = c->families[index];
    g_autofree char *group = g_strconcat("family ", name, NULL);
    f->name = g_strdup(name);
    g_autofree char *route = NULL;
    if (!fs_scenario_get_string(c->sc, group, "route", TRUE, &route, error))
        return FALSE;
    g_auto(GStrv) steps = g_strsplit(route, ",", -1);
    f->n_steps = 0;
    guint n = g_strv_length(steps);
    f->station = g_new(int, n + 1);
    f->time = g_new0(fs_dist, n + 1);
    f->has_time = g_new0(gboolean, n + 1);
    f->power_busy_kw = g_new(double, n + 1);
    for (guint i = 0; i < n; i++) {
        char *s = g_strstrip(steps[i]);
        if (!*s)
            continue;
        if (!lookup(c, c->stations, "station", group, "route", s, &f->station[f->n_steps], error))
            return FALSE;
        g_autofree char *tkey = g_strconcat("time_", s, NULL);
        g_autofree char *pkey = g_strconcat("power_busy_kw_", s, NULL);
        guint k = f->n_steps;
        if (fs_scenario_has(c->sc, group, tkey)) {
            if (!fs_scenario_get_dist(c->sc, group, tkey, TRUE, TRUE, &f->time[k], error))
                return FALSE;
            f->has_time[k] = TRUE;
        }
        if (!fs_scenario_get_number(c->sc, group, pkey, FALSE, NAN, 0.0, 1e9, &f->power_busy_kw[k], error))
            return FALSE;
        f->n_steps++;
    }
    if (f->n_steps == 0) {
        fs_scenario_error_at(c->sc, error, group, "route", "names no station");
        return FALSE;
    }
    /* time_X and power_busy_kw_X must name a station on the route */
    g_auto(GStrv) keys = g_key_file_get_keys(fs_scenario_keyfile(c->sc), group, NULL, NULL);
    for (int i = 0; keys[i]; i++) {
        const char *st = g_str_has_prefix(keys[i], "time_") ? keys[i] + 5
                         : g_str_has_prefix(keys[i], "power_busy_kw_") ? keys[i] + 14 : NULL;
        int idx = st ? find_name(c->stations, st) : 0;
        gboolean on_route = FALSE;
        for (guint k = 0; st && idx >= 0 && k < f->n_steps; k++)
            on_route |= f->station[k] == idx;
        if (st && !on_route) {
            fs_scenario_error_at(c->sc, error, group, keys[i], "'%s' is not a station on this family's route", st);
            return FALSE;
        }
    }
    return TRUE;
}

/* "a:0.7, b:0.3" or a single family name. */
static gboolean read_family_mix(parse_ctx *c, const char *group, fs_source_spec *src, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, group, "family", FALSE, &text, error) || !text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    guint n = g_strv_length(items);
    src->family = g_new(int, n);
    src->family_cum = g_new(double, n);
    double sum = 0;
    for (guint i = 0; i < n; i++) {
        char *item = g_strstrip(items[i]), *colon = strchr(item, ':');
        double p = 1.0;
        if (colon) {
            *colon = '\0';
            if (!fs_units_parse_number(g_strstrip(colon + 1), &p) || !(p > 0 && p <= 1)) {
                fs_scenario_error_at(c->sc, error, group, "family", "the share after '%s:' must be in (0, 1]", item);
                return FALSE;
            }
        } else if (n > 1) {
            fs_scenario_error_at(c->sc, error, group, "family", "with several families each needs a share, e.g. a:0.7, b:0.3");
            return FALSE;
        }
        if (!lookup(c, c->families, "family", group, "family", g_strstrip(item), &src->family[i], error))
            return FALSE;
        sum += p;
        src->family_cum[i] = sum;
    }
    if (fabs(sum - 1.0) > 1e-9) {
        fs_scenario_error_at(c->sc, error, group, "family", "shares sum to %.12g; they must sum to 1", sum);
        return FALSE;
    }
    src->family_cum[n - 1] = 1.0;
    src->n_families = n;
    return TRUE;
}

static gboolean read_profile(parse_ctx *c, const char *group, const char *key, guint n, double **out,
                             GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, group, key, FALSE, &text, error) || !text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    if (g_strv_length(items) != n) {
        fs_scenario_error_at(c->sc, error, group, key, "needs %u comma-separated multipliers, got %u", n,
                             g_strv_length(items));
        return FALSE;
    }
    *out = g_new(double, n);
    for (guint i = 0; i < n; i++)
        if (!fs_units_parse_number(g_strstrip(items[i]), &(*out)[i]) || (*out)[i] < 0) {
            fs_scenario_error_at(c->sc, error, group, key, "multiplier %u ('%s') must be a number >= 0", i + 1, items[i]);
            return FALSE;
        }
    return TRUE;
}

/* A time in a trace: a duration since the start, or an ISO 8601 date-time. */
static gboolean trace_time(const parse_ctx *c, const char *text, double *out_s)
{
    if (fs_units_parse_duration_s(text, out_s))
        return TRUE;
    return fs_local_time_since_start(&c->settings->start, text, out_s);
}

static gboolean read_trace(parse_ctx *c, const char *group, fs_source_spec *src, const char *file, GError **error)
{
    g_autofree char *path = g_path_is_absolute(file) ? g_strdup(file)
                                                     : g_build_filename(fs_scenario_base_dir(c->sc), file, NULL);
    g_autofree char *text = NULL;
    GError *io = NULL;
    if (!g_file_get_contents(path, &text, NULL, &io)) {
        fs_scenario_error_at(c->sc, error, group, "trace", "%s", io->message);
        g_error_free(io);
        return FALSE;
    }
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_auto(GStrv) head = g_strsplit(lines[0] ? g_strstrip(lines[0]) : "", ",", -1);
    int col[4] = {-1, -1, -1, -1};
    static const char *const names[4] = {"arrival", "family", "quantity", "due"};
    for (int i = 0; head[i]; i++)
        for (int k = 0; k < 4; k++)
            if (strcmp(g_strstrip(head[i]), names[k]) == 0)
                col[k] = i;
    if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
        fs_scenario_error_at(c->sc, error, group, "trace",
                             "%s: the header must name the columns arrival, family, quantity (and optionally due)", path);
        return FALSE;
    }
    src->trace = g_array_new(FALSE, FALSE, sizeof(fs_order_record));
    double last = -INFINITY;
    for (guint ln = 1; lines[ln]; ln++) {
        char *line = g_strstrip(lines[ln]);
        if (!*line || *line == '#')
            continue;
        g_auto(GStrv) f = g_strsplit(line, ",", -1);
        guint nf = g_strv_length(f);
        fs_order_record r = {.due_s = INFINITY};
        double q;
        const char *bad = NULL;
        if ((guint)MAX(col[0], MAX(col[1], col[2])) >= nf || (col[3] >= 0 && (guint)col[3] >= nf))
            bad = "a column is missing";
        else if (!trace_time(c, g_strstrip(f[col[0]]), &r.arrival_s))
            bad = "arrival is not a time (seconds, a duration like 2h, or 2026-01-05T08:00:00+08:00)";
        else if ((r.family = find_name(c->families, g_strstrip(f[col[1]]))) < 0)
            bad = "family is not a [family] of the scenario";
        else if (!fs_units_parse_number(g_strstrip(f[col[2]]), &q) || q < 1 || q > 1e9 || q != floor(q))
            bad = "quantity must be a whole number from 1 to 1e9";
        else if (col[3] >= 0 && *g_strstrip(f[col[3]]) && !trace_time(c, f[col[3]], &r.due_s))
            bad = "due is not a time";
        else if (r.arrival_s < last)
            bad = "arrivals must be in time order";
        else if (r.arrival_s < 0)
            bad = "arrival is before the scenario start";
        if (bad) {
            fs_scenario_error_at(c->sc, error, group, "trace", "%s line %u: %s", path, ln + 1, bad);
            return FALSE;
        }
        r.quantity = (gint64)q;
        last = r.arrival_s;
        g_array_append_val(src->trace, r);
    }
    return TRUE;
}

static gboolean read_source(parse_ctx *c, const char *name, fs_source_spec *src, GError **error)
{
    const fs_scenario *sc = c->sc;
    g_autofree char *group = g_strconcat("source ", name, NULL);
    g_autofree char *trace = NULL;
    src->name = g_strdup(name);
    src->quantity = fs_dist_constant(1.0);
    if (!fs_scenario_get_string(sc, group, "trace", FALSE, &trace, error) || !read_family_mix(c, group, src, error))
        return FALSE;
    if (trace)
        return read_trace(c, group, src, trace, error) && (src->planned = TRUE);
    if (!fs_scenario_get_dist(sc, group, "interarrival", TRUE, TRUE, &src->interarrival, error)
        || (fs_scenario_has(sc, group, "quantity")
            && !fs_scenario_get_dist(sc, group, "quantity", TRUE, TRUE, &src->quantity, error))
        || !fs_scenario_get_bool(sc, group, "lot", FALSE, &src->lot, error)
        || !read_profile(c, group, "profile_hour", 24, &src->profile_hour, error)
        || !read_profile(c, group, "profile_weekday", 7, &src->profile_weekday, error))
        return FALSE;
    if (fs_scenario_has(sc, group, "due")) {
        if (!fs_scenario_get_dist(sc, group, "due", TRUE, TRUE, &src->due_allowance, error))
            return FALSE;
        src->has_due = TRUE;
    }
    if (src->profile_hour || src->profile_weekday) {
        if (src->interarrival.kind != FS_DIST_EXPONENTIAL) {
            fs_scenario_error_at(sc, error, group, "interarrival",
                                 "rate profiles scale a Poisson process: use exponential(mean=...) with them");
            return FALSE;
        }
        double hmax = 1, wmax = 1;
        for (int i = 0; src->profile_hour && i < 24; i++) hmax = i ? fmax(hmax, src->profile_hour[i]) : src->profile_hour[0];
        for (int i = 0; src->profile_weekday && i < 7; i++) wmax = i ? fmax(wmax, src->profile_weekday[i]) : src->profile_weekday[0];
        src->profile_max = hmax * wmax;
        if (!(src->profile_max > 0)) {
            fs_scenario_error_at(sc, error, group, src->profile_hour ? "profile_hour" : "profile_weekday",
                                 "at least one multiplier must be > 0");
            return FALSE;
        }
    }
    src->planned = src->interarrival.kind == FS_DIST_CONSTANT && !src->profile_hour && !src->profile_weekday;
    if (src->n_families == 0) {
        if (!fs_scenario_has(sc, group, "to")) {
            fs_scenario_error_at(sc, error, group, "to",
                                 "missing; say which station the units go to (or give family = NAME)");
            return FALSE;
        }
        return fs_route_parse(sc, group, "to", (const char *const *)c->stations, &src->route, error);
    }
    return TRUE;
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

static const char *const grade_names[FS_N_GRADES + 1] = {"reuse", "remanufacture", "recycle", "landfill", NULL};

/* grade = reuse:0.03, remanufacture:0.03, recycle:0.92, landfill:0.02 */
static gboolean read_grades(parse_ctx *c, fs_returns_spec *r, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, "returns", "grade", TRUE, &text, error))
        return FALSE;
    double p[FS_N_GRADES] = {0};
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (guint i = 0; items[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(g_strstrip(items[i]), ":", 2);
        int g = kv[0] ? find_name((char **)grade_names, g_strstrip(kv[0])) : -1;
        double v;
        if (g < 0 || !kv[1] || !fs_units_parse_number(g_strstrip(kv[1]), &v) || v < 0 || v > 1) {
            fs_scenario_error_at(c->sc, error, "returns", "grade", "'%s': each item is GRADE:PROBABILITY with GRADE "
                                 "one of reuse, remanufacture, recycle, landfill and a probability in [0, 1]", items[i]);
            return FALSE;
        }
        p[g] = v;
    }
    double sum = 0.0;
    for (int g = 0; g < FS_N_GRADES; g++)
        r->grade_cum[g] = sum += p[g];
    if (fabs(sum - 1.0) > 1e-9) {
        fs_scenario_error_at(c->sc, error, "returns", "grade", "the probabilities sum to %.12g; they must sum to 1", sum);
        return FALSE;
    }
    r->grade_cum[FS_N_GRADES - 1] = 1.0;
    return TRUE;
}

/* [returns]: the loop from sold units back through grading to an end. */
static gboolean read_returns(parse_ctx *c, GError **error)
{
    fs_returns_spec *r = &c->spec->returns;
    r->reman_family = -1;
    if (!g_key_file_has_group(fs_scenario_keyfile(c->sc), "returns"))
        return TRUE;
    const fs_scenario *sc = c->sc;
    guint nf = c->spec->families->len;
    r->collect_family = g_new0(gboolean, nf ? nf : 1);
    g_autofree char *families = NULL, *reman = NULL;
    if (!fs_scenario_get_number(sc, "returns", "collection_rate", FALSE, 0.0, 0.0, 1.0, &r->collection_rate, error)
        || !fs_scenario_get_string(sc, "returns", "families", FALSE, &families, error)
        || !fs_scenario_get_string(sc, "returns", "reman_family", FALSE, &reman, error)
        || !read_grades(c, r, error)
        || !fs_scenario_get_number(sc, "returns", "unit_mass_kg", TRUE, 0, 1e-9, 1e9, &r->unit_mass_kg, error)
        || !fs_scenario_get_number(sc, "returns", "parts_replaced", FALSE, 0, 0, 1, &r->parts_replaced_frac, error)
        || !fs_scenario_get_number(sc, "returns", "recycling_yield", FALSE, 1, 0, 1, &r->recycling_yield_frac, error)
        || !fs_scenario_get_number(sc, "returns", "new_unit_energy_kwh", FALSE, 0, 0, 1e12, &r->new_unit_energy_kwh, error)
        || !fs_scenario_get_number(sc, "returns", "new_unit_co2_kg", FALSE, 0, 0, 1e12, &r->new_unit_co2_kg, error)
        || !fs_scenario_get_number(sc, "returns", "process_co2_kg_per_kwh", FALSE, 0, 0, 100, &r->process_co2_kg_per_kwh, error))
        return FALSE;
    if (reman && !lookup(c, c->families, "family", "returns", "reman_family", g_strstrip(reman), &r->reman_family, error))
        return FALSE;
    if (r->grade_cum[FS_GRADE_REMAN] > r->grade_cum[FS_GRADE_REUSE] && r->reman_family < 0) {
        fs_scenario_error_at(sc, error, "returns", "reman_family", "missing; units graded remanufacture need the "
                             "[family NAME] whose route is the remanufacturing line");
        return FALSE;
    }
    if (r->reman_family >= 0) {
        const fs_family_spec *f = &g_array_index(c->spec->families, fs_family_spec, r->reman_family);
        const fs_station_spec *first = &g_array_index(c->spec->stations, fs_station_spec, f->station[0]);
        if (first->buffer != FS_FLOOR_INFINITE_BUFFER || first->flow) {
            fs_scenario_error_at(sc, error, "returns", "reman_family", "the first station of '%s' ('%s') must be "
                                 "machines with an unlimited buffer: returns arrive whether or not there is room",
                                 f->name, first->name);
            return FALSE;
        }
    }
    if (families) {
        g_auto(GStrv) names = g_strsplit(families, ",", -1);
        for (guint i = 0; names[i]; i++) {
            int f;
            if (!lookup(c, c->families, "family", "returns", "families", g_strstrip(names[i]), &f, error))
                return FALSE;
            r->collect_family[f] = TRUE;
        }
    } else {
        for (guint f = 0; f < nf; f++)
            r->collect_family[f] = (int)f != r->reman_family;
    }
    if (r->collection_rate > 0.0
        && !fs_scenario_get_dist(sc, "returns", "lifetime", TRUE, TRUE, &r->lifetime, error))
        return FALSE;
    if (fs_scenario_has(sc, "returns", "installed_base_interarrival")) {
        if (!fs_scenario_get_dist(sc, "returns", "installed_base_interarrival", TRUE, TRUE,
                                  &r->installed_base_interarrival, error))
            return FALSE;
        if (!(fs_dist_mean(&r->installed_base_interarrival) > 0.0)) {
            fs_scenario_error_at(sc, error, "returns", "installed_base_interarrival", "the mean must be > 0");
            return FALSE;
        }
        r->has_installed_base = TRUE;
    }
    r->active = TRUE;
    return TRUE;
}

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
    if (!get_choice(c->sc, "scheduler", "shift", shift_signals, &signal, error)
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
static gboolean read_scheduler(parse_ctx *c, GError **error)
{
    fs_scheduler_spec *s = &c->spec->scheduler;
    *s = (fs_scheduler_spec){.kind = FS_SCHEDULER_NONE, .lines = -1, .plan_period_s = 3600.0,
                             .target_load = 0.85, .min_lines = 1, .shift = FS_SHIFT_NONE,
                             .shift_window_s = 12 * 3600.0, .shift_slack_s = 4 * 3600.0};
    if (!g_key_file_has_group(fs_scenario_keyfile(c->sc), "scheduler"))
        return TRUE;
    int kind;
    gint64 min_lines;
    g_autofree char *lines = NULL;
    if (!get_choice(c->sc, "scheduler", "kind", scheduler_kinds, &kind, error)
        || !fs_scenario_get_string(c->sc, "scheduler", "lines", TRUE, &lines, error)
        || !lookup(c, c->stations, "station", "scheduler", "lines", g_strstrip(lines), &s->lines, error)
        || !fs_scenario_get_duration_s(c->sc, "scheduler", "plan_period", FALSE, 3600.0, 0, TRUE,
                                       &s->plan_period_s, error)
        || !fs_scenario_get_number(c->sc, "scheduler", "target_load", FALSE, 0.85, 0.01, 1.0, &s->target_load, error)
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
    if (find_name(c->stations, "sink") >= 0) {
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
        if (!read_family(c, (int)i, &g_array_index(spec->families, fs_family_spec, i), error))
            return FALSE;
    }
    for (guint i = 0; c->stations[i]; i++) {
        g_array_set_size(spec->stations, i + 1);
        if (!read_station(c, (int)i, &g_array_index(spec->stations, fs_station_spec, i), error))
            return FALSE;
    }
    for (guint i = 0; source_names[i]; i++) {
        g_array_set_size(spec->sources, i + 1);
        if (!read_source(c, source_names[i], &g_array_index(spec->sources, fs_source_spec, i), error))
            return FALSE;
    }
    if (!check_exits(c, error) || !check_times(c, error) || !check_saturated(c, error) || !read_scheduler(c, error)
        || !read_returns(c, error))
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
