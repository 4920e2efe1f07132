/* finance.h: what PV and storage are worth, from a run and its reference.
 *
 * Cash flows over analysis_years (year 0 the investment):
 *   year 0:  - capex = capex_per_kwp x kWp + capex_per_kwh x kWh + capex_per_kw x kW
 *                      + capex_per_kw_wind x wind kW
 *   year y:  savings x (1 + escalation)^(y-1) - O&M - replacements in year y
 * savings = the reference point's total bill - this point's, per year; the
 * battery is replaced (kWh and kW capex again) when its state of health
 * reaches battery_eol_soh at the fade rate the run measured, or at its
 * lifetime, whichever comes first; PV at its lifetime.
 *   NPV  = sum_y CF_y / (1 + r)^y
 *   IRR  = the r with NPV = 0 (bisection; NaN when NPV does not change sign)
 *   simple payback = capex / (first-year savings - O&M) (NaN when never)
 *   annualised cost = capex x CRF(r, N) + O&M, CRF = r (1+r)^N / ((1+r)^N - 1)
 *   LCOE = discounted PV costs (capex, O&M, replacement) / discounted PV kWh
 *   LCOH = discounted hydrogen-chain costs (electrolyser, tank, fuel cell:
 *          capex, O&M, replacement) / discounted kg made; the electricity
 *          is the site's own surplus, whose forgone export the savings
 *          already count, so it is not in the numerator
 * The hydrogen chain's capex (capex_per_kw_electrolyser x kW +
 * capex_per_kg_hydrogen_tank x kg + capex_per_kw_fuel_cell x kW) and O&M
 * join the investment, each part replaced at its lifetime.
 */
#ifndef FS_FINANCE_H
#define FS_FINANCE_H

#include <glib.h>

#include "sim/result.h"
#include "sim/scenario.h"

typedef struct {
    double capex_per_kwp, capex_per_kwh, capex_per_kw;     /* currency per unit */
    double om_per_kwp_year, om_per_kwh_year;
    double capex_per_kw_wind, om_per_kw_wind_year, wind_lifetime_years;
    double pv_lifetime_years, battery_lifetime_years;
    double capex_per_kw_electrolyser, om_per_kw_electrolyser_year, electrolyser_lifetime_years;
    double capex_per_kg_hydrogen_tank, hydrogen_tank_lifetime_years;
    double capex_per_kw_fuel_cell, om_per_kw_fuel_cell_year, fuel_cell_lifetime_years;
    double battery_eol_soh;       /* replace at this state of health */
    double discount_rate;         /* per year */
    double tariff_escalation;     /* per year */
    guint analysis_years;
} fs_finance_spec;

typedef struct {
    double pv_kwp, battery_kwh, battery_kw, wind_kw;
    double savings_per_year;      /* first year, currency */
    double pv_kwh_per_year;
    double soh_fade_per_year;     /* state of health lost per year */
    double electrolyser_kw, hydrogen_tank_kg, fuel_cell_kw;  /* 0 without hydrogen */
    double hydrogen_kg_per_year;  /* made */
} fs_finance_inputs;

typedef struct {
    double capex, npv, irr, simple_payback_years, annualised_cost, lcoe;
    double lcoh;                  /* currency/kg; NaN without hydrogen made */
} fs_finance_result;

/* Reads [finance]; *present = FALSE (and TRUE returned) when absent. */
/* The [finance] group's schema ({NULL}-terminated, static). */
const fs_scenario_schema *fs_finance_scenario_schema(void);

gboolean fs_finance_parse(const fs_scenario *sc, fs_finance_spec *out, gboolean *present, GError **error);
fs_finance_result fs_finance_evaluate(const fs_finance_spec *f, const fs_finance_inputs *in);

/* KPI parts. comparison: co2_abated_kg_per_year against the study's
 * reference point (every plant with a site); finance: npv, lcoe,
 * simple_payback_years, irr, annualised_cost, lcoh (with [finance]). */
const fs_kpi_part *fs_finance_comparison_kpi_part(void);
const fs_kpi_part *fs_finance_kpi_part(void);
/* Fills the finance part's values from f. */
void fs_finance_fill_kpi(const fs_finance_result *f, double *kpi);
/* NPV of cash flows cf[0..n] at rate r. */
double fs_finance_npv(const double *cf, guint n, double r);

#endif /* FS_FINANCE_H */
