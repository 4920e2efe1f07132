/* wind.h: wind turbines: weather -> AC power, hour by hour.
 *
 * Hub-height wind from the weather's 10 m speed by the power law
 * v_hub = v_10 (h / 10)^alpha (alpha 1/7 over open land), or the log law
 * v_hub = v_10 ln(h / z0) / ln(10 / z0) with roughness length z0; then the
 * power curve (points "m/s:kW", linear between them, 0 below the first and
 * at or above cut-out), times the number of turbines, less losses (wake,
 * availability, electrical). Air density is taken as the curve's (no
 * correction for temperature or altitude). Power is held over the hour.
 */
#ifndef FS_WIND_H
#define FS_WIND_H

#include <glib.h>

#include "models/site/weather.h"
#include "sim/scenario.h"

typedef struct {
    char *name;
    guint count;
    double hub_height_m, measurement_height_m;
    gboolean log_law;
    double shear_exponent, roughness_length_m;
    double cut_out_m_per_s;
    double losses_frac;
    guint n_curve;
    double curve_m_per_s[64], curve_kw[64];
    double rated_kw;     /* the curve's largest power, per turbine */
} fs_wind_turbines;

gboolean fs_wind_parse(const fs_scenario *sc, const char *name, fs_wind_turbines *out, GError **error);
void fs_wind_clear(fs_wind_turbines *t);

double fs_wind_hub_speed(const fs_wind_turbines *t, double v_measured_m_per_s);
/* One turbine's power at hub speed v (from the curve; 0 at or past cut-out). */
double fs_wind_curve_kw(const fs_wind_turbines *t, double v_hub_m_per_s);
/* All turbines, each hour of the weather year, kW; caller owns. */
double *fs_wind_hourly_kw(const fs_wind_turbines *t, const fs_weather *w);

#endif /* FS_WIND_H */
