/* bill.h: the bill of each calendar month from the meter's intervals.
 *
 * The site hands every billing interval (its start, length, imports and
 * exports in kWh) to a book; when a month ends the book computes its bill
 * from what the tariff (tariff.h) says, in this order:
 *
 * 1. Export rule. Net billing: each interval's imports are bought and its
 *    exports paid at the period's sell rate. Hourly net billing: each local
 *    clock hour's imports and exports are netted first. Net metering:
 *    within each energy period of the month, exports offset imports kWh
 *    for kWh (each interval's imports scaled by the period's net share); a
 *    period's net surplus is paid at its sell rate that month (no kWh
 *    carried to later months).
 * 2. Energy: the billable imports in time order fill the tiers of the
 *    interval's period, tier limits counting the month's billable imports
 *    over all periods (limits x 1, x the calendar days of the month, or x
 *    the month's peak demand in kW, by the tier basis).
 * 3. Demand: the demand-window average imports (windows aligned to the
 *    local clock); the flat charge on the month's largest, raised by the
 *    ratchet to ratchet_frac x the largest peak of the counted earlier
 *    months (warm-up months count; months before the run do not exist);
 *    each demand period's charge on its own largest; both through tiers.
 * 4. Coincident peaks: each group's largest window average over its hours,
 *    booked in the month where the group's last hour falls (or, when the
 *    run ends first, in the run's last month, on the hours it covered).
 * 5. Fixed charge: per month, whole in every month the run touches; per
 *    day and per year, pro rata to the days covered (a year of 365 or 366).
 * 6. Minimum: when energy + demand + coincident + fixed - export credit is
 *    below the minimum (per month; per day x days covered; per year x the
 *    share of the calendar year covered, checked in December or the run's
 *    last month against the year's bills), the difference is added.
 */
#ifndef FS_BILL_H
#define FS_BILL_H

#include <glib.h>

#include "models/site/tariff.h"

typedef struct {
    int year, month;                  /* local calendar month, 1..12 */
    double days;                      /* days of the month the run covers */
    double import_kwh, export_kwh;    /* metered */
    double peak_kw;                   /* largest demand-window average import */
    double billed_demand_kw;          /* the flat demand billed: peak_kw or the ratchet */
    double energy_charge, demand_charge, coincident_charge, fixed_charge, minimum_charge, export_credit, total;
    /* the lines: energy by period and tier, demand by period, coincident by group */
    double energy_kwh[FS_TARIFF_MAX_PERIODS][FS_TARIFF_MAX_TIERS];
    double energy_cost[FS_TARIFF_MAX_PERIODS][FS_TARIFF_MAX_TIERS];
    double export_period_kwh[FS_TARIFF_MAX_PERIODS];   /* credited exports */
    double export_period_credit[FS_TARIFF_MAX_PERIODS];
    double flat_demand_charge;
    double period_peak_kw[FS_TARIFF_MAX_PERIODS];
    double period_demand_charge[FS_TARIFF_MAX_PERIODS];
    double coincident_peak_kw[FS_TARIFF_MAX_COINCIDENT];
    double coincident_group_charge[FS_TARIFF_MAX_COINCIDENT];
    gboolean coincident_booked[FS_TARIFF_MAX_COINCIDENT];
} fs_bill;

typedef struct fs_bill_book fs_bill_book;

/* tariff is borrowed; interval_s the meter's billing interval; the
 * demand window must be a whole number of intervals (site_spec checks). */
fs_bill_book *fs_bill_book_new(const fs_tariff *tariff, double interval_s, double utc_offset_s);
void fs_bill_book_free(fs_bill_book *b);
/* The interval [unix_s, unix_s + dt_s): imports and exports, kWh. In
 * time order, contiguous. */
void fs_bill_book_add(fs_bill_book *b, double unix_s, double dt_s, double import_kwh, double export_kwh);
/* The run has ended: bills the open month. */
void fs_bill_book_close(fs_bill_book *b);
/* The warm-up has ended: bills so far (and the open month's part) are
 * dropped; the peaks of the months so far stay for the ratchet. */
void fs_bill_book_restart(fs_bill_book *b);
/* The bills (fs_bill), in time order. */
const GArray *fs_bill_book_bills(const fs_bill_book *b);

#endif /* FS_BILL_H */
