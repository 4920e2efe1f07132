/* calendar.c: weekly shift patterns and holidays (calendar.h). */
#include "models/floor/calendar.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define WEEK_S 604800.0
#define DAY_S 86400.0
#define MAX_SCAN_STEPS 2000  /* > a year of midnights and boundaries */

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

static int day_index(const char *s)
{
    for (int i = 0; day_names[i]; i++)
        if (g_ascii_strncasecmp(s, day_names[i], 3) == 0 && strlen(s) == 3)
            return i;
    return -1;
}

static gboolean parse_hhmm(const char *s, double *out_s)
{
    int h, m;
    char extra;
    if (sscanf(s, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m))
        return FALSE;
    *out_s = h * 3600.0 + m * 60.0;
    return TRUE;
}

static void add_period(GArray *p, double start_s, double end_s)
{
    if (end_s > WEEK_S) {  /* wraps past Sunday midnight */
        double a[2] = {start_s, WEEK_S}, b[2] = {0.0, end_s - WEEK_S};
        g_array_append_val(p, a);
        g_array_append_val(p, b);
        return;
    }
    double a[2] = {start_s, end_s};
    g_array_append_val(p, a);
}

static int cmp_period(gconstpointer a, gconstpointer b)
{
    const double *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

static void merge_periods(GArray *p)
{
    g_array_sort(p, cmp_period);
    guint out = 0;
    for (guint i = 0; i < p->len; i++) {
        double *cur = &g_array_index(p, double, 2 * i);
        double *last = out ? &g_array_index(p, double, 2 * (out - 1)) : NULL;
        if (last && cur[0] <= last[1]) {
            last[1] = fmax(last[1], cur[1]);
            continue;
        }
        double *dst = &g_array_index(p, double, 2 * out++);
        dst[0] = cur[0];
        dst[1] = cur[1];
    }
    g_array_set_size(p, out);
}

/* One "Mon-Fri 06:00-14:00" item. */
static gboolean parse_shift(const char *item, GArray *periods)
{
    g_auto(GStrv) words = g_strsplit_set(item, " \t", -1);
    char *w[2] = {NULL, NULL};
    int n = 0;
    for (int i = 0; words[i]; i++)
        if (*words[i] && n < 3) {
            if (n < 2) w[n] = words[i];
            n++;
        }
    if (n != 2)
        return FALSE;
    int d0, d1;
    if (g_ascii_strcasecmp(w[0], "daily") == 0) {
        d0 = 0;
        d1 = 6;
    } else {
        char *dash = strchr(w[0], '-');
        if (dash) *dash = '\0';
        d0 = day_index(w[0]);
        d1 = dash ? day_index(dash + 1) : d0;
    }
    char *dash = strchr(w[1], '-');
    double t0, t1;
    if (d0 < 0 || d1 < 0 || !dash)
        return FALSE;
    *dash = '\0';
    if (!parse_hhmm(w[1], &t0) || !parse_hhmm(dash + 1, &t1) || t0 == t1)
        return FALSE;
    for (int d = d0;; d = (d + 1) % 7) {
        double start = d * DAY_S + t0, end = d * DAY_S + t1;
        if (end <= start)
            end += DAY_S;  /* crosses midnight */
        add_period(periods, start, end);
        if (d == d1)
            break;
    }
    return TRUE;
}

gboolean fs_calendar_parse(const fs_scenario *sc, const char *name, fs_calendar *out, GError **error)
{
    g_autofree char *group = g_strconcat("calendar ", name, NULL);
    g_autofree char *shifts = NULL, *holidays = NULL;
    if (!fs_scenario_get_string(sc, group, "shifts", TRUE, &shifts, error)
        || !fs_scenario_get_string(sc, group, "holidays", FALSE, &holidays, error))
        return FALSE;
    fs_calendar c = {g_strdup(name), g_array_new(FALSE, FALSE, sizeof(double) * 2),
                     g_array_new(FALSE, FALSE, sizeof(gint64))};
    g_auto(GStrv) items = g_strsplit(shifts, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *item = g_strstrip(items[i]);
        if (*item && !parse_shift(item, c.periods)) {
            fs_scenario_error_at(sc, error, group, "shifts",
                                 "'%s' is not DAYS HH:MM-HH:MM (DAYS: Mon, Mon-Fri, daily; e.g. Mon-Fri 06:00-14:00)",
                                 item);
            fs_calendar_clear(&c);
            return FALSE;
        }
    }
    merge_periods(c.periods);
    g_auto(GStrv) days = g_strsplit(holidays ? holidays : "", ",", -1);
    for (int i = 0; days[i]; i++) {
        char *d = g_strstrip(days[i]);
        int y, m, dd;
        char extra;
        if (!*d)
            continue;
        if (sscanf(d, "%d-%d-%d%c", &y, &m, &dd, &extra) != 3 || y < 1 || y > 9999 || m < 1 || m > 12
            || dd < 1 || dd > 31 || !g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y)) {
            fs_scenario_error_at(sc, error, group, "holidays", "'%s' is not a date YYYY-MM-DD", d);
            fs_calendar_clear(&c);
            return FALSE;
        }
        GDate *date = g_date_new_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y);
        gint64 jd = g_date_get_julian(date);
        g_date_free(date);
        g_array_append_val(c.holidays, jd);
    }
    *out = c;
    return TRUE;
}

void fs_calendar_clear(fs_calendar *c)
{
    g_free(c->name);
    if (c->periods) g_array_free(c->periods, TRUE);
    if (c->holidays) g_array_free(c->holidays, TRUE);
    memset(c, 0, sizeof *c);
}

/* GLib's Julian day (GDate: 0001-01-01 is day 1) of 1970-01-01, the
 * epoch of sim/local_time.h's day numbers; holidays are GDate days. */
#define JULIAN_OF_1970_01_01 719163

void fs_calendar_clock_from_local_time(const fs_local_time *start, fs_calendar_clock *out)
{
    fs_civil_time t0;
    fs_local_time_at(start, 0.0, &t0);
    out->day_offset_s = t0.second_of_day_s;
    out->week_offset_s = t0.weekday * DAY_S + t0.second_of_day_s;
    out->day_number = t0.day_number + JULIAN_OF_1970_01_01;
}

static gboolean is_holiday(const fs_calendar *c, const fs_calendar_clock *clk, double t_s)
{
    gint64 day = clk->day_number + (gint64)floor((clk->day_offset_s + t_s) / DAY_S);
    for (guint i = 0; i < c->holidays->len; i++)
        if (g_array_index(c->holidays, gint64, i) == day)
            return TRUE;
    return FALSE;
}

gboolean fs_calendar_is_working(const fs_calendar *c, const fs_calendar_clock *clk, double t_s)
{
    if (is_holiday(c, clk, t_s))
        return FALSE;
    double w = fmod(clk->week_offset_s + t_s, WEEK_S);
    for (guint i = 0; i < c->periods->len; i++) {
        const double *p = &g_array_index(c->periods, double, 2 * i);
        if (w >= p[0] && w < p[1])
            return TRUE;
    }
    return FALSE;
}

/* The next period boundary or midnight strictly after t_s. */
static double next_candidate(const fs_calendar *c, const fs_calendar_clock *clk, double t_s)
{
    double abs_s = clk->week_offset_s + t_s;
    double week = floor(abs_s / WEEK_S), w = abs_s - week * WEEK_S, best = INFINITY;
    for (guint i = 0; i < c->periods->len; i++)
        for (int e = 0; e < 2; e++) {
            double b = g_array_index(c->periods, double, 2 * i + e);
            double cand = (b > w ? week : week + 1) * WEEK_S + b - clk->week_offset_s;
            if (cand > t_s)
                best = fmin(best, cand);
        }
    if (c->holidays->len) {
        double day = floor((clk->day_offset_s + t_s) / DAY_S);
        best = fmin(best, (day + 1) * DAY_S - clk->day_offset_s);
    }
    return best;
}

double fs_calendar_next_change_s(const fs_calendar *c, const fs_calendar_clock *clk, double t_s)
{
    if (c->periods->len == 0)
        return INFINITY;
    gboolean now = fs_calendar_is_working(c, clk, t_s);
    double t = t_s;
    for (int i = 0; i < MAX_SCAN_STEPS; i++) {
        double b = next_candidate(c, clk, t);
        if (!isfinite(b))
            return INFINITY;
        if (fs_calendar_is_working(c, clk, b) != now)
            return b;
        t = b;
    }
    return INFINITY;
}
