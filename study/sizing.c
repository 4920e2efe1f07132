/* sizing.c: PV and storage sized by one linear program (sizing.h). */
#include "study/sizing.h"

#include <math.h>

#include "models/site/dispatch_lp.h"
#include "models/site/site.h"
#include "study/finance.h"

static GQuark sizing_error(void)
{
    return g_quark_from_static_string("fs-sizing");
}

/* 1 + the discounted replacements at each lifetime before year n (finance.c's years). */
static double replacement_factor(double life_years, guint n, double r)
{
    double f = 1.0, next = fmax(life_years, 1.0);
    for (guint y = 1; y < n; y++)
        if ((double)y >= next) {
            f += pow(1.0 + r, -(double)y);
            next += fmax(life_years, 1.0);
        }
    return f;
}

gboolean fs_sizing_optimise(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                            fs_sizing_result *out, GError **error)
{
    const fs_site_spec *site = p->site;
    const char *missing = p->floor ? "a metered load without a floor (sizing with a floor: a [sweep] and factorysim size)"
                          : !site ? "a [site]"
                          : !site->has_tariff ? "a [tariff]: the program minimises the bill"
                          : bounds->pv_kwp_max > 0 && !(site->pv_kw_by_year && site->pv_dc_kwp > 0) ? "a [pv NAME] array (its profile is scaled)"
                          : (bounds->battery_kwh_max > 0 || bounds->battery_kw_max > 0) && !g_key_file_has_group(fs_scenario_keyfile(sc), "battery")
                              ? "a [battery] (its efficiencies and SoC window)"
                          : !p->has_finance ? "a [finance] group (capital and O&M costs, discount rate, years)" : NULL;
    if (missing) {
        g_set_error(error, sizing_error(), 1, "%s: sizing by linear program needs %s", fs_scenario_display_name(sc), missing);
        return FALSE;
    }
    fs_finance_spec fin;
    gboolean present;
    if (!fs_finance_parse(sc, &fin, &present, error))
        return FALSE;
    /* the load and generation of each interval after the warm-up, and PV per kWp */
    double *load = NULL, *gen = NULL;
    guint n_all = 0;
    if (!fs_plant_site_intervals(p, p->settings->seed, &load, &gen, &n_all, error))
        return FALSE;
    double step_s = site->billing_interval_s, horizon_s = p->settings->horizon_s;
    guint k0 = MIN(n_all, (guint)floor(p->settings->warmup_s / step_s + 1e-9)), n = n_all - k0;
    double *unix_s = g_new(double, n ? n : 1), *dt_s = g_new(double, n ? n : 1), *pv = g_new0(double, n ? n : 1);
    double *kg = g_new(double, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        double t = (k0 + i) * step_s;
        unix_s[i] = site->start_unix_s + t;
        dt_s[i] = fmin(step_s, horizon_s - t);
        load[i] = load[k0 + i];
        kg[i] = fs_site_spec_signal(site, FS_SITE_SIGNAL_CARBON, t);
        /* the scenario's PV (hourly, so constant over an interval) out of the generation, per kWp */
        double pv_kwh = 0.0;
        if (site->pv_kw_by_year && site->pv_dc_kwp > 0) {
            /* the signal is PV + wind: wind alone from a copy without PV */
            double onsite_kw = -fs_site_spec_signal(site, FS_SITE_SIGNAL_ONSITE, t);
            fs_site_spec no_pv = *site;
            no_pv.pv_kw_by_year = NULL;
            double wind_kw = -fs_site_spec_signal(&no_pv, FS_SITE_SIGNAL_ONSITE, t);
            pv_kwh = (onsite_kw - wind_kw) * dt_s[i] / 3600.0;
            pv[i] = pv_kwh / site->pv_dc_kwp;
        }
        gen[i] = gen[k0 + i] - pv_kwh;  /* wind and metered generation stay (the PV is hourly: this is exact) */
    }
    guint N = fin.analysis_years;
    double r = fin.discount_rate, pwf = 0.0, pwf_bill = 0.0;
    for (guint y = 1; y <= N; y++) {
        pwf += pow(1.0 + r, -(double)y);
        pwf_bill += pow(1.0 + fin.tariff_escalation, y - 1.0) * pow(1.0 + r, -(double)y);
    }
    double years = (horizon_s - k0 * step_s) / (365.0 * 86400.0);
    double bill_weight = pwf_bill / years;  /* LCC per currency of the run's bill */
    double r_pv = replacement_factor(fin.pv_lifetime_years, N, r), r_b = replacement_factor(fin.battery_lifetime_years, N, r);
    fs_battery_spec bs = site->battery;  /* zeroed without [battery]: then not sized */
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), "battery")) {
        bs.charge_eff_frac = bs.discharge_eff_frac = 1.0;
        bs.soc_max_frac = 1.0;
    }
    double window_s = site->tariff.demand_window_min > 0 ? site->tariff.demand_window_min * 60.0 : step_s;
    fs_sizing_result res = {0};
    gboolean ok = TRUE;
    for (int pass = 0; pass < 2 && ok; pass++) {  /* the reference (nothing), then the optimum */
        fs_dispatch_lp_sizing sz = {
            .pv_kwh_per_kwp = pv,
            .pv_kwp_max = pass ? bounds->pv_kwp_max : 0.0,
            .battery_kwh_max = pass ? bounds->battery_kwh_max : 0.0,
            .battery_kw_max = pass ? bounds->battery_kw_max : 0.0,
            .cost_per_kwp = (fin.capex_per_kwp * r_pv + fin.om_per_kwp_year * pwf) / bill_weight,
            .cost_per_kwh = (fin.capex_per_kwh * r_b + fin.om_per_kwh_year * pwf) / bill_weight,
            .cost_per_kw = fin.capex_per_kw * r_b / bill_weight,
            .capex_per_kwp = fin.capex_per_kwp, .capex_per_kwh = fin.capex_per_kwh, .capex_per_kw = fin.capex_per_kw,
            .budget = pass ? bounds->budget : INFINITY, .import_kg_per_kwh = kg,
            .scope2_max_kg = pass ? bounds->scope2_max_kg_per_year * years : INFINITY,
        };
        fs_dispatch_lp_input in = {
            .tariff = &site->tariff, .battery = &bs, .utc_offset_s = site->tz_h * 3600.0, .window_s = window_s,
            .n = n, .unix_s = unix_s, .dt_s = dt_s, .load_kwh = load, .gen_kwh = gen, .sizing = &sz,
        };
        fs_dispatch_lp_result lr;
        gint64 t0 = g_get_monotonic_time();
        GError *e = NULL;
        ok = fs_dispatch_lp_solve(&in, &lr, &e);
        if (!ok && pass && (isfinite(bounds->budget) || isfinite(bounds->scope2_max_kg_per_year))) {
            GString *what = g_string_new("");
            if (isfinite(bounds->scope2_max_kg_per_year))
                g_string_append_printf(what, " Scope 2 at most %g kg a year", bounds->scope2_max_kg_per_year);
            if (isfinite(bounds->budget))
                g_string_append_printf(what, "%s a budget of %g", what->len ? " within" : "", bounds->budget);
            g_set_error(error, sizing_error(), 2, "%s: no PV and battery within the bounds (PV %g kWp, battery %g kWh, "
                        "%g kW) meet%s (the program is infeasible): relax it or raise the bounds",
                        fs_scenario_display_name(sc), bounds->pv_kwp_max, bounds->battery_kwh_max, bounds->battery_kw_max,
                        what->str);
            g_string_free(what, TRUE);
            g_error_free(e);
        } else if (!ok) {
            g_propagate_error(error, e);
        }
        if (!ok)
            break;
        double lcc = lr.total_cost * bill_weight;
        if (!pass) {
            res.lcc_reference = lcc;
            continue;
        }
        res.solve_s = (double)(g_get_monotonic_time() - t0) / 1e6;
        res.lcc = lcc;
        res.npv = res.lcc_reference - lcc;
        res.pv_kwp = sz.pv_kwp;
        res.battery_kwh = sz.battery_kwh;
        res.battery_kw = sz.battery_kw;
        double capital = sz.cost_per_kwp * sz.pv_kwp + sz.cost_per_kwh * sz.battery_kwh + sz.cost_per_kw * sz.battery_kw;
        res.bill_per_year = (lr.total_cost - capital) / years;
        res.pv_at_max = bounds->pv_kwp_max > 0 && sz.pv_kwp >= bounds->pv_kwp_max * (1 - 1e-6);
        res.battery_kwh_at_max = bounds->battery_kwh_max > 0 && sz.battery_kwh >= bounds->battery_kwh_max * (1 - 1e-6);
        res.battery_kw_at_max = bounds->battery_kw_max > 0 && sz.battery_kw >= bounds->battery_kw_max * (1 - 1e-6);
        res.n_intervals = n;
        res.n_vars = lr.n_vars;
        res.n_rows = lr.n_rows;
    }
    if (ok)
        *out = res;
    g_free(kg);
    g_free(load);
    g_free(gen);
    g_free(unix_s);
    g_free(dt_s);
    g_free(pv);
    return ok;
}
