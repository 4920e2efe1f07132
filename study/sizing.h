/* sizing.h: PV and storage sized by one linear program (issue 17): sizes
 * and dispatch as variables over the run's billing intervals, the tariff
 * as in dispatch_lp.h, the objective the life-cycle cost (capital,
 * replacements and O&M from [finance], plus the run's bill as a year
 * escalated and discounted over the analysis years). Metered-load mode:
 * the load is the site's own (a load_csv or profiles), no floor.
 *
 *   LCC(sizes) = PWF_bill x bill_per_year + sum_u c_u x size_u
 *   PWF_bill   = sum_{y=1..N} (1 + e)^(y-1) / (1 + r)^y
 *   c_kWp = capex_per_kwp x R_pv + om_per_kwp_year x PWF
 *   c_kWh = capex_per_kwh x R_batt + om_per_kwh_year x PWF
 *   c_kW  = capex_per_kw x R_batt
 *   PWF = sum_{y=1..N} (1 + r)^-y; R = 1 + the discounted replacements at
 *   each lifetime before year N (finance.h's years; the battery at its
 *   lifetime: the program has no fade, so the run's fade cannot shorten it)
 *   NPV = LCC(no PV, no battery) - LCC(optimum)
 *
 * PV scales the scenario's arrays (their hourly AC energy per kWp DC); the
 * battery keeps the scenario's efficiencies, SoC window as fractions,
 * initial SoC and self-discharge.
 *
 * Wind: whole turbines of the scenario's [wind NAME] group, c_turbine =
 * rated kW x (capex_per_kw_wind x R_wind + om_per_kw_wind_year x PWF). The
 * program's optimum as a function of the count alone is convex (a linear
 * program's value is convex in a bound), so the best whole count is the
 * floor or the ceiling of the relaxed one: both are solved, the better
 * kept. Exact, without branch and bound.
 *
 * Constraints: a budget on the year-0 capital, a cap on location-based
 * Scope 2 (imports x the grid intensity of their hour, per year), and a
 * minimum self-sufficiency (sum of imports <= (1 - f) x sum of load). When
 * no sizes within the bounds meet them, the error names them and their
 * values.
 */
#ifndef FS_SIZING_H
#define FS_SIZING_H

#include <glib.h>

#include "study/plant.h"

typedef struct {
    double pv_kwp_max, battery_kwh_max, battery_kw_max;  /* bounds; 0: not sized */
    double budget;                     /* capital, currency (the year-0 capex); INFINITY: none */
    double scope2_max_kg_per_year;     /* location-based Scope 2 at most; INFINITY: none */
    /* turbines of the scenario's one [wind NAME] group (its curve, hub and
     * losses; count >= 1 there gives the profile per turbine); 0: not sized */
    double wind_max;
    /* the share of the load met on site, 1 - imports / load, at least this; 0: none */
    double self_sufficiency_min;
    /* lower bounds, 0 unless a size is fixed (min = max: the program
     * evaluates those sizes with the optimal dispatch) */
    double pv_kwp_min, battery_kwh_min, battery_kw_min, wind_min;
    gboolean skip_reference;           /* TRUE: lcc_reference and npv left NaN (a grid's points) */
} fs_sizing_bounds;

typedef struct {
    double pv_kwp, battery_kwh, battery_kw;
    double battery_given_kwh;           /* not sized: the scenario's battery, kept as it is (0: none) */
    double wind_count;                  /* whole turbines (see wind_relaxed) */
    double wind_relaxed;                /* the linear program's count before rounding */
    double wind_rated_kw;               /* per turbine */
    double lcc, lcc_reference, npv;     /* currency */
    double bill_per_year;               /* at the optimum, first year */
    double self_sufficiency;            /* 1 - imports / load over the run */
    gboolean pv_at_max, battery_kwh_at_max, battery_kw_at_max, wind_at_max;
    guint n_intervals, n_vars, n_rows;
    double solve_s;
} fs_sizing_result;

/* p: sc's plant. FALSE with an error naming what is missing (a floor, a [tariff], a
 * [pv NAME] when PV is sized, a [battery] when storage is, a [finance])
 * or the program's status. */
gboolean fs_sizing_optimise(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                            fs_sizing_result *out, GError **error);

/* Sizing with a simulated floor (issue 17): the load depends on the
 * floor's random streams, and demand charges on its peaks, so
 *  1. the floor runs `replications` times without its battery; the
 *     program above sizes against the mean load and generation per
 *     interval (the expected load: a lower bound's answer, since a bill
 *     with demand charges is convex in the load);
 *  2. a compass search from that answer (steps a quarter of each bound,
 *     halved to 1% when no move helps; whole turbines) evaluates each
 *     candidate by simulating the scenario with those sizes and its own
 *     dispatch, every candidate on the same replications (point 0,
 *     replication r: common random numbers); a move is taken when the
 *     paired mean life-cycle cost falls;
 *  3. the answer's life-cycle cost, its NPV against nothing built and its
 *     gain over the program's answer, each a paired mean with its 95%
 *     half-width (Student's t over the replications).
 * Life-cycle cost per replication = its bill x the program's bill weight
 * + the sizes' capital, replacements and O&M (as above). PV sized needs
 * exactly one [pv NAME] array, wind one [wind NAME] group. */
typedef struct {
    fs_sizing_bounds bounds;
    guint replications;                /* paired runs per candidate, >= 2 */
    guint max_evaluations;             /* candidates simulated, at most */
} fs_sizing_floor_opts;

typedef struct {
    fs_sizing_result lp;               /* the program on the expected load */
    double pv_kwp, battery_kwh, battery_kw, wind_count;  /* the search's answer */
    gboolean at_max[4];                /* PV, kWh, kW, wind at their bounds */
    double lcc_mean, lcc_half_width;   /* currency, 95% */
    double npv_mean, npv_half_width;   /* against nothing built, paired */
    double gain_over_lp_mean, gain_over_lp_half_width;  /* LCC(program's sizes) - LCC(answer), paired */
    gboolean converged;                /* every step at its smallest and no move helped */
    guint evaluations, replications;
} fs_sizing_floor_result;

gboolean fs_sizing_optimise_floor(const fs_scenario *sc, const fs_sizing_floor_opts *opts, fs_sizing_floor_result *out,
                                  GError **error);

#endif /* FS_SIZING_H */
