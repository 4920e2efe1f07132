/* time_series.c: metered series checked against the run (time_series.h). */
#include "sim/time_series.h"

#include <math.h>
#include <string.h>

#include "sim/csv_table.h"
#include "sim/units.h"

void fs_time_series_free(fs_time_series *s)
{
    if (!s)
        return;
    g_free(s->t_s);
    g_free(s->v);
    g_free(s);
}

static gboolean fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean fail(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, m);
    return FALSE;
}

/* t_s (since the start) as a local date-time "2026-01-05T08:00:00+08:00". */
static char *local_text(const fs_local_time *lt, double t_s)
{
    if (!(fabs(t_s) < 1e12))  /* past any calendar (about 31,700 years): as a number (fuzz_csv found it) */
        return g_strdup_printf("%g s from the start", t_s);
    fs_civil_time c;
    fs_local_time_at(lt, t_s, &c);
    int off_min = (int)lround(lt->utc_offset_s / 60.0);
    int s = (int)floor(c.second_of_day_s);
    return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month, c.day, s / 3600, s / 60 % 60,
                           s % 60, off_min < 0 ? '-' : '+', abs(off_min) / 60, abs(off_min) % 60);
}

static char *step_text(double s)
{
    return s >= 3600 && fmod(s, 3600) == 0 ? g_strdup_printf("%g h", s / 3600)
           : s >= 60 && fmod(s, 60) == 0   ? g_strdup_printf("%g min", s / 60)
                                           : g_strdup_printf("%g s", s);
}

static gboolean parse_time(const fs_local_time *lt, const char *text, double *t_s)
{
    return fs_units_parse_duration_s(text, t_s) || fs_local_time_since_start(lt, text, t_s);
}

/* The file's rows, checked for order and step. */
static gboolean read_rows(const char *path, const fs_series_options *o, const fs_local_time *lt, GArray *t,
                          GArray *v, double *step, GError **error)
{
    g_autoptr(fs_csv_table) tab = NULL;
    if (!fs_csv_table_read(path, o->delimiter, &tab, error))
        return FALSE;
    int ct = fs_csv_table_column(tab, "time"), cv = fs_csv_table_column(tab, o->column);
    if (ct < 0 || cv < 0) {
        g_autofree char *cols = fs_csv_table_columns_text(tab);
        gboolean other = tab->n_cols == 1 && strchr(tab->header[0], o->delimiter == ',' ? ';' : ',');
        return fail(error, "%s: the header must name the columns time and %s (it has: %s)%s", path, o->column, cols,
                    other ? o->delimiter == ',' ? "; the file looks ';'-separated: set the delimiter key to ;"
                                                : "; the file looks ','-separated: set the delimiter key to ,"
                          : "");
    }
    if (tab->n_rows < 2)
        return fail(error, "%s: %u data rows; a series needs at least 2 (their spacing is its step)", path,
                    tab->n_rows);
    *step = 0.0;
    for (guint r = 0; r < tab->n_rows; r++) {
        const char *ft = fs_csv_table_field(tab, r, ct), *fv = fs_csv_table_field(tab, r, cv);
        double ts, x;
        guint line = tab->line[r];
        if (!ft || !fv)
            return fail(error, "%s line %u: a column is missing", path, line);
        if (!parse_time(lt, ft, &ts))
            return fail(error, "%s line %u: time '%s' is not an ISO 8601 date-time (with an offset, or local "
                        "time), seconds or a duration", path, line, ft);
        if (!fs_units_parse_number(fv, &x) || (!o->allow_negative && x < 0))
            return fail(error, "%s line %u: %s '%s' is not a number%s", path, line, o->column, fv,
                        o->allow_negative ? "" : " >= 0");
        if (r > 0) {
            double prev = g_array_index(t, double, r - 1), d = ts - prev;
            if (d == 0)
                return fail(error, "%s line %u: time '%s' repeats the row before's", path, line, ft);
            if (d < 0)
                return fail(error, "%s line %u: time '%s' is before the row before's; rows must be in time order",
                            path, line, ft);
            if (r == 1)
                *step = d;
            else if (fabs(d - *step) > 1e-6 * *step) {
                g_autofree char *gap = step_text(d), *st = step_text(*step);
                return fail(error, "%s line %u: time '%s' comes %s after the row before; the file's step is %s (%s)",
                            path, line, ft, gap, st, d > *step ? "a gap: rows are missing" : "an irregular step");
            }
        }
        g_array_append_val(t, ts);
        g_array_append_val(v, x);
    }
    return TRUE;
}

static int day_of_year_365(int month, int day)
{
    static const int start[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    if (month == 2 && day == 29)
        return 58;  /* 28 February's */
    return start[month - 1] + day - 1;
}

/* Lays the file onto the run (align repeat or shift_year). */
static gboolean align(const char *path, const fs_series_options *o, const fs_local_time *lt, double horizon_s,
                      const double *t, const double *v, guint n, double step, fs_time_series *out, GError **error)
{
    fs_civil_time first;
    fs_local_time_at(lt, t[0], &first);
    fs_civil_time run0;
    fs_local_time_at(lt, 0.0, &run0);
    if (o->align == FS_ALIGN_REPEAT
        && !(first.month == 1 && first.day == 1 && first.second_of_day_s < 1e-6)) {
        g_autofree char *a = local_text(lt, t[0]);
        return fail(error, "%s: align = repeat takes the file as a typical year from 1 January 00:00 local time; "
                    "it starts %s", path, a);
    }
    if (o->align == FS_ALIGN_REPEAT && t[n - 1] + step - t[0] < 365 * 86400.0 - 1e-6) {
        g_autofree char *a = local_text(lt, t[0]), *b = local_text(lt, t[n - 1]);
        return fail(error, "%s: align = repeat needs a typical year (365 days); the file covers %s to %s", path, a, b);
    }
    /* the run on the file's step, from the step boundary at or before t = 0 */
    double phase = fmod(run0.second_of_day_s, step);
    double t0 = -phase;
    guint m = (guint)ceil((horizon_s - t0) / step - 1e-9);
    out->n = m;
    out->step_s = step;
    out->t_s = g_new(double, m);
    out->v = g_new(double, m);
    int shift = run0.year - first.year;
    for (guint k = 0; k < m; k++) {
        double tk = t0 + k * step;
        fs_civil_time c;
        fs_local_time_at(lt, tk, &c);
        double src_unix;  /* the file's instant for this run instant */
        if (o->align == FS_ALIGN_REPEAT) {
            int doy = day_of_year_365(c.month, c.day);
            if (fs_days_in_year(first.year) == 366 && doy >= 59)
                doy++;  /* past the file's own 29 February */
            src_unix = (double)(first.day_number + doy) * 86400.0 + c.second_of_day_s - lt->utc_offset_s;
        } else {
            int y = c.year - shift, d = c.day;
            if (c.month == 2 && d == 29 && fs_days_in_year(y) == 365)
                d = 28;
            src_unix = (double)fs_days_from_civil(y, c.month, d) * 86400.0 + c.second_of_day_s - lt->utc_offset_s;
        }
        double src_t = src_unix - lt->start_unix_s;
        double idx = floor((src_t - t[0]) / step + 1e-9);
        if (idx < 0 || idx >= n) {
            g_autofree char *a = local_text(lt, t[0]), *b = local_text(lt, t[n - 1]), *need = local_text(lt, tk);
            return fail(error, "%s covers %s to %s; shifted by %d year%s it still lacks %s of the run", path, a, b,
                        shift, abs(shift) == 1 ? "" : "s", need);
        }
        out->t_s[k] = tk;
        out->v[k] = v[(guint)idx];
    }
    return TRUE;
}

gboolean fs_time_series_read(const char *path, const fs_series_options *o, const fs_local_time *lt,
                             double horizon_s, fs_time_series **out, GError **error)
{
    *out = NULL;
    GArray *t = g_array_new(FALSE, FALSE, sizeof(double)), *v = g_array_new(FALSE, FALSE, sizeof(double));
    double step = 0.0;
    gboolean ok = read_rows(path, o, lt, t, v, &step, error);
    fs_time_series *s = g_new0(fs_time_series, 1);
    if (ok && o->interval_ending)
        for (guint i = 0; i < t->len; i++)
            g_array_index(t, double, i) -= step;
    if (ok && o->align != FS_ALIGN_NONE) {
        ok = align(path, o, lt, horizon_s, (double *)(void *)t->data, (double *)(void *)v->data, t->len, step, s,
                   error);
    } else if (ok) {
        double first = g_array_index(t, double, 0), end = g_array_index(t, double, t->len - 1) + step;
        if (first > 0.0 || end < horizon_s) {
            g_autofree char *a = local_text(lt, g_array_index(t, double, 0) + (o->interval_ending ? step : 0));
            g_autofree char *b = local_text(lt, g_array_index(t, double, t->len - 1) + (o->interval_ending ? step : 0));
            g_autofree char *r0 = local_text(lt, 0.0), *r1 = local_text(lt, horizon_s);
            g_autofree char *st = step_text(step);
            ok = fail(error, "%s: its timestamps run from %s to %s (step %s%s); the run needs %s to %s. Give a file "
                      "that covers the run, or align = repeat (the file as a typical year on every year of the run) "
                      "or align = shift_year (the file moved to the run's year)", path, a, b, st,
                      o->interval_ending ? ", interval ending" : "", r0, r1);
        } else {
            s->n = t->len;
            s->step_s = step;
            s->t_s = (double *)(void *)g_array_free(t, FALSE);
            s->v = (double *)(void *)g_array_free(v, FALSE);
            t = v = NULL;
        }
    }
    if (t)
        g_array_free(t, TRUE);
    if (v)
        g_array_free(v, TRUE);
    if (!ok) {
        fs_time_series_free(s);
        return FALSE;
    }
    *out = s;
    return TRUE;
}
