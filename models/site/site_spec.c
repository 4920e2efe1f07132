/* site_spec.c: reading the site energy system from a scenario (site.h).
 * docs/scenario-format.md documents every key. */
#include <math.h>
#include <string.h>

#include "models/site/pv.h"
#include "models/site/wind.h"
#include "models/site/site.h"
#include "models/site/psychro.h"
#include "models/site/site_internal.h"
#include "sim/csv_table.h"
#include "sim/time_series.h"
#include "models/site/weather.h"
#include "sim/suggest.h"
#include "sim/units.h"

static const char *const site_keys[] = {
    "billing_interval", "weather", "latitude_deg", "longitude_deg", "elevation_m", "clearness",
    "air_temperature_degc", "load_csv", "load_csv_column", "load_csv_delimiter", "load_csv_interval_ending",
    "load_csv_align", "grid_factor", "carbon_csv", "carbon_csv_column", "carbon_csv_delimiter", "certificates_kwh_per_year", "ppa_kwh_per_year", "supplier_kg_per_kwh",
    "hourly_matching", "grid_cfe_share", "ppa_profile_hour", "ppa_profile_month",
    "carbon_price_per_t", "carbon_price_covers", "chiller_staging", "tower_fan_kw_per_kw", "optimal_bound", NULL,
};
static const char *const load_keys[] = {"power_kw", "profile_hour", "profile_weekday", NULL};
static const char *const pv_keys[] = {
    "kwp", "tilt_deg", "azimuth_deg", "dc_ac_ratio", "gamma_per_degc", "losses_percent", "inverter_efficiency",
    "albedo", "transposition", "iam", NULL,
};
static const char *const battery_keys[] = {
    "capacity_kwh", "charge_kw", "discharge_kw", "charge_efficiency", "discharge_efficiency", "soc_min", "soc_max",
    "initial_soc", "self_discharge_per_month", "soh_initial", "calendar_fade_per_year", "cycle_fade_per_efc",
    "dispatch", "peak_target_kw", "charge_periods", "discharge_periods", "dp_bound", "dp_levels", "optimal_bound",
    "replan", "horizon", "forecast", NULL,
};
static const char *const fuel_keys[] = {"quantity_per_year", "kg_co2_per_unit", "unit", NULL};
static const char *const wind_keys[] = {
    "count", "hub_height_m", "measurement_height_m", "extrapolation", "shear_exponent", "roughness_length_m",
    "cut_out_m_per_s", "losses_percent", "power_curve", NULL,
};

static const char *const second_life_keys[] = {
    "interarrival", "soh", "pack_kwh", "pack_kw", "min_soh", "max_soh", "fade_per_year", "retire_soh", "max_packs", NULL,
};

static const fs_scenario_schema schema[] = {
    {"second_life", FALSE, second_life_keys},
    {"site", FALSE, site_keys},     {"load", TRUE, load_keys},     {"pv", TRUE, pv_keys},
    {"battery", FALSE, battery_keys}, {"tariff", FALSE, fs_tariff_scenario_keys}, {"fuel", TRUE, fuel_keys},
    {"wind", TRUE, wind_keys},
    {"heat_demand", TRUE, fs_heat_demand_keys}, {"heat_supply", TRUE, fs_heat_supply_keys},
    {"heat_store", TRUE, fs_heat_store_keys},
    {"cooling_demand", TRUE, fs_cooling_demand_keys}, {"chiller", TRUE, fs_chiller_keys},
    {"dry_room", TRUE, fs_dry_room_keys},
    {"electrolyser", FALSE, fs_electrolyser_keys}, {"hydrogen_tank", FALSE, fs_hydrogen_tank_keys},
    {"fuel_cell", FALSE, fs_fuel_cell_keys},
    {NULL, FALSE, NULL},
};

const fs_scenario_schema *fs_site_scenario_schema(void)
{
    return schema;
}

/* Grid factors with their sources (docs/models/site.md). */
static const struct {
    const char *name;
    double kg_per_kwh;
} grid_factors[] = {
    {"china_2022", 0.5366},   /* MEE/NBS national average 2022, published Dec 2024 */
    {"uk_2023", 0.22499},     /* UK government conversion factors 2023, generation + T&D */
    {"china_iea_2018", 0.69}, /* China-UK Green Manufacturing Report, IEA 2018 data */
    {"uk_iea_2018", 0.25},
};

static void free_pv(fs_site_spec *spec)
{
    for (guint y = 0; y < spec->pv_n_years; y++)
        g_free(spec->pv_kw_by_year[y]);
    g_clear_pointer(&spec->pv_kw_by_year, g_free);
    spec->pv_n_years = 0;
}

void fs_site_spec_free(fs_site_spec *spec)
{
    if (!spec)
        return;
    if (spec->aux) g_array_free(spec->aux, TRUE);
    fs_dist_clear(&spec->second_life.interarrival);
    fs_dist_clear(&spec->second_life.soh);
    free_pv(spec);
    g_free(spec->wind_kw);
    fs_heat_spec_free(spec->heat);
    fs_cooling_spec_free(spec->cooling);
    fs_dry_rooms_free(spec->dry_rooms);
    g_free(spec->wet_bulb_degc);
    fs_tariff_clear(&spec->tariff);
    fs_spec_cache_free(spec->own_cache);
    g_free(spec);
}

gboolean fs__site_read_numbers(const fs_scenario *sc, const char *group, const char *key, const double *def,
                               double *out, guint n, gboolean nonnegative, const char *what, GError **error)
{
    for (guint i = 0; i < n; i++)
        out[i] = def ? def[i] : 1.0;
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(sc, group, key, FALSE, &text, error))
        return FALSE;
    if (!text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    if (g_strv_length(items) != n) {
        fs_scenario_error_at(sc, error, group, key, "needs %u comma-separated %ss, got %u", n, what,
                             g_strv_length(items));
        return FALSE;
    }
    for (guint i = 0; i < n; i++)
        if (!fs_units_parse_number(g_strstrip(items[i]), &out[i]) || !isfinite(out[i])
            || (nonnegative && out[i] < 0)) {
            fs_scenario_error_at(sc, error, group, key, "%s %u must be a number%s", what, i + 1,
                                 nonnegative ? " >= 0" : "");
            return FALSE;
        }
    return TRUE;
}

gboolean fs__site_read_profile(const fs_scenario *sc, const char *group, const char *key, double *out, guint n,
                               GError **error)
{
    return fs__site_read_numbers(sc, group, key, NULL, out, n, TRUE, "multiplier", error);
}

/* A [site] data file: from the folder of the file that named it. */
static char *data_path(const fs_scenario *sc, const char *key, const char *file)
{
    return fs_scenario_path(sc, "site", key, file);
}

/* The ',' or ';' of [site] KEY_delimiter. */
static gboolean read_delimiter(const fs_scenario *sc, const char *key, char *out, GError **error)
{
    g_autofree char *d = NULL;
    if (!fs_scenario_get_string(sc, "site", key, FALSE, &d, error))
        return FALSE;
    *out = ',';
    if (d && strcmp(d, ",") != 0 && strcmp(d, ";") != 0 && strcmp(d, "comma") != 0 && strcmp(d, "semicolon") != 0) {
        fs_scenario_error_at(sc, error, "site", key, "must be , or ; (or comma, semicolon)");
        return FALSE;
    }
    if (d && (strcmp(d, ";") == 0 || strcmp(d, "semicolon") == 0))
        *out = ';';
    return TRUE;
}

typedef struct {
    const fs_scenario *sc;
    const char *key, *file;
    fs_series_options o;
    const fs_local_time *start;
    double horizon_s;
} series_req;

static gpointer make_series(void *arg, GError **error)
{
    series_req *r = arg;
    g_autofree char *path = data_path(r->sc, r->key, r->file);
    fs_time_series *x = NULL;
    GError *e = NULL;
    if (!fs_time_series_read(path, &r->o, r->start, r->horizon_s, &x, &e)) {
        fs_scenario_error_at(r->sc, error, "site", r->key, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    return x;
}

/* A metered series from the cache (times depend on the start and the
 * reading on the options, so both are part of the key). */
static fs_time_series *cached_series(const fs_scenario *sc, fs_spec_cache *cache, const char *key, const char *file,
                                     const fs_series_options *o, const fs_local_time *start, double horizon_s,
                                     GError **error)
{
    g_autofree char *path = data_path(sc, key, file);
    g_autofree char *ck = g_strdup_printf("series:%s:%s:%c:%d:%d:%d:%.17g:%.17g:%.17g", path, o->column, o->delimiter,
                                          o->interval_ending, o->allow_negative, (int)o->align, start->start_unix_s,
                                          start->utc_offset_s, horizon_s);
    series_req r = {sc, key, file, *o, start, horizon_s};
    return fs_spec_cache_get(cache, ck, make_series, &r, (GDestroyNotify)fs_time_series_free, error);
}

/* An hourly typical year (8760 rows, carbon intensity): the column's
 * values in file order, the times only checked to increase. */
typedef struct {
    const fs_scenario *sc;
    const char *key, *file, *column;
    char delimiter;
} year_req;

static gpointer make_year(void *arg, GError **error)
{
    year_req *r = arg;
    g_autofree char *path = data_path(r->sc, r->key, r->file);
    g_autoptr(fs_csv_table) tab = NULL;
    GError *e = NULL;
    if (!fs_csv_table_read(path, r->delimiter, &tab, &e)) {
        fs_scenario_error_at(r->sc, error, "site", r->key, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    int cv = fs_csv_table_column(tab, r->column);
    if (cv < 0) {
        g_autofree char *cols = fs_csv_table_columns_text(tab);
        fs_scenario_error_at(r->sc, error, "site", r->key, "%s: the header must name the column %s (it has: %s)",
                             path, r->column, cols);
        return NULL;
    }
    if (tab->n_rows != 8760) {
        fs_scenario_error_at(r->sc, error, "site", r->key, "%s: needs 8760 hourly rows (a typical year), got %u",
                             path, tab->n_rows);
        return NULL;
    }
    /* the times must be an hour apart: a typical year hour by hour */
    int ct = fs_csv_table_column(tab, "time");
    fs_local_time utc = {0, 0};
    double prev = 0.0;
    for (guint i = 0; i < tab->n_rows; i++) {
        const char *f = ct >= 0 ? fs_csv_table_field(tab, i, ct) : NULL;
        double ts;
        if (!f || !(fs_units_parse_duration_s(f, &ts) || fs_local_time_since_start(&utc, f, &ts))
            || (i > 0 && fabs(ts - prev - 3600.0) > 1e-6)) {
            fs_scenario_error_at(r->sc, error, "site", r->key,
                                 "%s line %u: time '%s': a carbon series is a typical year hour by hour, each row's "
                                 "time one hour after the row before's", path, tab->line[i], f ? f : "(none)");
            return NULL;
        }
        prev = ts;
    }
    double *v = g_new(double, 8760);
    for (guint i = 0; i < 8760; i++) {
        const char *f = fs_csv_table_field(tab, i, cv);
        if (!f || !fs_units_parse_number(f, &v[i]) || v[i] < 0) {
            fs_scenario_error_at(r->sc, error, "site", r->key, "%s line %u: %s '%s' is not a number >= 0", path,
                                 tab->line[i], r->column, f ? f : "");
            g_free(v);
            return NULL;
        }
    }
    return v;
}

typedef struct {
    const char *path;
    double lat, lon, tz, elev, kt, air;
    int year;
    gboolean clear;
} weather_req;

static gpointer make_weather(void *arg, GError **error)
{
    weather_req *r = arg;
    if (r->clear)
        return fs_weather_clear_sky(r->lat, r->lon, r->tz, r->elev, r->kt, r->air, r->year);
    return fs_weather_load_epw(r->path, error);
}

typedef struct {
    const fs_pv_array *array;
    const fs_weather *w;
    int year, from_hour, to_hour;
} pv_req;

/* The hourly AC power of a 1 kWp array: with the inverter sized by the
 * DC/AC ratio, PVWatts AC power scales exactly with kWp, so one profile
 * serves every size of a sweep. */
static gpointer make_pv_profile(void *arg, GError **error)
{
    (void)error;
    pv_req *r = arg;
    fs_pv_array unit = *r->array;
    unit.dc_kwp = 1.0;
    return fs_pv_hourly_ac_kw_range(&unit, r->w, r->year, r->from_hour, r->to_hour);
}

/* The site's weather year (shared by PV and wind through the cache). */
static const fs_weather *site_weather(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache, int year,
                                     char **key_out, GError **error)
{
    g_autofree char *weather = NULL;
    if (!fs_scenario_get_string(sc, "site", "weather", FALSE, &weather, error))
        return FALSE;
    if (!weather) {
        fs_scenario_error_at(sc, error, "site", "weather",
                             "missing; [pv] arrays and [wind] turbines need a weather file (an EPW), or weather = clearsky");
        return NULL;
    }
    g_autofree char *path = data_path(sc, "weather", weather);
    weather_req wr = {path, 0, 0, spec->tz_h, 0, 0, 0, year, strcmp(weather, "clearsky") == 0};
    if (wr.clear) {
        /* no weather file: clear sky x clearness at the site's coordinates */
        if (!fs_scenario_get_number(sc, "site", "latitude_deg", TRUE, 0, -90, 90, &wr.lat, error)
            || !fs_scenario_get_number(sc, "site", "longitude_deg", TRUE, 0, -180, 180, &wr.lon, error)
            || !fs_scenario_get_number(sc, "site", "elevation_m", FALSE, 0, -500, 9000, &wr.elev, error)
            || !fs_scenario_get_number(sc, "site", "clearness", FALSE, 0.75, 0.01, 1, &wr.kt, error)
            || !fs_scenario_get_number(sc, "site", "air_temperature_degc", FALSE, 20, -60, 60, &wr.air, error))
            return NULL;
    }
    g_autofree char *wkey = wr.clear ? g_strdup_printf("clearsky:%.17g:%.17g:%.17g:%.17g:%.17g:%.17g:%d", wr.lat,
                                                        wr.lon, wr.tz, wr.elev, wr.kt, wr.air, year)
                                     : g_strdup_printf("epw:%s", path);
    GError *e = NULL;
    const fs_weather *w = fs_spec_cache_get(cache, wkey, make_weather, &wr, (GDestroyNotify)fs_weather_free, &e);
    if (!w) {
        fs_scenario_error_at(sc, error, "site", "weather", "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    *key_out = g_steal_pointer(&wkey);
    return w;
}

/* The local calendar year (in a zone of tz_h) at unix_s. */
static int year_at(double unix_s, double tz_h)
{
    fs_civil_time c;
    fs_local_time_at_unix(unix_s, tz_h * 3600.0, &c);
    return c.year;
}

static int start_year(const fs_site_spec *spec)
{
    return year_at(spec->start_unix_s, spec->tz_h);
}

/* The weather's dew point of every hour, for what group/key needs it (a
 * dry room's dryer, a cooling tower's wet bulb): an hour without one is
 * refused with the file, hour and line, never filled. */
static gboolean require_dew_point(const fs_scenario *sc, const fs_weather *w, const char *group, const char *key,
                                  const char *what, GError **error)
{
    for (guint h = 0; h < FS_WEATHER_HOURS; h++)
        if (isnan(w->dew_point_degc[h])) {
            fs_scenario_error_at(sc, error, group, key, "%s needs the outdoor dew point of every hour; %s has none "
                                 "at hour %u of the year (line %u, field 8: missing (99.9), above the dry bulb or "
                                 "outside -90..70 degC)%s", what, w->path, h + 1, h + 9,
                                 g_str_has_prefix(w->path, "clear sky") ? "; a clear sky has no humidity: give an "
                                 "EPW file" : "");
            return FALSE;
        }
    return TRUE;
}

/* A cooling tower follows the wet bulb: every hour's, from the weather's
 * dry bulb, dew point and pressure (psychro.h; the reader refuses a
 * missing pressure). */
static gboolean wet_bulb_year(const fs_scenario *sc, fs_site_spec *spec, const fs_weather *w, GError **error)
{
    const char *tower = NULL;
    for (guint i = 0; i < spec->cooling->chillers->len && !tower; i++) {
        const fs_chiller *c = &g_array_index(spec->cooling->chillers, fs_chiller, i);
        if (!isnan(c->tower_approach_k))
            tower = c->name;
    }
    g_autofree char *group = g_strconcat("chiller ", tower, NULL);
    if (!require_dew_point(sc, w, group, "tower_approach_k", "a cooling tower's wet bulb", error))
        return FALSE;
    spec->wet_bulb_degc = g_new(double, FS_WEATHER_HOURS);
    for (guint h = 0; h < FS_WEATHER_HOURS; h++)
        spec->wet_bulb_degc[h] = fs_psychro_wet_bulb_degc(w->temp_air_degc[h], w->dew_point_degc[h],
                                                          w->pressure_mbar[h]);
    return TRUE;
}

/* [heat_demand] and [heat_supply] (heat.h), and the outdoor temperature
 * when space heating or an air-source heat pump needs it. */
static gboolean read_heat(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache, const GArray *machine,
                          GError **error)
{
    GError *e = NULL;
    spec->heat = fs_heat_spec_from_scenario(sc, machine ? (const double *)(const void *)machine->data : NULL,
                                            machine ? machine->len : 0, &e);
    if (e) {
        g_propagate_error(error, e);
        return FALSE;
    }
    spec->cooling = fs_cooling_spec_from_scenario(sc, &e);
    if (e) {
        g_propagate_error(error, e);
        return FALSE;
    }
    spec->dry_rooms = fs_dry_rooms_from_scenario(sc, &e);
    if (e) {
        g_propagate_error(error, e);
        return FALSE;
    }
    if (!(spec->heat && spec->heat->needs_outdoor) && !(spec->cooling && spec->cooling->needs_outdoor)
        && !spec->dry_rooms)
        return TRUE;
    if (!fs_scenario_has(sc, "site", "weather")) {
        fs_scenario_error_at(sc, error, "site", "weather", "missing; space heating or cooling (ua_kw_per_k), "
                             "air-source heat pumps and air-cooled chillers need the outdoor temperature, dry rooms "
                             "the outdoor dew point: give an EPW file%s",
                             spec->dry_rooms ? "" : ", or clearsky with air_temperature_degc");
        return FALSE;
    }
    g_autofree char *wkey = NULL;
    const fs_weather *w = site_weather(sc, spec, cache, start_year(spec), &wkey, error);
    if (!w)
        return FALSE;
    spec->outdoor_degc = w->temp_air_degc;  /* borrowed from the cache, as the weather is */
    spec->weather_tz_h = w->tz_h;
    if (spec->cooling && spec->cooling->needs_wet_bulb && !wet_bulb_year(sc, spec, w, error))
        return FALSE;
    if (spec->cooling && !fs_cooling_check_weather(spec->cooling, w->temp_air_degc, spec->wet_bulb_degc, w->path,
                                                   fs_scenario_display_name(sc), error))
        return FALSE;
    if (spec->heat && !fs_heat_check_weather(spec->heat, w->temp_air_degc, w->path, fs_scenario_display_name(sc), error))
        return FALSE;
    if (spec->dry_rooms) {
        /* the dryers need every hour's humidity */
        g_autofree char *room = g_strconcat("dry_room ", g_array_index(spec->dry_rooms, fs_dry_room, 0).name, NULL);
        if (!require_dew_point(sc, w, room, "room_dew_point_degc", "a dry room", error))
            return FALSE;
        spec->dew_point_degc = w->dew_point_degc;
        spec->pressure_mbar = w->pressure_mbar;
    }
    return TRUE;
}

static gboolean read_wind(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache, GError **error)
{
    g_auto(GStrv) turbines = fs_scenario_groups_of_kind(sc, "wind");
    if (!turbines[0])
        return TRUE;
    g_autofree char *wkey = NULL;
    const fs_weather *w = site_weather(sc, spec, cache, start_year(spec), &wkey, error);
    if (!w)
        return FALSE;
    spec->wind_kw = g_new0(double, FS_WEATHER_HOURS);
    spec->weather_tz_h = w->tz_h;  /* the hours of the weather year are its local standard time */
    for (int i = 0; turbines[i]; i++) {
        fs_wind_turbines t;
        if (!fs_wind_parse(sc, turbines[i], &t, error))
            return FALSE;
        g_autofree double *kw = fs_wind_hourly_kw(&t, w);
        for (int h = 0; h < FS_WEATHER_HOURS; h++)
            spec->wind_kw[h] += kw[h];
        spec->wind_rated_kw += t.count * t.rated_kw;
        fs_wind_clear(&t);
    }
    if (spec->wind_rated_kw == 0.0)  /* count = 0 everywhere: no wind (a sweep's reference) */
        g_clear_pointer(&spec->wind_kw, g_free);
    return TRUE;
}

/* PV for every calendar year the run touches, in the weather's local
 * time (pv.h: each its own sun; the typical year's weather by date). */
/* Hour k of calendar year `year` in a zone of tz_h begins at
 * year_start_unix_s + 3600 k. */
static double year_start_unix_s(int year, double tz_h)
{
    return (double)fs_days_from_civil(year, 1, 1) * 86400.0 - tz_h * 3600.0;
}

/* The hours of year in [from_unix_s, to_unix_s), both on the hour of that
 * zone, as [from, to) hour indices of the year, clamped to it. */
static void hours_of_year(int year, double tz_h, double from_unix_s, double to_unix_s, int *from, int *to)
{
    double y0_unix_s = year_start_unix_s(year, tz_h);
    *from = MAX(0, (int)lround((from_unix_s - y0_unix_s) / 3600.0));
    *to = MIN(fs_pv_hours_in_year(year), (int)lround((to_unix_s - y0_unix_s) / 3600.0));
}

static gboolean read_pv(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache, double horizon_s,
                        double reach_s, GError **error)
{
    g_auto(GStrv) arrays = fs_scenario_groups_of_kind(sc, "pv");
    if (!arrays[0])
        return TRUE;
    g_autofree char *wkey = NULL;
    const fs_weather *w = site_weather(sc, spec, cache, start_year(spec), &wkey, error);
    if (!w)
        return FALSE;
    spec->weather_tz_h = w->tz_h;
    /* the run's hours and the reach past its end, whole hours: the sun's
     * position (a quarter of a short run's time) is found for these alone */
    int y0 = year_at(spec->start_unix_s, w->tz_h), y1 = year_at(spec->start_unix_s + horizon_s + reach_s, w->tz_h);
    double from_unix_s = spec->start_unix_s, to_unix_s = spec->start_unix_s + horizon_s + reach_s;
    double base_unix_s = year_start_unix_s(y0, w->tz_h);
    spec->pv_from_unix_s = base_unix_s + 3600.0 * floor((from_unix_s - base_unix_s) / 3600.0);
    spec->pv_to_unix_s = base_unix_s + 3600.0 * (floor((to_unix_s - base_unix_s) / 3600.0) + 1.0);
    spec->pv_first_year = y0;
    spec->pv_n_years = (guint)(y1 - y0 + 1);
    spec->pv_kw_by_year = g_new0(double *, spec->pv_n_years);
    for (guint y = 0; y < spec->pv_n_years; y++)
        spec->pv_kw_by_year[y] = g_new0(double, fs_pv_hours_in_year(y0 + (int)y));
    for (int i = 0; arrays[i]; i++) {
        fs_pv_array a;
        if (!fs_pv_parse(sc, arrays[i], &a, error))
            return FALSE;
        for (guint y = 0; y < spec->pv_n_years && a.dc_kwp > 0.0; y++) {
            int year = y0 + (int)y, from_hour, to_hour;
            hours_of_year(year, w->tz_h, spec->pv_from_unix_s, spec->pv_to_unix_s, &from_hour, &to_hour);
            g_autofree char *pkey = g_strdup_printf("pv:%s:%d:%d:%d:%.17g:%.17g:%.17g:%.17g:%.17g:%.17g:%.17g:%d:%d",
                                                    wkey, year, from_hour, to_hour, a.tilt_deg, a.azimuth_deg, a.dc_ac_ratio, a.gamma_per_degc,
                                                    a.losses_frac, a.inverter_eta_nominal, a.albedo, a.hay_davies,
                                                    a.iam_all);
            pv_req pr = {&a, w, year, from_hour, to_hour};
            const double *per_kwp = fs_spec_cache_get(cache, pkey, make_pv_profile, &pr, g_free, error);
            for (int h = 0; h < fs_pv_hours_in_year(year); h++)
                spec->pv_kw_by_year[y][h] += a.dc_kwp * per_kwp[h];
        }
        spec->pv_dc_kwp += a.dc_kwp;
        fs_pv_clear(&a);
    }
    if (spec->pv_dc_kwp == 0.0)  /* kwp = 0 everywhere: no PV (a sweep's reference) */
        free_pv(spec);
    return TRUE;
}

static gboolean read_periods(const fs_scenario *sc, const char *key, const fs_tariff *t, gboolean *out, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(sc, "battery", key, FALSE, &text, error))
        return FALSE;
    if (!text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *name = g_strstrip(items[i]);
        guint p = 0;
        while (p < t->n_periods && strcmp(t->period_name[p], name) != 0)
            p++;
        if (p == t->n_periods) {
            fs_scenario_error_at(sc, error, "battery", key, "'%s' is not a tariff period", name);
            return FALSE;
        }
        out[p] = TRUE;
    }
    return TRUE;
}

static const char *const dispatch_names[] = {"none", "self_consumption", "tou_arbitrage", "peak_shaving", "combined",
                                             "optimal", NULL};
static const char *const forecast_names[] = {"perfect", "persistence_day", "persistence_week", NULL};

/* A name of names[] (NULL-terminated) into *out; else the key's error with a suggestion. */
static gboolean pick_name(const fs_scenario *sc, const char *key, const char *value, const char *const *names,
                          int *out, GError **error)
{
    int i = 0;
    while (names[i] && strcmp(names[i], value) != 0)
        i++;
    if (names[i]) {
        *out = i;
        return TRUE;
    }
    GString *m = g_string_new("must be one of");
    for (int k = 0; names[k]; k++)
        g_string_append_printf(m, "%s %s", k ? "," : "", names[k]);
    fs_suggest_append(m, value, names);
    fs_scenario_error_at(sc, error, "battery", key, "%s", m->str);
    g_string_free(m, TRUE);
    return FALSE;
}

/* dispatch = optimal and peak_target_kw = auto: the plan's clock and forecast. */
static gboolean read_planning(const fs_scenario *sc, fs_site_spec *spec, const char *forecast, GError **error)
{
    fs_battery_spec *b = &spec->battery;
    double step_s = spec->billing_interval_s;
    if (spec->has_tariff && spec->tariff.demand_window_min * 60.0 > step_s)
        step_s = spec->tariff.demand_window_min * 60.0;
    if (!fs_scenario_get_duration_s(sc, "battery", "replan", FALSE, 3600.0, 0, TRUE, &b->replan_s, error)
        || !fs_scenario_get_duration_s(sc, "battery", "horizon", FALSE, 48 * 3600.0, 0, TRUE, &b->plan_horizon_s, error))
        return FALSE;
    gboolean plans = b->dispatch == FS_DISPATCH_OPTIMAL, autos = b->peak_target_auto;
    const char *unused = !plans && fs_scenario_has(sc, "battery", "replan") ? "replan"
                         : !plans && fs_scenario_has(sc, "battery", "horizon") ? "horizon"
                         : !plans && !autos && forecast ? "forecast" : NULL;
    if (unused) {
        fs_scenario_error_at(sc, error, "battery", unused, "is for dispatch = optimal%s; this battery's dispatch is %s",
                             g_str_equal(unused, "forecast") ? " or peak_target_kw = auto" : "",
                             dispatch_names[b->dispatch]);
        return FALSE;
    }
    if (plans && !spec->has_tariff) {
        fs_scenario_error_at(sc, error, "battery", "dispatch", "optimal plans against the bill: it needs a [tariff]");
        return FALSE;
    }
    if (plans && fmod(b->replan_s, step_s) != 0.0) {
        fs_scenario_error_at(sc, error, "battery", "replan", "%g min: the plan changes at whole billing intervals and "
                             "demand windows (%g min)", b->replan_s / 60.0, step_s / 60.0);
        return FALSE;
    }
    if (plans && b->plan_horizon_s < b->replan_s) {
        fs_scenario_error_at(sc, error, "battery", "horizon", "%g h is shorter than replan (%g h): the plan must reach "
                             "the next one", b->plan_horizon_s / 3600.0, b->replan_s / 3600.0);
        return FALSE;
    }
    int f = FS_FORECAST_PERFECT;
    if (forecast && !pick_name(sc, "forecast", forecast, forecast_names, &f, error))
        return FALSE;
    b->forecast = (fs_forecast)f;
    return TRUE;
}

static gboolean read_battery(const fs_scenario *sc, fs_site_spec *spec, GError **error)
{
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), "battery"))
        return TRUE;
    fs_battery_spec *b = &spec->battery;
    g_autofree char *dispatch = NULL, *target = NULL, *forecast = NULL;
    gint64 levels;
    /* 0 kWh: no battery (a sweep's reference point), or with [second_life]
     * a bank that only second-life packs fill */
    gboolean packs = g_key_file_has_group(fs_scenario_keyfile(sc), "second_life");
    if (!fs_scenario_get_number(sc, "battery", "capacity_kwh", TRUE, 0, 0.0, 1e9, &b->capacity_kwh, error)
        || !fs_scenario_get_number(sc, "battery", "charge_kw", FALSE, 0.5 * b->capacity_kwh, 0, 1e9, &b->charge_kw, error)
        || !fs_scenario_get_number(sc, "battery", "discharge_kw", FALSE, b->charge_kw, 0, 1e9, &b->discharge_kw, error)
        || !fs_scenario_get_number(sc, "battery", "charge_efficiency", FALSE, 0.95, 0.01, 1, &b->charge_eff_frac, error)
        || !fs_scenario_get_number(sc, "battery", "discharge_efficiency", FALSE, 0.95, 0.01, 1, &b->discharge_eff_frac, error)
        || !fs_scenario_get_number(sc, "battery", "soc_min", FALSE, 0.05, 0, 1, &b->soc_min_frac, error)
        || !fs_scenario_get_number(sc, "battery", "soc_max", FALSE, 0.95, 0, 1, &b->soc_max_frac, error)
        || !fs_scenario_get_number(sc, "battery", "initial_soc", FALSE, 0.5, 0, 1, &b->initial_soc_frac, error)
        || !fs_scenario_get_number(sc, "battery", "self_discharge_per_month", FALSE, 0.02, 0, 1, &b->self_discharge_per_month_frac, error)
        || !fs_scenario_get_number(sc, "battery", "soh_initial", FALSE, 1, 0.01, 1, &b->soh_initial_frac, error)
        || !fs_scenario_get_number(sc, "battery", "calendar_fade_per_year", FALSE, 0.01, 0, 1, &b->calendar_fade_per_year_frac, error)
        || !fs_scenario_get_number(sc, "battery", "cycle_fade_per_efc", FALSE, 1e-4, 0, 1, &b->cycle_fade_per_efc_frac, error)
        || !fs_scenario_get_string(sc, "battery", "dispatch", FALSE, &dispatch, error)
        || !fs_scenario_get_string(sc, "battery", "peak_target_kw", FALSE, &target, error)
        || !fs_scenario_get_string(sc, "battery", "forecast", FALSE, &forecast, error)
        || !fs_scenario_get_bool(sc, "battery", "dp_bound", FALSE, &b->dp_bound, error)
        || !fs_scenario_get_bool(sc, "battery", "optimal_bound", FALSE, &b->optimal_bound, error)
        || !fs_scenario_get_int(sc, "battery", "dp_levels", FALSE, 101, 2, 100000, &levels, error))
        return FALSE;
    b->dp_levels = (guint)levels;
    if (!(b->soc_min_frac < b->soc_max_frac) || b->initial_soc_frac < b->soc_min_frac || b->initial_soc_frac > b->soc_max_frac) {
        fs_scenario_error_at(sc, error, "battery", "initial_soc", "need soc_min < soc_max and initial_soc between them");
        return FALSE;
    }
    b->dispatch = FS_DISPATCH_SELF_CONSUMPTION;
    if (dispatch) {
        int i = 0;
        if (!pick_name(sc, "dispatch", dispatch, dispatch_names, &i, error))
            return FALSE;
        b->dispatch = (fs_dispatch)i;
    }
    b->peak_target_kw = INFINITY;
    b->peak_target_auto = target && g_str_equal(target, "auto");
    if (b->peak_target_auto && b->dispatch != FS_DISPATCH_PEAK_SHAVING && b->dispatch != FS_DISPATCH_COMBINED) {
        fs_scenario_error_at(sc, error, "battery", "peak_target_kw", "auto is for dispatch = peak_shaving or combined "
                             "(this battery's is %s)", dispatch_names[b->dispatch]);
        return FALSE;
    }
    if (target && !b->peak_target_auto
        && (!fs_units_parse_number(target, &b->peak_target_kw) || b->peak_target_kw < 0)) {
        fs_scenario_error_at(sc, error, "battery", "peak_target_kw", "must be a power >= 0 kW, or auto (each "
                             "month's lowest limit the battery can hold)");
        return FALSE;
    }
    if (!read_planning(sc, spec, forecast, error))
        return FALSE;
    if (b->dispatch == FS_DISPATCH_PEAK_SHAVING && !target) {
        fs_scenario_error_at(sc, error, "battery", "peak_target_kw", "missing; peak_shaving needs a target");
        return FALSE;
    }
    if ((b->dispatch == FS_DISPATCH_TOU_ARBITRAGE || b->dp_bound) && !spec->has_tariff) {
        fs_scenario_error_at(sc, error, "battery", "dispatch", "needs a [tariff] for its prices");
        return FALSE;
    }
    if (!read_periods(sc, "charge_periods", &spec->tariff, b->charge_period, error)
        || !read_periods(sc, "discharge_periods", &spec->tariff, b->discharge_period, error))
        return FALSE;
    /* every key is checked either way; 0 kWh without packs is no battery */
    spec->has_battery = b->capacity_kwh > 0.0 || packs;
    return TRUE;
}

/* [site] or [battery] optimal_bound (dispatch_lp.h): the least bill any
 * dispatch of the battery, the hydrogen chain and the heat stores could
 * reach. Refused where it cannot be computed rather than left NaN. */
static gboolean read_optimal_bound(const fs_scenario *sc, fs_site_spec *spec, GError **error)
{
    gboolean at_site = FALSE;
    if (!fs_scenario_get_bool(sc, "site", "optimal_bound", FALSE, &at_site, error))
        return FALSE;
    const char *group = at_site ? "site" : "battery";
    spec->optimal_bound = at_site || (spec->has_battery && spec->battery.optimal_bound);
    if ((at_site || spec->battery.optimal_bound) && !spec->has_tariff) {
        fs_scenario_error_at(sc, error, group, "optimal_bound", "the optimal bound is the least bill: it needs a "
                             "[tariff]");
        return FALSE;
    }
    if (spec->optimal_bound && spec->has_second_life) {
        fs_scenario_error_at(sc, error, group, "optimal_bound", "second-life packs join and leave the bank during "
                             "the run, which the optimal bound's program cannot follow: remove the key or the "
                             "[second_life] group");
        return FALSE;
    }
    return TRUE;
}

/* [second_life]: packs from vehicles joining the [battery] bank. */
static gboolean read_second_life(const fs_scenario *sc, fs_site_spec *spec, GError **error)
{
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), "second_life"))
        return TRUE;
    fs_second_life_spec *l = &spec->second_life;
    gint64 max_packs;
    if (!spec->has_battery) {
        fs_scenario_error_at(sc, error, "second_life", "pack_kwh",
                             "second-life packs join the site's battery bank: add a [battery] group "
                             "(capacity_kwh = 0 for a bank made of second-life packs only)");
        return FALSE;
    }
    if (!fs_scenario_get_dist(sc, "second_life", "interarrival", TRUE, TRUE, &l->interarrival, error)
        || !fs_scenario_get_dist(sc, "second_life", "soh", TRUE, FALSE, &l->soh, error)
        || !fs_scenario_get_number(sc, "second_life", "pack_kwh", TRUE, 0, 1e-6, 1e9, &l->pack_kwh, error)
        || !fs_scenario_get_number(sc, "second_life", "pack_kw", FALSE, 0.5 * l->pack_kwh, 0, 1e9, &l->pack_kw, error)
        || !fs_scenario_get_number(sc, "second_life", "min_soh", FALSE, 0.3, 0, 1, &l->min_soh_frac, error)
        || !fs_scenario_get_number(sc, "second_life", "max_soh", FALSE, 0.8, 0, 1, &l->max_soh_frac, error)
        || !fs_scenario_get_number(sc, "second_life", "fade_per_year", FALSE, 0.05, 0, 1, &l->fade_per_year_frac, error)
        || !fs_scenario_get_number(sc, "second_life", "retire_soh", FALSE, l->min_soh_frac, 0, 1,
                                   &l->retire_soh_frac, error)
        || !fs_scenario_get_int(sc, "second_life", "max_packs", FALSE, 1000, 0, 1000000, &max_packs, error))
        return FALSE;
    if (!(l->min_soh_frac < l->max_soh_frac)) {
        fs_scenario_error_at(sc, error, "second_life", "max_soh", "must be above min_soh (%g): packs between the two "
                             "go to second life", l->min_soh_frac);
        return FALSE;
    }
    if (!(fs_dist_mean(&l->interarrival) > 0.0)) {
        fs_scenario_error_at(sc, error, "second_life", "interarrival", "the mean time between packs must be > 0");
        return FALSE;
    }
    l->max_packs = (guint)max_packs;
    spec->has_second_life = TRUE;
    return TRUE;
}

/* No grid emits more than about 1.1 kg CO2/kWh (lignite); 2 leaves room
 * for a stated worst case and still refuses a typo of 50. */
#define MAX_GRID_KG_PER_KWH 2.0

static gboolean read_carbon(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache,
                            GError **error)
{
    g_autofree char *factor = NULL, *csv = NULL, *col = NULL;
    if (!fs_scenario_get_string(sc, "site", "grid_factor", FALSE, &factor, error)
        || !fs_scenario_get_string(sc, "site", "carbon_csv", FALSE, &csv, error)
        || !fs_scenario_get_string(sc, "site", "carbon_csv_column", FALSE, &col, error))
        return FALSE;
    spec->carbon.grid_kg_per_kwh = 0.5366;
    if (factor && fs_units_parse_number(factor, &spec->carbon.grid_kg_per_kwh)
        && !(spec->carbon.grid_kg_per_kwh >= 0.0 && spec->carbon.grid_kg_per_kwh <= MAX_GRID_KG_PER_KWH)) {
        fs_scenario_error_at(sc, error, "site", "grid_factor",
                             "must be kg CO2/kWh from 0 to %g (the dirtiest grids, on coal and lignite, emit about 1.1)",
                             MAX_GRID_KG_PER_KWH);
        return FALSE;
    }
    if (factor && !fs_units_parse_number(factor, &spec->carbon.grid_kg_per_kwh)) {
        gboolean found = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS(grid_factors); i++)
            if (strcmp(factor, grid_factors[i].name) == 0) {
                spec->carbon.grid_kg_per_kwh = grid_factors[i].kg_per_kwh;
                found = TRUE;
            }
        if (!found) {
            fs_scenario_error_at(sc, error, "site", "grid_factor",
                                 "must be kg CO2/kWh or one of china_2022, uk_2023, china_iea_2018, uk_iea_2018");
            return FALSE;
        }
    }
    if (csv) {
        /* hourly intensity for a typical year: 8760 rows */
        year_req r = {sc, "carbon_csv", csv, col ? col : "kg_per_kwh", ','};
        if (!read_delimiter(sc, "carbon_csv_delimiter", &r.delimiter, error))
            return FALSE;
        g_autofree char *path = data_path(sc, "carbon_csv", csv);
        g_autofree char *ck = g_strdup_printf("year:%s:%s:%c", path, r.column, r.delimiter);
        spec->carbon.hourly_kg_per_kwh = fs_spec_cache_get(cache, ck, make_year, &r, g_free, error);
        if (!spec->carbon.hourly_kg_per_kwh)
            return FALSE;
    }
    double mean = spec->carbon.grid_kg_per_kwh;
    if (spec->carbon.hourly_kg_per_kwh) {
        mean = 0;
        for (int h = 0; h < 8760; h++)
            mean += spec->carbon.hourly_kg_per_kwh[h] / 8760.0;
    }
    g_autofree char *covers = NULL;
    if (!fs_scenario_get_number(sc, "site", "carbon_price_per_t", FALSE, NAN, 0, 1e5, &spec->carbon.price_per_t, error)
        || !fs_scenario_get_string(sc, "site", "carbon_price_covers", FALSE, &covers, error))
        return FALSE;
    static const char *const cover_names[] = {"scope1", "scope1_2_location", "scope1_2_market"};
    spec->carbon.covers = FS_CARBON_PRICED_SCOPE1;
    if (covers) {
        gboolean found = FALSE;
        for (int i = 0; i < 3; i++)
            if (strcmp(covers, cover_names[i]) == 0) {
                spec->carbon.covers = (fs_carbon_priced)i;
                found = TRUE;
            }
        if (!found || isnan(spec->carbon.price_per_t)) {
            fs_scenario_error_at(sc, error, "site", "carbon_price_covers",
                                 found ? "goes with carbon_price_per_t, which is not given"
                                       : "must be scope1, scope1_2_location or scope1_2_market");
            return FALSE;
        }
    }
    fs_carbon_spec *c = &spec->carbon;
    if (!fs_scenario_get_number(sc, "site", "certificates_kwh_per_year", FALSE, 0, 0, 1e15, &c->certificates_kwh_per_year, error)
        || !fs_scenario_get_number(sc, "site", "ppa_kwh_per_year", FALSE, 0, 0, 1e15, &c->ppa_kwh_per_year, error)
        || !fs_scenario_get_number(sc, "site", "supplier_kg_per_kwh", FALSE, mean, 0, 10, &c->supplier_kg_per_kwh, error)
        || !fs_scenario_get_bool(sc, "site", "hourly_matching", FALSE, &c->hourly_matching, error)
        || !fs_scenario_get_number(sc, "site", "grid_cfe_share", FALSE, 0, 0, 1, &c->grid_cfe_share, error)
        || !fs__site_read_profile(sc, "site", "ppa_profile_hour", c->ppa_profile_hour, 24, error)
        || !fs__site_read_profile(sc, "site", "ppa_profile_month", c->ppa_profile_month, 12, error))
        return FALSE;
    gboolean shaped = fs_scenario_has(sc, "site", "ppa_profile_hour") || fs_scenario_has(sc, "site", "ppa_profile_month");
    if (shaped && !(c->ppa_kwh_per_year > 0.0)) {
        fs_scenario_error_at(sc, error, "site", fs_scenario_has(sc, "site", "ppa_profile_hour") ? "ppa_profile_hour"
                             : "ppa_profile_month", "shapes the PPA's delivery; give ppa_kwh_per_year > 0");
        return FALSE;
    }
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    c->ppa_norm = 0.0;
    for (int m = 0; m < 12; m++)
        for (int h = 0; h < 24; h++)
            c->ppa_norm += days[m] * c->ppa_profile_month[m] * c->ppa_profile_hour[h];
    if (c->ppa_kwh_per_year > 0.0 && !(c->ppa_norm > 0.0)) {
        fs_scenario_error_at(sc, error, "site", "ppa_profile_hour", "the PPA's profile is zero all year: it would "
                             "deliver nothing of its ppa_kwh_per_year");
        return FALSE;
    }
    c->hourly_matching |= shaped || fs_scenario_has(sc, "site", "grid_cfe_share");
    return TRUE;
}

static gboolean read_loads_and_fuels(const fs_scenario *sc, fs_site_spec *spec, fs_spec_cache *cache, const fs_local_time *start,
                                     double horizon_s, GError **error)
{
    g_auto(GStrv) loads = fs_scenario_groups_of_kind(sc, "load");
    spec->aux = g_array_new(FALSE, TRUE, sizeof(fs_aux_load));
    for (int i = 0; loads[i]; i++) {
        g_autofree char *group = g_strconcat("load ", loads[i], NULL);
        fs_aux_load a;
        if (!fs_scenario_get_number(sc, group, "power_kw", TRUE, 0, 0, 1e9, &a.power_kw, error)
            || !fs__site_read_profile(sc, group, "profile_hour", a.profile_hour, 24, error)
            || !fs__site_read_profile(sc, group, "profile_weekday", a.profile_weekday, 7, error))
            return FALSE;
        g_array_append_val(spec->aux, a);
    }
    g_auto(GStrv) fuels = fs_scenario_groups_of_kind(sc, "fuel");
    for (int i = 0; fuels[i]; i++) {
        g_autofree char *group = g_strconcat("fuel ", fuels[i], NULL);
        double q, f;
        if (!fs_scenario_get_number(sc, group, "quantity_per_year", TRUE, 0, 0, 1e15, &q, error)
            || !fs_scenario_get_number(sc, group, "kg_co2_per_unit", TRUE, 0, 0, 1e6, &f, error))
            return FALSE;
        spec->carbon.scope1_kg_per_year += q * f;
    }
    g_autofree char *csv = NULL, *col = NULL, *align = NULL;
    fs_series_options o = {.allow_negative = TRUE};
    if (!fs_scenario_get_string(sc, "site", "load_csv", FALSE, &csv, error)
        || !fs_scenario_get_string(sc, "site", "load_csv_column", FALSE, &col, error)
        || !read_delimiter(sc, "load_csv_delimiter", &o.delimiter, error)
        || !fs_scenario_get_bool(sc, "site", "load_csv_interval_ending", FALSE, &o.interval_ending, error)
        || !fs_scenario_get_string(sc, "site", "load_csv_align", FALSE, &align, error))
        return FALSE;
    if (align && strcmp(align, "none") != 0) {
        if (strcmp(align, "repeat") == 0)
            o.align = FS_ALIGN_REPEAT;
        else if (strcmp(align, "shift_year") == 0)
            o.align = FS_ALIGN_SHIFT_YEAR;
        else {
            fs_scenario_error_at(sc, error, "site", "load_csv_align", "must be none, repeat or shift_year");
            return FALSE;
        }
    }
    if (csv) {
        o.column = col ? col : "kw";
        fs_time_series *x = cached_series(sc, cache, "load_csv", csv, &o, start, horizon_s, error);
        if (!x)
            return FALSE;
        spec->n_metered = x->n;
        spec->metered_t_s = x->t_s;
        spec->metered_kw = x->v;
    } else if (col || align || fs_scenario_has(sc, "site", "load_csv_delimiter")
               || fs_scenario_has(sc, "site", "load_csv_interval_ending")) {
        fs_scenario_error_at(sc, error, "site", col ? "load_csv_column" : align ? "load_csv_align" : "load_csv_delimiter",
                             "describes load_csv, which is not given");
        return FALSE;
    }
    return TRUE;
}

/* dispatch = optimal plans the heat stores with the battery (planner.h):
 * a store's own rule (who charges it and when) would be overruled, so it
 * is refused rather than ignored. */
static gboolean read_heat_plan(const fs_scenario *sc, fs_site_spec *spec, GError **error)
{
    spec->plan_heat = spec->has_battery && spec->battery.dispatch == FS_DISPATCH_OPTIMAL && spec->heat
                      && spec->heat->stores->len > 0;
    for (guint t = 0; spec->plan_heat && t < spec->heat->stores->len; t++) {
        const fs_heat_store *st = &g_array_index(spec->heat->stores, fs_heat_store, t);
        if (st->n_charge_from == 0)
            continue;
        g_autofree char *group = g_strdup_printf("heat_store %s", st->name);
        fs_scenario_error_at(sc, error, group, "charge_from",
                             "is the store's rule; with [battery] dispatch = optimal the rolling plan charges and "
                             "discharges it (from the heat its level rejects and the level's electric boilers and "
                             "heat pumps): remove charge_from, charge_hour and charge_from_surplus");
        return FALSE;
    }
    return TRUE;
}

/* The hydrogen chain (hydrogen.h). The optimal bound and the rolling plan
 * include it (dispatch_lp.h, planner.h); the monthly limit is the
 * battery's own (the fuel cell then only lowers the imports further); the
 * DP bound is the battery's energy-only cross-check and does not: refused
 * beside it rather than computed for a different site. */
static gboolean read_hydrogen(const fs_scenario *sc, fs_site_spec *spec, GError **error)
{
    if (!fs_hydrogen_spec_from_scenario(sc, &spec->hydrogen, &spec->has_hydrogen, error))
        return FALSE;
    if (spec->has_hydrogen && spec->has_battery && spec->battery.dp_bound) {
        fs_scenario_error_at(sc, error, "battery", "dp_bound", "the DP bound is the battery's energy-only "
                             "cross-check and leaves out the hydrogen chain ([electrolyser], [hydrogen_tank], "
                             "[fuel_cell]), so it would bound a different site; optimal_bound = true includes it");
        return FALSE;
    }
    return TRUE;
}

fs_site_spec *fs_site_spec_from_scenario(const fs_scenario *sc, const fs_settings *settings, fs_spec_cache *cache,
                                         const GArray *machine_heat_levels, double signal_reach_s, GError **error)
{
    g_return_val_if_fail(signal_reach_s >= 0.0, NULL);
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), "site"))
        return NULL;
    const fs_local_time *start = &settings->start;
    fs_site_spec *spec = g_new0(fs_site_spec, 1);
    if (!cache)
        cache = spec->own_cache = fs_spec_cache_new();
    spec->start_unix_s = start->start_unix_s;
    spec->tz_h = start->utc_offset_s / 3600.0;
    gboolean ok = fs_scenario_get_duration_s(sc, "site", "billing_interval", FALSE, 900, 0, TRUE,
                                             &spec->billing_interval_s, error);
    if (ok && fmod(3600.0, spec->billing_interval_s) != 0.0) {
        fs_scenario_error_at(sc, error, "site", "billing_interval", "must divide an hour (e.g. 1min, 5min, 15min, 30min, 1h)");
        ok = FALSE;
    }
    if (ok && g_key_file_has_group(fs_scenario_keyfile(sc), "tariff")) {
        ok = fs_tariff_parse(sc, &spec->tariff, error);
        spec->has_tariff = ok;
        /* The demand window: whole billing intervals, aligned to the
         * local clock (it divides an hour, or is whole hours dividing a day). */
        double w_s = spec->tariff.demand_window_min * 60.0;
        if (ok && w_s > 0
            && (fmod(w_s, spec->billing_interval_s) != 0.0
                || !(fmod(3600.0, w_s) == 0.0 || (fmod(w_s, 3600.0) == 0.0 && fmod(86400.0, w_s) == 0.0)))) {
            fs_scenario_error_at(sc, error, "tariff", fs_scenario_has(sc, "tariff", "urdb") ? "urdb" : "demand_window_min",
                                 "demand window %g min: it must be a whole number of billing intervals (%g min) and "
                                 "divide an hour or a day (e.g. 15, 30, 60)", spec->tariff.demand_window_min,
                                 spec->billing_interval_s / 60.0);
            ok = FALSE;
        }
    }
    ok = ok && read_loads_and_fuels(sc, spec, cache, start, settings->horizon_s, error) && read_pv(sc, spec, cache, settings->horizon_s, signal_reach_s, error)
         && read_wind(sc, spec, cache, error) && read_heat(sc, spec, cache, machine_heat_levels, error)
         && read_battery(sc, spec, error) && read_heat_plan(sc, spec, error) && read_second_life(sc, spec, error)
         && read_optimal_bound(sc, spec, error)
         && read_carbon(sc, spec, cache, error) && read_hydrogen(sc, spec, error);
    if (!ok) {
        fs_site_spec_free(spec);
        return NULL;
    }
    return spec;
}
