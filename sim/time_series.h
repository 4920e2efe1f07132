/* time_series.h: a metered series (one value per interval) from a CSV,
 * checked against the run it feeds.
 *
 * The file (csv_table.h: BOM, CRLF, quotes, ',' or ';') has a `time`
 * column and a value column. A time is an ISO 8601 date-time with its
 * offset, a local date-time without one (read in the scenario's offset),
 * or seconds / a duration since the run's start. By default a timestamp
 * marks the start of its interval; with interval_ending it marks the end
 * (the row covers the step before it). Rows must be in time order, one
 * step apart: a repeated timestamp, one out of order, or a gap is an error
 * with its line. Values are numbers; negatives only where allowed.
 *
 * The series must cover the run: every instant from the start to the
 * horizon inside some row's interval. Otherwise the error names the file,
 * its first and last timestamps and the span needed; unless align asks:
 * - repeat: the file is a typical year (its first 365 days from 1 January
 *   00:00 local) laid onto every year of the run by calendar date and time;
 *   29 February of a leap run year takes 28 February's values, and a leap
 *   file's 29 February is not used;
 * - shift_year: the file's dates are moved by whole years so that its year
 *   is the run's first year (weekdays do not move with them); 29 February
 *   in a year without one takes 28 February's values; the shifted file
 *   must cover the run.
 * Either way the series handed back is regular, on the file's step, and
 * starts at or before t = 0.
 */
#ifndef FS_TIME_SERIES_H
#define FS_TIME_SERIES_H

#include <glib.h>

#include "sim/local_time.h"

typedef enum { FS_ALIGN_NONE, FS_ALIGN_REPEAT, FS_ALIGN_SHIFT_YEAR } fs_series_align;

typedef struct {
    const char *column;        /* the value column */
    char delimiter;            /* ',' or ';' */
    gboolean interval_ending;  /* a timestamp marks its interval's end */
    gboolean allow_negative;
    fs_series_align align;
} fs_series_options;

typedef struct {
    guint n;
    double *t_s;      /* interval starts, s since the run's start, increasing by step_s */
    double *v;        /* the value of each interval */
    double step_s;
} fs_time_series;

/* Reads path for a run of horizon_s seconds from lt's start. */
gboolean fs_time_series_read(const char *path, const fs_series_options *o, const fs_local_time *lt,
                             double horizon_s, fs_time_series **out, GError **error);
void fs_time_series_free(fs_time_series *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_time_series, fs_time_series_free)

#endif /* FS_TIME_SERIES_H */
