/* solar_position.c: the NREL SPA (solar_position.h), section numbers from
 * Reda and Andreas (2004). */
#include "models/site/solar_position.h"

#include <math.h>
#include <stddef.h>

#include "models/site/spa_tables.h"
#include "sim/fmath.h"

#define DEG (M_PI / 180.0)
#define N_ROWS(t) (sizeof(t) / sizeof((t)[0]))

double fs_solar_julian_day(double unix_s)
{
    return unix_s / 86400.0 + 2440587.5;
}

static double wrap360(double deg)
{
    double r = fmod(deg, 360.0);
    return r < 0.0 ? r + 360.0 : r;
}

/* sum over rows of A fs_fmath_cos(B + C jme) (3.2.1) */
static double series(const double (*t)[3], size_t n, double jme)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += t[i][0] * fs_fmath_cos(t[i][1] + t[i][2] * jme);
    return s;
}

/* Polynomial in jme of the series (3.2.4): (X0 + X1 jme + ...)/1e8. */
static double earth_value(const double *terms, int n, double jme)
{
    double v = 0.0, p = 1.0;
    for (int i = 0; i < n; i++, p *= jme)
        v += terms[i] * p;
    return v / 1e8;
}

fs_solar_angles fs_solar_position(double jd, const fs_solar_site *site)
{
    /* 3.1: time scales */
    double jde = jd + site->delta_t_s / 86400.0;
    double jc = (jd - 2451545.0) / 36525.0, jce = (jde - 2451545.0) / 36525.0, jme = jce / 10.0;

    /* 3.2: heliocentric longitude, latitude, radius */
    double l[6] = {series(spa_l0, N_ROWS(spa_l0), jme), series(spa_l1, N_ROWS(spa_l1), jme),
                   series(spa_l2, N_ROWS(spa_l2), jme), series(spa_l3, N_ROWS(spa_l3), jme),
                   series(spa_l4, N_ROWS(spa_l4), jme), series(spa_l5, N_ROWS(spa_l5), jme)};
    double b[2] = {series(spa_b0, N_ROWS(spa_b0), jme), series(spa_b1, N_ROWS(spa_b1), jme)};
    double r[5] = {series(spa_r0, N_ROWS(spa_r0), jme), series(spa_r1, N_ROWS(spa_r1), jme),
                   series(spa_r2, N_ROWS(spa_r2), jme), series(spa_r3, N_ROWS(spa_r3), jme),
                   series(spa_r4, N_ROWS(spa_r4), jme)};
    double L = wrap360(earth_value(l, 6, jme) / DEG);
    double B = earth_value(b, 2, jme) / DEG;
    double R = earth_value(r, 5, jme);

    /* 3.3: geocentric */
    double theta = wrap360(L + 180.0), beta = -B;

    /* 3.4: nutation in longitude and obliquity */
    double jce2 = jce * jce, jce3 = jce2 * jce;
    double x[5] = {
        297.85036 + 445267.111480 * jce - 0.0019142 * jce2 + jce3 / 189474.0,
        357.52772 + 35999.050340 * jce - 0.0001603 * jce2 - jce3 / 300000.0,
        134.96298 + 477198.867398 * jce + 0.0086972 * jce2 + jce3 / 56250.0,
        93.27191 + 483202.017538 * jce - 0.0036825 * jce2 + jce3 / 327270.0,
        125.04452 - 1934.136261 * jce + 0.0020708 * jce2 + jce3 / 450000.0,
    };
    double dpsi = 0.0, deps = 0.0;
    for (size_t i = 0; i < 63; i++) {
        double arg = 0.0;
        for (int j = 0; j < 5; j++)
            arg += x[j] * spa_nutation_y[i][j];
        dpsi += (spa_nutation_abcd[i][0] + spa_nutation_abcd[i][1] * jce) * fs_fmath_sin(arg * DEG);
        deps += (spa_nutation_abcd[i][2] + spa_nutation_abcd[i][3] * jce) * fs_fmath_cos(arg * DEG);
    }
    dpsi /= 36000000.0;
    deps /= 36000000.0;

    /* 3.5: true obliquity of the ecliptic */
    double u = jme / 10.0;
    double eps0 = 84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67
                  + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
    double eps = eps0 / 3600.0 + deps;

    /* 3.6-3.7: aberration, apparent sun longitude */
    double lambda = theta + dpsi - 20.4898 / (3600.0 * R);

    /* 3.8: apparent sidereal time at Greenwich */
    double nu0 = wrap360(280.46061837 + 360.98564736629 * (jd - 2451545.0) + 0.000387933 * jc * jc
                         - jc * jc * jc / 38710000.0);
    double nu = nu0 + dpsi * fs_fmath_cos(eps * DEG);

    /* 3.9-3.10: geocentric right ascension and declination */
    double alpha = wrap360(fs_fmath_atan2(fs_fmath_sin(lambda * DEG) * fs_fmath_cos(eps * DEG) - fs_fmath_tan(beta * DEG) * fs_fmath_sin(eps * DEG),
                                 fs_fmath_cos(lambda * DEG)) / DEG);
    double delta = fs_fmath_asin(fs_fmath_sin(beta * DEG) * fs_fmath_cos(eps * DEG) + fs_fmath_cos(beta * DEG) * fs_fmath_sin(eps * DEG) * fs_fmath_sin(lambda * DEG)) / DEG;

    /* 3.11: observer local hour angle */
    double H = wrap360(nu + site->longitude_deg - alpha);

    /* 3.12: topocentric right ascension and declination (parallax) */
    double xi = 8.794 / (3600.0 * R);
    double phi = site->latitude_deg * DEG;
    double uu = fs_fmath_atan(0.99664719 * fs_fmath_tan(phi));
    double xx = fs_fmath_cos(uu) + site->elevation_m / 6378140.0 * fs_fmath_cos(phi);
    double yy = 0.99664719 * fs_fmath_sin(uu) + site->elevation_m / 6378140.0 * fs_fmath_sin(phi);
    double dalpha = fs_fmath_atan2(-xx * fs_fmath_sin(xi * DEG) * fs_fmath_sin(H * DEG), fs_fmath_cos(delta * DEG) - xx * fs_fmath_sin(xi * DEG) * fs_fmath_cos(H * DEG)) / DEG;
    double delta_p = fs_fmath_atan2((fs_fmath_sin(delta * DEG) - yy * fs_fmath_sin(xi * DEG)) * fs_fmath_cos(dalpha * DEG),
                           fs_fmath_cos(delta * DEG) - xx * fs_fmath_sin(xi * DEG) * fs_fmath_cos(H * DEG)) / DEG;
    double H_p = H - dalpha;

    /* 3.14: topocentric elevation with refraction, zenith */
    double e0 = fs_fmath_asin(fs_fmath_sin(phi) * fs_fmath_sin(delta_p * DEG) + fs_fmath_cos(phi) * fs_fmath_cos(delta_p * DEG) * fs_fmath_cos(H_p * DEG)) / DEG;
    double de = 0.0;
    if (e0 >= -(0.26667 + 0.5667))  /* refraction only for a sun at or above the horizon */
        de = site->pressure_mbar / 1010.0 * 283.0 / (273.0 + site->temperature_degc) * 1.02
             / (60.0 * fs_fmath_tan((e0 + 10.3 / (e0 + 5.11)) * DEG));
    fs_solar_angles a;
    a.zenith_deg = 90.0 - (e0 + de);

    /* 3.15: topocentric azimuth, from north eastward */
    double gamma = fs_fmath_atan2(fs_fmath_sin(H_p * DEG), fs_fmath_cos(H_p * DEG) * fs_fmath_sin(phi) - fs_fmath_tan(delta_p * DEG) * fs_fmath_cos(phi)) / DEG;
    a.azimuth_deg = wrap360(gamma + 180.0);
    a.incidence_factor = 0.0;
    return a;
}
