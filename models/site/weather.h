/* weather.h: a typical year of hourly weather from an EnergyPlus EPW file.
 *
 * EPW: 8 header lines (LOCATION gives latitude, longitude, time zone and
 * elevation), then 8760 hourly rows of 35 fields. The hour field is
 * hour-ending local standard time (1..24); irradiances are the energy of
 * the hour before it (Wh/m2, i.e. mean W/m2 over the hour). The year
 * column varies in a TMY file and is ignored: the data is one non-leap
 * year. The minute field differs between sources and is ignored.
 */
#ifndef FS_WEATHER_H
#define FS_WEATHER_H

#include <glib.h>

#define FS_WEATHER_HOURS 8760

typedef struct {
    char *path;
    char *city;
    double latitude_deg, longitude_deg, tz_h, elevation_m;
    /* per hour of the year, index 0 = Jan 1 00:00-01:00 local standard time */
    double *ghi_w_per_m2, *dni_w_per_m2, *dhi_w_per_m2;
    double *temp_air_degc, *wind_m_per_s, *pressure_mbar;
    double *dew_point_degc;   /* NaN where the file marks it missing (99.9) or it is impossible */
} fs_weather;

#define FS_WEATHER_ERROR (fs_weather_error_quark())
GQuark fs_weather_error_quark(void);

/* Reads an EPW file. Errors name the file, the line and the field. Caller
 * owns the result (fs_weather_free). */
fs_weather *fs_weather_load_epw(const char *path, GError **error);
/* The same from EPW text in memory (NUL-terminated); path names it in errors. */
fs_weather *fs_weather_parse_epw(const char *text, const char *path, GError **error);
void fs_weather_free(fs_weather *w);  /* NULL is a no-op */

/* A synthetic year without a weather file: clear-sky GHI by Haurwitz
 * (1945), GHI = 1098 cos Z exp(-0.057 / cos Z) W/m2, times a clearness
 * factor (0..1], split into beam and diffuse by the Erbs et al. (1982)
 * diffuse-fraction correlation, at a constant air temperature and 1 m/s
 * wind; the sun at mid-hour by SPA for the given year. Caller owns. */
fs_weather *fs_weather_clear_sky(double latitude_deg, double longitude_deg, double tz_h, double elevation_m,
                                 double clearness, double air_degc, int year);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_weather, fs_weather_free)

#endif /* FS_WEATHER_H */
