/* dispatch_lp.h: the optimal dispatch of the battery over a run, as one
 * linear program (docs/models/dispatch.md writes it out): the least total
 * bill any dispatch could have reached with the run's load and on-site
 * generation known in advance. A bound on the rule's total_cost.
 *
 * Per billing interval t (kWh): import, export, curtailment, AC charge and
 * discharge within the power limits, stored energy within the SoC window
 * (s_t = s_{t-1} + eta_c charge - discharge / eta_d - loss_t, loss_t at
 * most the self-discharge); per netting group (the interval, the clock hour
 * or the month's period, by the export rule) the net import and export;
 * the month's billable imports through the energy tiers (cheapest first:
 * the tiers' limits counted over the month, the largest period's limit
 * where periods differ); demand windows' average imports bound the flat
 * peak (raised by the ratchet over earlier months of the run), each demand
 * period's peak and each coincident group's, through their tiers; fixed
 * charges as billed; the minimum charge's top-up. Objective: the total
 * bill (currency).
 *
 * With hydrogen (electrolyser, tank, fuel cell) beside the battery, the
 * chain's flows and tank are variables too (relaxed: see the input); so
 * are heat stores with their level's electric suppliers.
 * Where the model cannot be exact it relaxes (self-discharge as "at most",
 * the capacity at its start without fade, tiers filled cheapest first, no
 * peaks before the run), so the value stays a lower bound. */
#ifndef FS_DISPATCH_LP_H
#define FS_DISPATCH_LP_H

#include <glib.h>

#include "models/site/battery.h"
#include "models/site/hydrogen.h"
#include "models/site/tariff.h"

/* Sizes as variables (REopt's formulation, one program for sizes and
 * dispatch): PV kWp, battery kWh and kW within [0, max], each at a cost
 * per unit in the objective's currency (the caller weighs capital against
 * the run's bill; study/sizing.c). The battery's SoC window, initial SoC
 * and self-discharge scale with its kWh; its charge and discharge with its
 * kW. */
typedef struct {
    const double *pv_kwh_per_kwp;     /* per interval: the AC energy of 1 kWp */
    const double *wind_kwh_per_unit;  /* per interval: the AC energy of one turbine; NULL: no wind */
    double pv_kwp_min, battery_kwh_min, battery_kw_min, wind_min;  /* lower bounds (0 unless fixed) */
    double pv_kwp_max, battery_kwh_max, battery_kw_max, wind_max;  /* wind: turbines, continuous here */
    double cost_per_kwp, cost_per_kwh, cost_per_kw, cost_per_wind;
    /* FALSE: the battery is not sized but stays as given (the input's
     * battery, capacity_kwh and soc0_kwh, its own charge and discharge
     * limits; no capacity: none), its kWh and kW sizes held at 0 */
    gboolean battery_sized;
    /* Constraints (INFINITY: none): capital within budget (capex per unit
     * x sizes); location-based Scope 2 over the intervals, sum of import x
     * import_kg_per_kwh, at most scope2_max_kg; the imports' sum at most
     * import_max_kwh (a minimum self-sufficiency). */
    double capex_per_kwp, capex_per_kwh, capex_per_kw, capex_per_wind, budget;
    const double *import_kg_per_kwh;
    double scope2_max_kg;
    double import_max_kwh;
    /* out */
    double pv_kwp, battery_kwh, battery_kw, wind;
    double import_kwh_total;
} fs_dispatch_lp_sizing;

/* Heat stores dispatched beside the battery (heat.h; not with sizing).
 * Per interval i and level l (levels with a store): heat_kwh[i n_levels + l]
 * is met by the level's electric suppliers q_e (each within max_kw x the
 * interval's hours; its electricity elec_per_heat[i n_elec + e] x q_e is in
 * the interval's load), by recovered heat (at most waste_kwh[i n_levels +
 * l]) and by the stores' discharge less their charge. Each store's content
 * E stays within [0, capacity_kwh] from e0_kwh, its charge and discharge
 * within max_kw, the level's stores' discharge within its demand
 * (demand_kwh: a store serves demand, as in the run); E = E_prev + charge - discharge - loss with the loss at
 * least (1 - e^(-k h)) E_prev - k h discharge (and 0): no path with those
 * flows loses less, so the value stays a lower bound. load_kwh then leaves
 * out those suppliers' electricity; fuel-fired suppliers keep the run's
 * output (outside heat_kwh; a CHP's electricity stays in gen_kwh). */
typedef struct {
    guint n_levels, n_elec, n_stores;
    const guint *elec_level, *store_level;    /* index into the levels */
    const double *elec_max_kw;                /* n_elec */
    const double *store_capacity_kwh, *store_max_kw, *store_loss_per_h, *store_e0_kwh;  /* n_stores */
    const double *heat_kwh, *waste_kwh, *demand_kwh;  /* n x n_levels */
    const double *elec_per_heat;              /* n x n_elec: kWh of electricity per kWh of heat */
    double *store_net_kwh;                    /* NULL, or out: n x n_stores, each store's charge - discharge */
    /* currency per kWh a store holds at an interval's end: 0 for the bound;
     * the rolling plan's tie-break (use heat now rather than later at the
     * same price, else each plan would put it off to the next) */
    double hold_cost_per_kwh;
    /* FALSE (the bound): the loss row above, true of any path inside an
     * interval. TRUE (the plan, whose flows the site holds constant over
     * each interval): the exact content of constant flows, E = a E_prev +
     * (charge - discharge) (1 - a) / (k h) with a = e^(-k h), so that the
     * plan never counts on heat the store will have lost. */
    gboolean constant_flows;
} fs_dispatch_lp_heat;

typedef struct {
    const fs_tariff *tariff;
    const fs_battery_spec *battery;   /* NULL: no battery (the bill of the load alone) */
    double capacity_kwh;              /* the bank's usable capacity at the start */
    double soc0_kwh;
    double utc_offset_s;              /* the tariff's clock */
    double window_s;                  /* the demand window */
    guint n;                          /* intervals */
    const double *unix_s, *dt_s;      /* each interval's start (UTC) and length */
    const double *load_kwh, *gen_kwh;
    /* NULL, or n: the most each interval can export, kWh: the integral of
     * (generation - load)+ over the interval at the site's own resolution,
     * with load_kwh's load (site.c records it for the bound). NULL: the
     * interval's totals, max(gen - load, 0) (a plan's flows, constant over
     * each interval). The site's battery discharges at most into its
     * deficit and its fuel cell likewise (site.c dispatch), so nothing
     * stored is ever exported: every interval has exp <= surplus_kwh,
     * which also keeps the program from buying at one rate to sell at a
     * higher one (docs/models/dispatch.md, "export only the surplus"). */
    const double *surplus_kwh;
    /* A plan over a horizon inside a run (dispatch = optimal): the first
     * month's demand peaks so far (kW) bound its peaks from below, and its
     * billable imports so far (kWh) have filled its energy tiers (kWh-a-month
     * and daily bases); minimum charges are left out (a horizon is not a
     * month). FALSE: the run's whole bill. */
    gboolean plan;
    double prior_flat_peak_kw;
    double prior_period_peak_kw[FS_TARIFF_MAX_PERIODS];
    double prior_month_kwh;
    /* Minimise the largest demand-window average import (kW) instead of
     * the bill: the lowest limit the battery can hold (peak_target_kw =
     * auto); the tariff gives only the windows. Exports are not allowed. */
    gboolean min_peak;
    /* NULL, or n each: the solution's AC charge - discharge and grid import
     * per interval, kWh */
    double *battery_kwh, *import_kwh;
    /* NULL, or sizes as variables: battery must be given (its efficiencies,
     * SoC window as fractions, initial_soc_frac, self-discharge); with
     * battery_sized its power limits and capacity_kwh / soc0_kwh are
     * ignored. total_cost then includes the sizes' costs. */
    fs_dispatch_lp_sizing *sizing;
    /* NULL, or the hydrogen chain beside the battery (not with sizing):
     * per interval electrolyser input and fuel-cell output within their
     * power, the tank within its capacity from h2_kg0, its loss relaxed to
     * "at most k x content x hours" (1 - e^-x <= x), min load and ramp
     * left out: relaxations, so the value stays a lower bound. The
     * electrolyser takes at most the interval's surplus, shared with the
     * exports (surplus_kwh), as the site's does. */
    const fs_hydrogen_spec *hydrogen;
    double h2_kg0;
    /* With hydrogen in a plan (dispatch = optimal; planner.h): the tank's
     * content at the program's end is worth h2_value_per_kg (currency/kg,
     * subtracted from the objective), the stand-in for its use beyond the
     * horizon (the objective, total_cost, is then net of it); with
     * h2_as_applied the electrolyser takes at most the interval's surplus
     * on-site generation, max(gen - load, 0), and the fuel cell supplies
     * at most its deficit, max(load - gen, 0), as the site applies a plan
     * (all hydrogen from on-site energy, none of it exported). */
    double h2_value_per_kg;
    gboolean h2_as_applied;
    /* NULL, or n: the net load (kWh) those as-applied bounds read in place
     * of load_kwh - gen_kwh. A plan whose heat rows take the heat
     * suppliers' electricity out of load_kwh gives it here with that
     * electricity in (as forecast), as the site's surplus has it: the heat
     * pumps draw before the electrolyser takes what is left. */
    const double *h2_net_kwh;
    /* NULL, or n each: the solution's electrolyser input and fuel-cell
     * output per interval, kWh (with hydrogen) */
    double *elz_kwh, *fc_kwh;
    const fs_dispatch_lp_heat *heat;  /* NULL, or heat stores beside the battery */
} fs_dispatch_lp_input;

typedef struct {
    double total_cost;                /* currency; with min_peak the limit, kW */
    guint n_vars, n_rows;
} fs_dispatch_lp_result;

/* FALSE with an error naming the solver's status when the program has no
 * optimum (an infeasible SoC window, say). */
gboolean fs_dispatch_lp_solve(const fs_dispatch_lp_input *in, fs_dispatch_lp_result *out, GError **error);

#endif /* FS_DISPATCH_LP_H */
