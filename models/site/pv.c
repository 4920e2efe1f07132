/* pv.c: transposition, cell temperature, PVWatts DC and inverter (pv.h). */
#include "models/site/pv.h"

#include <math.h>
#include <string.h>

#include "models/site/solar_position.h"
#include "sim/fmath.h"
#include "sim/local_time.h"

#define DEG (M_PI / 180.0)
#define SOLAR_CONSTANT_W_PER_M2 1367.0
#define DELTA_T_S 69.0   /* TT - UT in the 2020s */

static const double default_loss_pct[10] = {2, 3, 0, 2, 2, 0.5, 1.5, 1, 0, 3};

double fs_pv_combine_losses(const double *percent, int n)
{
    double keep = 1.0;
    for (int i = 0; i < n; i++)
        keep *= 1.0 - percent[i] / 100.0;
    return 1.0 - keep;
}

double fs_pv_default_losses_frac(void)
{
    return fs_pv_combine_losses(default_loss_pct, 10);
}

double fs_pv_cell_temp_degc(double poa_w_per_m2, double air_degc, double wind_m_per_s)
{
    double module_degc = poa_w_per_m2 * fs_fmath_exp(-3.56 - 0.075 * wind_m_per_s) + air_degc;
    return module_degc + poa_w_per_m2 / 1000.0 * 3.0;
}

double fs_pv_dc_kw(const fs_pv_array *a, double poa_w_per_m2, double cell_degc)
{
    double dc = poa_w_per_m2 / 1000.0 * a->dc_kwp * (1.0 + a->gamma_per_degc * (cell_degc - 25.0));
    return fmax(0.0, dc * (1.0 - a->losses_frac));
}

double fs_pv_ac_kw(const fs_pv_array *a, double dc_kw)
{
    if (dc_kw <= 0.0)
        return 0.0;
    double ac0_kw = a->dc_kwp / a->dc_ac_ratio;
    double dc0_inv_kw = ac0_kw / a->inverter_eta_nominal;
    double z = dc_kw / dc0_inv_kw;
    double eta = a->inverter_eta_nominal / 0.9637 * (-0.0162 * z - 0.0059 / z + 0.9858);
    return fmin(fmax(0.0, eta * dc_kw), ac0_kw);
}

/* Transmittance of the module cover at incidence theta relative to normal
 * incidence: Fresnel reflection (n = 1.526) and absorption (K L = 4 m^-1 x
 * 2 mm) in the glass, as PVWatts v5 applies it (De Soto et al. 2006). */
double fs_pv_iam(double aoi_deg)
{
    if (aoi_deg >= 90.0)
        return 0.0;
    const double n = 1.526, kl = 4.0 * 0.002;
    double t = fmax(aoi_deg, 1e-6) * DEG, tr = fs_fmath_asin(fs_fmath_sin(t) / n);
    double sd = fs_fmath_sin(tr - t), ss = fs_fmath_sin(tr + t), td = fs_fmath_tan(tr - t), ts = fs_fmath_tan(tr + t);
    double fresnel = 0.5 * (sd * sd / (ss * ss) + td * td / (ts * ts));
    double tau = fs_fmath_exp(-kl / fs_fmath_cos(tr)) * (1.0 - fresnel);
    double tau0 = fs_fmath_exp(-kl) * (1.0 - ((n - 1.0) / (n + 1.0)) * ((n - 1.0) / (n + 1.0)));
    return fmax(0.0, tau / tau0);
}

double fs_pv_poa_w_per_m2(const fs_pv_array *a, double zenith_deg, double sun_azimuth_deg,
                          double ghi_w_per_m2, double dni_w_per_m2, double dhi_w_per_m2,
                          double dni_extra_w_per_m2)
{
    double beta = a->tilt_deg * DEG, cz = fs_fmath_cos(zenith_deg * DEG);
    double cos_aoi = cz * fs_fmath_cos(beta) + fs_fmath_sin(zenith_deg * DEG) * fs_fmath_sin(beta) * fs_fmath_cos((sun_azimuth_deg - a->azimuth_deg) * DEG);
    double aoi_deg = fs_fmath_acos(fmax(-1.0, fmin(1.0, cos_aoi))) / DEG;
    double beam = zenith_deg < 90.0 ? dni_w_per_m2 * fmax(0.0, cos_aoi) * fs_pv_iam(aoi_deg) : 0.0;
    /* iam = all: effective incidence of sky and ground diffuse on a tilted
     * plane (Brandemuehl and Beckman 1980, in Duffie and Beckman 4th ed.,
     * 5.4); PVWatts v5 (iam = beam) leaves diffuse light without a loss. */
    double tilt = a->tilt_deg;
    double iam_sky = a->iam_all ? fs_pv_iam(59.7 - 0.1388 * tilt + 0.001497 * tilt * tilt) : 1.0;
    double iam_ground = a->iam_all ? fs_pv_iam(90.0 - 0.5788 * tilt + 0.002693 * tilt * tilt) : 1.0;
    double iso = (1.0 + fs_fmath_cos(beta)) / 2.0, sky;
    if (a->hay_davies && zenith_deg < 90.0 && dni_extra_w_per_m2 > 0.0) {
        /* Hay and Davies (1980): part of the diffuse is circumsolar,
         * in proportion to the beam's share of extraterrestrial. */
        double ai = dni_w_per_m2 / dni_extra_w_per_m2;
        double rb = fmax(0.0, cos_aoi) / fmax(cz, fs_fmath_cos(89.0 * DEG));
        /* the circumsolar part arrives with the beam's incidence */
        sky = dhi_w_per_m2 * (ai * rb * (a->iam_all ? fs_pv_iam(aoi_deg) : 1.0) + (1.0 - ai) * iso * iam_sky);
    } else {
        sky = dhi_w_per_m2 * iso * iam_sky;
    }
    double ground = ghi_w_per_m2 * a->albedo * (1.0 - fs_fmath_cos(beta)) / 2.0 * iam_ground;
    return fmax(0.0, beam + sky + ground);
}

int fs_pv_hours_in_year(int year)
{
    return fs_days_in_year(year) * 24;
}

int fs_pv_weather_hour(int year, int k)
{
    int day = k / 24;
    if (fs_pv_hours_in_year(year) > FS_WEATHER_HOURS && day >= 59)
        day = day == 59 ? 58 : day - 1;  /* 29 February: 28 February's; later: their own date's */
    return day * 24 + k % 24;
}

double *fs_pv_hourly_ac_kw(const fs_pv_array *a, const fs_weather *w, int year)
{
    return fs_pv_hourly_ac_kw_range(a, w, year, 0, fs_pv_hours_in_year(year));
}

double *fs_pv_hourly_ac_kw_range(const fs_pv_array *a, const fs_weather *w, int year, int from_hour, int to_hour)
{
    int n = fs_pv_hours_in_year(year);
    double *ac = g_new0(double, n);
    from_hour = MAX(from_hour, 0);
    to_hour = MIN(to_hour, n);
    GDateTime *jan1 = g_date_time_new_utc(year, 1, 1, 0, 0, 0);
    double jan1_local_unix_s = (double)g_date_time_to_unix(jan1) - w->tz_h * 3600.0;
    g_date_time_unref(jan1);
    fs_solar_site site = {w->latitude_deg, w->longitude_deg, w->elevation_m, 1013.25, 15.0, DELTA_T_S};
    for (int k = from_hour; k < to_hour; k++) {
        int h = fs_pv_weather_hour(year, k);
        if (w->ghi_w_per_m2[h] <= 0.0 && w->dhi_w_per_m2[h] <= 0.0)
            continue;
        site.pressure_mbar = w->pressure_mbar[h] > 500 ? w->pressure_mbar[h] : 1013.25;
        site.temperature_degc = w->temp_air_degc[h];
        /* EPW hours end at h + 1: the sun is taken at the middle of the hour */
        double unix_s = jan1_local_unix_s + (k + 0.5) * 3600.0;
        fs_solar_angles sun = fs_solar_position(fs_solar_julian_day(unix_s), &site);
        double doy = floor(k / 24.0) + 1.0;
        double dni_extra = SOLAR_CONSTANT_W_PER_M2 * (1.0 + 0.033 * fs_fmath_cos(2.0 * M_PI * doy / 365.0));
        double poa = fs_pv_poa_w_per_m2(a, sun.zenith_deg, sun.azimuth_deg, w->ghi_w_per_m2[h],
                                        w->dni_w_per_m2[h], w->dhi_w_per_m2[h], dni_extra);
        double cell = fs_pv_cell_temp_degc(poa, w->temp_air_degc[h], w->wind_m_per_s[h]);
        ac[k] = fs_pv_ac_kw(a, fs_pv_dc_kw(a, poa, cell));
    }
    return ac;
}

gboolean fs_pv_parse(const fs_scenario *sc, const char *name, fs_pv_array *out, GError **error)
{
    g_autofree char *group = g_strconcat("pv ", name, NULL);
    g_autofree char *transposition = NULL, *iam = NULL;
    fs_pv_array a = {.name = g_strdup(name)};
    double losses_pct = fs_pv_default_losses_frac() * 100.0;
    gboolean ok = fs_scenario_get_number(sc, group, "kwp", TRUE, 0, 0, 1e9, &a.dc_kwp, error)
                  && fs_scenario_get_number(sc, group, "tilt_deg", FALSE, 20, 0, 90, &a.tilt_deg, error)
                  && fs_scenario_get_number(sc, group, "azimuth_deg", FALSE, 180, 0, 360, &a.azimuth_deg, error)
                  && fs_scenario_get_number(sc, group, "dc_ac_ratio", FALSE, 1.2, 0.1, 10, &a.dc_ac_ratio, error)
                  && fs_scenario_get_number(sc, group, "gamma_per_degc", FALSE, -0.0047, -0.05, 0.05,
                                            &a.gamma_per_degc, error)
                  && fs_scenario_get_number(sc, group, "losses_percent", FALSE, losses_pct, 0, 99, &losses_pct, error)
                  && fs_scenario_get_number(sc, group, "inverter_efficiency", FALSE, 0.96, 0.5, 1.0,
                                            &a.inverter_eta_nominal, error)
                  && fs_scenario_get_number(sc, group, "albedo", FALSE, 0.2, 0, 1, &a.albedo, error)
                  && fs_scenario_get_string(sc, group, "transposition", FALSE, &transposition, error)
                  && fs_scenario_get_string(sc, group, "iam", FALSE, &iam, error);
    if (ok && iam && strcmp(iam, "beam") != 0 && strcmp(iam, "all") != 0) {
        fs_scenario_error_at(sc, error, group, "iam",
                             "must be beam (the cover loss on the beam only, as PVWatts v5) or all (on diffuse and "
                             "ground-reflected light too)");
        ok = FALSE;
    }
    if (ok && transposition && strcmp(transposition, "isotropic") != 0 && strcmp(transposition, "haydavies") != 0) {
        fs_scenario_error_at(sc, error, group, "transposition", "must be isotropic or haydavies");
        ok = FALSE;
    }
    if (!ok) {
        fs_pv_clear(&a);
        return FALSE;
    }
    a.losses_frac = losses_pct / 100.0;
    a.hay_davies = !transposition || strcmp(transposition, "haydavies") == 0;
    a.iam_all = iam && strcmp(iam, "all") == 0;
    *out = a;
    return TRUE;
}

void fs_pv_clear(fs_pv_array *a)
{
    g_free(a->name);
    memset(a, 0, sizeof *a);
}
