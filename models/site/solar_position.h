/* solar_position.h: where the sun is: NREL's Solar Position Algorithm
 * (Reda and Andreas, "Solar Position Algorithm for Solar Radiation
 * Applications", NREL/TP-560-34302, 2004; revised 2008), implemented here
 * from the paper's equations. Uncertainty +/-0.0003 degrees for years
 * -2000 to 6000. Pure functions, safe from any thread.
 */
#ifndef FS_SOLAR_POSITION_H
#define FS_SOLAR_POSITION_H

typedef struct {
    double latitude_deg;    /* north positive */
    double longitude_deg;   /* east positive */
    double elevation_m;
    double pressure_mbar;   /* annual mean local pressure, for refraction */
    double temperature_degc;/* annual mean local temperature, for refraction */
    double delta_t_s;       /* TT - UT, e.g. 67 s around 2003, 69 s around 2020 */
} fs_solar_site;

typedef struct {
    double zenith_deg;      /* topocentric, with refraction */
    double azimuth_deg;     /* from north, eastward (180 = south) */
    double incidence_factor;/* unused by SPA callers; reserved */
} fs_solar_angles;

/* Julian day of a UTC instant given as seconds since 1970-01-01T00:00Z. */
double fs_solar_julian_day(double unix_s);

/* Sun position at jd (UTC Julian day) for site. */
fs_solar_angles fs_solar_position(double jd, const fs_solar_site *site);

#endif /* FS_SOLAR_POSITION_H */
