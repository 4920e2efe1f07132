/* site.h: the site energy system: load, PV, battery, grid meter, tariff
 * and carbon, decided inside the event loop.
 *
 * Inputs are piecewise constant: the floor's machine power (it tells the
 * site of every change), auxiliary loads by hour and weekday, a metered
 * load series, PV by hour from the weather. At every change of input, at
 * every billing-interval boundary and when the battery reaches a state-of-
 * charge limit (an event computed from its constant charge rate), the site
 * integrates the flows since the last change exactly, then the dispatch
 * rule sets the battery power from the new inputs:
 *
 *   load = PV used + battery discharge + grid import (to load)
 *   PV   = used + charged + exported + curtailed
 *   battery: charge x eta_c - discharge / eta_d - self-discharge - fade = dSoC
 *
 * Each run checks the three balances to 1e-6 relative and fails loudly.
 * The modules: site.c is the meter and its events; tariff.h the bill;
 * battery.h the battery (fade, second life); dispatch.h the rules
 * (self_consumption, tou_arbitrage, peak_shaving, combined;
 * docs/models/site.md) and the perfect-foresight bound
 * (fs_dispatch_dp_cost); carbon.h Scope 1 and 2; pv.h, wind.h, weather.h
 * and solar_position.h the generation. The site never includes the
 * floor: its load arrives through fs_site_external_load.
 */
#ifndef FS_SITE_H
#define FS_SITE_H

#include <glib.h>

#include "sim/spec_cache.h"
#include "models/site/battery.h"
#include "models/site/carbon.h"
#include "models/site/cooling.h"
#include "models/site/dry_room.h"
#include "models/site/heat.h"
#include "models/site/hydrogen.h"
#include "models/site/planner.h"
#include "models/site/tariff.h"
#include "sim/result.h"
#include "sim/scenario.h"
#include "sim/settings.h"
#include "sim/sim.h"

typedef struct {
    double power_kw;
    double profile_hour[24];
    double profile_weekday[7];
} fs_aux_load;

typedef struct {
    double start_unix_s;           /* UTC of t = 0 */
    double tz_h;                   /* the scenario's local offset */
    double billing_interval_s;     /* divides an hour */
    GArray *aux;                   /* fs_aux_load */
    const double *metered_t_s, *metered_kw;  /* borrowed from the cache */
    guint n_metered;
    double **pv_kw_by_year;        /* hourly AC kW (all arrays) of each calendar year of the run in the
                                      weather's local time, from pv_first_year; NULL without PV */
    int pv_first_year;
    guint pv_n_years;
    double pv_from_unix_s, pv_to_unix_s; /* the hours the profiles hold: the run's, and how far past its end the
                                            floor reads the signals (signal_reach_s); 0 elsewhere, never read */
    double pv_dc_kwp;
    double *wind_kw;               /* 8760 hourly kW (all turbines), or NULL */
    double wind_rated_kw;          /* installed: turbines x rated power */
    double weather_tz_h;
    fs_heat_spec *heat;            /* heat demands and suppliers, or NULL; owned */
    fs_cooling_spec *cooling;      /* cooling demands and chillers, or NULL; owned */
    const double *outdoor_degc;    /* 8760 hourly dry-bulb temperatures when heat needs them (borrowed
                                      from the cache), else NULL */
    GArray *dry_rooms;             /* fs_dry_room, or NULL; owned */
    const double *dew_point_degc, *pressure_mbar;  /* 8760 hourly, with dry rooms (borrowed), else NULL */
    double *wet_bulb_degc;         /* 8760 hourly, with a cooling tower (psychro.h), else NULL; owned */
    gboolean has_battery;
    fs_battery_spec battery;
    gboolean has_hydrogen;         /* [electrolyser], [hydrogen_tank], [fuel_cell] */
    fs_hydrogen_spec hydrogen;
    gboolean has_second_life;      /* needs the battery: the bank the packs join */
    fs_second_life_spec second_life;
    gboolean has_tariff;
    fs_tariff tariff;
    /* optimal_total_cost is computed ([site] or [battery] optimal_bound;
     * with a tariff, without second life: dispatch_lp.h) */
    gboolean optimal_bound;
    /* the rolling plan (dispatch = optimal) dispatches the heat stores too
     * (planner.h); the run ahead records their heat rows for it */
    gboolean plan_heat;
    fs_carbon_spec carbon;         /* grid intensity (hourly series borrowed from the cache), Scope 1 */
    gboolean series;               /* record a row per billing interval */
    fs_spec_cache *own_cache;      /* when no shared cache was given; owned */
} fs_site_spec;

/* The groups and keys the site reads ([site], [pv NAME], [battery],
 * [tariff], [load NAME], [carbon], [fuel NAME], [wind NAME],
 * [heat_demand NAME], [heat_supply NAME], [heat_store NAME],
 * [cooling_demand NAME], [chiller NAME], [dry_room NAME], [electrolyser], [hydrogen_tank],
 * [fuel_cell]). */
const fs_scenario_schema *fs_site_scenario_schema(void);

/* NULL without error when the scenario has no [site] group. cache: where
 * weather, PV profiles and series are shared (NULL: a private one).
 * machine_heat_levels: the levels (degC) at which the floor's machines
 * draw heat (fs_floor_spec_heat_levels; NULL: none), demands of the
 * site's heat (heat.h). signal_reach_s: how far past the horizon anyone
 * reads fs_site_spec_signal (a planner's last look-ahead), s >= 0; the
 * spec holds PV for the run's hours and those alone. */
fs_site_spec *fs_site_spec_from_scenario(const fs_scenario *sc, const fs_settings *settings, fs_spec_cache *cache,
                                         const GArray *machine_heat_levels, double signal_reach_s, GError **error);
void fs_site_spec_free(fs_site_spec *spec);

/* The KPI parts a site of spec reports: the energy and carbon books; the
 * bill (with a [tariff]); the battery; second life; heat; cooling; the
 * carbon price; hydrogen; dry rooms; hourly matching. spec NULL: all that a
 * site can have. Fills parts (room for FS_SITE_MAX_KPI_PARTS); returns
 * how many. The bills table and the series log the site fills. */
#define FS_SITE_MAX_KPI_PARTS 10
guint fs_site_kpi_parts(const fs_site_spec *spec, const fs_kpi_part **parts);
const fs_table_schema *fs_site_bills_table(void);
const fs_table_schema *fs_site_bill_lines_table(void);
const fs_table_schema *fs_site_series_log(void);

typedef struct fs_site fs_site;

/* A load the site does not model itself (the factory floor): its power
 * now, kW. The site knows nothing of what draws it; whoever owns both
 * (study/plant.c) wires them, and calls fs_site_external_load_changed
 * after every change of power_kw. */
typedef struct {
    double (*power_kw)(void *data);
    /* the heat it draws now at level_degc, kW (NULL: none); its levels are
     * the machine_heat_levels given to fs_site_spec_from_scenario */
    double (*heat_kw)(void *data, double level_degc);
    /* the electric power now of the stations named (NULL-terminated), kW
     * (NULL: none); a waste-heat supply's `machines` */
    double (*stations_power_kw)(void *data, const char *const *names);
    void *data;
} fs_site_external_load;

/* Builds the site on sim; ext may be NULL (metered-load mode: no floor).
 * ext is copied; its data is borrowed and must outlive the site.
 * forecast: the run's load and generation per billing interval (and, with
 * spec->plan_heat, its heat rows: planner.h), when the spec needs them
 * (fs_site_spec_needs_forecast; copied), else NULL. */
fs_site *fs_site_new(fs_sim *sim, const fs_site_spec *spec, const fs_site_external_load *ext,
                     const fs_site_forecast *forecast);
/* TRUE when the battery plans on a perfect forecast (dispatch = optimal or
 * peak_target_kw = auto with forecast = perfect): whoever runs the site
 * first runs the same streams with fs_site_spec_ahead's copy and hands
 * fs_site_intervals of that run to fs_site_new. */
gboolean fs_site_spec_needs_forecast(const fs_site_spec *spec);
/* A shallow copy of spec without the battery, its bounds or series: the
 * run ahead. Its members are spec's (borrowed): never free it. */
void fs_site_spec_ahead(const fs_site_spec *spec, fs_site_spec *ahead);
/* The load and generation of every billing interval so far, and with
 * spec->plan_heat the heat rows the plan reads (borrowed from the site,
 * valid until it changes or is freed). */
void fs_site_intervals(const fs_site *site, fs_site_forecast *out);
/* The external load has just changed: the site integrates its flows up to
 * now at the power it read last, then reads the new one and re-dispatches. */
void fs_site_external_load_changed(fs_site *site);

/* What a planner may look ahead at (the floor's LAPS shift reads it
 * through the plant): the tariff's import rate (currency/kWh), the grid
 * intensity (kg/kWh) or minus the on-site generation (kW: lower is better
 * for all three), at t_s seconds after the start. The spec must have what
 * is asked (a tariff; an hourly carbon series; PV or wind). */
typedef enum {
    FS_SITE_SIGNAL_PRICE,
    FS_SITE_SIGNAL_CARBON,
    FS_SITE_SIGNAL_ONSITE,
} fs_site_signal;
double fs_site_spec_signal(const fs_site_spec *spec, fs_site_signal kind, double t_s);
void fs_site_free(fs_site *site);
/* Fills the site's KPI parts that out's schema holds, and the bills rows
 * and series. units_completed (NaN without a floor) gives co2_per_unit_kg;
 * bill_lines gets each month's bill line by line. */
void fs_site_collect(fs_site *site, fs_run_result *out, double units_completed, fs_table_rows *bills,
                     fs_table_rows *bill_lines, GArray **series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_site_spec, fs_site_spec_free)

#endif /* FS_SITE_H */
