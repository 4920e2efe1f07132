/* psychro.h: moist air at the weather's conditions (ASHRAE Handbook -
 * Fundamentals 2017, ch. 1), for dry rooms and cooling towers.
 *
 * Saturation vapour pressure by Magnus with Sonntag's coefficients (within
 * 0.3 % of ASHRAE's Hyland-Wexler table over -40..50 degC): over water at
 * T >= 0, e = 6.112 exp(17.62 T / (243.12 + T)) hPa; over ice below,
 * e = 6.112 exp(22.46 T / (272.62 + T)) hPa. Humidity ratio at a dew (or
 * frost) point, W = 0.621945 e / (p - e). The thermodynamic wet bulb t*
 * solves ASHRAE's eq. 33 (t* >= 0; over ice, eq. 35 below):
 *     W = ((2501 - 2.326 t*) Ws(t*) - 1.006 (t - t*)) / (2501 + 1.86 t - 4.186 t*)
 *     W = ((2830 - 0.24 t*) Ws(t*) - 1.006 (t - t*)) / (2830 + 1.86 t - 2.1 t*)
 * for the air's W, by bisection between the dew point and the dry bulb
 * (the right side rises with t*, from at most W to Ws(t) >= W). Portable
 * arithmetic (sim/fmath.h): the same result on every CPU.
 */
#ifndef FS_PSYCHRO_H
#define FS_PSYCHRO_H

/* Saturation vapour pressure at t_degc, hPa. */
double fs_psychro_vapour_pressure_hpa(double t_degc);
/* Humidity ratio, kg water / kg dry air, at dew (or frost) point dew_degc
 * and pressure p_hpa. */
double fs_psychro_humidity_ratio(double dew_degc, double p_hpa);
/* The thermodynamic wet-bulb temperature, degC, of air at dry_degc with
 * its dew point at dew_degc (at most dry_degc) and pressure p_hpa. */
double fs_psychro_wet_bulb_degc(double dry_degc, double dew_degc, double p_hpa);

#endif /* FS_PSYCHRO_H */
