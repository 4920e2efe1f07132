/* dispatch.c: the battery's rules and the perfect-foresight bound
 * (dispatch.h). */
#include "models/site/dispatch.h"
#include "sim/fmath.h"

#include <math.h>

/* The rule with the peak target target_kw. */
static double rule_kw(const fs_battery *bat, gboolean charge_window, gboolean discharge_window, double load_kw,
                      double generation_kw, double target_kw)
{
    const fs_battery_spec *b = bat->spec;
    gboolean can_charge = bat->soc_kwh < b->soc_max_frac * bat->capacity_kwh - FS_BATTERY_SOC_EPS_KWH;
    gboolean can_discharge = bat->soc_kwh > b->soc_min_frac * bat->capacity_kwh + FS_BATTERY_SOC_EPS_KWH;
    double net = load_kw - generation_kw, target = target_kw;
    switch (b->dispatch) {
    case FS_DISPATCH_NONE:
    case FS_DISPATCH_OPTIMAL:  /* planner.h's, not a rule */
        return 0.0;
    case FS_DISPATCH_SELF_CONSUMPTION:
        if (net < 0.0)
            return can_charge ? fs_fmath_min(-net, bat->charge_kw) : 0.0;
        return can_discharge ? -fs_fmath_min(net, bat->discharge_kw) : 0.0;
    case FS_DISPATCH_TOU_ARBITRAGE:
        if (charge_window)
            return can_charge ? bat->charge_kw : 0.0;
        if (discharge_window && net > 0.0)
            return can_discharge ? -fs_fmath_min(net, bat->discharge_kw) : 0.0;
        return net < 0.0 && can_charge ? fs_fmath_min(-net, bat->charge_kw) : 0.0;
    case FS_DISPATCH_PEAK_SHAVING:
        if (net > target)
            return can_discharge ? -fs_fmath_min(net - target, bat->discharge_kw) : 0.0;
        return can_charge ? fs_fmath_min(target - net, bat->charge_kw) : 0.0;
    case FS_DISPATCH_COMBINED:
        if (net > 0.0 && (discharge_window || net > target))
            return can_discharge ? -fs_fmath_min(discharge_window ? net : net - target, bat->discharge_kw) : 0.0;
        if (net < 0.0)
            return can_charge ? fs_fmath_min(-net, bat->charge_kw) : 0.0;
        if (charge_window && can_charge)
            return fs_fmath_min(bat->charge_kw, fs_fmath_max(0.0, target - net));
        return 0.0;
    }
    return 0.0;
}

double fs_dispatch_battery_kw(const fs_battery *bat, gboolean charge_window, gboolean discharge_window,
                              double load_kw, double generation_kw)
{
    return rule_kw(bat, charge_window, discharge_window, load_kw, generation_kw, bat->spec->peak_target_kw);
}

double fs_dispatch_battery_capped_kw(const fs_battery *b, gboolean charge_window, gboolean discharge_window,
                                     double load_kw, double generation_kw, double grid_cap_kw, double target_kw)
{
    double kw = rule_kw(b, charge_window, discharge_window, load_kw, generation_kw, target_kw);
    /* import = max(net, 0) + the charge beyond the surplus: at most the cap when kw <= cap - net */
    if (kw > 0.0)
        kw = fs_fmath_min(kw, fs_fmath_max(0.0, grid_cap_kw - (load_kw - generation_kw)));
    return kw;
}

/* Perfect foresight: minimise the sum over intervals of import x price -
 * export x export price, over the stored energy path on a grid of levels
 * from the lowest to the highest allowed SoC. Moving from level i to j in
 * one interval stores (j - i) x step: charging draws step/eta_c per level
 * from the AC side, discharging delivers step x eta_d, within the power
 * limits. Discharging serves the interval's deficit only (what goes
 * beyond it is lost, as the site never exports stored energy).
 * Self-discharge, fade and tier adders are left out, so the bound
 * is on energy charges only. O(intervals x levels x reachable levels). */
double fs_dispatch_dp_cost(const fs_battery_spec *b, double interval_h, const double *load_kwh,
                           const double *generation_kwh, const double *import_price, const double *export_price,
                           gboolean export_allowed, guint n, double soc0_kwh)
{
    guint levels = b->dp_levels >= 2 ? b->dp_levels : 101;
    double cap = b->capacity_kwh * b->soh_initial_frac;
    double lo = b->soc_min_frac * cap, hi = b->soc_max_frac * cap, step = (hi - lo) / (levels - 1);
    int up = step > 0 ? (int)floor(b->charge_kw * interval_h * b->charge_eff_frac / step + 1e-9) : 0;
    int down = step > 0 ? (int)floor(b->discharge_kw * interval_h / b->discharge_eff_frac / step + 1e-9) : 0;
    double *cost = g_new(double, levels), *next = g_new(double, levels);
    int start = CLAMP((int)lround((soc0_kwh - lo) / (step > 0 ? step : 1)), 0, (int)levels - 1);
    for (guint i = 0; i < levels; i++)
        cost[i] = (int)i == start ? 0.0 : INFINITY;
    for (guint t = 0; t < n; t++) {
        for (guint j = 0; j < levels; j++)
            next[j] = INFINITY;
        double net0 = load_kwh[t] - generation_kwh[t];
        for (guint i = 0; i < levels; i++) {
            if (!isfinite(cost[i]))
                continue;
            int jmin = MAX(0, (int)i - down), jmax = MIN((int)levels - 1, (int)i + up);
            for (int j = jmin; j <= jmax; j++) {
                double d = (j - (int)i) * step;
                double ac = d >= 0 ? d / b->charge_eff_frac : d * b->discharge_eff_frac;  /* AC energy into the battery */
                /* the site discharges into the deficit only: stored energy is never exported */
                double net = ac >= 0 ? net0 + ac : net0 < 0 ? net0 : fs_fmath_max(net0 + ac, 0.0);
                double c = net >= 0 ? net * import_price[t] : (export_allowed ? net * export_price[t] : 0.0);
                if (cost[i] + c < next[j])
                    next[j] = cost[i] + c;
            }
        }
        double *tmp = cost;
        cost = next;
        next = tmp;
    }
    double best = INFINITY;
    for (guint i = 0; i < levels; i++)
        best = fs_fmath_min(best, cost[i]);
    g_free(cost);
    g_free(next);
    return best;
}
