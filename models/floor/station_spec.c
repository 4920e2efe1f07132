/* station_spec.c: reading [station NAME] and [family NAME]: machines,
 * energy states, setups, flow servers (reflow ovens), failures, routes
 * (floor.h; docs/scenario-format.md). */
#include <math.h>
#include <string.h>

#include "models/floor/floor_internal.h"
#include "models/floor/spec_internal.h"
#include "sim/suggest.h"
#include "sim/units.h"

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

static const char *const policy_names[] = {
    "always_on", "standby_after", "off_if_idle_longer_than_breakeven", "shift_calendar", NULL,
};
static const char *const discipline_names[] = {"fifo", "edd", "spt", "same_family", NULL};

/* heat_<state>_kw at heat_level_degc: heat a machine draws beside (or
 * instead of) its electricity; set-up and blocked as idle unless given. */
static gboolean read_heat(const fs_scenario *sc, const char *group, fs_station_spec *st, GError **error)
{
    static const char *const heat_keys[FS_MACHINE_N_STATES] = {
        "heat_off_kw", "heat_warmup_kw", "heat_idle_kw", "heat_busy_kw", "heat_setup_kw",
        "heat_standby_kw", "heat_failed_kw", "heat_blocked_kw", "heat_shutdown_kw",
    };
    const char *given = NULL;
    for (int s = 0; s < FS_MACHINE_N_STATES; s++) {
        if (!fs_scenario_get_number(sc, group, heat_keys[s], FALSE, 0.0, 0.0, 1e9, &st->heat_kw[s], error))
            return FALSE;
        if (fs_scenario_has(sc, group, heat_keys[s]))
            given = heat_keys[s];
    }
    if (!fs_scenario_has(sc, group, "heat_setup_kw"))
        st->heat_kw[FS_MACHINE_SETUP] = st->heat_kw[FS_MACHINE_IDLE];
    if (!fs_scenario_has(sc, group, "heat_blocked_kw"))
        st->heat_kw[FS_MACHINE_BLOCKED] = st->heat_kw[FS_MACHINE_IDLE];
    if (!fs_scenario_get_number(sc, group, "heat_level_degc", given != NULL, NAN, -60.0, 1500.0,
                                &st->heat_level_degc, error))
        return FALSE;
    if (!given && fs_scenario_has(sc, group, "heat_level_degc")) {
        fs_scenario_error_at(sc, error, group, "heat_level_degc", "is the temperature of the heat the machines draw: "
                             "give the heat of their states too (heat_busy_kw, heat_idle_kw, ...)");
        return FALSE;
    }
    return TRUE;
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
    if (!read_heat(sc, group, st, error))
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
        || !fs_scenario_get_duration_s(sc, group, "shutdown_time", FALSE, 0, 0, FALSE, &st->shutdown_time_s, error)
        || !fs_scenario_get_number(sc, group, "shutdown_energy_kwh", FALSE, 0, 0, 1e12, &st->shutdown_energy_kwh,
                                   error)
        || !fs_scenario_get_number(sc, group, "warmup_energy_kwh", FALSE, 0, 0, 1e12, &st->warmup_energy_kwh, error)
        || !fs_scenario_get_duration_s(sc, group, "standby_to_idle_time", FALSE, 0, 0, FALSE, &st->wake_time_s, error)
        || !fs_scenario_get_number(sc, group, "standby_to_idle_energy_kwh", FALSE, 0, 0, 1e12,
                                   &st->wake_energy_kwh, error)
        || !fs__spec_get_choice(sc, group, "policy", policy_names, &policy, error)
        || !fs__spec_get_choice(sc, group, "initial_state", initial_names, &initial, error))
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
    if (cal && !fs__spec_lookup(c, c->calendars, "calendar", group, "calendar", cal, &st->calendar, error))
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
        if (gt && strcmp(from, "*") != 0 && !fs__spec_lookup(c, c->families, "family", group, "setup", from, &r.from, error))
            return FALSE;
        if (gt && strcmp(to, "*") != 0 && !fs__spec_lookup(c, c->families, "family", group, "setup", to, &r.to, error))
            return FALSE;
        st->setups[st->n_setups++] = r;
    }
    guint n = g_strv_length(c->families);
    if (st->n_setups && n > 0 && n <= FS_FLOOR_SETUP_TABLE_FAMILIES) {
        st->setup_table_families = n;
        st->setup_table_s = g_new(double, (gsize)(n + 1) * n);
        for (guint to = 0; to < n; to++) {
            for (guint from = 0; from < n; from++)
                st->setup_table_s[(gsize)from * n + to] = fs__setup_rules_time_s(st, (int)from, (int)to);
            st->setup_table_s[(gsize)n * n + to] = fs__setup_rules_time_s(st, FS__ANOTHER_FAMILY, (int)to);
        }
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
    static const char *const not_for_flow[] = {"setup", "ttf", "ttr", "discipline", "service", "lot_sampling", NULL};
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

/* lot_sampling = exact_sum holds only where the sum of a lot's unit
 * times has a one-draw form (fs_dist_has_exact_sum), for the station's
 * service and every family's time at this station. (Of those forms, the
 * normal never reaches here: a duration may not be normal.) */
static gboolean check_exact_sum(parse_ctx *c, const char *group, int index, const fs_station_spec *st,
                                GError **error)
{
    g_autofree char *whose = NULL;  /* whose time has no exact sum */
    const fs_dist *bad = NULL;
    if (st->has_service && !fs_dist_has_exact_sum(&st->service)) {
        bad = &st->service;
        whose = g_strdup("its service");
    }
    for (guint f = 0; !bad && f < c->spec->families->len; f++) {
        const fs_family_spec *fam = &g_array_index(c->spec->families, fs_family_spec, f);
        for (guint k = 0; !bad && k < fam->n_steps; k++)
            if (fam->station[k] == index && fam->has_time[k] && !fs_dist_has_exact_sum(&fam->time[k])) {
                bad = &fam->time[k];
                whose = g_strdup_printf("[family %s] time_%s", fam->name, st->name);
            }
    }
    if (!bad)
        return TRUE;
    g_autofree char *text = fs_dist_to_string(bad);
    fs_scenario_error_at(c->sc, error, group, "lot_sampling",
                         "exact_sum needs every unit time at this station to have an exact one-draw sum: "
                         "constant, exponential or gamma; %s is %s (the sum of "
                         "lognormal, Weibull, uniform, triangular, empirical or discrete times has no exact "
                         "form): use per_unit", whose, text);
    return FALSE;
}

gboolean fs__spec_read_station(parse_ctx *c, int index, fs_station_spec *st, GError **error)
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
        || !fs__spec_get_choice(sc, group, "kind", kinds, &kind, error)
        || !fs__spec_get_choice(sc, group, "discipline", discipline_names, &discipline, error))
        return FALSE;
    if (copies * st->servers > FS_FLOOR_MAX_MACHINES) {
        fs_scenario_error_at(sc, error, group, "servers",
                             "copies (%" G_GINT64_FORMAT ") x servers (%" G_GINT64_FORMAT ") = %" G_GINT64_FORMAT
                             " machines; a floor has at most %d", copies, st->servers, copies * st->servers,
                             FS_FLOOR_MAX_MACHINES);
        return FALSE;
    }
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
    static const char *const lot_samplings[] = {"per_unit", "exact_sum", NULL};
    int lot_sampling;
    if (!fs__spec_get_choice(sc, group, "lot_sampling", lot_samplings, &lot_sampling, error))
        return FALSE;
    st->lot_exact_sum = lot_sampling == 1;
    if (st->lot_exact_sum && !check_exact_sum(c, group, index, st, error))
        return FALSE;
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
            || !fs__spec_get_choice(sc, group, "failure_clock", clocks, &clock, error))
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

gboolean fs__spec_read_family(parse_ctx *c, int index, fs_family_spec *f, GError **error)
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
        if (!fs__spec_lookup(c, c->stations, "station", group, "route", s, &f->station[f->n_steps], error))
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
    static const char *const scope3_keys[3] = {"scope3_materials_kg", "scope3_packaging_kg", "scope3_transport_kg"};
    for (int k = 0; k < 3; k++) {
        /* 1 t CO2e a unit is a car; beyond 1,000 t it is a typo */
        if (!fs_scenario_get_number(c->sc, group, scope3_keys[k], FALSE, 0.0, 0.0, 1e6, &f->scope3_kg[k], error))
            return FALSE;
        f->has_scope3 |= fs_scenario_has(c->sc, group, scope3_keys[k]);
    }
    /* time_X and power_busy_kw_X must name a station on the route */
    g_auto(GStrv) keys = g_key_file_get_keys(fs_scenario_keyfile(c->sc), group, NULL, NULL);
    for (int i = 0; keys[i]; i++) {
        const char *st = g_str_has_prefix(keys[i], "time_") ? keys[i] + 5
                         : g_str_has_prefix(keys[i], "power_busy_kw_") ? keys[i] + 14 : NULL;
        int idx = st ? fs__spec_find_name(c->stations, st) : 0;
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
