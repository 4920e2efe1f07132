/* local_time.c: the scenario's clock and civil dates (local_time.h). */
#include "sim/local_time.h"

#include <math.h>

#define DAY_S 86400.0

gboolean fs_local_time_parse(const char *text, fs_local_time *out)
{
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *dt = text ? g_date_time_new_from_iso8601(text, utc) : NULL;
    g_time_zone_unref(utc);
    if (!dt)
        return FALSE;
    out->start_unix_s = (double)g_date_time_to_unix(dt) + g_date_time_get_microsecond(dt) / 1e6;
    out->utc_offset_s = (double)g_date_time_get_utc_offset(dt) / 1e6;
    g_date_time_unref(dt);
    return TRUE;
}

void fs_civil_from_days(gint64 z, int *y, int *m, int *d)
{
    z += 719468;
    gint64 era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    gint64 yy = (gint64)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

gboolean fs_local_time_since_start(const fs_local_time *lt, const char *text, double *t_s)
{
    GTimeZone *local = g_time_zone_new_offset((gint32)lt->utc_offset_s);
    GDateTime *dt = g_date_time_new_from_iso8601(text, local);
    g_time_zone_unref(local);
    if (!dt)
        return FALSE;
    /* in whole microseconds, as GDateTime differences are */
    gint64 us = g_date_time_to_unix(dt) * G_USEC_PER_SEC + g_date_time_get_microsecond(dt)
                - (gint64)llround(lt->start_unix_s * 1e6);
    g_date_time_unref(dt);
    *t_s = (double)us / 1e6;
    return TRUE;
}

gint64 fs_days_from_civil(int y, int m, int d)
{
    gint64 yy = (gint64)y - (m <= 2);
    gint64 era = (yy >= 0 ? yy : yy - 399) / 400;
    unsigned yoe = (unsigned)(yy - era * 400);
    unsigned doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (gint64)doe - 719468;
}

void fs_local_time_at_unix(double unix_s, double utc_offset_s, fs_civil_time *out)
{
    double local_s = unix_s + utc_offset_s;
    /* a day count past 64 bits is undefined in C: hold the absurd inside
     * (callers refuse times outside their data long before this) */
    if (!(fabs(local_s) < 1e15))
        local_s = isnan(local_s) ? 0.0 : copysign(1e15, local_s);
    gint64 day = (gint64)floor(local_s / DAY_S);
    fs_civil_from_days(day, &out->year, &out->month, &out->day);
    out->weekday = (int)(((day % 7) + 7 + 3) % 7);  /* 1970-01-01 was a Thursday */
    out->second_of_day_s = local_s - (double)day * DAY_S;
    out->hour = (int)floor(out->second_of_day_s / 3600.0);
    out->day_number = day;
}

void fs_local_time_at(const fs_local_time *lt, double t_s, fs_civil_time *out)
{
    fs_local_time_at_unix(lt->start_unix_s + t_s, lt->utc_offset_s, out);
}

int fs_days_in_year(int year)
{
    return (int)(fs_days_from_civil(year + 1, 1, 1) - fs_days_from_civil(year, 1, 1));
}

int fs_days_in_month(int year, int month)
{
    return (int)(fs_days_from_civil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1)
                 - fs_days_from_civil(year, month, 1));
}
