/* planner.h: how the site's battery looks ahead: dispatch = optimal's
 * rolling plan and peak_target_kw = auto's monthly limit, both solved by
 * the optimal-dispatch linear program (dispatch_lp.h) on a forecast.
 *
 * The planner keeps, per billing interval k (k = start / billing interval,
 * from t = 0, warm-up included), what the load and the on-site generation
 * were (kWh), and the month's demand so far: the demand-window averages of
 * the imports (flat and by demand period, kW) and the imports (kWh).
 *
 * Forecasts (battery.h's fs_forecast) of interval j from interval k:
 *   perfect           the run's own intervals, given at creation
 *                     (study/plant.c runs the same streams ahead without
 *                     the battery: nothing the battery does changes the
 *                     load or the generation);
 *   persistence_day   interval j - L x m with L a day of intervals and m
 *   persistence_week  the least that reaches back before k (a week: L =
 *                     7 days); before the run has that much history, the
 *                     last interval recorded, and at t = 0 the power now.
 *
 * The rolling plan (dispatch = optimal): at interval k, every replan, the
 * program over min(horizon, the run's end) with the battery (and the
 * hydrogen chain and heat stores it plans) as it is now,
 * the month's peaks so far as floors on its peaks and its imports so far
 * in its energy tiers; the battery follows the plan's AC power interval by
 * interval (within its limits now), and where demand is charged no more
 * than holds the import at the plan's peak for the month (the peak so far,
 * or the highest the plan imports this month): a forecast that was low
 * discharges more, never raises the month's peak by charging.
 *
 * The monthly limit (peak_target_kw = auto): at the month's first
 * interval, the least largest demand-window import over the rest of the
 * month (or run) the battery can hold from its state now, with the
 * forecast; the rule then holds it (peak_shaving, combined).
 */
#ifndef FS_PLANNER_H
#define FS_PLANNER_H

#include <glib.h>

#include "models/site/battery.h"
#include "models/site/dispatch_lp.h"
#include "models/site/heat.h"
#include "models/site/hydrogen.h"
#include "models/site/tariff.h"

/* The run's intervals ahead for forecast = perfect: n of each, kWh; with
 * heat stores planned, n rows of heat_width (fs_planner_set_heat), else
 * NULL. */
typedef struct {
    const double *load_kwh, *gen_kwh;
    const double *heat_rows;
    guint n, heat_width;
} fs_site_forecast;

typedef struct {
    const fs_tariff *tariff;           /* NULL without one */
    const fs_battery_spec *battery;
    double start_unix_s, utc_offset_s;
    double step_s, window_s;           /* billing interval; demand window */
    double horizon_s;                  /* the run's */
    guint n_run;                       /* intervals in the run */
    GArray *rec_load_kwh, *rec_gen_kwh;/* per interval so far */
    double *fc_load_kwh, *fc_gen_kwh;  /* perfect forecast, owned; NULL */
    guint n_fc;
    /* the month's demand so far */
    int month_key;                     /* year x 12 + month - 1 */
    gint64 win_key;
    double win_kwh, flat_peak_kw, period_peak_kw[FS_TARIFF_MAX_PERIODS], import_kwh;
    /* the rolling plan */
    guint k0, due_k;
    GArray *plan_kwh;                  /* AC charge - discharge per interval from k0 */
    GArray *plan_cap_kw;               /* the import each holds (demand charges; INFINITY: none) */
    const fs_hydrogen_spec *hydrogen;  /* NULL, or the chain the plan includes */
    GArray *plan_elz_kwh, *plan_fc_kwh;/* its electrolyser input and fuel-cell output per interval from k0 */
    /* heat stores in the plan (fs_planner_set_heat): their shape, borrowed;
     * per interval a row of heat_width: the recorded electric suppliers'
     * electricity (kWh, in the load), then per level heat met by them,
     * recovered heat and the stores (net), recovered heat available and
     * demand (kWh), then each supplier's kWh of electricity per kWh of heat */
    const fs_dispatch_lp_heat *heat;
    guint heat_width;
    double heat_hold_cost_per_kwh;     /* currency per kWh a store holds an interval (dispatch_lp.h) */
    GArray *rec_heat;                  /* rows so far; filled by fs_planner_record_heat */
    double *fc_heat;                   /* perfect forecast rows, owned; NULL */
    GArray *plan_store_kwh;            /* each store's charge - discharge per interval from k0 */
    guint n_solves;
    fs_tariff *zero_tariff;            /* windows without a tariff (auto); owned */
} fs_planner;

void fs_planner_init(fs_planner *p, const fs_tariff *tariff, const fs_battery_spec *battery, double start_unix_s,
                     double utc_offset_s, double step_s, double window_s, double horizon_s,
                     const fs_site_forecast *forecast);
void fs_planner_clear(fs_planner *p);
/* The rolling plan includes the hydrogen chain (one with a fuel cell):
 * its electrolyser input and fuel-cell output are the program's variables
 * beside the battery, the electrolyser on the interval's surplus on-site
 * generation only and the fuel cell within its deficit (as the site
 * applies them), and the tank's content at the program's end is worth
 * what its fuel cell would make of it at the program's cheapest energy
 * rate, x 0.999: hydrogen is kept for beyond the horizon only while it is
 * worth more there, and at equal prices it is used rather than kept. */
void fs_planner_set_hydrogen(fs_planner *p, const fs_hydrogen_spec *hydrogen);

/* The rolling plan includes heat stores (docs/models/heat.md): shape gives
 * the levels, the electric suppliers and the stores with their limits
 * (fs_dispatch_lp_heat without per-interval data; borrowed, as are its
 * arrays). The program re-dispatches the stores and their levels' electric
 * suppliers as the optimal bound does, on a forecast of the heat rows
 * (perfect: the forecast's heat_rows; persistence: the rows recorded,
 * like the load); before any row is recorded the stores are planned idle.
 * Stored heat left at the horizon's end is worth nothing to the program
 * (heat stores hold hours, not seasons: a daily horizon sees their cycle). */
void fs_planner_set_heat(fs_planner *p, const fs_dispatch_lp_heat *shape);
/* The heat row of the interval from t_start_s just closed in r
 * (fs_heat_record_close returned elec_kwh); the parts of a split interval
 * add up, the suppliers' electricity per heat is the later part's. */
void fs_planner_record_heat(fs_planner *p, double t_start_s, const fs_heat_record *r, double elec_kwh);

/* The interval holding t_s. */
guint fs_planner_interval(const fs_planner *p, double t_s);
/* An interval (or the part of one) from t_start_s closed with these kWh. */
void fs_planner_record(fs_planner *p, double t_start_s, double load_kwh, double gen_kwh, double import_kwh);

/* Plans from interval k with the battery b (and the tank holding h2_kg
 * with hydrogen, the heat stores holding store_kwh with heat stores);
 * now_load_kw / now_gen_kw: the powers now, for a persistence forecast
 * without history. FALSE with an error naming the program's status when
 * it has no optimum. */
gboolean fs_planner_replan(fs_planner *p, guint k, const fs_battery *b, double h2_kg, const double *store_kwh,
                           double now_load_kw, double now_gen_kw, GError **error);
/* The plan's battery AC power at t_s (> 0 charging), kW, within b's
 * limits now and, with demand charges, holding the import at the plan's
 * peak for the month (counting the plan's fuel-cell output). */
double fs_planner_battery_kw(const fs_planner *p, double t_s, const fs_battery *b, double load_kw,
                             double generation_kw);
/* With hydrogen: the plan's electrolyser input and fuel-cell output at
 * t_s, kW (0 outside the plan). */
void fs_planner_hydrogen_kw(const fs_planner *p, double t_s, double *elz_kw, double *fc_kw);

/* With heat stores: each store's planned power at t_s, kW (> 0 charging;
 * 0 outside the plan), into store_kw (n_stores). */
void fs_planner_heat_kw(const fs_planner *p, double t_s, double *store_kw);

/* peak_target_kw = auto: the lowest limit, kW, for the month from interval
 * k (to its end or the run's). */
gboolean fs_planner_month_limit(fs_planner *p, guint k, const fs_battery *b, double now_load_kw,
                                double now_gen_kw, double *limit_kw, GError **error);

#endif /* FS_PLANNER_H */
