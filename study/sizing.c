/* sizing.c: PV and storage sized by one linear program (sizing.h). */
#include "study/sizing.h"

#include <math.h>
#include <string.h>

#include "models/site/dispatch_lp.h"
#include "models/site/site.h"
#include "models/site/wind.h"
#include "study/finance.h"
#include "sim/stats.h"
#include "sim/spec_cache.h"

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

/* The program's inputs from the plant: each interval after the warm-up. */
typedef struct {
    guint n;
    double *unix_s, *dt_s, *load, *gen, *pv, *wind, *kg;
    double load_total_kwh, years, bill_weight, window_s;
    double wind_rated_kw;
    fs_finance_spec fin;
    double r_pv, r_b, r_w, pwf;
    fs_battery_spec bs;
    double given_battery_kwh;  /* the scenario's battery at the start, kept when not sized (0: none) */
} program_data;

static void program_data_clear(program_data *d)
{
    g_free(d->unix_s);
    g_free(d->dt_s);
    g_free(d->load);
    g_free(d->gen);
    g_free(d->pv);
    g_free(d->wind);
    g_free(d->kg);
}

/* The one [wind NAME] group's turbines, or an error naming what is wrong. */
static gboolean wind_template(const fs_scenario *sc, fs_wind_turbines *t, GError **error)
{
    g_auto(GStrv) groups = fs_scenario_groups_of_kind(sc, "wind");
    guint n = groups ? g_strv_length(groups) : 0;
    if (n != 1) {
        g_set_error(error, sizing_error(), 1, "%s: sizing wind needs exactly one [wind NAME] group (its turbine and "
                    "hub; found %u)", fs_scenario_display_name(sc), n);
        return FALSE;
    }
    if (!fs_wind_parse(sc, groups[0], t, error))
        return FALSE;
    if (t->count < 1) {
        g_autofree char *group = g_strdup_printf("wind %s", groups[0]);
        fs_wind_clear(t);
        fs_scenario_error_at(sc, error, group, "count", "count = 0: sizing wind takes the profile of the "
                             "group's turbines, so count must be 1 or more there (the sizes come from --wind-max)");
        return FALSE;
    }
    return TRUE;
}

/* given: NULL, or a floor's expected load and generation per interval (n_given, warm-up included) */
typedef struct {
    const double *load_kwh, *gen_kwh;
    guint n;
} given_load;

static gboolean program_data_read(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                                  const given_load *given, program_data *d, GError **error)
{
    const fs_site_spec *site = p->site;
    memset(d, 0, sizeof *d);
    gboolean present;
    if (!fs_finance_parse(sc, &d->fin, &present, error))
        return FALSE;
    guint wind_count = 1;
    if (bounds->wind_max > 0) {
        fs_wind_turbines t;
        if (!wind_template(sc, &t, error))
            return FALSE;
        wind_count = t.count;
        d->wind_rated_kw = t.rated_kw;
        fs_wind_clear(&t);
    }
    /* the load and generation of each interval after the warm-up, and PV per kWp */
    double *load = NULL, *gen = NULL;
    guint n_all = 0;
    if (given) {
        n_all = given->n;
        load = g_memdup2(given->load_kwh, n_all * sizeof *load);
        gen = g_memdup2(given->gen_kwh, n_all * sizeof *gen);
    } else if (!fs_plant_site_intervals(p, 0, p->settings->seed, &load, &gen, &n_all, error)) {
        return FALSE;
    }
    d->load = load;
    d->gen = gen;
    double step_s = site->billing_interval_s, horizon_s = p->settings->horizon_s;
    guint k0 = MIN(n_all, (guint)floor(p->settings->warmup_s / step_s + 1e-9)), n = n_all - k0;
    d->n = n;
    d->unix_s = g_new(double, n ? n : 1);
    d->dt_s = g_new(double, n ? n : 1);
    d->pv = g_new0(double, n ? n : 1);
    d->kg = g_new(double, n ? n : 1);
    d->wind = bounds->wind_max > 0 ? g_new0(double, n ? n : 1) : NULL;
    for (guint i = 0; i < n; i++) {
        double t = (k0 + i) * step_s;
        d->unix_s[i] = site->start_unix_s + t;
        d->dt_s[i] = fmin(step_s, horizon_s - t);
        load[i] = load[k0 + i];
        d->load_total_kwh += load[i];
        d->kg[i] = fs_site_spec_signal(site, FS_SITE_SIGNAL_CARBON, t);
        /* the scenario's PV and wind (hourly, so constant over an interval)
         * out of the generation when sized, per kWp and per turbine */
        double onsite_kw = -fs_site_spec_signal(site, FS_SITE_SIGNAL_ONSITE, t);
        fs_site_spec no_pv = *site;
        no_pv.pv_kw_by_year = NULL;
        double wind_kw = -fs_site_spec_signal(&no_pv, FS_SITE_SIGNAL_ONSITE, t);
        double pv_kwh = 0.0, wind_kwh = 0.0;
        if (bounds->pv_kwp_max > 0 && site->pv_kw_by_year && site->pv_dc_kwp > 0) {
            pv_kwh = (onsite_kw - wind_kw) * d->dt_s[i] / 3600.0;
            d->pv[i] = pv_kwh / site->pv_dc_kwp;
        }
        if (d->wind) {
            wind_kwh = wind_kw * d->dt_s[i] / 3600.0;
            d->wind[i] = wind_kwh / wind_count;
        }
        /* what is not sized stays (the metered generation, a wind not
         * sized); PV and wind are hourly, so this is exact */
        gen[i] = gen[k0 + i] - pv_kwh - wind_kwh;
    }
    guint N = d->fin.analysis_years;
    double r = d->fin.discount_rate, pwf_bill = 0.0;
    for (guint y = 1; y <= N; y++) {
        d->pwf += pow(1.0 + r, -(double)y);
        pwf_bill += pow(1.0 + d->fin.tariff_escalation, y - 1.0) * pow(1.0 + r, -(double)y);
    }
    d->years = (horizon_s - k0 * step_s) / (365.0 * 86400.0);
    d->bill_weight = pwf_bill / d->years;  /* LCC per currency of the run's bill */
    d->r_pv = replacement_factor(d->fin.pv_lifetime_years, N, r);
    d->r_b = replacement_factor(d->fin.battery_lifetime_years, N, r);
    d->r_w = replacement_factor(d->fin.wind_lifetime_years, N, r);
    d->bs = site->battery;  /* zeroed without [battery]: then not sized */
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), "battery")) {
        d->bs.charge_eff_frac = d->bs.discharge_eff_frac = 1.0;
        d->bs.soc_max_frac = 1.0;
    } else {  /* kept when not sized: at its capacity at the start (no fade, as for a sized one) */
        d->given_battery_kwh = d->bs.capacity_kwh * d->bs.soh_initial_frac;
    }
    d->window_s = site->tariff.demand_window_min > 0 ? site->tariff.demand_window_min * 60.0 : step_s;
    return TRUE;
}

/* One solve within [lo, hi] per size; wind_lo = wind_hi fixes the count.
 * FALSE (e set) when the program has no optimum. */
static gboolean solve_once(const fs_plant_spec *p, const program_data *d, const fs_sizing_bounds *bb, gboolean reference,
                           double wind_lo, double wind_hi, fs_dispatch_lp_sizing *sz, fs_dispatch_lp_result *lr,
                           double *lcc, GError **e)
{
    const fs_site_spec *site = p->site;
    const fs_finance_spec *fin = &d->fin;
    *sz = (fs_dispatch_lp_sizing){
        .pv_kwh_per_kwp = d->pv,
        .wind_kwh_per_unit = d->wind,
        .pv_kwp_min = reference ? 0.0 : bb->pv_kwp_min,
        .battery_kwh_min = reference ? 0.0 : bb->battery_kwh_min,
        .battery_kw_min = reference ? 0.0 : bb->battery_kw_min,
        .wind_min = reference ? 0.0 : wind_lo,
        .pv_kwp_max = reference ? 0.0 : bb->pv_kwp_max,
        .battery_kwh_max = reference ? 0.0 : bb->battery_kwh_max,
        .battery_kw_max = reference ? 0.0 : bb->battery_kw_max,
        .wind_max = reference ? 0.0 : wind_hi,
        .cost_per_kwp = (fin->capex_per_kwp * d->r_pv + fin->om_per_kwp_year * d->pwf) / d->bill_weight,
        .cost_per_kwh = (fin->capex_per_kwh * d->r_b + fin->om_per_kwh_year * d->pwf) / d->bill_weight,
        .cost_per_kw = fin->capex_per_kw * d->r_b / d->bill_weight,
        .cost_per_wind = d->wind_rated_kw * (fin->capex_per_kw_wind * d->r_w + fin->om_per_kw_wind_year * d->pwf)
                         / d->bill_weight,
        .capex_per_kwp = fin->capex_per_kwp, .capex_per_kwh = fin->capex_per_kwh, .capex_per_kw = fin->capex_per_kw,
        .capex_per_wind = fin->capex_per_kw_wind * d->wind_rated_kw,
        .budget = reference ? INFINITY : bb->budget, .import_kg_per_kwh = d->kg,
        .scope2_max_kg = reference ? INFINITY : bb->scope2_max_kg_per_year * d->years,
        .import_max_kwh = reference || !(bb->self_sufficiency_min > 0) ? INFINITY
                          : (1.0 - bb->self_sufficiency_min) * d->load_total_kwh,
    };
    /* A battery not sized stays as the scenario has it, in the program and
     * in the reference. With nothing built every size is 0: the reference
     * is the program without the sizes (and without a battery when it is
     * sized), the same optimum on a third of the rows and none of the
     * sizes' long columns. */
    sz->battery_sized = bb->battery_kwh_max > 0 || bb->battery_kw_max > 0;
    double given_kwh = sz->battery_sized ? 0.0 : d->given_battery_kwh;
    fs_dispatch_lp_input in = {
        .tariff = &site->tariff, .battery = reference && !(given_kwh > 0) ? NULL : &d->bs,
        .capacity_kwh = given_kwh, .soc0_kwh = d->bs.initial_soc_frac * given_kwh,
        .utc_offset_s = site->tz_h * 3600.0, .window_s = d->window_s, .n = d->n, .unix_s = d->unix_s,
        .dt_s = d->dt_s, .load_kwh = d->load, .gen_kwh = d->gen, .sizing = reference ? NULL : sz,
    };
    if (!fs_dispatch_lp_solve(&in, lr, e))
        return FALSE;
    *lcc = lr->total_cost * d->bill_weight;
    return TRUE;
}

/* A scenario whose sized PV and wind exist to give their profiles per
 * unit: arrays at kwp = 0 set to 1 kWp each (several arrays then weigh
 * alike), a turbine group at count = 0 set to 1. NULL when sc serves as
 * it is (or the error was set). */
static fs_scenario *profile_template(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                                     GError **error)
{
    gboolean pv_none = bounds->pv_kwp_max > 0 && p->site && !(p->site->pv_kw_by_year && p->site->pv_dc_kwp > 0);
    gboolean wind_none = bounds->wind_max > 0 && p->site && !p->site->wind_kw;
    if (!pv_none && !wind_none)
        return NULL;
    fs_scenario *t = fs_scenario_copy(sc);
    for (int k = 0; k < 2; k++) {
        if (!(k ? wind_none : pv_none))
            continue;
        g_auto(GStrv) groups = fs_scenario_groups_of_kind(sc, k ? "wind" : "pv");
        for (guint i = 0; groups && groups[i]; i++) {
            g_autofree char *set = g_strdup_printf(k ? "wind %s.count=1" : "pv %s.kwp=1", groups[i]);
            if (!fs_scenario_set(t, set, error)) {
                fs_scenario_free(t);
                return NULL;
            }
        }
    }
    return t;
}

static gboolean sizing_run(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                           const given_load *given, fs_sizing_result *out, GError **error);

gboolean fs_sizing_optimise(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                            fs_sizing_result *out, GError **error)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) t = profile_template(sc, p, bounds, &e);
    if (e) {
        g_propagate_error(error, e);
        return FALSE;
    }
    if (!t)
        return sizing_run(sc, p, bounds, NULL, out, error);
    g_autoptr(fs_plant_spec) tp = fs_plant_spec_from_scenario(t, error);
    return tp && sizing_run(t, tp, bounds, NULL, out, error);
}

static gboolean sizing_run(const fs_scenario *sc, const fs_plant_spec *p, const fs_sizing_bounds *bounds,
                           const given_load *given, fs_sizing_result *out, GError **error)
{
    const fs_site_spec *site = p->site;
    const char *missing = p->floor && !given ? "a metered load without a floor (with a floor: fs_sizing_optimise_floor)"
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
    /* said, not left out of the objective silently */
    const char *unmodelled = site->heat ? "heat ([heat_demand], [heat_supply], [heat_store] or machines' heat)"
                             : site->cooling ? "cooling ([cooling_demand], [chiller]): the chillers' electricity"
                             : site->dry_rooms ? "dry rooms ([dry_room]): their dryers' electricity"
                             : site->has_hydrogen ? "hydrogen ([electrolyser], [hydrogen_tank], [fuel_cell])"
                             : site->has_second_life ? "second-life packs ([second_life]): the bank they change"
                             : !isnan(site->carbon.price_per_t) ? "a carbon price ([site] carbon_price_per_t)" : NULL;
    if (unmodelled) {
        g_set_error(error, sizing_error(), 1, "%s: sizing by linear program does not yet model %s: size without "
                    "them, or compare sized points with a [sweep] and finance (which counts them)",
                    fs_scenario_display_name(sc), unmodelled);
        return FALSE;
    }
    if (!(bounds->self_sufficiency_min >= 0 && bounds->self_sufficiency_min <= 1)) {
        g_set_error(error, sizing_error(), 1, "%s: minimum self-sufficiency %g: it must be a fraction in [0, 1]",
                    fs_scenario_display_name(sc), bounds->self_sufficiency_min);
        return FALSE;
    }
    program_data d;
    if (!program_data_read(sc, p, bounds, given, &d, error)) {
        program_data_clear(&d);
        return FALSE;
    }
    fs_sizing_result res = {0};
    res.lcc_reference = res.npv = NAN;
    res.wind_rated_kw = d.wind_rated_kw;
    fs_dispatch_lp_sizing sz;
    fs_dispatch_lp_result lr;
    GError *e = NULL;
    gboolean ok = TRUE;
    double lcc;
    if (!bounds->skip_reference) {  /* the same program with nothing built */
        ok = solve_once(p, &d, bounds, TRUE, 0, 0, &sz, &lr, &lcc, &e);
        if (ok)
            res.lcc_reference = lcc;
    }
    gint64 t0 = g_get_monotonic_time();
    double wind_hi = d.wind ? bounds->wind_max : 0.0, wind_lo = d.wind ? fmin(bounds->wind_min, wind_hi) : 0.0;
    if (ok)
        ok = solve_once(p, &d, bounds, FALSE, wind_lo, wind_hi, &sz, &lr, &lcc, &e);
    if (ok && d.wind) {
        /* whole turbines: the floor or the ceiling of the relaxed count (sizing.h) */
        res.wind_relaxed = sz.wind;
        double lo = floor(sz.wind + 1e-7), hi = ceil(sz.wind - 1e-7);
        if (hi > lo) {
            fs_dispatch_lp_sizing best_sz = {0};
            fs_dispatch_lp_result best_lr = {0};
            double best = INFINITY;
            for (int k = 0; k < 2; k++) {
                double w = k ? hi : lo;
                fs_dispatch_lp_sizing s2;
                fs_dispatch_lp_result l2;
                double c;
                GError *e2 = NULL;
                if (solve_once(p, &d, bounds, FALSE, w, w, &s2, &l2, &c, &e2) && c < best) {
                    best = c;
                    best_sz = s2;
                    best_lr = l2;
                }
                g_clear_error(&e2);
            }
            if (isfinite(best)) {
                sz = best_sz;
                lr = best_lr;
                lcc = best;
            } else {
                ok = FALSE;
                g_set_error(&e, sizing_error(), 3, "neither %g nor %g turbines meet the constraints, though %g would",
                            lo, hi, sz.wind);
            }
        }
    }
    if (!ok && (isfinite(bounds->budget) || isfinite(bounds->scope2_max_kg_per_year) || bounds->self_sufficiency_min > 0)) {
        GString *what = g_string_new("");
        g_autofree char *wind_bound = d.wind ? g_strdup_printf(", wind %g turbines", bounds->wind_max) : g_strdup("");
        if (isfinite(bounds->scope2_max_kg_per_year))
            g_string_append_printf(what, " Scope 2 at most %g kg a year", bounds->scope2_max_kg_per_year);
        if (bounds->self_sufficiency_min > 0)
            g_string_append_printf(what, "%s self-sufficiency at least %g", what->len ? " and" : "",
                                   bounds->self_sufficiency_min);
        if (isfinite(bounds->budget))
            g_string_append_printf(what, "%s a budget of %g", what->len ? " within" : "", bounds->budget);
        g_set_error(error, sizing_error(), 2, "%s: no PV and battery within the bounds (PV %g kWp, battery %g kWh, "
                    "%g kW%s) meet%s (the program is infeasible): relax it or raise the bounds",
                    fs_scenario_display_name(sc), bounds->pv_kwp_max, bounds->battery_kwh_max, bounds->battery_kw_max,
                    wind_bound, what->str);
        g_string_free(what, TRUE);
        g_error_free(e);
    } else if (!ok) {
        g_propagate_error(error, e);
    }
    if (ok) {
        res.solve_s = (double)(g_get_monotonic_time() - t0) / 1e6;
        res.lcc = lcc;
        res.npv = res.lcc_reference - lcc;
        res.pv_kwp = sz.pv_kwp;
        res.battery_kwh = sz.battery_kwh;
        res.battery_kw = sz.battery_kw;
        res.battery_given_kwh = sz.battery_sized ? 0.0 : d.given_battery_kwh;
        res.wind_count = d.wind ? round(sz.wind) : 0.0;
        double capital = sz.cost_per_kwp * sz.pv_kwp + sz.cost_per_kwh * sz.battery_kwh + sz.cost_per_kw * sz.battery_kw
                         + sz.cost_per_wind * sz.wind;
        res.bill_per_year = (lr.total_cost - capital) / d.years;
        res.self_sufficiency = d.load_total_kwh > 0 ? 1.0 - sz.import_kwh_total / d.load_total_kwh : NAN;
        res.pv_at_max = bounds->pv_kwp_max > 0 && sz.pv_kwp >= bounds->pv_kwp_max * (1 - 1e-6);
        res.battery_kwh_at_max = bounds->battery_kwh_max > 0 && sz.battery_kwh >= bounds->battery_kwh_max * (1 - 1e-6);
        res.battery_kw_at_max = bounds->battery_kw_max > 0 && sz.battery_kw >= bounds->battery_kw_max * (1 - 1e-6);
        res.wind_at_max = d.wind && res.wind_count >= floor(bounds->wind_max + 1e-9);
        res.n_intervals = d.n;
        res.n_vars = lr.n_vars;
        res.n_rows = lr.n_rows;
        *out = res;
    }
    program_data_clear(&d);
    return ok;
}

/* ---- sizing with a floor: the program on the expected load, then a
 * compass search by simulation with common random numbers (sizing.h) ---- */

enum { SZ_PV, SZ_KWH, SZ_KW, SZ_WIND, SZ_N };

typedef struct {
    const fs_scenario *sc;
    const fs_sizing_floor_opts *opts;
    fs_spec_cache *cache;
    char *pv_group, *wind_group;     /* the sized arrays' groups (NULL when not sized) */
    double unit_lcc[SZ_N];           /* life-cycle cost per unit of each size, currency */
    double bill_weight;              /* life-cycle cost per currency of the run's bill */
    guint evaluations;
} refine_ctx;

/* The life-cycle cost of sizes x in each replication (out[r], r < R). */
static gboolean evaluate(refine_ctx *c, const double *x, double *out, GError **error)
{
    g_autoptr(fs_scenario) t = fs_scenario_copy(c->sc);
    g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func(g_free);
    if (c->pv_group)
        g_ptr_array_add(sets, g_strdup_printf("pv %s.kwp=%.17g", c->pv_group, x[SZ_PV]));
    if (c->opts->bounds.battery_kwh_max > 0 || c->opts->bounds.battery_kw_max > 0) {
        g_ptr_array_add(sets, g_strdup_printf("battery.capacity_kwh=%.17g", x[SZ_KWH]));
        g_ptr_array_add(sets, g_strdup_printf("battery.charge_kw=%.17g", x[SZ_KW]));
        g_ptr_array_add(sets, g_strdup_printf("battery.discharge_kw=%.17g", x[SZ_KW]));
    }
    if (c->wind_group)
        g_ptr_array_add(sets, g_strdup_printf("wind %s.count=%.0f", c->wind_group, x[SZ_WIND]));
    for (guint i = 0; i < sets->len; i++)
        if (!fs_scenario_set(t, g_ptr_array_index(sets, i), error))
            return FALSE;
    g_autoptr(fs_plant_spec) p = fs_plant_spec_from_scenario_cached(t, c->cache, error);
    if (!p)
        return FALSE;
    double capital = 0.0;
    for (int u = 0; u < SZ_N; u++)
        capital += c->unit_lcc[u] * x[u];
    int k = fs_result_schema_kpi_index(p->schema, "total_cost");
    for (guint r = 0; r < c->opts->replications; r++) {
        fs_run_result res;
        fs_run_result_init(&res, p->schema);
        /* point 0 for every candidate: replication r draws the same streams (common random numbers) */
        gboolean ok = fs_plant_run(p, 0, r, p->settings->seed, &res, error);
        double bill = ok && k >= 0 ? res.kpi[k] : NAN;
        fs_run_result_clear(&res);
        if (!ok)
            return FALSE;
        out[r] = bill * c->bill_weight + capital;
    }
    c->evaluations++;
    return TRUE;
}

/* Mean of a[r] - b[r] and its 95% half-width (Student's t): the paired
 * comparison that common random numbers make tight. */
static void paired(const double *a, const double *b, guint n, double *mean, double *half)
{
    double *d = g_new(double, n);
    for (guint r = 0; r < n; r++)
        d[r] = a[r] - b[r];
    fs_stats_ci(d, n, 0.95, mean, half);
    g_free(d);
}

static char *only_group(const fs_scenario *sc, const char *kind, GError **error)
{
    g_auto(GStrv) groups = fs_scenario_groups_of_kind(sc, kind);
    guint n = groups ? g_strv_length(groups) : 0;
    if (n != 1) {
        g_set_error(error, sizing_error(), 1, "%s: sizing %s with a floor needs exactly one [%s NAME] group (found %u)",
                    fs_scenario_display_name(sc), kind, kind, n);
        return NULL;
    }
    return g_strdup(groups[0]);
}

gboolean fs_sizing_optimise_floor(const fs_scenario *sc, const fs_sizing_floor_opts *opts, fs_sizing_floor_result *out,
                                  GError **error)
{
    const fs_sizing_bounds *b = &opts->bounds;
    memset(out, 0, sizeof *out);
    if (opts->replications < 2) {
        g_set_error(error, sizing_error(), 1, "%s: sizing with a floor needs 2 or more replications for its "
                    "confidence intervals (%u given)", fs_scenario_display_name(sc), opts->replications);
        return FALSE;
    }
    g_autoptr(fs_plant_spec) p0 = fs_plant_spec_from_scenario(sc, error);
    if (!p0)
        return FALSE;
    if (!p0->floor || !p0->site) {
        g_set_error(error, sizing_error(), 1, "%s: sizing by simulation needs a floor and a [site] (a metered site: "
                    "size --optimise alone)", fs_scenario_display_name(sc));
        return FALSE;
    }
    refine_ctx c = {.sc = sc, .opts = opts, .cache = fs_spec_cache_new()};
    gboolean ok = TRUE;
    if (b->pv_kwp_max > 0 && !(c.pv_group = only_group(sc, "pv", error)))
        ok = FALSE;
    if (ok && b->wind_max > 0 && !(c.wind_group = only_group(sc, "wind", error)))
        ok = FALSE;
    /* 1. the expected load and generation: the mean over the replications
     * of the floor's run without its battery */
    double *mean_load = NULL, *mean_gen = NULL;
    guint n = 0;
    for (guint r = 0; ok && r < opts->replications; r++) {
        double *l = NULL, *g = NULL;
        guint nr = 0;
        ok = fs_plant_site_intervals(p0, r, p0->settings->seed, &l, &g, &nr, error);
        if (ok && !mean_load) {
            n = nr;
            mean_load = g_new0(double, n ? n : 1);
            mean_gen = g_new0(double, n ? n : 1);
        }
        for (guint i = 0; ok && i < MIN(n, nr); i++) {
            mean_load[i] += l[i] / opts->replications;
            mean_gen[i] += g[i] / opts->replications;
        }
        g_free(l);
        g_free(g);
    }
    /* 2. the program on it */
    if (ok) {
        GError *e = NULL;
        g_autoptr(fs_scenario) t = profile_template(sc, p0, b, &e);
        g_autoptr(fs_plant_spec) tp = t ? fs_plant_spec_from_scenario(t, &e) : NULL;
        given_load given = {mean_load, mean_gen, n};
        if (e) {
            g_propagate_error(error, e);
            ok = FALSE;
        } else {
            ok = sizing_run(t ? t : sc, t ? tp : p0, b, &given, &out->lp, error);
        }
        program_data d = {0};
        if (ok && (ok = program_data_read(t ? t : sc, t ? tp : p0, b, &given, &d, error))) {
            const fs_finance_spec *f = &d.fin;
            c.unit_lcc[SZ_PV] = f->capex_per_kwp * d.r_pv + f->om_per_kwp_year * d.pwf;
            c.unit_lcc[SZ_KWH] = f->capex_per_kwh * d.r_b + f->om_per_kwh_year * d.pwf;
            c.unit_lcc[SZ_KW] = f->capex_per_kw * d.r_b;
            c.unit_lcc[SZ_WIND] = d.wind_rated_kw * (f->capex_per_kw_wind * d.r_w + f->om_per_kw_wind_year * d.pwf);
            c.bill_weight = d.bill_weight;
        }
        program_data_clear(&d);
    }
    g_free(mean_load);
    g_free(mean_gen);
    /* 3. compass search from the program's answer, by simulation */
    double hi[SZ_N] = {b->pv_kwp_max, b->battery_kwh_max, b->battery_kw_max, floor(b->wind_max)};
    double x[SZ_N] = {out->lp.pv_kwp, out->lp.battery_kwh, out->lp.battery_kw, out->lp.wind_count};
    double step[SZ_N], min_step[SZ_N];
    for (int u = 0; u < SZ_N; u++) {
        x[u] = fmin(fmax(x[u], 0.0), hi[u]);
        step[u] = u == SZ_WIND ? fmax(1.0, round(0.25 * hi[u])) : 0.25 * hi[u];
        min_step[u] = u == SZ_WIND ? 1.0 : 0.01 * hi[u];
    }
    guint R = opts->replications;
    double *fx = g_new(double, R), *fy = g_new(double, R), *f_lp = g_new(double, R), *f_none = g_new(double, R);
    double none[SZ_N] = {0};
    ok = ok && evaluate(&c, x, fx, error) && evaluate(&c, none, f_none, error);
    if (ok)
        memcpy(f_lp, fx, R * sizeof *fx);
    while (ok && c.evaluations < opts->max_evaluations) {
        gboolean improved = FALSE;
        for (int u = 0; u < SZ_N && !improved && ok; u++) {
            if (!(hi[u] > 0))
                continue;
            for (int sgn = 1; sgn >= -1 && !improved && ok; sgn -= 2) {
                double y[SZ_N];
                memcpy(y, x, sizeof y);
                y[u] = fmin(fmax(x[u] + sgn * step[u], 0.0), hi[u]);
                if (y[u] == x[u] || c.evaluations >= opts->max_evaluations)
                    continue;
                ok = evaluate(&c, y, fy, error);
                double m, h;
                if (ok)
                    paired(fy, fx, R, &m, &h);
                if (ok && m < 0) {
                    memcpy(x, y, sizeof x);
                    memcpy(fx, fy, R * sizeof *fx);
                    improved = TRUE;
                }
            }
        }
        if (!ok || improved)
            continue;
        gboolean shrunk = FALSE;
        for (int u = 0; u < SZ_N; u++)
            if (hi[u] > 0 && step[u] > min_step[u]) {
                step[u] = u == SZ_WIND ? fmax(1.0, floor(step[u] / 2)) : fmax(min_step[u], step[u] / 2);
                shrunk = TRUE;
            }
        if (!shrunk) {
            out->converged = TRUE;
            break;
        }
    }
    if (ok) {
        out->pv_kwp = x[SZ_PV];
        out->battery_kwh = x[SZ_KWH];
        out->battery_kw = x[SZ_KW];
        out->wind_count = x[SZ_WIND];
        fs_stats_ci(fx, R, 0.95, &out->lcc_mean, &out->lcc_half_width);
        paired(f_none, fx, R, &out->npv_mean, &out->npv_half_width);
        paired(f_lp, fx, R, &out->gain_over_lp_mean, &out->gain_over_lp_half_width);
        out->evaluations = c.evaluations;
        out->replications = R;
        for (int u = 0; u < SZ_N; u++)
            out->at_max[u] = hi[u] > 0 && x[u] >= hi[u] * (1 - 1e-9);
    }
    g_free(fx);
    g_free(fy);
    g_free(f_lp);
    g_free(f_none);
    g_free(c.pv_group);
    g_free(c.wind_group);
    fs_spec_cache_free(c.cache);
    return ok;
}
