/* tariff.h: electricity tariffs: what each kWh and kW costs.
 *
 * The shape of OpenEI's Utility Rate Database: named periods with an
 * energy rate, and for each month a 24-hour weekday and weekend schedule of
 * periods (12 x 24 each); optional monthly tiers that add to the rate as
 * the month's imports grow; demand charges on the largest billing-interval
 * average import of the month (flat, and per period); a fixed monthly
 * charge; an export rate (or no export); an import limit. China's
 * peak/flat/valley/critical-peak tariffs and the UK's red/amber/green bands
 * are scenario data for this one structure (scenarios/tariffs/).
 *
 * Scenario form ([tariff]):
 *   periods = valley:0.35, flat:0.65, peak:1.10      (currency per kWh)
 *   weekday = 0-8 valley, 8-10 flat, 10-12 peak, 12-14 flat, 14-19 peak, 19-24 flat
 *   weekend = 0-24 flat                                (default: as weekday)
 *   season_months = 7-9; season_weekday = ...; season_weekend = ...
 *   tier_kwh = 100000, 500000; tier_adder = 0, 0.02, 0.05
 *   demand_charge_per_kw = 32; demand_charge_by_period = peak:10
 *   fixed_per_month = 500; export_rate = 0.39 (or none); import_limit_kw = 5000
 *   currency = CNY
 * or `urdb = record.json`, a URDB JSON record (see fs_tariff_load_urdb).
 */
#ifndef FS_TARIFF_H
#define FS_TARIFF_H

#include <glib.h>

#include "sim/scenario.h"

#define FS_TARIFF_MAX_PERIODS 32

typedef struct {
    char *currency;
    guint n_periods;
    char *period_name[FS_TARIFF_MAX_PERIODS];
    double rate_per_kwh[FS_TARIFF_MAX_PERIODS];
    double demand_per_kw_by_period[FS_TARIFF_MAX_PERIODS];
    guint8 weekday[12][24];  /* period index by month and local hour */
    guint8 weekend[12][24];
    double demand_per_kw;    /* flat, on the month's peak interval */
    double fixed_per_month;
    gboolean export_allowed;
    double export_per_kwh;
    double import_limit_kw;  /* INFINITY when none */
    guint n_tiers;           /* adders: tier i covers [tier_kwh[i-1], tier_kwh[i]) */
    double tier_kwh[8];
    double tier_adder[9];
} fs_tariff;

gboolean fs_tariff_parse(const fs_scenario *sc, fs_tariff *out, GError **error);
/* Reads a URDB JSON record (a file holding one rate, or {"items":[rate]}):
 * energyratestructure (first tier rates and adj, tiers by "max"),
 * energyweekdayschedule / energyweekendschedule, flatdemandstructure,
 * demandratestructure / demandweekdayschedule (per-period demand),
 * fixedmonthlycharge or fixedchargefirstmeter, and "sell" rates for export. */
gboolean fs_tariff_load_urdb(const char *path, fs_tariff *out, GError **error);
/* The same from len bytes of JSON in memory; path names it in errors. */
gboolean fs_tariff_parse_urdb(const char *json, gsize len, const char *path, fs_tariff *out, GError **error);
void fs_tariff_clear(fs_tariff *t);

static inline guint fs_tariff_period(const fs_tariff *t, int month0, gboolean weekend, int hour)
{
    return weekend ? t->weekend[month0][hour] : t->weekday[month0][hour];
}

/* The tier adder for a month whose imports so far are month_kwh. */
double fs_tariff_tier_adder(const fs_tariff *t, double month_kwh);

/* ---- billing: a month's bill as the meter books it ---- */

/* One calendar month of the bill, in the tariff's currency. */
typedef struct {
    int year, month;                         /* local calendar month (1-12) */
    double energy_charge, export_credit;     /* currency */
    double import_kwh, export_kwh;
    double demand_peak_kw;                   /* largest billing-interval average import */
    double period_peak_kw[FS_TARIFF_MAX_PERIODS];  /* the same within each period */
} fs_tariff_bill;

/* The bill of (year, month) in bills (an array of fs_tariff_bill in
 * time order): the last one, or a new one appended. */
fs_tariff_bill *fs_tariff_bill_for(GArray *bills, int year, int month);
/* Books import_kwh at rate_per_kwh (plus the tier adder the month's
 * imports so far reach) and export_kwh at export_per_kwh; *charge and
 * *credit say what they added, currency. */
void fs_tariff_bill_energy(const fs_tariff *t, fs_tariff_bill *bill, double rate_per_kwh, double export_per_kwh,
                           double import_kwh, double export_kwh, double *charge, double *credit);
/* A billing interval's average import avg_kw in period: the peaks. */
void fs_tariff_bill_interval(fs_tariff_bill *bill, guint period, double avg_kw);
/* The month's demand charge: flat on its peak plus each period's. */
double fs_tariff_bill_demand_charge(const fs_tariff *t, const fs_tariff_bill *bill);

#endif /* FS_TARIFF_H */
