/* cooling.h: cooling demands and a plant of electric chillers, inside the
 * site (docs/models/cooling.md).
 *
 * Demand, kW of cooling, is the sum of process cooling (power_kw x the
 * hour's and weekday's profile factors) and space cooling on degree-hours:
 * max(0, UA x (T_out - T_set) + gain_share x P_floor), the weather's
 * dry-bulb T_out of the hour and the machines' electricity as internal
 * gains.
 *
 * Each chiller is the DOE-2 electric chiller EnergyPlus implements
 * (Chiller:Electric:EIR): at leaving chilled-water temperature t_chw and
 * entering condenser temperature t_cond,
 *   available capacity  Q_av = capacity_kw x CAPFT(t_chw, t_cond)
 *   electricity         P = Q_av / cop x EIRFT(t_chw, t_cond) x EIRFPLR(PLR),
 *   PLR = Q / Q_av,
 * CAPFT and EIRFT biquadratic (a + b t_chw + c t_chw^2 + d t_cond +
 * e t_cond^2 + f t_chw t_cond), EIRFPLR quadratic (a + b PLR + c PLR^2).
 * Below min_plr the chiller cycles: P = P(min_plr) x PLR / min_plr. The
 * condenser's entering temperature is condenser_degc, the outdoor
 * dry-bulb plus condenser_approach_k (air-cooled), or the outdoor wet bulb
 * plus tower_approach_k (water-cooled on a cooling tower; psychro.h), held
 * at condenser_min_degc or above. The curves hold over the temperatures they
 * were fitted on (chw_range_degc, condenser_range_degc; the DOE-2 set's
 * 5-10 and 24-35 degC): a temperature outside them is refused before any
 * run, or with curve_limits = clamp evaluated at the range's top and
 * counted (chiller_curve_clamped_h).
 *
 * Staging, the plant's choice of which chillers run at what load:
 *   sequence  the order the scenario writes them, each to full capacity
 *             before the next starts (the rule a plant controller runs);
 *   optimal   the least total electricity for the load: every subset of
 *             chillers is tried, the load shared between the running ones
 *             at equal marginal power (their power is convex in their
 *             load: the split is then optimal), the best subset kept.
 * Both are computed at every settle and the difference is a KPI (the
 * gap CATL's "global optimisation" of its chiller groups closes).
 * What the plant cannot cool is unmet (a KPI); demand = delivered + unmet
 * is checked at the end of every run.
 *
 * Cooling towers' fans ([site] tower_fan_kw_per_kw, every chiller on a
 * tower): single-speed fans cycling to hold the approach draw in
 * proportion to the heat they reject, the cooling delivered plus the
 * chillers' electricity: fan_kw = f x (Q + P). As f x Q is the same for
 * every staging, the staging with the least chiller power also has the
 * least chiller and fan power: the optimal staging stays optimal.
 * ASHRAE 90.1's least efficient axial-fan open tower (40.2 gpm/hp at
 * 95/85/75 degF) has f = 0.0127.
 */
#ifndef FS_COOLING_H
#define FS_COOLING_H

#include <glib.h>

#include "sim/scenario.h"

#define FS_COOLING_MAX_CHILLERS 12

typedef struct {
    char *name;
    double power_kw, profile_hour[24], profile_weekday[7];
    double ua_kw_per_k, setpoint_degc, gain_share;
} fs_cooling_demand;

typedef struct {
    char *name;
    double capacity_kw, cop, chw_degc, condenser_degc, condenser_approach_k, min_plr;
    double capft[6], eirft[6], eirfplr[3];
    double chw_range_degc[2], cond_range_degc[2];  /* where the curves were fitted: min, max */
    double tower_approach_k;    /* a cooling tower: condenser water at the wet bulb plus this, K (NaN: none) */
    double condenser_min_degc;  /* the condenser is held at or above it (air-cooled / tower control) */
    gboolean clamp;             /* curve_limits = clamp: above the range, evaluate at its top */
} fs_chiller;

typedef enum { FS_STAGING_SEQUENCE, FS_STAGING_OPTIMAL } fs_staging;

typedef struct {
    GArray *demands;         /* fs_cooling_demand */
    GArray *chillers;        /* fs_chiller, in the scenario's order */
    fs_staging staging;
    double tower_fan_kw_per_kw;  /* the towers' fans per kW of heat rejected (0: not modelled) */
    gboolean needs_outdoor;  /* space cooling, an air-cooled condenser or a tower */
    gboolean needs_wet_bulb; /* a cooling tower */
} fs_cooling_spec;

/* The hour's outdoor air: dry bulb, and wet bulb (NaN when no tower needs it). */
typedef struct {
    double dry_degc, wet_bulb_degc;
} fs_outdoor_air;

extern const char *const fs_cooling_demand_keys[];
extern const char *const fs_chiller_keys[];
/* [cooling_demand NAME] and [chiller NAME] groups, [site] chiller_staging;
 * NULL without error when there are none. */
fs_cooling_spec *fs_cooling_spec_from_scenario(const fs_scenario *sc, GError **error);
void fs_cooling_spec_free(fs_cooling_spec *spec);

/* TRUE when the air takes an air-cooled or tower chiller's condenser
 * above its curves' range. */
gboolean fs_chiller_beyond_curves(const fs_chiller *c, const fs_outdoor_air *air);
/* Refuses (naming the chiller, the weather file's hour and the range) a
 * year whose outdoor air (8760 hours of dry bulb; of wet bulb, NULL
 * without a tower) takes a chiller beyond its curves, unless it clamps
 * (curve_limits = clamp). */
gboolean fs_cooling_check_weather(const fs_cooling_spec *spec, const double *dry_degc, const double *wet_bulb_degc,
                                  const char *weather, const char *scenario, GError **error);

/* One chiller at its temperatures now: available capacity and the
 * electricity for load q_kw (q at most the capacity). */
double fs_chiller_capacity_kw(const fs_chiller *c, double cond_degc);
double fs_chiller_power_kw(const fs_chiller *c, double cond_degc, double q_kw);

/* The plant's electricity for load_kw in the air by staging, and the
 * load it cannot meet (*unmet_kw). */
double fs_cooling_plant_kw(const fs_cooling_spec *spec, fs_staging staging, const fs_outdoor_air *air, double load_kw,
                           double *unmet_kw);

typedef struct {
    const fs_cooling_spec *spec;
    double demand_kw, unmet_kw, elec_kw, sequence_kw, optimal_kw, fan_kw;   /* now */
    double demand_kwh, unmet_kwh, elec_kwh, sequence_kwh, optimal_kwh, fan_kwh;  /* books */
    gboolean clamped;                        /* now: a chiller's curves evaluated at their top */
    double clamped_h;                        /* book: hours with cooling while clamped */
    gboolean memo_valid;                     /* the plant's answer for these inputs is the one above */
    fs_outdoor_air memo_air;
    double memo_demand_kw;
} fs_cooling;

void fs_cooling_init(fs_cooling *c, const fs_cooling_spec *spec);
void fs_cooling_set(fs_cooling *c, int hour, int weekday, const fs_outdoor_air *air, double floor_kw);
void fs_cooling_integrate(fs_cooling *c, double hours);
void fs_cooling_restart(fs_cooling *c);
gboolean fs_cooling_check(const fs_cooling *c, double rel_tol, char **message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_cooling_spec, fs_cooling_spec_free)

#endif /* FS_COOLING_H */
