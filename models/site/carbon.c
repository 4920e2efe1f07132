/* carbon.c: Scope 1 and 2 books (carbon.h). */
#include "models/site/carbon.h"
#include "sim/fmath.h"

#include <math.h>

double fs_carbon_intensity_kg_per_kwh(const fs_carbon_spec *c, int hour_of_year)
{
    return c->hourly_kg_per_kwh ? c->hourly_kg_per_kwh[hour_of_year] : c->grid_kg_per_kwh;
}

double fs_carbon_market_kg(const fs_carbon_spec *c, double import_kwh, double years)
{
    double covered_kwh = fs_fmath_min(import_kwh, (c->certificates_kwh_per_year + c->ppa_kwh_per_year) * years);
    return (import_kwh - covered_kwh) * c->supplier_kg_per_kwh;
}

double fs_carbon_scope1_kg(const fs_carbon_spec *c, double years)
{
    return c->scope1_kg_per_year * years;
}

double fs_carbon_ppa_kw(const fs_carbon_spec *c, int month, int hour)
{
    if (!(c->ppa_kwh_per_year > 0.0))
        return 0.0;
    return c->ppa_kwh_per_year * c->ppa_profile_hour[hour] * c->ppa_profile_month[month - 1] / c->ppa_norm;
}

double fs_carbon_hour_cfe_kwh(const fs_carbon_spec *c, double load_kwh, double onsite_kwh, double ppa_kwh,
                              double *ppa_excess_kwh)
{
    double rest = fs_fmath_max(0.0, load_kwh - onsite_kwh), ppa_used = fs_fmath_min(rest, ppa_kwh);
    *ppa_excess_kwh = ppa_kwh - ppa_used;
    return onsite_kwh + ppa_used + c->grid_cfe_share * (rest - ppa_used);
}

double fs_carbon_priced_kg(const fs_carbon_spec *c, double scope1_kg, double location_kg, double market_kg)
{
    switch (c->covers) {
    case FS_CARBON_PRICED_SCOPE1:
        return scope1_kg;
    case FS_CARBON_PRICED_SCOPE1_2_LOCATION:
        return scope1_kg + location_kg;
    case FS_CARBON_PRICED_SCOPE1_2_MARKET:
        return scope1_kg + market_kg;
    }
    return NAN;
}
