/* battery.h: a stationary battery: its state of charge, its fade, and
 * the second-life packs that may join its bank.
 *
 * Energy (kWh) moves in and out at AC powers held constant between the
 * site's settles: charging stores charge_kw x charge_eff_frac, discharging
 * takes discharge_kw / discharge_eff_frac, and self-discharge is a constant
 * power (a share of the capacity a month) while the state of charge is
 * above its floor:
 *   dSoC = charge x eta_c - discharge / eta_d - self-discharge - fade loss
 * Capacity fades linearly in calendar time and in equivalent full cycles
 * (discharged energy / nominal capacity); fade that takes capacity below
 * the stored energy takes that energy with it (the fade loss). fs_battery_check
 * closes this balance in every run.
 *
 * Where the stored energy came from: the bank is one well-mixed store
 * holding onsite_kwh of energy that came from on-site generation (the rest
 * was bought, or stored before the run). Every withdrawal (discharge,
 * self-discharge, fade) takes from both in proportion to the mix at the
 * start of the step, so energy discharged to the load counts as on-site
 * in that proportion. This is what self-sufficiency needs: a battery
 * charged from the grid supplies no on-site energy.
 *
 * Second life (fs_second_life_spec): packs returning from vehicles are
 * graded by state of health; those between min_soh and max_soh join the
 * bank with capacity SoH x pack_kwh and their own linear fade, adding
 * pack_kw of charge and discharge power, and are retired below
 * retire_soh. Above max_soh they go back to vehicle use, below min_soh to
 * recycling (BMW's 0.8 and 0.3 are the defaults).
 *
 * How the battery is run (the dispatch rule and its windows) is part of
 * its spec; the rules themselves are dispatch.h's.
 */
#ifndef FS_BATTERY_H
#define FS_BATTERY_H

#include <glib.h>

#include "models/site/tariff.h"
#include "sim/dist.h"
#include "sim/rng.h"

typedef enum {
    FS_DISPATCH_NONE,
    FS_DISPATCH_SELF_CONSUMPTION,
    FS_DISPATCH_TOU_ARBITRAGE,
    FS_DISPATCH_PEAK_SHAVING,
    FS_DISPATCH_COMBINED,
    FS_DISPATCH_OPTIMAL,
} fs_dispatch;

/* What the site expects of its load and generation ahead (dispatch =
 * optimal, peak_target_kw = auto; docs/models/dispatch.md): the run's own
 * future (the load and generation do not depend on the battery, so a run
 * ahead with the same streams gives them exactly), or each interval as it
 * was a day or a week earlier. */
typedef enum { FS_FORECAST_PERFECT, FS_FORECAST_PERSISTENCE_DAY, FS_FORECAST_PERSISTENCE_WEEK } fs_forecast;

typedef struct {
    double capacity_kwh;           /* nominal usable energy at SoH 1 */
    double charge_kw, discharge_kw;/* AC limits */
    double charge_eff_frac, discharge_eff_frac;  /* one-way efficiencies, 0..1 */
    double soc_min_frac, soc_max_frac, initial_soc_frac;
    double self_discharge_per_month_frac;  /* of capacity, as a constant power */
    double soh_initial_frac;       /* < 1 for second-life packs */
    double calendar_fade_per_year_frac;
    double cycle_fade_per_efc_frac;/* per equivalent full cycle */
    fs_dispatch dispatch;
    double peak_target_kw;         /* peak shaving / combined; INFINITY: none */
    gboolean peak_target_auto;     /* peak_target_kw = auto: each month's lowest limit the battery can hold */
    double replan_s, plan_horizon_s;  /* dispatch = optimal: how often it plans, how far ahead */
    fs_forecast forecast;          /* for optimal and auto */
    gboolean charge_period[FS_TARIFF_MAX_PERIODS];    /* grid charging allowed */
    gboolean discharge_period[FS_TARIFF_MAX_PERIODS]; /* discharge to the load */
    gboolean dp_bound;             /* compute the perfect-foresight optimum */
    gboolean optimal_bound;        /* compute the optimal dispatch's bill (dispatch_lp.h) */
    guint dp_levels;               /* SoC grid of the DP */
} fs_battery_spec;

/* Battery second life: packs returning from vehicles are graded by state
 * of health; those between min and max join the site's bank with capacity
 * SoH x pack_kwh and their own linear fade, and leave it (for recycling)
 * below retire_soh. Above max they go back to vehicle use, below min to
 * recycling (BMW's thresholds 0.8 and 0.3 are the defaults). */
typedef struct {
    fs_dist interarrival;          /* s between returning packs */
    fs_dist soh;                   /* state of health at return, fraction of original */
    double pack_kwh;               /* original usable capacity of a pack */
    double pack_kw;                /* charge and discharge power each pack in service adds */
    double min_soh_frac, max_soh_frac;
    double fade_per_year_frac;     /* of original capacity, a year in second life */
    double retire_soh_frac;
    guint max_packs;               /* in service at once; later packs are turned away */
} fs_second_life_spec;


/* State of charge within SOC_EPS_KWH of a limit counts as at it. */
#define FS_BATTERY_SOC_EPS_KWH 1e-9

/* A battery in a run. Embedded in the site: fs_battery_init / _clear. */
typedef struct {
    const fs_battery_spec *spec;           /* borrowed */
    const fs_second_life_spec *second_life;/* borrowed; NULL without second life */
    double soc_kwh, soc_start_kwh;         /* now, and at the warm-up's end */
    double capacity_kwh;                   /* the bank now: its own part and the packs' */
    double new_capacity_kwh;               /* the bank's own (first-life) part */
    double charge_kw, discharge_kw;        /* the bank's limits: its own plus the packs' */
    double discharged_total_kwh;           /* since t = 0: cycles for the fade */
    double fade_loss_kwh;                  /* since the warm-up */
    double onsite_kwh;                     /* of soc_kwh, the part from on-site generation */
    /* second life */
    fs_rng pack_arrival_rng, pack_soh_rng;
    GArray *packs;                         /* packs in service (battery.c) */
    guint64 packs_returned, packs_joined, packs_reused, packs_recycled, packs_retired, packs_turned_away;
} fs_battery;

/* second_life may be NULL. Draws the second-life streams from rng_source
 * (fs_sim_stream-like: named streams) through stream(data, name, rng). */
void fs_battery_init(fs_battery *b, const fs_battery_spec *spec, const fs_second_life_spec *second_life,
                     void (*stream)(void *data, const char *name, fs_rng *rng), void *stream_data);
void fs_battery_clear(fs_battery *b);

/* The state-of-charge window now, kWh. */
double fs_battery_soc_min_kwh(const fs_battery *b);
double fs_battery_soc_max_kwh(const fs_battery *b);
/* Self-discharge power now, kW (none at the floor). */
double fs_battery_self_discharge_kw(const fs_battery *b);
/* Net power into storage at these AC powers, kW (< 0: emptying). */
double fs_battery_rate_kw(const fs_battery *b, double charge_kw, double discharge_kw, double self_discharge_kw);
/* Integrates h_h hours at constant powers; onsite_charge_kw of charge_kw
 * comes from on-site generation. Returns the AC energy discharged in the
 * step that was on-site energy, kWh (the mix's share of discharge_kw x h). */
double fs_battery_store(fs_battery *b, double charge_kw, double onsite_charge_kw, double discharge_kw,
                        double self_discharge_kw, double h_h);
/* Capacity and limits at now_s (fade; packs retired). */
void fs_battery_degrade(fs_battery *b, double now_s);
/* Statistics restart at the warm-up. */
void fs_battery_warmup_end(fs_battery *b);

/* Second life: seconds to the next returning pack (a draw). */
double fs_battery_next_pack_in_s(fs_battery *b);
/* A pack returns at now_s and is graded; TRUE when it joined the bank
 * (capacity and limits are then updated). */
gboolean fs_battery_pack_returns(fs_battery *b, double now_s);
guint fs_battery_packs_in_service(const fs_battery *b);

/* The battery's balance over the run from the site's meter: charged,
 * discharged and self-discharged kWh since the warm-up; and, with second
 * life, every returned pack accounted for. FALSE with *message (caller
 * frees) when one does not close to 1e-6 relative. */
gboolean fs_battery_check(const fs_battery *b, double charge_kwh, double discharge_kwh, double self_discharge_kwh,
                          char **message);

#endif /* FS_BATTERY_H */
