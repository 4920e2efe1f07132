/* wind.c: hub-height extrapolation and power curves (wind.h). */
#include "models/site/wind.h"

#include <math.h>
#include <string.h>

#include "sim/fmath.h"
#include "sim/units.h"

double fs_wind_hub_speed(const fs_wind_turbines *t, double v)
{
    if (t->log_law)
        return v * fs_fmath_log(t->hub_height_m / t->roughness_length_m) / fs_fmath_log(t->measurement_height_m / t->roughness_length_m);
    return v * fs_fmath_pow(t->hub_height_m / t->measurement_height_m, t->shear_exponent);
}

double fs_wind_curve_kw(const fs_wind_turbines *t, double v)
{
    if (t->n_curve == 0 || v < t->curve_m_per_s[0] || v >= t->cut_out_m_per_s)
        return 0.0;
    for (guint i = 1; i < t->n_curve; i++)
        if (v <= t->curve_m_per_s[i]) {
            double f = (v - t->curve_m_per_s[i - 1]) / (t->curve_m_per_s[i] - t->curve_m_per_s[i - 1]);
            return t->curve_kw[i - 1] + f * (t->curve_kw[i] - t->curve_kw[i - 1]);
        }
    return t->curve_kw[t->n_curve - 1];  /* past the last point, up to cut-out: flat */
}

double *fs_wind_hourly_kw(const fs_wind_turbines *t, const fs_weather *w)
{
    double *kw = g_new(double, FS_WEATHER_HOURS);
    for (int h = 0; h < FS_WEATHER_HOURS; h++)
        kw[h] = t->count * (1.0 - t->losses_frac) * fs_wind_curve_kw(t, fs_wind_hub_speed(t, w->wind_m_per_s[h]));
    return kw;
}

gboolean fs_wind_parse(const fs_scenario *sc, const char *name, fs_wind_turbines *out, GError **error)
{
    g_autofree char *group = g_strconcat("wind ", name, NULL);
    g_autofree char *curve = NULL, *law = NULL;
    fs_wind_turbines t = {.name = g_strdup(name)};
    gint64 count;
    double losses_pct;
    gboolean ok = fs_scenario_get_int(sc, group, "count", FALSE, 1, 0, 100000, &count, error)
                  && fs_scenario_get_number(sc, group, "hub_height_m", TRUE, 0, 1, 500, &t.hub_height_m, error)
                  && fs_scenario_get_number(sc, group, "measurement_height_m", FALSE, 10, 1, 500, &t.measurement_height_m, error)
                  && fs_scenario_get_string(sc, group, "extrapolation", FALSE, &law, error)
                  && fs_scenario_get_number(sc, group, "shear_exponent", FALSE, 1.0 / 7.0, 0, 1, &t.shear_exponent, error)
                  && fs_scenario_get_number(sc, group, "roughness_length_m", FALSE, 0.03, 1e-5, 5, &t.roughness_length_m, error)
                  && fs_scenario_get_number(sc, group, "cut_out_m_per_s", FALSE, 25, 1, 100, &t.cut_out_m_per_s, error)
                  && fs_scenario_get_number(sc, group, "losses_percent", FALSE, 10, 0, 99, &losses_pct, error)
                  && fs_scenario_get_string(sc, group, "power_curve", TRUE, &curve, error);
    if (ok && law && strcmp(law, "power") != 0 && strcmp(law, "log") != 0) {
        fs_scenario_error_at(sc, error, group, "extrapolation", "must be power or log");
        ok = FALSE;
    }
    if (ok) {
        g_auto(GStrv) pts = g_strsplit(curve, ",", -1);
        for (int i = 0; pts[i] && ok; i++) {
            char *p = g_strstrip(pts[i]), *colon = strchr(p, ':');
            double v, kw;
            if (!colon || t.n_curve >= 64) {
                ok = FALSE;
            } else {
                *colon = '\0';
                ok = fs_units_parse_number(g_strstrip(p), &v) && fs_units_parse_number(g_strstrip(colon + 1), &kw)
                     && kw >= 0 && (t.n_curve == 0 || v > t.curve_m_per_s[t.n_curve - 1]);
            }
            if (!ok) {
                fs_scenario_error_at(sc, error, group, "power_curve",
                                     "point %d: give m/s:kW pairs with speeds increasing, e.g. 3:0, 4:66, 12:2000", i + 1);
                break;
            }
            t.curve_m_per_s[t.n_curve] = v;
            t.curve_kw[t.n_curve++] = kw;
            t.rated_kw = fmax(t.rated_kw, kw);
        }
    }
    if (!ok) {
        fs_wind_clear(&t);
        return FALSE;
    }
    t.count = (guint)count;
    t.log_law = law && strcmp(law, "log") == 0;
    t.losses_frac = losses_pct / 100.0;
    *out = t;
    return TRUE;
}

void fs_wind_clear(fs_wind_turbines *t)
{
    g_free(t->name);
    memset(t, 0, sizeof *t);
}
