/* weather.c: EPW reader (weather.h). */
#include "models/weather.h"

#include <math.h>
#include <string.h>

#include "sim/units.h"

G_DEFINE_QUARK(fs-weather-error-quark, fs_weather_error)

enum { F_MONTH = 1, F_DAY = 2, F_HOUR = 3, F_TEMP = 6, F_PRESSURE = 9, F_GHI = 13, F_DNI = 14, F_DHI = 15,
       F_WIND = 21, N_FIELDS = 35 };

static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

void fs_weather_free(fs_weather *w)
{
    if (!w)
        return;
    g_free(w->path);
    g_free(w->city);
    g_free(w->ghi_w_per_m2);
    g_free(w->dni_w_per_m2);
    g_free(w->dhi_w_per_m2);
    g_free(w->temp_air_degc);
    g_free(w->wind_m_per_s);
    g_free(w->pressure_mbar);
    g_free(w);
}

static gboolean field(char **f, int i, double *out)
{
    return fs_units_parse_number(g_strstrip(f[i]), out);
}

static fs_weather *fail(fs_weather *w, GError **error, const char *path, guint line, const char *what)
{
    g_set_error(error, FS_WEATHER_ERROR, 0, "%s line %u: %s", path, line, what);
    fs_weather_free(w);
    return NULL;
}

fs_weather *fs_weather_load_epw(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    GError *io = NULL;
    if (!g_file_get_contents(path, &text, NULL, &io)) {
        g_set_error(error, FS_WEATHER_ERROR, 0, "weather file %s", io->message);
        g_error_free(io);
        return NULL;
    }
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    fs_weather *w = g_new0(fs_weather, 1);
    w->path = g_strdup(path);
    double *cols[6];
    for (int i = 0; i < 6; i++)
        cols[i] = g_new0(double, FS_WEATHER_HOURS);
    w->ghi_w_per_m2 = cols[0];
    w->dni_w_per_m2 = cols[1];
    w->dhi_w_per_m2 = cols[2];
    w->temp_air_degc = cols[3];
    w->wind_m_per_s = cols[4];
    w->pressure_mbar = cols[5];
    if (!lines[0] || !g_str_has_prefix(lines[0], "LOCATION,"))
        return fail(w, error, path, 1, "an EPW file starts with a LOCATION line");
    g_auto(GStrv) loc = g_strsplit(g_strstrip(lines[0]), ",", -1);
    if (g_strv_length(loc) < 10 || !field(loc, 6, &w->latitude_deg) || !field(loc, 7, &w->longitude_deg)
        || !field(loc, 8, &w->tz_h) || !field(loc, 9, &w->elevation_m))
        return fail(w, error, path, 1, "LOCATION needs latitude, longitude, time zone and elevation in fields 7-10");
    w->city = g_strdup(loc[1]);
    guint n_lines = g_strv_length(lines), hour = 0;
    for (guint ln = 8; ln < n_lines && hour <= FS_WEATHER_HOURS; ln++) {
        char *line = g_strstrip(lines[ln]);
        if (!*line)
            continue;
        if (hour == FS_WEATHER_HOURS)
            return fail(w, error, path, ln + 1, "more than 8760 hourly rows (a leap year? use a 365-day typical year)");
        g_auto(GStrv) f = g_strsplit(line, ",", -1);
        if (g_strv_length(f) < N_FIELDS) {
            g_autofree char *m = g_strdup_printf("%u fields, an EPW row has %d", g_strv_length(f), N_FIELDS);
            return fail(w, error, path, ln + 1, m);
        }
        double month, day, hr, v[6];
        static const int idx[6] = {F_GHI, F_DNI, F_DHI, F_TEMP, F_WIND, F_PRESSURE};
        static const char *const names[6] = {"GHI (field 14)", "DNI (field 15)", "DHI (field 16)",
                                             "dry bulb (field 7)", "wind speed (field 22)", "pressure (field 10)"};
        if (!field(f, F_MONTH, &month) || !field(f, F_DAY, &day) || !field(f, F_HOUR, &hr))
            return fail(w, error, path, ln + 1, "month, day and hour (fields 2-4) must be numbers");
        int m = (int)month - 1, d = (int)day - 1, h = (int)hr - 1;
        int expect = hour;
        int doy = 0;
        for (int i = 0; i < m && i < 12; i++)
            doy += days_in_month[i];
        if (m < 0 || m > 11 || d < 0 || d >= days_in_month[m] || h < 0 || h > 23 || (doy + d) * 24 + h != expect) {
            g_autofree char *msg = g_strdup_printf("expected month/day/hour of hour %d of a 365-day year, got %g/%g/%g",
                                                   expect + 1, month, day, hr);
            return fail(w, error, path, ln + 1, msg);
        }
        for (int k = 0; k < 6; k++)
            if (!field(f, idx[k], &v[k]) || (k < 3 && v[k] < 0)) {
                g_autofree char *msg = g_strdup_printf("%s is not a valid value ('%s')", names[k], f[idx[k]]);
                return fail(w, error, path, ln + 1, msg);
            }
        cols[0][hour] = v[0];
        cols[1][hour] = v[1];
        cols[2][hour] = v[2];
        cols[3][hour] = v[3];
        cols[4][hour] = v[4];
        cols[5][hour] = v[5] / 100.0;  /* Pa -> mbar */
        hour++;
    }
    if (hour < FS_WEATHER_HOURS) {
        g_autofree char *msg = g_strdup_printf("only %u hourly rows; a year needs 8760", hour);
        return fail(w, error, path, n_lines, msg);
    }
    return w;
}
