/* psychro.c: moist air (psychro.h). */
#include "models/site/psychro.h"

#include <math.h>

#include "sim/fmath.h"

#define EPSILON_WATER_AIR 0.621945  /* molar mass of water / dry air */

double fs_psychro_vapour_pressure_hpa(double t_degc)
{
    return t_degc >= 0.0 ? 6.112 * fs_fmath_exp(17.62 * t_degc / (243.12 + t_degc))
                         : 6.112 * fs_fmath_exp(22.46 * t_degc / (272.62 + t_degc));
}

double fs_psychro_humidity_ratio(double dew_degc, double p_hpa)
{
    double e_hpa = fs_psychro_vapour_pressure_hpa(dew_degc);
    return EPSILON_WATER_AIR * e_hpa / (p_hpa - e_hpa);
}

/* The humidity ratio of air at dry_degc whose wet bulb is wb_degc (ASHRAE
 * 2017 ch. 1, eq. 33 over water, 35 over ice). */
static double ratio_at_wet_bulb(double dry_degc, double wb_degc, double p_hpa)
{
    double ws = fs_psychro_humidity_ratio(wb_degc, p_hpa);
    if (wb_degc >= 0.0)
        return ((2501.0 - 2.326 * wb_degc) * ws - 1.006 * (dry_degc - wb_degc))
               / (2501.0 + 1.86 * dry_degc - 4.186 * wb_degc);
    return ((2830.0 - 0.24 * wb_degc) * ws - 1.006 * (dry_degc - wb_degc)) / (2830.0 + 1.86 * dry_degc - 2.1 * wb_degc);
}

double fs_psychro_wet_bulb_degc(double dry_degc, double dew_degc, double p_hpa)
{
    double w = fs_psychro_humidity_ratio(dew_degc, p_hpa);
    /* the right side rises with t*: at most W at the dew point, Ws(t) >= W at the dry bulb */
    double lo = fmin(dew_degc, dry_degc), hi = dry_degc;
    for (int i = 0; i < 60 && hi - lo > 1e-9; i++) {
        double mid = 0.5 * (lo + hi);
        if (ratio_at_wet_bulb(dry_degc, mid, p_hpa) > w)
            hi = mid;
        else
            lo = mid;
    }
    return 0.5 * (lo + hi);
}
