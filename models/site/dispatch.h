/* dispatch.h: how the battery is run: the rules, decided at every settle
 * of the site, and the perfect-foresight bound they are measured against.
 *
 * A rule sees what a controller sees now: the net load (load - on-site
 * generation, kW), whether the tariff period is a charging or discharging
 * window, the battery's state of charge and limits. It returns the
 * battery's AC power (> 0 charging, < 0 discharging); the site's meter
 * sends charging power first from the surplus generation, then from the
 * grid (docs/models/site.md):
 *   self_consumption  store surplus generation, cover the net load;
 *   tou_arbitrage     charge in charging windows (from the grid too),
 *                     discharge to the load in discharging windows;
 *   peak_shaving      hold the import at peak_target_kw: discharge above
 *                     it, charge below it;
 *   combined          discharging windows and the peak target, charging
 *                     from surplus, and from the grid in charging windows
 *                     up to the target.
 * Under a tariff with demand charges no rule but peak_shaving charges from
 * the grid above the month's running peak (the largest interval-average
 * import so far): the import with charging stays at or below it, so a
 * battery never sets a new monthly peak by charging (it may still fail to
 * shave one). peak_shaving charges up to its target, the limit it is told
 * to hold: a target above the load's own peak raises the peak to it.
 */
#ifndef FS_DISPATCH_H
#define FS_DISPATCH_H

#include <glib.h>

#include "models/site/battery.h"

/* The rule's battery AC power now, kW (> 0 charging, < 0 discharging).
 * charge_window / discharge_window: the tariff period allows them (FALSE
 * without a tariff). */
double fs_dispatch_battery_kw(const fs_battery *b, gboolean charge_window, gboolean discharge_window,
                              double load_kw, double generation_kw);
/* The same with the peak target target_kw (the spec's, or the month's
 * found by peak_target_kw = auto), and the import while charging capped
 * at grid_cap_kw (the month's running peak; INFINITY without demand
 * charges). dispatch = optimal is no rule: planner.h. */
double fs_dispatch_battery_capped_kw(const fs_battery *b, gboolean charge_window, gboolean discharge_window,
                                     double load_kw, double generation_kw, double grid_cap_kw, double target_kw);

/* Perfect-foresight minimum energy cost (energy charges minus export
 * credit) over n intervals of interval_h hours with load_kwh,
 * generation_kwh and per-interval import and export prices, by dynamic
 * programming over levels of stored energy from soc0_kwh. A bound: it
 * leaves out self-discharge, fade, tier adders and demand charges. */
double fs_dispatch_dp_cost(const fs_battery_spec *b, double interval_h, const double *load_kwh,
                           const double *generation_kwh, const double *import_price, const double *export_price,
                           gboolean export_allowed, guint n, double soc0_kwh);

#endif /* FS_DISPATCH_H */
