/* pv.h: photovoltaic arrays: weather -> AC power, hour by hour.
 *
 *   sun position (SPA, at mid-hour) -> plane-of-array irradiance
 *   (beam + sky diffuse + ground reflected; sky by the isotropic or the
 *   Hay-Davies model); the cover glass's angle-of-incidence loss (the
 *   physical IAM) on the beam only, as PVWatts v5 applies it (iam = beam,
 *   the default), or on every part, the diffuse and ground-reflected light
 *   at their effective angles (iam = all) -> cell temperature (Sandia SAPM, open rack
 *   glass/polymer: a = -3.56, b = -0.075, dT = 3 K; King et al. 2004) ->
 *   PVWatts DC: P_dc = POA/1000 x P_dc0 x (1 + gamma (T_cell - 25)) x
 *   (1 - losses) -> PVWatts inverter: eta = eta_nom/eta_ref (-0.0162 z -
 *   0.0059/z + 0.9858), z = P_dc / P_dc0_inv, clipped at the AC rating
 *   P_ac0 = P_dc0 / dc_ac_ratio (Dobos 2014, NREL/TP-6A20-62641).
 * The default loss breakdown (soiling 2, shading 3, snow 0, mismatch 2,
 * wiring 2, connections 0.5, light-induced degradation 1.5, nameplate 1,
 * age 0, availability 3 %) combines multiplicatively to 14.08 %.
 * Power is taken as constant over each hour (the weather's resolution).
 *
 * The calendar: the weather is a typical year of 365 days; PV is computed
 * for each hour of a real calendar year in the weather's local standard
 * time, the sun at the middle of that hour of that date. In a leap year
 * 29 February gets its own sun and 28 February's weather, and every later
 * day the weather of its own date (1 March the typical year's 1 March).
 */
#ifndef FS_PV_H
#define FS_PV_H

#include <glib.h>

#include "models/site/weather.h"
#include "sim/scenario.h"

typedef struct {
    char *name;
    double dc_kwp;              /* DC nameplate, kW */
    double tilt_deg;            /* from horizontal */
    double azimuth_deg;         /* facing, from north eastward: 180 = south */
    double dc_ac_ratio;         /* DC nameplate / inverter AC rating */
    double gamma_per_degc;      /* power temperature coefficient, 1/K (e.g. -0.0047) */
    double losses_frac;         /* combined system losses, 0..1 */
    double inverter_eta_nominal;/* 0.96 */
    double albedo;              /* ground reflectance */
    gboolean hay_davies;        /* else isotropic */
    gboolean iam_all;           /* the cover loss on diffuse and ground light too (else beam only) */
} fs_pv_array;

/* Combines loss percentages multiplicatively: 1 - prod(1 - l_i/100). */
double fs_pv_combine_losses(const double *percent, int n);
/* PVWatts' default loss breakdown, combined (0.1408). */
double fs_pv_default_losses_frac(void);

double fs_pv_cell_temp_degc(double poa_w_per_m2, double air_degc, double wind_m_per_s);
double fs_pv_dc_kw(const fs_pv_array *a, double poa_w_per_m2, double cell_degc);
double fs_pv_ac_kw(const fs_pv_array *a, double dc_kw);

/* Cover transmittance at incidence aoi_deg relative to normal (1 at 0). */
double fs_pv_iam(double aoi_deg);

/* Transmitted plane-of-array irradiance, W/m2, for the sun at zenith and
 * azimuth (degrees), from global horizontal, direct normal and diffuse
 * horizontal irradiance and the extraterrestrial normal irradiance (all
 * W/m2). */
double fs_pv_poa_w_per_m2(const fs_pv_array *a, double zenith_deg, double sun_azimuth_deg,
                          double ghi_w_per_m2, double dni_w_per_m2, double dhi_w_per_m2,
                          double dni_extra_w_per_m2);

/* Hours of a calendar year: 8760, or 8784 in a leap year. */
int fs_pv_hours_in_year(int year);
/* The typical (365-day) weather year's hour for hour k of calendar year
 * `year`: 29 February takes 28 February's, later days their own date's. */
int fs_pv_weather_hour(int year, int k);
/* AC power of the array for each hour of calendar year `year` (local
 * standard time of the weather), as above. Caller owns the
 * fs_pv_hours_in_year(year) values (g_free). */
double *fs_pv_hourly_ac_kw(const fs_pv_array *a, const fs_weather *w, int year);
/* The same for hours [from_hour, to_hour) of the year only (clamped to the
 * year); the others are 0 and are not the array's power: a caller that
 * reads only a run's hours pays for the sun's position in those alone. */
double *fs_pv_hourly_ac_kw_range(const fs_pv_array *a, const fs_weather *w, int year, int from_hour, int to_hour);

/* Reads [pv NAME]. */
gboolean fs_pv_parse(const fs_scenario *sc, const char *name, fs_pv_array *out, GError **error);
void fs_pv_clear(fs_pv_array *a);

#endif /* FS_PV_H */
