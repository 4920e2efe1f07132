/* weather.c: EPW reader (weather.h). */
#include "models/site/weather.h"

#include <math.h>
#include <string.h>

#include "models/site/solar_position.h"
#include "sim/fmath.h"
#include "sim/local_time.h"
#include "sim/text_file.h"
#include "sim/units.h"

G_DEFINE_QUARK(fs-weather-error-quark, fs_weather_error)

enum { F_MONTH = 1, F_DAY = 2, F_HOUR = 3, F_TEMP = 6, F_DEW = 7, F_PRESSURE = 9, F_GHI = 13, F_DNI = 14, F_DHI = 15,
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
    g_free(w->dew_point_degc);
    g_free(w->wind_m_per_s);
    g_free(w->pressure_mbar);
    g_free(w);
}

static gboolean field(char **f, int i, double *out)
{
    return fs_units_parse_number(g_strstrip(f[i]), out);
}

/* Splits line at its commas in place into f (at most max - 1 fields, then
 * NULL); returns how many fields the line has, which may exceed what f
 * holds. No allocation: a g_strsplit per row was a third of reading a
 * year (issue 19). */
static guint split_fields(char *line, char **f, guint max)
{
    guint n = 0;
    for (char *p = line;; p++) {
        if (n + 1 < max)
            f[n] = p;
        n++;
        p = strchr(p, ',');
        if (!p)
            break;
        *p = '\0';
    }
    f[MIN(n, max - 1)] = NULL;
    return n;
}

static fs_weather *fail(fs_weather *w, GError **error, const char *path, guint line, const char *what)
{
    g_set_error(error, FS_WEATHER_ERROR, 0, "%s line %u: %s", path, line, what);
    fs_weather_free(w);
    return NULL;
}

static fs_weather *parse_epw(const char *text, gsize len, const char *path, GError **error);

fs_weather *fs_weather_load_epw(const char *path, GError **error)
{
    const char *text = NULL;
    gsize len = 0;
    GError *io = NULL;
    g_autoptr(GMappedFile) map = fs_text_file_map(path, &text, &len, &io);
    if (!map) {
        g_set_error(error, FS_WEATHER_ERROR, 0, "weather file %s", io->message);
        g_error_free(io);
        return NULL;
    }
    return parse_epw(text, len, path, error);
}

fs_weather *fs_weather_parse_epw(const char *text, const char *path, GError **error)
{
    return parse_epw(text, strlen(text), path, error);
}

/* Line ln (from 0) of the text, one at a time: the next line's bytes copied
 * into line (without its newline), the cursor moved past it. FALSE past
 * the last line; as g_strsplit(text, "\n") counts them, an empty text is
 * one empty line. */
typedef struct {
    const char *at, *end;
    gboolean done;
    GString *line;
} line_reader;

static gboolean next_line(line_reader *r)
{
    if (r->done)
        return FALSE;
    const char *nl = r->at ? memchr(r->at, '\n', (size_t)(r->end - r->at)) : NULL;
    const char *stop = nl ? nl : r->end;
    g_string_truncate(r->line, 0);
    if (r->at)
        g_string_append_len(r->line, r->at, stop - r->at);
    r->at = nl ? nl + 1 : r->end;
    r->done = nl == NULL;
    return TRUE;
}

/* A year of rows from len bytes of text, read a line at a time (no copy
 * of the whole text, no array of its lines: issue 19). */
static fs_weather *parse_epw(const char *text, gsize len, const char *path, GError **error)
{
    g_autoptr(GString) buf = g_string_sized_new(512);
    line_reader lines = {text, text ? text + len : NULL, FALSE, buf};
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
    w->dew_point_degc = g_new(double, FS_WEATHER_HOURS);
    next_line(&lines);
    if (!g_str_has_prefix(buf->str, "LOCATION,"))
        return fail(w, error, path, 1, "an EPW file starts with a LOCATION line");
    g_auto(GStrv) loc = g_strsplit(g_strstrip(buf->str), ",", -1);
    if (g_strv_length(loc) < 10 || !field(loc, 6, &w->latitude_deg) || !field(loc, 7, &w->longitude_deg)
        || !field(loc, 8, &w->tz_h) || !field(loc, 9, &w->elevation_m))
        return fail(w, error, path, 1, "LOCATION needs latitude, longitude, time zone and elevation in fields 7-10");
    const char *bad_location = !(w->latitude_deg >= -90 && w->latitude_deg <= 90) ? "latitude (field 7) must be -90 to 90"
                               : !(w->longitude_deg >= -180 && w->longitude_deg <= 180) ? "longitude (field 8) must be -180 to 180"
                               : !(w->tz_h >= -12 && w->tz_h <= 14) ? "time zone (field 9) must be -12 to +14 hours"
                               : !(w->elevation_m >= -1000 && w->elevation_m <= 9000) ? "elevation (field 10) must be -1000 to 9000 m"
                               : NULL;
    if (bad_location)
        return fail(w, error, path, 1, bad_location);
    w->city = g_strdup(loc[1]);
    guint ln = 1, hour = 0;  /* ln: lines read */
    while (ln < 8 && next_line(&lines))
        ln++;
    for (; hour <= FS_WEATHER_HOURS && next_line(&lines); ln++) {
        char *line = g_strstrip(buf->str);
        if (!*line)
            continue;
        if (hour == FS_WEATHER_HOURS)
            return fail(w, error, path, ln + 1, "more than 8760 hourly rows (a leap year? use a 365-day typical year)");
        char *f[N_FIELDS + 1];
        guint n_fields = split_fields(line, f, G_N_ELEMENTS(f));
        if (n_fields < N_FIELDS) {
            g_autofree char *m = g_strdup_printf("%u fields, an EPW row has %d", n_fields, N_FIELDS);
            return fail(w, error, path, ln + 1, m);
        }
        double month, day, hr, v[6];
        static const int idx[6] = {F_GHI, F_DNI, F_DHI, F_TEMP, F_WIND, F_PRESSURE};
        static const char *const names[6] = {"GHI (field 14)", "DNI (field 15)", "DHI (field 16)",
                                             "dry bulb (field 7)", "wind speed (field 22)", "pressure (field 10)"};
        if (!field(f, F_MONTH, &month) || !field(f, F_DAY, &day) || !field(f, F_HOUR, &hr))
            return fail(w, error, path, ln + 1, "month, day and hour (fields 2-4) must be numbers");
        /* range-check before the casts: a double out of int's range is UB */
        gboolean in_range = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hr >= 1 && hr <= 24;
        int m = in_range ? (int)month - 1 : 0, d = in_range ? (int)day - 1 : 0, h = in_range ? (int)hr - 1 : 0;
        int expect = hour;
        int doy = 0;
        for (int i = 0; i < m; i++)
            doy += days_in_month[i];
        if (!in_range || d >= days_in_month[m] || (doy + d) * 24 + h != expect) {
            g_autofree char *msg = g_strdup_printf("expected month/day/hour of hour %d of a 365-day year, got %g/%g/%g",
                                                   expect + 1, month, day, hr);
            return fail(w, error, path, ln + 1, msg);
        }
        /* physical ranges; EPW marks a missing value with 9999 (irradiance),
         * 99.9 (dry bulb), 999 (wind) or 999999 (pressure), all outside */
        static const double lo[6] = {0, 0, 0, -70, 0, 31000}, hi[6] = {1500, 1500, 1500, 70, 40, 120000};
        static const char *const missing[6] = {"9999", "9999", "9999", "99.9", "999", "999999"};
        for (int k = 0; k < 6; k++)
            if (!field(f, idx[k], &v[k]) || !(v[k] >= lo[k] && v[k] <= hi[k])) {
                gboolean marker = field(f, idx[k], &v[k]) && v[k] == g_ascii_strtod(missing[k], NULL);
                g_autofree char *msg = g_strdup_printf(
                    "%s is '%s': %s (allowed %g to %g)", names[k], f[idx[k]],
                    marker ? "EPW's missing-value marker; fill the file's gaps first" : "not a valid value", lo[k],
                    hi[k]);
                return fail(w, error, path, ln + 1, msg);
            }
        cols[0][hour] = v[0];
        cols[1][hour] = v[1];
        cols[2][hour] = v[2];
        cols[3][hour] = v[3];
        cols[4][hour] = v[4];
        cols[5][hour] = v[5] / 100.0;  /* Pa -> mbar */
        /* the dew point only the dry room reads: kept as NaN when missing
         * (99.9) or impossible (above the dry bulb, outside -90..70), and
         * refused by the model that needs it (dry_room.h) */
        double dew;
        gboolean dew_ok = field(f, F_DEW, &dew) && dew >= -90 && dew <= 70 && dew <= v[3] + 0.15;  /* both rounded to 0.1 */
        w->dew_point_degc[hour] = dew_ok ? dew : NAN;
        hour++;
    }
    if (hour < FS_WEATHER_HOURS) {
        g_autofree char *msg = g_strdup_printf("only %u hourly rows; a year needs 8760", hour);
        while (next_line(&lines))  /* the line count, as the message always gave it */
            ln++;
        return fail(w, error, path, ln, msg);
    }
    return w;
}

/* Erbs, Klein and Duffie (1982): diffuse fraction of GHI from the
 * clearness index kt = GHI / (extraterrestrial horizontal). */
static double erbs_diffuse_fraction(double kt)
{
    if (kt <= 0.22)
        return 1.0 - 0.09 * kt;
    if (kt <= 0.80)
        return 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * kt * kt * kt + 12.336 * kt * kt * kt * kt;
    return 0.165;
}

fs_weather *fs_weather_clear_sky(double latitude_deg, double longitude_deg, double tz_h, double elevation_m,
                                 double clearness, double air_degc, int year)
{
    fs_weather *w = g_new0(fs_weather, 1);
    w->path = g_strdup("clear sky (Haurwitz)");
    w->city = g_strdup("clear sky");
    w->latitude_deg = latitude_deg;
    w->longitude_deg = longitude_deg;
    w->tz_h = tz_h;
    w->elevation_m = elevation_m;
    w->ghi_w_per_m2 = g_new0(double, FS_WEATHER_HOURS);
    w->dni_w_per_m2 = g_new0(double, FS_WEATHER_HOURS);
    w->dhi_w_per_m2 = g_new0(double, FS_WEATHER_HOURS);
    w->temp_air_degc = g_new(double, FS_WEATHER_HOURS);
    w->wind_m_per_s = g_new(double, FS_WEATHER_HOURS);
    w->pressure_mbar = g_new(double, FS_WEATHER_HOURS);
    w->dew_point_degc = g_new(double, FS_WEATHER_HOURS);
    GDateTime *jan1 = g_date_time_new_utc(year, 1, 1, 0, 0, 0);
    double jan1_local_unix_s = (double)g_date_time_to_unix(jan1) - tz_h * 3600.0;
    g_date_time_unref(jan1);
    fs_solar_site site = {latitude_deg, longitude_deg, elevation_m, 1013.25, air_degc, 69.0};
    for (int h = 0; h < FS_WEATHER_HOURS; h++) {
        w->temp_air_degc[h] = air_degc;
        w->wind_m_per_s[h] = 1.0;
        w->pressure_mbar[h] = 1013.25;
        w->dew_point_degc[h] = NAN;  /* a clear sky says nothing of humidity */
        /* typical day d is the same date of `year`: after 28 February of a
         * leap year, one calendar day later */
        int day = h / 24, leap = fs_days_in_year(year) == 366;
        double k = (day >= 59 && leap ? h + 24 : h) + 0.5;
        fs_solar_angles sun = fs_solar_position(fs_solar_julian_day(jan1_local_unix_s + k * 3600.0), &site);
        double cz = fs_fmath_cos(sun.zenith_deg * M_PI / 180.0);
        if (cz <= 0.0)
            continue;
        double ghi = clearness * 1098.0 * cz * fs_fmath_exp(-0.057 / cz);
        int day_of_year = h / 24 + 1;  /* whole days: 1 on Jan 1 */
        double extra = 1367.0 * (1.0 + 0.033 * fs_fmath_cos(2.0 * M_PI * (double)day_of_year / 365.0)) * cz;
        double dhi = ghi * erbs_diffuse_fraction(fmin(1.0, ghi / extra));
        w->ghi_w_per_m2[h] = ghi;
        w->dhi_w_per_m2[h] = dhi;
        w->dni_w_per_m2[h] = (ghi - dhi) / cz;
    }
    return w;
}
