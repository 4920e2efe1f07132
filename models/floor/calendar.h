/* calendar.h: shift calendars: when work may start.
 *
 * A calendar is a weekly pattern of working periods in local time plus
 * holidays (whole local days off). Scenario form:
 *     [calendar two_shifts]
 *     shifts = Mon-Fri 06:00-14:00, Mon-Fri 14:00-22:00, Sat 06:00-12:00
 *     holidays = 2026-01-01, 2026-05-01
 * Periods may cross midnight ("Sun-Thu 22:00-06:00"); touching periods
 * merge. Local time is the scenario start's offset, fixed (no DST), as
 * tariffs and the sun use it. Queries are computed from the pattern, so
 * memory does not grow with the horizon.
 */
#ifndef FS_CALENDAR_H
#define FS_CALENDAR_H

#include <glib.h>

#include "sim/local_time.h"
#include "sim/scenario.h"

typedef struct {
    char *name;
    GArray *periods;     /* double[2]: [start, end) seconds since Monday 00:00 local, merged */
    GArray *holidays;    /* gint64: local day numbers (days since 0001-01-01) */
} fs_calendar;

/* The local clock at sim time 0: seconds since Monday 00:00 and local day number. */
typedef struct {
    double week_offset_s;
    double day_offset_s;   /* seconds since local midnight */
    gint64 day_number;     /* local day number of t = 0 */
} fs_calendar_clock;

/* Reads [calendar NAME]; errors name file, group and key. */
gboolean fs_calendar_parse(const fs_scenario *sc, const char *name, fs_calendar *out, GError **error);
void fs_calendar_clear(fs_calendar *c);

/* The clock of the scenario's start (sim/local_time.h). */
void fs_calendar_clock_from_local_time(const fs_local_time *start, fs_calendar_clock *out);

/* Is t_s (sim seconds) working time? */
gboolean fs_calendar_is_working(const fs_calendar *c, const fs_calendar_clock *clk, double t_s);
/* The first time > t_s at which is_working changes; INFINITY if never
 * (a calendar with no periods, or always working). */
double fs_calendar_next_change_s(const fs_calendar *c, const fs_calendar_clock *clk, double t_s);

#endif /* FS_CALENDAR_H */
