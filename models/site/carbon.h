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
 */
#ifndef FS_CARBON_H
#define FS_CARBON_H

#include <glib.h>

typedef struct {
    double grid_kg_per_kwh;        /* constant grid intensity */
    const double *hourly_kg_per_kwh;/* 8760 by local hour of a typical year, or NULL; borrowed */
    double certificates_kwh_per_year, ppa_kwh_per_year;
    double supplier_kg_per_kwh;    /* market-based factor for uncovered imports */
    double scope1_kg_per_year;     /* on-site fuels */
} fs_carbon_spec;

/* Grid intensity, kg/kWh, at hour_of_year (0..8759 of the typical year;
 * used only with an hourly series). */
double fs_carbon_intensity_kg_per_kwh(const fs_carbon_spec *c, int hour_of_year);

/* Market-based Scope 2 of import_kwh over years of the run, kg. */
double fs_carbon_market_kg(const fs_carbon_spec *c, double import_kwh, double years);

/* Scope 1 over years of the run, kg. */
double fs_carbon_scope1_kg(const fs_carbon_spec *c, double years);

#endif /* FS_CARBON_H */
