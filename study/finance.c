/* finance.c: NPV, IRR, payback, annualised cost, LCOE (finance.h). */
#include "study/finance.h"

#include <math.h>
#include <string.h>

#include "sim/fmath.h"

double fs_finance_npv(const double *cf, guint n, double r)
{
    double npv = 0.0, d = 1.0;
    for (guint y = 0; y <= n; y++, d *= 1.0 + r)
        npv += cf[y] / d;
    return npv;
}

static const char *const finance_keys[] = {
    "capex_per_kwp", "capex_per_kwh", "capex_per_kw", "om_per_kwp_year", "om_per_kwh_year",
    "pv_lifetime_years", "battery_lifetime_years", "battery_eol_soh", "discount_rate",
    "tariff_escalation", "analysis_years", "capex_per_kw_wind", "om_per_kw_wind_year", "wind_lifetime_years",
    "capex_per_kw_electrolyser", "om_per_kw_electrolyser_year", "electrolyser_lifetime_years",
    "capex_per_kg_hydrogen_tank", "hydrogen_tank_lifetime_years", "capex_per_kw_fuel_cell",
    "om_per_kw_fuel_cell_year", "fuel_cell_lifetime_years", NULL,
};

static const fs_scenario_schema finance_schema[] = {{"finance", FALSE, finance_keys}, {NULL, FALSE, NULL}};

const fs_scenario_schema *fs_finance_scenario_schema(void)
{
    return finance_schema;
}

gboolean fs_finance_parse(const fs_scenario *sc, fs_finance_spec *f, gboolean *present, GError **error)
{
    *present = g_key_file_has_group(fs_scenario_keyfile(sc), "finance");
    if (!*present)
        return TRUE;
    gint64 years = 20;  /* read only when ok, but never uninitialised */
    gboolean ok = fs_scenario_get_number(sc, "finance", "capex_per_kwp", FALSE, 0, 0, 1e9, &f->capex_per_kwp, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kwh", FALSE, 0, 0, 1e9, &f->capex_per_kwh, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kw", FALSE, 0, 0, 1e9, &f->capex_per_kw, error)
                  && fs_scenario_get_number(sc, "finance", "om_per_kwp_year", FALSE, 0, 0, 1e9, &f->om_per_kwp_year, error)
                  && fs_scenario_get_number(sc, "finance", "om_per_kwh_year", FALSE, 0, 0, 1e9, &f->om_per_kwh_year, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kw_wind", FALSE, 0, 0, 1e9, &f->capex_per_kw_wind, error)
                  && fs_scenario_get_number(sc, "finance", "om_per_kw_wind_year", FALSE, 0, 0, 1e9, &f->om_per_kw_wind_year, error)
                  && fs_scenario_get_number(sc, "finance", "wind_lifetime_years", FALSE, 20, 1, 100, &f->wind_lifetime_years, error)
                  && fs_scenario_get_number(sc, "finance", "pv_lifetime_years", FALSE, 25, 1, 100, &f->pv_lifetime_years, error)
                  && fs_scenario_get_number(sc, "finance", "battery_lifetime_years", FALSE, 15, 1, 100, &f->battery_lifetime_years, error)
                  && fs_scenario_get_number(sc, "finance", "battery_eol_soh", FALSE, 0.7, 0, 1, &f->battery_eol_soh, error)
                  && fs_scenario_get_number(sc, "finance", "discount_rate", FALSE, 0.06, -0.5, 1, &f->discount_rate, error)
                  && fs_scenario_get_number(sc, "finance", "tariff_escalation", FALSE, 0.0, -0.5, 1, &f->tariff_escalation, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kw_electrolyser", FALSE, 0, 0, 1e9, &f->capex_per_kw_electrolyser, error)
                  && fs_scenario_get_number(sc, "finance", "om_per_kw_electrolyser_year", FALSE, 0, 0, 1e9, &f->om_per_kw_electrolyser_year, error)
                  && fs_scenario_get_number(sc, "finance", "electrolyser_lifetime_years", FALSE, 20, 1, 100, &f->electrolyser_lifetime_years, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kg_hydrogen_tank", FALSE, 0, 0, 1e9, &f->capex_per_kg_hydrogen_tank, error)
                  && fs_scenario_get_number(sc, "finance", "hydrogen_tank_lifetime_years", FALSE, 30, 1, 100, &f->hydrogen_tank_lifetime_years, error)
                  && fs_scenario_get_number(sc, "finance", "capex_per_kw_fuel_cell", FALSE, 0, 0, 1e9, &f->capex_per_kw_fuel_cell, error)
                  && fs_scenario_get_number(sc, "finance", "om_per_kw_fuel_cell_year", FALSE, 0, 0, 1e9, &f->om_per_kw_fuel_cell_year, error)
                  && fs_scenario_get_number(sc, "finance", "fuel_cell_lifetime_years", FALSE, 10, 1, 100, &f->fuel_cell_lifetime_years, error)
                  && fs_scenario_get_int(sc, "finance", "analysis_years", FALSE, 20, 1, 100, &years, error);
    f->analysis_years = (guint)years;
    return ok;
}

static double hydrogen_om(const fs_finance_spec *f, const fs_finance_inputs *in)
{
    return f->om_per_kw_electrolyser_year * in->electrolyser_kw + f->om_per_kw_fuel_cell_year * in->fuel_cell_kw;
}

/* A part bought again in every year y (1 <= y < n, never the last) that
 * reaches its next end of life: cf[y] -= capex. */
static void replacements(double *cf, guint n, double capex, double life_years)
{
    double next = life_years;
    for (guint y = 1; capex > 0.0 && y < n; y++)
        if ((double)y >= next) {
            cf[y] -= capex;
            next += life_years;
        }
}

/* The hydrogen chain's costs: its capex and yearly O&M, and each part's
 * replacements, into cf[0..n] (added: without hydrogen nothing changes). */
static void hydrogen_flows(const fs_finance_spec *f, const fs_finance_inputs *in, double *cf)
{
    guint n = f->analysis_years;
    const double capex[3] = {f->capex_per_kw_electrolyser * in->electrolyser_kw,
                             f->capex_per_kg_hydrogen_tank * in->hydrogen_tank_kg,
                             f->capex_per_kw_fuel_cell * in->fuel_cell_kw};
    const double life[3] = {f->electrolyser_lifetime_years, f->hydrogen_tank_lifetime_years,
                            f->fuel_cell_lifetime_years};
    double om = hydrogen_om(f, in);
    for (guint y = 1; om > 0.0 && y <= n; y++)
        cf[y] -= om;
    for (int a = 0; a < 3; a++) {
        cf[0] -= capex[a];
        replacements(cf, n, capex[a], life[a]);
    }
}

/* Cash flows cf[0..N] (PV only when pv_only: for the LCOE numerator). */
static void cash_flows(const fs_finance_spec *f, const fs_finance_inputs *in, double *cf, gboolean pv_only)
{
    guint n = f->analysis_years;
    double pv_capex = f->capex_per_kwp * in->pv_kwp;
    double batt_capex = pv_only ? 0.0 : f->capex_per_kwh * in->battery_kwh + f->capex_per_kw * in->battery_kw;
    double wind_capex = pv_only ? 0.0 : f->capex_per_kw_wind * in->wind_kw;
    double om = f->om_per_kwp_year * in->pv_kwp
                + (pv_only ? 0.0 : f->om_per_kwh_year * in->battery_kwh + f->om_per_kw_wind_year * in->wind_kw);
    /* battery life: to end-of-life SoH at the measured fade, capped by its lifetime */
    double batt_life = f->battery_lifetime_years;
    if (in->soh_fade_per_year > 0.0)
        batt_life = fmin(batt_life, (1.0 - f->battery_eol_soh) / in->soh_fade_per_year);
    batt_life = fmax(batt_life, 1.0);
    cf[0] = -(pv_capex + batt_capex + wind_capex);
    for (guint y = 1; y <= n; y++)
        cf[y] = (pv_only ? 0.0 : in->savings_per_year * fs_fmath_pow(1.0 + f->tariff_escalation, y - 1.0)) - om;
    replacements(cf, n, batt_capex, batt_life);
    replacements(cf, n, pv_capex, f->pv_lifetime_years);
    replacements(cf, n, wind_capex, f->wind_lifetime_years);
}

fs_finance_result fs_finance_evaluate(const fs_finance_spec *f, const fs_finance_inputs *in)
{
    guint n = f->analysis_years;
    double *cf = g_new(double, n + 1);
    cash_flows(f, in, cf, FALSE);
    hydrogen_flows(f, in, cf);
    fs_finance_result r;
    r.capex = -cf[0];
    r.npv = fs_finance_npv(cf, n, f->discount_rate);
    double om = f->om_per_kwp_year * in->pv_kwp + f->om_per_kwh_year * in->battery_kwh
                + f->om_per_kw_wind_year * in->wind_kw;
    om += hydrogen_om(f, in);
    double first = in->savings_per_year - om;
    r.simple_payback_years = r.capex > 0.0 && first > 0.0 ? r.capex / first : NAN;
    double rr = f->discount_rate, g = fs_fmath_pow(1.0 + rr, n);
    double crf = fabs(rr) < 1e-12 ? 1.0 / n : rr * g / (g - 1.0);
    r.annualised_cost = r.capex * crf + om;
    /* IRR: bisection where NPV changes sign between -99% and 1000% */
    double lo = -0.99, hi = 10.0, flo = fs_finance_npv(cf, n, lo), fhi = fs_finance_npv(cf, n, hi);
    r.irr = NAN;
    if (r.capex > 0.0 && flo * fhi < 0.0) {
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi), fm = fs_finance_npv(cf, n, mid);
            if ((fm > 0) == (flo > 0)) {
                lo = mid;
                flo = fm;
            } else {
                hi = mid;
            }
        }
        r.irr = 0.5 * (lo + hi);
    }
    /* LCOE of the PV energy */
    r.lcoe = NAN;
    if (in->pv_kwp > 0.0 && in->pv_kwh_per_year > 0.0) {
        cash_flows(f, in, cf, TRUE);
        double cost = -fs_finance_npv(cf, n, f->discount_rate), energy = 0.0, d = 1.0;
        for (guint y = 1; y <= n; y++) {
            d *= 1.0 + f->discount_rate;
            energy += in->pv_kwh_per_year / d;
        }
        r.lcoe = cost / energy;
    }
    /* LCOH of the hydrogen made */
    r.lcoh = NAN;
    if (in->hydrogen_kg_per_year > 0.0) {
        memset(cf, 0, (n + 1) * sizeof(double));
        hydrogen_flows(f, in, cf);
        double cost = -fs_finance_npv(cf, n, f->discount_rate), kg = 0.0, d = 1.0;
        for (guint y = 1; y <= n; y++) {
            d *= 1.0 + f->discount_rate;
            kg += in->hydrogen_kg_per_year / d;
        }
        r.lcoh = cost / kg;
    }
    g_free(cf);
    return r;
}

static const fs_column comparison_kpis[] = {
    {"co2_abated_kg_per_year", "kg/year", "location-based Scope 2 avoided against the reference point"},
};

enum { F_NPV, F_LCOE, F_PAYBACK, F_IRR, F_ANNUALISED, F_LCOH, F_N };

static const fs_column finance_kpis[F_N] = {
    {"npv", "currency", "net present value of PV, wind, battery and hydrogen against the reference point ([finance])"},
    {"lcoe", "currency/kWh", "levelised cost of the PV energy"},
    {"simple_payback_years", "years", "capex / first-year net savings"},
    {"irr", "1", "internal rate of return (NaN when none)"},
    {"annualised_cost", "currency/year", "capex x capital recovery factor + O&M"},
    {"lcoh", "currency/kg", "levelised cost of the hydrogen made: the chain's capex, O&M and replacements over the "
                            "discounted kg (its electricity is the site's own surplus; NaN without hydrogen)"},
};

static const fs_kpi_part comparison_part = {"comparison", G_N_ELEMENTS(comparison_kpis), comparison_kpis};
static const fs_kpi_part finance_part = {"finance", F_N, finance_kpis};

const fs_kpi_part *fs_finance_comparison_kpi_part(void) { return &comparison_part; }
const fs_kpi_part *fs_finance_kpi_part(void) { return &finance_part; }

void fs_finance_fill_kpi(const fs_finance_result *f, double *kpi)
{
    kpi[F_NPV] = f->npv;
    kpi[F_LCOE] = f->lcoe;
    kpi[F_PAYBACK] = f->simple_payback_years;
    kpi[F_IRR] = f->irr;
    kpi[F_ANNUALISED] = f->annualised_cost;
    kpi[F_LCOH] = f->lcoh;
}
