/* carbon.h: the site's carbon books: Scope 2 (location- and market-based)
 * and Scope 1.
 *
 * Location-based Scope 2 is each kWh imported times the grid intensity of
 * its hour: a constant factor ([site] grid_factor, a region's name or kg
 * per kWh) or an hourly series by local hour of a typical year ([site]
 * carbon_csv). Market-based Scope 2 is the imports not covered by energy
 * attribute certificates or PPAs (kWh per year, prorated to the run)
 * times the supplier's factor (by default the grid's mean). Scope 1 is the
 * on-site fuels ([fuel NAME]: quantity per year x emission factor),
 * prorated to the run. GHG Protocol Scope 2 Guidance (2015) is the
 * accounting these follow.
 *
 * Hourly matching: each local hour, the load is met first by on-site
 * generation and storage, then by the PPA's delivery of that hour (its
 * profile), then by the grid, whose carbon-free share counts. The score
 * is the year's carbon-free energy over its load; beside it the annual
 * figure (on-site + PPA + certificates by volume) and the on-site energy
 * exported and bought back in other hours, which annual netting would
 * count and hourly matching does not (docs/models/site.md).
 */
#ifndef FS_CARBON_H
#define FS_CARBON_H

#include <glib.h>

/* What a carbon price is paid on: Scope 1 alone (an emissions trading
 * scheme on the site's own combustion; its electricity's carbon is in the
 * tariff already), or Scope 1 and 2 (an internal carbon price), with
 * Scope 2 location- or market-based. */
typedef enum {
    FS_CARBON_PRICED_SCOPE1,
    FS_CARBON_PRICED_SCOPE1_2_LOCATION,
    FS_CARBON_PRICED_SCOPE1_2_MARKET,
} fs_carbon_priced;

typedef struct {
    double grid_kg_per_kwh;        /* constant grid intensity */
    const double *hourly_kg_per_kwh;/* 8760 by local hour of a typical year, or NULL; borrowed */
    double certificates_kwh_per_year, ppa_kwh_per_year;
    double supplier_kg_per_kwh;    /* market-based factor for uncovered imports */
    double scope1_kg_per_year;     /* on-site fuels */
    /* a carbon price ([site] carbon_price_per_t, in the tariff's currency
     * per tonne CO2; NaN: none) on the emissions it covers */
    double price_per_t;
    fs_carbon_priced covers;
    /* hourly matching ([site] hourly_matching, or a PPA's profile): the
     * PPA's delivery shape by local hour and month (multipliers; flat by
     * default), normalised so a typical year delivers ppa_kwh_per_year,
     * and the grid's carbon-free share counted in the score */
    gboolean hourly_matching;
    double ppa_profile_hour[24], ppa_profile_month[12];
    double ppa_norm;               /* sum of the shape over a 365-day year (hour-weights) */
    double grid_cfe_share;
} fs_carbon_spec;

/* Grid intensity, kg/kWh, at hour_of_year (0..8759 of the typical year;
 * used only with an hourly series). */
double fs_carbon_intensity_kg_per_kwh(const fs_carbon_spec *c, int hour_of_year);

/* Market-based Scope 2 of import_kwh over years of the run, kg. */
double fs_carbon_market_kg(const fs_carbon_spec *c, double import_kwh, double years);

/* Scope 1 over years of the run, kg. */
double fs_carbon_scope1_kg(const fs_carbon_spec *c, double years);

/* The PPA's delivery, kW, in local month (1..12) and hour (0..23). */
double fs_carbon_ppa_kw(const fs_carbon_spec *c, int month, int hour);

/* One hour's carbon-free energy (hourly matching, as Google's 24/7 CFE
 * score counts it), kWh: what on-site generation and storage met
 * (onsite_kwh), the PPA's delivery of the hour up to the rest of the load,
 * and the grid's carbon-free share of what remains. The PPA's excess
 * (delivered beyond the hour's need) goes to *ppa_excess_kwh. */
double fs_carbon_hour_cfe_kwh(const fs_carbon_spec *c, double load_kwh, double onsite_kwh, double ppa_kwh,
                              double *ppa_excess_kwh);

/* The emissions the price covers, kg, from the run's Scope 1 and its
 * location- and market-based Scope 2 (kg). */
double fs_carbon_priced_kg(const fs_carbon_spec *c, double scope1_kg, double location_kg, double market_kg);

#endif /* FS_CARBON_H */
