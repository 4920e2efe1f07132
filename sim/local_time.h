/* local_time.h: the scenario's clock: when t = 0 is, in UTC and in the
 * scenario's local time, and civil dates without allocating.
 *
 * Local time is the scenario start's UTC offset, fixed (no daylight
 * saving), as tariffs, shift calendars and the sun use it. Civil dates
 * are proleptic Gregorian, from days since 1970-01-01 (after H. Hinnant's
 * public-domain days_from_civil notes), exact for any year a double of
 * seconds can hold. One module for every layer above: the floor's shift
 * calendars and the site's tariff clock read the same dates.
 */
#ifndef FS_LOCAL_TIME_H
#define FS_LOCAL_TIME_H

#include <glib.h>

typedef struct {
    double start_unix_s;   /* UTC seconds since 1970-01-01 at t = 0 */
    double utc_offset_s;   /* local = UTC + utc_offset_s */
} fs_local_time;

/* A local date and time. */
typedef struct {
    int year, month, day;  /* month 1..12, day 1..31 */
    int weekday;           /* 0 = Monday .. 6 = Sunday */
    int hour;              /* 0..23 */
    double second_of_day_s;/* 0 <= s < 86400 */
    gint64 day_number;     /* local days since 1970-01-01 */
} fs_civil_time;

/* Parses an ISO 8601 date-time; one without an offset is read as UTC.
 * FALSE when text is not one. */
gboolean fs_local_time_parse(const char *text, fs_local_time *out);

/* An ISO 8601 date-time as sim seconds since t = 0 (negative before);
 * without an offset it is read in the scenario's local time. FALSE when
 * text is not one. */
gboolean fs_local_time_since_start(const fs_local_time *lt, const char *text, double *t_s);

/* The local date and time at sim time t_s. */
void fs_local_time_at(const fs_local_time *lt, double t_s, fs_civil_time *out);
/* The same for UTC seconds unix_s in a zone of utc_offset_s. */
void fs_local_time_at_unix(double unix_s, double utc_offset_s, fs_civil_time *out);

/* Civil date of days since 1970-01-01, and back. */
void fs_civil_from_days(gint64 days, int *year, int *month, int *day);
gint64 fs_days_from_civil(int year, int month, int day);
/* Days in a calendar year (365 or 366) and in one of its months. */
int fs_days_in_year(int year);
int fs_days_in_month(int year, int month);

#endif /* FS_LOCAL_TIME_H */
