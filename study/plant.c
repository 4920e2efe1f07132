/* plant.c: floor and site together (plant.h). */
#include "study/plant.h"
#include "study/finance.h"

#include <math.h>
#include <string.h>

/* Every part's groups as one schema, for one check that reports every
 * unknown group or key: [simulation], the floor's, the site's, [sweep]
 * (whose keys name other groups' keys, checked by the sweep) and
 * [finance]. */
static fs_scenario_schema *union_schema(void)
{
    static const char *const any_key[] = {"*", NULL};
    static const fs_scenario_schema sweep[] = {{"sweep", FALSE, any_key}, {NULL, FALSE, NULL}};
    const fs_scenario_schema *parts[5] = {fs_settings_scenario_schema(), fs_floor_scenario_schema(),
                                          fs_site_scenario_schema(), sweep, fs_finance_scenario_schema()};
    return fs_scenario_schema_join(parts, 5);
}

fs_scenario_schema *fs_plant_scenario_schema(void)
{
    return union_schema();
}

/* The sizes of the site's generation and storage, filled by the plant. */
enum { Z_PV_KWP, Z_BATTERY_KWH, Z_BATTERY_KW, Z_WIND_KW, Z_N };

static const fs_column size_kpis[Z_N] = {
    {"pv_kwp", "kWp", "PV DC nameplate of the site"},
    {"battery_kwh", "kWh", "battery nominal capacity"},
    {"battery_kw", "kW", "battery charge power limit"},
    {"wind_kw", "kW", "wind turbines installed (count x rated power)"},
};

static const fs_kpi_part size_part = {"sizes", Z_N, size_kpis};

/* Scope 3 from the families' data, and the product carbon footprint:
 * filled by the plant, which sees the floor's units and the site's books. */
enum { F_MATERIALS, F_PACKAGING, F_TRANSPORT, F_SCOPE3, F_UNCOVERED, F_PCF_LOCATION, F_PCF_MARKET, F_N };

static const fs_column footprint_kpis[F_N] = {
    {"scope3_materials_kg", "kg", "Scope 3, purchased materials: units completed x their family's scope3_materials_kg"},
    {"scope3_packaging_kg", "kg", "Scope 3, packaging: units completed x scope3_packaging_kg"},
    {"scope3_transport_kg", "kg", "Scope 3, transport: units completed x scope3_transport_kg"},
    {"scope3_kg", "kg", "the three together"},
    {"scope3_units_without_data", "units", "units completed whose family states no Scope 3 (0 in the footprint)"},
    {"pcf_location_kg_per_unit", "kg/unit", "product carbon footprint: (Scope 1 + location-based Scope 2 + Scope 3) "
                                            "/ units completed (NaN without a site)"},
    {"pcf_market_kg_per_unit", "kg/unit", "the same with market-based Scope 2"},
};

static const fs_kpi_part footprint_part = {"footprint", F_N, footprint_kpis};

const char *fs_plant_spec_currency(const fs_plant_spec *p)
{
    return p->site && p->site->has_tariff ? p->site->tariff.currency : NULL;
}

/* Every KPI part a plant can have, in the order of the file's columns,
 * and whether p has each: the floor's, the site's, the sizes, then the
 * study's comparison with its reference point and the finance. */
#define MAX_PARTS (FS_FLOOR_MAX_KPI_PARTS + FS_SITE_MAX_KPI_PARTS + 4)

static guint all_parts(const fs_kpi_part **parts)
{
    guint n = fs_floor_kpi_parts(NULL, parts);
    n += fs_site_kpi_parts(NULL, parts + n);
    parts[n++] = &footprint_part;
    parts[n++] = &size_part;
    parts[n++] = fs_finance_comparison_kpi_part();
    parts[n++] = fs_finance_kpi_part();
    return n;
}

guint32 fs_plant_kpi_parts(const fs_plant_spec *p)
{
    const fs_kpi_part *all[MAX_PARTS], *mine[MAX_PARTS];
    guint n_all = all_parts(all), n = p->floor ? fs_floor_kpi_parts(p->floor, mine) : 0;
    if (p->floor && fs_floor_spec_has_scope3(p->floor))
        mine[n++] = &footprint_part;
    if (p->site) {
        n += fs_site_kpi_parts(p->site, mine + n);
        mine[n++] = &size_part;
        mine[n++] = fs_finance_comparison_kpi_part();
        if (p->has_finance)
            mine[n++] = fs_finance_kpi_part();
    }
    guint32 mask = 0;
    for (guint i = 0; i < n_all; i++)
        for (guint j = 0; j < n; j++)
            if (mine[j] == all[i])
                mask |= 1u << i;
    return mask;
}

fs_result_schema *fs_plant_schema_new(guint32 parts, const char *currency)
{
    const fs_kpi_part *all[MAX_PARTS], *used[MAX_PARTS];
    guint n_all = all_parts(all), n_used = 0;
    for (guint i = 0; i < n_all; i++)
        if (parts & (1u << i))
            used[n_used++] = all[i];
    guint n_floor_tables, n_floor_logs;
    const fs_table_schema *floor_tables = fs_floor_tables(&n_floor_tables);
    const fs_table_schema *floor_logs = fs_floor_logs(&n_floor_logs);
    g_assert(n_floor_tables == 2 && n_floor_logs == 1);
    fs_table_schema tables[4] = {floor_tables[0], floor_tables[1], *fs_site_bills_table(),
                                 *fs_site_bill_lines_table()};
    fs_table_schema logs[2] = {floor_logs[0], *fs_site_series_log()};
    fs_result_schema *schema = fs_result_schema_new(used, n_used, tables, 4, logs, 2);
    if (currency)
        fs_result_schema_name_currency(schema, currency);
    return schema;
}

/* [scheduler] shift reads its signal from the site, which must have it;
 * for carbon, an hourly series (a constant factor gives no better period
 * to wait for). */
/* A waste-heat supply's `machines` are the floor's stations: the site
 * cannot know them, so the plant checks the names. */
static gboolean check_waste_machines(const fs_scenario *sc, const fs_plant_spec *p, GError **error)
{
    if (!p->site || !p->site->heat)
        return TRUE;
    const GArray *supplies = p->site->heat->supplies;
    for (guint i = 0; i < supplies->len; i++) {
        const fs_heat_supply *x = &g_array_index(supplies, fs_heat_supply, i);
        for (guint k = 0; x->machines && x->machines[k]; k++)
            if (!p->floor || !fs_floor_spec_has_station(p->floor, x->machines[k])) {
                g_autofree char *group = g_strconcat("heat_supply ", x->name, NULL);
                fs_scenario_error_at(sc, error, group, "machines", "'%s' is not a [station] of this scenario%s",
                                     x->machines[k], p->floor ? "" : " (it has no floor)");
                return FALSE;
            }
    }
    return TRUE;
}

static gboolean check_shift_signal(const fs_scenario *sc, const fs_plant_spec *p, GError **error)
{
    fs_shift_signal shift = p->floor ? p->floor->scheduler.shift : FS_SHIFT_NONE;
    const fs_site_spec *site = p->site;
    const char *missing = NULL;
    if (shift == FS_SHIFT_PRICE && (!site || !site->has_tariff))
        missing = "needs a [site] with a [tariff]";
    else if (shift == FS_SHIFT_CARBON && (!site || !site->carbon.hourly_kg_per_kwh))
        missing = "needs a [site] with an hourly grid carbon series ([site] carbon_csv)";
    else if (shift == FS_SHIFT_ONSITE && (!site || (!site->pv_kw_by_year && !site->wind_kw)))
        missing = "needs a [site] with PV ([pv NAME]) or wind ([wind NAME])";
    if (!missing)
        return TRUE;
    fs_scenario_error_at(sc, error, "scheduler", "shift", "%s (or shift = none)", missing);
    return FALSE;
}

fs_plant_spec *fs_plant_spec_from_scenario(const fs_scenario *sc, GError **error)
{
    return fs_plant_spec_from_scenario_cached(sc, NULL, error);
}

fs_plant_spec *fs_plant_spec_from_scenario_cached(const fs_scenario *sc, fs_spec_cache *cache, GError **error)
{
    g_autofree fs_scenario_schema *schema = union_schema();
    if (!fs_scenario_check_schema(sc, schema, error))
        return NULL;
    g_auto(GStrv) stations = fs_scenario_groups_of_kind(sc, "station");
    g_auto(GStrv) sources = fs_scenario_groups_of_kind(sc, "source");
    gboolean has_floor = stations[0] || sources[0];
    gboolean has_site = g_key_file_has_group(fs_scenario_keyfile(sc), "site");
    if (!has_floor && !has_site) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: nothing to simulate: give a floor ([source NAME] and [station NAME] groups) "
                    "or a [site] (with a load_csv for a metered load)", fs_scenario_display_name(sc));
        return NULL;
    }
    fs_plant_spec *p = g_new0(fs_plant_spec, 1);
    p->settings = fs_settings_from_scenario(sc, error);
    if (p->settings && has_floor)
        p->floor = fs__floor_spec_parse(sc, p->settings, error);
    g_autoptr(GArray) heat_levels = p->floor ? fs_floor_spec_heat_levels(p->floor) : NULL;
    if (heat_levels && heat_levels->len && !has_site) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: machines draw heat at %g degC (a station's heat_level_degc): the heat comes from a "
                    "[site]'s [heat_supply] groups; add a [site]", fs_scenario_display_name(sc),
                    g_array_index(heat_levels, double, 0));
        fs_plant_spec_free(p);
        return NULL;
    }
    if (p->settings && (!has_floor || p->floor) && has_site)
        p->site = fs_site_spec_from_scenario(sc, p->settings, cache, heat_levels,
                                             p->floor ? fs_floor_spec_signal_reach_s(p->floor) : 0.0, error);
    if (!p->settings || (has_floor && !p->floor) || (has_site && !p->site) || !check_shift_signal(sc, p, error)
        || !check_waste_machines(sc, p, error)) {
        fs_plant_spec_free(p);
        return NULL;
    }
    p->has_finance = g_key_file_has_group(fs_scenario_keyfile(sc), "finance");
    p->schema = fs_plant_schema_new(fs_plant_kpi_parts(p), fs_plant_spec_currency(p));
    return p;
}

void fs_plant_spec_free(fs_plant_spec *p)
{
    if (!p)
        return;
    fs_settings_free(p->settings);
    fs_floor_spec_free(p->floor);
    fs_site_spec_free(p->site);
    fs_result_schema_free(p->schema);
    g_free(p);
}

void fs_plant_spec_set_detail(fs_plant_spec *p, gboolean trace, gboolean series)
{
    if (p->floor)
        p->floor->trace = trace;
    if (p->site)
        p->site->series = series;
}

/* The two seams between the floor and the site, which never include each
 * other: the floor's power is the site's external load, and the site's
 * price, carbon and generation are the floor's planning signal. */
static double floor_power_kw(void *floor)
{
    return fs_floor_power_kw(floor);
}

static double floor_heat_kw(void *floor, double level_degc)
{
    return fs_floor_heat_kw(floor, level_degc);
}

static double floor_stations_power_kw(void *floor, const char *const *names)
{
    return fs_floor_stations_power_kw(floor, names);
}

static void floor_power_changed(void *site)
{
    fs_site_external_load_changed(site);
}

/* Scope 3 by family and the footprint per unit of all that the run made:
 * the site's Scope 1 and 2 shared evenly over the units completed. */
static void footprint(const fs_floor *floor, const fs_plant_spec *p, const fs_run_result *out, double units,
                      double *fp)
{
    fp[F_UNCOVERED] = fs_floor_scope3_kg(floor, fp);
    fp[F_SCOPE3] = fp[F_MATERIALS] + fp[F_PACKAGING] + fp[F_TRANSPORT];
    int s1 = fs_result_schema_kpi_index(p->schema, "co2_scope1_kg");
    int loc = fs_result_schema_kpi_index(p->schema, "co2_location_kg");
    int mkt = fs_result_schema_kpi_index(p->schema, "co2_market_kg");
    gboolean site = p->site && s1 >= 0 && loc >= 0 && mkt >= 0 && units > 0;
    fp[F_PCF_LOCATION] = site ? (out->kpi[s1] + out->kpi[loc] + fp[F_SCOPE3]) / units : NAN;
    fp[F_PCF_MARKET] = site ? (out->kpi[s1] + out->kpi[mkt] + fp[F_SCOPE3]) / units : NAN;
}

static double site_signal(const void *site_spec, fs_shift_signal kind, double t_s)
{
    switch (kind) {
    case FS_SHIFT_PRICE:
        return fs_site_spec_signal(site_spec, FS_SITE_SIGNAL_PRICE, t_s);
    case FS_SHIFT_CARBON:
        return fs_site_spec_signal(site_spec, FS_SITE_SIGNAL_CARBON, t_s);
    case FS_SHIFT_ONSITE:
        return fs_site_spec_signal(site_spec, FS_SITE_SIGNAL_ONSITE, t_s);
    case FS_SHIFT_NONE:
        break;
    }
    return 0.0;
}

static fs_site *site_new(fs_sim *sim, const fs_site_spec *spec, fs_floor *floor, const fs_site_forecast *forecast)
{
    fs_site_external_load ext = {floor_power_kw, floor_heat_kw, floor_stations_power_kw, floor};
    fs_site *site = fs_site_new(sim, spec, floor ? &ext : NULL, forecast);
    if (floor) {
        fs_floor_set_power_listener(floor, floor_power_changed, site);
        fs_floor_set_signal(floor, site_signal, spec);
    }
    return site;
}

gboolean fs_plant_run(const void *spec_ptr, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error)
{
    return fs_plant_run_driven(spec_ptr, point, replication, master_seed, out, NULL, NULL, error);
}

/* The run's floor and site without the battery, on params' streams: the
 * site's load and generation per billing interval (owned copies). */
static gboolean run_ahead(const fs_plant_spec *p, const fs_sim_params *params, double **load_kwh, double **gen_kwh,
                          double **heat_rows, guint *heat_width, guint *n, GError **error)
{
    fs_site_spec ahead_spec;
    fs_site_spec_ahead(p->site, &ahead_spec);
    fs_sim *sim = fs_sim_new(params);
    fs_floor *floor = p->floor ? fs_floor_new(sim, p->floor) : NULL;
    fs_site *site = site_new(sim, &ahead_spec, floor, NULL);
    gboolean ok = fs_sim_run(sim, error);
    if (ok) {
        fs_site_forecast f;
        fs_site_intervals(site, &f);
        *load_kwh = g_memdup2(f.load_kwh, f.n * sizeof(double));
        *gen_kwh = g_memdup2(f.gen_kwh, f.n * sizeof(double));
        if (heat_rows) {
            *heat_rows = f.heat_rows ? g_memdup2(f.heat_rows, (gsize)f.n * f.heat_width * sizeof(double)) : NULL;
            *heat_width = f.heat_width;
        }
        *n = f.n;
    }
    fs_site_free(site);
    fs_floor_free(floor);
    fs_sim_free(sim);
    return ok;
}

gboolean fs_plant_site_intervals(const fs_plant_spec *p, guint replication, uint64_t master_seed, double **load_kwh,
                                 double **gen_kwh, guint *n, GError **error)
{
    const fs_settings *s = p->settings;
    fs_sim_params params = {
        .horizon_s = s->horizon_s, .warmup_s = s->warmup_s, .master_seed = master_seed, .replication = replication,
        .common_random_numbers = s->common_random_numbers,
    };
    return run_ahead(p, &params, load_kwh, gen_kwh, NULL, NULL, n, error);
}

gboolean fs_plant_run_driven(const fs_plant_spec *p, guint point, guint replication, uint64_t master_seed,
                             fs_run_result *out, fs_plant_driver drive, void *drive_data, GError **error)
{
    const fs_settings *s = p->settings;
    fs_sim_params params = {
        .horizon_s = s->horizon_s, .warmup_s = s->warmup_s, .master_seed = master_seed,
        .point = point, .replication = replication, .common_random_numbers = s->common_random_numbers,
    };
    /* A battery planning on a perfect forecast sees the run's own load and
     * generation: the same streams run ahead without it (they do not
     * depend on the battery), site.h */
    fs_site_forecast forecast = {0};
    double *ahead_load = NULL, *ahead_gen = NULL, *ahead_heat = NULL;
    gboolean ahead = p->site && fs_site_spec_needs_forecast(p->site);
    if (ahead && !run_ahead(p, &params, &ahead_load, &ahead_gen, &ahead_heat, &forecast.heat_width, &forecast.n, error))
        return FALSE;
    forecast.load_kwh = ahead_load;
    forecast.gen_kwh = ahead_gen;
    forecast.heat_rows = ahead_heat;
    g_autoptr(fs_sim) sim = fs_sim_new(&params);
    fs_floor *floor = p->floor ? fs_floor_new(sim, p->floor) : NULL;
    fs_site *site = p->site ? site_new(sim, p->site, floor, ahead ? &forecast : NULL) : NULL;
    g_free(ahead_load);  /* the site copied the forecast */
    g_free(ahead_gen);
    g_free(ahead_heat);
    gboolean ok = drive ? drive(sim, floor, p, drive_data, error) : fs_sim_run(sim, error);
    out->n_events = sim->n_events;
    if (ok) {
        double units = NAN;
        if (floor) {
            fs_floor_collect(floor, out);
            units = (double)fs_floor_units_completed(floor);
        }
        if (site)
            fs_site_collect(site, out, units, &out->tables[2], &out->tables[3], &out->logs[1]);
        double *fp = fs_run_result_kpi_part(out, &footprint_part);
        if (fp && floor)
            footprint(floor, p, out, units, fp);
        double *z = fs_run_result_kpi_part(out, &size_part);
        if (z && p->site) {
            z[Z_PV_KWP] = p->site->pv_dc_kwp;
            z[Z_BATTERY_KWH] = p->site->has_battery ? p->site->battery.capacity_kwh : 0.0;
            z[Z_BATTERY_KW] = p->site->has_battery ? p->site->battery.charge_kw : 0.0;
            z[Z_WIND_KW] = p->site->wind_rated_kw;
        }
    }
    fs_site_free(site);
    fs_floor_free(floor);
    return ok;
}
