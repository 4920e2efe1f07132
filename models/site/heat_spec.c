/* heat_spec.c: reading heat demands and suppliers from a scenario
 * (heat.h); docs/scenario-format.md documents every key. */
#include <math.h>
#include <string.h>

#include "models/site/heat.h"
#include "models/site/site_internal.h"
#include "sim/units.h"

const char *const fs_heat_demand_keys[] = {
    "level_degc", "power_kw", "profile_hour", "profile_weekday", "ua_kw_per_k", "setpoint_degc", "setback_degc",
    "occupied_hour", "gain_share", NULL,
};
const char *const fs_heat_supply_keys[] = {
    "kind", "level_degc", "capacity_kw", "efficiency", "carnot_fraction", "source_degc", "cop_max",
    "electric_efficiency", "heat_efficiency", "fuel_kg_co2_per_kwh", "fuel_price_per_kwh", "share", "cop_table", "machines", NULL,
};
const char *const fs_heat_store_keys[] = {
    "level_degc", "capacity_kwh", "max_kw", "loss_per_h", "initial_soc", "charge_from", "charge_hour",
    "charge_from_surplus", NULL,
};

/* Heat in a factory: from below freezing (a chilled source) to steam and
 * furnaces; beyond this the number is a typo. */
#define MIN_DEGC (-60.0)
#define MAX_DEGC 1500.0
#define KELVIN 273.15

static const struct {
    const char *name;
    fs_heat_kind kind;
} kinds[] = {
    {"waste_heat", FS_HEAT_WASTE}, {"electric_boiler", FS_HEAT_ELECTRIC_BOILER}, {"heat_pump", FS_HEAT_PUMP},
    {"boiler", FS_HEAT_BOILER},    {"chp", FS_HEAT_CHP},
};

void fs_heat_spec_free(fs_heat_spec *spec)
{
    if (!spec)
        return;
    for (guint i = 0; spec->demands && i < spec->demands->len; i++)
        g_free(g_array_index(spec->demands, fs_heat_demand, i).name);
    for (guint i = 0; spec->supplies && i < spec->supplies->len; i++) {
        g_free(g_array_index(spec->supplies, fs_heat_supply, i).name);
        g_strfreev(g_array_index(spec->supplies, fs_heat_supply, i).machines);
    }
    for (guint i = 0; spec->stores && i < spec->stores->len; i++) {
        g_free(g_array_index(spec->stores, fs_heat_store, i).name);
        g_free(g_array_index(spec->stores, fs_heat_store, i).charge_from);
    }
    if (spec->stores)
        g_array_free(spec->stores, TRUE);
    if (spec->demands)
        g_array_free(spec->demands, TRUE);
    if (spec->supplies)
        g_array_free(spec->supplies, TRUE);
    g_free(spec->level_degc);
    g_free(spec->machine_level);
    g_free(spec);
}

/* The level of t degC, added when new. */
static guint level_of(GArray *levels, double t)
{
    for (guint i = 0; i < levels->len; i++)
        if (g_array_index(levels, double, i) == t)
            return i;
    g_array_append_val(levels, t);
    return levels->len - 1;
}

static gboolean read_demand(const fs_scenario *sc, const char *name, GArray *levels, fs_heat_demand *d,
                            GError **error)
{
    g_autofree char *group = g_strconcat("heat_demand ", name, NULL);
    double level;
    memset(d, 0, sizeof *d);
    if (!fs_scenario_get_number(sc, group, "level_degc", TRUE, 0, MIN_DEGC, MAX_DEGC, &level, error)
        || !fs_scenario_get_number(sc, group, "power_kw", FALSE, 0, 0, 1e9, &d->power_kw, error)
        || !fs__site_read_profile(sc, group, "profile_hour", d->profile_hour, 24, error)
        || !fs__site_read_profile(sc, group, "profile_weekday", d->profile_weekday, 7, error)
        || !fs_scenario_get_number(sc, group, "ua_kw_per_k", FALSE, 0, 0, 1e6, &d->ua_kw_per_k, error)
        || !fs_scenario_get_number(sc, group, "setpoint_degc", FALSE, 20, -30, 60, &d->setpoint_degc, error)
        || !fs_scenario_get_number(sc, group, "setback_degc", FALSE, d->setpoint_degc, -30, 60, &d->setback_degc,
                                   error)
        || !fs__site_read_profile(sc, group, "occupied_hour", d->occupied_hour, 24, error)
        || !fs_scenario_get_number(sc, group, "gain_share", FALSE, 0, 0, 1, &d->gain_share, error))
        return FALSE;
    for (int h = 0; h < 24; h++)
        if (d->occupied_hour[h] != 0.0 && d->occupied_hour[h] != 1.0) {
            fs_scenario_error_at(sc, error, group, "occupied_hour", "hour %d is %g: each of the 24 values is 1 "
                                 "(occupied: the set point) or 0 (the setback)", h, d->occupied_hour[h]);
            return FALSE;
        }
    if (d->ua_kw_per_k > 0.0 && !(level > d->setpoint_degc)) {
        fs_scenario_error_at(sc, error, group, "level_degc", "space heating at %g degC cannot warm a space to its "
                             "set point of %g degC: the level must be above it", level, d->setpoint_degc);
        return FALSE;
    }
    if (d->ua_kw_per_k == 0.0 && (fs_scenario_has(sc, group, "setpoint_degc") || fs_scenario_has(sc, group, "gain_share")
                                  || fs_scenario_has(sc, group, "setback_degc")
                                  || fs_scenario_has(sc, group, "occupied_hour"))) {
        fs_scenario_error_at(sc, error, group, "ua_kw_per_k", "is needed (kW/K > 0) when the set point, setback, "
                             "occupied hours or gains of space heating are given");
        return FALSE;
    }
    d->name = g_strdup(name);
    d->level = level_of(levels, level);
    return TRUE;
}

/* A key of kind k only: given for another kind it would be ignored. */
static gboolean only_for(const fs_scenario *sc, const char *group, const char *key, gboolean allowed,
                         const char *kind, GError **error)
{
    if (allowed || !fs_scenario_has(sc, group, key))
        return TRUE;
    fs_scenario_error_at(sc, error, group, key, "does not apply to kind = %s", kind);
    return FALSE;
}

/* cop_table = SOURCE_DEGC:COP, ...: a datasheet's COP at this pump's
 * level (the sink), sources increasing. With a table, carnot_fraction
 * and cop_max do not apply. */
static gboolean read_cop_table(const fs_scenario *sc, const char *group, fs_heat_supply *s, GError **error)
{
    g_autofree char *table = NULL;
    if (!fs_scenario_get_string(sc, group, "cop_table", FALSE, &table, error))
        return FALSE;
    if (!table)
        return TRUE;
    if (fs_scenario_has(sc, group, "carnot_fraction") || fs_scenario_has(sc, group, "cop_max")) {
        fs_scenario_error_at(sc, error, group, fs_scenario_has(sc, group, "carnot_fraction") ? "carnot_fraction"
                             : "cop_max", "is for a pump without cop_table: the datasheet's table gives its COP");
        return FALSE;
    }
    g_auto(GStrv) pts = g_strsplit(table, ",", -1);
    for (int i = 0; pts[i]; i++) {
        char *p = g_strstrip(pts[i]), *colon = strchr(p, ':');
        double t, cop;
        gboolean ok = colon && s->n_cop < G_N_ELEMENTS(s->cop_at);
        if (ok) {
            *colon = '\0';
            ok = fs_units_parse_number(g_strstrip(p), &t) && fs_units_parse_number(g_strstrip(colon + 1), &cop)
                 && cop >= 1.0 && cop <= 50.0 && t >= MIN_DEGC && t <= MAX_DEGC
                 && (s->n_cop == 0 || t > s->cop_source_degc[s->n_cop - 1]);
        }
        if (!ok) {
            fs_scenario_error_at(sc, error, group, "cop_table", "point %d: give at most %u source degC:COP pairs, "
                                 "sources increasing, COP 1 to 50, e.g. -7:2.7, 2:3.4, 7:4.4",
                                 i + 1, (unsigned)G_N_ELEMENTS(s->cop_at));
            return FALSE;
        }
        s->cop_source_degc[s->n_cop] = t;
        s->cop_at[s->n_cop++] = cop;
    }
    return TRUE;
}

gboolean fs_heat_check_weather(const fs_heat_spec *spec, const double *outdoor_degc, const char *weather,
                               const char *scenario, GError **error)
{
    for (guint i = 0; i < spec->supplies->len; i++) {
        const fs_heat_supply *s = &g_array_index(spec->supplies, fs_heat_supply, i);
        if (s->kind != FS_HEAT_PUMP || s->n_cop == 0 || !isnan(s->source_degc))
            continue;
        for (guint h = 0; h < 8760; h++)
            if (outdoor_degc[h] < s->cop_source_degc[0] || outdoor_degc[h] > s->cop_source_degc[s->n_cop - 1]) {
                g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: [heat_supply %s] cop_table "
                            "covers sources of %g to %g degC; %s has %g degC outdoors at hour %u of the year: extend "
                            "the table from the datasheet", scenario, s->name, s->cop_source_degc[0],
                            s->cop_source_degc[s->n_cop - 1], weather, outdoor_degc[h], h + 1);
                return FALSE;
            }
    }
    return TRUE;
}

static gboolean read_supply(const fs_scenario *sc, const char *name, GArray *levels, fs_heat_supply *s,
                            GError **error)
{
    g_autofree char *group = g_strconcat("heat_supply ", name, NULL);
    g_autofree char *kind = NULL;
    memset(s, 0, sizeof *s);
    if (!fs_scenario_get_string(sc, group, "kind", TRUE, &kind, error))
        return FALSE;
    gboolean found = FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(kind, kinds[i].name) == 0) {
            s->kind = kinds[i].kind;
            found = TRUE;
        }
    if (!found) {
        fs_scenario_error_at(sc, error, group, "kind", "must be waste_heat, electric_boiler, heat_pump, boiler or chp");
        return FALSE;
    }
    double level;
    gboolean pump = s->kind == FS_HEAT_PUMP, fuel = s->kind == FS_HEAT_BOILER || s->kind == FS_HEAT_CHP;
    double eff_default = s->kind == FS_HEAT_ELECTRIC_BOILER ? 0.99 : 0.9;
    if (!fs_scenario_get_number(sc, group, "level_degc", TRUE, 0, MIN_DEGC, MAX_DEGC, &level, error)
        || !fs_scenario_get_number(sc, group, "capacity_kw", TRUE, 0, 0, 1e9, &s->capacity_kw, error)
        || !only_for(sc, group, "efficiency", s->kind == FS_HEAT_ELECTRIC_BOILER || s->kind == FS_HEAT_BOILER, kind,
                     error)
        || !fs_scenario_get_number(sc, group, "efficiency", FALSE, eff_default, 0.01, 1.0, &s->efficiency, error)
        || !only_for(sc, group, "carnot_fraction", pump, kind, error)
        || !only_for(sc, group, "source_degc", pump, kind, error)
        || !only_for(sc, group, "cop_max", pump, kind, error)
        || !fs_scenario_get_number(sc, group, "carnot_fraction", FALSE, 0.45, 0.01, 1.0, &s->carnot_fraction, error)
        || !fs_scenario_get_number(sc, group, "source_degc", FALSE, NAN, MIN_DEGC, MAX_DEGC, &s->source_degc, error)
        || !fs_scenario_get_number(sc, group, "cop_max", FALSE, 8.0, 1.0, 50.0, &s->cop_max, error)
        || !only_for(sc, group, "electric_efficiency", s->kind == FS_HEAT_CHP, kind, error)
        || !only_for(sc, group, "heat_efficiency", s->kind == FS_HEAT_CHP, kind, error)
        || !fs_scenario_get_number(sc, group, "electric_efficiency", s->kind == FS_HEAT_CHP, 0, 0.01, 0.8,
                                   &s->electric_efficiency, error)
        || !fs_scenario_get_number(sc, group, "heat_efficiency", s->kind == FS_HEAT_CHP, 0, 0.01, 1.0,
                                   &s->heat_efficiency, error)
        || !only_for(sc, group, "fuel_kg_co2_per_kwh", fuel, kind, error)
        || !only_for(sc, group, "fuel_price_per_kwh", fuel, kind, error)
        || !fs_scenario_get_number(sc, group, "fuel_kg_co2_per_kwh", fuel, 0, 0, 1.0, &s->fuel_kg_co2_per_kwh, error)
        || !fs_scenario_get_number(sc, group, "fuel_price_per_kwh", FALSE, 0, 0, 100, &s->fuel_price_per_kwh, error)
        || !only_for(sc, group, "share", s->kind == FS_HEAT_WASTE, kind, error)
        || !fs_scenario_get_number(sc, group, "share", s->kind == FS_HEAT_WASTE, 0, 0, 1, &s->share, error)
        || !only_for(sc, group, "machines", s->kind == FS_HEAT_WASTE, kind, error))
        return FALSE;
    g_autofree char *machines = NULL;
    if (!fs_scenario_get_string(sc, group, "machines", FALSE, &machines, error))
        return FALSE;
    if (machines) {  /* the floor checks the names (plant.h): the site does not know its stations */
        s->machines = g_strsplit(machines, ",", -1);
        for (int k = 0; s->machines[k]; k++)
            g_strstrip(s->machines[k]);
    }
    if (s->kind == FS_HEAT_CHP && s->electric_efficiency + s->heat_efficiency > 1.0) {
        fs_scenario_error_at(sc, error, group, "heat_efficiency", "electric (%g) + heat (%g) efficiency exceed 1: "
                             "the plant would make energy", s->electric_efficiency, s->heat_efficiency);
        return FALSE;
    }
    if (!only_for(sc, group, "cop_table", pump, kind, error) || (pump && !read_cop_table(sc, group, s, error)))
        return FALSE;
    if (s->n_cop > 0 && !isnan(s->source_degc)
        && (s->source_degc < s->cop_source_degc[0] || s->source_degc > s->cop_source_degc[s->n_cop - 1])) {
        fs_scenario_error_at(sc, error, group, "source_degc", "%g degC is outside cop_table's %g to %g degC: the "
                             "datasheet says nothing there", s->source_degc, s->cop_source_degc[0],
                             s->cop_source_degc[s->n_cop - 1]);
        return FALSE;
    }
    if (pump && !isnan(s->source_degc) && !(s->source_degc < level)) {
        fs_scenario_error_at(sc, error, group, "source_degc", "the source (%g degC) must be colder than the sink, "
                             "level_degc = %g", s->source_degc, level);
        return FALSE;
    }
    s->name = g_strdup(name);
    s->level = level_of(levels, level);
    return TRUE;
}

/* [heat_store NAME]: at a level something demands; charge_from names
 * suppliers of that level (not waste heat, which charges it anyway) and
 * goes with charge_hour, or charge_from_surplus (then at least one of them
 * runs on electricity). */
static gboolean read_store(const fs_scenario *sc, const char *name, const fs_heat_spec *spec, GArray *levels,
                           guint demand_levels, fs_heat_store *st, GError **error)
{
    g_autofree char *group = g_strconcat("heat_store ", name, NULL);
    g_autofree char *from = NULL;
    double level;
    memset(st, 0, sizeof *st);
    st->name = g_strdup(name);
    if (!fs_scenario_get_number(sc, group, "level_degc", TRUE, 0, MIN_DEGC, MAX_DEGC, &level, error)
        || !fs_scenario_get_number(sc, group, "capacity_kwh", TRUE, 0, 1e-9, 1e12, &st->capacity_kwh, error)
        || !fs_scenario_get_number(sc, group, "max_kw", TRUE, 0, 1e-9, 1e9, &st->max_kw, error)
        || !fs_scenario_get_number(sc, group, "loss_per_h", TRUE, 0, 0, 1, &st->loss_per_h, error)
        || !fs_scenario_get_number(sc, group, "initial_soc", FALSE, 0, 0, 1, &st->initial_soc, error)
        || !fs_scenario_get_string(sc, group, "charge_from", FALSE, &from, error)
        || !fs_scenario_get_bool(sc, group, "charge_from_surplus", FALSE, &st->charge_from_surplus, error))
        return FALSE;
    for (int h = 0; h < 24; h++)
        st->charge_hour[h] = 0.0;
    if (fs_scenario_has(sc, group, "charge_hour") && !fs__site_read_profile(sc, group, "charge_hour", st->charge_hour, 24, error))
        return FALSE;
    for (int h = 0; h < 24; h++)
        if (st->charge_hour[h] != 0.0 && st->charge_hour[h] != 1.0) {
            fs_scenario_error_at(sc, error, group, "charge_hour", "hour %d is %g: each of the 24 values is 1 (its "
                                 "charge_from suppliers charge it) or 0", h, st->charge_hour[h]);
            return FALSE;
        }
    st->level = level_of(levels, level);
    if (st->level >= demand_levels) {
        fs_scenario_error_at(sc, error, group, "level_degc", "no [heat_demand] and no machine has level_degc = %g: a "
                             "store serves the demands of its own level", level);
        return FALSE;
    }
    g_auto(GStrv) names = from ? g_strsplit(from, ",", -1) : g_new0(char *, 1);
    st->charge_from = g_new0(guint, g_strv_length(names) + 1);
    for (guint k = 0; names[k]; k++) {
        const char *want = g_strstrip(names[k]);
        guint found = G_MAXUINT;
        for (guint i = 0; i < spec->supplies->len; i++)
            if (strcmp(g_array_index(spec->supplies, fs_heat_supply, i).name, want) == 0)
                found = i;
        const fs_heat_supply *s = found != G_MAXUINT ? &g_array_index(spec->supplies, fs_heat_supply, found) : NULL;
        if (!s || s->level != st->level || s->kind == FS_HEAT_WASTE) {
            fs_scenario_error_at(sc, error, group, "charge_from", "'%s' %s", want,
                                 !s ? "is no [heat_supply]"
                                 : s->kind == FS_HEAT_WASTE ? "is waste heat, which charges the store anyway"
                                                            : "serves another level");
            return FALSE;
        }
        st->charge_from[st->n_charge_from++] = found;
    }
    gboolean any_hour = FALSE, electric = FALSE;
    for (int h = 0; h < 24; h++)
        any_hour |= st->charge_hour[h] != 0.0;
    for (guint k = 0; k < st->n_charge_from; k++) {
        fs_heat_kind kind = g_array_index(spec->supplies, fs_heat_supply, st->charge_from[k]).kind;
        electric |= kind == FS_HEAT_ELECTRIC_BOILER || kind == FS_HEAT_PUMP;
    }
    if (st->charge_from_surplus && !electric) {
        fs_scenario_error_at(sc, error, group, "charge_from_surplus", "true needs an electric boiler or a heat pump "
                             "in charge_from: only they turn surplus electricity into heat");
        return FALSE;
    }
    if ((any_hour || st->charge_from_surplus) != (st->n_charge_from > 0)) {
        fs_scenario_error_at(sc, error, group, st->n_charge_from ? "charge_from" : any_hour ? "charge_hour"
                             : "charge_from_surplus",
                             "charge_from goes with charge_hour or charge_from_surplus = true: who charges the "
                             "store, and when");
        return FALSE;
    }
    return TRUE;
}

fs_heat_spec *fs_heat_spec_from_scenario(const fs_scenario *sc, const double *machine_levels, guint n,
                                         GError **error)
{
    g_auto(GStrv) demands = fs_scenario_groups_of_kind(sc, "heat_demand");
    g_auto(GStrv) supplies = fs_scenario_groups_of_kind(sc, "heat_supply");
    g_auto(GStrv) stores = fs_scenario_groups_of_kind(sc, "heat_store");
    if (!demands[0] && !supplies[0] && !stores[0] && n == 0)
        return NULL;
    if (n > FS_HEAT_MAX_MACHINE_LEVELS) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: machines draw heat at %u temperatures (heat_level_degc); at most %d are modelled",
                    fs_scenario_display_name(sc), n, FS_HEAT_MAX_MACHINE_LEVELS);
        return NULL;
    }
    if (g_strv_length(supplies) > FS_HEAT_MAX_SUPPLIES) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: %u [heat_supply] groups; at most %d",
                    fs_scenario_display_name(sc), g_strv_length(supplies), FS_HEAT_MAX_SUPPLIES);
        return NULL;
    }
    g_autoptr(fs_heat_spec) spec = g_new0(fs_heat_spec, 1);
    spec->demands = g_array_new(FALSE, TRUE, sizeof(fs_heat_demand));
    spec->supplies = g_array_new(FALSE, TRUE, sizeof(fs_heat_supply));
    spec->stores = g_array_new(FALSE, TRUE, sizeof(fs_heat_store));
    g_autoptr(GArray) levels = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < n; i++)
        level_of(levels, machine_levels[i]);
    guint n_machine = levels->len;
    for (int i = 0; demands[i]; i++) {
        fs_heat_demand d;
        if (!read_demand(sc, demands[i], levels, &d, error))
            return NULL;
        g_array_append_val(spec->demands, d);
        spec->needs_outdoor |= d.ua_kw_per_k > 0.0;
    }
    guint demand_levels = levels->len;
    for (int i = 0; supplies[i]; i++) {
        fs_heat_supply s;
        if (!read_supply(sc, supplies[i], levels, &s, error))
            return NULL;
        g_array_append_val(spec->supplies, s);
        if (s.level >= demand_levels) {  /* heat nobody draws: a typo of the level, or a supplier too many */
            g_autofree char *group = g_strconcat("heat_supply ", supplies[i], NULL);
            fs_scenario_error_at(sc, error, group, "level_degc", "no [heat_demand] and no machine (heat_level_degc) has level_degc = %g: a supplier "
                                 "serves the demands of its own level", g_array_index(levels, double, s.level));
            return NULL;
        }
        spec->needs_outdoor |= s.kind == FS_HEAT_PUMP && isnan(s.source_degc);
    }
    for (int i = 0; stores[i]; i++) {
        fs_heat_store st;
        gboolean ok = read_store(sc, stores[i], spec, levels, demand_levels, &st, error);
        g_array_append_val(spec->stores, st);  /* freed with the spec either way */
        spec->takes_surplus |= ok && st.charge_from_surplus;
        if (!ok)
            return NULL;
    }
    spec->n_levels = levels->len;
    spec->level_degc = g_memdup2(levels->data, MAX(levels->len, 1u) * sizeof(double));
    spec->machine_level = g_new0(gboolean, MAX(levels->len, 1u));
    for (guint l = 0; l < n_machine; l++)
        spec->machine_level[l] = TRUE;
    return g_steal_pointer(&spec);
}

double fs_heat_pump_cop(const fs_heat_supply *s, double sink_degc, double source_degc)
{
    if (s->n_cop > 0) {  /* the datasheet's points, the source within them (checked before the run) */
        guint k = 1;
        while (k < s->n_cop - 1 && source_degc > s->cop_source_degc[k])
            k++;
        if (s->n_cop == 1)
            return s->cop_at[0];
        double x0 = s->cop_source_degc[k - 1], x1 = s->cop_source_degc[k];
        return s->cop_at[k - 1] + (s->cop_at[k] - s->cop_at[k - 1]) * (source_degc - x0) / (x1 - x0);
    }
    double lift_k = sink_degc - source_degc;
    if (!(lift_k > 0.0))
        return s->cop_max;  /* a source as warm as the sink: the compressor's limit, not infinity */
    return fmin(s->cop_max, s->carnot_fraction * (sink_degc + KELVIN) / lift_k);
}
